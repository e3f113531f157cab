/**
 * Start the mock as a real HTTP server on one origin: Altinn's paths, the portal, Maskinporten under
 * `/maskinporten/`, the control API under `/__mock`.
 *
 * @example
 * ```ts
 * import { startMockServer } from './server.ts'
 * const server = await startMockServer({ port: 0 })
 * console.log(server.url) // http://127.0.0.1:54321
 * await server.close()
 * ```
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createClock, type ControllableClock } from '../core/clock.ts'
import { createMockAltinn, type MockAltinn } from '../core/mock-altinn.ts'
import { createMockRouter, type RouterHooks } from '../routes/index.ts'
import { loadDefaultSeed, type Seed } from '../seed/index.ts'
import { createExpressApp } from './express-adapter.ts'

export interface StartOptions {
  /** Default 127.0.0.1. */
  host?: string
  /** Default 5101; 0 picks a free port. */
  port?: number
  seed?: Seed
  clock?: ControllableClock
  pageSize?: number
  hooks?: RouterHooks
}

export interface RunningMockServer {
  /** The origin, e.g. `http://127.0.0.1:5101`. */
  url: string
  mock: MockAltinn
  server: Server
  close(): Promise<void>
}

export async function startMockServer(options: StartOptions = {}): Promise<RunningMockServer> {
  const host = options.host ?? '127.0.0.1'
  const seed = options.seed ?? loadDefaultSeed()
  const clock = options.clock ?? createClock()
  let mock: MockAltinn | undefined
  const app = createExpressApp(() => mock!, createMockRouter(options.hooks))
  const server = createServer(app)
  server.keepAliveTimeout = 5_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 5101, host, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const hostPart = host.includes(':') ? `[${host}]` : host
  const url = `http://${hostPart}:${port}`
  mock = createMockAltinn({ seed, clock, origin: url, ...(options.pageSize ? { pageSize: options.pageSize } : {}) })
  return {
    url,
    mock,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
