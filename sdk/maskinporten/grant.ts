/**
 * One Maskinporten grant: the JWT-bearer grant (openid-client) with a freshly signed assertion, its answer turned
 * into an {@link AccessToken}, and any failure into a {@link MaskinportenError} without secrets. A failed grant is
 * tried again under the SDK's one retry policy (`retry.ts`, the rules of every API call): after 408, 429, 5xx or
 * no answer, with backoff and `Retry-After`, never after a refusal. Each attempt signs a new assertion, so a retried
 * grant is a new request (a new `jti`), never a replay.
 *
 * Reference §7.1 (the grant and `authorization_details`).
 */
import { decodeJwt } from 'jose'
import {
  None,
  ResponseBodyError,
  WWWAuthenticateChallengeError,
  allowInsecureRequests,
  customFetch,
  discovery,
  genericGrantRequest,
  type Configuration,
} from 'openid-client'
import { ISO6523_ACTORID_UPIS, JWT_BEARER_GRANT_TYPE, SYSTEM_USER_DETAIL_TYPE } from '../contract/index.ts'
import { MaskinportenError, maskinportenErrorFor } from '../errors/index.ts'
import type { Logger } from '../http.ts'
import type { Redactor } from '../redaction.ts'
import { parseRetryAfter, withRetries, type AttemptFailure, type RetryPolicy } from '../retry.ts'
import type { AssertionSigner } from './keys.ts'

/**
 * A token and when it stops working.
 *
 * @example
 * ```ts
 * const { accessToken, expiresAt }: AccessToken = await client.tokens.vendor(['altinn:authentication/systemuser.request.read'])
 * ```
 */
export interface AccessToken {
  accessToken: string
  expiresAt: Date
  /** The scopes granted (as Maskinporten answered, else as asked). */
  scopes: readonly string[]
  /** Who issued it: Maskinporten, or Altinn after the exchange. */
  issuer: 'maskinporten' | 'altinn'
}

/** The system user a grant asks for: its owner organisation and the request's external reference. */
export interface GrantSubject {
  orgNo: string
  externalRef?: string | undefined
}

/** Makes grants for one Maskinporten client: the vendor's own (no subject) or a system user's. */
export type Grant = (scopes: readonly string[], subject?: GrantSubject) => Promise<AccessToken>

/** What a grant needs: where Maskinporten is, who asks, how to sign, and the client's policy, redactor and clock. */
export interface GrantOptions {
  issuer: string
  clientId: string
  signAssertion: AssertionSigner
  retry: RetryPolicy
  redactor: Redactor
  now: () => number
  /** Timeout of one Maskinporten call in ms. */
  timeoutMs: number
  fetch?: typeof fetch | undefined
  logger?: Logger | undefined
}

interface GrantContext {
  clientId: string
  scopes: readonly string[]
  orgNo?: string | undefined
  externalRef?: string | undefined
}

/** Lifetime assumed for a token whose answer gives none and which is not a JWT. */
const OPAQUE_TOKEN_SECONDS = 120

/** Seconds until `jwt` expires, from its `exp`; a cautious default for an opaque token. */
function expiryOf(jwt: string, started: number): number {
  try {
    const exp = decodeJwt(jwt).exp
    if (typeof exp === 'number') return Math.max(0, exp - Math.floor(started / 1000))
  } catch {
    // an opaque token: fall through to a cautious default
  }
  return OPAQUE_TOKEN_SECONDS
}

/** Map whatever openid-client threw into a {@link MaskinportenError} without secrets. */
function toMaskinportenError(e: unknown, context: GrantContext, redact: (text: string) => string): MaskinportenError {
  if (e instanceof MaskinportenError) return e
  const base = { clientId: context.clientId, scopes: context.scopes, orgNo: context.orgNo, externalRef: context.externalRef }
  const options = { redact }
  if (e instanceof ResponseBodyError) {
    const retryAfterSeconds = parseRetryAfter(e.response.headers.get('retry-after'))
    return maskinportenErrorFor({ ...base, error: e.error, errorDescription: e.error_description, status: e.status, retryAfterSeconds }, options)
  }
  if (e instanceof WWWAuthenticateChallengeError) {
    const challenge = e.cause[0]
    return maskinportenErrorFor(
      { ...base, error: challenge?.parameters.error ?? 'invalid_client', errorDescription: challenge?.parameters.error_description, status: e.status },
      options,
    )
  }
  if (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError')) {
    return new MaskinportenError({ ...base, error: 'unreachable', errorDescription: 'Maskinporten did not answer in time' }, options)
  }
  if (e instanceof TypeError && /fetch failed|network|ECONN|ENOTFOUND/i.test(`${e.message} ${String((e.cause as Error | undefined)?.message ?? '')}`)) {
    const reason = redact((e.cause as Error | undefined)?.message ?? e.message)
    return new MaskinportenError({ ...base, error: 'unreachable', errorDescription: `Maskinporten could not be reached: ${reason}` }, options)
  }
  // openid-client puts the Response of a non-conform answer (a 5xx, a body that is not JSON) in `cause`.
  const answered = e instanceof Error && e.cause instanceof Response ? e.cause : undefined
  if (answered && answered.status >= 500) {
    const retryAfterSeconds = parseRetryAfter(answered.headers.get('retry-after'))
    return new MaskinportenError({ ...base, error: 'server_error', errorDescription: `Maskinporten answered ${answered.status}`, status: answered.status, retryAfterSeconds }, options)
  }
  const message = e instanceof Error ? redact(e.message) : 'unknown error'
  const status = answered?.status ?? (typeof (e as { status?: unknown })?.status === 'number' ? (e as { status: number }).status : undefined)
  return new MaskinportenError({ ...base, error: 'invalid_response', errorDescription: `unexpected answer from Maskinporten: ${message}`, status }, options)
}

/** What the retry policy needs to know of a failed grant: no answer, an answer's status, or a failure of our own. */
function failureOf(e: unknown): AttemptFailure {
  if (!(e instanceof MaskinportenError)) return { kind: 'final' }
  if (e.error === 'unreachable') return { kind: 'no-answer' }
  if (e.status !== undefined) return { kind: 'answer', status: e.status, retryAfterSeconds: e.retryAfterSeconds }
  return { kind: 'final' }
}

/** The `authorization_details` that name a system user in a grant (reference §7.1). */
function authorizationDetailsFor(subject: GrantSubject): unknown[] {
  const detail: Record<string, unknown> = {
    type: SYSTEM_USER_DETAIL_TYPE,
    systemuser_org: { authority: ISO6523_ACTORID_UPIS, ID: `0192:${subject.orgNo}` },
  }
  if (subject.externalRef !== undefined) detail.externalRef = subject.externalRef
  return [detail]
}

/** The grant of one Maskinporten client; Maskinporten's metadata is read on the first grant (and again after a failure). */
export function createGrant(options: GrantOptions): Grant {
  const { issuer, clientId, signAssertion, redactor, now, logger } = options
  const redact = redactor.redact
  let configuration: Promise<Configuration> | undefined

  const configure = (context: GrantContext) => {
    configuration ??= discovery(new URL(issuer), clientId, undefined, None(), {
      algorithm: 'oauth2',
      // Only the local mock runs on plain http; real Maskinporten is https.
      execute: new URL(issuer).protocol === 'http:' ? [allowInsecureRequests] : [],
      timeout: Math.ceil(options.timeoutMs / 1000),
      ...(options.fetch ? { [customFetch]: options.fetch as never } : {}),
    }).catch((e: unknown) => {
      configuration = undefined
      // Shared by every grant waiting for it: it names the client and scopes, not one caller's system user.
      throw toMaskinportenError(e, { clientId, scopes: context.scopes }, redact)
    })
    return configuration
  }

  async function attempt(scopes: readonly string[], subject: GrantSubject | undefined, context: GrantContext): Promise<AccessToken> {
    try {
      const config = await configure(context)
      // A fresh assertion each attempt: a new jti, so a retried grant is a new request, not a replay.
      const assertion = await signAssertion(scopes, subject ? authorizationDetailsFor(subject) : undefined)
      const started = now()
      const response = await genericGrantRequest(config, JWT_BEARER_GRANT_TYPE, { assertion })
      redactor.remember(response.access_token)
      const expiresIn = typeof response.expires_in === 'number' ? response.expires_in : expiryOf(response.access_token, started)
      const granted = typeof response.scope === 'string' && response.scope.trim() ? response.scope.trim().split(/\s+/) : [...scopes]
      logger?.debug?.(`Maskinporten token for ${subject ? `the system user of ${subject.orgNo}` : 'the vendor'} (${scopes.join(' ')}), valid ${expiresIn} s`, {
        scopes: [...scopes],
        orgNo: subject?.orgNo,
        expiresIn,
      })
      return { accessToken: response.access_token, expiresAt: new Date(started + expiresIn * 1000), scopes: granted, issuer: 'maskinporten' }
    } catch (e) {
      throw toMaskinportenError(e, context, redact)
    }
  }

  return (scopes, subject) => {
    const context: GrantContext = { clientId, scopes, orgNo: subject?.orgNo, externalRef: subject?.externalRef }
    return withRetries(() => attempt(scopes, subject, context), options.retry, {
      classify: failureOf,
      onRetry: (e, retry) => {
        const error = e as MaskinportenError
        logger?.warn?.(`Maskinporten grant failed (${error.error}); trying again`, { attempt: retry, error: error.error, status: error.status })
      },
    })
  }
}
