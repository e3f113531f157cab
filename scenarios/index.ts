/**
 * Every scenario, in the order `all` runs them.
 */
import type { Scenario } from './define.ts'
import agentApproveWithClients from './scripts/agent-approve-with-clients.ts'
import agentClientDelegationApi from './scripts/agent-client-delegation-api.ts'
import alreadyExists from './scripts/already-exists.ts'
import escalatedRequest from './scripts/escalated-request.ts'
import redirectNotAllowed from './scripts/redirect-not-allowed.ts'
import requestTimeout from './scripts/request-timeout.ts'
import resumePendingRequest from './scripts/resume-pending-request.ts'
import selfServiceCreate from './scripts/self-service-create.ts'
import standardApprove from './scripts/standard-approve.ts'
import standardReject from './scripts/standard-reject.ts'

export const scenarios: readonly Scenario[] = [
  standardApprove,
  agentApproveWithClients,
  agentClientDelegationApi,
  standardReject,
  requestTimeout,
  redirectNotAllowed,
  resumePendingRequest,
  alreadyExists,
  selfServiceCreate,
  escalatedRequest,
]

/** The scenario with that name, or undefined. */
export function findScenario(name: string): Scenario | undefined {
  return scenarios.find((s) => s.name === name)
}

export { defineScenario, type Scenario, type ScenarioContext, type UserDriver } from './define.ts'
export { runScenario, createConsoleReporter, type ConsoleReporterOptions, type ScenarioReport, type StepReport } from './runner.ts'
export { createRunReport, toJsonReport, toJUnitXml, type RunReport } from './report.ts'
export { openScenarioEnvironment } from './environment.ts'
