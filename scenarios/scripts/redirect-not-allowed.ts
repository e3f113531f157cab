import { isAltinnProblem } from 'altinn-systemuser-sdk'
import { defineScenario, expectThat } from '../define.ts'
import { CUSTOMER, KRAV_RIGHT, RECEIPT_URL, STANDARD_SYSTEM } from '../personas.ts'

export default defineScenario({
  name: 'redirect-not-allowed',
  summary: 'A redirectUrl outside the system\'s allowedRedirectUrls is refused with AUTH-00021; the query string is free',
  async run({ vendor, step, externalRef }) {
    const base = { systemId: STANDARD_SYSTEM, partyOrgNo: CUSTOMER, externalRef, rights: [KRAV_RIGHT] }
    for (const [what, url] of [
      ['another host', 'https://evil.example/receipt'],
      ['another path', 'https://smartcloud.example/other'],
      ['plain http', 'http://smartcloud.example/receipt'],
    ] as const) {
      await step(`a redirect to ${what} (${url}) is refused with AUTH-00021`, async () => {
        try {
          await vendor.requests.create({ ...base, redirectUrl: url })
        } catch (e) {
          expectThat(isAltinnProblem(e, 'AUTH-00021'), `expected AUTH-00021, got ${(e as Error).message}`)
          return
        }
        throw new Error('the request was accepted')
      })
    }
    await step('the allowed URL with a query of SmartCloud\'s own is accepted', async () => {
      const { request, created } = await vendor.requests.create({ ...base, redirectUrl: `${RECEIPT_URL}?order=1234&lang=nb` })
      expectThat(created && request.redirectUrl === `${RECEIPT_URL}?order=1234&lang=nb`, 'expected the request with the URL stored as given')
    })
  },
})
