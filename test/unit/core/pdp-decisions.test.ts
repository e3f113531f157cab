import { describe, expect, it } from 'vitest'
import { XacmlAttributeIds, XacmlStatusCodes, type XacmlJsonRequest } from '../../../sdk/contract/index.ts'
import { HttpProblemError } from '../../../mock-server/core/errors.ts'
import type { MockAltinn } from '../../../mock-server/core/mock-altinn.ts'
import { decideForSystemUser, evaluateXacmlRequest, type SystemUserDecisionQuery } from '../../../mock-server/core/pdp.ts'
import * as requests from '../../../mock-server/core/requests.ts'
import * as users from '../../../mock-server/core/system-users.ts'
import { aCaller, aMock } from '../../support/core.ts'
import { CLIENTS, CUSTOMER, DRESS_MINST, FACILITATOR, KRAV, NON_CLIENT, SKATTEGRUNNLAG, STADIG_KONSERT } from '../../../mock-server/seed/personas.ts'
import { anAgentRequest, aRight, aStandardRequest } from '../../support/builders.ts'

function approvedStandardUser(mock: MockAltinn) {
  const { request } = requests.createStandardRequest(mock, aCaller(), aStandardRequest())
  return requests.approveRequest(mock, request.id, { pid: STADIG_KONSERT })
}

function approvedAgentUser(mock: MockAltinn) {
  const { request } = requests.createAgentRequest(mock, aCaller(), anAgentRequest())
  return requests.approveRequest(mock, request.id, { pid: DRESS_MINST })
}

function aQuery(systemUserId: string, overrides: Partial<SystemUserDecisionQuery> = {}): SystemUserDecisionQuery {
  return { systemUserId, action: 'read', resource: KRAV, partyOrgNo: CUSTOMER, ...overrides }
}

/** An XACML JSON request as reference §13 shows it, with overrides per category. */
function anXacmlRequest(systemUserId: string, o: { action?: string; resource?: string; party?: { id: string; value: string } } = {}): XacmlJsonRequest {
  const party = o.party ?? { id: XacmlAttributeIds.organizationNumber, value: CUSTOMER }
  return {
    ReturnPolicyIdList: false,
    AccessSubject: [{ Attribute: [{ AttributeId: XacmlAttributeIds.systemUserUuid, Value: systemUserId, DataType: 'http://www.w3.org/2001/XMLSchema#string' }] }],
    Action: [{ Attribute: [{ AttributeId: XacmlAttributeIds.actionId, Value: o.action ?? 'read' }] }],
    Resource: [{ Attribute: [{ AttributeId: XacmlAttributeIds.resource, Value: o.resource ?? KRAV }, { AttributeId: party.id, Value: party.value }] }],
  }
}

describe('decisions for a standard system user', () => {
  it('permits the resource it holds a right on, for its owner', () => {
    const mock = aMock()
    const user = approvedStandardUser(mock)
    expect(decideForSystemUser(mock, aQuery(user.id)).decision).toBe('Permit')
    expect(decideForSystemUser(mock, aQuery(user.id.toUpperCase())).decision).toBe('Permit')
  })

  it('is NotApplicable for another party, another resource, or before approval', () => {
    const mock = aMock()
    const { request } = requests.createStandardRequest(mock, aCaller(), aStandardRequest())
    expect(decideForSystemUser(mock, aQuery(request.id))).toMatchObject({ decision: 'NotApplicable', reason: expect.stringContaining('no system user') })
    requests.approveRequest(mock, request.id, { pid: STADIG_KONSERT })
    expect(decideForSystemUser(mock, aQuery(request.id, { partyOrgNo: NON_CLIENT }))).toMatchObject({ decision: 'NotApplicable', reason: expect.stringContaining('acts only for its owner') })
    expect(decideForSystemUser(mock, aQuery(request.id, { resource: SKATTEGRUNNLAG })).decision).toBe('NotApplicable')
  })

  it('honours the action of a right that names one', () => {
    const mock = aMock()
    const user = approvedStandardUser(mock)
    mock.store.write((tx) => tx.put('systemUsers', { ...user, rights: [aRight(KRAV, 'write')] }))
    expect(decideForSystemUser(mock, aQuery(user.id, { action: 'write' })).decision).toBe('Permit')
    expect(decideForSystemUser(mock, aQuery(user.id, { action: 'read' })).decision).toBe('NotApplicable')
  })

  it('permits what an assigned access package grants', () => {
    const mock = aMock()
    const user = approvedStandardUser(mock)
    mock.store.write((tx) => tx.put('systemUsers', { ...user, accessPackages: [{ urn: 'urn:altinn:accesspackage:skattegrunnlag' }] }))
    expect(decideForSystemUser(mock, aQuery(user.id, { resource: SKATTEGRUNNLAG }))).toMatchObject({ decision: 'Permit', reason: expect.stringContaining('skattegrunnlag') })
  })

  it('stops permitting the moment the system user is deleted', () => {
    const mock = aMock()
    const user = approvedStandardUser(mock)
    users.deleteSystemUser(mock, user.id, STADIG_KONSERT)
    expect(decideForSystemUser(mock, aQuery(user.id))).toMatchObject({ decision: 'NotApplicable', reason: expect.stringContaining('deleted') })
  })

  it('stops permitting when the system is deleted', () => {
    const mock = aMock()
    const user = approvedStandardUser(mock)
    mock.store.write((tx) => tx.put('systems', { ...mock.store.systems.get(user.systemId)!, isDeleted: true }))
    expect(decideForSystemUser(mock, aQuery(user.id)).decision).toBe('NotApplicable')
  })
})

describe('decisions for an agent system user', () => {
  it('permits a client after it is added, through the access package the relationship carries', () => {
    const mock = aMock()
    const user = approvedAgentUser(mock)
    expect(decideForSystemUser(mock, aQuery(user.id, { partyOrgNo: CLIENTS[0] })).decision).toBe('NotApplicable')
    users.addClient(mock, user.id, CLIENTS[0], DRESS_MINST)
    expect(decideForSystemUser(mock, aQuery(user.id, { partyOrgNo: CLIENTS[0] }))).toMatchObject({ decision: 'Permit', reason: expect.stringContaining('regnskapsforer-med-signeringsrettighet') })
  })

  it('is NotApplicable for an organisation that is not its client, and for the facilitator itself', () => {
    const mock = aMock()
    const user = approvedAgentUser(mock)
    users.addClient(mock, user.id, CLIENTS[0], DRESS_MINST)
    expect(decideForSystemUser(mock, aQuery(user.id, { partyOrgNo: NON_CLIENT }))).toMatchObject({ decision: 'NotApplicable', reason: expect.stringContaining('not a client') })
    expect(decideForSystemUser(mock, aQuery(user.id, { partyOrgNo: FACILITATOR })).decision).toBe('NotApplicable')
    expect(decideForSystemUser(mock, aQuery(user.id, { partyOrgNo: CLIENTS[1] })).decision).toBe('NotApplicable')
  })

  it('is NotApplicable again once the client is removed', () => {
    const mock = aMock()
    const user = approvedAgentUser(mock)
    users.addClient(mock, user.id, CLIENTS[0], DRESS_MINST)
    users.removeClient(mock, user.id, CLIENTS[0], DRESS_MINST)
    expect(decideForSystemUser(mock, aQuery(user.id, { partyOrgNo: CLIENTS[0] })).decision).toBe('NotApplicable')
  })

  it('is NotApplicable when the client relationship ends, even while the client is still delegated', () => {
    const mock = aMock()
    const user = approvedAgentUser(mock)
    users.addClient(mock, user.id, CLIENTS[0], DRESS_MINST)
    mock.store.write((tx) => tx.removeClientRelation(FACILITATOR, CLIENTS[0]))
    expect(decideForSystemUser(mock, aQuery(user.id, { partyOrgNo: CLIENTS[0] }))).toMatchObject({ decision: 'NotApplicable', reason: expect.stringContaining('no longer has a client relationship') })
  })

  it('is NotApplicable for a resource none of its packages grants', () => {
    const mock = aMock()
    const user = approvedAgentUser(mock)
    users.addClient(mock, user.id, CLIENTS[0], DRESS_MINST)
    expect(decideForSystemUser(mock, aQuery(user.id, { partyOrgNo: CLIENTS[0], resource: SKATTEGRUNNLAG })).decision).toBe('NotApplicable')
  })
})

describe('XACML JSON requests', () => {
  it('answers one Permit with status ok for the request of reference §13', () => {
    const mock = aMock()
    const user = approvedStandardUser(mock)
    expect(evaluateXacmlRequest(mock, anXacmlRequest(user.id))).toEqual([{ decision: 'Permit', status: { statusCode: { value: XacmlStatusCodes.ok } } }])
  })

  it('finds the party by party id or party uuid as well as by organisation number', () => {
    const mock = aMock()
    const user = approvedStandardUser(mock)
    const org = mock.store.organisations.get(CUSTOMER)!
    expect(evaluateXacmlRequest(mock, anXacmlRequest(user.id, { party: { id: XacmlAttributeIds.partyId, value: String(org.partyId) } }))[0]!.decision).toBe('Permit')
    expect(evaluateXacmlRequest(mock, anXacmlRequest(user.id, { party: { id: XacmlAttributeIds.partyUuid, value: org.partyUuid.toUpperCase() } }))[0]!.decision).toBe('Permit')
    expect(evaluateXacmlRequest(mock, anXacmlRequest(user.id, { party: { id: XacmlAttributeIds.partyId, value: '1' } }))[0]!.decision).toBe('NotApplicable')
  })

  it('is NotApplicable for a subject that is not a system user', () => {
    const mock = aMock()
    const request = anXacmlRequest('x')
    request.AccessSubject = [{ Attribute: [{ AttributeId: 'urn:altinn:userid', Value: '20000000' }] }]
    expect(evaluateXacmlRequest(mock, request)[0]!.decision).toBe('NotApplicable')
  })

  it('reads the category form (Category with CategoryId) as well', () => {
    const mock = aMock()
    const user = approvedStandardUser(mock)
    const plain = anXacmlRequest(user.id)
    const request: XacmlJsonRequest = {
      Category: [
        { CategoryId: 'urn:oasis:names:tc:xacml:1.0:subject-category:access-subject', Attribute: plain.AccessSubject![0]!.Attribute },
        { CategoryId: 'urn:oasis:names:tc:xacml:3.0:attribute-category:action', Attribute: plain.Action![0]!.Attribute },
        { CategoryId: 'urn:oasis:names:tc:xacml:3.0:attribute-category:resource', Attribute: plain.Resource![0]!.Attribute },
      ],
    }
    expect(evaluateXacmlRequest(mock, request)[0]!.decision).toBe('Permit')
  })

  it('answers a multi-request in order and echoes the attributes marked IncludeInResult', () => {
    const mock = aMock()
    const user = approvedAgentUser(mock)
    users.addClient(mock, user.id, CLIENTS[0], DRESS_MINST)
    const resource = (id: string, orgNo: string) => ({
      Id: id,
      Attribute: [
        { AttributeId: XacmlAttributeIds.resource, Value: KRAV },
        { AttributeId: XacmlAttributeIds.organizationNumber, Value: orgNo, IncludeInResult: true },
      ],
    })
    const results = evaluateXacmlRequest(mock, {
      AccessSubject: [{ Id: 's', Attribute: [{ AttributeId: XacmlAttributeIds.systemUserUuid, Value: user.id }] }],
      Action: [{ Id: 'a', Attribute: [{ AttributeId: XacmlAttributeIds.actionId, Value: 'read' }] }],
      Resource: [resource('r1', CLIENTS[0]), resource('r2', NON_CLIENT)],
      MultiRequests: { RequestReference: [{ ReferenceId: ['s', 'a', 'r1'] }, { ReferenceId: ['s', 'a', 'r2'] }] },
    })
    expect(results.map((r) => r.decision)).toEqual(['Permit', 'NotApplicable'])
    expect(results[1]).toMatchObject({
      category: [{ categoryId: 'urn:oasis:names:tc:xacml:3.0:attribute-category:resource', attribute: [{ attributeId: XacmlAttributeIds.organizationNumber, value: NON_CLIENT, includeInResult: true }] }],
    })
  })

  it.each<[string, XacmlJsonRequest, RegExp]>([
    ['no AccessSubject', { Action: [{ Attribute: [] }], Resource: [{ Attribute: [] }] }, /AccessSubject/],
    ['no Action', { AccessSubject: [{ Attribute: [] }], Resource: [{ Attribute: [] }] }, /Action/],
    ['no Resource', { AccessSubject: [{ Attribute: [] }], Action: [{ Attribute: [] }] }, /Resource/],
    ['a reference to no category', { AccessSubject: [{ Id: 's' }], MultiRequests: { RequestReference: [{ ReferenceId: ['s', 'nope'] }] } }, /"nope"/],
    ['an empty MultiRequests', { MultiRequests: { RequestReference: [] } }, /empty/],
  ])('refuses a request with %s', (_, request, message) => {
    const mock = aMock()
    expect(() => evaluateXacmlRequest(mock, request)).toThrow(HttpProblemError)
    expect(() => evaluateXacmlRequest(mock, request)).toThrow(message)
  })
})
