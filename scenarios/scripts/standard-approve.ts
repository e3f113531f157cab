import { isMaskinportenError } from 'altinn-systemuser-sdk'
import { defineScenario, expectThat } from '../define.ts'
import { CUSTOMER, KRAV_RIGHT, KRAV_SCOPE, RECEIPT_URL, STADIG_KONSERT, STANDARD_SYSTEM } from '../personas.ts'
import { expectClaims, expectRefused, readTaxClaims } from '../service.ts'

export default defineScenario({
  name: 'standard-approve',
  summary: 'SmartCloud asks TILFELDIG SUBTIL APE for a system user, STADIG KONSERT approves, SmartCloud reads the tax claims, then the access is removed',
  async run({ vendor, user, step, urls, externalRef }) {
    const { request, created } = await step('SmartCloud sends a system-user request for "Krav og betalinger"', () =>
      vendor.requests.create({
        systemId: STANDARD_SYSTEM,
        partyOrgNo: CUSTOMER,
        externalRef,
        rights: [KRAV_RIGHT],
        redirectUrl: vendor.buildRedirectUrl(RECEIPT_URL, { systemId: STANDARD_SYSTEM, partyOrgNo: CUSTOMER, externalRef }),
      }),
    )
    expectThat(created && request.status === 'New', `expected a new request, got ${request.status} (created: ${created})`)

    const { landedOn } = await step('STADIG KONSERT approves it in the Altinn portal', () => user.approve(request.confirmUrl!, STADIG_KONSERT))

    await step("the browser comes back to SmartCloud's receipt page, and SmartCloud asks the API what happened", async () => {
      expectThat(landedOn?.startsWith(`${RECEIPT_URL}?`), `expected to land on ${RECEIPT_URL}, landed on ${landedOn}`)
      const outcome = await vendor.handleRedirect(landedOn!)
      expectThat(outcome.request.status === 'Accepted', `expected Accepted, the API says ${outcome.request.status}`)
    })

    await step('SmartCloud polls the request: Accepted', async () => {
      const decided = await vendor.requests.waitForDecision(request, { intervalMs: 50, timeoutMs: 10_000 })
      expectThat(decided.status === 'Accepted', `expected Accepted, got ${decided.status}`)
    })

    await step("the system user is in TILFELDIG SUBTIL APE's list, with the request's id", async () => {
      const seen = await user.listSystemUsers(STADIG_KONSERT, CUSTOMER)
      expectThat(seen.includes(request.id), `STADIG KONSERT does not see ${request.id} in the list`)
      const found = await vendor.systemUsers.find({ systemId: STANDARD_SYSTEM, orgNo: CUSTOMER, externalRef })
      expectThat(found?.id === request.id, `the vendor finds ${found?.id} instead of ${request.id}`)
    })

    const token = await step('SmartCloud gets a system-user token from Maskinporten', () =>
      vendor.tokens.systemUser({ orgNo: CUSTOMER, externalRef, scopes: [KRAV_SCOPE] }),
    )

    await step('SmartCloud reads the tax claims of TILFELDIG SUBTIL APE', async () => {
      expectClaims(await readTaxClaims(urls, token.accessToken, CUSTOMER), CUSTOMER)
    })

    await step('STADIG KONSERT removes the system access', () => user.deleteSystemUser(request.id, STADIG_KONSERT, CUSTOMER))

    await step('the next call with the same token is refused at once', async () => {
      expectRefused(await readTaxClaims(urls, token.accessToken, CUSTOMER), 'the system user is deleted')
    })

    await step('and Maskinporten gives no new token (MP-303)', async () => {
      try {
        await vendor.tokens.systemUser({ orgNo: CUSTOMER, externalRef, scopes: [KRAV_SCOPE] }, { forceRefresh: true })
      } catch (e) {
        expectThat(isMaskinportenError(e, 'MP-303'), `expected MP-303, got ${(e as Error).message}`)
        return
      }
      throw new Error('expected MP-303, but Maskinporten issued a token')
    })
  },
})
