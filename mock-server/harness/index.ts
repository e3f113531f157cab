/**
 * The QA harness as the package offers it (`altinn-systemuser-mock` re-exports these): a mock's harness, the
 * journal's helpers, and the error of a state file that cannot be used.
 *
 * @example
 * ```ts
 * import { countCalls, pollsBeforeDecision } from './mock-server/harness/index.ts'
 * const inProcess = createInProcessMock()
 * inProcess.faults.add({ path: '/authentication/api/v1/systemuser/request/vendor/' + '*', method: 'GET', status: 503, times: 1 })
 * countCalls(inProcess.journal.entries(), { route: 'getRequest' })
 * ```
 */
export { getHarness, type Harness } from './harness.ts'
export type { FaultSpec, Faults } from './faults.ts'
export { countCalls, pollsBeforeDecision, selectCalls, type Journal, type JournalEntry, type JournalFilter } from './journal.ts'
export { StateFileError } from './persistence.ts'
