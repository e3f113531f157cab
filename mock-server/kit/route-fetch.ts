/**
 * The mock's route table as a `fetch` function: each call is translated to a route request (`web-adapter.ts`),
 * dispatched, and the answer translated back, as the HTTP server would write it: the same statuses, headers and
 * bodies, redirects followed by the rules of fetch, the signal honoured, a dropped connection as fetch's TypeError.
 * Calls to any origin the mock does not serve are refused, never sent anywhere.
 *
 * @example
 * ```ts
 * const fetch = createFetchFunction({ mock, router })
 * await fetch(`${mock.config.platformUrl}/healthz`)
 * ```
 */
import type { MockAltinn } from '../core/mock-altinn.ts'
import type { Router } from './router.ts'
import type { RouteRequest, RouteResponse } from './types.ts'
import { servedOrigins, servesUrl, toRouteRequest, toRouteRequestFromInit, toWebResponse } from './web-adapter.ts'

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

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308])
const MAX_REDIRECTS = 20
/** Headers that describe a body, dropped when a redirect turns the call into a GET (as fetch does). */
const BODY_HEADERS = ['content-encoding', 'content-language', 'content-location', 'content-type', 'content-length']
/** Headers that never follow a redirect to another origin. */
const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie']

/**
 * A `fetch` that answers from `mock` through `router`, in this process: the `fetch` of `createMockFetch`, and the
 * one the demo vendor's SDK client calls the mock with.
 *
 * @example
 * ```ts
 * const fetchFromMock = createFetchFunction({ mock, router: createRouter(routes) })
 * ```
 */
export function createFetchFunction({ mock, router }: { mock: MockAltinn; router: Router }): FetchFunction {

  async function answer(req: RouteRequest, redirect: RequestRedirect, signal: AbortSignal | undefined, hops: number, firstUrl?: URL): Promise<Response> {
    if (signal?.aborted) throw signal.reason
    if (!servesUrl(mock, req.url)) throw notServed(mock, req.url, firstUrl)
    const dispatched = router.dispatch(mock, req)
    const out = await (signal ? untilAborted(dispatched, signal) : dispatched)
    if (out.drop) throw new TypeError('fetch failed', { cause: Object.assign(new Error('other side closed: a fault rule of the mock dropped the connection'), { code: 'UND_ERR_SOCKET' }) })
    const location = REDIRECT_STATUSES.has(out.status) ? headerOf(out, 'location') : undefined
    if (location !== undefined && redirect !== 'manual') {
      if (redirect === 'error') throw new TypeError('fetch failed', { cause: new Error(`unexpected redirect to ${location} (redirect: 'error')`) })
      if (hops >= MAX_REDIRECTS) throw new TypeError('fetch failed', { cause: new Error('redirect count exceeded') })
      return followed(await answer(nextAfterRedirect(req, out.status, new URL(location, req.url)), redirect, signal, hops + 1, firstUrl ?? req.url))
    }
    const response = toWebResponse(out)
    // As the global fetch: the response names the URL it came from (without a fragment).
    Object.defineProperty(response, 'url', { value: withoutFragment(req.url) })
    return response
  }

  return (input, init) => {
    try {
      if (!(input instanceof Request)) {
        // Most calls (a URL and a plain init) need no web Request, which would cost more than the route itself.
        const direct = toRouteRequestFromInit(new URL(input), init)
        if (direct) return answer(direct, init?.redirect ?? 'follow', init?.signal ?? undefined, 0)
      }
      const request = input instanceof Request && init === undefined ? input : new Request(input, init)
      return toRouteRequest(request).then((req) => answer(req, request.redirect, request.signal, 0))
    } catch (e) {
      return Promise.reject(e) // a bad URL, header or init rejects, as fetch does, rather than throwing
    }
  }
}

/**
 * The call a redirect leads to, by the rules of fetch (WHATWG Fetch, "HTTP-redirect fetch"): a 303, or a 301/302
 * after a POST, goes on as a GET without a body; credentials never follow to another origin.
 */
function nextAfterRedirect(req: RouteRequest, status: number, next: URL): RouteRequest {
  const asGet = status === 303 ? req.method !== 'GET' && req.method !== 'HEAD' : (status === 301 || status === 302) && req.method === 'POST'
  const headers = { ...req.headers }
  if (asGet) for (const h of BODY_HEADERS) delete headers[h]
  if (next.origin !== req.url.origin) for (const h of CREDENTIAL_HEADERS) delete headers[h]
  if (asGet) return { method: 'GET', url: next, headers }
  return { method: req.method, url: next, headers, ...(req.body !== undefined ? { body: req.body } : {}), ...(req.bodyTooLarge ? { bodyTooLarge: true } : {}) }
}

function followed(response: Response): Response {
  Object.defineProperty(response, 'redirected', { value: true })
  return response
}

function withoutFragment(url: URL): string {
  return url.hash ? url.href.slice(0, -url.hash.length) : url.href
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
