/**
 * Time for every rule that depends on it (the 180-day flag, token lifetimes, `created`). The mock never reads
 * the system time directly: it asks its clock, which tests and the control API can set and advance.
 */

/** A source of the current time. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
}

/** A clock that follows real time until it is set or advanced; then it keeps the offset (time still moves). */
export interface ControllableClock extends Clock {
  /** Move the clock forward (or back, with a negative value) by `ms`. */
  advance(ms: number): void
  /** Make `now()` answer `epochMs` at this moment; time moves on from there. */
  set(epochMs: number): void
  /** Back to real time. */
  reset(): void
  /** Whether the clock is shifted from real time. */
  readonly shifted: boolean
  /** Be told after every move (`advance`, `set`, `reset`); returns the function that stops it. */
  watch(listener: () => void): () => void
}

/** The listeners of one clock, and how to tell them. */
function watchers(): { watch: ControllableClock['watch']; moved: () => void } {
  const listeners = new Set<() => void>()
  return {
    watch(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    moved: () => listeners.forEach((l) => l()),
  }
}

/**
 * Create a clock on top of a time source (the system clock by default).
 *
 * @example
 * ```ts
 * const clock = createClock()
 * clock.advance(181 * 24 * 3600_000) // 181 days later
 * ```
 */
export function createClock(source: () => number = Date.now): ControllableClock {
  let offset = 0
  const { watch, moved } = watchers()
  return {
    now: () => source() + offset,
    advance(ms) {
      offset += ms
      moved()
    },
    set(epochMs) {
      offset = epochMs - source()
      moved()
    },
    reset() {
      offset = 0
      moved()
    },
    get shifted() {
      return offset !== 0
    },
    watch,
  }
}

/** A clock that stands still at `epochMs` unless advanced: for tests that need exact instants. */
export function createFixedClock(epochMs: number): ControllableClock {
  let t = epochMs
  const { watch, moved } = watchers()
  return {
    now: () => t,
    advance(ms) {
      t += ms
      moved()
    },
    set(v) {
      t = v
      moved()
    },
    reset() {
      t = epochMs
      moved()
    },
    get shifted() {
      return t !== epochMs
    },
    watch,
  }
}

const DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/

/**
 * Parse an ISO 8601 duration of days, hours, minutes and seconds (`P181D`, `PT2H30M`, `P1DT12H`) into ms.
 * Returns undefined for anything else (years and months have no fixed length).
 */
export function parseDuration(value: string): number | undefined {
  const m = DURATION.exec(value)
  if (!m || value === 'P' || value.endsWith('T')) return undefined
  const [, d, h, min, s] = m
  return ((Number(d ?? 0) * 24 + Number(h ?? 0)) * 60 + Number(min ?? 0)) * 60_000 + Number(s ?? 0) * 1000
}

/**
 * The last instant the clock may show: the end of year 9999. Tokens carry the time as JWT NumericDate seconds and
 * every answer writes it as an ISO 8601 instant, and neither has a form for instants outside 1970 to 9999.
 */
const LATEST_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999)

/**
 * Whether the clock may be set to (or moved to) this instant: between 1970 and the end of year 9999. Checked before
 * the clock moves, so a refused move leaves the time as it was.
 *
 * @example
 * ```ts
 * isSupportedInstant(Date.parse('2026-12-24T12:00:00Z')) // true
 * isSupportedInstant(-1) // false: before 1970
 * ```
 */
export function isSupportedInstant(epochMs: number): boolean {
  return Number.isFinite(epochMs) && epochMs >= 0 && epochMs <= LATEST_INSTANT
}
