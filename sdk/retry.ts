/**
 * The one retry policy of the SDK, for API calls and Maskinporten grants alike: which failures are tried again
 * (408, 429, 500, 502, 503, 504 and failures in transit; never a refusal, never an abort), how long to wait
 * (exponential backoff with jitter, or the server's `Retry-After`, which a pause longer than allowed turns into a
 * failure), and how many times. `withRetries` runs an attempt under it.
 *
 * What may be repeated at all is the caller's knowledge: an API call only when its method is idempotent; a grant
 * always, since each attempt signs a new assertion and so is a new request, not a replay.
 *
 * @example
 * ```ts
 * const policy = retryPolicyOf({ limit: 2 })
 * const answer = await withRetries(() => callOnce(), policy, { classify: (e) => ({ kind: 'no-answer' }), signal })
 * ```
 */
import { sleepFor } from './polling.ts'

/**
 * How failed calls are retried: API calls with idempotent methods, and Maskinporten grants.
 *
 * @example
 * ```ts
 * createAltinnClient({ environment: 'tt02', maskinporten, retry: { limit: 4, baseDelayMs: 500, maxRetryAfterMs: 60_000 } })
 * ```
 */
export interface RetryOptions {
  /** Retries after the first attempt (default 2; 0 turns retries off). */
  limit?: number
  /** First backoff delay (default 300 ms); it doubles each time, with jitter. */
  baseDelayMs?: number
  /** Longest backoff delay (default 5 s). */
  maxDelayMs?: number
  /** A `Retry-After` longer than this is not waited for: the call fails with `retryAfterSeconds` set (default 30 s). */
  maxRetryAfterMs?: number
}

/** Statuses worth another attempt. */
export const RETRYABLE_STATUSES: readonly number[] = [408, 429, 500, 502, 503, 504]

/** The longest delay a timer takes (2^31 - 1 ms, about 24.8 days). */
const MAX_TIMER_MS = 2_147_483_647

/**
 * Seconds of a `Retry-After` header (delta-seconds or an HTTP date), or undefined.
 *
 * @example
 * ```ts
 * parseRetryAfter('2') // 2
 * ```
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined
  const trimmed = value.trim()
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed)
  const at = Date.parse(trimmed)
  if (Number.isNaN(at)) return undefined
  return Math.max(0, (at - now) / 1000)
}

/** {@link RetryOptions} with every default filled in. */
export type RetryPolicy = Readonly<Required<RetryOptions>>

/** The policy for the given options. */
export function retryPolicyOf(options: RetryOptions | undefined): RetryPolicy {
  return {
    limit: options?.limit ?? 2,
    baseDelayMs: options?.baseDelayMs ?? 300,
    maxDelayMs: options?.maxDelayMs ?? 5_000,
    maxRetryAfterMs: options?.maxRetryAfterMs ?? 30_000,
  }
}

/** A policy that never retries (a poll, which its loop retries itself; a POST). */
export const NO_RETRIES: RetryPolicy = retryPolicyOf({ limit: 0 })

/**
 * One failed attempt, as the policy sees it: an answer with a status (and its `Retry-After`), no answer at all, or
 * a failure that is never tried again (a refusal of our own, an abort, a call that must not be repeated).
 */
export type AttemptFailure = { kind: 'answer'; status: number; retryAfterSeconds?: number | undefined } | { kind: 'no-answer' } | { kind: 'final' }

/** How long to wait before retry number `retry` (1 for the first), or undefined when the failure is not retried. */
export function retryDelayMs(policy: RetryPolicy, retry: number, failure: AttemptFailure): number | undefined {
  if (retry > policy.limit || failure.kind === 'final') return undefined
  if (failure.kind === 'answer') {
    if (!RETRYABLE_STATUSES.includes(failure.status)) return undefined
    if (failure.retryAfterSeconds !== undefined) {
      const ms = failure.retryAfterSeconds * 1000
      // A server asking for a long pause gets it from the caller, not from a blocked promise.
      return ms > policy.maxRetryAfterMs ? undefined : Math.min(ms, MAX_TIMER_MS)
    }
  }
  const backoff = policy.baseDelayMs * 2 ** (retry - 1)
  return Math.min(policy.maxDelayMs, backoff * (0.5 + Math.random() * 0.5), MAX_TIMER_MS)
}

/** How {@link withRetries} judges and reports failures. */
export interface RetryHooks {
  classify(error: unknown): AttemptFailure
  /** Ends a pause between attempts early (with its reason). */
  signal?: AbortSignal | undefined
  /** Called before each pause. */
  onRetry?(error: unknown, retry: number, delayMs: number): void
}

/** Run `attempt` until it succeeds or the policy says to stop; the last failure is thrown as it was. */
export async function withRetries<T>(attempt: () => Promise<T>, policy: RetryPolicy, hooks: RetryHooks): Promise<T> {
  for (let retry = 1; ; retry++) {
    try {
      return await attempt()
    } catch (error) {
      const delay = retryDelayMs(policy, retry, hooks.classify(error))
      if (delay === undefined) throw error
      hooks.onRetry?.(error, retry, delay)
      await sleepFor(delay, hooks.signal)
    }
  }
}
