import { defineScenario, expectThat } from '../define.ts'
import { CUSTOMER, FLITTIG_ANSATT, KRAV_RIGHT, STADIG_KONSERT, STANDARD_SYSTEM } from '../personas.ts'

export default defineScenario({
  name: 'escalated-request',
  summary: 'FLITTIG ANSATT may not approve and forwards the request; STADIG KONSERT approves it later; SmartCloud learns it by polling',
  async run({ vendor, user, step, externalRef }) {
    const { request } = await step('SmartCloud sends a system-user request', () =>
      vendor.requests.create({ systemId: STANDARD_SYSTEM, partyOrgNo: CUSTOMER, externalRef, rights: [KRAV_RIGHT] }),
    )

    await step('FLITTIG ANSATT cannot approve it (AUTH-00066)', async () => {
      try {
        await user.approve(request.confirmUrl!, FLITTIG_ANSATT)
      } catch (e) {
        expectThat(String((e as Error).message).includes('AUTH-00066'), `expected AUTH-00066, got ${(e as Error).message}`)
        return
      }
      throw new Error('FLITTIG ANSATT was allowed to approve')
    })

    await step("FLITTIG ANSATT forwards it to the organisation's access managers", () => user.escalate(request.confirmUrl!, FLITTIG_ANSATT))

    await step('the request is still New for SmartCloud', async () => {
      const now = await vendor.requests.get(request.id)
      expectThat(now.status === 'New', `expected New, got ${now.status}`)
    })

    await step('STADIG KONSERT, the access manager, approves it', () => user.approve(request.confirmUrl!, STADIG_KONSERT))

    await step('SmartCloud learns it by polling (the redirect went to whoever approved)', async () => {
      const decided = await vendor.requests.waitForDecision(request.id, { intervalMs: 50, timeoutMs: 10_000 })
      expectThat(decided.status === 'Accepted', `expected Accepted, got ${decided.status}`)
    })
  },
})
