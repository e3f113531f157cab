import { defineScenario, expectThat } from '../define.ts'
import { CUSTOMER, KRAV_RIGHT, STANDARD_SYSTEM } from '../personas.ts'

export default defineScenario({
  name: 'resume-pending-request',
  summary: 'SmartCloud sends the same request twice (say, after a restart) and gets the same pending request back',
  async run({ vendor, step, externalRef }) {
    const input = { systemId: STANDARD_SYSTEM, partyOrgNo: CUSTOMER, externalRef, rights: [KRAV_RIGHT] }
    const first = await step('SmartCloud sends a system-user request (201)', () => vendor.requests.create(input))
    expectThat(first.created, 'expected 201 Created')

    await step('SmartCloud sends it again and gets the same request (200)', async () => {
      const second = await vendor.requests.create(input)
      expectThat(!second.created && second.request.id === first.request.id, `expected ${first.request.id} back, got ${second.request.id}`)
      expectThat(second.request.confirmUrl === first.request.confirmUrl, 'expected the same confirmUrl')
    })

    await step('SmartCloud finds it by its external reference', async () => {
      const found = await vendor.requests.getByExternalRef({ systemId: STANDARD_SYSTEM, orgNo: CUSTOMER, externalRef })
      expectThat(found.id === first.request.id && found.status === 'New', `expected the pending request, got ${found.id} ${found.status}`)
    })
  },
})
