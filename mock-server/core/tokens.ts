/**
 * The mock's signing keys and the access tokens it issues and accepts.
 *
 * Two issuers, as in the real platform (reference §0, §7): Maskinporten (`<maskinportenIssuer>`) and Altinn's
 * own OpenID issuer (`<platformUrl>/authentication/api/v1/openid/`, tokens from the exchange). The vendor API
 * accepts a token from either, verified for real: RS256 signature by that issuer's key, `iss`, `exp`/`nbf`.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID } from 'node:crypto'
import { SignJWT, jwtVerify, errors as joseErrors, type JWTPayload } from 'jose'
import {
  AltinnPersonTokenClaims,
  IDPORTEN_PARTNER_SCOPES,
  IDPORTEN_PATH_ON_ORIGIN,
  IdPortenAuthLevels,
} from 'altinn-systemuser-sdk/contract'
import { trimSlash, type MockContext } from './context.ts'
import { ForbiddenError, UnauthorizedError } from './errors.ts'
import type { AccessTokenClaims, Caller, SigningKey } from './token-types.ts'

export type { AccessTokenClaims, Caller, Keys, SigningKey } from './token-types.ts'
import { fromIso6523, ISO6523_AUTHORITY, isSyntheticPid, toIso6523 } from './identifiers.ts'
import { deterministicGuid, deterministicPartyId, publicJwkOf } from './state.ts'

/** Import a private RSA JWK (from the seed) as a signing key. Synchronous, so a mock starts in milliseconds. */
export function importSigningKey(jwk: JsonWebKey & { kid?: string }, fallbackKid: string): SigningKey {
  const privateKey = createPrivateKey({ key: jwk as import('node:crypto').JsonWebKey, format: 'jwk' })
  const publicKey = createPublicKey(privateKey)
  const kid = jwk.kid ?? fallbackKid
  return { kid, privateKey, publicKey, publicJwk: { ...publicJwkOf(jwk), kid, alg: 'RS256', use: 'sig' } }
}

/**
 * The mock ID-porten's signing key: the seed's RSA key (RS256, as ID-porten signs), or for a seed without one an
 * EC key made now (ES256; making an RSA key would cost most of a second at every start). The exchange verifies by
 * the published key set whatever the algorithm, as Altinn does.
 *
 * @example
 * ```ts
 * const key = createIdPortenSigningKey(seed.keys.idporten)
 * ```
 */
export function createIdPortenSigningKey(jwk: (JsonWebKey & { kid?: string }) | undefined): SigningKey {
  if (jwk) return importSigningKey(jwk, 'mock-idporten')
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const kid = `mock-idporten-${randomUUID().slice(0, 8)}`
  return { kid, privateKey, publicKey, publicJwk: { ...(publicKey.export({ format: 'jwk' }) as JsonWebKey), kid, alg: 'ES256', use: 'sig' } }
}

/** Options for {@link mintMaskinportenToken}. */
export interface MintOptions {
  /** The consumer (vendor) organisation. */
  orgNo: string
  scope: string
  clientId?: string
  authorizationDetails?: unknown[]
  /** Lifetime in seconds (default: the config's Maskinporten lifetime). */
  expiresIn?: number
}

/** A minted token and its facts. */
export interface MintedToken {
  accessToken: string
  expiresIn: number
  claims: AccessTokenClaims
}

/**
 * Sign a Maskinporten-style access token with the mock Maskinporten's key (`iss`, `client_id`, `consumer`,
 * `scope`, `iat`, `exp`, `jti`, `token_type`, `client_amr`, and `authorization_details` when given).
 */
export async function mintMaskinportenToken(ctx: MockContext, options: MintOptions): Promise<MintedToken> {
  const now = Math.floor(ctx.clock.now() / 1000)
  const expiresIn = options.expiresIn ?? ctx.config.maskinportenTokenSeconds
  const claims: AccessTokenClaims = {
    scope: options.scope,
    iss: ctx.config.maskinportenIssuer,
    client_amr: 'private_key_jwt',
    token_type: 'Bearer',
    exp: now + expiresIn,
    iat: now,
    client_id: options.clientId ?? `mock-client-${options.orgNo}`,
    jti: randomUUID(),
    consumer: { authority: ISO6523_AUTHORITY, ID: toIso6523(options.orgNo) },
    ...(options.authorizationDetails ? { authorization_details: options.authorizationDetails } : {}),
  }
  const accessToken = await sign(ctx.keys.maskinporten, claims)
  return { accessToken, expiresIn, claims }
}

/** Sign claims as they are with a key (its algorithm, RS256 for the seed's keys; `kid` in the header). */
export function sign(key: SigningKey, claims: JWTPayload): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: key.publicJwk.alg, kid: key.kid, typ: 'JWT' }).sign(key.privateKey)
}

const CACHE_LIMIT = 10_000
/** Characters of the token's end (its signature) the cache is keyed by; hashing all of a 700-character token cost more than the rest of a status poll's lookup. */
const CACHE_KEY_CHARS = 32

/**
 * The caller of a token verified before and not yet expired, without any work beyond a lookup; undefined when the
 * token must be verified ({@link verifyAccessToken} does both).
 *
 * @example
 * ```ts
 * const caller = cachedCaller(mock, token) ?? (await verifyAccessToken(mock, token))
 * ```
 */
export function cachedCaller(ctx: MockContext, token: string): Caller | undefined {
  const hit = ctx.runtime.verifiedTokens.get(token.slice(-CACHE_KEY_CHARS))
  // The key is only the signature's end: the whole token must match, or a token with a forged payload and a copied
  // signature tail would pass.
  return hit && hit.token === token && hit.exp > ctx.clock.now() / 1000 && (hit.iss === ctx.config.maskinportenIssuer || hit.iss === ctx.config.altinnIssuer) ? hit.caller : undefined
}

/**
 * Verify a bearer token from either issuer and describe the caller. Verified tokens are cached (the whole token
 * must match) until they expire, with the caller read from them, so a status poll pays neither for RSA nor for
 * reading the claims again. Callers are shared between calls: never change one.
 *
 * @throws UnauthorizedError with the reason (never the token), for a `WWW-Authenticate` header.
 */
export async function verifyAccessToken(ctx: MockContext, token: string): Promise<Caller> {
  const cached = cachedCaller(ctx, token)
  if (cached) return cached

  const issuer = issuerOf(token)
  const key =
    issuer === ctx.config.maskinportenIssuer ? ctx.keys.maskinporten : issuer === ctx.config.altinnIssuer ? ctx.keys.altinn : undefined
  if (!key || !issuer) throw new UnauthorizedError('the token was not issued by this Maskinporten or Altinn')
  let payload: AccessTokenClaims
  try {
    const result = await jwtVerify(token, key.publicKey, {
      issuer,
      algorithms: ['RS256'],
      currentDate: new Date(ctx.clock.now()),
      requiredClaims: ['exp'],
    })
    payload = result.payload as AccessTokenClaims
  } catch (e) {
    throw new UnauthorizedError(describeJoseError(e))
  }
  const which: Caller['issuer'] = key === ctx.keys.maskinporten ? 'maskinporten' : 'altinn'
  const caller = toCaller(payload, which)
  const cache = ctx.runtime.verifiedTokens
  if (cache.size >= CACHE_LIMIT) cache.clear()
  cache.set(token.slice(-CACHE_KEY_CHARS), { token, caller, exp: payload.exp!, iss: issuer! })
  return caller
}

function toCaller(claims: AccessTokenClaims, issuer: Caller['issuer']): Caller {
  const orgNo = fromIso6523(claims.consumer?.ID)
  return {
    ...(orgNo ? { orgNo } : {}),
    ...(typeof claims.client_id === 'string' ? { clientId: claims.client_id } : {}),
    scopes: new Set(typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : []),
    claims,
    issuer,
  }
}

/** The `iss` of a compact JWS without verifying it (only to choose the key). */
function issuerOf(token: string): string | undefined {
  const parts = token.split('.')
  if (parts.length !== 3) return undefined
  try {
    const payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as unknown
    return typeof payload === 'object' && payload && typeof (payload as { iss?: unknown }).iss === 'string'
      ? (payload as { iss: string }).iss
      : undefined
  } catch {
    return undefined
  }
}

function describeJoseError(e: unknown): string {
  if (e instanceof joseErrors.JWTExpired) return 'the token has expired'
  if (e instanceof joseErrors.JWTClaimValidationFailed) return `the token's ${e.claim} claim is not valid`
  if (e instanceof joseErrors.JWSSignatureVerificationFailed) return 'the token signature does not verify'
  if (e instanceof joseErrors.JOSEAlgNotAllowed) return 'the token is not signed with RS256'
  return 'the token is not a valid signed JWT'
}

// ---------------------------------------------------------------------------------------------------------
// System users in tokens, and Altinn's token exchange

/** The system user a token speaks for, from `authorization_details` (reference §7.1). */
export interface TokenSystemUser {
  /** `systemuser_id[0]`, which Altinn's decision helpers use as `urn:altinn:systemuser:uuid`. */
  id: string
  systemId?: string
  /** The owner's organisation number from `systemuser_org.ID`. */
  ownerOrgNo?: string
}

/**
 * The system user named in a token's `authorization_details`, or undefined for a plain (vendor) token.
 *
 * @example
 * ```ts
 * systemUserOf(caller.claims)?.id // 'b1f3…'
 * ```
 */
export function systemUserOf(claims: AccessTokenClaims): TokenSystemUser | undefined {
  const details = claims.authorization_details
  if (!Array.isArray(details)) return undefined
  for (const d of details) {
    if (typeof d !== 'object' || d === null) continue
    const { type, systemuser_id, system_id, systemuser_org } = d as Record<string, unknown>
    if (type !== 'urn:altinn:systemuser' || !Array.isArray(systemuser_id) || typeof systemuser_id[0] !== 'string') continue
    const ownerOrgNo = fromIso6523((systemuser_org as { ID?: string } | null | undefined)?.ID)
    return { id: systemuser_id[0], ...(typeof system_id === 'string' ? { systemId: system_id } : {}), ...(ownerOrgNo ? { ownerOrgNo } : {}) }
  }
  return undefined
}

/** Claims a Maskinporten token loses in the exchange (reference §7.2). */
const DROPPED_IN_EXCHANGE = ['aud', 'iss', 'client_amr', 'sid'] as const

/**
 * Altinn's token exchange (`GET exchange/maskinporten`, reference §7.2): a valid token of the mock's Maskinporten
 * becomes an Altinn token with every claim copied except `aud`, `iss`, `client_amr` and `sid`, plus
 * `urn:altinn:orgNumber`, `urn:altinn:authenticatemethod`, `urn:altinn:authlevel` (3), a new `sid`, Altinn's
 * `iss`, `iat`/`nbf` now and 30 minutes of life, signed with Altinn's key.
 *
 * @throws UnauthorizedError when the token is not a valid Maskinporten token with a `consumer`, or names a system
 * user that has been deleted or never existed (Altinn: 401).
 * @example
 * ```ts
 * const altinnToken = await exchangeMaskinportenToken(mock, maskinportenToken)
 * ```
 */
export async function exchangeMaskinportenToken(ctx: MockContext, token: string): Promise<MintedToken> {
  const caller = await verifyAccessToken(ctx, token)
  if (caller.issuer !== 'maskinporten') throw new UnauthorizedError('only a Maskinporten token can be exchanged')
  if (!caller.orgNo) throw new UnauthorizedError('the token has no valid consumer claim')
  // A system user's token is exchanged only while that system user exists: deleting it stops its access at once,
  // here as at the decision point and the demo service. Altinn answers a token it will not exchange with 401.
  const systemUser = systemUserOf(caller.claims)
  if (systemUser) {
    const stored = ctx.store.systemUsers.get(systemUser.id.toLowerCase())
    if (!stored || stored.isDeleted) throw new UnauthorizedError(`the system user ${systemUser.id.slice(0, 36)} of the token has been deleted or does not exist`)
  }
  const claims: AccessTokenClaims = { ...caller.claims }
  for (const name of DROPPED_IN_EXCHANGE) delete claims[name]
  const now = Math.floor(ctx.clock.now() / 1000)
  const expiresIn = ctx.config.altinnTokenSeconds
  Object.assign(claims, {
    'urn:altinn:orgNumber': caller.orgNo,
    'urn:altinn:authenticatemethod': 'maskinporten',
    'urn:altinn:authlevel': 3,
    sid: randomUUID(),
    iss: ctx.config.altinnIssuer,
    iat: now,
    nbf: now,
    exp: now + expiresIn,
  })
  return { accessToken: await sign(ctx.keys.altinn, claims), expiresIn, claims }
}

// ---------------------------------------------------------------------------------------------------------
// ID-porten: a person's token, and Altinn's exchange of it (audit §1 row 35, §2 D12)

/**
 * The mock ID-porten's issuer: `<platform origin>/idporten/`, so that every transport (also msw on TT02's host
 * names) serves it beside Altinn.
 *
 * @example
 * ```ts
 * idPortenIssuer(mock) // 'http://127.0.0.1:5101/idporten/'
 * ```
 */
export function idPortenIssuer(ctx: MockContext): string {
  return `${trimSlash(ctx.config.platformUrl)}${IDPORTEN_PATH_ON_ORIGIN}/`
}

/** What the register knows of a person, as the exchange reads it (Altinn: `GetPartyIdentifiersAndUsernameByPersonIdentifier`). */
export interface PersonIdentifiers {
  pid: string
  userId: number
  userName: string
  partyId: number
  partyUuid: string
}

/**
 * A person of the register: a seeded person with their party id and UUID, or any other synthetic (Tenor) person
 * number with ids derived from it, as the portal's TestID login lets anyone synthetic in. A real person number is
 * unknown here. User ids are derived from the person number (Altinn's are seven or eight digits).
 *
 * @example
 * ```ts
 * personIdentifiersOf(mock, '21898450160')?.partyUuid
 * ```
 */
export function personIdentifiersOf(ctx: MockContext, pid: string): PersonIdentifiers | undefined {
  const seeded = ctx.store.persons.get(pid)
  if (!seeded && !isSyntheticPid(pid)) return undefined
  const userId = 1_000_000 + (parseInt(createHash('sha256').update(`user:${pid}`).digest('hex').slice(0, 8), 16) % 9_000_000)
  return {
    pid,
    userId,
    userName: '',
    partyId: seeded?.partyId ?? deterministicPartyId(`person:${pid}`),
    partyUuid: seeded?.partyUuid ?? deterministicGuid(`person:${pid}`),
  }
}

/** Claims an ID-porten token loses in the exchange (Altinn: `claimTypesToRemove`). */
const DROPPED_IN_IDPORTEN_EXCHANGE = ['aud', 'iss', 'at_hash', 'sid', 'sub'] as const

/** Altinn's clock skew when it validates an external token (`ValidateToken`: `ClockSkew = 10 s`). */
const EXTERNAL_TOKEN_CLOCK_SKEW_SECONDS = 10

/**
 * Altinn's exchange of an ID-porten token (`GET exchange/id-porten`, AuthenticationController
 * `AuthenticateIdPortenToken`): the token must verify by the mock ID-porten's key (signature, issuer, expiry with
 * 10 s of skew); it must carry an `altinn:` scope or a partner scope (403 otherwise), and `pid` and `acr` (401
 * otherwise); the person must be in the register (401 otherwise). The Altinn token carries the person's ids
 * (`nameid`, `urn:altinn:userid`, `urn:altinn:username`, `urn:altinn:partyid`, `urn:altinn:party:uuid`), the
 * authentication method (the first `amr`) and level (from `acr`), then every claim of the ID-porten token except
 * `aud`, `iss`, `at_hash`, `sid` and `sub`, a new `sid`, Altinn's `iss`, `iat`/`nbf` now, and the ID-porten token's
 * own `exp`.
 *
 * @throws UnauthorizedError (401) or ForbiddenError (403, Altinn's `Forbid()` for a token without an `altinn:` or
 * partner scope), with the reason; never the token.
 * @example
 * ```ts
 * const { accessToken } = await exchangeIdPortenToken(mock, idPortenToken)
 * ```
 */
export async function exchangeIdPortenToken(ctx: MockContext, token: string): Promise<MintedToken> {
  const key = ctx.keys.idporten
  let original: JWTPayload
  try {
    original = (
      await jwtVerify(token, key.publicKey, {
        issuer: idPortenIssuer(ctx),
        algorithms: [key.publicJwk.alg],
        currentDate: new Date(ctx.clock.now()),
        clockTolerance: EXTERNAL_TOKEN_CLOCK_SKEW_SECONDS,
        requiredClaims: ['exp'],
      })
    ).payload
  } catch (e) {
    throw new UnauthorizedError(`not a valid ID-porten token: ${describeJoseError(e)}`)
  }
  const scopes = typeof original.scope === 'string' ? original.scope.split(' ') : []
  if (!scopes.some((s) => s.startsWith('altinn:') || (IDPORTEN_PARTNER_SCOPES as readonly string[]).includes(s)))
    throw new ForbiddenError('the ID-porten token has no altinn: scope (nor a partner scope)')
  const pid = typeof original.pid === 'string' ? original.pid : ''
  const acr = typeof original.acr === 'string' ? original.acr : ''
  if (!pid.trim() || !acr.trim()) throw new UnauthorizedError('the ID-porten token has no pid or no acr')
  const person = personIdentifiersOf(ctx, pid)
  if (!person) throw new UnauthorizedError('the person of the ID-porten token is not in the register')

  const amr = Array.isArray(original.amr) ? original.amr[0] : original.amr
  // Altinn: the three known levels by name, otherwise the last character of `acr`.
  const level = acr in IdPortenAuthLevels ? IdPortenAuthLevels[acr as keyof typeof IdPortenAuthLevels] : Number(acr.slice(-1))
  // The person's ids come from the register and win over anything of the same name in the ID-porten token.
  const claims: AccessTokenClaims = {
    ...original,
    [AltinnPersonTokenClaims.nameId]: String(person.userId),
    [AltinnPersonTokenClaims.userId]: String(person.userId),
    [AltinnPersonTokenClaims.userName]: person.userName,
    [AltinnPersonTokenClaims.partyId]: person.partyId,
    [AltinnPersonTokenClaims.partyUuid]: person.partyUuid,
    [AltinnPersonTokenClaims.authenticateMethod]: typeof amr === 'string' && amr ? amr : 'NotDefined',
    [AltinnPersonTokenClaims.authLevel]: Number.isFinite(level) ? level : 0,
  }
  for (const name of DROPPED_IN_IDPORTEN_EXCHANGE) delete claims[name]
  const now = Math.floor(ctx.clock.now() / 1000)
  Object.assign(claims, { iss: ctx.config.altinnIssuer, sid: randomUUID(), iat: now, nbf: now, exp: original.exp })
  return { accessToken: await sign(ctx.keys.altinn, claims), expiresIn: Math.max(0, original.exp! - now), claims }
}
