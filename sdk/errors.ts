/**
 * One error family for everything the SDK can fail with, and the guards to tell them apart.
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
 * Secrets never reach an error: every message and every text property passes through {@link redactSecrets},
 * and no error keeps a reference to the request (which carries the `Authorization` header).
 *
 * @example
 * ```ts
 * import { isAltinnProblem } from './errors.ts'
 * try {
 *   await client.requests.delete(id)
 * } catch (e) {
 *   if (isAltinnProblem(e, 'AUTH-00010')) console.log('already gone')
 *   else throw e
 * }
 * ```
 */
import type { ProblemDetails, SystemUserExternalDTO, ValidationError } from './contract/index.ts'
import { ASSERTION_CLOCK_SKEW_SECONDS, MAX_ASSERTION_LIFETIME_SECONDS } from './contract/tokens.ts'

// ---------------------------------------------------------------------------------------------------------
// Redaction

/**
 * What replaces a secret in any text the SDK produces.
 *
 * @example
 * ```ts
 * redactSecrets('Bearer abc.def') // 'Bearer [redacted]'
 * ```
 */
export const REDACTED = '[redacted]'

/** A compact JWS or JWT (tokens, assertions): three base64url parts, the first a JSON header (`eyJ`). */
const JWT_PATTERN = /eyJ[\w-]*\.[\w-]*\.[\w-]*/g
/** A bearer credential written out, e.g. in an echoed header. */
const BEARER_PATTERN = /(bearer\s+)[^\s"',;]+/gi
/** A PEM block (a private key pasted into some text). */
const PEM_PATTERN = /-----BEGIN [A-Z ]+-----[\s\S]*?-----END [A-Z ]+-----/g
/** JSON members that hold secrets (`"access_token": "..."`, `"d": "..."` of a private JWK, ...). */
const SECRET_MEMBER_PATTERN = /("(?:access_token|id_token|refresh_token|assertion|client_assertion|d|p|q|dp|dq|qi|k)"\s*:\s*)"[^"]*"/g

const knownSecrets = new Set<string>()
const MAX_KNOWN_SECRETS = 256

/**
 * Remember a secret (an opaque token from your own `accessToken` provider, say) so that it is redacted from
 * every message even when it does not look like a JWT. Strings shorter than 8 characters are ignored.
 *
 * @example
 * ```ts
 * rememberSecret(token)
 * redactSecrets(`got ${token}`) // 'got [redacted]'
 * ```
 */
export function rememberSecret(secret: string): void {
  if (typeof secret !== 'string' || secret.length < 8) return
  if (knownSecrets.size >= MAX_KNOWN_SECRETS) knownSecrets.delete(knownSecrets.values().next().value!)
  knownSecrets.add(secret)
}

/**
 * Remove tokens, assertions, bearer credentials, PEM keys and private JWK members from a text.
 *
 * @example
 * ```ts
 * redactSecrets('Authorization: Bearer eyJhbGciOi.eyJzdWIi.c2ln') // 'Authorization: Bearer [redacted]'
 * ```
 */
export function redactSecrets(text: string): string {
  let out = text
  for (const secret of knownSecrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED)
  return out
    .replace(PEM_PATTERN, REDACTED)
    .replace(JWT_PATTERN, REDACTED)
    .replace(BEARER_PATTERN, `$1${REDACTED}`)
    .replace(SECRET_MEMBER_PATTERN, `$1"${REDACTED}"`)
}

/** Longest body text kept on an error. */
const MAX_BODY_TEXT = 2000

function clip(text: string | undefined): string | undefined {
  if (text === undefined) return undefined
  const redacted = redactSecrets(text)
  return redacted.length > MAX_BODY_TEXT ? `${redacted.slice(0, MAX_BODY_TEXT)}…` : redacted
}

// ---------------------------------------------------------------------------------------------------------
// The family

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
  constructor(message: string, options?: { cause?: unknown }) {
    super(redactSecrets(message), options?.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'AltinnError'
  }
}

/**
 * Facts of an HTTP exchange that an error may carry (never headers of the request).
 *
 * @example
 * ```ts
 * new AltinnHttpError({ status: 503, method: 'GET', url, retryAfterSeconds: 5 })
 * ```
 */
export interface HttpErrorDetails {
  status: number
  method: string
  /** The URL called (redacted). */
  url: string
  /** The answer's body as text, redacted and clipped to 2000 characters. */
  bodyText?: string | undefined
  /** The answer's `WWW-Authenticate` header on a 401 (why the token was refused). */
  wwwAuthenticate?: string | undefined
  /** Seconds from the answer's `Retry-After`, when it had one. */
  retryAfterSeconds?: number | undefined
  /** How many attempts were made (1 when the call was not retried). */
  attempts?: number | undefined
}

/**
 * Altinn answered with a status outside 2xx, and the body was not an Altinn problem (a bodiless 401/403, a text
 * body like `System with ID 'x' not found.`, an ASP.NET model error).
 *
 * @example
 * ```ts
 * if (e instanceof AltinnHttpError && e.status === 403) console.log('missing scope, or not your system')
 * ```
 */
export class AltinnHttpError extends AltinnError {
  readonly status: number
  readonly method: string
  readonly url: string
  readonly bodyText: string | undefined
  readonly wwwAuthenticate: string | undefined
  readonly retryAfterSeconds: number | undefined
  readonly attempts: number

  constructor(details: HttpErrorDetails, message?: string) {
    super(message ?? describeHttpFailure(details))
    this.name = 'AltinnHttpError'
    this.status = details.status
    this.method = details.method
    this.url = redactSecrets(details.url)
    this.bodyText = clip(details.bodyText)
    this.wwwAuthenticate = clip(details.wwwAuthenticate)
    this.retryAfterSeconds = details.retryAfterSeconds
    this.attempts = details.attempts ?? 1
  }
}

function describeHttpFailure(d: HttpErrorDetails): string {
  const hint =
    d.status === 401
      ? ' (the token was missing, expired or not accepted)'
      : d.status === 403
        ? ' (the token lacks the scope this call needs, or the system is not yours)'
        : ''
  const body = d.bodyText ? `: ${d.bodyText.slice(0, 300)}` : ''
  return `${d.method} ${d.url} answered ${d.status}${hint}${body}`
}

/**
 * Altinn answered with a problem (`application/problem+json`): `code` is the stable identifier to branch on
 * (`AUTH-00013`, or `STD-00000` for validation problems, whose details are in `validationErrors`).
 *
 * @example
 * ```ts
 * if (e instanceof AltinnProblemError && e.code === 'STD-00000') {
 *   for (const v of e.validationErrors) console.log(v.code, v.paths)
 * }
 * ```
 */
export class AltinnProblemError extends AltinnHttpError {
  /** `AUTH-000NN`, `STD-00000`, ... (undefined only for a problem without a code). */
  readonly code: string | undefined
  readonly title: string | undefined
  readonly detail: string | undefined
  readonly type: string | undefined
  /** Altinn's trace id: quote it when you ask Altinn's service desk. */
  readonly traceId: string | undefined
  readonly validationErrors: readonly ValidationError[]
  /** ASP.NET model-binding errors (`{"$.field": ["..."]}`), when the problem had them. */
  readonly modelErrors: Readonly<Record<string, readonly string[]>> | undefined
  /** Extension members of the problem, e.g. `NotFoundPackages` with AUTH-00063. */
  readonly extensions: Readonly<Record<string, unknown>>

  constructor(details: HttpErrorDetails, problem: ProblemDetails, message?: string) {
    super(details, message ?? describeProblem(details, problem))
    this.name = 'AltinnProblemError'
    this.code = problem.code ?? undefined
    this.title = problem.title ? redactSecrets(problem.title) : undefined
    this.detail = problem.detail ? redactSecrets(problem.detail) : undefined
    this.type = problem.type ?? undefined
    this.traceId = problem.traceId ?? undefined
    this.validationErrors = (problem.validationErrors ?? []).map((v) => ({
      ...v,
      title: redactSecrets(v.title),
      ...(v.detail ? { detail: redactSecrets(v.detail) } : {}),
    }))
    this.modelErrors = problem.errors ?? undefined
    const { type: _t, title: _ti, status: _s, detail: _d, code: _c, traceId: _tr, validationErrors: _v, errors: _e, ...rest } = problem
    this.extensions = JSON.parse(redactSecrets(JSON.stringify(rest))) as Record<string, unknown>
  }
}

function describeProblem(d: HttpErrorDetails, p: ProblemDetails): string {
  const what = [p.code, p.title].filter(Boolean).join(' ')
  const detail = p.detail ? ` ${p.detail}` : ''
  const validation = p.validationErrors?.length ? ` [${p.validationErrors.map((v) => `${v.code}: ${v.title}`).join('; ')}]` : ''
  const model = p.errors ? ` ${Object.entries(p.errors).map(([k, v]) => `${k}: ${v.join(' ')}`).join('; ')}` : ''
  return `${d.method} ${d.url} answered ${d.status}: ${what || 'a problem'}${detail}${validation}${model}`
}

/**
 * How to find the system user that made a create fail with AUTH-00004.
 *
 * @example
 * ```ts
 * const { systemId, orgNo, externalRef }: ExistingSystemUserRef = error.existing
 * ```
 */
export interface ExistingSystemUserRef {
  systemId: string
  orgNo: string
  /** The external reference the request used (the organisation number when none was given). */
  externalRef: string
}

/**
 * AUTH-00004: an active system user already exists for (system, organisation, external reference), so Altinn
 * refuses a new request. Treat it as "already connected": {@link SystemUserAlreadyExistsError.findSystemUser}
 * fetches it with `GET systemuser/vendor/byquery` (reference §11.4).
 *
 * @example
 * ```ts
 * try {
 *   await client.requests.create({ systemId, partyOrgNo, rights })
 * } catch (e) {
 *   if (e instanceof SystemUserAlreadyExistsError) {
 *     const user = await e.findSystemUser()
 *     console.log('already connected as', user?.id)
 *   } else throw e
 * }
 * ```
 */
export class SystemUserAlreadyExistsError extends AltinnProblemError {
  readonly existing: ExistingSystemUserRef
  readonly #find: () => Promise<SystemUserExternalDTO | undefined>

  constructor(source: AltinnProblemError, existing: ExistingSystemUserRef, find: () => Promise<SystemUserExternalDTO | undefined>) {
    super(
      detailsOf(source),
      problemOf(source),
      `A system user already exists for system ${existing.systemId}, organisation ${existing.orgNo} and external reference ` +
        `${existing.externalRef} (AUTH-00004). Look it up with client.systemUsers.find({ systemId, orgNo, externalRef }) ` +
        `or error.findSystemUser(); to connect again, the customer must delete it first, or use another externalRef.`,
    )
    this.name = 'SystemUserAlreadyExistsError'
    this.existing = existing
    this.#find = find
  }

  /** The existing system user, read from `GET systemuser/vendor/byquery`; undefined if it is gone meanwhile. */
  findSystemUser(): Promise<SystemUserExternalDTO | undefined> {
    return this.#find()
  }
}

function detailsOf(e: AltinnHttpError): HttpErrorDetails {
  return { status: e.status, method: e.method, url: e.url, bodyText: e.bodyText, wwwAuthenticate: e.wwwAuthenticate, retryAfterSeconds: e.retryAfterSeconds, attempts: e.attempts }
}

function problemOf(e: AltinnProblemError): ProblemDetails {
  return {
    ...e.extensions,
    type: e.type,
    title: e.title,
    status: e.status,
    detail: e.detail,
    code: e.code,
    traceId: e.traceId,
    validationErrors: [...e.validationErrors],
    ...(e.modelErrors ? { errors: Object.fromEntries(Object.entries(e.modelErrors).map(([k, v]) => [k, [...v]])) } : {}),
  }
}

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
  readonly clientId: string | undefined
  readonly scopes: readonly string[]
  readonly orgNo: string | undefined
  readonly externalRef: string | undefined
  /** What to check, in plain words. */
  readonly checks: readonly string[]

  constructor(details: MaskinportenErrorDetails, options?: { cause?: unknown }) {
    const description = details.errorDescription ? redactSecrets(details.errorDescription) : undefined
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
  constructor(details: MaskinportenErrorDetails) {
    super(details)
    this.name = 'MaskinportenSystemUserNotFoundError'
  }
}

/**
 * The right {@link MaskinportenError} for what Maskinporten said: MP-303 becomes
 * {@link MaskinportenSystemUserNotFoundError}.
 *
 * @example
 * ```ts
 * throw maskinportenErrorFor({ error: 'invalid_altinn_customer_configuration', errorDescription: '... (MP-303)', orgNo })
 * ```
 */
export function maskinportenErrorFor(details: MaskinportenErrorDetails, options?: { cause?: unknown }): MaskinportenError {
  if (details.error === 'invalid_altinn_customer_configuration' || (details.errorDescription && /\bMP-303\b/.test(details.errorDescription))) {
    return new MaskinportenSystemUserNotFoundError(details)
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

/**
 * Where a response broke the contract.
 *
 * @example
 * ```ts
 * for (const issue of error.issues) console.log(issue.path.join('.'), issue.message)
 * ```
 */
export interface ContractIssue {
  /** Path into the body, e.g. `['data', 0, 'status']`. */
  path: readonly (string | number)[]
  message: string
}

/**
 * The answer did not have the shape the contract promises (a field of the wrong type, a missing required
 * field, JSON where text was due), or it pointed somewhere the SDK will not follow (a `confirmUrl` or
 * `links.next` on a foreign host). Unknown extra fields never cause this: the SDK is a tolerant reader.
 *
 * @example
 * ```ts
 * if (e instanceof AltinnContractError) alert(`Altinn changed its API: ${e.message}`)
 * ```
 */
export class AltinnContractError extends AltinnError {
  readonly method: string | undefined
  readonly url: string | undefined
  readonly status: number | undefined
  readonly issues: readonly ContractIssue[]

  constructor(message: string, details: { method?: string; url?: string; status?: number; issues?: readonly ContractIssue[] } = {}) {
    super(message)
    this.name = 'AltinnContractError'
    this.method = details.method
    this.url = details.url === undefined ? undefined : redactSecrets(details.url)
    this.status = details.status
    this.issues = (details.issues ?? []).map((i) => ({ path: i.path, message: redactSecrets(i.message) }))
  }
}

/**
 * Our own deadline passed: a call's `timeoutMs` (all its attempts together), or `waitForDecision`'s
 * `timeoutMs`. For `waitForDecision`, `lastRequest` is what the last successful poll saw.
 *
 * @example
 * ```ts
 * try {
 *   await client.requests.waitForDecision(id, { timeoutMs: 60_000 })
 * } catch (e) {
 *   if (e instanceof AltinnTimeoutError) console.log('still waiting for the customer; try later')
 * }
 * ```
 */
export class AltinnTimeoutError extends AltinnError {
  readonly timeoutMs: number
  readonly operation: string
  readonly lastRequest: unknown

  constructor(operation: string, timeoutMs: number, lastRequest?: unknown) {
    super(`${operation} did not finish within ${timeoutMs} ms`)
    this.name = 'AltinnTimeoutError'
    this.operation = operation
    this.timeoutMs = timeoutMs
    this.lastRequest = lastRequest
  }
}

/**
 * The call failed in transit: no answer arrived (connection refused, reset, DNS). For a POST the SDK does not
 * know whether Altinn acted on it; `create` resolves that by looking the request up (see its docs).
 *
 * @example
 * ```ts
 * if (e instanceof AltinnNetworkError) console.log('Altinn unreachable:', e.message)
 * ```
 */
export class AltinnNetworkError extends AltinnError {
  readonly method: string
  readonly url: string
  readonly attempts: number

  constructor(method: string, url: string, attempts: number, cause: unknown) {
    const reason = cause instanceof Error ? (cause.cause instanceof Error ? cause.cause.message : cause.message) : String(cause)
    super(`${method} ${url} failed in transit after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${reason}`, { cause: sanitizeCause(cause) })
    this.name = 'AltinnNetworkError'
    this.method = method
    this.url = redactSecrets(url)
    this.attempts = attempts
  }
}

/** Keep a transport error's message and code, never objects that could hold a request. */
function sanitizeCause(cause: unknown): unknown {
  if (!(cause instanceof Error)) return undefined
  const copy = new Error(redactSecrets(cause.message))
  copy.name = cause.name
  const code = (cause as { code?: unknown }).code ?? (cause.cause as { code?: unknown } | undefined)?.code
  if (typeof code === 'string') (copy as Error & { code?: string }).code = code
  return copy
}

/**
 * Why a return URL's state was refused.
 *
 * @example
 * ```ts
 * if (e instanceof RedirectStateError && e.reason === 'signature') log.warn('forged return URL')
 * ```
 */
export type RedirectStateFailure = 'missing' | 'malformed' | 'signature' | 'expired'

/**
 * The state on a return URL is missing, not ours, altered, or older than allowed. Do not trust anything in
 * such a URL; show the user a neutral page and look the request up another way if needed.
 *
 * @example
 * ```ts
 * if (e instanceof RedirectStateError && e.reason === 'expired') res.send('This link has expired.')
 * ```
 */
export class RedirectStateError extends AltinnError {
  readonly reason: RedirectStateFailure

  constructor(reason: RedirectStateFailure, message: string) {
    super(message)
    this.name = 'RedirectStateError'
    this.reason = reason
  }
}

// ---------------------------------------------------------------------------------------------------------
// Guards

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
 * Whether `e` is an Altinn problem, optionally with the given code.
 *
 * @example
 * ```ts
 * if (isAltinnProblem(e, 'AUTH-00013')) console.log('already decided')
 * ```
 */
export function isAltinnProblem(e: unknown, code?: string): e is AltinnProblemError {
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
