import { describe, expect, it } from 'vitest'
import { A, asVendor, call } from '../support/api.ts'
import { transports, useMock } from '../support/transports.ts'
import { expectAltinnProblem, expectBodiless } from '../support/problems.ts'
import { AGENT_SYSTEM, CUSTOMER, DRESS_MINST, FACILITATOR, FLITTIG_ANSATT, STADIG_KONSERT, STANDARD_SYSTEM } from '../../mock-server/seed/personas.ts'
import { anAgentRequest, aStandardRequest } from '../support/builders.ts'

const REQ = `${A}/systemuser/request/vendor`

describe.each(transports)('the other branches of the request lifecycle (reference §2.4) over %s', (transport) => {
  const t = useMock(transport)

  it('Rejected: the same request keeps coming back with 200 until the vendor deletes it; then a fresh 201', async () => {
    const vendor = asVendor(t.baseUrl)
    const first = await vendor.post(REQ, aStandardRequest())
    expect(first.status).toBe(201)

    const rejected = await call(t.baseUrl, 'POST', `/__mock/requests/${first.body.id}/reject`, { body: { pid: STADIG_KONSERT } })
    expect(rejected.body.request.status).toBe('Rejected')

    const again = await vendor.post(REQ, aStandardRequest())
    expect(again.status).toBe(200)
    expect(again.body).toMatchObject({ id: first.body.id, status: 'Rejected' })

    expectBodiless(await vendor.del(`${REQ}/${first.body.id}`), 202)
    expectAltinnProblem(await vendor.get(`${REQ}/${first.body.id}`), 'AUTH-00010')

    const fresh = await vendor.post(REQ, aStandardRequest())
    expect(fresh.status).toBe(201)
    expect(fresh.body.id).not.toBe(first.body.id)
    expect(fresh.body.status).toBe('New')
  })

  it('Escalated: an employee forwards it, it stays New (the vendor sees escalated: false), and the access manager approves it', async () => {
    const vendor = asVendor(t.baseUrl)
    const { body: request } = await vendor.post(REQ, aStandardRequest())

    expectAltinnProblem(await call(t.baseUrl, 'POST', `/__mock/requests/${request.id}/approve`, { body: { pid: FLITTIG_ANSATT } }), 'AUTH-00066')
    const escalated = await call(t.baseUrl, 'POST', `/__mock/requests/${request.id}/escalate`, { body: { pid: FLITTIG_ANSATT } })
    expect(escalated.status).toBe(200)
    expect(escalated.body.request).toMatchObject({ status: 'New', escalated: true })
    expect((await vendor.get(`${REQ}/${request.id}`)).body).toMatchObject({ status: 'New', escalated: false })

    expect((await call(t.baseUrl, 'POST', `/__mock/requests/${request.id}/approve`)).body.decidedBy).toBe(STADIG_KONSERT)
    expect((await vendor.get(`${REQ}/${request.id}`)).body.status).toBe('Accepted')
  })

  it('Timed out: after 180 days the request says timedOut: true, keeps status New, and can still be approved', async () => {
    const vendor = asVendor(t.baseUrl)
    const { body: request } = await vendor.post(REQ, aStandardRequest())
    await call(t.baseUrl, 'POST', '/__mock/clock', { body: { advance: 'P181D' } })
    expectBodiless(await vendor.get(`${REQ}/${request.id}`), 401) // the old token expired with the clock
    const later = asVendor(t.baseUrl)
    expect((await later.get(`${REQ}/${request.id}`)).body).toMatchObject({ status: 'New', timedOut: true })
    expect((await later.post(REQ, aStandardRequest())).status).toBe(200)
    expect((await call(t.baseUrl, 'POST', `/__mock/requests/${request.id}/approve`)).status).toBe(200)
  })

  it('Deleted by the end user: the system user and its request are gone, and the same triple starts over with 201', async () => {
    const vendor = asVendor(t.baseUrl)
    const { body: request } = await vendor.post(REQ, aStandardRequest())
    await call(t.baseUrl, 'POST', `/__mock/requests/${request.id}/approve`)
    expect((await vendor.get(`${A}/systemuser/vendor/byquery?system-id=${STANDARD_SYSTEM}&orgno=${CUSTOMER}`)).status).toBe(200)

    expect((await call(t.baseUrl, 'DELETE', `/__mock/systemusers/${request.id}`)).status).toBe(204)
    expectBodiless(await vendor.get(`${A}/systemuser/vendor/byquery?system-id=${STANDARD_SYSTEM}&orgno=${CUSTOMER}`), 404)
    expect((await vendor.get(`${A}/systemuser/vendor/bysystem/${STANDARD_SYSTEM}`)).body.data).toEqual([])
    expectAltinnProblem(await vendor.get(`${REQ}/${request.id}`), 'AUTH-00010')
    expect((await vendor.post(REQ, aStandardRequest())).status).toBe(201)
  })

  it('Agent: the facilitator\'s access manager approves; the agent system user has the request\'s id and no clients yet', async () => {
    const vendor = asVendor(t.baseUrl)
    const created = await vendor.post(`${REQ}/agent`, anAgentRequest())
    expect(created.status).toBe(201)
    expect((await vendor.post(`${REQ}/agent`, anAgentRequest())).status).toBe(200)

    const approved = await call(t.baseUrl, 'POST', `/__mock/requests/${created.body.id}/approve`)
    expect(approved.body).toMatchObject({ decidedBy: DRESS_MINST, systemUser: { id: created.body.id, userType: 'agent' } })
    expect((await vendor.get(`${REQ}/agent/${created.body.id}`)).body.status).toBe('Accepted')

    const users = await vendor.get(`${A}/systemuser/vendor/bysystem/${AGENT_SYSTEM}`)
    expect(users.body.data).toEqual([expect.objectContaining({ id: created.body.id, reporteeOrgNo: FACILITATOR, userType: 'agent' })])
    expect((await call(t.baseUrl, 'GET', '/__mock/state')).body.clientDelegations).toEqual([])
    expectAltinnProblem(await vendor.post(`${REQ}/agent`, anAgentRequest()), 'AUTH-00004')
  })
})
