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
import type { MockAltinn } from './core/mock-altinn.ts'
import { MAX_BODY_BYTES, type RouteRequest, type RouteResponse } from './routes/index.ts'

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
