import { defineScenario, expectThat } from '../define.ts'
import { CUSTOMER, KRAV_RIGHT, STANDARD_SYSTEM } from '../personas.ts'

const DAY_MS = 24 * 60 * 60 * 1000

export default defineScenario({
  name: 'request-timeout',
  summary: 'Nobody answers; after 180 days the request is flagged timedOut (its status stays New) and waiting ends',
  async run({ vendor, control, step, cleanup, externalRef }) {
    const { request } = await step('SmartCloud sends a system-user request', () =>
      vendor.requests.create({ systemId: STANDARD_SYSTEM, partyOrgNo: CUSTOMER, externalRef, rights: [KRAV_RIGHT] }),
    )
    expectThat(!request.timedOut, 'a new request is not timed out')

    await step('the clock passes 180 days and a bit (P181D)', () => control.advanceClock('P181D'))
    // Moved back by as much as it moved, not reset: on a shared mock the clock goes back to where this run found it.
    cleanup('the clock goes back 181 days, to where it was', () => control.advanceClock(-181 * DAY_MS))

    await step('SmartCloud reads the request: status New, timedOut true', async () => {
      const now = await vendor.requests.get(request.id)
      expectThat(now.status === 'New' && now.timedOut === true, `expected New + timedOut, got ${now.status} + ${now.timedOut}`)
    })

    await step('waitForDecision ends with the timed-out request', async () => {
      const decided = await vendor.requests.waitForDecision(request.id, { intervalMs: 50, timeoutMs: 10_000 })
      expectThat(decided.timedOut === true, 'expected the timed-out request')
    })
  },
})
