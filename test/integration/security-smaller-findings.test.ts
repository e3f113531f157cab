/**
 * Smaller findings of an attack on the mock, each refused over both transports: redirect URLs a create refuses are
 * refused on update too; a deleted system user's token is not exchanged; the journal redacts at any depth.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { Scopes, ValidationErrors } from '../../sdk/contract/index.ts'
import { getHarness } from '../../mock-server/harness/harness.ts'
import { A, asVendor, call } from '../support/api.ts'
import { anAssertion, KRAV_SCOPE, postGrant, seededClient } from '../support/grants.ts'
import { transports, useMock } from '../support/transports.ts'
import { expectValidationProblem } from '../support/problems.ts'
import { CUSTOMER, RECEIPT_URL, STANDARD_CLIENT_ID, STANDARD_SYSTEM } from '../../mock-server/seed/personas.ts'
import { aRegistration, aStandardRequest } from '../support/builders.ts'
import { systemUserDetails } from '../support/client-assertion.ts'

const REGISTER = `${A}/systemregister/vendor`
const EXCHANGE = `${A}/exchange/maskinporten`

describe.each(transports)('smaller findings over %s', (transport) => {
  const t = useMock(transport)
  afterEach(() => getHarness(t.mock).journal.clear())

  it.each(['javascript:alert(document.domain)', 'data:text/html,<script>alert(1)</script>', 'http://smartcloud.example/receipt', '/receipt'])(
    'refuses %s as an allowed redirect URL on PUT as on create, and keeps the stored ones',
    async (url) => {
      const vendor = asVendor(t.baseUrl)
      const body = aRegistration({ id: STANDARD_SYSTEM, clientId: [], allowedRedirectUrls: [RECEIPT_URL, url] })

      const created = await vendor.post(REGISTER, { ...body, id: `${STANDARD_SYSTEM}_x` })
      const updated = await vendor.put(`${REGISTER}/${STANDARD_SYSTEM}`, body)

      expect(expectValidationProblem(created)).toContain(ValidationErrors.SystemRegisterInvalidRedirectUrlFormat.code)
      expect(expectValidationProblem(updated)).toEqual([ValidationErrors.SystemRegisterInvalidRedirectUrlFormat.code])
      expect((await vendor.get(`${REGISTER}/${STANDARD_SYSTEM}`)).body.allowedRedirectUrls).toEqual([RECEIPT_URL])
    },
  )

  it('still stores absolute https redirect URLs on PUT', async () => {
    const vendor = asVendor(t.baseUrl)
    const res = await vendor.put(`${REGISTER}/${STANDARD_SYSTEM}`, aRegistration({ id: STANDARD_SYSTEM, clientId: [], allowedRedirectUrls: ['https://new.example/back'] }))

    expect(res.status, res.text).toBe(200)
    expect((await vendor.get(`${REGISTER}/${STANDARD_SYSTEM}`)).body.allowedRedirectUrls).toEqual(['https://new.example/back'])
  })

  it("refuses to exchange a deleted system user's Maskinporten token with 401, as Altinn refuses a token it will not exchange", async () => {
    const vendor = asVendor(t.baseUrl)
    const request = await vendor.post(`${A}/systemuser/request/vendor`, aStandardRequest())
    expect((await call(t.baseUrl, 'POST', `/__mock/requests/${request.body.id}/approve`, { body: {} })).status).toBe(200)
    const grant = await postGrant(t.mock, await anAssertion(t.mock, seededClient(t.mock, STANDARD_CLIENT_ID), { scope: KRAV_SCOPE, authorization_details: systemUserDetails(CUSTOMER) }))
    const token = grant.body.access_token as string
    expect((await call(t.baseUrl, 'GET', EXCHANGE, { token })).status).toBe(200)

    expect((await call(t.baseUrl, 'DELETE', `/__mock/systemusers/${request.body.id}`)).status).toBe(204)
    const refused = await call(t.baseUrl, 'GET', EXCHANGE, { token })

    expect(refused.status).toBe(401)
    expect(refused.text).toBe('')
    // A vendor token without a system user is exchanged as before.
    const plain = await postGrant(t.mock, await anAssertion(t.mock, seededClient(t.mock, STANDARD_CLIENT_ID), { scope: Scopes.requestRead }))
    expect((await call(t.baseUrl, 'GET', EXCHANGE, { token: plain.body.access_token })).status).toBe(200)
  })

  it('redacts a secret 2 500 levels deep in a journaled body, and the journal still answers', async () => {
    const depth = 2_500
    const body = `${'{"a":'.repeat(depth)}{"password":"hunter2","client_assertion":"x"}${'}'.repeat(depth)}`
    expect(body.length).toBeLessThan(16_384)
    await call(t.baseUrl, 'POST', `/__mock/seed`, { body })

    const journal = await call(t.baseUrl, 'GET', '/__mock/journal?route=controlSeedAdd')

    expect(journal.status).toBe(200)
    expect(journal.body.entries).toHaveLength(1)
    expect(journal.text).not.toContain('hunter2')
    expect(journal.text).toContain('[redacted]')
  })
})
