/**
 * What both in-process transports share, without msw: one mock with its harness and router, where it answers
 * (`environment`), the reset between tests, and the end user's decisions through the control API's own route.
 * `msw.ts` puts msw's interception on top; `fetch.ts` a plain `fetch` function.
 *
 * @example
 * ```ts
 * const core = createInProcessCore({ ...resolveMockEnvironment('tt02') })
 * const controls = createInProcessControls(core)
 * await controls.approve(requestId, { pid: '03827150095' })
 * controls.reset()
 * ```
 */
import { Environments, type EnvironmentUrls } from 'altinn-systemuser-sdk/contract'
import type { ControllableClock } from './core/clock.ts'
import { createMockAltinn, type MockAltinn } from './core/mock-altinn.ts'
import { getHarness, withHarness, type Harness } from './harness/harness.ts'
import type { Faults } from './harness/faults.ts'
import type { Journal } from './harness/journal.ts'
import { resetMock, type ResetOptions } from './harness/reset.ts'
import { createMockRouter } from './table.ts'
import type { Router, RouterHooks } from './kit/router.ts'
import { loadDefaultSeed, type Seed } from './seed/index.ts'

/**
 * Where an in-process mock answers: `'tt02'` or `'production'` (Altinn's and Maskinporten's real host names,
 * from `Environments`), the URLs of each part, or one origin for everything (Maskinporten at
 * `<origin>/maskinporten/`).
 *
 * @example
 * ```ts
 * const environment: MockEnvironment = 'tt02'
 * const alsoFine: MockEnvironment = 'http://mock-altinn.local'
 * ```
 */
export type MockEnvironment = 'tt02' | 'production' | EnvironmentUrls | (string & {})

/**
 * What `setupMockAltinn` and `createMockFetch` take.
 *
 * @example
 * ```ts
 * const options: InProcessMockOptions = { environment: 'tt02', pageSize: 5, clock: createFixedClock(Date.parse('2026-12-24T12:00:00Z')) }
 * ```
 */
export interface InProcessMockOptions {
  /** Where the mock answers (see {@link MockEnvironment}). */
  environment?: MockEnvironment | undefined
  /** The seed (default: the default seed with the personas of the README); see `parseSeed` / `loadSeedFile`. */
  seed?: Seed | undefined
  /** The mock's clock (default: real time, movable with `POST /__mock/clock`). */
  clock?: ControllableClock | undefined
  /** Items per list page (default 20, as in TT02). */
  pageSize?: number | undefined
}

/**
 * The URLs (or the one origin) an environment names, as `createMockAltinn` takes them.
 *
 * @example
 * ```ts
 * resolveMockEnvironment('tt02') // { urls: Environments.tt02 }
 * resolveMockEnvironment('http://mock-altinn.local') // { origin: 'http://mock-altinn.local' }
 * ```
 */
export function resolveMockEnvironment(environment: MockEnvironment): { origin: string } | { urls: EnvironmentUrls } {
  if (environment === 'tt02') return { urls: Environments.tt02 }
  if (environment === 'production') return { urls: Environments.production }
  if (typeof environment === 'string') {
    let url: URL | undefined
    try {
      url = new URL(environment)
    } catch {
      url = undefined
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw new TypeError(badEnvironment(JSON.stringify(environment)))
    return { origin: url.origin }
  }
  if (environment && typeof environment === 'object') {
    for (const key of ['platformUrl', 'maskinportenIssuer', 'portalUrl'] as const) {
      const value = environment[key]
      if (typeof value !== 'string' || !URL.canParse(value)) throw new TypeError(badEnvironment(`an object whose ${key} is ${JSON.stringify(value)}`))
    }
    return { urls: { platformUrl: environment.platformUrl, maskinportenIssuer: environment.maskinportenIssuer, portalUrl: environment.portalUrl } }
  }
  throw new TypeError(badEnvironment(String(environment)))
}

function badEnvironment(given: string): string {
  return `environment must be 'tt02', 'production', an origin such as 'http://mock-altinn.local', or { platformUrl, maskinportenIssuer, portalUrl } with absolute URLs; got ${given}.`
}

/** One in-process mock: the domain, its harness, and the router that answers for it. */
export interface InProcessCore {
  mock: MockAltinn
  harness: Harness
  router: Router
}

/**
 * Create the mock, its harness and its router: the part every in-process transport shares.
 *
 * @example
 * ```ts
 * const { mock, router } = createInProcessCore({ urls: Environments.tt02 })
 * ```
 */
export function createInProcessCore(options: {
  origin?: string | undefined
  urls?: Partial<EnvironmentUrls> | undefined
  seed?: Seed | undefined
  clock?: ControllableClock | undefined
  pageSize?: number | undefined
  hooks?: RouterHooks | undefined
  journalCapacity?: number | undefined
}): InProcessCore {
  const mock = createMockAltinn({
    seed: options.seed ?? loadDefaultSeed(),
    ...(options.urls ? { urls: options.urls } : { origin: options.origin ?? 'http://mock-altinn.local' }),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.pageSize ? { pageSize: options.pageSize } : {}),
  })
  const harness = getHarness(mock, options.journalCapacity ? { journalCapacity: options.journalCapacity } : {})
  return { mock, harness, router: createMockRouter(withHarness(options.hooks)) }
}

/**
 * A control-API call made in-process that the mock refused; `status`, the problem's `code` (such as
 * `AUTH-00013`) and the whole `problem` are as `POST /__mock/requests/{id}/approve` answers them.
 *
 * @example
 * ```ts
 * try {
 *   await altinn.approve(requestId)
 * } catch (e) {
 *   if (e instanceof MockControlError && e.code === 'AUTH-00013') console.log('already decided')
 * }
 * ```
 */
export class MockControlError extends Error {
  override readonly name = 'MockControlError'
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    readonly problem: unknown,
    what: string,
  ) {
    const p = problem as { title?: unknown; detail?: unknown } | undefined
    const title = typeof p?.title === 'string' ? ` ${p.title}` : ''
    const detail = typeof p?.detail === 'string' ? `: ${p.detail}` : ''
    super(`${what} was refused with ${status}${code ? ` ${code}` : ''}${title}${detail}`)
  }
}

/**
 * What `POST /__mock/requests/{id}/approve` and `/reject` answer: the request as it is now, the system user an
 * approval made (or changed), and who decided.
 *
 * @example
 * ```ts
 * const { request, systemUser, decidedBy } = await altinn.approve(requestId)
 * request.status // 'Accepted'
 * ```
 */
export interface MockDecision {
  request: { id: string; status: string } & Record<string, unknown>
  /** Approvals only. */
  systemUser?: ({ id: string } & Record<string, unknown>) | undefined
  decidedBy: string
}

/**
 * Who decides (optional): a seeded person's number. Without it the mock picks a seeded person who may decide
 * for the request's party, as the control API does.
 *
 * @example
 * ```ts
 * const decider: DecisionOptions = { pid: '03827150095' } // STADIG KONSERT
 * ```
 */
export interface DecisionOptions {
  pid?: string | undefined
}

/** The controls both in-process transports offer on top of the core. */
export interface InProcessControls {
  /**
   * Back to the start, for the next test: exactly what `POST /__mock/reset` does. Restored: the state, to the
   * seed in force (systems, requests of every kind, system users and their clients, Maskinporten clients, as the
   * seed has them; what `mock.addSeed` or `POST /__mock/seed` added stays); the clock, to where it started (real
   * time, or a `createFixedClock(t)` back to `t`), unless `{ keepClock: true }`. Emptied: the fault rules, the
   * journal and the list of issued tokens. Unchanged: the signing keys and URLs, tokens issued before the reset
   * (they verify until they expire; one for a system user that no longer exists is refused where that matters),
   * assertion ids already used (a replay is still refused) and portal sessions.
   *
   * @example
   * ```ts
   * afterEach(() => altinn.reset())
   * altinn.reset({ keepClock: true }) // the clock stays where the test moved it
   * ```
   */
  reset(options?: ResetOptions): void
  /**
   * The end user approves a request (standard, agent or change) through the control API's own route
   * (`POST /__mock/requests/{id}/approve`): the same rights checked, the same AUTH codes, thrown as a
   * {@link MockControlError}. Needs no interception: it works before `listen()` too.
   *
   * @example
   * ```ts
   * await altinn.approve(request.id, { pid: '03827150095' }) // STADIG KONSERT
   * ```
   */
  approve(requestId: string, options?: DecisionOptions): Promise<MockDecision>
  /**
   * The end user rejects a request (standard, agent or change) through the control API's own route
   * (`POST /__mock/requests/{id}/reject`).
   *
   * @example
   * ```ts
   * await altinn.reject(request.id)
   * expect((await client.requests.waitForDecision(request)).status).toBe('Rejected')
   * ```
   */
  reject(requestId: string, options?: DecisionOptions): Promise<MockDecision>
  /**
   * A seeded Maskinporten client of the organisation `orgNo` (of the system `systemId`, when given), with its
   * test-only private key, in the shape the SDK's `maskinporten` option takes. Throws when the seed has none.
   *
   * @example
   * ```ts
   * const client = createAltinnClient({ environment: 'tt02', maskinporten: altinn.maskinportenClient('318882703') })
   * ```
   */
  maskinportenClient(orgNo: string, systemId?: string): SeededMaskinportenClient
}

/** A seeded Maskinporten client as the SDK's `maskinporten` option takes it. */
export interface SeededMaskinportenClient {
  clientId: string
  kid: string
  /** The test-only private key (a JWK). */
  key: JsonWebKey
}

/**
 * The reset and the decisions for one core. Decisions go through the router to the control API's routes, so
 * they check the same rights, answer the same AUTH codes and appear in the journal as `controlApprove` and
 * `controlReject`.
 */
function createInProcessControls(core: InProcessCore): InProcessControls {
  const { mock, router } = core
  async function decide(decision: 'approve' | 'reject', requestId: string, options: DecisionOptions = {}): Promise<MockDecision> {
    if (typeof requestId !== 'string' || !requestId) throw new TypeError(`${decision}(requestId) needs the id of the request, e.g. request.id from client.requests.create`)
    if (options.pid !== undefined && typeof options.pid !== 'string') throw new TypeError(`${decision}(requestId, { pid }) takes the person number as a string`)
    const url = new URL(`${mock.config.controlUrl}/__mock/requests/${encodeURIComponent(requestId)}/${decision}`)
    const out = await router.dispatch(mock, { method: 'POST', url, headers: { 'content-type': 'application/json' }, body: JSON.stringify(options.pid ? { pid: options.pid } : {}) })
    let body: unknown
    try {
      body = out.body ? JSON.parse(out.body) : undefined
    } catch {
      body = out.body
    }
    if (out.status !== 200) {
      const code = (body as { code?: unknown } | undefined)?.code
      throw new MockControlError(out.status, typeof code === 'string' ? code : undefined, body, `${decision === 'approve' ? 'Approving' : 'Rejecting'} request ${requestId}`)
    }
    return body as MockDecision
  }
  return {
    reset(options) {
      // One definition with POST /__mock/reset (harness/reset.ts). A test runner's hook may pass its own
      // argument (afterEach(altinn.reset)): only a plain `{ keepClock: true }` keeps the clock.
      resetMock(mock, { keepClock: (options as ResetOptions | undefined)?.keepClock === true })
    },
    approve: (requestId, options) => decide('approve', requestId, options),
    reject: (requestId, options) => decide('reject', requestId, options),
    maskinportenClient(orgNo, systemId) {
      const { systems, maskinportenClients } = mock.seed
      const allowed = systemId === undefined ? undefined : systems.find((s) => s.id === systemId)?.clientId
      const client = maskinportenClients.find((c) => c.orgNo === orgNo && c.privateJwk && (allowed === undefined || allowed.includes(c.clientId)))
      if (!client?.privateJwk) {
        const known = maskinportenClients.filter((c) => c.privateJwk).map((c) => c.orgNo)
        throw new Error(`The seed has no Maskinporten client with a private key for ${orgNo}${systemId ? ` on the system ${systemId}` : ''}; it has them for ${[...new Set(known)].join(', ') || 'no organisation'}.`)
      }
      return { clientId: client.clientId, kid: client.kid, key: client.privateJwk as JsonWebKey }
    },
  }
}

/**
 * The URLs a mock answers on, as the SDK's `environment` takes them.
 */
function urlsOf(mock: MockAltinn): EnvironmentUrls {
  const { platformUrl, portalUrl, maskinportenIssuer } = mock.config
  return { platformUrl, portalUrl, maskinportenIssuer }
}

/**
 * The parts of an in-process mock that both transports hand to the test.
 *
 * @example
 * ```ts
 * const { mock, urls, seed, faults, journal } = altinn
 * ```
 */
export interface InProcessMockAltinn extends InProcessControls {
  /** The mock's domain: state, clock, config. */
  readonly mock: MockAltinn
  /** The URLs it answers on; give them to the SDK as `environment`. */
  readonly urls: EnvironmentUrls
  /**
   * The seed in force, with the test-only private keys of its Maskinporten clients.
   *
   * @example
   * ```ts
   * const { clientId, kid, privateJwk } = altinn.seed.maskinportenClients.find((c) => c.orgNo === '318882703')!
   * ```
   */
  readonly seed: Seed
  /**
   * Fault rules, as `POST /__mock/faults` sets them.
   *
   * @example
   * ```ts
   * altinn.faults.add({ method: 'GET', path: '/authentication/api/v1/systemuser/request/vendor/' + '*', status: 503, times: 2, retryAfter: 1 })
   * ```
   */
  readonly faults: Faults
  /**
   * Every call, as `GET /__mock/journal` shows it.
   *
   * @example
   * ```ts
   * countCalls(altinn.journal.entries(), { route: 'getRequest' })
   * ```
   */
  readonly journal: Journal
  /** Faults, journal and issued tokens of this mock. */
  readonly harness: Harness
}

/**
 * The shared part of what both transports return, for one core.
 *
 * @example
 * ```ts
 * const base = describeInProcess(core)
 * ```
 */
export function describeInProcess(core: InProcessCore): InProcessMockAltinn {
  const controls = createInProcessControls(core)
  const urls = Object.freeze(urlsOf(core.mock))
  return {
    mock: core.mock,
    urls,
    get seed() {
      return core.mock.seed
    },
    faults: core.harness.faults,
    journal: core.harness.journal,
    harness: core.harness,
    ...controls,
  }
}
