/**
 * Building responses: JSON, text, Altinn problems, ASP.NET's model-binding problems, bodiless statuses. The one
 * place that knows how each error looks on the wire.
 */
import { randomBytes } from 'node:crypto'
import { ValidationProblem, problemType, statusDescriptionOf, type ProblemDescriptor } from 'altinn-systemuser-sdk/contract'
import { PlainHttpError, ProblemError, ValidationProblemError } from '../core/errors.ts'
import type { RouteResponse } from './types.ts'

const JSON_TYPE = 'application/json; charset=utf-8'
const PROBLEM_TYPE = 'application/problem+json; charset=utf-8'

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

/**
 * An Altinn problem from the catalogue, in the member order of ProblemDetails v5.4.0's `AltinnProblemDetails`:
 * `type`, `title`, `status`, `detail`, `code`, `traceId`, `statusDescription` (audit §2 D13), then the extensions.
 */
function problemResponse(descriptor: ProblemDescriptor, extensions: Record<string, unknown> = {}, detail?: string): RouteResponse {
  return {
    status: descriptor.status,
    headers: { 'content-type': PROBLEM_TYPE },
    body: JSON.stringify({
      type: problemType(descriptor.code),
      title: descriptor.title,
      status: descriptor.status,
      ...(detail ? { detail } : {}),
      code: descriptor.code,
      traceId: newTraceId(),
      statusDescription: statusDescriptionOf(descriptor.status),
      ...extensions,
    }),
  }
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

/**
 * Render any error the core throws; anything else is a 500 without details (logged by the router). The STD-00000
 * validation problem derives from `AltinnProblemDetails`, so it carries `statusDescription` too (audit §2 D13), and
 * each of its errors has `code`, `title`, `paths`, `detail` when there is one, then its extension members
 * (`AltinnValidationError`).
 */
export function errorResponse(error: unknown): RouteResponse | undefined {
  if (error instanceof ProblemError) return problemResponse(error.descriptor, error.extensions, error.detail)
  if (error instanceof ValidationProblemError) {
    return {
      status: 400,
      headers: { 'content-type': PROBLEM_TYPE },
      body: JSON.stringify({
        type: problemType(ValidationProblem.code),
        title: ValidationProblem.title,
        status: 400,
        code: ValidationProblem.code,
        traceId: newTraceId(),
        statusDescription: statusDescriptionOf(400),
        validationErrors: error.failures.map((f) => ({
          code: f.descriptor.code,
          title: f.descriptor.title,
          paths: f.paths,
          ...(f.detail ? { detail: f.detail } : {}),
          ...(f.extensions ?? {}),
        })),
      }),
    }
  }
  if (error instanceof PlainHttpError) {
    if (error.modelErrors) return modelStateProblem(error.modelErrors)
    return error.body !== undefined ? text(error.status, error.body) : empty(error.status)
  }
  return undefined
}
