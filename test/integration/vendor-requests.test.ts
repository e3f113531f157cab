import { describe, expect, it } from 'vitest'
import { Scopes } from '../../sdk/contract/index.ts'
import { A, asVendor, call, stateOf, vendorToken } from '../support/api.ts'
import { transports, useMock } from '../support/transports.ts'
import { expectAltinnProblem, expectBodiless, expectHttpProblem } from '../support/problems.ts'
import { AGENT_SYSTEM, CUSTOMER, DRESS_MINST, FACILITATOR, FLITTIG_ANSATT, KONKURRENT, KRAV, RECEIPT_URL, REGNSKAPSFORER, SKATTEGRUNNLAG, SMARTCLOUD, STADIG_KONSERT, STANDARD_SYSTEM } from '../../mock-server/seed/personas.ts'
import { anAgentRequest, aStandardRequest, RECEIPT_WITH_STATE } from '../support/builders.ts'
import { tokenWithoutConsumer } from '../support/tokens.ts'

const REQ = `${A}/systemuser/request/vendor`
const AGENT = `${A}/systemuser/request/vendor/agent`
const UNKNOWN_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301'

describe.each(transports)('standard requests over %s', (transport) => {
  const t = useMock(transport)

  it('creates with 201, a Location without vendor/, and the RequestSystemResponse shape', async () => {
    const res = await asVendor(t.baseUrl).post(REQ, aStandardRequest({ redirectUrl: RECEIPT_WITH_STATE }))
    expect(res.status).toBe(201)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    expect(res.headers.get('location')).toBe(`${t.baseUrl}${A}/systemuser/request/${res.body.id}`)
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      integrationTitle: 'SmartCloud',
      externalRef: CUSTOMER,
      systemId: STANDARD_SYSTEM,
      partyOrgNo: CUSTOMER,
      rights: [{ resource: [{ id: 'urn:altinn:resource', value: KRAV }] }],
      accessPackages: [],
      status: 'New',
      redirectUrl: `${RECEIPT_URL}?state=abc`,
      confirmUrl: `${t.urls.portalUrl}/accessmanagement/ui/systemuser/request?id=${res.body.id}&DONTCHOOSEREPORTEE=true`,
      escalated: false,
      created: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      timedOut: false,
    })
  })

  it('answers 200 with the same request for the same triple, without a Location', async () => {
    const vendor = asVendor(t.baseUrl)
    const first = await vendor.post(REQ, aStandardRequest())
    const again = await vendor.post(REQ, aStandardRequest({ redirectUrl: null }))
    expect(again.status).toBe(200)
    expect(again.body.id).toBe(first.body.id)
    expect(again.headers.get('location')).toBeNull()
  })

  it('answers an agent request\'s id on the standard read with 404 AUTH-00010, as Altinn reads standard requests only there', async () => {
    const vendor = asVendor(t.baseUrl)
    const { body: agent } = await vendor.post(AGENT, anAgentRequest())
    expectAltinnProblem(await vendor.get(`${REQ}/${agent.id}`), 'AUTH-00010')
    expect((await vendor.get(`${AGENT}/${agent.id}`)).status).toBe(200)
  })

  it('shows the stored escalated flag in the system\'s list, and false on the other reads', async () => {
    const vendor = asVendor(t.baseUrl)
    const { body } = await vendor.post(REQ, aStandardRequest())
    expect((await call(t.baseUrl, 'POST', `/__mock/requests/${body.id}/escalate`, { body: { pid: FLITTIG_ANSATT } })).status).toBe(200)
    expect((await vendor.get(`${REQ}/bysystem/${STANDARD_SYSTEM}`)).body.data[0]).toMatchObject({ id: body.id, escalated: true })
    expect((await vendor.get(`${REQ}/${body.id}`)).body.escalated).toBe(false)
    expect((await vendor.get(`${REQ}/byexternalref/${STANDARD_SYSTEM}/${CUSTOMER}/${CUSTOMER}`)).body.escalated).toBe(false)
  })

  it('trims the strings of the body before any rule, as Altinn\'s TrimStringsActionFilter does', async () => {
    const res = await asVendor(t.baseUrl).post(REQ, aStandardRequest({ systemId: ` ${STANDARD_SYSTEM}`, partyOrgNo: `${CUSTOMER} `, externalRef: ' kunde-9 ', integrationTitle: '  Lønn  ' }))
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ systemId: STANDARD_SYSTEM, partyOrgNo: CUSTOMER, externalRef: 'kunde-9', integrationTitle: 'Lønn' })
  })

  it('makes a new request for each externalRef "" (Altinn looks for "" and stores the party), and says so in X-Mock-Warning', async () => {
    const vendor = asVendor(t.baseUrl)
    const first = await vendor.post(REQ, aStandardRequest({ externalRef: '' }))
    const second = await vendor.post(REQ, aStandardRequest({ externalRef: '' }))
    expect([first.status, second.status]).toEqual([201, 201])
    expect(second.body).toMatchObject({ externalRef: CUSTOMER })
    expect(second.body.id).not.toBe(first.body.id)
    expect(second.headers.get('x-mock-warning')).toMatch(/externalRef is "".*leave externalRef out or send null/)
    const defaulted = await vendor.post(REQ, aStandardRequest({ externalRef: null }))
    expect(defaulted.status).toBe(200)
    expect(defaulted.headers.get('x-mock-warning')).toBeNull()
  })

  it('leaves integrationTitle out of the 201 when the system has no nb name, and answers "" on the reads', async () => {
    const vendor = asVendor(t.baseUrl)
    const system = (await vendor.get(`${A}/systemregister/vendor/${STANDARD_SYSTEM}`)).body
    expect((await vendor.put(`${A}/systemregister/vendor/${STANDARD_SYSTEM}`, { ...system, name: { en: 'SmartCloud' } })).status).toBe(200)
    const created = await vendor.post(REQ, aStandardRequest())
    expect(created.status).toBe(201)
    expect(created.body).not.toHaveProperty('integrationTitle')
    expect((await vendor.get(`${REQ}/${created.body.id}`)).body.integrationTitle).toBe('')
  })

  it('takes requests for a soft-deleted system and lists them, as Altinn checks no IsDeleted', async () => {
    const vendor = asVendor(t.baseUrl)
    expect((await vendor.del(`${A}/systemregister/vendor/${STANDARD_SYSTEM}`)).status).toBe(200)
    const created = await vendor.post(REQ, aStandardRequest())
    expect(created.status).toBe(201)
    expect((await vendor.get(`${REQ}/bysystem/${STANDARD_SYSTEM}`)).body.data.map((r: { id: string }) => r.id)).toEqual([created.body.id])
  })

  it('reads a request by id, by external reference, and in the system\'s list (without confirmUrl)', async () => {
    const vendor = asVendor(t.baseUrl)
    const { body: created } = await vendor.post(REQ, aStandardRequest({ externalRef: 'kunde-7' }))
    const byId = await vendor.get(`${REQ}/${created.id}`)
    expect(byId.status).toBe(200)
    expect(byId.body).toEqual(created)
    const byRef = await vendor.get(`${REQ}/byexternalref/${STANDARD_SYSTEM}/${CUSTOMER}/kunde-7`)
    expect(byRef.body.id).toBe(created.id)
    const list = await vendor.get(`${REQ}/bysystem/${STANDARD_SYSTEM}`)
    expect(list.status).toBe(200)
    expect(list.body.links).toEqual({})
    expect(list.body.data).toHaveLength(1)
    expect(list.body.data[0].id).toBe(created.id)
    expect(list.body.data[0]).not.toHaveProperty('confirmUrl')
  })

  it('deletes with 202 and no body, then 404 AUTH-00010, then a fresh 201 for the same triple', async () => {
    const vendor = asVendor(t.baseUrl)
    const first = await vendor.post(REQ, aStandardRequest())
    const deleted = await vendor.del(`${REQ}/${first.body.id}`)
    expectBodiless(deleted, 202)
    expectAltinnProblem(await vendor.get(`${REQ}/${first.body.id}`), 'AUTH-00010')
    expectAltinnProblem(await vendor.del(`${REQ}/${first.body.id}`), 'AUTH-00010')
    const fresh = await vendor.post(REQ, aStandardRequest())
    expect(fresh.status).toBe(201)
    expect(fresh.body.id).not.toBe(first.body.id)
  })

  it('answers 401 AUTH-00023 to a token without consumer on POST, and a bodiless 401 on the reads', async () => {
    const token = await tokenWithoutConsumer(t.mock)
    expectAltinnProblem(await call(t.baseUrl, 'POST', REQ, { token, body: aStandardRequest() }), 'AUTH-00023')
    expectBodiless(await call(t.baseUrl, 'GET', `${REQ}/${UNKNOWN_ID}`, { token }), 401)
    expectBodiless(await call(t.baseUrl, 'GET', `${REQ}/bysystem/${STANDARD_SYSTEM}`, { token }), 401)
  })

  it('answers 404 AUTH-00011 for an unknown system and for another vendor\'s', async () => {
    expectAltinnProblem(await asVendor(t.baseUrl).post(REQ, aStandardRequest({ systemId: `${SMARTCLOUD}_nope` })), 'AUTH-00011')
    expectAltinnProblem(await asVendor(t.baseUrl, KONKURRENT).post(REQ, aStandardRequest()), 'AUTH-00011')
  })

  it('answers 404 AUTH-00011 when another vendor reads, lists or deletes SmartCloud\'s request', async () => {
    const { body } = await asVendor(t.baseUrl).post(REQ, aStandardRequest())
    const rival = asVendor(t.baseUrl, KONKURRENT)
    expectAltinnProblem(await rival.get(`${REQ}/${body.id}`), 'AUTH-00011')
    expectAltinnProblem(await rival.get(`${REQ}/bysystem/${STANDARD_SYSTEM}`), 'AUTH-00011')
    expectAltinnProblem(await rival.get(`${REQ}/byexternalref/${STANDARD_SYSTEM}/${CUSTOMER}/${CUSTOMER}`), 'AUTH-00011')
    expectAltinnProblem(await rival.del(`${REQ}/${body.id}`), 'AUTH-00011')
  })

  it('answers 400 AUTH-00000 for a party the register does not know', async () => {
    expectAltinnProblem(await asVendor(t.baseUrl).post(REQ, aStandardRequest({ partyOrgNo: '999999999' })), 'AUTH-00000')
  })

  it('answers 400 AUTH-00021 for a redirect URL off the allowed path, and accepts any query on the allowed one', async () => {
    expectAltinnProblem(await asVendor(t.baseUrl).post(REQ, aStandardRequest({ redirectUrl: 'https://smartcloud.example/elsewhere' })), 'AUTH-00021')
    expect((await asVendor(t.baseUrl).post(REQ, aStandardRequest({ redirectUrl: `${RECEIPT_URL}?state=%7B%22a%22%3A1%7D` }))).status).toBe(201)
  })

  it('answers 400 AUTH-00026 when the system allows no redirect URL', async () => {
    const vendor = asVendor(t.baseUrl)
    const system = (await vendor.get(`${A}/systemregister/vendor/${STANDARD_SYSTEM}`)).body
    await vendor.put(`${A}/systemregister/vendor/${STANDARD_SYSTEM}`, { ...system, allowedRedirectUrls: [] })
    expectAltinnProblem(await vendor.post(REQ, aStandardRequest({ redirectUrl: RECEIPT_WITH_STATE })), 'AUTH-00026')
  })

  it('answers 400 AUTH-00001 for no rights and no packages, and for a right the system lacks', async () => {
    const vendor = asVendor(t.baseUrl)
    expectAltinnProblem(await vendor.post(REQ, { systemId: STANDARD_SYSTEM, partyOrgNo: CUSTOMER }), 'AUTH-00001')
    expectAltinnProblem(await vendor.post(REQ, aStandardRequest({ rights: [{ resource: [{ id: 'urn:altinn:resource', value: SKATTEGRUNNLAG }] }] })), 'AUTH-00001')
  })

  it('answers 400 AUTH-00059 for empty rights and packages', async () => {
    expectAltinnProblem(await asVendor(t.baseUrl).post(REQ, aStandardRequest({ rights: [], accessPackages: [] })), 'AUTH-00059')
  })

  it('answers 400 AUTH-00063 with NotFoundPackages and AUTH-00064 with NotDelegablePackages at the top level', async () => {
    const vendor = asVendor(t.baseUrl)
    const notFound = expectAltinnProblem(await vendor.post(REQ, aStandardRequest({ rights: [], accessPackages: [{ urn: 'urn:altinn:accesspackage:jordbruk' }] })), 'AUTH-00063')
    expect(notFound.NotFoundPackages).toBe('urn:altinn:accesspackage:jordbruk')
    const notDelegable = expectAltinnProblem(await vendor.post(REQ, { systemId: AGENT_SYSTEM, partyOrgNo: CUSTOMER, accessPackages: [{ urn: REGNSKAPSFORER }] }), 'AUTH-00064')
    expect(notDelegable.NotDelegablePackages).toBe(REGNSKAPSFORER)
  })

  it('answers 400 AUTH-00004 when a system user exists for the triple', async () => {
    const vendor = asVendor(t.baseUrl)
    const { body } = await vendor.post(REQ, aStandardRequest())
    await call(t.baseUrl, 'POST', `/__mock/requests/${body.id}/approve`, { body: { pid: STADIG_KONSERT } })
    expectAltinnProblem(await vendor.post(REQ, aStandardRequest()), 'AUTH-00004')
  })

  it('answers ASP.NET\'s 400 for an id that is not a GUID', async () => {
    const res = await asVendor(t.baseUrl).get(`${REQ}/not-a-guid`)
    expect(expectHttpProblem(res, 400).errors).toEqual({ requestId: ["The value 'not-a-guid' is not valid."] })
  })

  it('answers 404 AUTH-00010 for an unknown id and an unknown external reference', async () => {
    expectAltinnProblem(await asVendor(t.baseUrl).get(`${REQ}/${UNKNOWN_ID}`), 'AUTH-00010')
    expectAltinnProblem(await asVendor(t.baseUrl).get(`${REQ}/byexternalref/${STANDARD_SYSTEM}/${CUSTOMER}/nobody`), 'AUTH-00010')
  })

  it('answers a bodiless 403 when the token lacks the route\'s scope (write for POST and DELETE, read for GET)', async () => {
    const readOnly = await vendorToken(t.baseUrl, SMARTCLOUD, Scopes.requestRead)
    const writeOnly = await vendorToken(t.baseUrl, SMARTCLOUD, Scopes.requestWrite)
    expectBodiless(await call(t.baseUrl, 'POST', REQ, { token: readOnly, body: aStandardRequest() }), 403)
    expectBodiless(await call(t.baseUrl, 'POST', AGENT, { token: readOnly, body: anAgentRequest() }), 403)
    expectBodiless(await call(t.baseUrl, 'DELETE', `${REQ}/${UNKNOWN_ID}`, { token: readOnly }), 403)
    expectBodiless(await call(t.baseUrl, 'GET', `${REQ}/${UNKNOWN_ID}`, { token: writeOnly }), 403)
    expectBodiless(await call(t.baseUrl, 'GET', `${REQ}/bysystem/${STANDARD_SYSTEM}`, { token: writeOnly }), 403)
    expectBodiless(await call(t.baseUrl, 'GET', `${AGENT}/bysystem/${AGENT_SYSTEM}`, { token: writeOnly }), 403)
  })

  it('changes no state when a create is refused', async () => {
    const before = await stateOf(t.baseUrl)
    expectAltinnProblem(await asVendor(t.baseUrl).post(REQ, aStandardRequest({ redirectUrl: 'https://evil.example/receipt' })), 'AUTH-00021')
    expectAltinnProblem(await asVendor(t.baseUrl).post(AGENT, anAgentRequest({ accessPackages: [] })), 'AUTH-00058')
    expect(await stateOf(t.baseUrl)).toEqual(before)
  })
})

describe.each(transports)('agent requests over %s', (transport) => {
  const t = useMock(transport)

  it('creates with 201, the standard Location, an agentrequest confirmUrl, no rights field, then 200 for the same triple', async () => {
    const vendor = asVendor(t.baseUrl)
    const res = await vendor.post(AGENT, anAgentRequest())
    expect(res.status).toBe(201)
    // Altinn builds both kinds' Location from one constant, `authentication/api/v1/systemuser/request/`.
    expect(res.headers.get('location')).toBe(`${t.baseUrl}${A}/systemuser/request/${res.body.id}`)
    expect(res.body).toMatchObject({ externalRef: FACILITATOR, partyOrgNo: FACILITATOR, systemId: AGENT_SYSTEM, accessPackages: [{ urn: REGNSKAPSFORER }], status: 'New', escalated: false, timedOut: false })
    expect(res.body).not.toHaveProperty('rights')
    expect(res.body.confirmUrl).toBe(`${t.urls.portalUrl}/accessmanagement/ui/systemuser/agentrequest?id=${res.body.id}&DONTCHOOSEREPORTEE=true`)
    const again = await vendor.post(AGENT, anAgentRequest())
    expect(again.status).toBe(200)
    expect(again.body.id).toBe(res.body.id)
  })

  it('reads an agent request by id, by external reference and in the agent list', async () => {
    const vendor = asVendor(t.baseUrl)
    const { body: created } = await vendor.post(AGENT, anAgentRequest({ externalRef: 'byraa-1' }))
    expect((await vendor.get(`${AGENT}/${created.id}`)).body).toEqual(created)
    expect((await vendor.get(`${AGENT}/byexternalref/${AGENT_SYSTEM}/${FACILITATOR}/byraa-1`)).body.id).toBe(created.id)
    const list = await vendor.get(`${AGENT}/bysystem/${AGENT_SYSTEM}`)
    expect(list.body.data.map((r: { id: string }) => r.id)).toEqual([created.id])
    expect((await vendor.get(`${REQ}/bysystem/${AGENT_SYSTEM}`)).body.data).toEqual([])
  })

  it('is deleted through the standard DELETE path', async () => {
    const vendor = asVendor(t.baseUrl)
    const { body } = await vendor.post(AGENT, anAgentRequest())
    expectBodiless(await vendor.del(`${REQ}/${body.id}`), 202)
    expectAltinnProblem(await vendor.get(`${AGENT}/${body.id}`), 'AUTH-00010')
  })

  it('answers AUTH-00058 for an empty package list and AUTH-00063 for a package not on the system', async () => {
    const vendor = asVendor(t.baseUrl)
    expectAltinnProblem(await vendor.post(AGENT, anAgentRequest({ accessPackages: [] })), 'AUTH-00058')
    const notFound = expectAltinnProblem(await vendor.post(AGENT, anAgentRequest({ accessPackages: [{ urn: 'urn:altinn:accesspackage:ansvarlig-revisor' }] })), 'AUTH-00063')
    expect(notFound.NotFoundPackages).toBe('urn:altinn:accesspackage:ansvarlig-revisor')
  })

  it('answers AUTH-00065 with NotDelegablePackages for a package that no client relationship can carry', async () => {
    const vendor = asVendor(t.baseUrl)
    await vendor.put(`${A}/systemregister/vendor/${AGENT_SYSTEM}/accesspackages`, [{ urn: REGNSKAPSFORER }, { urn: 'urn:altinn:accesspackage:tilgangsstyrer' }])
    const problem = expectAltinnProblem(await vendor.post(AGENT, anAgentRequest({ accessPackages: [{ urn: 'urn:altinn:accesspackage:tilgangsstyrer' }] })), 'AUTH-00065')
    expect(problem.NotDelegablePackages).toBe('urn:altinn:accesspackage:tilgangsstyrer')
  })

  it.each([
    ['left out', {}],
    ['null', { accessPackages: null }],
  ])('answers ASP.NET\'s model-state 400 when accessPackages is %s, as the list is [Required], and stores nothing', async (_, packages) => {
    const before = await stateOf(t.baseUrl)
    const res = await asVendor(t.baseUrl).post(AGENT, { systemId: AGENT_SYSTEM, partyOrgNo: FACILITATOR, ...packages })
    expect(expectHttpProblem(res, 400)).toMatchObject({ title: 'One or more validation errors occurred.', errors: { '$.accessPackages': ['The accessPackages field is required.'] } })
    expect(await stateOf(t.baseUrl)).toEqual(before)
  })

  it.each([
    ['New', 'AUTH-00007'],
    ['Rejected', 'AUTH-00009'],
  ])('answers %s standard request with the same triple with %s', async (status, code) => {
    const vendor = asVendor(t.baseUrl)
    await vendor.put(`${A}/systemregister/vendor/${AGENT_SYSTEM}/rights`, [{ resource: [{ id: 'urn:altinn:resource', value: KRAV }] }])
    const standard = await vendor.post(REQ, { systemId: AGENT_SYSTEM, partyOrgNo: FACILITATOR, rights: [{ resource: [{ id: 'urn:altinn:resource', value: KRAV }] }] })
    expect(standard.status).toBe(201)
    if (status === 'Rejected') expect((await call(t.baseUrl, 'POST', `/__mock/requests/${standard.body.id}/reject`, { body: { pid: DRESS_MINST } })).status).toBe(200)
    expectAltinnProblem(await vendor.post(AGENT, anAgentRequest()), code)
  })

  it('answers 401 AUTH-00023 without consumer and AUTH-00004 once the agent system user exists', async () => {
    expectAltinnProblem(await call(t.baseUrl, 'POST', AGENT, { token: await tokenWithoutConsumer(t.mock), body: anAgentRequest() }), 'AUTH-00023')
    const vendor = asVendor(t.baseUrl)
    const { body } = await vendor.post(AGENT, anAgentRequest())
    expect((await call(t.baseUrl, 'POST', `/__mock/requests/${body.id}/approve`, { body: { pid: DRESS_MINST } })).status).toBe(200)
    expectAltinnProblem(await vendor.post(AGENT, anAgentRequest()), 'AUTH-00004')
  })
})
