import { AltinnError, redactionOf, type AltinnErrorOptions } from './altinn-error.ts'

/**
 * Facts of an HTTP exchange that an error may carry (never headers of the request).
 *
 * @example
 * ```ts
 * new AltinnHttpError({ status: 503, method: 'GET', url, retryAfterSeconds: 5 })
 * ```
 */
export interface HttpErrorDetails {
  status: number
  method: string
  /** The URL called (redacted). */
  url: string
  /** The answer's body as text, redacted and clipped to 2000 characters. */
  bodyText?: string | undefined
  /** The answer's `WWW-Authenticate` header on a 401 (why the token was refused). */
  wwwAuthenticate?: string | undefined
  /** Seconds from the answer's `Retry-After`, when it had one. */
  retryAfterSeconds?: number | undefined
  /** How many attempts were made (1 when the call was not retried). */
  attempts?: number | undefined
}

/** Longest body text kept on an error. */
const MAX_BODY_TEXT = 2000

function clip(text: string | undefined, redact: (text: string) => string): string | undefined {
  if (text === undefined) return undefined
  const redacted = redact(text)
  return redacted.length > MAX_BODY_TEXT ? `${redacted.slice(0, MAX_BODY_TEXT)}…` : redacted
}

/**
 * Altinn answered with a status outside 2xx, and the body was not an Altinn problem (a bodiless 401/403, a text
 * body like `System with ID 'x' not found.`, an ASP.NET model error).
 *
 * @example
 * ```ts
 * if (e instanceof AltinnHttpError && e.status === 403) console.log('missing scope, or not your system')
 * ```
 */
export class AltinnHttpError extends AltinnError {
  readonly status: number
  readonly method: string
  readonly url: string
  readonly bodyText: string | undefined
  readonly wwwAuthenticate: string | undefined
  readonly retryAfterSeconds: number | undefined
  readonly attempts: number

  constructor(details: HttpErrorDetails, message?: string, options?: AltinnErrorOptions) {
    super(message ?? describeHttpFailure(details), options)
    const redact = redactionOf(options)
    this.name = 'AltinnHttpError'
    this.status = details.status
    this.method = details.method
    this.url = redact(details.url)
    this.bodyText = clip(details.bodyText, redact)
    this.wwwAuthenticate = clip(details.wwwAuthenticate, redact)
    this.retryAfterSeconds = details.retryAfterSeconds
    this.attempts = details.attempts ?? 1
  }
}

function describeHttpFailure(d: HttpErrorDetails): string {
  const hint =
    d.status === 401
      ? ' (the token was missing, expired or not accepted)'
      : d.status === 403
        ? ' (the token lacks the scope this call needs, or the system is not yours)'
        : ''
  const body = d.bodyText ? `: ${d.bodyText.slice(0, 300)}` : ''
  return `${d.method} ${d.url} answered ${d.status}${hint}${body}`
}

/** The facts an HTTP error was made from, to make another error of the same exchange. */
export function detailsOf(e: AltinnHttpError): HttpErrorDetails {
  return { status: e.status, method: e.method, url: e.url, bodyText: e.bodyText, wwwAuthenticate: e.wwwAuthenticate, retryAfterSeconds: e.retryAfterSeconds, attempts: e.attempts }
}
