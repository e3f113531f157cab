import { AltinnError } from './altinn-error.ts'

/**
 * Why a return URL's state was refused.
 *
 * @example
 * ```ts
 * if (e instanceof RedirectStateError && e.reason === 'signature') log.warn('forged return URL')
 * ```
 */
export type RedirectStateFailure = 'missing' | 'malformed' | 'signature' | 'expired'

/**
 * The state on a return URL is missing, not ours, altered, or older than allowed. Do not trust anything in
 * such a URL; show the user a neutral page and look the request up another way if needed.
 *
 * @example
 * ```ts
 * if (e instanceof RedirectStateError && e.reason === 'expired') res.send('This link has expired.')
 * ```
 */
export class RedirectStateError extends AltinnError {
  readonly reason: RedirectStateFailure

  constructor(reason: RedirectStateFailure, message: string) {
    super(message)
    this.name = 'RedirectStateError'
    this.reason = reason
  }
}
