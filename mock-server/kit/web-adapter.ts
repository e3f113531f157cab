/**
 * The translation between web `Request`/`Response` objects and the route table's plain request and response,
 * shared by the two in-process transports (msw's handlers and the mock's own `fetch`), so they cannot answer
 * differently. It holds no rules: the router decides everything.
 *
 * @example
 * ```ts
 * const out = await router.dispatch(mock, await toRouteRequest(request))
 * return out.drop ? Response.error() : toWebResponse(out)
 * ```
 */
import { STATUS_CODES } from 'node:http'
import type { MockAltinn } from '../core/mock-altinn.ts'
import { MAX_BODY_BYTES } from './router.ts'
import type { RouteRequest, RouteResponse } from './types.ts'

/** Methods whose body is read; a body on any other method is not passed on (as over HTTP). */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** Statuses whose response carries no body (a web `Response` refuses one). */
function isNullBodyStatus(status: number): boolean {
  return status === 204 || status === 304 || (status >= 100 && status < 200)
}

/**
 * A web request as the route table takes it: method, URL, headers with lower-case names, the body as text, and
 * `bodyTooLarge` (body left out) when it is over `MAX_BODY_BYTES`, which the router answers with 413.
 *
 * @example
 * ```ts
 * const routeRequest = await toRouteRequest(new Request('https://platform.tt02.altinn.no/healthz'))
 * ```
 */
export async function toRouteRequest(request: Request, url: URL = new URL(request.url)): Promise<RouteRequest> {
  let body: string | undefined
  let tooLarge = false
  if (BODY_METHODS.has(request.method)) {
    const buf = await request.arrayBuffer()
    if (buf.byteLength > MAX_BODY_BYTES) tooLarge = true
    else if (buf.byteLength) body = new TextDecoder().decode(buf)
  }
  const headers: Record<string, string | undefined> = {}
  request.headers.forEach((v, k) => (headers[k.toLowerCase()] = v))
  return { method: request.method, url, headers, ...(body !== undefined ? { body } : {}), ...(tooLarge ? { bodyTooLarge: true } : {}) }
}

/** Methods fetch upper-cases whatever their case (WHATWG Fetch, "normalize a method"); `PATCH` is not one of them. */
const NORMALISED_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'])
/** The `RequestInit` members the direct translation understands; a call with any other one set builds a `Request`. */
const DIRECT_INIT_KEYS = new Set(['method', 'headers', 'body', 'signal', 'redirect'])
const REDIRECT_MODES = new Set(['follow', 'manual', 'error'])
/** A surrogate half: a string with one may be ill-formed, which encoding to UTF-8 would change. */
const SURROGATE = /[\uD800-\uDFFF]/

/**
 * `fetch(url, init)` as the route table takes it, without building a web `Request` (which costs more than most
 * routes): the same method, headers and body as {@link toRouteRequest} would give for `new Request(url, init)`,
 * including fetch's default `Content-Type` for a text or `URLSearchParams` body. Undefined when the call is not
 * that simple (a binary or stream body, another `RequestInit` member, an unusual method, a body on a GET, text
 * that is not well-formed): then build the `Request`, which also throws fetch's own errors.
 *
 * @example
 * ```ts
 * const direct = toRouteRequestFromInit(new URL('http://mock-altinn.local/healthz'), { headers: { accept: 'application/json' } })
 * ```
 */
export function toRouteRequestFromInit(url: URL, init: RequestInit = {}): RouteRequest | undefined {
  for (const key in init) if (!DIRECT_INIT_KEYS.has(key) && (init as Record<string, unknown>)[key] !== undefined) return undefined
  if (init.redirect !== undefined && !REDIRECT_MODES.has(init.redirect)) return undefined
  const given = init.method ?? 'GET'
  const upper = given.toUpperCase()
  const method = NORMALISED_METHODS.has(upper) ? upper : given === 'PATCH' ? given : undefined
  if (!method) return undefined
  let text: string | undefined
  let defaultType: string | undefined
  const body = init.body
  if (body === undefined || body === null) text = undefined
  else if (typeof body === 'string') {
    text = body
    defaultType = 'text/plain;charset=UTF-8'
  } else if (body instanceof URLSearchParams) {
    text = body.toString()
    defaultType = 'application/x-www-form-urlencoded;charset=UTF-8'
  } else return undefined
  if (text !== undefined && (method === 'GET' || method === 'HEAD' || SURROGATE.test(text))) return undefined
  const headers: Record<string, string | undefined> = {}
  // Headers checks names and values as fetch does (and throws its TypeError), and joins repeated ones.
  new Headers(init.headers).forEach((v, k) => (headers[k] = v))
  if (defaultType && headers['content-type'] === undefined) headers['content-type'] = defaultType
  const req: RouteRequest = { method, url, headers }
  if (text && BODY_METHODS.has(method)) {
    if (Buffer.byteLength(text) > MAX_BODY_BYTES) req.bodyTooLarge = true
    else req.body = text
  }
  return req
}

/**
 * A route response as a web `Response`, with the status text an HTTP server would send. A dropped connection
 * (`out.drop`) has no response: each transport turns it into its own network error before calling this.
 * `ResponseClass` lets msw have its own `HttpResponse` (which also hands `Set-Cookie` to msw's cookie store).
 *
 * @example
 * ```ts
 * toWebResponse({ status: 204 }).status // 204
 * ```
 */
export function toWebResponse(out: RouteResponse, ResponseClass: new (body: BodyInit | null, init: ResponseInit) => Response = Response): Response {
  const headers = new Headers()
  for (const [k, v] of Object.entries(out.headers ?? {})) {
    if (Array.isArray(v)) v.forEach((x) => headers.append(k, x))
    else headers.set(k, v)
  }
  const body = isNullBodyStatus(out.status) ? null : (out.bytes ?? out.body ?? null)
  return new ResponseClass(body, { status: out.status, statusText: STATUS_CODES[out.status] ?? '', headers })
}

/** Worked out once per mock rather than on every call (the config never changes). */
const originsByConfig = new WeakMap<MockAltinn['config'], readonly string[]>()

/**
 * The origins a mock answers on: its platform, portal, control API and Maskinporten issuer, without repeats.
 *
 * @example
 * ```ts
 * servedOrigins(createMockAltinn({ seed, urls: Environments.tt02 }))
 * // ['https://platform.tt02.altinn.no', 'https://am.ui.tt02.altinn.no', 'https://test.maskinporten.no']
 * ```
 */
export function servedOrigins(mock: MockAltinn): readonly string[] {
  let origins = originsByConfig.get(mock.config)
  if (!origins) {
    const { platformUrl, portalUrl, controlUrl, maskinportenIssuer } = mock.config
    origins = Object.freeze([...new Set([platformUrl, portalUrl, controlUrl, maskinportenIssuer].map((u) => new URL(u).origin))])
    originsByConfig.set(mock.config, origins)
  }
  return origins
}

/**
 * Whether a URL is on one of the mock's origins (any path there is the mock's to answer, 404 included).
 *
 * @example
 * ```ts
 * servesUrl(mock, new URL('https://test.maskinporten.no/token')) // true on Environments.tt02
 * ```
 */
export function servesUrl(mock: MockAltinn, url: URL): boolean {
  return servedOrigins(mock).includes(url.origin)
}
