/**
 * Redaction for everything the harness shows (journal, inspector): bearer tokens, assertions, private keys,
 * cookies and CSRF tokens never leave the mock, whatever field or header they travel in.
 *
 * Three nets, each enough on its own for the usual cases: sensitive names (fields, form keys, headers), JWK
 * private members, and values that look like a JWT or a PEM private key wherever they appear.
 */
import { PRIVATE_JWK_MEMBERS } from 'altinn-systemuser-sdk/contract'

/** What a redacted value is replaced with. */
export const REDACTED = '[redacted]'

/** Field, form and query names whose values are secrets (compared in lower case, `-` and `_` ignored). */
const SECRET_NAMES = new Set(
  [
    'access_token', 'id_token', 'refresh_token', 'token_value', 'assertion', 'client_assertion', 'subject_token', 'privateJwk',
    'private_jwk', 'privateKey', 'private_key', 'privateKeyPem', 'password', 'secret', 'client_secret', 'csrf', 'csrfToken',
    'csrf_token', '_csrf', 'xsrf', 'cookie', 'set-cookie', 'authorization', 'session', 'sessionId', 'jwt',
  ].map(normaliseName),
)

/** Members of a private JWK (RSA, EC, OKP, oct). */
const JWK_PRIVATE = new Set<string>(PRIVATE_JWK_MEMBERS)

const JWT_LIKE = /eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g
const PEM_PRIVATE = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g
/** `"name": "value"` pairs in text that is not valid JSON (a truncated body). */
const JSON_PAIR = /"([A-Za-z_-]+)"\s*:\s*"((?:[^"\\]|\\.)*)"/g

function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, '')
}

/**
 * Whether a field, form key or header name carries a secret.
 */
function isSecretName(name: string): boolean {
  return SECRET_NAMES.has(normaliseName(name))
}

/**
 * Replace JWT-shaped values and PEM private keys inside any string.
 *
 * @example
 * ```ts
 * redactText('token eyJhbGciOi.eyJzdWIi.c2ln') // 'token [redacted]'
 * ```
 */
export function redactText(text: string): string {
  return text.replace(JWT_LIKE, REDACTED).replace(PEM_PRIVATE, REDACTED)
}

/**
 * Redact a parsed JSON value: secret field names, private JWK members, and secret-looking strings anywhere, at
 * any depth. It walks the value with a list of its own instead of the call stack, so a body nested a million
 * levels deep is redacted all the way down rather than overflowing the stack or being cut off part way.
 *
 * @example
 * ```ts
 * redactJson({ access_token: 'eyJ...', expires_in: 120 }) // { access_token: '[redacted]', expires_in: 120 }
 * ```
 */
export function redactJson(value: unknown): unknown {
  return redactDeep(value).value
}

/** How deep a redacted body may nest and still be shown as JSON (deeper, it is shown as JSON text; see `redactBody`). */
export const MAX_SHOWN_DEPTH = 256

/** Redact iteratively; also tells how deep the value nests. */
function redactDeep(value: unknown): { value: unknown; depth: number } {
  const work: { from: unknown; to: Record<string, unknown> | unknown[]; depth: number }[] = []
  let deepest = 0
  const copy = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return redactText(v)
    if (v === null || typeof v !== 'object') return v
    const to: Record<string, unknown> | unknown[] = Array.isArray(v) ? new Array<unknown>(v.length) : {}
    work.push({ from: v, to, depth })
    if (depth > deepest) deepest = depth
    return to
  }
  const root = copy(value, 1)
  for (let item = work.pop(); item; item = work.pop()) {
    const { from, to, depth } = item
    if (Array.isArray(from)) {
      for (let i = 0; i < from.length; i++) (to as unknown[])[i] = copy(from[i], depth + 1)
      continue
    }
    const obj = from as Record<string, unknown>
    const isJwk = typeof obj.kty === 'string'
    for (const k of Object.keys(obj)) {
      const v = obj[k]
      const out = isSecretName(k) || (isJwk && JWK_PRIVATE.has(k)) ? (v === null || v === undefined ? v : REDACTED) : copy(v, depth + 1)
      // A data key named `__proto__` stays data: plain assignment would set the copy's prototype instead.
      Object.defineProperty(to, k, { value: out, enumerable: true, writable: true, configurable: true })
    }
  }
  return { value: root, depth: deepest }
}

/**
 * JSON text of a value of any depth, written without recursion (`JSON.stringify` overflows the stack a few
 * thousand levels down).
 */
function toJsonText(value: unknown): string {
  const out: string[] = []
  const work: unknown[] = [value]
  // Markers between the values on the work list: the text to write at that point (`,`, `]`, `}`, or a key).
  const TEXT = Symbol('text')
  while (work.length) {
    const v = work.pop()
    if (typeof v === 'object' && v !== null && (v as { [TEXT]?: string })[TEXT] !== undefined) {
      out.push((v as { [TEXT]: string })[TEXT])
      continue
    }
    if (Array.isArray(v)) {
      out.push('[')
      work.push({ [TEXT]: ']' })
      for (let i = v.length - 1; i >= 0; i--) {
        work.push(v[i] === undefined ? null : v[i])
        if (i > 0) work.push({ [TEXT]: ',' })
      }
    } else if (typeof v === 'object' && v !== null) {
      out.push('{')
      work.push({ [TEXT]: '}' })
      const entries = Object.entries(v).filter(([, x]) => x !== undefined)
      for (let i = entries.length - 1; i >= 0; i--) {
        work.push(entries[i]![1])
        work.push({ [TEXT]: `${i > 0 ? ',' : ''}${JSON.stringify(entries[i]![0])}:` })
      }
    } else out.push(JSON.stringify(v) ?? 'null')
  }
  return out.join('')
}

/**
 * Redact a body as text: parse JSON or a form when it is one, otherwise scrub secret-looking pairs and values.
 * Returns the value to show (an object for JSON and forms, a string otherwise).
 *
 * @example
 * ```ts
 * redactBody('grant_type=x&assertion=eyJ...', 'application/x-www-form-urlencoded') // { grant_type: 'x', assertion: '[redacted]' }
 * ```
 */
export function redactBody(body: string, contentType: string | undefined): unknown {
  const type = (contentType ?? '').toLowerCase()
  if (type.includes('json') || /^\s*[[{]/.test(body)) {
    try {
      const { value, depth } = redactDeep(JSON.parse(body))
      // Deeper than anyone reads, and deeper than JSON.stringify can write when the journal answers: shown as text.
      return depth > MAX_SHOWN_DEPTH ? toJsonText(value) : value
    } catch {
      // Not JSON (or cut short): fall through to the text rules.
    }
  }
  if (type.startsWith('application/x-www-form-urlencoded')) return redactForm(new URLSearchParams(body))
  return redactText(body.replace(JSON_PAIR, (pair, name: string) => (isSecretName(name) || JWK_PRIVATE.has(name) ? `"${name}":"${REDACTED}"` : pair)))
}

/**
 * A form (or query) as an object, secret keys redacted.
 */
function redactForm(form: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const [k, raw] of form) {
    const v = isSecretName(k) ? REDACTED : redactText(raw)
    // Own keys only: a form field named `constructor` or `toString` must not pick up Object's own, nor `__proto__` set a prototype.
    const prev = Object.hasOwn(out, k) ? out[k] : undefined
    Object.defineProperty(out, k, { value: prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v], enumerable: true, writable: true, configurable: true })
  }
  return out
}

/**
 * A query string with secret parameters redacted, or '' when there is none.
 *
 * @example
 * ```ts
 * redactQuery('?a=1&assertion=eyJ...') // '?a=1&assertion=[redacted]'
 * ```
 */
export function redactQuery(search: string): string {
  if (!search || search === '?') return ''
  const params = new URLSearchParams(search)
  const parts: string[] = []
  for (const [k, v] of params) parts.push(`${encodeURIComponent(k)}=${isSecretName(k) ? REDACTED : encodeURIComponent(redactText(v))}`)
  return parts.length ? `?${parts.join('&')}` : ''
}

/**
 * Request or response headers with secrets redacted: `authorization` keeps its scheme (`Bearer [redacted]`),
 * cookies keep their names only.
 *
 * @example
 * ```ts
 * redactHeaders({ authorization: 'Bearer eyJ...', cookie: 'sid=abc' }) // { authorization: 'Bearer [redacted]', cookie: 'sid=[redacted]' }
 * ```
 */
export function redactHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue
    const lower = name.toLowerCase()
    const one = (v: string): string => {
      if (lower === 'authorization' || lower === 'proxy-authorization') return `${v.trim().split(/\s+/)[0] ?? ''} ${REDACTED}`.trim()
      if (lower === 'cookie') return v.split(';').map((c) => `${c.split('=')[0]!.trim()}=${REDACTED}`).join('; ')
      if (lower === 'set-cookie') return `${v.split('=')[0]!.trim()}=${REDACTED}`
      if (isSecretName(lower) || /csrf|xsrf/i.test(lower)) return REDACTED
      return redactText(v)
    }
    out[lower] = Array.isArray(value) ? value.map(one) : one(value)
  }
  return out
}
