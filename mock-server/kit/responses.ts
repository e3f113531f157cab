/**
 * Building responses: JSON, text, RFC 9457 problems, ASP.NET's model-binding problems, bodiless statuses, and the
 * notes of `X-Mock-Warning`. How each error of the family looks on the wire is decided in `errors.ts`.
 */
import { randomBytes } from 'node:crypto'
import type { RouteResponse } from './types.ts'

const JSON_TYPE = 'application/json; charset=utf-8'
/** The content type of every problem (Altinn's, ASP.NET's and the control API's). */
export const PROBLEM_TYPE = 'application/problem+json; charset=utf-8'

/** A W3C trace id like ASP.NET's `traceId`. */
export function newTraceId(): string {
  return `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`
}

export function json(status: number, body: unknown, headers?: Record<string, string | string[]>): RouteResponse {
  return { status, headers: headers ? { 'content-type': JSON_TYPE, ...headers } : { 'content-type': JSON_TYPE }, body: JSON.stringify(body) }
}

export function text(status: number, body: string, contentType = 'text/plain; charset=utf-8'): RouteResponse {
  return { status, headers: { 'content-type': contentType }, body }
}

/**
 * A script or style sheet of the mock's own tool pages (the inspector, the API docs): revalidated on every load, never
 * sniffed as another type.
 *
 * @example
 * ```ts
 * route('inspectorStyles', 'GET', 'control', `${INSPECTOR_PATH}/inspector.css`, { handle: () => assetResponse(INSPECTOR_CSS, 'text/css; charset=utf-8') })
 * ```
 */
export function assetResponse(body: string, contentType: string): RouteResponse {
  const res = text(200, body, contentType)
  return { ...res, headers: { ...res.headers, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' } }
}

export function empty(status: number, headers: Record<string, string | string[]> = {}): RouteResponse {
  return { status, headers }
}

/** A problem that is not in Altinn's catalogue (unknown route, body too large, ...), with RFC 9110 `type`. */
export function httpProblem(status: number, title: string, detail?: string, extra: Record<string, unknown> = {}): RouteResponse {
  return {
    status,
    headers: { 'content-type': PROBLEM_TYPE },
    body: JSON.stringify({ type: rfcType(status), title, status, ...(detail ? { detail } : {}), traceId: newTraceId(), ...extra }),
  }
}

function rfcType(status: number): string {
  const section: Record<number, string> = { 400: '15.5.1', 401: '15.5.2', 403: '15.5.4', 404: '15.5.5', 405: '15.5.6', 409: '15.5.10', 413: '15.5.14', 415: '15.5.16', 500: '15.6.1' }
  return `https://tools.ietf.org/html/rfc9110#section-${section[status] ?? '15'}`
}

/** ASP.NET's automatic 400 for a body or parameter it cannot bind: `errors: {"$.field": ["..."]}`. */
export function modelStateProblem(errors: Record<string, string[]>): RouteResponse {
  return httpProblem(400, 'One or more validation errors occurred.', undefined, { errors })
}

/** A header value as sent: printable ASCII only, at most 500 characters. */
export function sanitizeHeader(value: string): string {
  return value.replace(/[^\x20-\x7e]/g, '?').slice(0, 500)
}

/**
 * The answer with the notes for the caller in `X-Mock-Warning` (ignored fields, a hint beside a puzzling answer).
 *
 * @example
 * ```ts
 * withWarnings(json(200, system), ['ignored unknown field(s): nmae'])
 * ```
 */
export function withWarnings(res: RouteResponse, warnings: readonly string[]): RouteResponse {
  if (!warnings.length) return res
  return { ...res, headers: { ...res.headers, 'x-mock-warning': sanitizeHeader(warnings.join('; ')) } }
}
