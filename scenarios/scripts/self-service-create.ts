import { defineScenario, expectThat } from '../define.ts'
import { CUSTOMER, KRAV_RIGHT, KRAV_SCOPE, RECEIPT_URL, SMARTCLOUD, STADIG_KONSERT, STANDARD_SYSTEM } from '../personas.ts'
import { expectClaims, readTaxClaims } from '../service.ts'

export default defineScenario({
  name: 'self-service-create',
  summary: 'STADIG KONSERT creates the system user in the portal without a request; SmartCloud finds it and its token works',
  async run({ vendor: seededVendor, user, step, cleanup, urls, shared, runId, newVendorClient }) {
    // The portal gives a system user made there the organisation number as its external reference, so a system has
    // at most one for TILFELDIG SUBTIL APE. A shared mock may have one of the seeded system already (the README's
    // tour makes one), so there SmartCloud registers a system of its own for this run.
    const { vendor, systemId } = shared
      ? await step('SmartCloud registers a system for this run (the shared mock may already connect its seeded one to TILFELDIG SUBTIL APE)', async () => {
          const { vendor, clientId } = await newVendorClient()
          const systemId = `${SMARTCLOUD}_selfservice_${runId}`
          await vendor.systemRegister.create({
            id: systemId,
            name: { nb: `SmartCloud ${runId}`, nn: `SmartCloud ${runId}`, en: `SmartCloud ${runId}` },
            description: { nb: 'Regnskapssystem', nn: 'Rekneskapssystem', en: 'Accounting system' },
            rights: [KRAV_RIGHT],
            clientId: [clientId],
            allowedRedirectUrls: [RECEIPT_URL],
            isVisible: true,
          })
          // Once the system is deleted no token can be had for it, also for a system user a failed run left behind.
          cleanup('SmartCloud deletes the system it registered for this run', () => vendor.systemRegister.delete(systemId))
          return { vendor, systemId }
        })
      : { vendor: seededVendor, systemId: STANDARD_SYSTEM }

    await step('STADIG KONSERT picks SmartCloud in the portal and creates the system access', () => user.createSystemUser(systemId, STADIG_KONSERT, CUSTOMER))

    const found = await step("SmartCloud finds it (external reference = the customer's organisation number)", async () => {
      const u = await vendor.systemUsers.find({ systemId, orgNo: CUSTOMER })
      expectThat(u && u.externalRef === CUSTOMER, `expected the system user, got ${JSON.stringify(u)}`)
      return u
    })

    await step('a system-user token works with the service', async () => {
      const token = await vendor.tokens.systemUser({ orgNo: CUSTOMER, scopes: [KRAV_SCOPE] })
      expectClaims(await readTaxClaims(urls, token.accessToken, CUSTOMER), CUSTOMER)
    })

    await step('STADIG KONSERT removes it again', () => user.deleteSystemUser(found.id, STADIG_KONSERT, CUSTOMER))
  },
})
