/**
 * What "reset" means, once, for every way of asking for it: `POST /__mock/reset`, the inspector's reset button and
 * the in-process `reset()` of `createInProcessMock`, `startInProcessMock`, `setupMockAltinn` and `createMockFetch`.
 *
 * Restored: the state, to the seed in force (what `POST /__mock/seed` or `mock.addSeed` added stays); the clock, to
 * real time (a `createFixedClock(t)` back to `t`) unless `keepClock` is set. Emptied: the fault rules, the journal
 * and the list of issued tokens, so a test starts with nothing left over from the one before. Unchanged: the signing
 * keys and URLs, the control token, tokens issued before (they verify until they expire; one for a system user
 * that no longer exists is refused where that matters), grant assertions already used (a replay stays refused) and
 * portal sessions.
 *
 * @example
 * ```ts
 * resetMock(mock)                       // seed, real time, no faults, empty journal
 * resetMock(mock, { keepClock: true })  // the same, with the clock where it was
 * ```
 */
import { baseMockOf, type MockAltinn } from '../core/mock-altinn.ts'
import { getHarness } from './harness.ts'

export interface ResetOptions {
  /** Leave the clock where it is (default: back to real time). */
  keepClock?: boolean | undefined
}

/** Put a mock back to its start (see the module's description for what is restored, emptied and kept). */
export function resetMock(mock: MockAltinn, options: ResetOptions = {}): void {
  const base = baseMockOf(mock)
  // The clock first: with a state file, the state's reset writes a fresh snapshot, and that snapshot then holds
  // the clock as it ends up.
  if (!options.keepClock) base.clock.reset()
  base.reset()
  const harness = getHarness(base)
  harness.faults.clear()
  harness.journal.clear()
  harness.issuedTokens.clear()
}
