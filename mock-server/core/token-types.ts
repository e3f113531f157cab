/**
 * The shapes of the mock's keys and of a verified caller: plain types, so the context, the runtime and the token
 * rules (`tokens.ts`) can all name them without importing each other.
 */
import type { KeyObject } from 'node:crypto'
import type { JWTPayload } from 'jose'

export interface SigningKey {
  kid: string
  privateKey: KeyObject
  publicKey: KeyObject
  publicJwk: JsonWebKey & { kid: string; alg: string; use: string }
}

export interface Keys {
  maskinporten: SigningKey
  altinn: SigningKey
  /** The mock ID-porten's key: the seed's `keys.idporten`, or one made at start when the seed has none. */
  idporten: SigningKey
}

/** Claims of an access token the vendor API understands. */
export interface AccessTokenClaims extends JWTPayload {
  scope?: string
  client_id?: string
  consumer?: { authority?: string; ID?: string }
  authorization_details?: unknown
  token_type?: string
  client_amr?: string
}

/** Who is calling, as read from a verified token. */
export interface Caller {
  /** The vendor's organisation number from the `consumer` claim; undefined when the claim is missing or bad. */
  orgNo?: string
  clientId?: string
  scopes: ReadonlySet<string>
  claims: AccessTokenClaims
  /** Which issuer signed the token. */
  issuer: 'maskinporten' | 'altinn'
}

