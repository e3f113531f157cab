/**
 * Maskinporten tokens: a jose-signed JWT assertion (fresh `jti`, short expiry) sent with openid-client's
 * JWT-bearer grant, a cache per (scopes, organisation, external reference), renewal before expiry, and one
 * grant in flight per cache key however many callers wait. Optionally exchanged for an Altinn token.
 *
 * Reference §7.1 (the grant and `authorization_details`), §7.2 (the exchange).
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
import { createPrivateKey, type KeyObject } from 'node:crypto'
import { SignJWT, base64url, decodeJwt, importJWK, type JWK } from 'jose'
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
import {
  ISO6523_ACTORID_UPIS,
  JWT_BEARER_GRANT_TYPE,
  MAX_ASSERTION_LIFETIME_SECONDS,
  OrgNoSchema,
  SYSTEM_USER_DETAIL_TYPE,
  type AssertionSigningAlg,
} from './contract/index.ts'
import { AltinnError, MaskinportenError, maskinportenErrorFor, rememberSecret, redactSecrets } from './errors.ts'
import type { CallOptions, Logger } from './http.ts'

/**
 * Signs the assertion with a key you keep elsewhere (a KMS, an HSM): given the JWS signing input
 * (`base64url(header).base64url(payload)` as bytes), return the signature bytes in JWS form (for RS256 the
 * PKCS#1 v1.5 signature; for ES256 the raw 64-byte `R || S`, not DER).
 *
 * @example
 * ```ts
 * const sign: SigningFunction = async (input) => kms.sign({ keyId, message: input, algorithm: 'RSASSA_PKCS1_V1_5_SHA_256' })
 * createAltinnClient({ environment: 'tt02', maskinporten: { clientId, key: sign, kid: 'kms-key-1' } })
 * ```
 */
export type SigningFunction = (signingInput: Uint8Array) => Promise<Uint8Array> | Uint8Array

/**
 * The private key of your Maskinporten client: a private JWK, a PEM (PKCS#8 or PKCS#1), a CryptoKey, a Node KeyObject, or a signing function.
 *
 * @example
 * ```ts
 * const key: MaskinportenKey = readFileSync('smartcloud-2026.pem', 'utf8')
 * ```
 */
export type MaskinportenKey = JWK | string | CryptoKey | KeyObject | SigningFunction

/**
 * Algorithms Maskinporten accepts for the assertion (RS256, RS384, RS512, ES256).
 *
 * @example
 * ```ts
 * createAltinnClient({ environment: 'tt02', maskinporten: { clientId, key: ecKey, alg: 'ES256' } })
 * ```
 */
export type AssertionAlgorithm = AssertionSigningAlg

/**
 * Your Maskinporten client: its id and the key registered on it.
 *
 * @example
 * ```ts
 * const maskinporten: MaskinportenClientOptions = { clientId: 'a3f1c0de-…', key: privateJwk, kid: 'smartcloud-2026' }
 * ```
 */
export interface MaskinportenClientOptions {
  clientId: string
  key: MaskinportenKey
  /** Key id registered on the client (the JWK's `kid` when not given). Sent in the assertion header. */
  kid?: string | undefined
  /** Default: the JWK's `alg`, else RS256. */
  alg?: AssertionAlgorithm | undefined
  /** A business certificate chain (base64 DER), sent as `x5c` instead of a `kid`. */
  x5c?: readonly string[] | undefined
  /** Lifetime of each assertion in seconds (default 60, at most 120: Maskinporten refuses longer ones). */
  assertionLifetimeSeconds?: number | undefined
}

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
}

const GRANT_ATTEMPTS = 3

type Signer = (header: Record<string, unknown>, payload: Record<string, unknown>) => Promise<string>

interface CachedToken {
  token: AccessToken
  obtainedAt: number
}

function normaliseScopes(scopes: readonly string[] | string): string[] {
  const list = typeof scopes === 'string' ? scopes.split(/\s+/) : [...scopes]
  const clean = [...new Set(list.map((s) => s.trim()).filter(Boolean))].sort()
  if (!clean.length) throw new TypeError('At least one scope is required: Maskinporten issues no token without one')
  return clean
}

function isSigningFunction(key: MaskinportenKey): key is SigningFunction {
  return typeof key === 'function'
}

function isCryptoKey(key: unknown): key is CryptoKey {
  return typeof globalThis.CryptoKey === 'function' && key instanceof globalThis.CryptoKey
}

function isKeyObject(key: unknown): key is KeyObject {
  return typeof key === 'object' && key !== null && 'asymmetricKeyType' in key && 'export' in key && typeof (key as KeyObject).type === 'string'
}

function invalidKey(reason: string): MaskinportenError {
  return new MaskinportenError({ error: 'invalid_key', errorDescription: reason })
}

/** Turn whatever key was given into a signer, once. Failures never quote the key. */
async function createSigner(options: MaskinportenClientOptions): Promise<Signer> {
  const { key } = options
  if (isSigningFunction(key)) {
    return async (header, payload) => {
      const encoder = new TextEncoder()
      const input = `${base64url.encode(JSON.stringify(header))}.${base64url.encode(JSON.stringify(payload))}`
      let signature: Uint8Array
      try {
        signature = await key(encoder.encode(input))
      } catch (e) {
        throw new MaskinportenError({ error: 'invalid_key', errorDescription: `the signing function failed: ${e instanceof Error ? redactSecrets(e.message) : 'unknown error'}` })
      }
      if (!(signature instanceof Uint8Array) || signature.length === 0) throw invalidKey('the signing function must return the signature as a non-empty Uint8Array')
      return `${input}.${base64url.encode(signature)}`
    }
  }
  let material: CryptoKey | KeyObject
  const alg = options.alg ?? (typeof key === 'object' && key !== null && 'alg' in key && typeof key.alg === 'string' ? (key.alg as AssertionAlgorithm) : 'RS256')
  if (typeof key === 'string') {
    const trimmed = key.trim()
    if (trimmed.startsWith('{')) {
      let jwk: JWK
      try {
        jwk = JSON.parse(trimmed) as JWK
      } catch {
        throw invalidKey('the key string is neither a PEM nor a JSON Web Key')
      }
      return createSigner({ ...options, key: jwk })
    }
    if (!trimmed.includes('-----BEGIN')) throw invalidKey('the key string is neither a PEM nor a JSON Web Key')
    try {
      material = createPrivateKey(trimmed)
    } catch {
      throw invalidKey('the PEM could not be read as a private key (PKCS#8 or PKCS#1, unencrypted)')
    }
  } else if (isCryptoKey(key)) {
    if (key.type !== 'private') throw invalidKey('the CryptoKey must be a private key')
    material = key
  } else if (isKeyObject(key)) {
    if (key.type !== 'private') throw invalidKey('the KeyObject must be a private key')
    material = key
  } else if (typeof key === 'object' && key !== null && 'kty' in key) {
    if (!('d' in key) || !key.d) throw invalidKey('the JWK is a public key; Maskinporten needs the private key to sign the assertion')
    try {
      material = (await importJWK(key, alg)) as CryptoKey
    } catch {
      throw invalidKey(`the JWK could not be imported for ${alg}`)
    }
  } else {
    throw invalidKey('the key must be a private JWK, a PEM, a CryptoKey, a KeyObject or a signing function')
  }
  return async (header, payload) => {
    try {
      return await new SignJWT(payload).setProtectedHeader({ ...header, alg } as { alg: string }).sign(material)
    } catch {
      throw invalidKey(`the key could not sign with ${alg}`)
    }
  }
}

/** Map whatever openid-client threw into a {@link MaskinportenError} without secrets. */
function toMaskinportenError(e: unknown, context: { clientId: string; scopes: readonly string[]; orgNo?: string | undefined; externalRef?: string | undefined }): MaskinportenError {
  if (e instanceof MaskinportenError) return e
  const base = { clientId: context.clientId, scopes: context.scopes, orgNo: context.orgNo, externalRef: context.externalRef }
  if (e instanceof ResponseBodyError) {
    return maskinportenErrorFor({ ...base, error: e.error, errorDescription: e.error_description, status: e.status })
  }
  if (e instanceof WWWAuthenticateChallengeError) {
    const challenge = e.cause[0]
    return maskinportenErrorFor({
      ...base,
      error: challenge?.parameters.error ?? 'invalid_client',
      errorDescription: challenge?.parameters.error_description,
      status: e.status,
    })
  }
  if (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError')) {
    return new MaskinportenError({ ...base, error: 'unreachable', errorDescription: 'Maskinporten did not answer in time' })
  }
  if (e instanceof TypeError && /fetch failed|network|ECONN|ENOTFOUND/i.test(`${e.message} ${String((e.cause as Error | undefined)?.message ?? '')}`)) {
    return new MaskinportenError({ ...base, error: 'unreachable', errorDescription: `Maskinporten could not be reached: ${redactSecrets((e.cause as Error | undefined)?.message ?? e.message)}` })
  }
  // openid-client puts the Response of a non-conform answer (a 5xx, a body that is not JSON) in `cause`.
  const answered = e instanceof Error && e.cause instanceof Response ? e.cause : undefined
  if (answered && answered.status >= 500) {
    return new MaskinportenError({ ...base, error: 'server_error', errorDescription: `Maskinporten answered ${answered.status}`, status: answered.status })
  }
  const message = e instanceof Error ? redactSecrets(e.message) : 'unknown error'
  const status = answered?.status ?? (typeof (e as { status?: unknown })?.status === 'number' ? (e as { status: number }).status : undefined)
  return new MaskinportenError({ ...base, error: 'invalid_response', errorDescription: `unexpected answer from Maskinporten: ${message}`, status })
}

function isRetryableGrantFailure(e: MaskinportenError): boolean {
  return e.error === 'unreachable' || (e.status !== undefined && e.status >= 500)
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** Resolve `promise`, or reject with the signal's reason once it aborts (the shared work goes on for others). */
function raceWithSignal<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (v) => (signal.removeEventListener('abort', onAbort), resolve(v)),
      (e) => (signal.removeEventListener('abort', onAbort), reject(e)),
    )
  })
}

/**
 * Create a Maskinporten token provider for one client.
 *
 * @example
 * ```ts
 * const tokens = createMaskinportenTokenProvider({ issuer: 'https://test.maskinporten.no/', clientId, key: pem, kid: 'my-key-2026' })
 * const vendor = await tokens.vendor(['altinn:authentication/systemuser.request.write'])
 * ```
 */
export function createMaskinportenTokenProvider(options: MaskinportenTokenProviderOptions): TokenProvider {
  if (!options.clientId || typeof options.clientId !== 'string') throw new TypeError('maskinporten.clientId is required')
  if (options.key === undefined || options.key === null) throw new TypeError('maskinporten.key is required')
  const lifetime = Math.min(options.assertionLifetimeSeconds ?? 60, MAX_ASSERTION_LIFETIME_SECONDS)
  if (!(lifetime > 0)) throw new TypeError('maskinporten.assertionLifetimeSeconds must be positive')
  const now = options.now ?? Date.now
  const renewBeforeMs = (options.renewBeforeSeconds ?? 60) * 1000
  const issuer = options.issuer
  const kid = options.kid ?? (typeof options.key === 'object' && options.key !== null && 'kty' in options.key ? (options.key as JWK).kid : undefined)
  const logger = options.logger

  let signerPromise: Promise<Signer> | undefined
  let configPromise: Promise<Configuration> | undefined
  const cache = new Map<string, CachedToken>()
  const inflight = new Map<string, Promise<AccessToken>>()

  const getSigner = () => {
    signerPromise ??= createSigner(options).catch((e) => {
      signerPromise = undefined
      throw e
    })
    return signerPromise
  }

  const getConfiguration = (context: { scopes: readonly string[] }) => {
    configPromise ??= discovery(new URL(issuer), options.clientId, undefined, None(), {
      algorithm: 'oauth2',
      // Only the local mock runs on plain http; real Maskinporten is https.
      execute: new URL(issuer).protocol === 'http:' ? [allowInsecureRequests] : [],
      timeout: Math.ceil((options.timeoutMs ?? 30_000) / 1000),
      ...(options.fetch ? { [customFetch]: options.fetch as never } : {}),
    }).catch((e) => {
      configPromise = undefined
      throw toMaskinportenError(e, { clientId: options.clientId, scopes: context.scopes })
    })
    return configPromise
  }

  async function signAssertion(scopes: readonly string[], authorizationDetails?: unknown[]): Promise<string> {
    const signer = await getSigner()
    const iat = Math.floor(now() / 1000)
    const header: Record<string, unknown> = { typ: 'JWT', ...(kid ? { kid } : {}), ...(options.x5c ? { x5c: [...options.x5c] } : {}) }
    if (isSigningFunction(options.key)) header.alg = options.alg ?? 'RS256'
    const payload: Record<string, unknown> = {
      aud: issuer, // Maskinporten's convention: the issuer URL (reference §7.1)
      iss: options.clientId,
      scope: scopes.join(' '),
      iat,
      exp: iat + lifetime,
      jti: globalThis.crypto.randomUUID(),
      ...(authorizationDetails ? { authorization_details: authorizationDetails } : {}),
    }
    const assertion = await signer(header, payload)
    rememberSecret(assertion)
    return assertion
  }

  async function grant(scopes: readonly string[], subject?: { orgNo: string; externalRef?: string | undefined }): Promise<AccessToken> {
    const context = { clientId: options.clientId, scopes, orgNo: subject?.orgNo, externalRef: subject?.externalRef }
    const authorizationDetails = subject
      ? [
          {
            type: SYSTEM_USER_DETAIL_TYPE,
            systemuser_org: { authority: ISO6523_ACTORID_UPIS, ID: `0192:${subject.orgNo}` },
            ...(subject.externalRef !== undefined ? { externalRef: subject.externalRef } : {}),
          },
        ]
      : undefined
    for (let attempt = 1; ; attempt++) {
      try {
        const config = await getConfiguration(context)
        // A fresh assertion each attempt: a new jti, so a retried grant is a new request, not a replay.
        const assertion = await signAssertion(scopes, authorizationDetails)
        const started = now()
        const response = await genericGrantRequest(config, JWT_BEARER_GRANT_TYPE, { assertion })
        rememberSecret(response.access_token)
        const expiresIn = typeof response.expires_in === 'number' ? response.expires_in : expiryOf(response.access_token, started)
        const granted = typeof response.scope === 'string' && response.scope.trim() ? response.scope.trim().split(/\s+/) : [...scopes]
        logger?.debug?.(`Maskinporten token for ${subject ? `the system user of ${subject.orgNo}` : 'the vendor'} (${scopes.join(' ')}), valid ${expiresIn} s`, {
          scopes: [...scopes],
          orgNo: subject?.orgNo,
          expiresIn,
        })
        return { accessToken: response.access_token, expiresAt: new Date(started + expiresIn * 1000), scopes: granted, issuer: 'maskinporten' }
      } catch (e) {
        const error = toMaskinportenError(e, context)
        if (attempt < GRANT_ATTEMPTS && isRetryableGrantFailure(error)) {
          logger?.warn?.(`Maskinporten grant failed (${error.error}); trying again`, { attempt, error: error.error, status: error.status })
          await sleep(200 * 2 ** (attempt - 1))
          continue
        }
        throw error
      }
    }
  }

  function expiryOf(jwt: string, started: number): number {
    try {
      const exp = decodeJwt(jwt).exp
      if (typeof exp === 'number') return Math.max(0, exp - Math.floor(started / 1000))
    } catch {
      // an opaque token: fall through to a cautious default
    }
    return 120
  }

  async function exchangeToken(token: AccessToken, callOptions: CallOptions): Promise<AccessToken> {
    if (!options.exchange) throw new TypeError('This token provider was created without a token exchange')
    const altinnToken = await options.exchange(token.accessToken, callOptions)
    rememberSecret(altinnToken)
    let expiresAt: Date
    try {
      const exp = decodeJwt(altinnToken).exp
      expiresAt = typeof exp === 'number' ? new Date(exp * 1000) : token.expiresAt
    } catch {
      throw new AltinnError('The token exchange answered with something that is not a JWT')
    }
    return { accessToken: altinnToken, expiresAt, scopes: token.scopes, issuer: 'altinn' }
  }

  function isFresh(entry: CachedToken | undefined): entry is CachedToken {
    if (!entry) return false
    const expires = entry.token.expiresAt.getTime()
    const margin = Math.min(renewBeforeMs, (expires - entry.obtainedAt) / 2)
    return now() < expires - margin
  }

  function remember(key: string, token: AccessToken): void {
    if (cache.size >= 500) for (const [k, v] of cache) if (!isFresh(v)) cache.delete(k)
    cache.set(key, { token, obtainedAt: now() })
  }

  /** The cache and single flight: one grant per key in flight, whoever asks. */
  function obtain(key: string, produce: () => Promise<AccessToken>, callOptions: TokenCallOptions): Promise<AccessToken> {
    const cached = cache.get(key)
    if (!callOptions.forceRefresh && isFresh(cached)) return Promise.resolve(cached.token)
    let pending = inflight.get(key)
    if (!pending) {
      pending = produce()
        .then((token) => (remember(key, token), token))
        .finally(() => inflight.delete(key))
      inflight.set(key, pending)
    }
    return raceWithSignal(pending, callOptions.signal)
  }

  function withExchange(key: string, base: () => Promise<AccessToken>, callOptions: TokenCallOptions): Promise<AccessToken> {
    if (!callOptions.exchange) return obtain(key, base, callOptions)
    return obtain(`${key}|altinn`, async () => exchangeToken(await obtain(key, base, { forceRefresh: callOptions.forceRefresh }), { timeoutMs: callOptions.timeoutMs }), callOptions)
  }

  return {
    async vendor(scopes, callOptions = {}) {
      const list = normaliseScopes(scopes)
      return withExchange(`vendor|${list.join(' ')}`, () => grant(list), callOptions)
    },
    async systemUser(params, callOptions = {}) {
      if (!params || !OrgNoSchema.safeParse(params.orgNo).success) throw new TypeError("systemUser({ orgNo }) needs the nine-digit organisation number of the system user's owner")
      if (params.externalRef !== undefined && (typeof params.externalRef !== 'string' || !params.externalRef)) {
        throw new TypeError('systemUser({ externalRef }) must be a non-empty string when given')
      }
      const list = normaliseScopes(params.scopes)
      const subject = { orgNo: params.orgNo, externalRef: params.externalRef }
      return withExchange(`systemuser|${list.join(' ')}|${params.orgNo}|${params.externalRef ?? ''}`, () => grant(list, subject), callOptions)
    },
    clear() {
      cache.clear()
    },
  }
}
