import { setupMockAltinn } from 'altinn-systemuser-mock/msw'
import { createAltinnClient } from 'altinn-systemuser-sdk'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'

// The mock answers on TT02's real host names; nothing reaches the network.
const altinn = setupMockAltinn()
beforeAll(() => altinn.listen())
afterEach(() => altinn.reset())
afterAll(() => altinn.close())

// SmartCloud AS (318882703) with its Maskinporten client from the mock's seed (a test-only key).
const client = createAltinnClient({ environment: 'tt02', maskinporten: altinn.maskinportenClient('318882703') })
const ask = {
  systemId: '318882703_smartcloud',
  partyOrgNo: '312091437', // TILFELDIG SUBTIL APE
  rights: [{ resource: [{ id: 'urn:altinn:resource', value: 'ske-krav-og-betalinger' }] }],
}

it('gets a system-user token once the customer approves', async () => {
  const { request, created } = await client.requests.create(ask)
  expect(created).toBe(true)
  expect(request.confirmUrl).toMatch(/^https:\/\/am\.ui\.tt02\.altinn\.no\/accessmanagement\/ui\/systemuser\/request\?id=/)

  await altinn.approve(request.id, { pid: '03827150095' }) // STADIG KONSERT, daglig leder

  const decided = await client.requests.waitForDecision(request)
  expect(decided.status).toBe('Accepted')
  const { accessToken } = await client.tokens.systemUser({ orgNo: '312091437', scopes: ['skatteetaten:kravogbetalinger'] })
  expect(accessToken.split('.')).toHaveLength(3)
})

it('starts every test from the seed', async () => {
  const { created } = await client.requests.create(ask)
  expect(created).toBe(true) // the request of the test before is gone
})
