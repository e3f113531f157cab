import { describe, expect, it } from 'vitest'
import { AltinnHttpError, AltinnNetworkError, AltinnProblemError, AltinnTimeoutError } from '../../../sdk/errors/index.ts'
import { pollUntil, type PollEvent, type PollResult } from '../../../sdk/polling.ts'

/** A clock that only moves when the loop sleeps, and a sleep that records what it was asked for. */
function aVirtualClock() {
  const clock = { now: 0, sleeps: [] as number[] }
  return {
    clock,
    now: () => clock.now,
    sleep: async (ms: number, signal?: AbortSignal) => {
      signal?.throwIfAborted()
      clock.sleeps.push(ms)
      clock.now += ms
    },
  }
}

type Status = { status: string; timedOut?: boolean }

/** A poll that answers from a script, one entry per poll: a value, a failure to throw, or a value with Retry-After. */
function scripted(script: (Status | Error | PollResult<Status>)[]) {
  let i = 0
  const poll = async (): Promise<PollResult<Status>> => {
    const next = script[Math.min(i++, script.length - 1)]!
    if (next instanceof Error) throw next
    return 'value' in next ? next : { value: next }
  }
  return { poll, calls: () => i }
}

const decided = (s: Status) => s.status !== 'New' || s.timedOut === true
const unavailable = (retryAfterSeconds?: number) =>
  new AltinnHttpError({ status: 503, method: 'GET', url: 'https://platform.tt02.altinn.no/x', retryAfterSeconds })

describe('pollUntil, the one poll loop', () => {
  it('backs off by half each time up to maxIntervalMs', async () => {
    const v = aVirtualClock()
    const { poll } = scripted([{ status: 'New' }, { status: 'New' }, { status: 'New' }, { status: 'New' }, { status: 'New' }, { status: 'Accepted' }])

    const result = await pollUntil(poll, decided, { intervalMs: 1_000, maxIntervalMs: 3_000, timeoutMs: 60_000, operation: 'wait', now: v.now, sleep: v.sleep })

    expect(result.status).toBe('Accepted')
    expect(v.clock.sleeps).toEqual([1_000, 1_500, 2_250, 3_000, 3_000])
  })

  it('waits at least as long as a Retry-After on an answer or on a failure', async () => {
    const v = aVirtualClock()
    const { poll } = scripted([{ value: { status: 'New' }, retryAfterSeconds: 7 }, unavailable(4), { status: 'Rejected' }])

    const result = await pollUntil(poll, decided, { intervalMs: 1_000, timeoutMs: 60_000, operation: 'wait', now: v.now, sleep: v.sleep })

    expect(result.status).toBe('Rejected')
    expect(v.clock.sleeps).toEqual([7_000, 4_000])
  })

  it('rides out transient failures (transport, 5xx, 429, per-call timeouts) and reports them to onPoll', async () => {
    const v = aVirtualClock()
    const failures = [
      new AltinnNetworkError('GET', 'https://platform.tt02.altinn.no/x', 1, new TypeError('fetch failed')),
      unavailable(),
      new AltinnHttpError({ status: 429, method: 'GET', url: 'https://platform.tt02.altinn.no/x' }),
      new AltinnTimeoutError('GET request', 1_000),
    ]
    const { poll } = scripted([...failures, { status: 'Accepted' }])
    const events: PollEvent<Status>[] = []

    const result = await pollUntil(poll, decided, { intervalMs: 10, timeoutMs: 60_000, operation: 'wait', now: v.now, sleep: v.sleep, onPoll: (e) => events.push(e) })

    expect(result.status).toBe('Accepted')
    expect(events.map((e) => e.error)).toEqual([...failures, undefined])
    expect(events.at(-1)).toMatchObject({ attempt: 5, value: { status: 'Accepted' } })
    expect(events.at(-1)!.nextDelayMs).toBeUndefined()
  })

  it('throws a failure that is not transient at once (a deleted request, AUTH-00010)', async () => {
    const v = aVirtualClock()
    const gone = new AltinnProblemError({ status: 404, method: 'GET', url: 'https://platform.tt02.altinn.no/x' }, { code: 'AUTH-00010', title: 'Not found' })
    const { poll, calls } = scripted([{ status: 'New' }, gone])

    await expect(pollUntil(poll, decided, { intervalMs: 10, timeoutMs: 60_000, operation: 'wait', now: v.now, sleep: v.sleep })).rejects.toBe(gone)
    expect(calls()).toBe(2)
  })

  it('resolves with a request whose timedOut flag is set, though it is still New', async () => {
    const v = aVirtualClock()
    const { poll } = scripted([{ status: 'New', timedOut: true }])

    await expect(pollUntil(poll, decided, { operation: 'wait', now: v.now, sleep: v.sleep })).resolves.toEqual({ status: 'New', timedOut: true })
  })

  it('throws AltinnTimeoutError when its deadline passes, with the last value seen, never sleeping past it', async () => {
    const v = aVirtualClock()
    const { poll } = scripted([{ status: 'New' }])

    const error = await pollUntil(poll, decided, { intervalMs: 4_000, timeoutMs: 10_000, operation: 'waitForDecision', now: v.now, sleep: v.sleep }).catch((e: unknown) => e)

    expect(error).toBeInstanceOf(AltinnTimeoutError)
    expect(error).toMatchObject({ operation: 'waitForDecision', timeoutMs: 10_000, lastRequest: { status: 'New' } })
    expect(v.clock.sleeps).toEqual([4_000, 6_000])
    expect(v.clock.now).toBe(10_000)
  })

  it('gives each poll the time left before the deadline', async () => {
    const v = aVirtualClock()
    const budgets: number[] = []
    const poll = async ({ timeoutMs }: { timeoutMs: number }) => (budgets.push(timeoutMs), { value: { status: budgets.length === 3 ? 'Accepted' : 'New' } })

    await pollUntil(poll, decided, { intervalMs: 1_000, maxIntervalMs: 1_000, timeoutMs: 5_000, operation: 'wait', now: v.now, sleep: v.sleep })

    expect(budgets).toEqual([5_000, 4_000, 3_000])
  })

  it('rejects with the reason when the signal aborts, before or while it sleeps', async () => {
    const before = new AbortController()
    before.abort(new Error('not now'))
    const { poll } = scripted([{ status: 'New' }])
    await expect(pollUntil(poll, decided, { signal: before.signal, operation: 'wait' })).rejects.toThrow('not now')

    const during = new AbortController()
    const pending = pollUntil(poll, decided, { intervalMs: 60_000, signal: during.signal, operation: 'wait', onPoll: () => during.abort('stop') })
    await expect(pending).rejects.toBe('stop')
  })

  it('keeps polling when onPoll throws', async () => {
    const v = aVirtualClock()
    const { poll } = scripted([{ status: 'New' }, { status: 'Accepted' }])

    const result = await pollUntil(poll, decided, { intervalMs: 1, operation: 'wait', now: v.now, sleep: v.sleep, onPoll: () => { throw new Error('a bug in the callback') } })

    expect(result.status).toBe('Accepted')
  })

  it('refuses a timeoutMs that is not positive', async () => {
    const { poll } = scripted([{ status: 'New' }])
    await expect(pollUntil(poll, decided, { timeoutMs: 0, operation: 'wait' })).rejects.toBeInstanceOf(TypeError)
  })
})

describe('pollUntil with very long waits', () => {
  it('accepts an unbounded deadline and keeps each timer within what timers can take', async () => {
    const v = aVirtualClock()
    const budgets: number[] = []
    let n = 0
    const poll = async ({ timeoutMs }: { timeoutMs: number }) => (budgets.push(timeoutMs), { value: { status: ++n === 2 ? 'Accepted' : 'New' }, retryAfterSeconds: 1e9 })

    await pollUntil(poll, decided, { timeoutMs: Number.POSITIVE_INFINITY, operation: 'wait', now: v.now, sleep: v.sleep })

    expect(budgets.every((b) => b <= 2_147_483_647)).toBe(true)
    expect(v.clock.sleeps).toEqual([2_147_483_647])
  })
})
