/**
 * altinn-systemuser-mock: a faithful, stateful mock of Altinn system users, Maskinporten and the approval portal.
 *
 * This entry needs neither msw nor Express. `createMockFetch` answers from the mock through a `fetch` function of
 * its own, in this process; in-process interception of the real host names is `altinn-systemuser-mock/msw`;
 * embedding in an Express app is `altinn-systemuser-mock/express`; the scripted stories are
 * `altinn-systemuser-mock/scenarios`.
 *
 * @example
 * ```ts
 * import { startMockServer } from 'altinn-systemuser-mock'
 *
 * const server = await startMockServer({ port: 0 })
 * console.log(server.url) // http://127.0.0.1:41234
 * await server.close()
 * ```
 *
 * @example
 * ```ts
 * import { createMockFetch } from 'altinn-systemuser-mock'
 * import { createAltinnClient } from 'altinn-systemuser-sdk'
 *
 * const altinn = createMockFetch()
 * const client = createAltinnClient({ environment: altinn.urls, maskinporten: altinn.maskinportenClient('318882703'), fetch: altinn.fetch })
 * ```
 */
export { startMockServer, type RunningMockServer, type StartOptions } from './http/server.ts'
export { createMockFetch, DEFAULT_MOCK_FETCH_ORIGIN, type FetchFunction, type MockFetch, type MockFetchOptions } from './fetch.ts'
export {
  MockControlError,
  type DecisionOptions,
  type InProcessMockAltinn,
  type InProcessMockOptions,
  type MockDecision,
  type MockEnvironment,
  type SeededMaskinportenClient,
} from './in-process.ts'
export { createMockAltinn, type MockAltinn, type MockAltinnOptions } from './core/mock-altinn.ts'
export type { MockUrls } from './core/context.ts'
export { createClock, createFixedClock, type Clock, type ControllableClock } from './core/clock.ts'
export { loadDefaultSeed, loadSeedFile, parseSeed, SeedError, SeedSchema, type Seed, type SeedInput } from './seed/index.ts'
/** The default seed's cast: organisation and person numbers, SmartCloud's systems and Maskinporten clients, by the part they play. */
export * as personas from './seed/personas.ts'
export { createMockRouter } from './table.ts'
export type { Router, RouterHooks } from './kit/router.ts'
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
