/**
 * The msw adapter: the same route table as msw request handlers, for in-process tests. Serve any origin you name,
 * including the real TT02 hosts, which are then intercepted and never reached.
 *
 * @example
 * ```ts
 * import { setupServer } from 'msw/node'
 * import { createInProcessMock } from './msw.ts'
 * import { Environments } from 'altinn-systemuser-sdk/contract'
 *
 * const { mock, handlers } = createInProcessMock({ urls: Environments.tt02 })
 * const server = setupServer(...handlers)
 * server.listen({ onUnhandledRequest: 'error' })
 * ```
 */
import { http, HttpResponse, type HttpHandler } from 'msw'
import { setupServer, type SetupServer } from 'msw/node'
import type { EnvironmentUrls } from 'altinn-systemuser-sdk/contract'
import type { ControllableClock } from './core/clock.ts'
import { createMockAltinn, type MockAltinn } from './core/mock-altinn.ts'
import { getHarness, withHarness, type Harness } from './harness/harness.ts'
import type { Faults } from './harness/faults.ts'
import type { Journal } from './harness/journal.ts'
import { createMockRouter, MAX_BODY_BYTES, type Router, type RouterHooks, type RouteRequest } from './routes/index.ts'
import { loadDefaultSeed, type Seed } from './seed/index.ts'

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** msw handlers that answer every request for the mock's hosts through the route table. */
export function createMswHandlers(getMock: () => MockAltinn, router: Router = createMockRouter(withHarness())): HttpHandler[] {
  return [
    // A predicate rather than the path '*': msw percent-decodes path parameters of a path pattern and answers a
    // malformed escape such as `%E0%A4%A` with a 500 and a stack trace; the route table decodes for itself.
    http.all(({ request }) => servesOrigin(getMock(), new URL(request.url)), async ({ request }) => {
      const mock = getMock()
      const url = new URL(request.url)
      if (!servesOrigin(mock, url)) return undefined // not ours: let other handlers or the network have it
      let body: string | undefined
      let tooLarge = false
      if (BODY_METHODS.has(request.method)) {
        const buf = await request.arrayBuffer()
        if (buf.byteLength > MAX_BODY_BYTES) tooLarge = true
        else if (buf.byteLength) body = new TextDecoder().decode(buf)
      }
      const headers: Record<string, string | undefined> = {}
      request.headers.forEach((v, k) => (headers[k.toLowerCase()] = v))
      const routeReq: RouteRequest = { method: request.method, url, headers, ...(body !== undefined ? { body } : {}), ...(tooLarge ? { bodyTooLarge: true } : {}) }
      const out = await router.dispatch(mock, routeReq)
      if (out.drop) return HttpResponse.error() // a fault dropped the connection: fetch rejects with a network error
      const resHeaders = new Headers()
      for (const [k, v] of Object.entries(out.headers ?? {})) {
        if (Array.isArray(v)) v.forEach((x) => resHeaders.append(k, x))
        else resHeaders.set(k, v)
      }
      const nullBody = out.status === 204 || out.status === 304 || (out.status >= 100 && out.status < 200)
      return new HttpResponse(nullBody ? null : (out.body ?? null), { status: out.status, headers: resHeaders })
    }),
  ]
}

function servesOrigin(mock: MockAltinn, url: URL): boolean {
  const { platformUrl, portalUrl, controlUrl, maskinportenIssuer } = mock.config
  return [platformUrl, portalUrl, controlUrl, maskinportenIssuer].some((u) => new URL(u).origin === url.origin)
}

export interface InProcessOptions {
  /** Where to answer: one origin (default `http://mock-altinn.local`) or the URLs of an environment, e.g. `Environments.tt02`. */
  origin?: string
  urls?: Partial<EnvironmentUrls>
  seed?: Seed
  clock?: ControllableClock
  pageSize?: number
  /** Your own router hooks, run beside the harness's (faults, journal). */
  hooks?: RouterHooks
  /** Calls the journal keeps (default 1 000). */
  journalCapacity?: number
}

export interface InProcessMock {
  mock: MockAltinn
  handlers: HttpHandler[]
  /**
   * Fault rules, as `POST /__mock/faults` sets them.
   *
   * @example
   * ```ts
   * inProcess.faults.add({ method: 'GET', path: '/authentication/api/v1/systemuser/request/vendor/' + '*', status: 503, times: 2, retryAfter: 1 })
   * ```
   */
  faults: Faults
  /**
   * Every call, as `GET /__mock/journal` shows it.
   *
   * @example
   * ```ts
   * countCalls(inProcess.journal.entries(), { route: 'getRequest' })
   * ```
   */
  journal: Journal
  /** The whole harness of this mock (faults, journal, issued tokens). */
  harness: Harness
}

/** A mock and its msw handlers; add the handlers to your own msw server, or use {@link startInProcessMock}. */
export function createInProcessMock(options: InProcessOptions = {}): InProcessMock {
  const mock = createMockAltinn({
    seed: options.seed ?? loadDefaultSeed(),
    ...(options.urls ? { urls: options.urls } : { origin: options.origin ?? 'http://mock-altinn.local' }),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.pageSize ? { pageSize: options.pageSize } : {}),
  })
  const harness = getHarness(mock, options.journalCapacity ? { journalCapacity: options.journalCapacity } : {})
  return { mock, handlers: createMswHandlers(() => mock, createMockRouter(withHarness(options.hooks))), faults: harness.faults, journal: harness.journal, harness }
}

export interface RunningInProcessMock extends InProcessMock {
  server: SetupServer
  close(): void
}

/**
 * Create the mock and start intercepting with msw's node server. Requests to any other host fail loudly, so a test
 * never reaches the internet by accident.
 */
export function startInProcessMock(options: InProcessOptions = {}): RunningInProcessMock {
  const inProcess = createInProcessMock(options)
  const server = setupServer(...inProcess.handlers)
  server.listen({ onUnhandledRequest: 'error' })
  return { ...inProcess, server, close: () => server.close() }
}
