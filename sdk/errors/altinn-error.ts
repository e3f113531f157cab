/**
 * The root of the SDK's error family.
 *
 * ```
 * AltinnError
 * ├── AltinnHttpError            a non-2xx answer from Altinn (status, method, url, body text)
 * │   └── AltinnProblemError     the answer was an Altinn problem: code (AUTH-00013), title, validationErrors, traceId
 * │       └── SystemUserAlreadyExistsError   AUTH-00004, with how to find the existing system user
 * ├── MaskinportenError          Maskinporten refused a grant: OAuth `error`, the MP code, what to check
 * │   └── MaskinportenSystemUserNotFoundError   MP-303: no system user matched the grant
 * ├── AltinnContractError        the answer broke the wire contract (a wrong type, a foreign host): drift
 * ├── AltinnTimeoutError         our own deadline passed (a call's `timeoutMs`, or `waitForDecision`'s)
 * ├── AltinnNetworkError         the call failed in transit (no answer at all)
 * └── RedirectStateError         the state on a return URL is missing, forged or too old
 * ```
 *
 * Secrets never reach an error: every message and every text property is redacted (by the client's redactor when
 * the client made the error, see `sdk/redaction.ts`), and no error keeps a reference to the request (which carries
 * the `Authorization` header).
 */
import { redactPatterns } from '../redaction.ts'

/** Options every error of the family takes. */
export interface AltinnErrorOptions {
  cause?: unknown
  /** How the error's texts are redacted: the client's redactor; by default, by the shapes of secrets alone. */
  redact?: ((text: string) => string) | undefined
}

/** The redaction an error uses. */
export function redactionOf(options: AltinnErrorOptions | undefined): (text: string) => string {
  return options?.redact ?? redactPatterns
}

/**
 * The root of every error the SDK throws (besides `TypeError` for wrong arguments and the abort reason when
 * your signal aborts).
 *
 * @example
 * ```ts
 * if (e instanceof AltinnError) log.warn(e.message)
 * ```
 */
export class AltinnError extends Error {
  constructor(message: string, options?: AltinnErrorOptions) {
    super(redactionOf(options)(message), options?.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'AltinnError'
  }
}
