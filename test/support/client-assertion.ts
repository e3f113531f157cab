/**
 * The JWT-bearer client assertion a vendor signs for Maskinporten's grant (RFC 7523; reference §7.1): `iss` the
 * client id, `aud` the issuer, `iat` now, `exp` a minute later, a fresh `jti`, the scope, and for a system user its
 * `authorization_details`. Every claim and header can be overridden or left out, so a test can forge exactly one
 * thing wrong. The tests, the benchmark and the fuzzer all sign their assertions here.
 *
 * @example
 * ```ts
 * const client = signingClientOf(seed.maskinportenClients[0])
 * const assertion = await signClientAssertion(client, issuer, Math.floor(Date.now() / 1000), { scope: Scopes.kravOgBetalinger })
 * ```
 */
import { createPrivateKey, randomUUID, type JsonWebKey, type KeyObject } from 'node:crypto'
import { SignJWT } from 'jose'
import { ISO6523_ACTORID_UPIS, Scopes, SYSTEM_USER_DETAIL_TYPE } from '../../sdk/contract/index.ts'

/** Who signs an assertion: a Maskinporten client's id, the key id it registered, the algorithm and the private key. */
export interface SigningClient {
  clientId: string
  kid: string
  alg: string
  privateKey: KeyObject | CryptoKey | Uint8Array
}

/** What an assertion may be given instead of the defaults; `null` leaves the claim (or the `kid`) out. */
export interface AssertionOverrides {
  iss?: string
  aud?: string | string[] | null
  /** Seconds since the epoch; default the `now` given. */
  iat?: number | null
  exp?: number | null
  /** Seconds from `iat` to `exp` when `exp` is not given (default 60). */
  lifetime?: number
  jti?: string | null
  /** Default `skatteetaten:kravogbetalinger`. */
  scope?: string | null
  authorization_details?: unknown
  alg?: string
  kid?: string | null
  /** Sign with this key instead of the client's. */
  key?: KeyObject | CryptoKey | Uint8Array
  /** Extra claims. */
  claims?: Record<string, unknown>
}

/** A client of a seed (`maskinportenClients[]`) that signs RS256 with its test-only private key. */
export function signingClientOf(client: { clientId: string; kid: string; privateJwk?: (object & { kid?: string | undefined }) | undefined }): SigningClient {
  if (!client.privateJwk) throw new Error(`the seed has no private key for the Maskinporten client ${client.clientId}`)
  return { clientId: client.clientId, kid: client.privateJwk.kid ?? client.kid, alg: 'RS256', privateKey: createPrivateKey({ key: client.privateJwk as JsonWebKey, format: 'jwk' }) }
}

/** Sign a client assertion for the Maskinporten at `issuer`, at `now` (seconds since the epoch). */
export async function signClientAssertion(client: SigningClient, issuer: string, now: number, o: AssertionOverrides = {}): Promise<string> {
  const iat = o.iat === undefined ? now : o.iat
  const claims: Record<string, unknown> = {
    iss: o.iss ?? client.clientId,
    aud: o.aud === undefined ? issuer : o.aud,
    iat,
    exp: o.exp === undefined ? (iat ?? now) + (o.lifetime ?? 60) : o.exp,
    jti: o.jti === undefined ? randomUUID() : o.jti,
    scope: o.scope === undefined ? Scopes.kravOgBetalinger : o.scope,
    ...(o.authorization_details !== undefined ? { authorization_details: o.authorization_details } : {}),
    ...o.claims,
  }
  for (const k of Object.keys(claims)) if (claims[k] === null) delete claims[k]
  const kid = o.kid === undefined ? client.kid : o.kid
  return new SignJWT(claims)
    .setProtectedHeader({ alg: o.alg ?? client.alg, ...(kid !== null ? { kid } : {}) })
    .sign(o.key ?? client.privateKey)
}

/** `authorization_details` asking for the system user owned by `ownerOrgNo` (and made with `externalRef`). */
export function systemUserDetails(ownerOrgNo: string, externalRef?: string): unknown[] {
  return [
    {
      type: SYSTEM_USER_DETAIL_TYPE,
      systemuser_org: { authority: ISO6523_ACTORID_UPIS, ID: `0192:${ownerOrgNo}` },
      ...(externalRef !== undefined ? { externalRef } : {}),
    },
  ]
}
