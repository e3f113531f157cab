/**
 * Start the mock as a real HTTP server on one origin: Altinn's paths, the portal, Maskinporten under
 * `/maskinporten/`, the control API under `/__mock`.
 *
 * Everything the mock hands out (issuers, metadata, `confirmUrl`, `links.next`, `Location`) names its public URL:
 * `publicUrl` when given, else `http://<host>:<port>`. Bound to every address (`0.0.0.0`, `::`) with no public URL,
 * each call is answered for the origin its `Host` names (the Host-derived mode). A call whose Host is not the mock's
 * is refused (DNS rebinding, `host-check.ts`); bound to a non-loopback address, the control API wants a token
 * (`control-token.ts`).
 *
 * @example
 * ```ts
 * import { startMockServer } from './server.ts'
 * const server = await startMockServer({ port: 0 })
 * console.log(server.url) // http://127.0.0.1:54321
 * await server.close()
 * ```
 */
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createClock, type ControllableClock } from '../core/clock.ts'
import { createMockAltinn, createOriginView, type MockAltinn } from '../core/mock-altinn.ts'
import { getHarness, withHarness, type Harness } from '../harness/harness.ts'
import { openStateFile } from '../harness/persistence.ts'
import { createMockRouter } from '../table.ts'
import type { RouterHooks } from '../kit/router.ts'
import { loadDefaultSeed, type Seed } from '../seed/index.ts'
import { createControlTokenGuard, generateControlToken, isControlTokenValue } from './control-token.ts'
import { createHostCheck, isAllAddresses, isAllowedHostEntry, isLoopbackHost } from './host-check.ts'
import { createRequestListener } from './node-adapter.ts'

/** Origins kept for the Host-derived mode; beyond it the least recently used is dropped (a Host is the caller's to choose). */
export const MAX_ORIGIN_VIEWS = 64

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
  /**
   * More names calls may give as `Host` (any port), besides the public URL's host, loopback names and IP addresses;
   * `.example.org` allows `example.org` and every name under it. Calls with any other Host get a 403 (DNS
   * rebinding). Not needed in the Host-derived mode, which answers any Host.
   */
  allowedHosts?: string[]
  /**
   * The control API's token. Bound to a non-loopback address the control API always wants one, and one is
   * generated when none is given; bound to loopback it wants one only when it is given here.
   */
  controlToken?: string
}

export interface RunningMockServer {
  /** The public origin, e.g. `http://127.0.0.1:5101`. */
  url: string
  /**
   * True when bound to every address (0.0.0.0, ::) with no public URL: each call is answered for the origin its own
   * `Host` names, and `url` is `http://127.0.0.1:<port>` (for local tools and the banner).
   */
  originFromHost: boolean
  /** The token the control API wants (bound to a non-loopback address, or given); undefined when it wants none. */
  controlToken?: string
  mock: MockAltinn
  server: Server
  /** Faults, journal, issued tokens and saved state of this mock (the same as the control API's). */
  harness: Harness
  close(): Promise<void>
}

/** A public URL as the mock uses it: an http(s) origin, no trailing slash. */
function checkPublicUrl(value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new TypeError(`publicUrl must be a URL such as http://mock-altinn:5101, not "${value}"`)
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password || url.search || url.hash || url.pathname !== '/')
    throw new TypeError(`publicUrl must be an http(s) origin only (scheme, host and port), such as http://mock-altinn:5101; not "${value}"`)
  return url.origin
}

/**
 * The mock for each origin a Host names, made on first use and shared from then on; at most `limit`, the least
 * recently used dropped first. The base mock's own origin is the base itself.
 */
function createOriginViews(base: MockAltinn, limit: number): (host: string) => MockAltinn {
  const views = new Map<string, MockAltinn>()
  return (host) => {
    let view = views.get(host)
    if (view) {
      // Most recently used last, so the views in use stay when a burst of other Hosts arrives.
      views.delete(host)
      views.set(host, view)
      return view
    }
    const origin = new URL(`http://${host}`).origin
    view = origin === base.config.platformUrl ? base : createOriginView(base, origin)
    if (views.size >= limit) views.delete(views.keys().next().value!)
    views.set(host, view)
    return view
  }
}

export async function startMockServer(options: StartOptions = {}): Promise<RunningMockServer> {
  const host = options.host ?? '127.0.0.1'
  const seed = options.seed ?? loadDefaultSeed()
  const clock = options.clock ?? createClock()
  const publicUrl = options.publicUrl === undefined ? undefined : checkPublicUrl(options.publicUrl)
  for (const entry of options.allowedHosts ?? []) {
    if (!isAllowedHostEntry(entry)) throw new TypeError(`allowedHosts entries must be host names or IP addresses without a port (".example.org" for a name and all under it), not "${entry}"`)
  }
  if (options.controlToken !== undefined && !isControlTokenValue(options.controlToken))
    throw new TypeError('controlToken must be 16 to 512 visible ASCII characters (no spaces)')
  const originFromHost = publicUrl === undefined && isAllAddresses(host)
  const loopbackBind = isLoopbackHost(host)
  const controlToken = options.controlToken ?? (loopbackBind ? undefined : generateControlToken())

  let mock: MockAltinn | undefined
  let viewFor: ((host: string) => MockAltinn) | undefined
  let checkHost: ReturnType<typeof createHostCheck> | undefined
  const admit = (req: IncomingMessage) => {
    const decision = checkHost!(req.headers.host, req.socket.localAddress)
    if (decision.refused) return decision
    // A call without a Host (allowed only on loopback) is answered for the base origin.
    return { mock: viewFor && decision.host ? viewFor(decision.host) : mock! }
  }
  const listener = createRequestListener(() => mock!, createMockRouter(withHarness(options.hooks)), {
    admit,
    ...(controlToken
      ? {
          guard: createControlTokenGuard({
            token: controlToken,
            reason: loopbackBind ? 'it was started with a control token' : `it is bound to ${host}, an address other machines can reach`,
            secure: publicUrl?.startsWith('https:') ?? false,
          }),
        }
      : {}),
  })
  const server = createServer(listener)
  server.keepAliveTimeout = 5_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 5101, host, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const hostPart = host.includes(':') ? `[${host}]` : host
  // Bound to every address with no public URL, there is no one name: local tools and the banner get 127.0.0.1,
  // and each call is answered for its own Host.
  const url = publicUrl ?? (originFromHost ? `http://127.0.0.1:${port}` : `http://${hostPart}:${port}`)
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
  checkHost = createHostCheck({ ...(originFromHost ? {} : { publicUrl: url }), ...(options.allowedHosts ? { allowedHosts: options.allowedHosts } : {}) })
  if (originFromHost) viewFor = createOriginViews(created, MAX_ORIGIN_VIEWS)
  // Calls are answered only from here on: the saved state is loaded before the first one.
  mock = created
  return {
    url,
    originFromHost,
    ...(controlToken ? { controlToken } : {}),
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
