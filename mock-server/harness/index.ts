/**
 * The QA harness: faults, the journal, issued tokens, seed additions and saved state, for in-process use and
 * over the control API (`/__mock/...`).
 *
 * @example
 * ```ts
 * import { countCalls, pollsBeforeDecision } from './mock-server/harness/index.ts'
 * const inProcess = createInProcessMock()
 * inProcess.faults.add({ path: '/authentication/api/v1/systemuser/request/vendor/' + '*', method: 'GET', status: 503, times: 1 })
 * countCalls(inProcess.journal.entries(), { route: 'getRequest' })
 * ```
 */
export { getHarness, harnessHooks, withHarness, type Harness, type HarnessOptions } from './harness.ts'
export { createFaults, FaultSpecError, FaultSpecSchema, isControlPath, type FaultRule, type FaultSpec, type Faults } from './faults.ts'
export {
  countCalls,
  createJournal,
  pollsBeforeDecision,
  selectCalls,
  STATUS_READ_ROUTES,
  type Journal,
  type JournalEntry,
  type JournalFilter,
} from './journal.ts'
export { createIssuedTokens, type IssuedToken, type IssuedTokens } from './issued-tokens.ts'
export { openStateFile, readStateFile, StateFileError, type StateFile } from './persistence.ts'
export { parseSeedPart } from './seed-additions.ts'
export { addFault, clearFaults, clearJournal, listFaults, readJournal } from './client.ts'
export { redactBody, redactHeaders, redactJson, redactText, REDACTED } from './redact.ts'
