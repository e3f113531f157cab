/**
 * Keeping secrets out of every text the SDK produces (error messages, error properties, log lines).
 *
 * Two layers. Patterns catch what a secret looks like: compact JWTs (tokens, assertions), bearer credentials,
 * PEM blocks, and the JSON members that hold secrets; they apply to every text. A {@link Redactor} also knows the
 * secrets one client handled (its tokens and assertions, the tokens your `accessToken` provider returned), so an
 * opaque token is caught too. Each client has its own: clients in one process share no secrets, and what one
 * remembers neither grows nor slows another.
 *
 * @example
 * ```ts
 * const redactor = createRedactor()
 * redactor.remember(opaqueToken)
 * redactor.redact(`echo: ${opaqueToken}`) // 'echo: [redacted]'
 * ```
 */
import { PRIVATE_JWK_MEMBERS } from './contract/index.ts'

/** What replaces a secret in any text the SDK produces. */
export const REDACTED = '[redacted]'

/** A compact JWS or JWT (tokens, assertions): three base64url parts, the first a JSON header (`eyJ`). */
const JWT_PATTERN = /eyJ[\w-]*\.[\w-]*\.[\w-]*/g
/** A bearer credential written out, e.g. in an echoed header. */
const BEARER_PATTERN = /(bearer\s+)[^\s"',;]+/gi
/** A PEM block (a private key pasted into some text). */
const PEM_PATTERN = /-----BEGIN [A-Z ]+-----[\s\S]*?-----END [A-Z ]+-----/g
/** JSON members that hold secrets (`"access_token": "..."`, `"d": "..."` of a private JWK, ...). */
const SECRET_MEMBER_PATTERN = new RegExp(`("(?:${['access_token', 'id_token', 'refresh_token', 'assertion', 'client_assertion', ...PRIVATE_JWK_MEMBERS].join('|')})"\\s*:\\s*)"[^"]*"`, 'g')

/** How many secrets one redactor keeps; the oldest goes first (tokens are renewed, so old ones stop mattering). */
const MAX_KNOWN_SECRETS = 256
/** Shorter strings are not remembered: they would redact ordinary words. */
const MIN_SECRET_LENGTH = 8

/** Remove tokens, assertions, bearer credentials, PEM keys and private JWK members from a text, by their shape. */
export function redactPatterns(text: string): string {
  return text
    .replace(PEM_PATTERN, REDACTED)
    .replace(JWT_PATTERN, REDACTED)
    .replace(BEARER_PATTERN, `$1${REDACTED}`)
    .replace(SECRET_MEMBER_PATTERN, `$1"${REDACTED}"`)
}

/** The secrets of one client, and the redaction that uses them. */
export interface Redactor {
  /** Remember a secret so that it is redacted even when it looks like nothing in particular. Strings shorter than 8 characters are ignored. */
  remember(secret: string): void
  /** The text without the remembered secrets and without anything shaped like a secret. */
  redact(text: string): string
}

/** A redactor with no secrets yet, holding at most 256 (the oldest forgotten first). */
export function createRedactor(): Redactor {
  const known = new Set<string>()
  return {
    remember(secret) {
      if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH || known.has(secret)) return
      if (known.size >= MAX_KNOWN_SECRETS) known.delete(known.values().next().value!)
      known.add(secret)
    },
    redact(text) {
      let out = text
      for (const secret of known) if (out.includes(secret)) out = out.split(secret).join(REDACTED)
      return redactPatterns(out)
    },
  }
}
