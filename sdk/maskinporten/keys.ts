/**
 * The key of a Maskinporten client, in whatever form it was given, turned into a signer once; and the JWT assertion
 * each grant sends, signed with it (reference §7.1: `iss` the client id, `aud` the issuer, `scope`, a short life, a
 * fresh `jti`, and for a system user `authorization_details`).
 */
import { createPrivateKey, type KeyObject } from 'node:crypto'
import { SignJWT, base64url, importJWK, type JWK } from 'jose'
import { MAX_ASSERTION_LIFETIME_SECONDS, type AssertionSigningAlg } from '../contract/index.ts'
import { MaskinportenError } from '../errors/index.ts'
import type { Redactor } from '../redaction.ts'

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

type Signer = (header: Record<string, unknown>, payload: Record<string, unknown>) => Promise<string>

/** Signs one assertion for a grant: the scopes asked for, and for a system user its `authorization_details`. */
export type AssertionSigner = (scopes: readonly string[], authorizationDetails?: unknown[]) => Promise<string>

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
async function createSigner(options: MaskinportenClientOptions, redactor: Redactor): Promise<Signer> {
  const { key } = options
  if (isSigningFunction(key)) {
    return async (header, payload) => {
      const encoder = new TextEncoder()
      const input = `${base64url.encode(JSON.stringify(header))}.${base64url.encode(JSON.stringify(payload))}`
      let signature: Uint8Array
      try {
        signature = await key(encoder.encode(input))
      } catch (e) {
        throw new MaskinportenError(
          { error: 'invalid_key', errorDescription: `the signing function failed: ${e instanceof Error ? redactor.redact(e.message) : 'unknown error'}` },
          { redact: redactor.redact },
        )
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
      return createSigner({ ...options, key: jwk }, redactor)
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

/** The key id sent in the assertion's header: the one given, else the JWK's own. */
function kidOf(options: MaskinportenClientOptions): string | undefined {
  const { key } = options
  return options.kid ?? (typeof key === 'object' && key !== null && 'kty' in key ? (key as JWK).kid : undefined)
}

/**
 * The assertion signer of one Maskinporten client. The key is read on the first grant (and again after a failure),
 * each assertion is remembered by the client's redactor, and none lives longer than Maskinporten allows.
 */
export function createAssertionSigner(options: MaskinportenClientOptions & { issuer: string; now: () => number; redactor: Redactor }): AssertionSigner {
  const lifetime = Math.min(options.assertionLifetimeSeconds ?? 60, MAX_ASSERTION_LIFETIME_SECONDS)
  if (!(lifetime > 0)) throw new TypeError('maskinporten.assertionLifetimeSeconds must be positive')
  const { issuer, now, redactor } = options
  const kid = kidOf(options)
  let signer: Promise<Signer> | undefined

  return async (scopes, authorizationDetails) => {
    signer ??= createSigner(options, redactor).catch((e: unknown) => {
      signer = undefined
      throw e
    })
    const sign = await signer
    const iat = Math.floor(now() / 1000)
    const header: Record<string, unknown> = { typ: 'JWT' }
    if (kid) header.kid = kid
    if (options.x5c) header.x5c = [...options.x5c]
    if (isSigningFunction(options.key)) header.alg = options.alg ?? 'RS256'
    const payload: Record<string, unknown> = {
      aud: issuer, // Maskinporten's convention: the issuer URL (reference §7.1)
      iss: options.clientId,
      scope: scopes.join(' '),
      iat,
      exp: iat + lifetime,
      jti: globalThis.crypto.randomUUID(),
    }
    if (authorizationDetails) payload.authorization_details = authorizationDetails
    const assertion = await sign(header, payload)
    redactor.remember(assertion)
    return assertion
  }
}
