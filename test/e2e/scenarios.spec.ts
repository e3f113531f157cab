/**
 * The two seed stories as scenarios with the browser user: the same scripts as `npm run scenario`, with the end
 * user's part clicked through the portal in Chromium.
 */
import { expect, test } from '@playwright/test'
import { openScenarioEnvironment } from '../../scenarios/environment.ts'
import { findScenario } from '../../scenarios/index.ts'
import { runScenario } from '../../scenarios/runner.ts'

for (const name of ['standard-approve', 'agent-approve-with-clients', 'escalated-request']) {
  test(`scenario ${name} holds with the browser user`, async ({ baseURL }) => {
    test.setTimeout(90_000)
    const scenario = findScenario(name)!
    const env = await openScenarioEnvironment({ transport: 'http', user: 'browser', baseUrl: baseURL! })
    try {
      const report = await runScenario(scenario, await env.context())
      expect(report.error, report.error).toBeUndefined()
      expect(report.steps.every((s) => s.ok)).toBe(true)
    } finally {
      await env.close()
    }
  })
}
