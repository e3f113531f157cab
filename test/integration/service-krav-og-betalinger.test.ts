/**
 * "Krav og betalinger" over each transport: it answers a system user's token with the organisation's claims when
 * the decision point permits it at that moment, and says why when it does not.
 */
import { describe, expect, it } from 'vitest'
import { Scopes, TaxClaimsResponseSchema } from '../../sdk/contract/index.ts'
import { A, call } from '../support/api.ts'
import { anAssertion, KRAV_SCOPE, postGrant, seededClient } from '../support/grants.ts'
import { transports, useMock, type MockHandle } from '../support/transports.ts'
import { AGENT_CLIENT_ID, CLIENTS, CUSTOMER, FACILITATOR, NON_CLIENT, STANDARD_CLIENT_ID } from '../../mock-server/seed/personas.ts'
import { anAgentRequest, aStandardRequest } from '../support/builders.ts'
import { systemUserDetails } from '../support/client-assertion.ts'

const VENDOR_SCOPE = `${Scopes.requestRead} ${Scopes.requestWrite}`

async function tokenFor(t: MockHandle, o: { scope?: string; details?: unknown[]; clientId?: string } = {}): Promise<string> {
  const client = seededClient(t.mock, o.clientId ?? STANDARD_CLIENT_ID)
  const res = await postGrant(t.mock, await anAssertion(t.mock, client, { scope: o.scope ?? KRAV_SCOPE, ...(o.details ? { authorization_details: o.details } : {}) }))
  expect(res.status, res.text).toBe(200)
  return res.body.access_token
}

/** A standard system user for TILFELDIG SUBTIL APE, approved through the control API; its id. */
async function anApprovedStandardUser(t: MockHandle): Promise<string> {
  const vendor = await tokenFor(t, { scope: VENDOR_SCOPE })
  const created = await call(t.baseUrl, 'POST', `${A}/systemuser/request/vendor`, { token: vendor, body: aStandardRequest() })
  expect(created.status, created.text).toBe(201)
  expect((await call(t.baseUrl, 'POST', `/__mock/requests/${created.body.id}/approve`, { body: {} })).status).toBe(200)
  return created.body.id
}

async function anApprovedAgentUser(t: MockHandle): Promise<string> {
  const vendor = await tokenFor(t, { scope: VENDOR_SCOPE, clientId: AGENT_CLIENT_ID })
  const created = await call(t.baseUrl, 'POST', `${A}/systemuser/request/vendor/agent`, { token: vendor, body: anAgentRequest() })
  expect(created.status, created.text).toBe(201)
  expect((await call(t.baseUrl, 'POST', `/__mock/requests/${created.body.id}/approve`, { body: {} })).status).toBe(200)
  return created.body.id
}

function claims(t: MockHandle, orgNo: string, token?: string) {
  return call(t.baseUrl, 'GET', `/service/krav-og-betalinger/${orgNo}`, token ? { token } : {})
}

describe.each(transports)('Krav og betalinger over %s', (transport) => {
  const t = useMock(transport)

  it("returns the owner's claims and their total to its standard system user", async () => {
    await anApprovedStandardUser(t)
    const res = await claims(t, CUSTOMER, await tokenFor(t, { details: systemUserDetails(CUSTOMER) }))
    expect(res.status, res.text).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    const body = TaxClaimsResponseSchema.parse(res.body)
    expect(body.orgNo).toBe(CUSTOMER)
    expect(body.claims.length).toBeGreaterThanOrEqual(2)
    expect(body.claims.length).toBeLessThanOrEqual(5)
    expect(body.total).toBe(body.claims.reduce((sum, c) => sum + c.amount, 0))
    for (const c of body.claims) {
      expect(['Merverdiavgift', 'Forskuddsskatt', 'Arbeidsgiveravgift', 'Forskuddstrekk', 'Restskatt']).toContain(c.type)
      expect(c.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/)
      expect(c.amount).toBeGreaterThan(0)
    }
  })

  it('answers the same claims for the same organisation every time, also after a reset', async () => {
    await anApprovedStandardUser(t)
    const first = await claims(t, CUSTOMER, await tokenFor(t, { details: systemUserDetails(CUSTOMER) }))
    const second = await claims(t, CUSTOMER, await tokenFor(t, { details: systemUserDetails(CUSTOMER) }))
    expect(second.body).toEqual(first.body)
    t.mock.reset()
    await anApprovedStandardUser(t)
    expect((await claims(t, CUSTOMER, await tokenFor(t, { details: systemUserDetails(CUSTOMER) }))).body).toEqual(first.body)
  })

  it('refuses another organisation with 403 and the reason', async () => {
    await anApprovedStandardUser(t)
    const res = await claims(t, NON_CLIENT, await tokenFor(t, { details: systemUserDetails(CUSTOMER) }))
    expect(res.status).toBe(403)
    expect(res.body).toMatchObject({ error: 'access_denied', decision: 'NotApplicable' })
    expect(res.body.reason).toMatch(/acts only for its owner 312091437, not for 311574000/)
  })

  it('refuses at once when the system user is deleted, although the token has not expired', async () => {
    const id = await anApprovedStandardUser(t)
    const token = await tokenFor(t, { details: systemUserDetails(CUSTOMER) })
    expect((await claims(t, CUSTOMER, token)).status).toBe(200)
    expect((await call(t.baseUrl, 'DELETE', `/__mock/systemusers/${id}`)).status).toBe(204)
    const res = await claims(t, CUSTOMER, token)
    expect(res.status).toBe(403)
    expect(res.body.reason).toMatch(/has been deleted/)
  })

  it('lets an agent token issued before a client was added read that client afterwards', async () => {
    const id = await anApprovedAgentUser(t)
    const token = await tokenFor(t, { clientId: AGENT_CLIENT_ID, details: systemUserDetails(FACILITATOR) })
    expect((await claims(t, CLIENTS[1], token)).status).toBe(403)
    expect((await call(t.baseUrl, 'POST', `/__mock/systemusers/${id}/clients`, { body: { orgNo: CLIENTS[1] } })).status).toBe(200)
    const res = await claims(t, CLIENTS[1], token)
    expect(res.status, res.text).toBe(200)
    expect(res.body.orgNo).toBe(CLIENTS[1])
    expect((await claims(t, FACILITATOR, token)).status).toBe(403)
  })

  it('answers 401 without a token and with a token that is not one', async () => {
    const none = await claims(t, CUSTOMER)
    expect(none.status).toBe(401)
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/)
    expect((await claims(t, CUSTOMER, 'not.a.token')).status).toBe(401)
  })

  it('answers 403 insufficient_scope when the scope lacks skatteetaten:kravogbetalinger', async () => {
    await anApprovedStandardUser(t)
    const res = await claims(t, CUSTOMER, await tokenFor(t, { scope: VENDOR_SCOPE, details: systemUserDetails(CUSTOMER) }))
    expect(res.status).toBe(403)
    expect(res.body).toMatchObject({ error: 'insufficient_scope' })
    expect(res.body.reason).toContain(KRAV_SCOPE)
  })

  it('answers 403 to a vendor token that names no system user', async () => {
    const res = await claims(t, CUSTOMER, await tokenFor(t))
    expect(res.status).toBe(403)
    expect(res.body).toMatchObject({ error: 'access_denied' })
    expect(res.body.reason).toMatch(/does not name a system user/)
  })

  it('answers 400 for an organisation number that is not one', async () => {
    await anApprovedStandardUser(t)
    const token = await tokenFor(t, { details: systemUserDetails(CUSTOMER) })
    for (const orgNo of ['123456789', 'abc', '%3Cscript%3E', '3120914370']) {
      const res = await claims(t, orgNo, token)
      expect(res.status, orgNo).toBe(400)
      expect(res.body).toMatchObject({ error: 'invalid_request' })
      expect(res.text).not.toContain('<script>')
    }
  })
})
