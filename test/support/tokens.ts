/**
 * Hand-made tokens: an access token of the mock's Maskinporten with the claims a test chooses (valid, expired, of
 * another issuer, without `consumer`), and forgeries: signed with a key of nobody's, signed with HMAC keyed by a
 * public key, unsigned, changed after signing; and the claims of any JWT, unverified.
 *
 * @example
 * ```ts
 * const expired = await signedToken(mock, vendorClaims(mock, { exp: Math.floor(mock.clock.now() / 1000) - 1 }))
 * ```
 */
import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto'
import { SignJWT } from 'jose'
import type { MockContext } from '../../mock-server/core/context.ts'
import { sign, type AccessTokenClaims } from '../../mock-server/core/tokens.ts'
import { SMARTCLOUD, STANDARD_CLIENT_ID } from '../../mock-server/seed/personas.ts'
import { ALL_VENDOR_SCOPES } from './api.ts'

/** Claims of a valid vendor token for SmartCloud from the mock's Maskinporten, with overrides. */
export function vendorClaims(mock: MockContext, overrides: Partial<AccessTokenClaims> = {}): AccessTokenClaims {
  const now = Math.floor(mock.clock.now() / 1000)
  return {
    iss: mock.config.maskinportenIssuer,
    scope: ALL_VENDOR_SCOPES,
    client_id: STANDARD_CLIENT_ID,
    consumer: { authority: 'iso6523-actorid-upis', ID: `0192:${SMARTCLOUD}` },
    token_type: 'Bearer',
    client_amr: 'private_key_jwt',
    iat: now,
    exp: now + 120,
    jti: randomUUID(),
    ...overrides,
  }
}

/** A token signed by the mock's Maskinporten key with the claims given as they are. */
export function signedToken(mock: MockContext, claims: AccessTokenClaims): Promise<string> {
  return sign(mock.keys.maskinporten, claims)
}

/** A token without the `consumer` claim (a token whose vendor Altinn cannot tell). */
export async function tokenWithoutConsumer(mock: MockContext, scope: string = ALL_VENDOR_SCOPES): Promise<string> {
  const { consumer: _c, ...claims } = vendorClaims(mock, { scope })
  return signedToken(mock, claims)
}

let foreignKey: KeyObject | undefined

/** The claims signed RS256 with a key of nobody's (made once per process), under `kid`: a forgery naming the issuer's key. */
export function signedWithForeignKey(claims: object, kid: string): Promise<string> {
  foreignKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
  return new SignJWT({ ...claims }).setProtectedHeader({ alg: 'RS256', kid }).sign(foreignKey)
}

/** The claims signed HS256 with `secret` (a public key used as an HMAC secret: the algorithm-confusion attack). */
export function signedWithHmac(claims: object, secret: string, kid?: string): Promise<string> {
  return new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256', ...(kid !== undefined ? { kid } : {}) }).sign(new TextEncoder().encode(secret))
}

/** An unsigned JWT (`alg: none`) with the given header and claims. */
export function unsignedJwt(header: Record<string, unknown>, claims: Record<string, unknown>): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')
  return `${part({ ...header, alg: 'none' })}.${part(claims)}.`
}

/** Replace claims in a signed JWT, keeping its header and signature (a tampered token). */
export function tamper(jwt: string, changes: Record<string, unknown>): string {
  const [h, p, s] = jwt.split('.')
  const claims = { ...(JSON.parse(Buffer.from(p!, 'base64url').toString('utf8')) as Record<string, unknown>), ...changes }
  return `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`
}

/** The claims of a JWT, unverified. */
export function claimsOf(jwt: string): Record<string, any> {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, any>
}
