import { AltinnError } from './altinn-error.ts'

/**
 * Our own deadline passed: a call's `timeoutMs` (all its attempts together), or `waitForDecision`'s
 * `timeoutMs`. For `waitForDecision`, `lastRequest` is what the last successful poll saw.
 *
 * @example
 * ```ts
 * try {
 *   await client.requests.waitForDecision(id, { timeoutMs: 60_000 })
 * } catch (e) {
 *   if (e instanceof AltinnTimeoutError) console.log('still waiting for the customer; try later')
 * }
 * ```
 */
export class AltinnTimeoutError extends AltinnError {
  readonly timeoutMs: number
  readonly operation: string
  readonly lastRequest: unknown

  constructor(operation: string, timeoutMs: number, lastRequest?: unknown) {
    super(`${operation} did not finish within ${timeoutMs} ms`)
    this.name = 'AltinnTimeoutError'
    this.operation = operation
    this.timeoutMs = timeoutMs
    this.lastRequest = lastRequest
  }
}
