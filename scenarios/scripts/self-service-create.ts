import { defineScenario, expectThat } from '../define.ts'
import { KRAV_SCOPE, STADIG_KONSERT, STANDARD_SYSTEM, TILFELDIG_SUBTIL_APE } from '../personas.ts'
import { expectClaims, readTaxClaims } from '../service.ts'

export default defineScenario({
  name: 'self-service-create',
  summary: 'STADIG KONSERT creates the system user in the portal without a request; SmartCloud finds it and its token works',
  async run({ vendor, user, step, urls }) {
    await step('STADIG KONSERT picks SmartCloud in the portal and creates the system access', () => user.createSystemUser(STANDARD_SYSTEM, STADIG_KONSERT, TILFELDIG_SUBTIL_APE))

    const found = await step("SmartCloud finds it (external reference = the customer's organisation number)", async () => {
      const u = await vendor.systemUsers.find({ systemId: STANDARD_SYSTEM, orgNo: TILFELDIG_SUBTIL_APE })
      expectThat(u && u.externalRef === TILFELDIG_SUBTIL_APE, `expected the system user, got ${JSON.stringify(u)}`)
      return u
    })

    await step('a system-user token works with the service', async () => {
      const token = await vendor.tokens.systemUser({ orgNo: TILFELDIG_SUBTIL_APE, scopes: [KRAV_SCOPE] })
      expectClaims(await readTaxClaims(urls, token.accessToken, TILFELDIG_SUBTIL_APE), TILFELDIG_SUBTIL_APE)
    })

    await step('STADIG KONSERT removes it again', () => user.deleteSystemUser(found.id, STADIG_KONSERT, TILFELDIG_SUBTIL_APE))
  },
})
