/**
 * The guards: tell the errors of the family apart without `instanceof` chains, and narrow their type.
 *
 * @example
 * ```ts
 * try {
 *   await client.requests.delete(id)
 * } catch (e) {
 *   if (isAltinnProblem(e, 'AUTH-00010')) console.log('already gone')
 *   else throw e
 * }
 * ```
 */
import type { ProblemCode } from '../contract/index.ts'
import { AltinnError } from './altinn-error.ts'
import { AltinnHttpError } from './http-error.ts'
import { MaskinportenError } from './maskinporten-error.ts'
import { AltinnNetworkError } from './network-error.ts'
import { AltinnProblemError } from './problem-error.ts'
import { SystemUserAlreadyExistsError } from './system-user-already-exists.ts'
import { AltinnTimeoutError } from './timeout-error.ts'

/**
 * Whether `e` is any error of the SDK's family.
 *
 * @example
 * ```ts
 * if (isAltinnError(e)) report(e.name, e.message)
 * ```
 */
export function isAltinnError(e: unknown): e is AltinnError {
  return e instanceof AltinnError
}

/**
 * Whether `e` is an Altinn problem, optionally with the given code. `code` is one of the codes Altinn's problems
 * carry (`AUTH-00000` to `AUTH-00080`, `STD-00000`): an editor completes it, and a code Altinn does not have is a
 * type error. To compare with a code held in a `string`, narrow first: `isAltinnProblem(e) && e.code === code`.
 *
 * @example
 * ```ts
 * if (isAltinnProblem(e, 'AUTH-00013')) console.log('already decided')
 * if (isAltinnProblem(e, Problems.RequestNotFound.code)) console.log('gone')
 * ```
 */
export function isAltinnProblem(e: unknown, code?: ProblemCode): e is AltinnProblemError {
  return e instanceof AltinnProblemError && (code === undefined || e.code === code)
}

/**
 * Whether `e` is an HTTP failure from Altinn, optionally with the given status.
 *
 * @example
 * ```ts
 * if (isAltinnHttpError(e, 403)) console.log('check the scopes of your Maskinporten client')
 * ```
 */
export function isAltinnHttpError(e: unknown, status?: number): e is AltinnHttpError {
  return e instanceof AltinnHttpError && (status === undefined || e.status === status)
}

/**
 * Whether `e` is a Maskinporten refusal, optionally with the given MP code (`MP-303`) or OAuth error.
 *
 * @example
 * ```ts
 * if (isMaskinportenError(e, 'MP-303')) console.log('system user not found:', e.checks)
 * ```
 */
export function isMaskinportenError(e: unknown, codeOrError?: string): e is MaskinportenError {
  return e instanceof MaskinportenError && (codeOrError === undefined || e.mpCode === codeOrError || e.error === codeOrError)
}

/**
 * Whether `e` says a system user already exists (AUTH-00004).
 *
 * @example
 * ```ts
 * if (isSystemUserAlreadyExists(e)) await e.findSystemUser()
 * ```
 */
export function isSystemUserAlreadyExists(e: unknown): e is SystemUserAlreadyExistsError {
  return e instanceof SystemUserAlreadyExistsError
}

/**
 * Whether `e` is a transient failure worth trying again later: a transport failure, our own timeout on a
 * call, 408, 429 or 5xx.
 *
 * @example
 * ```ts
 * if (isTransientError(e)) setTimeout(tryAgain, 5_000)
 * ```
 */
export function isTransientError(e: unknown): boolean {
  if (e instanceof AltinnNetworkError) return true
  if (e instanceof AltinnTimeoutError) return e.operation !== 'waitForDecision'
  if (e instanceof AltinnHttpError) return e.status === 408 || e.status === 429 || e.status >= 500
  if (e instanceof MaskinportenError) return e.error === 'unreachable' || (e.status !== undefined && e.status >= 500)
  return false
}
