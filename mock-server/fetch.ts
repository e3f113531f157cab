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
import type { MockAltinn } from './core/mock-altinn.ts'
import { createInProcessCore, describeInProcess, resolveMockEnvironment, type InProcessCore, type InProcessMockAltinn, type InProcessMockOptions } from './in-process.ts'
import type { RouteResponse, RouterHooks } from './routes/index.ts'
import { servedOrigins, servesUrl, toRouteRequest, toWebResponse } from './web-adapter.ts'

/**
 * The origin `createMockFetch` answers on unless told otherwise. It resolves nowhere, so a call that bypasses
 * the mock's `fetch` by mistake fails at once instead of reaching Altinn.
 */
export const DEFAULT_MOCK_FETCH_ORIGIN = 'http://mock-altinn.local'

/**
 * A function with the signature of the global `fetch`.
 *
 * @example
 * ```ts
 * const fetchLike: FetchFunction = altinn.fetch
 * await fetchLike('http://mock-altinn.local/healthz')
 * ```
 */
export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>

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

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308])
const MAX_REDIRECTS = 20
/** Headers that describe a body, dropped when a redirect turns the call into a GET (as fetch does). */
const BODY_HEADERS = ['content-encoding', 'content-language', 'content-location', 'content-type', 'content-length']

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

/**
 * The `fetch` of one in-process mock (see {@link MockFetch.fetch}).
 *
 * @example
 * ```ts
 * const fetchFromMock = createFetchFunction(createInProcessCore({ origin: 'http://mock-altinn.local' }))
 * ```
 */
export function createFetchFunction(core: InProcessCore): FetchFunction {
  const { mock, router } = core

  async function send(request: Request, redirects: number, redirectedFrom?: URL): Promise<Response> {
    const signal = request.signal
    if (signal.aborted) throw signal.reason
    const url = new URL(request.url)
    if (!servesUrl(mock, url)) throw notServed(mock, url, redirectedFrom)
    const routeRequest = await toRouteRequest(request, url)
    if (signal.aborted) throw signal.reason
    const out = await untilAborted(router.dispatch(mock, routeRequest), signal)
    if (out.drop) throw new TypeError('fetch failed', { cause: Object.assign(new Error('other side closed: a fault rule of the mock dropped the connection'), { code: 'UND_ERR_SOCKET' }) })
    const location = REDIRECT_STATUSES.has(out.status) ? headerOf(out, 'location') : undefined
    if (location !== undefined && request.redirect !== 'manual') {
      if (request.redirect === 'error') throw new TypeError('fetch failed', { cause: new Error(`unexpected redirect to ${location} (redirect: 'error')`) })
      if (redirects >= MAX_REDIRECTS) throw new TypeError('fetch failed', { cause: new Error('redirect count exceeded') })
      const next = new URL(location, url)
      const headers = new Headers(request.headers)
      // The rules of fetch (WHATWG Fetch, "HTTP-redirect fetch"): a 303, or a 301/302 after a POST, goes on as a
      // GET without a body; credentials never follow to another origin.
      const asGet = out.status === 303 ? request.method !== 'GET' && request.method !== 'HEAD' : (out.status === 301 || out.status === 302) && request.method === 'POST'
      if (asGet) BODY_HEADERS.forEach((h) => headers.delete(h))
      if (next.origin !== url.origin) ['authorization', 'proxy-authorization', 'cookie'].forEach((h) => headers.delete(h))
      const method = asGet ? 'GET' : request.method
      const body = asGet || method === 'GET' || method === 'HEAD' ? undefined : routeRequest.body
      const followed = await send(new Request(next, { method, headers, body, signal, redirect: request.redirect }), redirects + 1, redirectedFrom ?? url)
      Object.defineProperty(followed, 'redirected', { value: true })
      return followed
    }
    const response = toWebResponse(out)
    // As the global fetch: the response names the URL it came from.
    Object.defineProperty(response, 'url', { value: request.url })
    return response
  }

  return (input, init) => {
    let request: Request
    try {
      request = input instanceof Request && init === undefined ? input : new Request(input, init)
    } catch (e) {
      return Promise.reject(e) // a bad URL or init rejects, as fetch does, rather than throwing
    }
    return send(request, 0)
  }
}

function headerOf(out: RouteResponse, name: string): string | undefined {
  for (const [k, v] of Object.entries(out.headers ?? {})) if (k.toLowerCase() === name) return Array.isArray(v) ? v[0] : v
  return undefined
}

function notServed(mock: MockAltinn, url: URL, redirectedFrom: URL | undefined): TypeError {
  // Origin and path only: a query string may carry something the caller would not want in a log.
  const via = redirectedFrom ? ` (a redirect from ${redirectedFrom.origin}${redirectedFrom.pathname}; pass redirect: 'manual' to read its Location yourself)` : ''
  return new TypeError(
    `The mock's fetch does not serve ${url.origin}${url.pathname}${via}: it answers only ${servedOrigins(mock).join(', ')} and never calls the network. ` +
      `Use the mock's urls as the SDK's environment, or createMockFetch({ environment }) for the hosts you call.`,
  )
}

/** The dispatch, or the signal's reason as soon as it aborts (a fault's delay can keep a call waiting). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason)
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (v) => (signal.removeEventListener('abort', onAbort), resolve(v)),
      (e) => (signal.removeEventListener('abort', onAbort), reject(e)),
    )
  })
}
