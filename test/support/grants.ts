/**
 * Builders for Maskinporten grants: sign an assertion as a seeded (or your own) client, with overrides for each
 * claim and header so a test can forge exactly one thing wrong; post it to the token endpoint.
 *
 * @example
 * ```ts
 * const client = seededClient(t.mock, STANDARD_CLIENT_ID)
 * const res = await postGrant(t.mock, await anAssertion(t.mock, client, { scope: 'skatteetaten:kravogbetalinger' }))
 * ```
 */
import { createPrivateKey, createPublicKey, randomUUID, type KeyObject } from 'node:crypto'
import { SignJWT } from 'jose'
import { JWT_BEARER_GRANT_TYPE, SYSTEM_USER_DETAIL_TYPE } from '../../sdk/contract/index.ts'
import type { MockContext } from '../../mock-server/core/context.ts'
import { call, type JsonResponse } from './api.ts'

/** The seeded Maskinporten clients (default seed). */
export const STANDARD_CLIENT_ID = 'a3f1c0de-5c6b-4f8e-9d1a-318882703001'
export const AGENT_CLIENT_ID = 'a3f1c0de-5c6b-4f8e-9d1a-318882703002'
export const KONKURRENT_CLIENT_ID = 'b7e2d1aa-0f3c-4a9b-8e2d-315889545001'

export const KRAV_SCOPE = 'skatteetaten:kravogbetalinger'

/** Who signs an assertion. */
export interface SigningClient {
  clientId: string
  kid: string
  alg: string
  privateKey: KeyObject | Uint8Array
}

/** A seeded client that signs with its test-only private key from the seed. */
export function seededClient(mock: MockContext, clientId: string): SigningClient {
  const c = mock.store.maskinportenClients.get(clientId)
  if (!c?.privateJwk) throw new Error(`no seeded client ${clientId} with a private key`)
  return { clientId, kid: c.privateJwk.kid ?? c.kid, alg: 'RS256', privateKey: createPrivateKey({ key: c.privateJwk as import('node:crypto').JsonWebKey, format: 'jwk' }) }
}

/** The PEM of a seeded client's public key (what an HMAC-with-the-public-key attack uses as the secret). */
export function publicPemOf(client: SigningClient): string {
  return createPublicKey(client.privateKey as KeyObject).export({ type: 'spki', format: 'pem' }).toString()
}

/** What an assertion may be given instead of the defaults; `null` leaves the claim out. */
export interface AssertionOverrides {
  iss?: string
  aud?: string | string[] | null
  /** Seconds since the epoch; default the mock's now. */
  iat?: number | null
  exp?: number | null
  jti?: string | null
  scope?: string | null
  authorization_details?: unknown
  alg?: string
  kid?: string | null
  /** Sign with this key instead of the client's. */
  key?: KeyObject | Uint8Array
  /** Extra claims. */
  claims?: Record<string, unknown>
}

/**
 * A signed grant assertion for the mock's Maskinporten: `iss` = client id, `aud` = issuer, `iat` now, `exp` now+60,
 * a fresh `jti`, and the scope (default `skatteetaten:kravogbetalinger`).
 */
export async function anAssertion(mock: MockContext, client: SigningClient, o: AssertionOverrides = {}): Promise<string> {
  const now = Math.floor(mock.clock.now() / 1000)
  const iat = o.iat === undefined ? now : o.iat
  const claims: Record<string, unknown> = {
    iss: o.iss ?? client.clientId,
    aud: o.aud === undefined ? mock.config.maskinportenIssuer : o.aud,
    iat,
    exp: o.exp === undefined ? (iat ?? now) + 60 : o.exp,
    jti: o.jti === undefined ? randomUUID() : o.jti,
    scope: o.scope === undefined ? KRAV_SCOPE : o.scope,
    ...(o.authorization_details !== undefined ? { authorization_details: o.authorization_details } : {}),
    ...o.claims,
  }
  for (const k of Object.keys(claims)) if (claims[k] === null) delete claims[k]
  const kid = o.kid === undefined ? client.kid : o.kid
  return new SignJWT(claims)
    .setProtectedHeader({ alg: o.alg ?? client.alg, ...(kid !== null ? { kid } : {}) })
    .sign(o.key ?? client.privateKey)
}

/** `authorization_details` asking for the system user owned by `ownerOrgNo`. */
export function systemUserDetails(ownerOrgNo: string, externalRef?: string): unknown[] {
  return [
    {
      type: SYSTEM_USER_DETAIL_TYPE,
      systemuser_org: { authority: 'iso6523-actorid-upis', ID: `0192:${ownerOrgNo}` },
      ...(externalRef !== undefined ? { externalRef } : {}),
    },
  ]
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

/** POST the grant to the mock's token endpoint (form body). */
export function postGrant(mock: MockContext, assertion: string, extra: Record<string, string> = {}): Promise<JsonResponse> {
  const body = new URLSearchParams({ grant_type: JWT_BEARER_GRANT_TYPE, assertion, ...extra }).toString()
  return call(mock.config.maskinportenIssuer, 'POST', `${mock.config.maskinportenIssuer}token`, { body, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
}
