/**
 * Every scenario over both transports with the API user: the stories a QA engineer runs in CI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openScenarioEnvironment, type ScenarioEnvironment } from '../../scenarios/environment.ts'
import { scenarios } from '../../scenarios/index.ts'
import { runScenario } from '../../scenarios/runner.ts'
import { CUSTOMER, FREMMED_TURIST, KRAV, STANDARD_SYSTEM } from '../../mock-server/seed/personas.ts'

describe.each(['http', 'msw'] as const)('scenarios over %s with the API user', (transport) => {
  let env: ScenarioEnvironment
  beforeAll(async () => {
    env = await openScenarioEnvironment({ transport, user: 'api' })
  })
  afterAll(async () => {
    await env.close()
  })

  it.each(scenarios.map((s) => [s.name, s] as const))('%s holds step by step', async (_name, scenario) => {
    const report = await runScenario(scenario, await env.context())
    expect(report.error, report.error).toBeUndefined()
    expect(report.ok).toBe(true)
    expect(report.steps.length).toBeGreaterThan(1)
    expect(report.steps.every((s) => s.ok)).toBe(true)
  })
})

describe('a broken step', () => {
  it('fails the scenario with the step, the cause and the last exchanges the mock saw', async () => {
    const env = await openScenarioEnvironment({ transport: 'http', user: 'api' })
    try {
      const { defineScenario } = await import('../../scenarios/define.ts')
      const broken = defineScenario({
        name: 'approve-with-the-wrong-person',
        summary: 'FREMMED TURIST tries to approve',
        async run({ vendor, user, step }) {
          const { request } = await step('SmartCloud sends a request', () =>
            vendor.requests.create({ systemId: STANDARD_SYSTEM, partyOrgNo: CUSTOMER, rights: [{ resource: [{ id: 'urn:altinn:resource', value: KRAV }] }] }),
          )
          await step('FREMMED TURIST approves', () => user.approve(request.confirmUrl!, FREMMED_TURIST))
          await step('never reached', () => undefined)
        },
      })
      const report = await runScenario(broken, await env.context())
      expect(report.ok).toBe(false)
      expect(report.steps.map((s) => [s.title, s.ok])).toEqual([
        ['SmartCloud sends a request', true],
        ['FREMMED TURIST approves', false],
      ])
      expect(report.error).toContain('step "FREMMED TURIST approves" failed')
      expect(report.error).toContain('AUTH-00066')
      expect(JSON.stringify(report.lastExchanges)).toContain('/approve')
      expect(JSON.stringify(report)).not.toMatch(/eyJ[\w-]{10,}\.[\w-]{10,}\./) // no token in the report
    } finally {
      await env.close()
    }
  })
})
