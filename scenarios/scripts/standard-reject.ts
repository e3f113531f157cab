import { defineScenario, expectThat } from '../define.ts'
import { CUSTOMER, KRAV_RIGHT, STADIG_KONSERT, STANDARD_SYSTEM } from '../personas.ts'

export default defineScenario({
  name: 'standard-reject',
  summary: 'STADIG KONSERT rejects; SmartCloud sees Rejected, gets the same rejected request back until it deletes it, then starts over',
  async run({ vendor, user, step, externalRef }) {
    const input = { systemId: STANDARD_SYSTEM, partyOrgNo: CUSTOMER, externalRef, rights: [KRAV_RIGHT] }
    const { request } = await step('SmartCloud sends a system-user request', () => vendor.requests.create(input))

    await step('STADIG KONSERT rejects it in the portal', () => user.reject(request.confirmUrl!, STADIG_KONSERT))

    await step('SmartCloud waits and gets Rejected (a result, not an error)', async () => {
      const decided = await vendor.requests.waitForDecision(request.id, { intervalMs: 50, timeoutMs: 10_000 })
      expectThat(decided.status === 'Rejected', `expected Rejected, got ${decided.status}`)
    })

    await step('sending the same request again returns the rejected one (200), as Altinn does', async () => {
      const again = await vendor.requests.create(input)
      expectThat(!again.created && again.request.id === request.id && again.request.status === 'Rejected', `expected the rejected request back, got ${again.request.id} ${again.request.status}`)
    })

    await step('SmartCloud deletes the rejected request and sends a new one (201)', async () => {
      await vendor.requests.delete(request.id)
      const fresh = await vendor.requests.create(input)
      expectThat(fresh.created && fresh.request.id !== request.id && fresh.request.status === 'New', 'expected a new request after the delete')
    })
  },
})
