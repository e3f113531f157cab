/**
 * The mock as a plain `fetch` function: each call is answered from the route table in this process, with no
 * server, no socket and no global interception. Give it to the SDK (`createAltinnClient({ fetch })`) or call it
 * yourself; nothing else in the process is touched, so tests can run side by side with a mock each.
 *
 * @example
 * ```ts
 * import { createMockFetch } from 'altinn-systemuser-mock'
 * import { createAltinnClient } from 'altinn-systemuser-sdk'
 *
 * const altinn = createMockFetch()
 * const { clientId, kid, privateJwk } = altinn.seed.maskinportenClients.find((c) => c.orgNo === '318882703')!
 * const client = createAltinnClient({ environment: altinn.urls, maskinporten: { clientId, kid, key: privateJwk! }, fetch: altinn.fetch })
 * ```
 */
import { createInProcessCore, describeInProcess, resolveMockEnvironment, type InProcessMockAltinn, type InProcessMockOptions } from './in-process.ts'
import { createFetchFunction, type FetchFunction } from './kit/route-fetch.ts'
import type { RouterHooks } from './kit/router.ts'

export type { FetchFunction } from './kit/route-fetch.ts'

/**
 * The origin `createMockFetch` answers on unless told otherwise. It resolves nowhere, so a call that bypasses
 * the mock's `fetch` by mistake fails at once instead of reaching Altinn.
 */
export const DEFAULT_MOCK_FETCH_ORIGIN = 'http://mock-altinn.local'

/**
 * What `createMockFetch` takes. `environment` defaults to {@link DEFAULT_MOCK_FETCH_ORIGIN}; give `'tt02'` to
 * answer on TT02's real host names, so configuration written for TT02 runs unchanged with this `fetch`.
 *
 * @example
 * ```ts
 * const options: MockFetchOptions = { environment: 'tt02', pageSize: 5 }
 * ```
 */
export interface MockFetchOptions extends InProcessMockOptions {
  /** Your own router hooks, run beside the harness's (as `startMockServer` and `createInProcessMock` take them). */
  hooks?: RouterHooks | undefined
}

/**
 * A mock that answers through its own `fetch`, with the state, the harness and the controls at hand.
 *
 * @example
 * ```ts
 * const altinn: MockFetch = createMockFetch({ environment: 'tt02' })
 * const res = await altinn.fetch('https://platform.tt02.altinn.no/healthz')
 * ```
 */
export interface MockFetch extends InProcessMockAltinn {
  /**
   * Answers calls to the mock's origins ({@link MockFetch.urls}) from the route table, as the HTTP server would:
   * the same statuses, headers and bodies, 413 for a body over 1 MB, redirects followed unless
   * `redirect: 'manual'`, the signal honoured. A fault rule with `drop` rejects with `TypeError('fetch failed')`,
   * as the global fetch does when a connection is reset. A URL on any other origin is never sent anywhere: the
   * call rejects with a TypeError that names it and the origins this mock serves.
   *
   * @example
   * ```ts
   * const seed = await (await altinn.fetch(`${altinn.urls.platformUrl}/__mock/seed`)).json()
   * ```
   */
  readonly fetch: FetchFunction
}

/**
 * Create a mock and a `fetch` that answers from it. No server is started and the global `fetch` is left alone.
 *
 * @example
 * ```ts
 * const altinn = createMockFetch()
 * const { request } = await client.requests.create({ systemId: '318882703_smartcloud', partyOrgNo: '312091437', rights })
 * await altinn.approve(request.id) // or: altinn.fetch(`${altinn.urls.platformUrl}/__mock/requests/${request.id}/approve`, { method: 'POST' })
 * afterEach(() => altinn.reset())
 * ```
 */
export function createMockFetch(options: MockFetchOptions = {}): MockFetch {
  const core = createInProcessCore({
    ...resolveMockEnvironment(options.environment ?? DEFAULT_MOCK_FETCH_ORIGIN),
    seed: options.seed,
    clock: options.clock,
    pageSize: options.pageSize,
    hooks: options.hooks,
  })
  return Object.assign(describeInProcess(core), { fetch: createFetchFunction(core) })
}
