/**
 * altinn-systemuser-mock: a faithful, stateful mock of Altinn system users, Maskinporten and the approval portal.
 *
 * This entry needs neither msw nor Express. In-process interception is `altinn-systemuser-mock/msw`; embedding in
 * an Express app is `altinn-systemuser-mock/express`; the scripted stories are `altinn-systemuser-mock/scenarios`.
 *
 * @example
 * ```ts
 * import { startMockServer } from 'altinn-systemuser-mock'
 *
 * const server = await startMockServer({ port: 0 })
 * console.log(server.url) // http://127.0.0.1:41234
 * await server.close()
 * ```
 */
export { startMockServer, type RunningMockServer, type StartOptions } from './http/server.ts'
export { createMockAltinn, type MockAltinn, type MockAltinnOptions } from './core/mock-altinn.ts'
export type { MockUrls } from './core/context.ts'
export { createClock, createFixedClock, type Clock, type ControllableClock } from './core/clock.ts'
export { loadDefaultSeed, loadSeedFile, parseSeed, SeedError, SeedSchema, type Seed, type SeedInput } from './seed/index.ts'
export { createMockRouter, type Router, type RouterHooks } from './routes/index.ts'
export {
  countCalls,
  getHarness,
  pollsBeforeDecision,
  selectCalls,
  StateFileError,
  type FaultSpec,
  type Faults,
  type Harness,
  type Journal,
  type JournalEntry,
  type JournalFilter,
} from './harness/index.ts'
