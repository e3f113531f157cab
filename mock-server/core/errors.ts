/**
 * Every refusal the mock answers is a {@link MockError}: a value that says what happened and what the answer
 * carries, never an HTTP response. The rules and the routes throw them; the one dispatcher hands them to the one
 * mapping (`kit/errors.ts`), which gives each kind the exact answer Altinn, Maskinporten or the control API gives.
 * A rule that refuses changes nothing, because the store commits only when the rule returns. (Errors that never
 * become an answer, such as a seed file that cannot be read at start, stay plain errors of their own modules.)
 *
 * The kinds, one class each:
 * - `problem`: an entry of Altinn's AUTH catalogue ({@link ProblemError});
 * - `validation`: Altinn's `STD-00000` with its `validationErrors` ({@link ValidationProblemError});
 * - `oauth`: a token endpoint's `{"error", "error_description"}` ({@link OAuthError});
 * - `aspnet`: what ASP.NET itself answers where Altinn's status is the fact mirrored: a bodiless status, a text,
 *   model-state errors, or a ProblemDetails a controller writes ({@link AspNetError});
 * - `http-problem`: an RFC 9457 problem outside Altinn's catalogue, for the control API, the harness and the
 *   decision point ({@link HttpProblemError});
 * - `unauthorized`: the caller is not authenticated, and why ({@link UnauthorizedError});
 * - `forbidden`: the caller is known but may not do this, and why ({@link ForbiddenError}).
 *
 * @example
 * ```ts
 * if (!caller.orgNo) throw noConsumer()
 * throw problem(Problems.RequestStatusNotNew)
 * ```
 */
import { MaskinportenErrors, type ProblemDescriptor, type ValidationDescriptor } from 'altinn-systemuser-sdk/contract'

/** Any error of the family, narrowed by `kind`. */
export type AnyMockError = ProblemError | ValidationProblemError | OAuthError | AspNetError | HttpProblemError | UnauthorizedError | ForbiddenError

/** The kinds of {@link MockError}, one class each. */
export type MockErrorKind = AnyMockError['kind']

/**
 * The base of the family. `hint` is a note beside a faithful answer that would puzzle a vendor (it goes out as
 * `X-Mock-Warning`): what happened and what to do instead.
 */
export abstract class MockError extends Error {
  abstract readonly kind: MockErrorKind
  hint: string | undefined

  protected constructor(message: string) {
    super(message)
    this.name = new.target.name
  }

  /**
   * The same error with a note for the caller.
   *
   * @example
   * ```ts
   * throw new AspNetError(409, { text: 'The System already exist: x' }).withHint('list each client id once')
   * ```
   */
  withHint(hint: string): this {
    this.hint = hint
    return this
  }
}

/**
 * Whether a value is an error of the family.
 *
 * @example
 * ```ts
 * catch (e) { if (!isMockError(e)) throw e }
 * ```
 */
export function isMockError(value: unknown): value is AnyMockError {
  return value instanceof MockError
}

/** Extension members Altinn adds at the top level of a problem, e.g. `NotFoundPackages`. */
export type ProblemExtensions = Record<string, unknown>

/** A rejected operation, described by an entry of the AUTH catalogue. */
export class ProblemError extends MockError {
  readonly kind = 'problem'
  constructor(
    readonly descriptor: ProblemDescriptor,
    readonly extensions: ProblemExtensions = {},
    readonly detail?: string,
  ) {
    super(`${descriptor.code}: ${descriptor.title}${detail ? ` ${detail}` : ''}`)
  }
}

/**
 * Build a problem to throw.
 *
 * @example
 * ```ts
 * throw problem(Problems.RequestStatusNotNew)
 * ```
 */
export function problem(descriptor: ProblemDescriptor, extensions?: ProblemExtensions, detail?: string): ProblemError {
  return new ProblemError(descriptor, extensions, detail)
}

/** One failed validation rule with the paths it concerns. */
export interface ValidationFailure {
  descriptor: ValidationDescriptor
  paths: string[]
  detail?: string
  extensions?: ProblemExtensions
}

/** A validation problem (`STD-00000` with `validationErrors`), as the system register answers. */
export class ValidationProblemError extends MockError {
  readonly kind = 'validation'
  constructor(readonly failures: ValidationFailure[]) {
    super(failures.map((f) => f.descriptor.code).join(', '))
  }
}

/**
 * An OAuth 2.0 error of a token endpoint (RFC 6749 §5.2), as Maskinporten answers a refused grant. The status
 * follows from the error: 401 for `invalid_client`, 400 for every other.
 *
 * @example
 * ```ts
 * throw new OAuthError(MaskinportenErrors.invalidGrant, 'Invalid assertion. The JWT is expired. (MP-100)')
 * ```
 */
export class OAuthError extends MockError {
  readonly kind = 'oauth'
  readonly status: 400 | 401
  constructor(
    readonly error: string,
    readonly description: string,
  ) {
    super(`${error}: ${description}`)
    this.status = error === MaskinportenErrors.invalidClient ? 401 : 400
  }

  /** The body the token endpoint sends. */
  toBody(): { error: string; error_description: string } {
    return { error: this.error, error_description: this.description }
  }
}

/** The ProblemDetails an ASP.NET controller writes itself: `title`, `status`, `detail`, no `type` and no `code`. */
export interface ControllerProblem {
  title: string
  detail: string
}

/**
 * What ASP.NET gives where it is not an Altinn problem, at the status Altinn answers: nothing (`NotFound()`), a
 * text (`BadRequest("...")`), model-state errors (a value it cannot bind: always 400), or a ProblemDetails the
 * controller built. At most one of `text`, `modelErrors` and `problem` is set.
 *
 * @example
 * ```ts
 * throw new AspNetError(404, { text: `System with ID '${id}' not found.` })
 * ```
 */
export class AspNetError extends MockError {
  readonly kind = 'aspnet'
  readonly text?: string
  readonly modelErrors?: Record<string, string[]>
  readonly problem?: ControllerProblem
  constructor(
    readonly status: number,
    body: { text: string } | { modelErrors: Record<string, string[]> } | { problem: ControllerProblem } | undefined = undefined,
    message?: string,
  ) {
    super(message ?? (body && 'text' in body ? body.text : body && 'problem' in body ? `${status} ${body.problem.title}: ${body.problem.detail}` : `HTTP ${status}`))
    if (body && 'text' in body) this.text = body.text
    if (body && 'modelErrors' in body) this.modelErrors = body.modelErrors
    if (body && 'problem' in body) this.problem = body.problem
  }
}

/**
 * ASP.NET's model-state 400 for values it cannot bind, by field (`$.id`, `requestId`, `token`).
 *
 * @example
 * ```ts
 * throw modelStateError({ requestId: ["The value 'x' is not valid."] })
 * ```
 */
export function modelStateError(errors: Record<string, string[]>, message?: string): AspNetError {
  return new AspNetError(400, { modelErrors: errors }, message)
}

/**
 * An RFC 9457 problem outside Altinn's catalogue: the control API's and the harness's refusals, and the decision
 * point's unreadable request. `extra` members follow `detail` at the top level.
 *
 * @example
 * ```ts
 * throw new HttpProblemError(400, 'The seed addition is not valid.', detail, { errors })
 * ```
 */
export class HttpProblemError extends MockError {
  readonly kind = 'http-problem'
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail ?? title)
  }
}

/**
 * Input the mock cannot use (400 Bad Request); the detail says what to send instead.
 *
 * @example
 * ```ts
 * throw badInput('scope must name at least one scope, e.g. "altinn:clientdelegations.read".')
 * ```
 */
export function badInput(detail: string): HttpProblemError {
  return new HttpProblemError(400, 'Bad Request', detail)
}

/**
 * Something of the same name exists already (409 Conflict).
 *
 * @example
 * ```ts
 * throw conflict('A client with clientId "x" exists; choose another clientId.')
 * ```
 */
export function conflict(detail: string): HttpProblemError {
  return new HttpProblemError(409, 'Conflict', detail)
}

/**
 * The caller is not authenticated. `reason` says why (never the token); `tokenSent` is false when no bearer token
 * came at all. Where the router's authentication refuses, the reason goes out in `WWW-Authenticate`; where a
 * controller refuses (`Unauthorized()`), Altinn answers a bodiless 401 without it.
 *
 * @example
 * ```ts
 * throw new UnauthorizedError('the token has expired')
 * ```
 */
export class UnauthorizedError extends MockError {
  readonly kind = 'unauthorized'
  constructor(
    readonly reason: string,
    readonly tokenSent = true,
  ) {
    super(reason)
  }
}

/**
 * A valid token without a consumer organisation: the vendor API's controllers answer `Unauthorized()`.
 *
 * @example
 * ```ts
 * if (!caller.orgNo) throw noConsumer()
 * ```
 */
export function noConsumer(): UnauthorizedError {
  return new UnauthorizedError('the token names no consumer organisation (a Maskinporten token has a consumer claim)')
}

/**
 * The caller is known but may not do this (`Forbid()`: a bodiless 403); `reason` says why.
 *
 * @example
 * ```ts
 * throw new ForbiddenError('the vendor in the body is not the caller')
 * ```
 */
export class ForbiddenError extends MockError {
  readonly kind = 'forbidden'
  constructor(readonly reason: string) {
    super(reason)
  }
}
