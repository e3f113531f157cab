/**
 * Change requests over each transport (reference §10): the vendor's calls with Altinn's answers, the control API's
 * approve and reject finding change requests by id, and the change taking effect at once at the decision point
 * and in the demo service.
 */
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { ChangeRequestResponseSchema, Scopes } from '../../sdk/contract/index.ts'
import { asVendor, call } from '../support/api.ts'
import { aChangeRequest, aSystemUserWith, CHANGE_REQUESTS, changeRequestPath, decisionFor, systemUserToken, TWO_RIGHTS_SYSTEM } from '../support/change-requests.ts'
import { transports, useMock } from '../support/transports.ts'
import { expectAltinnProblem, expectBodiless, expectHttpProblem } from '../support/problems.ts'
import { CUSTOMER, FLITTIG_ANSATT, KONKURRENT, KRAV, RECEIPT_URL, SKATTEGRUNNLAG, STADIG_KONSERT } from '../../mock-server/seed/personas.ts'
import { aRight } from '../support/builders.ts'

const claimsOf = (baseUrl: string, token: string) => call(baseUrl, 'GET', `/service/krav-og-betalinger/${CUSTOMER}`, { token })

describe.each(transports)('change requests over %s', (transport) => {
  const t = useMock(transport, { pageSize: 2 })

  it('adds a right once the owner approves: the decision point and the service answer for it at once', async () => {
    const vendor = asVendor(t.baseUrl)
    const systemUserId = await aSystemUserWith(t.baseUrl, vendor, [SKATTEGRUNNLAG])
    const token = await systemUserToken(t.baseUrl)
    expect(await decisionFor(t.baseUrl, systemUserId, KRAV)).toBe('NotApplicable')
    expect(await decisionFor(t.baseUrl, systemUserId, SKATTEGRUNNLAG)).toBe('Permit')
    const before = await claimsOf(t.baseUrl, token)
    expect(before.status, before.text).toBe(403)
    expect(before.body).toMatchObject({ error: 'access_denied', decision: 'NotApplicable' })

    const correlationId = randomUUID()
    const sent = t.mock.clock.now()
    const created = await vendor.post(changeRequestPath(systemUserId, correlationId), aChangeRequest({ unwantedRights: [aRight(SKATTEGRUNNLAG)] }))
    expect(created.status, created.text).toBe(201)
    expect(created.headers.get('location')).toBe(`${t.baseUrl}/authentication/api/v1/systemuser/changerequest/${correlationId}`)
    expect(ChangeRequestResponseSchema.parse(created.body)).toEqual({
      id: correlationId,
      externalRef: CUSTOMER,
      systemId: TWO_RIGHTS_SYSTEM,
      systemUserId,
      partyOrgNo: CUSTOMER,
      requiredRights: [aRight(KRAV)],
      unwantedRights: [aRight(SKATTEGRUNNLAG)],
      requiredAccessPackages: [],
      unwantedAccessPackages: [],
      status: 'New',
      redirectUrl: `${RECEIPT_URL}?change=1`,
      confirmUrl: `${t.urls.portalUrl}/accessmanagement/ui/systemuser/changerequest?id=${correlationId}&DONTCHOOSEREPORTEE=true`,
      created: expect.any(String),
      timedOut: false,
    })
    expect(Date.parse(created.body.created)).toBeGreaterThanOrEqual(sent)
    expect(Date.parse(created.body.created)).toBeLessThanOrEqual(t.mock.clock.now())
    // Nothing changes before the decision.
    expect(await decisionFor(t.baseUrl, systemUserId, KRAV)).toBe('NotApplicable')

    const approved = await call(t.baseUrl, 'POST', `/__mock/requests/${correlationId}/approve`, { body: {} })
    expect(approved.status, approved.text).toBe(200)
    expect(approved.body).toMatchObject({ request: { id: correlationId, status: 'Accepted' }, systemUser: { id: systemUserId, rights: [aRight(KRAV)] }, decidedBy: STADIG_KONSERT })

    expect(await decisionFor(t.baseUrl, systemUserId, KRAV)).toBe('Permit')
    expect(await decisionFor(t.baseUrl, systemUserId, SKATTEGRUNNLAG)).toBe('NotApplicable')
    const after = await claimsOf(t.baseUrl, token)
    expect(after.status, after.text).toBe(200)
    expect(after.body.orgNo).toBe(CUSTOMER)
    expect((await vendor.get(`${CHANGE_REQUESTS}/${correlationId}`)).body.status).toBe('Accepted')
  })

  it('returns the same change request with 200 for the same correlation id, and reads it by id, by external reference and in the list', async () => {
    const vendor = asVendor(t.baseUrl)
    const systemUserId = await aSystemUserWith(t.baseUrl, vendor)
    const correlationId = randomUUID()
    const first = await vendor.post(changeRequestPath(systemUserId, correlationId), aChangeRequest())
    expect(first.status, first.text).toBe(201)
    const again = await vendor.post(changeRequestPath(systemUserId, correlationId.toUpperCase()), aChangeRequest({ requiredRights: [aRight('no-such-resource')] }))
    expect(again.status, again.text).toBe(200)
    expect(again.body).toEqual(first.body)
    expect(again.headers.get('location')).toBeNull()

    expect((await vendor.get(`${CHANGE_REQUESTS}/${correlationId}`)).body).toEqual(first.body)
    const byRef = await vendor.get(`${CHANGE_REQUESTS}/byexternalref/${TWO_RIGHTS_SYSTEM}/${CUSTOMER}/${CUSTOMER}`)
    expect(byRef.status, byRef.text).toBe(200)
    expect(byRef.body).toMatchObject({ id: correlationId, confirmUrl: first.body.confirmUrl })
    const list = await vendor.get(`${CHANGE_REQUESTS}/bysystem/${TWO_RIGHTS_SYSTEM}`)
    expect(list.status, list.text).toBe(200)
    const { confirmUrl: _confirmUrl, ...listed } = first.body
    expect(list.body).toEqual({ links: {}, data: [listed] })
    expect(await stateChangeRequest(t.baseUrl, correlationId)).toMatchObject({ status: 'New', isDeleted: false, decidedBy: null })
  })

  it('pages the list through links.next, on the platform host, without skipping any', async () => {
    const vendor = asVendor(t.baseUrl)
    const systemUserId = await aSystemUserWith(t.baseUrl, vendor)
    const ids: string[] = []
    for (let i = 0; i < 3; i++) {
      const res = await vendor.post(changeRequestPath(systemUserId), aChangeRequest())
      expect(res.status, res.text).toBe(201)
      ids.push(res.body.id)
    }
    const first = await vendor.get(`${CHANGE_REQUESTS}/bysystem/${TWO_RIGHTS_SYSTEM}`)
    expect(first.body.data).toHaveLength(2)
    expect(first.body.links.next).toMatch(new RegExp(`^${t.baseUrl}${CHANGE_REQUESTS}/bysystem/${TWO_RIGHTS_SYSTEM}\\?token=[A-Za-z0-9_-]+$`))
    const second = await vendor.get(first.body.links.next)
    expect(second.body.links).toEqual({})
    expect([...first.body.data, ...second.body.data].map((r: { id: string }) => r.id)).toEqual(ids.sort())
  })

  it('answers NoChangeNeeded at once for four empty lists, and keeps nothing', async () => {
    const vendor = asVendor(t.baseUrl)
    const systemUserId = await aSystemUserWith(t.baseUrl, vendor)
    const correlationId = randomUUID()
    const res = await vendor.post(changeRequestPath(systemUserId, correlationId), { requiredRights: [], unwantedRights: [] })
    expect(res.status, res.text).toBe(200)
    expect(res.body).toMatchObject({ id: correlationId, systemUserId, status: 'NoChangeNeeded', confirmUrl: '', created: '0001-01-01T00:00:00' })
    expectAltinnProblem(await vendor.get(`${CHANGE_REQUESTS}/${correlationId}`), 'AUTH-00010')
  })

  it('answers Altinn\'s plain-text 400s about the correlation id, and a model error for ids that are not GUIDs', async () => {
    const vendor = asVendor(t.baseUrl)
    const systemUserId = await aSystemUserWith(t.baseUrl, vendor)
    const missing = await vendor.post(`${CHANGE_REQUESTS}?system-user-id=${systemUserId}`, aChangeRequest())
    expect(missing.status).toBe(400)
    expect(missing.headers.get('content-type')).toMatch(/^text\/plain/)
    expect(missing.text).toMatch(/^Missing or invalid QueryParameter: correlation-id\./)
    const same = await vendor.post(changeRequestPath(systemUserId, systemUserId), aChangeRequest())
    expect(same.status).toBe(400)
    expect(same.text).toBe('The correlation-id should not be the same as the system-user-id. Generate a unique id.')
    const malformed = await vendor.post(`${CHANGE_REQUESTS}?correlation-id=<script>&system-user-id=${systemUserId}`, aChangeRequest())
    expect(expectHttpProblem(malformed, 400)).toMatchObject({ errors: { 'correlation-id': ["The value '<script>' is not valid."] } })
  })

  it('refuses callers as Altinn does: 401 for another vendor, 403 without the write scope, 404 AUTH-00015 for an unknown system user', async () => {
    const vendor = asVendor(t.baseUrl)
    const systemUserId = await aSystemUserWith(t.baseUrl, vendor)
    expectBodiless(await asVendor(t.baseUrl, KONKURRENT).post(changeRequestPath(systemUserId), aChangeRequest()), 401)
    expectBodiless(await asVendor(t.baseUrl, undefined, Scopes.requestRead).post(changeRequestPath(systemUserId), aChangeRequest()), 403)
    expectBodiless(await call(t.baseUrl, 'POST', changeRequestPath(systemUserId), { body: aChangeRequest() }), 401)
    expectAltinnProblem(await vendor.post(changeRequestPath(randomUUID()), aChangeRequest()), 'AUTH-00015')
    expectAltinnProblem(await vendor.post(changeRequestPath(systemUserId), aChangeRequest({ requiredRights: [aRight('app_ttd_endring-av-navn-v2')] })), 'AUTH-00001')
    expectAltinnProblem(await vendor.post(changeRequestPath(systemUserId), aChangeRequest({ redirectUrl: 'https://evil.example/receipt' })), 'AUTH-00021')
    expectAltinnProblem(await asVendor(t.baseUrl, KONKURRENT).get(`${CHANGE_REQUESTS}/bysystem/${TWO_RIGHTS_SYSTEM}`), 'AUTH-00011')
    expect((await stateOfChanges(t.baseUrl)).length).toBe(0)
  })

  it('rejects through the control API: Rejected, the system user unchanged, and no second decision', async () => {
    const vendor = asVendor(t.baseUrl)
    const systemUserId = await aSystemUserWith(t.baseUrl, vendor)
    const { body } = await vendor.post(changeRequestPath(systemUserId), aChangeRequest())
    const refused = await call(t.baseUrl, 'POST', `/__mock/requests/${body.id}/reject`, { body: { pid: FLITTIG_ANSATT } })
    expectAltinnProblem(refused, 'AUTH-00066')
    const rejected = await call(t.baseUrl, 'POST', `/__mock/requests/${body.id}/reject`, { body: { pid: STADIG_KONSERT } })
    expect(rejected.status, rejected.text).toBe(200)
    expect(rejected.body).toMatchObject({ request: { id: body.id, status: 'Rejected' }, decidedBy: STADIG_KONSERT })
    expectAltinnProblem(await call(t.baseUrl, 'POST', `/__mock/requests/${body.id}/approve`, { body: {} }), 'AUTH-00013')
    expect(await decisionFor(t.baseUrl, systemUserId, KRAV)).toBe('NotApplicable')
    expect((await vendor.get(`${CHANGE_REQUESTS}/${body.id}`)).body.status).toBe('Rejected')
  })

  it('deletes with 202 and an empty body; the id then reads 404 AUTH-00010', async () => {
    const vendor = asVendor(t.baseUrl)
    const systemUserId = await aSystemUserWith(t.baseUrl, vendor)
    const { body } = await vendor.post(changeRequestPath(systemUserId), aChangeRequest())
    expectAltinnProblem(await asVendor(t.baseUrl, KONKURRENT).del(`${CHANGE_REQUESTS}/${body.id}`), 'AUTH-00011')
    const deleted = await vendor.del(`${CHANGE_REQUESTS}/${body.id}`)
    expect(deleted.status).toBe(202)
    expect(deleted.text).toBe('')
    expectAltinnProblem(await vendor.get(`${CHANGE_REQUESTS}/${body.id}`), 'AUTH-00010')
    expectAltinnProblem(await vendor.del(`${CHANGE_REQUESTS}/${body.id}`), 'AUTH-00010')
    expectAltinnProblem(await call(t.baseUrl, 'POST', `/__mock/requests/${body.id}/approve`, { body: {} }), 'AUTH-00010')
    expect(await stateChangeRequest(t.baseUrl, body.id)).toMatchObject({ isDeleted: true })
  })
})

async function stateOfChanges(baseUrl: string): Promise<Array<Record<string, unknown>>> {
  const res = await call(baseUrl, 'GET', '/__mock/state')
  expect(res.status).toBe(200)
  return res.body.changeRequests
}

async function stateChangeRequest(baseUrl: string, id: string): Promise<Record<string, unknown> | undefined> {
  return (await stateOfChanges(baseUrl)).find((r) => r.id === id)
}
