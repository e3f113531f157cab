import { ASSERTION_CLOCK_SKEW_SECONDS, MAX_ASSERTION_LIFETIME_SECONDS } from '../contract/tokens.ts'
import { AltinnError, redactionOf, type AltinnErrorOptions } from './altinn-error.ts'

/**
 * What Maskinporten said, without any secret.
 *
 * @example
 * ```ts
 * new MaskinportenError({ error: 'invalid_scope', scopes: ['x:y'] })
 * ```
 */
export interface MaskinportenErrorDetails {
  /** OAuth `error`, e.g. `invalid_grant`, `invalid_altinn_customer_configuration`; or the SDK's own `invalid_key`, `unreachable`, `invalid_response`. */
  error: string
  errorDescription?: string | undefined
  /** HTTP status of the answer, when there was one. */
  status?: number | undefined
  /** Seconds from the answer's `Retry-After`, when it had one. */
  retryAfterSeconds?: number | undefined
  clientId?: string | undefined
  scopes?: readonly string[] | undefined
  /** For a system-user grant: the owner organisation and the external reference asked for. */
  orgNo?: string | undefined
  externalRef?: string | undefined
}

const MP_CODE = /\bMP-\d{3}\b/

/**
 * Maskinporten refused to issue a token (or could not be reached, or its key could not be used). `mpCode` is
 * the Maskinporten code from the description (`MP-303`, `MP-100`, ...); `checks` lists what to look at.
 *
 * @example
 * ```ts
 * if (isMaskinportenError(e, 'MP-303')) console.log(e.checks.join('\n'))
 * ```
 */
export class MaskinportenError extends AltinnError {
  readonly error: string
  readonly errorDescription: string | undefined
  readonly mpCode: string | undefined
  readonly status: number | undefined
  readonly retryAfterSeconds: number | undefined
  readonly clientId: string | undefined
  readonly scopes: readonly string[]
  readonly orgNo: string | undefined
  readonly externalRef: string | undefined
  /** What to check, in plain words. */
  readonly checks: readonly string[]

  constructor(details: MaskinportenErrorDetails, options?: AltinnErrorOptions) {
    const description = details.errorDescription ? redactionOf(options)(details.errorDescription) : undefined
    const mpCode = description?.match(MP_CODE)?.[0]
    const checks = checksFor(details, mpCode)
    const subject = details.orgNo ? ` for the system user of ${details.orgNo}${details.externalRef ? ` (externalRef ${details.externalRef})` : ''}` : ''
    super(
      `Maskinporten refused the token${subject}: ${details.error}${description ? ` (${description})` : ''}` +
        (checks.length ? `. Check: ${checks.join(' ')}` : ''),
      options,
    )
    this.name = 'MaskinportenError'
    this.error = details.error
    this.errorDescription = description
    this.mpCode = mpCode
    this.status = details.status
    this.retryAfterSeconds = details.retryAfterSeconds
    this.clientId = details.clientId
    this.scopes = details.scopes ?? []
    this.orgNo = details.orgNo
    this.externalRef = details.externalRef
    this.checks = checks
  }
}

/**
 * MP-303 (`invalid_altinn_customer_configuration`): Maskinporten asked Altinn for the system user and none
 * matched. `checks` names the usual causes (reference §7.1, §11.2): not approved yet or deleted, the client id
 * missing from the system, a wrong `externalRef`, or a client's organisation used for an agent system user.
 *
 * @example
 * ```ts
 * try {
 *   await client.tokens.systemUser({ orgNo: '312091437', scopes: ['skatteetaten:kravogbetalinger'] })
 * } catch (e) {
 *   if (e instanceof MaskinportenSystemUserNotFoundError) console.log(e.checks.join('\n'))
 *   else throw e
 * }
 * ```
 */
export class MaskinportenSystemUserNotFoundError extends MaskinportenError {
  constructor(details: MaskinportenErrorDetails, options?: AltinnErrorOptions) {
    super(details, options)
    this.name = 'MaskinportenSystemUserNotFoundError'
  }
}

/** The right {@link MaskinportenError} for what Maskinporten said: MP-303 becomes {@link MaskinportenSystemUserNotFoundError}. */
export function maskinportenErrorFor(details: MaskinportenErrorDetails, options?: AltinnErrorOptions): MaskinportenError {
  if (details.error === 'invalid_altinn_customer_configuration' || (details.errorDescription && /\bMP-303\b/.test(details.errorDescription))) {
    return new MaskinportenSystemUserNotFoundError(details, { redact: options?.redact })
  }
  return new MaskinportenError(details, options)
}

function checksFor(d: MaskinportenErrorDetails, mpCode: string | undefined): string[] {
  // Reference §7.1 and §11.2: the documented causes of MP-303 `invalid_altinn_customer_configuration`.
  if (mpCode === 'MP-303' || d.error === 'invalid_altinn_customer_configuration') {
    return [
      `(1) the request for organisation ${d.orgNo ?? '(orgNo)'} was approved (status Accepted) and the system user was not deleted since: client.systemUsers.find(...)`,
      `(2) the Maskinporten client id ${d.clientId ?? '(clientId)'} is in the system's clientId list: client.systemRegister.get(systemId)`,
      `(3) the externalRef matches the request's: ${d.externalRef === undefined ? 'none was sent, so Altinn used the organisation number' : `"${d.externalRef}" was sent`}`,
      `(4) for an agent system user, orgNo is the facilitator's organisation (the one that approved), never a client's.`,
    ]
  }
  if (mpCode === 'MP-100') {
    const clock = clockCheck(d.errorDescription)
    if (clock) return [clock]
    return ['the client id, the key id (kid) and that the key is the one registered on the Maskinporten client.']
  }
  if (mpCode === 'MP-110') return ["the assertion's audience: it must be Maskinporten's issuer of this environment."]
  if (mpCode === 'MP-121') return ['that the key registered on the Maskinporten client has not expired.']
  if (d.error === 'invalid_scope') return [`that the Maskinporten client is allowed every scope asked for (${(d.scopes ?? []).join(' ')}).`]
  if (d.error === 'invalid_key') return ['the key given to createAltinnClient: a private JWK, a PKCS#8 or PKCS#1 PEM, a CryptoKey or a signing function.']
  return []
}

/** An ISO 8601 instant in a description, after `label` ("Maskinporten's time is", "iat"). */
function instantAfter(text: string, label: string): number | undefined {
  const m = new RegExp(`${label}\\s+(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?Z)`).exec(text)
  const t = m ? Date.parse(m[1]!) : NaN
  return Number.isNaN(t) ? undefined : t
}

/** A span in words, rounded to the largest unit: "181 days", "3 hours", "7 minutes". */
function describeSpan(ms: number): string {
  const s = Math.round(ms / 1000)
  for (const [name, size] of [['day', 86_400], ['hour', 3_600], ['minute', 60]] as const) {
    if (s >= size) {
      const n = Math.round(s / size)
      return `${n} ${name}${n === 1 ? '' : 's'}`
    }
  }
  return `${s} seconds`
}

/**
 * When MP-100 is about time (an expired assertion, an `iat` or `nbf` in the future), the clocks are the likely
 * cause: Maskinporten judges `iat` and `exp`, which come from this machine's clock (or the `now` option). When the
 * description names Maskinporten's time and the assertion's `iat`, as the mock's does, say how far apart they are.
 */
function clockCheck(description: string | undefined): string | undefined {
  if (!description || !/expired|\biat\b|\bnbf\b|not valid yet/i.test(description)) return undefined
  const theirs = instantAfter(description, "Maskinporten's time is")
  const ours = instantAfter(description, 'iat')
  if (theirs !== undefined && ours !== undefined && Math.abs(theirs - ours) > MAX_ASSERTION_LIFETIME_SECONDS * 1000) {
    const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z')
    return (
      `the clocks: Maskinporten's clock is ${describeSpan(Math.abs(theirs - ours))} ${theirs > ours ? 'ahead of' : 'behind'} this client's ` +
      `(Maskinporten's time ${iso(theirs)}, the assertion's iat ${iso(ours)}). Against the mock, its clock was most likely moved: ` +
      `GET /__mock/clock shows it and POST /__mock/clock {"reset": true} puts it back; against Maskinporten, set this machine's clock right (NTP).`
    )
  }
  return (
    `this machine's clock (or the client's now option): the assertion's iat and exp come from it and must agree with Maskinporten's ` +
    `within ${ASSERTION_CLOCK_SKEW_SECONDS} seconds; against the mock, GET /__mock/clock shows whether its clock was moved.`
  )
}
