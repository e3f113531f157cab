/**
 * Signing keys of an instance's own. The default seed pins the mock's signing keys (Maskinporten's, Altinn's,
 * ID-porten's) so that tokens verify across restarts and in every checkout; they are published with the project, so
 * anyone can forge a token that such a mock accepts. A mock shared by several people (a QA host, a CI service) runs
 * with keys of its own instead: `--signing-keys FILE` reads them from FILE, or, on the first start, makes new ones
 * and writes them there, readable by the owner only.
 *
 * @example
 * ```ts
 * const { keys, created } = loadOrCreateSigningKeys('mock.keys.json')
 * const seed = withSigningKeys(loadDefaultSeed(), keys)
 * ```
 */
import { createHash, generateKeyPairSync } from 'node:crypto'
import { closeSync, constants, lstatSync, openSync, readFileSync, writeSync } from 'node:fs'
import * as z from 'zod'
import type { Seed } from './schema.ts'

/** The keys a mock signs with, by issuer. */
export const SIGNING_KEY_NAMES = ['maskinporten', 'altinn', 'idporten'] as const
export type SigningKeyName = (typeof SIGNING_KEY_NAMES)[number]

/** A private RSA JWK with its `kid`. */
export type PrivateSigningJwk = JsonWebKey & { kty: 'RSA'; kid: string; alg: 'RS256'; use: 'sig'; [member: string]: unknown }
export type SigningKeys = Record<SigningKeyName, PrivateSigningJwk>

const RsaPrivateJwkSchema = z.looseObject({
  kty: z.literal('RSA'),
  n: z.string().min(1),
  e: z.string().min(1),
  d: z.string().min(1),
  p: z.string().min(1),
  q: z.string().min(1),
  dp: z.string().min(1),
  dq: z.string().min(1),
  qi: z.string().min(1),
  kid: z.string().min(1),
  alg: z.literal('RS256'),
  use: z.literal('sig'),
})
const SigningKeysSchema = z.object(Object.fromEntries(SIGNING_KEY_NAMES.map((name) => [name, RsaPrivateJwkSchema])) as Record<SigningKeyName, typeof RsaPrivateJwkSchema>)

/** A signing-keys file that cannot be used; the message says which file and what to do. */
export class SigningKeysError extends Error {
  override name = 'SigningKeysError'
}

/** The RFC 7638 thumbprint of an RSA key, base64url: a `kid` that names the key and nothing else. */
function thumbprint(jwk: JsonWebKey): string {
  return createHash('sha256').update(JSON.stringify({ e: jwk.e, kty: 'RSA', n: jwk.n })).digest('base64url')
}

/**
 * New RSA keys (2048 bits, RS256, as Maskinporten and Altinn sign) for every issuer the mock plays.
 */
function generateSigningKeys(): SigningKeys {
  const make = (name: SigningKeyName): PrivateSigningJwk => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const jwk = privateKey.export({ format: 'jwk' }) as JsonWebKey
    return { ...jwk, kty: 'RSA', kid: `${name}-${thumbprint(jwk).slice(0, 16)}`, alg: 'RS256', use: 'sig' }
  }
  return Object.fromEntries(SIGNING_KEY_NAMES.map((name) => [name, make(name)])) as SigningKeys
}

/**
 * The keys in `path`, or, when there is no such file, new keys written there (mode 0600; never through a link).
 * Throws {@link SigningKeysError} for a file that is not a regular file, not JSON, or not a set of private RSA keys.
 *
 * @example
 * ```ts
 * const { keys, created } = loadOrCreateSigningKeys('/var/lib/mock-altinn/keys.json')
 * ```
 */
export function loadOrCreateSigningKeys(path: string): { keys: SigningKeys; created: boolean } {
  let stat: import('node:fs').Stats | undefined
  try {
    stat = lstatSync(path)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new SigningKeysError(`Cannot read the signing keys in ${path}: ${(e as NodeJS.ErrnoException).code ?? e}.`)
  }
  if (!stat) {
    const keys = generateSigningKeys()
    let fd: number
    try {
      fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o600)
    } catch (e) {
      throw new SigningKeysError(`Cannot write new signing keys to ${path}: ${(e as NodeJS.ErrnoException).code ?? e}. Name a file in a folder you can write to.`)
    }
    try {
      writeSync(fd, `${JSON.stringify(keys, null, 2)}\n`)
    } finally {
      closeSync(fd)
    }
    return { keys, created: true }
  }
  if (!stat.isFile()) throw new SigningKeysError(`The signing keys ${path} are not a regular file (a link, a folder or a device); name the file itself.`)
  let json: unknown
  try {
    json = JSON.parse(readFileSync(path, 'utf8'))
  } catch (e) {
    throw new SigningKeysError(`The signing keys in ${path} are not JSON (${(e as Error).message}). Move the file away and start again to make new keys.`)
  }
  const parsed = SigningKeysSchema.safeParse(json)
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => i.path.join('.') || '(the file)').slice(0, 3).join(', ')
    throw new SigningKeysError(`The signing keys in ${path} are not private RSA keys for ${SIGNING_KEY_NAMES.join(', ')} (${where}). Move the file away and start again to make new keys.`)
  }
  return { keys: parsed.data as SigningKeys, created: false }
}

/**
 * The seed with the mock's signing keys replaced; the seeded Maskinporten clients and everything else stay.
 *
 * @example
 * ```ts
 * startMockServer({ seed: withSigningKeys(loadDefaultSeed(), generateSigningKeys()) })
 * ```
 */
export function withSigningKeys(seed: Seed, keys: SigningKeys): Seed {
  return { ...seed, keys: { ...seed.keys, ...keys } }
}
