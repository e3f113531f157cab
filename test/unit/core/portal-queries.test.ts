import { describe, expect, it } from 'vitest'
import { createMockAltinn } from '../../../mock-server/core/mock-altinn.ts'
import {
  assertRequestOpen,
  getRequestOfKind,
  getSystemUserOfOrganisation,
  listEligibleClients,
  listPendingRequestsOf,
  listSystemUsersOfOrganisation,
  mayViewSystemUsers,
  standingOf,
} from '../../../mock-server/core/portal-queries.ts'
import { approveRequest, createAgentRequest, createStandardRequest, escalateRequest, rejectRequest } from '../../../mock-server/core/requests.ts'
import { addClient } from '../../../mock-server/core/system-users.ts'
import type { Caller } from '../../../mock-server/core/tokens.ts'
import { loadDefaultSeed } from '../../../mock-server/seed/index.ts'
import { AGENT_SYSTEM, CUSTOMER, DRESS_MINST, FACILITATOR, FLITTIG_ANSATT, KRAV, LYSEGRONN_FLEKKETE_ELG, MODIG_KLOK_OTER, NON_CLIENT, REGNSKAPSFORER, SMARTCLOUD, SPRUDLENDE_HOFLIG_MAKE, STADIG_KONSERT, STANDARD_SYSTEM } from '../../../mock-server/seed/personas.ts'

const seed = loadDefaultSeed()
const smartcloud = { orgNo: SMARTCLOUD, scopes: new Set<string>() } as unknown as Caller
function aMock() {
  return createMockAltinn({ seed, origin: 'http://127.0.0.1:5101' })
}
function aStandard(mock: ReturnType<typeof aMock>, externalRef?: string) {
  return createStandardRequest(mock, smartcloud, {
    systemId: STANDARD_SYSTEM,
    partyOrgNo: CUSTOMER,
    rights: [{ resource: [{ id: 'urn:altinn:resource', value: KRAV }] }],
    ...(externalRef ? { externalRef } : {}),
  }).request
}
function anAgent(mock: ReturnType<typeof aMock>) {
  return createAgentRequest(mock, smartcloud, { systemId: AGENT_SYSTEM, partyOrgNo: FACILITATOR, accessPackages: [{ urn: REGNSKAPSFORER }] }).request
}

describe('what the portal asks the core', () => {
  it('lists an organisation\'s active system users by type, leaving out other organisations\'', () => {
    const mock = aMock()
    const standard = approveRequest(mock, aStandard(mock).id, { pid: STADIG_KONSERT })
    const agent = approveRequest(mock, anAgent(mock).id, { pid: DRESS_MINST })
    expect(listSystemUsersOfOrganisation(mock, CUSTOMER)).toEqual({ standard: [standard], agent: [] })
    expect(listSystemUsersOfOrganisation(mock, FACILITATOR)).toEqual({ standard: [], agent: [agent] })
  })

  it('offers the facilitator\'s clients whose relationship carries every package, marking those already added', () => {
    const mock = aMock()
    const agent = approveRequest(mock, anAgent(mock).id, { pid: DRESS_MINST })
    addClient(mock, agent.id, SPRUDLENDE_HOFLIG_MAKE, DRESS_MINST)
    mock.addSeed({ clientRelations: [{ facilitatorOrgNo: FACILITATOR, clientOrgNo: NON_CLIENT, roles: ['REVI'], accessPackages: [] }] } as never)
    expect(listEligibleClients(mock, agent).map((c) => [c.organisation.orgNo, c.added])).toEqual([
      [LYSEGRONN_FLEKKETE_ELG, false],
      [SPRUDLENDE_HOFLIG_MAKE, true],
      [MODIG_KLOK_OTER, false],
    ])
  })

  it('offers a client whose relationship is a manual delegation of the package', () => {
    const mock = aMock()
    const agent = approveRequest(mock, anAgent(mock).id, { pid: DRESS_MINST })
    mock.addSeed({ clientRelations: [{ facilitatorOrgNo: FACILITATOR, clientOrgNo: NON_CLIENT, roles: [], accessPackages: ['regnskapsforer-med-signeringsrettighet'] }] } as never)
    expect(listEligibleClients(mock, agent).map((c) => c.organisation.orgNo)).toContain(NON_CLIENT)
  })

  it('tells how a request stands: open, accepted, rejected; still open after 180 days (only the status Timedout is expired)', () => {
    const mock = aMock()
    const open = aStandard(mock)
    expect(standingOf(mock, open)).toBe('open')
    const accepted = aStandard(mock, 'a')
    approveRequest(mock, accepted.id, { pid: STADIG_KONSERT })
    expect(standingOf(mock, mock.store.requests.get(accepted.id)!)).toBe('accepted')
    const rejected = aStandard(mock, 'b')
    rejectRequest(mock, rejected.id, { pid: STADIG_KONSERT })
    expect(standingOf(mock, mock.store.requests.get(rejected.id)!)).toBe('rejected')
    mock.clock.advance(181 * 24 * 3600 * 1000)
    expect(standingOf(mock, open)).toBe('open')
    expect(() => assertRequestOpen(mock, open)).not.toThrow()
    expect(() => assertRequestOpen(mock, mock.store.requests.get(accepted.id)!)).toThrow(/AUTH-00013/)
    const timedOut = { ...open, status: 'Timedout' as const } // the status Altinn set before PR #1667
    mock.store.write((tx) => tx.put('requests', timedOut))
    expect(standingOf(mock, timedOut)).toBe('expired')
  })

  it('lists pending requests: every open standard one, agent ones only once escalated', () => {
    const mock = aMock()
    const standard = aStandard(mock)
    const agent = anAgent(mock)
    expect(listPendingRequestsOf(mock, CUSTOMER).map((r) => r.id)).toEqual([standard.id])
    expect(listPendingRequestsOf(mock, FACILITATOR)).toEqual([])
    escalateRequest(mock, agent.id, { pid: DRESS_MINST })
    expect(listPendingRequestsOf(mock, FACILITATOR).map((r) => r.id)).toEqual([agent.id])
  })

  it('keeps the request kinds of the two pages apart', () => {
    const mock = aMock()
    const standard = aStandard(mock)
    const agent = anAgent(mock)
    expect(getRequestOfKind(mock, standard.id, 'standard')).toBe(standard)
    expect(getRequestOfKind(mock, agent.id, 'agent')).toBe(agent)
    expect(() => getRequestOfKind(mock, agent.id, 'standard')).toThrow(/AUTH-00010/)
    expect(() => getRequestOfKind(mock, standard.id, 'agent')).toThrow(/AUTH-00025/)
  })

  it('shows system users to access managers and client administrators only, and only the organisation\'s own', () => {
    const mock = aMock()
    expect(mayViewSystemUsers(mock, STADIG_KONSERT, CUSTOMER)).toBe(true)
    expect(mayViewSystemUsers(mock, DRESS_MINST, FACILITATOR)).toBe(true)
    expect(mayViewSystemUsers(mock, FLITTIG_ANSATT, CUSTOMER)).toBe(false)
    const user = approveRequest(mock, aStandard(mock).id, { pid: STADIG_KONSERT })
    expect(getSystemUserOfOrganisation(mock, user.id.toUpperCase(), CUSTOMER)).toBe(user)
    expect(() => getSystemUserOfOrganisation(mock, user.id, FACILITATOR)).toThrow(/AUTH-00015/)
  })
})
