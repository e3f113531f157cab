/**
 * The scripted stories of `altinn-systemuser-mock scenario`, for running them from your own tests.
 *
 * @example
 * ```ts
 * import { findScenario, openScenarioEnvironment, runScenario } from 'altinn-systemuser-mock/scenarios'
 *
 * const env = await openScenarioEnvironment({ transport: 'http' })
 * const report = await runScenario(findScenario('standard-approve')!, await env.context())
 * await env.close()
 * console.log(report.ok)
 * ```
 */
export * from '../scenarios/index.ts'
