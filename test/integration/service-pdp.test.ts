/**
 * The decision point over each transport, asked as Altinn's own system-integration tests ask it (reference §13):
 * Permit after a standard request with a right on the resource is approved, Permit for a client delegated to an
 * agent system user, NotApplicable once that client is removed. Malformed requests get 400 problems, never a 500.
 */
import { describe, expect, it } from 'vitest'
import { Scopes, XacmlJsonResponseSchema } from '../../sdk/contract/index.ts'
import { A, call } from '../support/api.ts'
import { anAssertion, postGrant, seededClient } from '../support/grants.ts'
import { transports, useMock, type MockHandle } from '../support/transports.ts'
import { AGENT_CLIENT_ID, CLIENTS, CUSTOMER, KRAV, STANDARD_CLIENT_ID } from '../../mock-server/seed/personas.ts'
import { anAgentRequest, aStandardRequest } from '../support/builders.ts'

const AUTHORIZE = '/authorization/api/v1/authorize'

/** The request template of Altinn's integration tests (Resources/Testdata/AccessManagement), with overrides. */
function aDecisionRequest(systemUserId: string, o: { party?: string; resource?: string; action?: string } = {}) {
  return {
    Request: {
      ReturnPolicyIdList: false,
      AccessSubject: [{ Attribute: [{ AttributeId: 'urn:altinn:systemuser:uuid', Value: systemUserId, DataType: 'http://www.w3.org/2001/XMLSchema#string' }] }],
      Action: [{ Attribute: [{ AttributeId: 'urn:oasis:names:tc:xacml:1.0:action:action-id', Value: o.action ?? 'read', DataType: 'http://www.w3.org/2001/XMLSchema#string' }] }],
      Resource: [
        {
          Attribute: [
            { AttributeId: 'urn:altinn:resource', Value: o.resource ?? KRAV },
            { AttributeId: 'urn:altinn:organization:identifier-no', Value: o.party ?? CUSTOMER },
          ],
        },
      ],
    },
  }
}

async function decide(t: MockHandle, body: unknown): Promise<string> {
  const res = await call(t.baseUrl, 'POST', AUTHORIZE, { body })
  expect(res.status, res.text).toBe(200)
  const parsed = XacmlJsonResponseSchema.parse(res.body)
  expect(parsed.response).toHaveLength(1)
  return parsed.response[0]!.decision
}

async function approvedRequest(t: MockHandle, kind: 'standard' | 'agent'): Promise<string> {
  const client = seededClient(t.mock, kind === 'standard' ? STANDARD_CLIENT_ID : AGENT_CLIENT_ID)
  const grant = await postGrant(t.mock, await anAssertion(t.mock, client, { scope: Scopes.requestWrite }))
  const path = kind === 'standard' ? `${A}/systemuser/request/vendor` : `${A}/systemuser/request/vendor/agent`
  const created = await call(t.baseUrl, 'POST', path, { token: grant.body.access_token, body: kind === 'standard' ? aStandardRequest() : anAgentRequest() })
  expect(created.status, created.text).toBe(201)
  return created.body.id
}

describe.each(transports)('the decision point over %s', (transport) => {
  const t = useMock(transport)

  it('is NotApplicable before approval and Permit after it, for the owner only', async () => {
    const id = await approvedRequest(t, 'standard')
    expect(await decide(t, aDecisionRequest(id))).toBe('NotApplicable')
    expect((await call(t.baseUrl, 'POST', `/__mock/requests/${id}/approve`, { body: {} })).status).toBe(200)
    expect(await decide(t, aDecisionRequest(id))).toBe('Permit')
    expect(await decide(t, aDecisionRequest(id, { party: CLIENTS[0] }))).toBe('NotApplicable')
    expect(await decide(t, aDecisionRequest(id, { resource: 'app_ttd_endring-av-navn-v2' }))).toBe('NotApplicable')
  })

  it('permits a client delegated to an agent system user and is NotApplicable once it is removed', async () => {
    const id = await approvedRequest(t, 'agent')
    expect((await call(t.baseUrl, 'POST', `/__mock/requests/${id}/approve`, { body: {} })).status).toBe(200)
    expect((await call(t.baseUrl, 'POST', `/__mock/systemusers/${id}/clients`, { body: { orgNo: CLIENTS[2] } })).status).toBe(200)
    expect(await decide(t, aDecisionRequest(id, { party: CLIENTS[2] }))).toBe('Permit')
    expect((await call(t.baseUrl, 'DELETE', `/__mock/systemusers/${id}/clients/${CLIENTS[2]}`)).status).toBe(200)
    expect(await decide(t, aDecisionRequest(id, { party: CLIENTS[2] }))).toBe('NotApplicable')
  })

  it('binds property names case-insensitively, as ASP.NET does', async () => {
    const id = await approvedRequest(t, 'standard')
    await call(t.baseUrl, 'POST', `/__mock/requests/${id}/approve`, { body: {} })
    const lower = JSON.parse(JSON.stringify(aDecisionRequest(id)).replace(/"(Request|AccessSubject|Action|Resource|Attribute|AttributeId|Value)"/g, (_, k: string) => `"${k.toLowerCase()}"`))
    expect(await decide(t, lower)).toBe('Permit')
  })

  it.each<[string, string | undefined, string | undefined]>([
    ['invalid JSON', '{"Request": ', undefined],
    ['no Request', '{}', undefined],
    ['an attribute value that is a number', JSON.stringify({ Request: { AccessSubject: [{ Attribute: [{ AttributeId: 'urn:altinn:systemuser:uuid', Value: 7 }] }] } }), undefined],
    ['no Action or Resource', JSON.stringify({ Request: { AccessSubject: [{ Attribute: [] }] } }), undefined],
    ['a reference to no category', JSON.stringify({ Request: { AccessSubject: [{ Id: 's', Attribute: [] }], MultiRequests: { RequestReference: [{ ReferenceId: ['s', 'x'] }] } } }), undefined],
    ['an empty body', '', undefined],
  ])('answers %s with a 400 problem', async (_, body, contentType) => {
    const res = await call(t.baseUrl, 'POST', AUTHORIZE, { body: body ?? '', headers: { 'content-type': contentType ?? 'application/json' } })
    expect(res.status, res.text).toBe(400)
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/)
  })

  it('answers a body that is not JSON with 415 and hostile JSON without a 500', async () => {
    expect((await call(t.baseUrl, 'POST', AUTHORIZE, { body: 'Request=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status).toBe(415)
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`
    for (const body of [deep, '{"__proto__": {"Request": {}}}', JSON.stringify({ Request: { AccessSubject: 'x' } }), JSON.stringify({ Request: { MultiRequests: { RequestReference: [{ ReferenceId: 'x' }] } } })]) {
      const res = await call(t.baseUrl, 'POST', AUTHORIZE, { body })
      expect(res.status, res.text).toBeGreaterThanOrEqual(400)
      expect(res.status, res.text).toBeLessThan(500)
    }
  })
})
