/**
 * Load from this process with autocannon, bounded in time (or in number of calls), reduced to the figures the
 * table shows.
 */
import autocannon, { type AutocannonOptions } from 'autocannon'

/** What one load run measured. */
export interface LoadFigures {
  /** Completed calls per second. */
  perSecond: number
  /** Latency percentiles in milliseconds (autocannon's whole-millisecond histogram). */
  p50: number
  p99: number
  /** Calls answered. */
  total: number
  /** Answers outside 2xx, and connection errors or timeouts. */
  non2xx: number
  errors: number
  /** Count per status code. */
  statuses: Record<string, number>
}

/**
 * Run autocannon and reduce its result. `duration` in seconds, or `amount` calls (then give `requests`, so the
 * time of the last answer can be read).
 *
 * @example
 * ```ts
 * const figures = await runLoad({ url: `${mock.url}/healthz`, connections: 10, duration: 3 })
 * figures.perSecond
 * ```
 */
export async function runLoad(options: AutocannonOptions): Promise<LoadFigures> {
  // autocannon ends an `amount` run on its next one-second tick, so its duration is rounded up to whole seconds;
  // the time from the start to the last answer is the real one.
  const started = performance.now()
  let lastAnswer = started
  const requests = options.requests?.map((r) => ({
    ...r,
    onResponse: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, string>) => {
      lastAnswer = performance.now()
      r.onResponse?.(status, body, context, headers)
    },
  }))
  const result = await autocannon({ timeout: 10, ...options, ...(requests ? { requests } : {}) })
  const statuses: Record<string, number> = {}
  for (const [status, { count }] of Object.entries(result.statusCodeStats ?? {})) statuses[status] = count
  const answered = Object.values(statuses).reduce((a, b) => a + b, 0)
  const seconds = options.amount !== undefined && requests ? (lastAnswer - started) / 1000 : result.duration
  return {
    perSecond: seconds > 0 ? answered / seconds : 0,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: answered,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    statuses,
  }
}

/**
 * The better of two runs by throughput: other work on a shared machine only ever makes a run slower, so the
 * best run is the closest to what the code can do.
 *
 * @example
 * ```ts
 * const best = bestOf([first, second])
 * ```
 */
export function bestOf(runs: readonly LoadFigures[]): LoadFigures {
  return runs.reduce((a, b) => (b.perSecond > a.perSecond ? b : a))
}
