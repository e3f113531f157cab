/**
 * The control API's token. Bound to an address other machines can reach, the mock's control API (`/__mock/...`,
 * the inspector included) can reset the state, approve requests and mint tokens: anyone on the network could do
 * that. So, as Jupyter does, each such start has a token (generated and printed, or given with `--control-token`)
 * and every control call must carry it: `Authorization: Bearer <token>` or `X-Mock-Control-Token: <token>`, or, in
 * a browser, `?token=<token>` once, which sets an HttpOnly, SameSite=Strict cookie and leads to the clean URL.
 *
 * Altinn's own surfaces (the vendor API, Maskinporten, the portal, the demo service) and `/healthz` never ask for
 * it: they stay exactly as Altinn's. Bound to loopback, no token is needed (unless one is given).
 *
 * @example
 * ```ts
 * const guard = createControlTokenGuard({ token: generateControlToken(), reason: 'the mock is bound to 0.0.0.0' })
 * guard(routeReq) // undefined to go on, or the 401 / the redirect that sets the cookie
 * ```
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { empty, httpProblem } from '../kit/responses.ts'
import type { RouteRequest, RouteResponse } from '../kit/types.ts'

/** The header a script may send the token in (besides `Authorization: Bearer`). */
const CONTROL_TOKEN_HEADER = 'x-mock-control-token'
/** The cookie a browser keeps after `?token=`. */
const CONTROL_TOKEN_COOKIE = 'mock_altinn_control'
/** The query parameter a browser may bring the token in once. */
const CONTROL_TOKEN_QUERY = 'token'

/**
 * A new random token: 32 characters, 192 bits.
 *
 * @example
 * ```ts
 * generateControlToken() // 'q8Zl0bQ9…'
 * ```
 */
export function generateControlToken(): string {
  return randomBytes(24).toString('base64url')
}

/**
 * Whether a value can be a control token: 16 to 512 visible ASCII characters (it travels in a header and a URL;
 * a short one could be guessed).
 *
 * @example
 * ```ts
 * isControlTokenValue('secret') // false
 * ```
 */
export function isControlTokenValue(value: string): boolean {
  return /^[\x21-\x7e]{16,512}$/.test(value)
}

/**
 * Whether a path belongs to the control API, read as the router reads it: its first segment is `__mock` in any
 * case (the router matches literal segments case-insensitively and skips empty ones).
 *
 * @example
 * ```ts
 * isControlApiPath('//__MOCK/seed') // true
 * ```
 */
export function isControlApiPath(pathname: string): boolean {
  let i = 0
  while (pathname.charCodeAt(i) === 47 /* / */) i++
  // Most calls are not control calls: one character tells.
  if (pathname.charCodeAt(i) !== 95 /* _ */) return false
  const end = pathname.indexOf('/', i)
  return pathname.slice(i, end < 0 ? undefined : end).toLowerCase() === '__mock'
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest()
}

/** Compare in constant time (both sides hashed first, so their lengths say nothing either). */
function same(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b))
}

function cookieValue(cookieHeader: string | undefined, name: string): string | undefined {
  if (!cookieHeader) return undefined
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return undefined
}

export interface ControlTokenGuardOptions {
  /** The token (see {@link isControlTokenValue}). */
  token: string
  /** Why the token is asked for, for the refusal: e.g. `the mock is bound to 0.0.0.0`. */
  reason: string
  /** Mark the cookie `Secure` (the public URL is https). */
  secure?: boolean
}

/**
 * The token check for control calls: answers a 401 problem to a call without the token, the redirect that sets the
 * cookie to a browser that brings `?token=`, and undefined to a call that may go on (after removing the token's
 * headers, so neither the route nor the journal sees it).
 *
 * @example
 * ```ts
 * createRequestListener(getMock, router, { guard: createControlTokenGuard({ token, reason: 'the mock is bound to 0.0.0.0' }) })
 * ```
 */
export function createControlTokenGuard(options: ControlTokenGuardOptions): (req: RouteRequest) => RouteResponse | undefined {
  const { token } = options
  // The cookie holds a value derived from the token, not the token itself.
  const cookie = createHmac('sha256', token).update('mock-altinn control cookie').digest('base64url')
  const setCookie = `${CONTROL_TOKEN_COOKIE}=${cookie}; Path=/__mock; HttpOnly; SameSite=Strict${options.secure ? '; Secure' : ''}`
  const detail =
    `The control API needs this mock's control token, because ${options.reason}. ` +
    `The mock printed it on its standard error when it started (unless it was given with --control-token or MOCK_ALTINN_CONTROL_TOKEN). ` +
    `Send it as "Authorization: Bearer <token>" or "X-Mock-Control-Token: <token>"; in a browser, open /__mock/ui?token=<token> once. ` +
    `Scenarios take it with --control-token. Altinn's own paths need no token.`

  function refuse(): RouteResponse {
    const res = httpProblem(401, 'Unauthorized', detail)
    return { ...res, headers: { ...res.headers, 'www-authenticate': 'Bearer realm="Mock Altinn control API"', 'cache-control': 'no-store' } }
  }

  return (req) => {
    if (!isControlApiPath(req.url.pathname)) return undefined
    const headers = req.headers
    const fromQuery = (req.method === 'GET' || req.method === 'HEAD') && req.url.searchParams.has(CONTROL_TOKEN_QUERY) ? (req.url.searchParams.get(CONTROL_TOKEN_QUERY) ?? '') : undefined
    if (fromQuery !== undefined) {
      if (!same(fromQuery, token)) return refuse()
      // Once: the cookie is set and the browser goes on to the same URL without the token in it (nor in its history).
      const clean = new URLSearchParams(req.url.searchParams)
      clean.delete(CONTROL_TOKEN_QUERY)
      const query = clean.toString()
      // One leading slash: `//__mock/ui` would read as a link to another host.
      const path = `/${req.url.pathname.replace(/^\/+/, '')}`
      return empty(303, { location: `${path}${query ? `?${query}` : ''}`, 'set-cookie': setCookie, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' })
    }
    const fromHeader = headers[CONTROL_TOKEN_HEADER]
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '')?.[1]
    const fromCookie = cookieValue(headers.cookie, CONTROL_TOKEN_COOKIE)
    const ok =
      (fromHeader !== undefined && same(fromHeader, token)) || (bearer !== undefined && same(bearer, token)) || (fromCookie !== undefined && same(fromCookie, cookie))
    if (!ok) return refuse()
    if (fromHeader !== undefined || bearer !== undefined) {
      // The token goes no further: the journal records a call's headers.
      const rest = { ...headers }
      delete rest[CONTROL_TOKEN_HEADER]
      if (bearer !== undefined) delete rest.authorization
      req.headers = rest
    }
    return undefined
  }
}
