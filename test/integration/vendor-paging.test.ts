import { describe, expect, it } from 'vitest'
import { Environments } from '../../sdk/contract/index.ts'
import { A, asVendor, call, vendorToken, type JsonResponse } from '../support/api.ts'
import { transports, useMock } from '../support/transports.ts'
import { expectAltinnProblem, expectBodiless, expectHttpProblem } from '../support/problems.ts'
import { AGENT_SYSTEM, CUSTOMER, DRESS_MINST, FACILITATOR, KONKURRENT, SMARTCLOUD, STADIG_KONSERT, STANDARD_CLIENT_ID, STANDARD_SYSTEM } from '../../mock-server/seed/personas.ts'
import { anAgentRequest, aStandardRequest } from '../support/builders.ts'
import { claimsOf, tokenWithoutConsumer } from '../support/tokens.ts'

type Vendor = ReturnType<typeof asVendor>

/** Follow links.next from the first page to the last, as a vendor would; returns every id and the links seen. */
async function readAllPages(vendor: Vendor, firstPage: string): Promise<{ ids: string[]; pageSizes: number[]; nextLinks: string[] }> {
  const ids: string[] = []
  const pageSizes: number[] = []
  const nextLinks: string[] = []
  let url: string | undefined = firstPage
  for (let guard = 0; url && guard < 50; guard++) {
    const page: JsonResponse = await vendor.get(url)
    expect(page.status, page.text).toBe(200)
    ids.push(...page.body.data.map((x: { id: string }) => x.id))
    pageSizes.push(page.body.data.length)
    url = page.body.links.next ?? undefined
    if (url) nextLinks.push(url)
    else expect(page.body.links).toEqual({})
  }
  return { ids, pageSizes, nextLinks }
}

async function createRequests(vendor: Vendor, n: number): Promise<string[]> {
  const ids: string[] = []
  for (let i = 0; i < n; i++) {
    const res = await vendor.post(`${A}/systemuser/request/vendor`, aStandardRequest({ externalRef: `paging-${i}` }))
    expect(res.status).toBe(201)
    ids.push(res.body.id)
  }
  return ids
}

describe.each(transports)('paging over %s', (transport) => {
  const t = useMock(transport)

  it('pages 25 requests through links.next as 20 + 5, none lost or repeated', async () => {
    const vendor = asVendor(t.baseUrl)
    const created = await createRequests(vendor, 25)
    const { ids, pageSizes, nextLinks } = await readAllPages(vendor, `${A}/systemuser/request/vendor/bysystem/${STANDARD_SYSTEM}`)
    expect(pageSizes).toEqual([20, 5])
    expect(ids).toHaveLength(25)
    expect(new Set(ids)).toEqual(new Set(created))
    expect(nextLinks).toHaveLength(1)
    expect(nextLinks[0]).toMatch(new RegExp(`^${t.baseUrl}${A}/systemuser/request/vendor/bysystem/${STANDARD_SYSTEM}\\?token=[A-Za-z0-9_-]+$`))
  })

  it('pages 25 agent requests the same way', async () => {
    const vendor = asVendor(t.baseUrl)
    const created: string[] = []
    for (let i = 0; i < 25; i++) created.push((await vendor.post(`${A}/systemuser/request/vendor/agent`, anAgentRequest({ externalRef: `agent-${i}` }))).body.id)
    const { ids, pageSizes } = await readAllPages(vendor, `${A}/systemuser/request/vendor/agent/bysystem/${AGENT_SYSTEM}`)
    expect(pageSizes).toEqual([20, 5])
    expect(new Set(ids)).toEqual(new Set(created))
  })

  it('pages 25 system users through links.next as 20 + 5 in the order they were created', async () => {
    const vendor = asVendor(t.baseUrl)
    const created = await createRequests(vendor, 25)
    for (const id of created) expect((await call(t.baseUrl, 'POST', `/__mock/requests/${id}/approve`)).status).toBe(200)
    const { ids, pageSizes, nextLinks } = await readAllPages(vendor, `${A}/systemuser/vendor/bysystem/${STANDARD_SYSTEM}`)
    expect(pageSizes).toEqual([20, 5])
    expect(ids).toEqual(created)
    expect(nextLinks[0]).toMatch(new RegExp(`^${t.baseUrl}${A}/systemuser/vendor/bysystem/${STANDARD_SYSTEM}\\?token=[A-Za-z0-9_-]+$`))
  })

  it('answers ASP.NET\'s 400 for a page token the mock did not make', async () => {
    expectHttpProblem(await asVendor(t.baseUrl).get(`${A}/systemuser/request/vendor/bysystem/${STANDARD_SYSTEM}?token=%3Cscript%3E`), 400)
    expectHttpProblem(await asVendor(t.baseUrl).get(`${A}/systemuser/vendor/bysystem/${STANDARD_SYSTEM}?token=${'A'.repeat(10_000)}`), 400)
  })
})

describe.each(transports)('system users for the vendor over %s', (transport) => {
  const t = useMock(transport)

  it('lists system users of both types in the SystemUserExternalDTO shape', async () => {
    const vendor = asVendor(t.baseUrl)
    const standard = (await vendor.post(`${A}/systemuser/request/vendor`, aStandardRequest())).body
    const agent = (await vendor.post(`${A}/systemuser/request/vendor/agent`, anAgentRequest())).body
    await call(t.baseUrl, 'POST', `/__mock/requests/${standard.id}/approve`, { body: { pid: STADIG_KONSERT } })
    await call(t.baseUrl, 'POST', `/__mock/requests/${agent.id}/approve`, { body: { pid: DRESS_MINST } })
    const list = await vendor.get(`${A}/systemuser/vendor/bysystem/${STANDARD_SYSTEM}`)
    expect(list.body).toEqual({
      links: {},
      data: [{
        id: standard.id,
        integrationTitle: 'SmartCloud',
        systemId: STANDARD_SYSTEM,
        productName: '',
        reporteeOrgNo: CUSTOMER,
        created: expect.any(String),
        isDeleted: false,
        supplierName: '',
        supplierOrgno: SMARTCLOUD,
        externalRef: CUSTOMER,
        userType: 'standard',
      }],
    })
    const agents = await vendor.get(`${A}/systemuser/vendor/bysystem/${AGENT_SYSTEM}`)
    expect(agents.body.data.map((u: { id: string; userType: string }) => [u.id, u.userType])).toEqual([[agent.id, 'agent']])
  })

  it('finds a system user by query, external-ref defaulting to orgno', async () => {
    const vendor = asVendor(t.baseUrl)
    const { body } = await vendor.post(`${A}/systemuser/request/vendor`, aStandardRequest())
    await call(t.baseUrl, 'POST', `/__mock/requests/${body.id}/approve`)
    const found = await vendor.get(`${A}/systemuser/vendor/byquery?system-id=${STANDARD_SYSTEM}&orgno=${CUSTOMER}`)
    expect(found.status).toBe(200)
    expect(found.body).toMatchObject({ id: body.id, reporteeOrgNo: CUSTOMER, externalRef: CUSTOMER })
    expect((await vendor.get(`${A}/systemuser/vendor/byquery?system-id=${STANDARD_SYSTEM}&orgno=${CUSTOMER}&external-ref=${CUSTOMER}`)).body.id).toBe(body.id)
    expectBodiless(await vendor.get(`${A}/systemuser/vendor/byquery?system-id=${STANDARD_SYSTEM}&orgno=${CUSTOMER}&external-ref=other`), 404)
  })

  it('answers an empty 404 by query to a vendor who is not the supplier', async () => {
    const { body } = await asVendor(t.baseUrl).post(`${A}/systemuser/request/vendor/agent`, anAgentRequest())
    await call(t.baseUrl, 'POST', `/__mock/requests/${body.id}/approve`)
    expectBodiless(await asVendor(t.baseUrl, KONKURRENT).get(`${A}/systemuser/vendor/byquery?system-id=${AGENT_SYSTEM}&orgno=${FACILITATOR}`), 404)
  })

  it('answers ASP.NET\'s 400 naming each missing query parameter', async () => {
    const res = await asVendor(t.baseUrl).get(`${A}/systemuser/vendor/byquery?orgno=`)
    expect(Object.keys(expectHttpProblem(res, 400).errors as object).sort()).toEqual(['orgno', 'system-id'])
  })

  it('needs systemregister.write for the list and systemuser.request.write for byquery (bodiless 403 otherwise)', async () => {
    const readOnly = await vendorToken(t.baseUrl, SMARTCLOUD, 'altinn:authentication/systemuser.request.read')
    expectBodiless(await call(t.baseUrl, 'GET', `${A}/systemuser/vendor/bysystem/${STANDARD_SYSTEM}`, { token: readOnly }), 403)
    expectBodiless(await call(t.baseUrl, 'GET', `${A}/systemuser/vendor/byquery?system-id=${STANDARD_SYSTEM}&orgno=${CUSTOMER}`, { token: readOnly }), 403)
  })

  it('answers Maskinporten\'s lookup (systemuser/byExternalId) with productName set to the system id, 404 when nothing matches', async () => {
    const { body } = await asVendor(t.baseUrl).post(`${A}/systemuser/request/vendor`, aStandardRequest())
    await call(t.baseUrl, 'POST', `/__mock/requests/${body.id}/approve`)
    const lookup = await vendorToken(t.baseUrl, SMARTCLOUD, 'altinn:maskinporten/systemuser.read')
    const q = `clientId=${STANDARD_CLIENT_ID}&systemProviderOrgNo=${SMARTCLOUD}&systemUserOwnerOrgNo=${CUSTOMER}`
    const found = await call(t.baseUrl, 'GET', `${A}/systemuser/byExternalId?${q}`, { token: lookup })
    expect(found.status).toBe(200)
    expect(found.body).toMatchObject({ id: body.id, productName: STANDARD_SYSTEM, reporteeOrgNo: CUSTOMER, externalRef: CUSTOMER })
    expectBodiless(await call(t.baseUrl, 'GET', `${A}/systemuser/byExternalId?${q}&externalRef=other`, { token: lookup }), 404)
    expectHttpProblem(await call(t.baseUrl, 'GET', `${A}/systemuser/byExternalId?clientId=x`, { token: lookup }), 400)
    expectBodiless(await asVendor(t.baseUrl).get(`${A}/systemuser/byExternalId?${q}`), 403)
  })

  it('answers AUTH-00011 for another vendor\'s system and a bodiless 401 without consumer', async () => {
    expectAltinnProblem(await asVendor(t.baseUrl, KONKURRENT).get(`${A}/systemuser/vendor/bysystem/${STANDARD_SYSTEM}`), 'AUTH-00011')
    const token = await tokenWithoutConsumer(t.mock)
    expectBodiless(await call(t.baseUrl, 'GET', `${A}/systemuser/vendor/bysystem/${STANDARD_SYSTEM}`, { token }), 401)
    expectBodiless(await call(t.baseUrl, 'GET', `${A}/systemuser/vendor/byquery?system-id=${STANDARD_SYSTEM}&orgno=${CUSTOMER}`, { token }), 401)
  })
})

describe('the real TT02 host names, intercepted in-process by msw', () => {
  const t = useMock('msw', { urls: Environments.tt02 })

  it('answers on platform.tt02.altinn.no with confirmUrl on am.ui.tt02.altinn.no and links.next on the platform host', async () => {
    expect(t.baseUrl).toBe('https://platform.tt02.altinn.no')
    const vendor = asVendor(t.baseUrl)
    const created = await createRequests(vendor, 21)
    const first = await vendor.get(`${A}/systemuser/request/vendor/${created[0]}`)
    expect(first.body.confirmUrl).toBe(`https://am.ui.tt02.altinn.no/accessmanagement/ui/systemuser/request?id=${created[0]}&DONTCHOOSEREPORTEE=true`)
    const { ids, nextLinks } = await readAllPages(vendor, `https://platform.tt02.altinn.no${A}/systemuser/request/vendor/bysystem/${STANDARD_SYSTEM}`)
    expect(nextLinks[0]).toMatch(/^https:\/\/platform\.tt02\.altinn\.no\/authentication\/api\/v1\/systemuser\/request\/vendor\/bysystem\/318882703_smartcloud\?token=/)
    expect(new Set(ids)).toEqual(new Set(created))
  })

  it('takes tokens whose issuer is the intercepted test.maskinporten.no', async () => {
    const res = await call(t.baseUrl, 'POST', '/__mock/tokens', { body: { orgNo: SMARTCLOUD, scope: 'altinn:authentication/systemregister.write' } })
    expect(claimsOf(res.body.access_token).iss).toBe('https://test.maskinporten.no/')
    expect((await call(t.baseUrl, 'GET', `${A}/systemregister/vendor`, { token: res.body.access_token })).status).toBe(200)
  })
})
