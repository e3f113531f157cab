/**
 * What one mock keeps besides its state, while it runs: the assertions it has accepted (against replay, kept across
 * resets), the access tokens it has verified (a cache), and the client keys it has imported (a cache). One runtime
 * per mock, shared by its origin views (`mock.runtime`), so nothing of it hides in a module-level map.
 *
 * @example
 * ```ts
 * mock.runtime.usedAssertions.size // how many grant assertions are remembered
 * ```
 */
import type { KeyObject } from 'node:crypto'
import type { Caller } from './token-types.ts'
import type { MaskinportenClient } from './state.ts'

/** Most remembered assertions per mock; beyond it the oldest are forgotten first. */
export const REPLAY_STORE_LIMIT = 100_000

/**
 * The assertions one mock has accepted, by replay id (see {@link replayIdOf}), each with its `exp`: what the
 * state file saves so that a restart does not make them usable again.
 *
 * @example
 * ```ts
 * const used = usedAssertionsOf(mock)
 * used.onRemember = (id, exp) => save(id, exp)
 * used.restore(saved, mock.clock.now() / 1000)
 * ```
 */
export interface UsedAssertions {
  /** How many are remembered. */
  readonly size: number
  /** Every remembered id with its `exp` (seconds since the epoch), oldest first. */
  entries(): [string, number][]
  /** Remember ids loaded from saved state; `now` (seconds, the mock's clock): the ones that can no longer be valid are left out. */
  restore(entries: Iterable<readonly [string, number]>, now: number): void
  /** Called with each id as it is remembered, before the grant answers (the state file saves it with the call). */
  onRemember: ((id: string, exp: number) => void) | undefined
}

/**
 * Real time, for one rule only: when a used assertion may be forgotten. Assertions are signed on the signer's
 * clock, which is real time, while the mock's clock can be moved forward and back; an assertion forgotten because
 * the mock's clock had passed its `exp` would be accepted again once that clock is moved back.
 */
const realNowSeconds = (): number => Date.now() / 1000

/** The one implementation of {@link UsedAssertions}; `remember` is for the grant only. */
export class UsedAssertionStore implements UsedAssertions {
  readonly #seen = new Map<string, number>()
  onRemember: ((id: string, exp: number) => void) | undefined = undefined

  get size(): number {
    return this.#seen.size
  }

  entries(): [string, number][] {
    return [...this.#seen]
  }

  /** An id may go once its `exp` has passed by the mock's clock and by real time alike. */
  #expired(exp: number, now: number): boolean {
    return exp <= now && exp <= realNowSeconds()
  }

  restore(entries: Iterable<readonly [string, number]>, now: number): void {
    for (const [id, exp] of entries) if (!this.#expired(exp, now)) this.#seen.set(id, exp)
  }

  /** Remember an id until it expires; false when it was seen before. */
  remember(id: string, exp: number, now: number): boolean {
    const seen = this.#seen
    // Entries arrive in roughly `exp` order (`exp` is at most 120 s after `iat`), so the ones that can go are at the front.
    for (const [k, until] of seen) {
      if (!this.#expired(until, now)) break
      seen.delete(k)
    }
    if (seen.has(id)) return false
    if (seen.size >= REPLAY_STORE_LIMIT) seen.delete(seen.keys().next().value!)
    seen.set(id, exp)
    this.onRemember?.(id, exp)
    return true
  }
}

/** A verified access token, cached by the end of its signature until it expires. */
export interface VerifiedToken {
  /** The whole token: a hit counts only when the token matches it exactly. */
  token: string
  caller: Caller
  exp: number
  /** The token's issuer: a hit counts only where that issuer is this mock's (a view at another origin has its own). */
  iss: string
}

export interface MockRuntime {
  /** The grant assertions accepted, against replay (saved by the state file, kept across resets). */
  readonly usedAssertions: UsedAssertionStore
  /** Verified access tokens by the end of their signature (`core/tokens.ts`). */
  readonly verifiedTokens: Map<string, VerifiedToken>
  /** Each Maskinporten client's public keys by `kid`, imported on first use (rows are replaced, never changed). */
  readonly clientKeys: WeakMap<MaskinportenClient, Map<string, KeyObject>>
}

/** A fresh runtime, for a new mock. */
export function createRuntime(): MockRuntime {
  return { usedAssertions: new UsedAssertionStore(), verifiedTokens: new Map(), clientKeys: new WeakMap() }
}
