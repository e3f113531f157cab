/**
 * `defineScenario` and the context a scenario runs with: the vendor (the SDK), the end user (a driver: the
 * control API or a real browser), `step` to name each part, and the control API for the clock.
 *
 * @example
 * ```ts
 * export default defineScenario({
 *   name: 'standard-reject',
 *   summary: 'SmartCloud asks, STADIG KONSERT rejects, SmartCloud sees Rejected',
 *   async run({ vendor, user, step }) { ... },
 * })
 * ```
 */
import type { AltinnClient } from 'altinn-systemuser-sdk'
import type { ControlClient } from './control.ts'
import type { EnvironmentUrls } from 'altinn-systemuser-sdk/contract'

/** The end user's side, done through the portal pages (browser) or the control API (api). */
export interface UserDriver {
  readonly kind: 'api' | 'browser'
  /** Open the request's confirmUrl as `pid` and approve it; resolves with the URL the user lands on (the redirect) if any. */
  approve(confirmUrl: string, pid: string): Promise<{ landedOn?: string }>
  reject(confirmUrl: string, pid: string): Promise<{ landedOn?: string }>
  /** A person without access-manager rights forwards the request to the organisation's access managers. */
  escalate(confirmUrl: string, pid: string): Promise<void>
  /** The system users the person sees for the organisation (ids). */
  listSystemUsers(pid: string, orgNo: string): Promise<string[]>
  addClient(systemUserId: string, clientOrgNo: string, pid: string): Promise<void>
  removeClient(systemUserId: string, clientOrgNo: string, pid: string): Promise<void>
  deleteSystemUser(systemUserId: string, pid: string, orgNo: string): Promise<void>
  /** Self-service: create a system user for a visible system without a request. */
  createSystemUser(systemId: string, pid: string, orgNo: string): Promise<void>
  close(): Promise<void>
}

/** Run a part of a scenario and report it as one step. */
export type StepFn = <T>(title: string, fn: () => T | Promise<T>) => Promise<T>

/**
 * Register what undoes a change the scenario made to a mock it may share (the clock moved, a system registered): it
 * runs after the scenario, whether it passed or failed, newest first, and is reported as a step.
 */
export type CleanupFn = (title: string, fn: () => unknown) => void

/** A Maskinporten client of SmartCloud made for one run, and an SDK client that uses it. */
export interface RunVendor {
  vendor: AltinnClient
  clientId: string
}

export interface ScenarioContext {
  /** SmartCloud's SDK client, with the Maskinporten client of its standard system. */
  vendor: AltinnClient
  /** SmartCloud's SDK client with the Maskinporten client of its agent system (system-user tokens for clients). */
  agentVendor: AltinnClient
  /** A second vendor (KONKURRENT SYSTEMER AS), for ownership checks. */
  competitor: AltinnClient
  user: UserDriver
  step: StepFn
  cleanup: CleanupFn
  control: ControlClient
  urls: EnvironmentUrls
  /** A run-unique suffix. */
  runId: string
  /**
   * The external reference to use: none (Altinn then uses the organisation number) on a fresh mock, a run-unique
   * one on a shared mock (`--base-url`), so runs that share a server stay apart.
   */
  externalRef: string | undefined
  /**
   * Whether the mock is shared (`--base-url`): it is not reset between scenarios, and others may have made system
   * users for the seed's fixed triples, so a scenario that needs one free makes its own (see `newVendorClient`).
   */
  shared: boolean
  /**
   * Register a new Maskinporten client of SmartCloud AS with a key made for this run (through the control API,
   * with the seeded client's scopes) and give an SDK client that uses it, on the same clock as `vendor`.
   */
  newVendorClient(): Promise<RunVendor>
}

export interface Scenario {
  name: string
  summary: string
  run(ctx: ScenarioContext): Promise<void>
}

/** Declare a scenario (typed identity; the runner does the rest). */
export function defineScenario(scenario: Scenario): Scenario {
  return scenario
}

/** Fail a step with a message that says what was expected. */
export function expectThat(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message)
}
