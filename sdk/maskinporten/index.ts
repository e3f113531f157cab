/**
 * Maskinporten tokens for one client, composed of its parts: the key and the assertions it signs (`keys.ts`), one
 * grant under the SDK's retry policy (`grant.ts`), and the cache with one grant in flight per key
 * (`token-cache.ts`). Optionally exchanged for an Altinn token (reference §7.2).
 *
 * @example
 * ```ts
 * const tokens = createMaskinportenTokenProvider({
 *   issuer: 'https://test.maskinporten.no/',
 *   clientId: 'a3f1c0de-…',
 *   key: privateJwk,
 * })
 * const { accessToken, expiresAt } = await tokens.systemUser({ orgNo: '312091437', scopes: ['skatteetaten:kravogbetalinger'] })
 * ```
 */
import { decodeJwt } from 'jose'
import { OrgNoSchema } from '../contract/index.ts'
import { AltinnError } from '../errors/index.ts'
import type { CallOptions, Logger } from '../http.ts'
import { createRedactor, type Redactor } from '../redaction.ts'
import { retryPolicyOf, type RetryOptions } from '../retry.ts'
import { createGrant, type AccessToken, type Grant } from './grant.ts'
import { createAssertionSigner, type MaskinportenClientOptions } from './keys.ts'
import { createTokenCache, type TokenCache } from './token-cache.ts'

export type { AccessToken } from './grant.ts'
export type { AssertionAlgorithm, MaskinportenClientOptions, MaskinportenKey, SigningFunction } from './keys.ts'

/**
 * Options of a token call.
 *
 * @example
 * ```ts
 * await client.tokens.systemUser({ orgNo, scopes }, { exchange: true, signal })
 * ```
 */
export interface TokenCallOptions extends CallOptions {
  /** Exchange the Maskinporten token for an Altinn token (`GET authentication/api/v1/exchange/maskinporten`). */
  exchange?: boolean | undefined
  /** Skip the cache and make a new grant (the result is cached). */
  forceRefresh?: boolean | undefined
}

/**
 * Which system user a token is for (reference §7.1: `authorization_details`).
 *
 * @example
 * ```ts
 * await client.tokens.systemUser({ orgNo: '310989312', externalRef: 'firm-1', scopes: ['skatteetaten:kravogbetalinger'] })
 * ```
 */
export interface SystemUserTokenParams {
  /** The organisation that owns the system user: the customer (standard) or the facilitator (agent), never a client. */
  orgNo: string
  /** The request's external reference, when it had one (Altinn defaults it to the organisation number). */
  externalRef?: string | undefined
  scopes: readonly string[] | string
}

/**
 * Tokens for your Maskinporten client.
 *
 * @example
 * ```ts
 * const tokens: TokenProvider = client.tokens
 * const { accessToken } = await tokens.systemUser({ orgNo: '312091437', scopes: ['skatteetaten:kravogbetalinger'] })
 * ```
 */
export interface TokenProvider {
  /** A token for the vendor itself (the system register and request APIs). */
  vendor(scopes: readonly string[] | string, options?: TokenCallOptions): Promise<AccessToken>
  /** A token acting as a customer's system user (the services the customer allowed). */
  systemUser(params: SystemUserTokenParams, options?: TokenCallOptions): Promise<AccessToken>
  /** Forget every cached token (the next call makes a new grant). */
  clear(): void
}

/**
 * Options of {@link createMaskinportenTokenProvider}.
 *
 * @example
 * ```ts
 * createMaskinportenTokenProvider({ issuer: 'https://test.maskinporten.no/', clientId, key: pem, renewBeforeSeconds: 30 })
 * ```
 */
export interface MaskinportenTokenProviderOptions extends MaskinportenClientOptions {
  /** Maskinporten's issuer with its trailing slash, e.g. `https://test.maskinporten.no/`. */
  issuer: string
  /** Renew a cached token this long before it expires (default 60 s, at most half its lifetime). */
  renewBeforeSeconds?: number | undefined
  /** Exchange a Maskinporten token for an Altinn token; required for `{ exchange: true }`. */
  exchange?: ((maskinportenToken: string, options: CallOptions) => Promise<string>) | undefined
  fetch?: typeof fetch | undefined
  logger?: Logger | undefined
  /** Clock in epoch milliseconds (default `Date.now`). */
  now?: (() => number) | undefined
  /** Timeout of one Maskinporten call in ms (default 30 000). */
  timeoutMs?: number | undefined
  /**
   * How a grant that failed on 408, 429, 5xx or in transit is tried again: the same rules as the API calls of
   * `createAltinnClient` (default: 2 retries, 300 ms doubling, `Retry-After` up to 30 s). A refusal is never retried.
   */
  retry?: RetryOptions | undefined
}

function normaliseScopes(scopes: readonly string[] | string): string[] {
  const list = typeof scopes === 'string' ? scopes.split(/\s+/) : [...scopes]
  const clean = [...new Set(list.map((s) => s.trim()).filter(Boolean))].sort()
  if (!clean.length) throw new TypeError('At least one scope is required: Maskinporten issues no token without one')
  return clean
}

/**
 * Create a Maskinporten token provider for one client. Its errors are redacted of the tokens and assertions it
 * handles; a provider made by `createAltinnClient` shares that client's redactor.
 *
 * @example
 * ```ts
 * const tokens = createMaskinportenTokenProvider({ issuer: 'https://test.maskinporten.no/', clientId, key: pem, kid: 'my-key-2026' })
 * const vendor = await tokens.vendor(['altinn:authentication/systemuser.request.write'])
 * ```
 */
export function createMaskinportenTokenProvider(options: MaskinportenTokenProviderOptions): TokenProvider {
  return createTokenProvider(options, createRedactor())
}

/** The token provider of `createMaskinportenTokenProvider`, with the redactor of the client it belongs to. */
export function createTokenProvider(options: MaskinportenTokenProviderOptions, redactor: Redactor): TokenProvider {
  if (!options.clientId || typeof options.clientId !== 'string') throw new TypeError('maskinporten.clientId is required')
  if (options.key === undefined || options.key === null) throw new TypeError('maskinporten.key is required')
  const now = options.now ?? Date.now
  const signAssertion = createAssertionSigner({ ...options, now, redactor })
  const grant: Grant = createGrant({
    issuer: options.issuer,
    clientId: options.clientId,
    signAssertion,
    retry: retryPolicyOf(options.retry),
    redactor,
    now,
    timeoutMs: options.timeoutMs ?? 30_000,
    fetch: options.fetch,
    logger: options.logger,
  })
  const cache: TokenCache = createTokenCache({ now, renewBeforeMs: (options.renewBeforeSeconds ?? 60) * 1000 })

  async function exchangeToken(token: AccessToken, callOptions: CallOptions): Promise<AccessToken> {
    if (!options.exchange) throw new TypeError('This token provider was created without a token exchange')
    const altinnToken = await options.exchange(token.accessToken, callOptions)
    redactor.remember(altinnToken)
    let expiresAt: Date
    try {
      const exp = decodeJwt(altinnToken).exp
      expiresAt = typeof exp === 'number' ? new Date(exp * 1000) : token.expiresAt
    } catch {
      throw new AltinnError('The token exchange answered with something that is not a JWT', { redact: redactor.redact })
    }
    return { accessToken: altinnToken, expiresAt, scopes: token.scopes, issuer: 'altinn' }
  }

  /** The Maskinporten token for `key`, or (with `exchange`) the Altinn token made from it, each cached on its own. */
  function obtain(key: string, produce: () => Promise<AccessToken>, callOptions: TokenCallOptions): Promise<AccessToken> {
    if (!callOptions.exchange) return cache.obtain(key, produce, callOptions)
    const maskinportenToken = () => cache.obtain(key, produce, { forceRefresh: callOptions.forceRefresh })
    return cache.obtain(`${key}|altinn`, async () => exchangeToken(await maskinportenToken(), { timeoutMs: callOptions.timeoutMs }), callOptions)
  }

  return {
    async vendor(scopes, callOptions = {}) {
      const list = normaliseScopes(scopes)
      return obtain(`vendor|${list.join(' ')}`, () => grant(list), callOptions)
    },
    async systemUser(params, callOptions = {}) {
      if (!params || !OrgNoSchema.safeParse(params.orgNo).success) throw new TypeError("systemUser({ orgNo }) needs the nine-digit organisation number of the system user's owner")
      if (params.externalRef !== undefined && (typeof params.externalRef !== 'string' || !params.externalRef)) {
        throw new TypeError('systemUser({ externalRef }) must be a non-empty string when given')
      }
      const list = normaliseScopes(params.scopes)
      const subject = { orgNo: params.orgNo, externalRef: params.externalRef }
      return obtain(`systemuser|${list.join(' ')}|${params.orgNo}|${params.externalRef ?? ''}`, () => grant(list, subject), callOptions)
    },
    clear() {
      cache.clear()
    },
  }
}
