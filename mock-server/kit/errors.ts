/**
 * The one mapping from an error of the family (`core/errors.ts`) to the answer on the wire. The dispatcher calls it
 * for every error a route throws, and nothing else does; each kind answers here exactly as the system the mock
 * plays answers it. On the page surface every kind is a page in bokmål, never JSON.
 *
 * @example
 * ```ts
 * errorResponse(problem(Problems.RequestNotFound), { surface: 'platform', stage: 'handler' }).status // 404
 * ```
 */
import { ValidationProblem, problemType, statusDescriptionOf, type ProblemDescriptor, type Surface } from 'altinn-systemuser-sdk/contract'
import type { AnyMockError, ValidationFailure } from '../core/errors.ts'
import { describeProblem } from './format.ts'
import { html, raw } from './html.ts'
import { portalSecurityHeaders } from './page-headers.ts'
import { empty, httpProblem, json, modelStateProblem, newTraceId, PROBLEM_TYPE, text, withWarnings } from './responses.ts'
import type { ErrorPage, RouteResponse } from './types.ts'

/**
 * Where an error was raised. `authentication`: the dispatcher's check of the bearer token, where ASP.NET's
 * authentication handler challenges with `WWW-Authenticate`; `handler`: the route's own rules, where a controller's
 * `Unauthorized()` is a bodiless 401 without a challenge.
 */
export type ErrorStage = 'authentication' | 'handler'

/** What the mapping needs to know of the exchange an error ended. */
export interface ErrorSite {
  surface: Surface
  stage: ErrorStage
  /** Notes gathered for `X-Mock-Warning` before the error (ignored fields and the like). */
  warnings?: readonly string[]
  /** The route's own error page (the page surface); without one, a plain page in bokmål. */
  page?: (page: ErrorPage, error: AnyMockError) => RouteResponse
}

/** RFC 6749 §5.1: token responses and errors must not be cached. */
const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' }

/** The message of a page for an error that is not an Altinn problem. */
const PAGE_FAILED_TEXT = 'Handlingen kunne ikke utføres. Gå tilbake og prøv igjen.'

/**
 * The answer to an error of the family: on the page surface a page with its status, message and AUTH code; on
 * every other surface the answer of its kind. The error's `hint` joins the warnings in `X-Mock-Warning`.
 *
 * @example
 * ```ts
 * errorResponse(new UnauthorizedError('the token has expired'), { surface: 'platform', stage: 'authentication' }).headers
 * // { 'www-authenticate': 'Bearer error="invalid_token", error_description="the token has expired"' }
 * ```
 */
export function errorResponse(error: AnyMockError, site: ErrorSite): RouteResponse {
  const res = site.surface === 'portal' ? pageOf(error, site) : answerOf(error, site.stage)
  const warnings = site.warnings ?? []
  return withWarnings(res, error.hint ? [...warnings, error.hint] : warnings)
}

function answerOf(error: AnyMockError, stage: ErrorStage): RouteResponse {
  switch (error.kind) {
    case 'problem':
      return problemResponse(error.descriptor, error.extensions, error.detail)
    case 'validation':
      return validationResponse(error.failures)
    case 'oauth':
      return json(error.status, error.toBody(), NO_STORE)
    case 'aspnet':
      if (error.modelErrors) return modelStateProblem(error.modelErrors)
      // A ProblemDetails a controller builds itself: `title`, `status`, `detail` as ASP.NET writes them.
      if (error.problem) return { status: error.status, headers: { 'content-type': PROBLEM_TYPE }, body: JSON.stringify({ title: error.problem.title, status: error.status, detail: error.problem.detail }) }
      return error.text !== undefined ? text(error.status, error.text) : empty(error.status)
    case 'http-problem':
      return httpProblem(error.status, error.title, error.detail, error.extra)
    case 'unauthorized':
      if (stage === 'handler') return empty(401)
      // RFC 6750 §3.1: no error code when the request carried no token at all.
      return empty(401, { 'www-authenticate': error.tokenSent ? `Bearer error="invalid_token", error_description="${error.reason}"` : 'Bearer' })
    case 'forbidden':
      return empty(403)
  }
}

/** The page surface: an Altinn problem shows its bokmål text and AUTH code; any other error its status. */
function pageOf(error: AnyMockError, site: ErrorSite): RouteResponse {
  const page: ErrorPage =
    error.kind === 'problem'
      ? { status: error.descriptor.status, message: describeProblem(error.descriptor), code: error.descriptor.code }
      : { status: answerOf(error, site.stage).status, message: PAGE_FAILED_TEXT }
  return site.page ? site.page(page, error) : plainErrorPage(page)
}

/** A page for the page surface's routes that have no error page of their own. */
function plainErrorPage(page: ErrorPage): RouteResponse {
  const body = html`${raw('<!doctype html>')}
<html lang="nb">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Noe gikk galt</title>
</head>
<body>
<main>
<h1>Noe gikk galt</h1>
<p role="alert">${page.message}</p>
${page.code ? html`<p>Feilkode: <strong>${page.code}</strong></p>` : ''}
</main>
</body>
</html>
`
  return { status: page.status, headers: { 'content-type': 'text/html; charset=utf-8', ...portalSecurityHeaders([]) }, body: body.toString() }
}

/**
 * An Altinn problem from the catalogue, in the member order of ProblemDetails v5.4.0's `AltinnProblemDetails`:
 * `type`, `title`, `status`, `detail`, `code`, `traceId`, `statusDescription` (audit §2 D13), then the extensions.
 */
function problemResponse(descriptor: ProblemDescriptor, extensions: Record<string, unknown>, detail: string | undefined): RouteResponse {
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

/**
 * The STD-00000 validation problem. It derives from `AltinnProblemDetails`, so it carries `statusDescription` too
 * (audit §2 D13), and each of its errors has `code`, `title`, `paths`, `detail` when there is one, then its
 * extension members (`AltinnValidationError`).
 */
function validationResponse(failures: readonly ValidationFailure[]): RouteResponse {
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
      validationErrors: failures.map((f) => ({
        code: f.descriptor.code,
        title: f.descriptor.title,
        paths: f.paths,
        ...(f.detail ? { detail: f.detail } : {}),
        ...(f.extensions ?? {}),
      })),
    }),
  }
}
