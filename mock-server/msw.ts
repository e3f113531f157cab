/**
 * The msw adapter (`altinn-systemuser-mock/msw`): the same route table as msw request handlers, for in-process
 * tests. The mock answers on the hosts you name, by default TT02's real ones, which are then intercepted and
 * never reached. This is the only entry that loads msw (an optional peer); `createMockFetch` from the main entry
 * needs no msw at all.
 *
 * @example
 * ```ts
 * import { setupMockAltinn } from 'altinn-systemuser-mock/msw'
 * import { createAltinnClient } from 'altinn-systemuser-sdk'
 *
 * const altinn = setupMockAltinn() // TT02's host names, intercepted
 * beforeAll(() => altinn.listen())
 * afterEach(() => altinn.reset())
 * afterAll(() => altinn.close())
 *
 * it('gets a system user approved', async () => {
 *   const { clientId, kid, privateJwk } = altinn.seed.maskinportenClients.find((c) => c.orgNo === '318882703')!
 *   const client = createAltinnClient({ environment: 'tt02', maskinporten: { clientId, kid, key: privateJwk! } })
 *   const { request } = await client.requests.create({ systemId: '318882703_smartcloud', partyOrgNo: '312091437', rights })
 *   await altinn.approve(request.id) // STADIG KONSERT, as the control API picks
 *   expect((await client.requests.waitForDecision(request)).status).toBe('Accepted')
 * })
 * ```
 */
import { http, HttpResponse, type HttpHandler } from 'msw'
import { setupServer, type SetupServer } from 'msw/node'
import type { EnvironmentUrls } from 'altinn-systemuser-sdk/contract'
import type { ControllableClock } from './core/clock.ts'
import type { MockAltinn } from './core/mock-altinn.ts'
import { withHarness } from './harness/harness.ts'
import { createInProcessCore, describeInProcess, resolveMockEnvironment, type InProcessMockAltinn, type InProcessMockOptions } from './in-process.ts'
import { createMockRouter } from './table.ts'
import type { Router, RouterHooks } from './kit/router.ts'
import type { Seed } from './seed/index.ts'
import { servesUrl, toRouteRequest, toWebResponse } from './kit/web-adapter.ts'

/**
 * msw handlers that answer every request for the mock's hosts through the route table.
 *
 * @example
 * ```ts
 * const server = setupServer(...createMswHandlers(() => mock), ...yourOwnHandlers)
 * ```
 */
export function createMswHandlers(getMock: () => MockAltinn, router: Router = createMockRouter(withHarness())): HttpHandler[] {
  return [
    // A predicate rather than the path '*': msw percent-decodes path parameters of a path pattern and answers a
    // malformed escape such as `%E0%A4%A` with a 500 and a stack trace; the route table decodes for itself.
    http.all(({ request }) => servesUrl(getMock(), new URL(request.url)), async ({ request }) => {
      const mock = getMock()
      const url = new URL(request.url)
      if (!servesUrl(mock, url)) return undefined // not ours: let other handlers or the network have it
      const out = await router.dispatch(mock, await toRouteRequest(request, url))
      if (out.drop) return HttpResponse.error() // a fault dropped the connection: fetch rejects with a network error
      return toWebResponse(out, HttpResponse) as HttpResponse<any>
    }),
  ]
}

/**
 * What `createInProcessMock` and `startInProcessMock` take.
 *
 * @example
 * ```ts
 * const options: InProcessOptions = { urls: Environments.tt02, pageSize: 5 }
 * ```
 */
export interface InProcessOptions {
  /** Where to answer: one origin (default `http://mock-altinn.local`) or the URLs of an environment, e.g. `Environments.tt02`. */
  origin?: string | undefined
  urls?: Partial<EnvironmentUrls> | undefined
  seed?: Seed | undefined
  clock?: ControllableClock | undefined
  pageSize?: number | undefined
  /** Your own router hooks, run beside the harness's (faults, journal). */
  hooks?: RouterHooks | undefined
  /** Calls the journal keeps (default 1 000). */
  journalCapacity?: number | undefined
}

/**
 * A mock, its msw handlers, and the controls every in-process mock has (`urls`, `seed`, `faults`, `journal`,
 * `reset`, `approve`, `reject`).
 *
 * @example
 * ```ts
 * const { mock, handlers, faults } = createInProcessMock({ urls: Environments.tt02 })
 * ```
 */
export interface InProcessMock extends InProcessMockAltinn {
  /** Add these to your own msw server (`setupServer(...handlers, ...yours)`). */
  readonly handlers: HttpHandler[]
}

/**
 * A mock and its msw handlers; add the handlers to your own msw server, or use {@link setupMockAltinn}.
 *
 * @example
 * ```ts
 * const inProcess = createInProcessMock({ urls: Environments.tt02 })
 * const server = setupServer(...inProcess.handlers, ...myOtherHandlers)
 * server.listen({ onUnhandledRequest: 'error' })
 * ```
 */
export function createInProcessMock(options: InProcessOptions = {}): InProcessMock {
  const core = createInProcessCore(options)
  return Object.assign(describeInProcess(core), { handlers: createMswHandlers(() => core.mock, core.router) })
}

/**
 * A mock that is already intercepting.
 *
 * @example
 * ```ts
 * const running: RunningInProcessMock = startInProcessMock({ urls: Environments.tt02 })
 * running.close()
 * ```
 */
export interface RunningInProcessMock extends InProcessMock {
  readonly server: SetupServer
  close(): void
}

/**
 * Create the mock and start intercepting with msw's node server at once. Requests to any other host fail loudly,
 * so a test never reaches the internet by accident. {@link setupMockAltinn} is the same with msw's own lifecycle.
 *
 * @example
 * ```ts
 * const running = startInProcessMock({ urls: Environments.tt02 })
 * // ... fetch('https://platform.tt02.altinn.no/healthz') answers from running.mock
 * running.close()
 * ```
 */
export function startInProcessMock(options: InProcessOptions = {}): RunningInProcessMock {
  const inProcess = createInProcessMock(options)
  const server = setupServer(...inProcess.handlers)
  server.listen({ onUnhandledRequest: 'error' })
  return Object.assign(inProcess, { server, close: () => server.close() })
}

/**
 * msw's own listen options (`onUnhandledRequest`).
 *
 * @example
 * ```ts
 * altinn.listen({ onUnhandledRequest: 'warn' })
 * ```
 */
export type MockAltinnListenOptions = NonNullable<Parameters<SetupServer['listen']>[0]>

/**
 * What `setupMockAltinn` takes; `environment` defaults to `'tt02'` (TT02's real host names).
 *
 * @example
 * ```ts
 * const options: SetupMockAltinnOptions = { environment: 'production', seed: loadSeedFile('my-seed.json') }
 * ```
 */
export interface SetupMockAltinnOptions extends InProcessMockOptions {}

/**
 * A mock that answers on its hosts while it listens, with msw's lifecycle: `listen()` once, `reset()` between
 * tests, `close()` at the end.
 *
 * @example
 * ```ts
 * const altinn: InterceptedMockAltinn = setupMockAltinn()
 * beforeAll(() => altinn.listen())
 * ```
 */
export interface InterceptedMockAltinn extends InProcessMockAltinn {
  /**
   * Start intercepting (msw's `setupServer(...).listen`). A request to any other host is an error
   * (`onUnhandledRequest: 'error'`), so nothing reaches the internet; pass msw's options to change that.
   *
   * @example
   * ```ts
   * beforeAll(() => altinn.listen())
   * ```
   */
  listen(options?: MockAltinnListenOptions): void
  /**
   * Stop intercepting; calls to the mock's hosts go to the network again.
   *
   * @example
   * ```ts
   * afterAll(() => altinn.close())
   * ```
   */
  close(): void
}

/**
 * Set up the mock for a test file: it answers on TT02's real host names (or the `environment` you name) from the
 * moment `listen()` is called until `close()`. The SDK then runs with `environment: 'tt02'` unchanged.
 *
 * @example
 * ```ts
 * import { setupMockAltinn } from 'altinn-systemuser-mock/msw'
 *
 * const altinn = setupMockAltinn()
 * beforeAll(() => altinn.listen())
 * afterEach(() => altinn.reset())
 * afterAll(() => altinn.close())
 * ```
 */
export function setupMockAltinn(options: SetupMockAltinnOptions = {}): InterceptedMockAltinn {
  const inProcess = createInProcessMock({
    ...resolveMockEnvironment(options.environment ?? 'tt02'),
    seed: options.seed,
    clock: options.clock,
    pageSize: options.pageSize,
  })
  const server = setupServer(...inProcess.handlers)
  return Object.assign(inProcess, {
    listen: (listenOptions: MockAltinnListenOptions = {}) => server.listen({ onUnhandledRequest: 'error', ...listenOptions }),
    close: () => server.close(),
  })
}

export { MockControlError, type DecisionOptions, type InProcessMockAltinn, type InProcessMockOptions, type MockDecision, type MockEnvironment, type SeededMaskinportenClient } from './in-process.ts'
