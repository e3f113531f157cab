/**
 * Maskinporten: its clients, its metadata, and the JWT-bearer grant (reference §7.1), verified the way
 * Maskinporten verifies it (docs.digdir.no "JWT grant" and "Feilsøking i Maskinporten"):
 *
 * - the assertion is signed (RS256/RS384/RS512, or ES256 for an EC key) by a key registered on the client named
 *   in `iss`, chosen by the header's `kid`;
 * - `aud` is the issuer identifier, one value; the token endpoint URL is refused, as Digdir's documentation of the
 *   token endpoint says it "is no longer valid" as audience;
 * - `exp` lies after now and at most 120 s after `iat`; `iat` is at most 10 s ahead of Maskinporten's clock;
 * - a JWT is never accepted twice (`jti`, or its signed content), not after a restart on the state file nor after
 *   the mock's clock is moved back;
 * - `scope` is present and every scope is allowed for the client;
 * - `authorization_details` of type `urn:altinn:systemuser` gives a system-user token only when Altinn's lookup
 *   (reference §6.3) finds an active system user; otherwise `invalid_altinn_customer_configuration` (MP-303).
 *
 * Every time rule reads `ctx.clock`. Keys are imported once per client and cached.
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto'
import { calculateJwkThumbprint, compactVerify, decodeProtectedHeader, errors as joseErrors, type ProtectedHeaderParameters } from 'jose'
import {
  ASSERTION_CLOCK_SKEW_SECONDS,
  ASSERTION_SIGNING_ALGS,
  JWT_BEARER_GRANT_TYPE,
  MAX_ASSERTION_LIFETIME_SECONDS,
  MaskinportenCodes,
  MaskinportenErrors,
  PRIVATE_JWK_MEMBERS,
  Scopes,
  SYSTEM_USER_DETAIL_TYPE,
  SystemUserAuthorizationDetailSchema,
  type AuthorizationServerMetadata,
  type Jwks,
  type SystemUserTokenDetail,
  type TokenResponse,
} from 'altinn-systemuser-sdk/contract'
import type { MockContext } from './context.ts'
import { badInput, conflict, OAuthError } from './errors.ts'
import { fromIso6523, ISO6523_AUTHORITY, isValidOrgNo, toIso6523 } from './identifiers.ts'
import type { MaskinportenClient } from './state.ts'
import { lookupSystemUser } from './system-users.ts'
import { mintMaskinportenToken } from './tokens.ts'

/**
 * The `error_description` of MP-303, given the lookup's reason. The grant and `/__mock/tokens` word it alike.
 *
 * @example
 * ```ts
 * describeNoSystemUser('no active system user of 318882703_smartcloud for 312091437')
 * // 'No system user found: no active system user of 318882703_smartcloud for 312091437. (MP-303)'
 * ```
 */
export function describeNoSystemUser(reason: string): string {
  return `No system user found: ${reason}. (${MaskinportenCodes.NoSystemUser})`
}

const AUTH_FAILED = 'Invalid assertion. Client authentication failed.'

function clientAuthFailed(detail: string, code: string = MaskinportenCodes.ClientAuthFailed): OAuthError {
  return new OAuthError(MaskinportenErrors.invalidGrant, `${AUTH_FAILED} ${detail} (${code})`)
}

function invalidRequest(description: string): OAuthError {
  return new OAuthError(MaskinportenErrors.invalidRequest, description)
}

/** Echo a caller's value in a description: short and printable, never a secret (callers never pass one). */
function quote(value: unknown): string {
  const s = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value)
  return JSON.stringify(s.length > 80 ? `${s.slice(0, 80)}…` : s)
}

// ---------------------------------------------------------------------------------------------------------
// Metadata

/**
 * The token endpoint of the mock's Maskinporten: `<issuer>token`.
 *
 * @example
 * ```ts
 * tokenEndpointOf(mock) // 'http://127.0.0.1:5101/maskinporten/token'
 * ```
 */
export function tokenEndpointOf(ctx: MockContext): string {
  return `${ctx.config.maskinportenIssuer}token`
}

/**
 * RFC 8414 metadata as Maskinporten publishes it at `/.well-known/oauth-authorization-server`.
 *
 * @example
 * ```ts
 * maskinportenMetadata(mock).token_endpoint // 'http://127.0.0.1:5101/maskinporten/token'
 * ```
 */
export function maskinportenMetadata(ctx: MockContext): AuthorizationServerMetadata {
  const issuer = ctx.config.maskinportenIssuer
  return {
    issuer,
    token_endpoint: `${issuer}token`,
    jwks_uri: `${issuer}jwk`,
    grant_types_supported: [JWT_BEARER_GRANT_TYPE],
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: [...ASSERTION_SIGNING_ALGS],
    authorization_details_types_supported: [SYSTEM_USER_DETAIL_TYPE],
  }
}

/**
 * The public keys that verify the mock Maskinporten's access tokens (`/jwk`).
 *
 * @example
 * ```ts
 * maskinportenJwks(mock).keys[0].kid // 'mock-maskinporten-2026'
 * ```
 */
export function maskinportenJwks(ctx: MockContext): Jwks {
  return { keys: [{ kty: 'RSA', ...ctx.keys.maskinporten.publicJwk }] }
}

// ---------------------------------------------------------------------------------------------------------
// Client keys, imported once

function importClientKeys(client: MaskinportenClient): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>()
  for (const jwk of client.publicJwks) {
    const kid = (jwk as { kid?: string }).kid ?? client.kid
    try {
      keys.set(kid, createPublicKey({ key: jwk as import('node:crypto').JsonWebKey, format: 'jwk' }))
    } catch {
      // A key that does not import verifies nothing; the client's other keys still work.
    }
  }
  return keys
}

/** The client's public key with this `kid`, imported on first use and then reused (rows are replaced, never changed). */
function clientKey(ctx: MockContext, client: MaskinportenClient, kid: string): KeyObject | undefined {
  let keys = ctx.runtime.clientKeys.get(client)
  if (!keys) ctx.runtime.clientKeys.set(client, (keys = importClientKeys(client)))
  return keys.get(kid)
}

// ---------------------------------------------------------------------------------------------------------
// Replay protection

/**
 * What identifies an assertion against replay, as a SHA-256 (base64url): the client and its `jti` (Maskinporten's
 * rule), or, without a string `jti`, the client and the signed content itself (`header.payload` as signed).
 *
 * Not the signature's text: base64url has more than one spelling of the same bytes (the unused low bits of the last
 * character, `=` padding), and an ECDSA signature has a second valid form (`s` and `n - s`), so a respelled or
 * re-signed copy would count as new. The signed content cannot be respelled without breaking the signature.
 *
 * @example
 * ```ts
 * replayIdOf('my-client', { jti: 'a1' }, 'eyJhbGciOi….eyJpc3Mi…') // 'Xk3…' (from the jti)
 * ```
 */
export function replayIdOf(clientId: string, claims: { jti?: unknown }, signingInput: string): string {
  const what = typeof claims.jti === 'string' && claims.jti ? `jti\n${claims.jti}` : `jws\n${signingInput}`
  return createHash('sha256').update(`${clientId}\n${what}`).digest('base64url')
}

// ---------------------------------------------------------------------------------------------------------
// The grant

/** Claims of a grant assertion that Maskinporten reads. */
interface AssertionClaims {
  iss?: unknown
  aud?: unknown
  exp?: unknown
  iat?: unknown
  nbf?: unknown
  jti?: unknown
  scope?: unknown
  authorization_details?: unknown
}

const SUPPORTED_ALGS: ReadonlySet<string> = new Set(ASSERTION_SIGNING_ALGS)
const textDecoder = new TextDecoder()

function parseClaims(bytes: Uint8Array | string): AssertionClaims | undefined {
  try {
    const value = JSON.parse(typeof bytes === 'string' ? Buffer.from(bytes, 'base64url').toString('utf8') : textDecoder.decode(bytes)) as unknown
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as AssertionClaims) : undefined
  } catch {
    return undefined
  }
}

function isNumericDate(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v)
}

/**
 * Answer `POST <issuer>token` (form body): verify the grant and issue an access token, or throw a
 * {@link OAuthError} (as Maskinporten answers a refused grant: `{"error", "error_description"}`, 400, or 401 for `invalid_client`).
 *
 * @example
 * ```ts
 * const assertion = await new SignJWT({ scope: 'skatteetaten:kravogbetalinger' })
 *   .setProtectedHeader({ alg: 'RS256', kid: 'smartcloud-2026' })
 *   .setIssuer(clientId).setAudience(mock.config.maskinportenIssuer).setIssuedAt().setExpirationTime('60s').setJti(randomUUID())
 *   .sign(privateKey)
 * const token = await grantToken(mock, new URLSearchParams({ grant_type: JWT_BEARER_GRANT_TYPE, assertion }))
 * ```
 */
export async function grantToken(ctx: MockContext, form: URLSearchParams): Promise<TokenResponse> {
  // RFC 6749 §3.2: parameters must not repeat.
  const grantTypes = form.getAll('grant_type')
  if (grantTypes.length === 0 || !grantTypes[0]) throw invalidRequest('Missing grant_type.')
  if (grantTypes.length > 1) throw invalidRequest('grant_type is given more than once.')
  if (grantTypes[0] !== JWT_BEARER_GRANT_TYPE)
    throw new OAuthError(MaskinportenErrors.unsupportedGrantType, `Unsupported grant_type ${quote(grantTypes[0])}; use ${JWT_BEARER_GRANT_TYPE}.`)
  const assertions = form.getAll('assertion')
  if (assertions.length === 0 || !assertions[0]) throw invalidRequest('Missing assertion (the signed JWT grant).')
  if (assertions.length > 1) throw invalidRequest('assertion is given more than once.')
  const assertion = assertions[0]

  // Read the header and claims before verifying, only to find the client and its key.
  const parts = assertion.split('.')
  let header: ProtectedHeaderParameters
  try {
    if (parts.length !== 3) throw new Error('not a compact JWS')
    header = decodeProtectedHeader(assertion)
  } catch {
    throw new OAuthError(MaskinportenErrors.invalidGrant, 'Invalid assertion. The assertion is not a signed JWT (header.payload.signature).')
  }
  const unverified = parseClaims(parts[1]!)
  if (!unverified) throw new OAuthError(MaskinportenErrors.invalidGrant, 'Invalid assertion. The JWT payload is not a JSON object.')
  if (typeof header.alg !== 'string' || !SUPPORTED_ALGS.has(header.alg))
    throw clientAuthFailed(`Unsupported alg ${quote(header.alg ?? null)}; sign with ${ASSERTION_SIGNING_ALGS.join(', ')}.`)
  if (typeof unverified.iss !== 'string' || !unverified.iss) throw clientAuthFailed('Missing JWT claim iss (your client id).')
  const clientId = unverified.iss
  const client = ctx.store.maskinportenClients.get(clientId)
  if (!client)
    throw new OAuthError(MaskinportenErrors.invalidClient, `${AUTH_FAILED} Unknown client ${quote(clientId)}. (${MaskinportenCodes.ClientAuthFailed})`)
  if (typeof header.kid !== 'string' || !header.kid) {
    throw clientAuthFailed(
      header.x5c
        ? 'Business certificates (x5c) are not supported by this mock; sign with a key registered on the client and name it in kid.'
        : 'The JWT header has neither kid nor x5c.',
    )
  }
  const key = clientKey(ctx, client, header.kid)
  if (!key) throw clientAuthFailed(`No key with kid ${quote(header.kid)} is registered on client ${quote(clientId)}.`)

  let claims: AssertionClaims | undefined
  try {
    claims = parseClaims((await compactVerify(assertion, key, { algorithms: [...ASSERTION_SIGNING_ALGS] })).payload)
  } catch (e) {
    throw clientAuthFailed(describeVerifyError(e, header.alg, key))
  }
  if (!claims) throw new OAuthError(MaskinportenErrors.invalidGrant, 'Invalid assertion. The JWT payload is not a JSON object.')

  checkAudience(ctx, claims.aud)
  const now = ctx.clock.now() / 1000
  const exp = checkTimes(claims, now)

  // A JWT cannot be reused (docs: jti). Without a jti the signed content identifies the JWT.
  if (!ctx.runtime.usedAssertions.remember(replayIdOf(clientId, claims, `${parts[0]}.${parts[1]}`), exp, now))
    throw clientAuthFailed('The JWT has been used before (jti); sign a new one for every grant.')

  const scopes = checkScopes(client, claims.scope)
  const authorizationDetails = claims.authorization_details === undefined ? undefined : [findSystemUserDetail(ctx, client, claims.authorization_details)]

  const scope = scopes.join(' ')
  const minted = await mintMaskinportenToken(ctx, {
    orgNo: client.orgNo,
    clientId,
    scope,
    ...(authorizationDetails ? { authorizationDetails } : {}),
  })
  return { access_token: minted.accessToken, token_type: 'Bearer', expires_in: minted.expiresIn, scope }
}

function describeVerifyError(e: unknown, alg: string, key: KeyObject): string {
  if (e instanceof joseErrors.JWSSignatureVerificationFailed) return 'Invalid signature: the JWT is not signed by the key registered with this kid.'
  if (e instanceof joseErrors.JOSEAlgNotAllowed) return `Unsupported alg ${quote(alg)}.`
  const type = key.asymmetricKeyType === 'ec' ? 'an EC key' : key.asymmetricKeyType === 'rsa' ? 'an RSA key' : 'a key'
  return `The registered key is ${type} and cannot verify ${alg}.`
}

/**
 * `aud` must be exactly one value, Maskinporten's issuer identifier; Digdir's documentation of the token endpoint
 * (docs.digdir.no, Maskinporten "/token endpoint") adds that "using the token-endpoint url as audience is no longer
 * valid". Refused with MP-110, as Maskinporten answers a wrong `aud` ("Feilsøking i Maskinporten"), saying what to
 * set instead.
 */
function checkAudience(ctx: MockContext, aud: unknown): void {
  const issuer = ctx.config.maskinportenIssuer
  const values = Array.isArray(aud) ? aud : [aud]
  if (values.length === 1 && values[0] === issuer) return
  const instead = `set aud to Maskinporten's issuer identifier, ${issuer} (as test.maskinporten.no wants https://test.maskinporten.no/)`
  const why =
    aud === undefined
      ? 'Missing JWT claim aud'
      : values.length === 1 && values[0] === tokenEndpointOf(ctx)
        ? `Invalid JWT claim aud ${quote(aud)}: the token endpoint URL is no longer valid as audience`
        : `Invalid JWT claim aud ${quote(aud)}`
  throw clientAuthFailed(`${why}; ${instead}.`, MaskinportenCodes.InvalidAudience)
}

/** The time rules; returns `exp` (how long to remember the assertion). */
function checkTimes(claims: AssertionClaims, now: number): number {
  const { exp, iat, nbf } = claims
  if (!isNumericDate(iat)) throw clientAuthFailed('Missing or invalid JWT claim iat (seconds since the epoch, UTC).')
  if (!isNumericDate(exp)) throw clientAuthFailed('Missing or invalid JWT claim exp (seconds since the epoch, UTC).')
  if (iat > now + ASSERTION_CLOCK_SKEW_SECONDS)
    throw clientAuthFailed(`JWT claim iat is in the future (more than ${ASSERTION_CLOCK_SKEW_SECONDS} seconds ahead of Maskinporten's clock)${whenOf(now, iat, exp)}`)
  if (exp <= now) throw clientAuthFailed(`The JWT has expired (exp)${whenOf(now, iat, exp)}`)
  if (exp - iat > MAX_ASSERTION_LIFETIME_SECONDS)
    throw clientAuthFailed(`The JWT lives too long: exp - iat must be at most ${MAX_ASSERTION_LIFETIME_SECONDS} seconds.`)
  if (nbf !== undefined && (!isNumericDate(nbf) || nbf > now + ASSERTION_CLOCK_SKEW_SECONDS)) throw clientAuthFailed('The JWT is not valid yet (nbf).')
  return exp
}

/**
 * The instants behind a time refusal, so whoever reads it sees at once whether the assertion was late or the two
 * clocks disagree (a vendor's clock that is off, or a mock's clock that was moved): Maskinporten's time, the
 * JWT's `iat` and `exp`, and how far apart Maskinporten's time and `iat` are when that is more than an assertion
 * may live. The error code and the `{error, error_description}` shape stay Maskinporten's.
 */
function whenOf(now: number, iat: number, exp: number): string {
  const apart = Math.abs(now - iat)
  const differ = apart > MAX_ASSERTION_LIFETIME_SECONDS ? `; the clocks differ by ${describeSeconds(apart)}` : ''
  return `: Maskinporten's time is ${isoSeconds(now)}, the JWT's iat ${isoSeconds(iat)} and exp ${isoSeconds(exp)}${differ}.`
}

/** A NumericDate as an ISO 8601 instant to the second; one outside what a Date holds is shown as the number. */
function isoSeconds(seconds: number): string {
  const ms = Math.floor(seconds) * 1000
  return Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString().replace('.000Z', 'Z') : String(seconds)
}

/** A span in words, rounded to the largest unit: "181 days", "3 hours", "7 minutes". */
function describeSeconds(seconds: number): string {
  for (const [name, size] of [['day', 86_400], ['hour', 3_600], ['minute', 60]] as const) {
    if (seconds >= size) {
      const n = Math.round(seconds / size)
      return `${n} ${name}${n === 1 ? '' : 's'}`
    }
  }
  return `${Math.round(seconds)} seconds`
}

function checkScopes(client: MaskinportenClient, scope: unknown): string[] {
  const requested = typeof scope === 'string' ? scope.split(/\s+/).filter(Boolean) : []
  if (requested.length === 0)
    throw new OAuthError(MaskinportenErrors.invalidScope, 'Missing scope: the JWT grant must name at least one scope (space-separated).')
  const notAllowed = requested.filter((s) => !client.scopes.includes(s))
  if (notAllowed.length)
    throw new OAuthError(
      MaskinportenErrors.invalidScope,
      `Invalid scope: client ${quote(client.clientId)} is not allowed ${notAllowed.slice(0, 5).map(quote).join(', ')}.`,
    )
  return [...new Set(requested)]
}

/**
 * Turn the grant's `authorization_details` into the token's: exactly one `urn:altinn:systemuser` entry whose
 * system user Altinn's lookup finds (reference §6.3); otherwise MP-303 with the lookup's reason.
 */
function findSystemUserDetail(ctx: MockContext, client: MaskinportenClient, details: unknown): SystemUserTokenDetail {
  // Reference §7.1: "Only one org per grant".
  if (!Array.isArray(details) || details.length !== 1)
    throw invalidRequest('authorization_details must be an array with exactly one entry (one organisation per grant).')
  const parsed = SystemUserAuthorizationDetailSchema.safeParse(details[0])
  if (!parsed.success) {
    const type = (details[0] as { type?: unknown } | null)?.type
    throw invalidRequest(
      type !== SYSTEM_USER_DETAIL_TYPE
        ? `Unsupported authorization_details type ${quote(type ?? null)}; use ${SYSTEM_USER_DETAIL_TYPE}.`
        : 'authorization_details[0] must be {"type":"urn:altinn:systemuser","systemuser_org":{"authority":"iso6523-actorid-upis","ID":"0192:<orgno>"},"externalRef"?}.',
    )
  }
  const detail = parsed.data
  const owner = fromIso6523(detail.systemuser_org.ID)
  if (!owner || !isValidOrgNo(owner)) throw invalidRequest('systemuser_org.ID must be "0192:<organisation number>" of the system user\'s owner.')
  if (detail.systemuser_org.authority != null && detail.systemuser_org.authority !== ISO6523_AUTHORITY)
    throw invalidRequest(`systemuser_org.authority must be ${ISO6523_AUTHORITY}.`)
  const externalRef = detail.externalRef ?? undefined
  const found = lookupSystemUser(ctx, {
    clientId: client.clientId,
    systemProviderOrgNo: client.orgNo,
    systemUserOwnerOrgNo: owner,
    externalRef: externalRef ?? null,
  })
  if ('reason' in found) throw new OAuthError(MaskinportenErrors.invalidAltinnCustomerConfiguration, describeNoSystemUser(found.reason))
  return {
    type: SYSTEM_USER_DETAIL_TYPE,
    systemuser_org: { authority: ISO6523_AUTHORITY, ID: toIso6523(owner) },
    systemuser_id: [found.systemUser.id],
    system_id: found.system.id,
    ...(externalRef ? { externalRef } : {}),
  }
}

// ---------------------------------------------------------------------------------------------------------
// Clients registered at run time

/** Scopes a client registered without `scopes` may ask for: those of the seeded SmartCloud clients. */
export const DEFAULT_CLIENT_SCOPES: readonly string[] = [Scopes.systemRegisterWrite, Scopes.requestRead, Scopes.requestWrite, Scopes.kravOgBetalinger]

/** What `POST /__mock/maskinporten/clients` takes. */
export interface NewMaskinportenClient {
  clientId: string
  orgNo: string
  /** Public keys, each with a `kid`. */
  jwks?: { keys: Record<string, unknown>[] } | null
  /** Or one public key (or certificate) in PEM; its `kid` is `kid` or the key's RFC 7638 thumbprint. */
  publicKeyPem?: string | null
  kid?: string | null
  scopes?: string[] | null
}

const CLIENT_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/
const KID = /^[\x21-\x7e]{1,128}$/
const SCOPE = /^[\x21-\x7e]{1,200}$/
const MAX_KEYS = 10

/** Check one public key and give it back as a verifying key (RSA of at least 2048 bits, or EC P-256). */
function checkPublicKey(key: KeyObject, where: string, alg: unknown): void {
  const type = key.asymmetricKeyType
  if (type === 'rsa') {
    if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) throw badInput(`${where}: an RSA key must have at least 2048 bits.`)
  } else if (type === 'ec') {
    if (key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') throw badInput(`${where}: an EC key must be on the P-256 curve (ES256).`)
  } else throw badInput(`${where}: only RSA and EC P-256 keys can sign assertions (got ${type ?? 'unknown'}).`)
  if (alg !== undefined) {
    const ok = typeof alg === 'string' && SUPPORTED_ALGS.has(alg) && (type === 'ec' ? alg === 'ES256' : alg !== 'ES256')
    if (!ok) throw badInput(`${where}: alg ${quote(alg)} does not fit the key; use ${type === 'ec' ? 'ES256' : 'RS256, RS384 or RS512'}.`)
  }
}

function importJwk(jwk: Record<string, unknown>, where: string): { publicJwk: JsonWebKey & { kid: string }; key: KeyObject } {
  if (jwk.kty === 'oct') throw badInput(`${where}: a symmetric key cannot verify a client's assertions; register the public half of an RSA or EC key.`)
  if (PRIVATE_JWK_MEMBERS.some((m) => m in jwk)) throw badInput(`${where}: the key contains private key material; register only the public key.`)
  if (typeof jwk.kid !== 'string' || !KID.test(jwk.kid)) throw badInput(`${where}: give each key a kid (the assertion's header names it).`)
  if (jwk.use !== undefined && jwk.use !== 'sig') throw badInput(`${where}: use must be "sig".`)
  let key: KeyObject
  try {
    key = createPublicKey({ key: jwk as import('node:crypto').JsonWebKey, format: 'jwk' })
  } catch {
    throw badInput(`${where}: not a valid public JWK.`)
  }
  checkPublicKey(key, where, jwk.alg)
  return { publicJwk: { ...(jwk as JsonWebKey), kid: jwk.kid }, key }
}

async function importPem(pem: string, kid: string | null | undefined): Promise<{ publicJwk: JsonWebKey & { kid: string }; key: KeyObject }> {
  if (/PRIVATE KEY/.test(pem)) throw badInput('publicKeyPem holds a private key; register only the public key (-----BEGIN PUBLIC KEY-----).')
  let key: KeyObject
  try {
    key = createPublicKey(pem)
  } catch {
    throw badInput('publicKeyPem is not a PEM public key (-----BEGIN PUBLIC KEY-----) or certificate.')
  }
  checkPublicKey(key, 'publicKeyPem', undefined)
  if (kid != null && !KID.test(kid)) throw badInput('kid must be 1 to 128 printable characters.')
  const jwk = key.export({ format: 'jwk' }) as JsonWebKey
  const finalKid = kid ?? (await calculateJwkThumbprint(jwk as Parameters<typeof calculateJwkThumbprint>[0]))
  return { publicJwk: { ...jwk, kid: finalKid, use: 'sig' } as JsonWebKey & { kid: string }, key }
}

/**
 * Register a Maskinporten client with the caller's own public key(s). The system register's `clientId` ties it
 * to a system, as in Altinn. Throws an `HttpProblemError`: bad input (400), or a conflict (409) when the client
 * id is taken. Changes nothing when it throws.
 *
 * @example
 * ```ts
 * const { publicKey } = await generateKeyPair('RS256', { extractable: true })
 * await registerMaskinportenClient(mock, { clientId: 'my-client', orgNo: '318882703', jwks: { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1' }] } })
 * ```
 */
export async function registerMaskinportenClient(ctx: MockContext, input: NewMaskinportenClient): Promise<MaskinportenClient> {
  if (!CLIENT_ID.test(input.clientId)) throw badInput('clientId must be 1 to 128 characters: letters, digits, ".", "_", ":" or "-", starting with a letter or digit.')
  if (!isValidOrgNo(input.orgNo)) throw badInput('orgNo must be a nine-digit organisation number with a valid MOD11 check digit.')
  const hasJwks = input.jwks != null
  const hasPem = input.publicKeyPem != null
  if (hasJwks === hasPem) throw badInput('Give exactly one of jwks ({"keys": [...]}) and publicKeyPem.')
  const scopes = input.scopes ?? [...DEFAULT_CLIENT_SCOPES]
  if (scopes.length > 50) throw badInput('At most 50 scopes.')
  for (const s of scopes) if (!SCOPE.test(s)) throw badInput(`scopes: ${quote(s)} is not a scope (no spaces, 1 to 200 characters).`)

  const imported: { publicJwk: JsonWebKey & { kid: string }; key: KeyObject }[] = []
  if (hasJwks) {
    const keys = input.jwks!.keys
    if (keys.length === 0 || keys.length > MAX_KEYS) throw badInput(`jwks.keys must hold 1 to ${MAX_KEYS} keys.`)
    keys.forEach((jwk, i) => imported.push(importJwk(jwk, `jwks.keys[${i}]`)))
    const kids = new Set(imported.map((k) => k.publicJwk.kid))
    if (kids.size !== imported.length) throw badInput('Each key in jwks.keys needs its own kid.')
  } else imported.push(await importPem(input.publicKeyPem!, input.kid))

  // Checked last, after the awaits, so two concurrent registrations of one id cannot both pass.
  if (ctx.store.maskinportenClients.has(input.clientId)) throw conflict(`A Maskinporten client ${quote(input.clientId)} already exists.`)
  const client: MaskinportenClient = {
    clientId: input.clientId,
    orgNo: input.orgNo,
    kid: imported[0]!.publicJwk.kid,
    publicJwks: imported.map((k) => k.publicJwk),
    scopes: [...new Set(scopes)],
  }
  ctx.store.write((tx) => tx.put('maskinportenClients', client))
  ctx.runtime.clientKeys.set(client, new Map(imported.map((k) => [k.publicJwk.kid, k.key])))
  return client
}

/**
 * A client as the control API shows it: public keys only.
 *
 * @example
 * ```ts
 * toMaskinportenClientView(mock.store.maskinportenClients.get(id)!).jwks.keys[0].kid
 * ```
 */
export function toMaskinportenClientView(client: MaskinportenClient) {
  return { clientId: client.clientId, orgNo: client.orgNo, kid: client.kid, jwks: { keys: client.publicJwks }, scopes: client.scopes }
}
