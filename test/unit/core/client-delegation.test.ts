/**
 * The core of the client-delegation API: who may administer a firm's clients (the decision point on
 * `altinn_client_administration`), and the one rule that adds a client, with the codes it answers (AUTH-00034,
 * AUTH-00063, AUTH-00079, AUTH-00080) whoever calls it.
 */
import { describe, expect, it } from 'vitest'
import { Problems } from '../../../sdk/contract/index.ts'
import { clientAdministratorOf, mayAdministerClients, organisationByPartyUuid } from '../../../mock-server/core/client-delegation.ts'
import { approveRequest, createAgentRequest, createStandardRequest } from '../../../mock-server/core/requests.ts'
import { clientsOf, delegateClient, revokeClient } from '../../../mock-server/core/system-users.ts'
import type { Caller } from '../../../mock-server/core/tokens.ts'
import { aCaller, aMock, expectProblem } from '../../support/core.ts'
import { CLIENT_ADMIN_SYSTEM, CLIENTS, CUSTOMER, DRESS_MINST, FACILITATOR, FREMMED_TURIST, KLIENTADMINISTRATOR, NON_CLIENT, STADIG_KONSERT } from '../../../mock-server/seed/personas.ts'
import { anAgentRequest, aStandardRequest } from '../../support/builders.ts'

function anAgent(mock = aMock()) {
  const { request } = createAgentRequest(mock, aCaller(), anAgentRequest())
  return { mock, user: approveRequest(mock, request.id, { pid: DRESS_MINST }) }
}

function aClientAdmin(mock: ReturnType<typeof aMock>) {
  const { request } = createStandardRequest(mock, aCaller(), {
    systemId: CLIENT_ADMIN_SYSTEM,
    partyOrgNo: FACILITATOR,
    accessPackages: [{ urn: KLIENTADMINISTRATOR }],
  })
  return approveRequest(mock, request.id, { pid: DRESS_MINST })
}

describe('the rule that adds a client to an agent system user', () => {
  it('adds a client whose relationship carries every package, once, naming who added it', () => {
    const { mock, user } = anAgent()
    delegateClient(mock, user, CLIENTS[0], { by: DRESS_MINST })
    delegateClient(mock, user, CLIENTS[0], { by: 'someone-else' })
    expect(clientsOf(mock, user.id)).toEqual([CLIENTS[0]])
    expect(mock.store.clientDelegations.get(user.id)!.get(CLIENTS[0])!.addedBy).toBe(DRESS_MINST)
  })

  it('answers AUTH-00034 for a standard system user and AUTH-00063 for an agent without packages, changing nothing', () => {
    const mock = aMock()
    const standard = approveRequest(mock, createStandardRequest(mock, aCaller(), aStandardRequest()).request.id, { pid: STADIG_KONSERT })
    const e34 = expectProblem(() => delegateClient(mock, standard, CLIENTS[0], { by: DRESS_MINST }), Problems.AgentSystemUserExpectedAgentUserType)
    expect(e34.descriptor.title).toBe('The system user type of the provided system user GUID is not an agent.')
    const { user } = anAgent(mock)
    const packageless = { ...user, accessPackages: [] }
    mock.store.write((tx) => tx.put('systemUsers', packageless))
    const e63 = expectProblem(() => delegateClient(mock, packageless, CLIENTS[0], { by: DRESS_MINST }), Problems.AccessPackageNotFound)
    expect(e63.descriptor.title).toBe('One or more accesspackage is not found in the referenced system in the System Register.')
    expect(mock.store.clientDelegations.size).toBe(0)
  })

  it('answers AUTH-00079 for no client of the firm and AUTH-00080 for a relationship without the package', () => {
    const { mock, user } = anAgent()
    mock.addSeed({ clientRelations: [{ facilitatorOrgNo: FACILITATOR, clientOrgNo: NON_CLIENT, roles: ['REVI'], accessPackages: [] }] })
    const e79 = expectProblem(() => delegateClient(mock, user, CUSTOMER, { by: DRESS_MINST }), Problems.AgentSystemUserClientNotFound)
    expect([e79.descriptor.status, e79.descriptor.title]).toEqual([400, 'Client not found.'])
    const e80 = expectProblem(() => delegateClient(mock, user, NON_CLIENT, { by: DRESS_MINST }), Problems.AgentSystemUserClientMissingAccessPackages)
    expect([e80.descriptor.status, e80.descriptor.title]).toEqual([400, 'Client does not have the accesspackages the agent system user requires'])
    expect(clientsOf(mock, user.id)).toEqual([])
  })

  it('takes a client away, and tells when there was none to take', () => {
    const { mock, user } = anAgent()
    delegateClient(mock, user, CLIENTS[1], { by: DRESS_MINST })
    expect(revokeClient(mock, user, CLIENTS[0])).toBe(false)
    expect(revokeClient(mock, user, CLIENTS[1])).toBe(true)
    expect(clientsOf(mock, user.id)).toEqual([])
  })
})

describe('who may administer the firm\'s clients', () => {
  const person = (pid: string): Caller => ({ scopes: new Set(), claims: { pid, 'urn:altinn:userid': '1234567' }, issuer: 'altinn' })

  it('reads a person from an exchanged ID-porten token and a system user from a system-user token, and nothing from a vendor token', () => {
    expect(clientAdministratorOf(person(DRESS_MINST))).toEqual({ kind: 'person', pid: DRESS_MINST })
    // A `pid` alone, in a token Maskinporten issued, is no person: Altinn's exchange writes the user id beside it.
    expect(clientAdministratorOf({ ...aCaller(), claims: { pid: DRESS_MINST } })).toBeUndefined()
    const systemUser = { ...aCaller(), claims: { authorization_details: [{ type: 'urn:altinn:systemuser', systemuser_id: ['abc'], systemuser_org: { ID: `0192:${FACILITATOR}` } }] } }
    expect(clientAdministratorOf(systemUser)).toEqual({ kind: 'systemUser', systemUserId: 'abc' })
    expect(clientAdministratorOf(aCaller())).toBeUndefined()
  })

  it('lets a client administrator, and a main administrator, administer their own organisation\'s clients only', () => {
    const mock = aMock()
    expect(mayAdministerClients(mock, { kind: 'person', pid: DRESS_MINST }, FACILITATOR, 'write')).toBe(true)
    expect(mayAdministerClients(mock, { kind: 'person', pid: DRESS_MINST }, CUSTOMER, 'read')).toBe(false)
    expect(mayAdministerClients(mock, { kind: 'person', pid: STADIG_KONSERT }, CUSTOMER, 'write')).toBe(true) // DAGL: main administrator
    expect(mayAdministerClients(mock, { kind: 'person', pid: FREMMED_TURIST }, FACILITATOR, 'read')).toBe(false)
    expect(mayAdministerClients(mock, undefined, FACILITATOR, 'read')).toBe(false)
  })

  it('lets a standard system user with klientadministrator administer its owner\'s clients, until it is deleted', () => {
    const mock = aMock()
    const admin = aClientAdmin(mock)
    const { user: agent } = anAgent(mock)
    const who = { kind: 'systemUser', systemUserId: admin.id } as const
    expect(mayAdministerClients(mock, who, FACILITATOR, 'read')).toBe(true)
    expect(mayAdministerClients(mock, who, FACILITATOR, 'write')).toBe(true)
    expect(mayAdministerClients(mock, who, CUSTOMER, 'read')).toBe(false)
    expect(mayAdministerClients(mock, { kind: 'systemUser', systemUserId: agent.id }, FACILITATOR, 'read')).toBe(false)
    mock.store.write((tx) => tx.put('systemUsers', { ...admin, isDeleted: true }))
    expect(mayAdministerClients(mock, who, FACILITATOR, 'read')).toBe(false)
  })

  it('finds an organisation by its party UUID, in any case', () => {
    const mock = aMock()
    const elg = mock.store.organisations.get(CLIENTS[0])!
    expect(organisationByPartyUuid(mock, elg.partyUuid.toUpperCase())?.orgNo).toBe(CLIENTS[0])
    expect(organisationByPartyUuid(mock, '7c9e6679-7425-40de-944b-e07fc1f90ae7')).toBeUndefined()
  })
})
