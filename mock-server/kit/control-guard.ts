/**
 * Who may drive the control API and the inspector (`/__mock/...`): the mock's own pages and tools such as curl,
 * the SDK and test code, never a page on another site. A browser lets any page send a "simple" request to any
 * origin (a form post, `fetch` with `mode: 'no-cors'`, `navigator.sendBeacon`, an `<img>`), so without these
 * checks a page the tester happens to open could approve requests, reset the mock or read the journal.
 *
 * The rules, as the better local dev servers apply them:
 * - Fetch Metadata first: `Sec-Fetch-Site` `same-origin` (the inspector's own forms and script) and `none` (an
 *   address typed into the browser) pass; `cross-site` and `same-site` (another port or subdomain is another
 *   application) are refused.
 * - Without it (older browsers, or an origin the browser does not consider secure, such as plain http on a
 *   container name), `Origin`: refused when present and not the mock's own origin for the call; `null` (sandboxed
 *   frames, `data:` pages, privacy redirects) is refused.
 * - Neither header: not a browser page (curl, the SDK, the scenarios, tests); it passes.
 * - A call that may change something takes JSON only: a present `Content-Type` must be JSON, and a body needs
 *   one. A cross-site simple request can only send `text/plain`, form or multipart bodies, or none with a blob.
 *   The inspector's own form posts are the exception: same-origin, and checked against its CSRF token.
 *
 * @example
 * ```ts
 * const refused = refuseControlCall(def, req)
 * if (refused) return refused
 * ```
 */
import { httpProblem } from './responses.ts'
import type { RouteDef, RouteRequest, RouteResponse } from './types.ts'

/** `Sec-Fetch-Site` values of a request the mock's own origin started, or the person typed in. */
const OWN_SITES = new Set(['same-origin', 'none'])

/** Methods that may change the state or carry a body. */
const CHANGING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * Whether a browser says this request came from a page on another site (or another application on this one).
 * Decided from `Sec-Fetch-Site` when the browser sends it, else from `Origin`; a request with neither is not
 * from a web page and is not cross-site.
 */
function isCrossSiteRequest(req: RouteRequest): boolean {
  const site = req.headers['sec-fetch-site']
  if (site !== undefined) return !OWN_SITES.has(site.trim().toLowerCase())
  const origin = req.headers.origin
  if (origin === undefined) return false
  return origin.trim() !== req.url.origin
}

/**
 * Whether a `Content-Type` names JSON: `application/json` or a `+json` type, with any parameters.
 *
 * @example
 * ```ts
 * isJsonMediaType('application/json; charset=utf-8') // true
 * isJsonMediaType('text/plain') // false
 * ```
 */
export function isJsonMediaType(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase()
  return type === 'application/json' || type.endsWith('+json')
}

/**
 * The 403 for a call from another site.
 *
 * @example
 * ```ts
 * refuseCrossSite(req) // undefined when the call may go on
 * ```
 */
export function refuseCrossSite(req: RouteRequest): RouteResponse | undefined {
  if (!isCrossSiteRequest(req)) return undefined
  return httpProblem(
    403,
    'Forbidden',
    `The control API answers only same-origin requests and tools such as curl, never a page on another site. Use the inspector at ${req.url.origin}/__mock/ui, or call ${req.url.origin}/__mock/... from your tests or a terminal.`,
  )
}

/**
 * The control API's checks before anything else runs: not from another site, and JSON only for a call that may
 * change something. The inspector's form routes keep their own rule (a form post with the page's CSRF token).
 * Answers the refusal, or undefined when the call may go on.
 *
 * @example
 * ```ts
 * const refused = def.surface === 'control' ? refuseControlCall(def, req) : undefined
 * ```
 */
export function refuseControlCall(def: RouteDef<any>, req: RouteRequest): RouteResponse | undefined {
  const crossSite = refuseCrossSite(req)
  if (crossSite) return crossSite
  if (def.form || !CHANGING_METHODS.has(req.method)) return undefined
  const type = req.headers['content-type']
  const hasBody = req.body !== undefined || req.bodyTooLarge === true
  if (type === undefined ? !hasBody : isJsonMediaType(type)) return undefined
  return httpProblem(
    415,
    'Unsupported Media Type',
    type === undefined
      ? 'The control API takes JSON: send the body with Content-Type: application/json.'
      : 'The control API takes JSON: send Content-Type: application/json with a body, or neither a body nor a Content-Type.',
  )
}
