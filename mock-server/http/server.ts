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
import { getHarness, withHarness, type Harness } from '../harness/harness.ts'
import { openStateFile } from '../harness/persistence.ts'
import { createMockRouter, type RouterHooks } from '../routes/index.ts'
import { loadDefaultSeed, type Seed } from '../seed/index.ts'
import { createRequestListener } from './node-adapter.ts'

export interface StartOptions {
  /** Default 127.0.0.1. */
  host?: string
  /** Default 5101; 0 picks a free port. */
  port?: number
  /**
   * The origin clients reach the mock at (`http://mock-altinn:5101` behind a container network), put in every URL
   * the mock hands out. Default: `http://<host>:<port>`.
   */
  publicUrl?: string
  seed?: Seed
  clock?: ControllableClock
  pageSize?: number
  /** Your own router hooks, run beside the harness's (faults, journal, saved state). */
  hooks?: RouterHooks
  /** Keep the state in this file across restarts (see `harness/persistence.ts`); the start fails if it cannot be read. */
  stateFile?: string
  /** Compact the state file once its log outgrows this many bytes and twice its snapshot (default 1 MiB). */
  stateFileCompactAfterBytes?: number
  /** Calls the journal keeps (default 1 000). */
  journalCapacity?: number
}

export interface RunningMockServer {
  /** The public origin, e.g. `http://127.0.0.1:5101`. */
  url: string
  /** True when bound to every address (0.0.0.0, ::) with no public URL: each call's own `Host` names the origin. */
  originFromHost: boolean
  mock: MockAltinn
  server: Server
  /** Faults, journal, issued tokens and saved state of this mock (the same as the control API's). */
  harness: Harness
  close(): Promise<void>
}

export async function startMockServer(options: StartOptions = {}): Promise<RunningMockServer> {
  const host = options.host ?? '127.0.0.1'
  const seed = options.seed ?? loadDefaultSeed()
  const clock = options.clock ?? createClock()
  let mock: MockAltinn | undefined
  const server = createServer(createRequestListener(() => mock!, createMockRouter(withHarness(options.hooks))))
  server.keepAliveTimeout = 5_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 5101, host, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const hostPart = host.includes(':') ? `[${host}]` : host
  const url = options.publicUrl ? options.publicUrl.replace(/\/+$/, '') : `http://${hostPart}:${port}`
  const created = createMockAltinn({ seed, clock, origin: url, ...(options.pageSize ? { pageSize: options.pageSize } : {}) })
  const harness = getHarness(created, options.journalCapacity ? { journalCapacity: options.journalCapacity } : {})
  if (options.stateFile) {
    try {
      harness.stateFile = openStateFile(created, options.stateFile, options.stateFileCompactAfterBytes ? { compactAfterBytes: options.stateFileCompactAfterBytes } : {})
    } catch (e) {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      throw e
    }
  }
  // Calls are answered only from here on: the saved state is loaded before the first one.
  mock = created
  return {
    url,
    originFromHost: false,
    mock,
    server,
    harness,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          harness.stateFile?.close()
          resolve()
        })
        server.closeAllConnections()
      }),
  }
}
