/**
 * One error family for everything the SDK can fail with, one class per file, and the guards to tell them apart
 * (the tree is in `altinn-error.ts`).
 *
 * @example
 * ```ts
 * import { AltinnProblemError, isAltinnProblem } from './errors/index.ts'
 * if (isAltinnProblem(e, 'AUTH-00013')) console.log('already decided')
 * ```
 */
export { AltinnError, type AltinnErrorOptions } from './altinn-error.ts'
export { AltinnHttpError, type HttpErrorDetails } from './http-error.ts'
export { AltinnProblemError } from './problem-error.ts'
export { SystemUserAlreadyExistsError, type ExistingSystemUserRef } from './system-user-already-exists.ts'
export {
  MaskinportenError,
  MaskinportenSystemUserNotFoundError,
  maskinportenErrorFor,
  type MaskinportenErrorDetails,
} from './maskinporten-error.ts'
export { AltinnContractError, type ContractIssue } from './contract-error.ts'
export { AltinnTimeoutError } from './timeout-error.ts'
export { AltinnNetworkError } from './network-error.ts'
export { RedirectStateError, type RedirectStateFailure } from './redirect-state-error.ts'
export { isAltinnError, isAltinnHttpError, isAltinnProblem, isMaskinportenError, isSystemUserAlreadyExists, isTransientError } from './guards.ts'
