import { isSystemUserAlreadyExists } from 'altinn-systemuser-sdk'
import { defineScenario, expectThat } from '../define.ts'
import { CUSTOMER, KRAV_RIGHT, STADIG_KONSERT, STANDARD_SYSTEM } from '../personas.ts'

export default defineScenario({
  name: 'already-exists',
  summary: 'Asking again once the system user exists gives AUTH-00004; SmartCloud handles it as "already connected" and finds the system user',
  async run({ vendor, user, step, externalRef }) {
    const input = { systemId: STANDARD_SYSTEM, partyOrgNo: CUSTOMER, externalRef, rights: [KRAV_RIGHT] }
    const { request } = await step('SmartCloud sends a request and STADIG KONSERT approves it', async () => {
      const created = await vendor.requests.create(input)
      await user.approve(created.request.confirmUrl!, STADIG_KONSERT)
      return created
    })

    await step('sending the request again is refused with AUTH-00004, and the error finds the existing system user', async () => {
      try {
        await vendor.requests.create(input)
      } catch (e) {
        expectThat(isSystemUserAlreadyExists(e), `expected AUTH-00004, got ${(e as Error).message}`)
        const existing = await e.findSystemUser()
        expectThat(existing?.id === request.id, `expected the system user ${request.id}, found ${existing?.id}`)
        return
      }
      throw new Error('expected AUTH-00004, but the request was accepted')
    })
  },
})
