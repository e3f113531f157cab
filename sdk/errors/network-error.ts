import { AltinnError, redactionOf, type AltinnErrorOptions } from './altinn-error.ts'

/**
 * The call failed in transit: no answer arrived (connection refused, reset, DNS). For a POST the SDK does not
 * know whether Altinn acted on it; `create` resolves that by looking the request up (see its docs).
 *
 * @example
 * ```ts
 * if (e instanceof AltinnNetworkError) console.log('Altinn unreachable:', e.message)
 * ```
 */
export class AltinnNetworkError extends AltinnError {
  readonly method: string
  readonly url: string
  readonly attempts: number

  constructor(method: string, url: string, attempts: number, cause: unknown, options?: Omit<AltinnErrorOptions, 'cause'>) {
    const redact = redactionOf(options)
    const reason = cause instanceof Error ? (cause.cause instanceof Error ? cause.cause.message : cause.message) : String(cause)
    super(`${method} ${url} failed in transit after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${reason}`, { cause: sanitizeCause(cause, redact), redact })
    this.name = 'AltinnNetworkError'
    this.method = method
    this.url = redact(url)
    this.attempts = attempts
  }
}

/** Keep a transport error's message and code, never objects that could hold a request. */
function sanitizeCause(cause: unknown, redact: (text: string) => string): unknown {
  if (!(cause instanceof Error)) return undefined
  const copy = new Error(redact(cause.message))
  copy.name = cause.name
  const code = (cause as { code?: unknown }).code ?? (cause.cause as { code?: unknown } | undefined)?.code
  if (typeof code === 'string') (copy as Error & { code?: string }).code = code
  return copy
}
