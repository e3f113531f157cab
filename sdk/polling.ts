/**
 * The one poll loop of the SDK: poll, stop when done, back off between polls, honour `Retry-After`, ride out
 * transient failures, and end only on our own deadline ({@link AltinnTimeoutError}) or the caller's abort (the
 * signal's reason). Shaped after openid-client's device-flow polling.
 *
 * @example
 * ```ts
 * const request = await pollUntil(
 *   async ({ signal, timeoutMs }) => ({ value: await get(id, { signal, timeoutMs }) }),
 *   (r) => r.status !== 'New',
 *   { intervalMs: 2_000, timeoutMs: 60_000, operation: 'waitForDecision' },
 * )
 * ```
 */
import { AltinnTimeoutError, isTransientError } from './errors/index.ts'

/** The longest delay a timer takes (2^31 - 1 ms, about 24.8 days). */
const MAX_TIMER_MS = 2_147_483_647

/**
 * What `onPoll` hears after each poll.
 *
 * @example
 * ```ts
 * await client.requests.waitForDecision(id, { onPoll: (e: PollEvent<SystemUserRequest>) => console.log(e.attempt, e.value?.status ?? e.error) })
 * ```
 */
export interface PollEvent<T> {
  /** 1 for the first poll. */
  attempt: number
  /** What the poll saw, when it succeeded. */
  value?: T | undefined
  /** The transient failure of this poll, when it failed (the loop goes on). */
  error?: unknown
  /** How long until the next poll; undefined when this poll ended the loop. */
  nextDelayMs?: number | undefined
  /** Time since the loop started. */
  elapsedMs: number
}

/**
 * Options of a wait: backoff, deadline, abort, and a callback per poll.
 *
 * @example
 * ```ts
 * const wait: WaitOptions<SystemUserRequest> = { intervalMs: 5_000, maxIntervalMs: 60_000, timeoutMs: 30 * 60_000 }
 * ```
 */
export interface WaitOptions<T> {
  /** First pause between polls (default 2 000 ms). It grows by half each time up to `maxIntervalMs`. */
  intervalMs?: number | undefined
  /** Longest pause between polls (default 30 000 ms). */
  maxIntervalMs?: number | undefined
  /** Our own deadline for the whole wait (default 15 minutes); then {@link AltinnTimeoutError}. */
  timeoutMs?: number | undefined
  /** Stop waiting; the wait then rejects with the signal's reason. */
  signal?: AbortSignal | undefined
  /** Called after every poll (success or transient failure). Exceptions from it are ignored. */
  onPoll?: ((event: PollEvent<T>) => void) | undefined
}

/**
 * One poll's result; `retryAfterSeconds` from the answer's `Retry-After`, if any.
 *
 * @example
 * ```ts
 * const result: PollResult<SystemUserRequest> = { value: request, retryAfterSeconds: 5 }
 * ```
 */
export interface PollResult<T> {
  value: T
  retryAfterSeconds?: number | undefined
}

/**
 * Internals a test may replace: the sleep and the clock.
 *
 * @example
 * ```ts
 * pollUntil(poll, isDone, { operation: 'test', sleep: async () => undefined, now: () => 0 })
 * ```
 */
export interface PollInternals {
  operation: string
  sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>
  now?: () => number
  /** Whether a failed poll should be retried (default: {@link isTransientError}). */
  isTransient?: (error: unknown) => boolean
}

/**
 * Default pause, longest pause and deadline of {@link pollUntil}.
 *
 * @example
 * ```ts
 * PollDefaults.intervalMs // 2000
 * ```
 */
export const PollDefaults = { intervalMs: 2_000, maxIntervalMs: 30_000, timeoutMs: 15 * 60_000, growth: 1.5 } as const

/**
 * Sleep `ms`, or reject with the signal's reason when it aborts first.
 *
 * @example
 * ```ts
 * await sleepFor(500, controller.signal)
 * ```
 */
export function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason)
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal!.reason)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, Math.max(0, ms))
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/**
 * Poll until `isDone` holds. Each poll gets a signal and a time budget that end with the wait's deadline.
 * A transient failure (transport, our per-call timeout, 408, 429, 5xx) does not end the wait; a `Retry-After`
 * on an answer or a failure lengthens the next pause to at least that long.
 *
 * @example
 * ```ts
 * await pollUntil(() => client.requests.get(id).then((value) => ({ value })), (r) => r.status !== 'New', { operation: 'wait' })
 * ```
 */
export async function pollUntil<T>(
  poll: (call: { signal: AbortSignal; timeoutMs: number }) => Promise<PollResult<T>>,
  isDone: (value: T) => boolean,
  options: WaitOptions<T> & PollInternals,
): Promise<T> {
  const now = options.now ?? Date.now
  const sleep = options.sleep ?? sleepFor
  const isTransient = options.isTransient ?? isTransientError
  const timeoutMs = options.timeoutMs ?? PollDefaults.timeoutMs
  const maxIntervalMs = Math.max(options.maxIntervalMs ?? PollDefaults.maxIntervalMs, 0)
  let intervalMs = Math.min(Math.max(options.intervalMs ?? PollDefaults.intervalMs, 0), maxIntervalMs)
  if (!(timeoutMs > 0)) throw new TypeError('timeoutMs must be a positive number of milliseconds')
  const { signal } = options
  const started = now()
  const deadlineAt = started + timeoutMs
  let last: T | undefined

  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw signal.reason
    const remaining = deadlineAt - now()
    if (remaining <= 0) throw new AltinnTimeoutError(options.operation, timeoutMs, last)

    let result: PollResult<T> | undefined
    let failure: unknown
    // Timers take whole milliseconds up to 2^31 - 1; a longer wait is a longer loop, not a longer timer.
    const budget = AbortSignal.timeout(Math.min(Math.ceil(remaining), MAX_TIMER_MS))
    try {
      result = await poll({ signal: signal ? AbortSignal.any([signal, budget]) : budget, timeoutMs: Math.min(Math.ceil(remaining), MAX_TIMER_MS) })
    } catch (e) {
      if (signal?.aborted) throw signal.reason
      if (now() >= deadlineAt || budget.aborted) throw new AltinnTimeoutError(options.operation, timeoutMs, last)
      if (!isTransient(e)) throw e
      failure = e
    }

    if (result) {
      last = result.value
      if (isDone(result.value)) {
        notify(options.onPoll, { attempt, value: result.value, elapsedMs: now() - started })
        return result.value
      }
    }
    const retryAfterSeconds = result ? result.retryAfterSeconds : (failure as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds
    // Honour Retry-After: never come back sooner than the server asked.
    const delay = Math.max(intervalMs, typeof retryAfterSeconds === 'number' && retryAfterSeconds >= 0 ? retryAfterSeconds * 1000 : 0)
    notify(options.onPoll, { attempt, ...(result ? { value: result.value } : { error: failure }), nextDelayMs: delay, elapsedMs: now() - started })
    await sleep(Math.min(delay, Math.max(deadlineAt - now(), 0), MAX_TIMER_MS), signal)
    intervalMs = Math.min(intervalMs * PollDefaults.growth, maxIntervalMs)
  }
}

function notify<T>(onPoll: ((event: PollEvent<T>) => void) | undefined, event: PollEvent<T>): void {
  if (!onPoll) return
  try {
    onPoll(event)
  } catch {
    // A failing callback must not end the wait.
  }
}
