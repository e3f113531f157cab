import { describe, expect, it } from 'vitest'
import { Problems } from '../../../sdk/contract/index.ts'
import * as requests from '../../../mock-server/core/requests.ts'
import * as users from '../../../mock-server/core/system-users.ts'
import { T0, aCaller, aMock, expectProblem, snapshotState } from '../../support/core.ts'
import { CUSTOMER, DRESS_MINST, FACILITATOR, FLITTIG_ANSATT, FREMMED_TURIST, REGNSKAPSFORER, SMARTCLOUD, STADIG_KONSERT, STANDARD_SYSTEM } from '../../../mock-server/seed/personas.ts'
import { anAgentRequest, aRight, aStandardRequest } from '../../support/builders.ts'

function aMockWithRequest() {
  const mock = aMock()
  const { request } = requests.createStandardRequest(mock, aCaller(), aStandardRequest())
  return { mock, request }
}

describe('approving a request', () => {
  it('creates a system user whose id is the request id, and marks the request Accepted', () => {
    const { mock, request } = aMockWithRequest()
    mock.clock.advance(60_000)
    const user = requests.approveRequest(mock, request.id, { pid: STADIG_KONSERT })
    expect(user).toMatchObject({
      id: request.id,
      type: 'standard',
      systemId: STANDARD_SYSTEM,
      reporteeOrgNo: CUSTOMER,
      externalRef: CUSTOMER,
      supplierOrgNo: SMARTCLOUD,
      integrationTitle: 'SmartCloud',
      rights: [aRight()],
      created: T0 + 60_000,
      isDeleted: false,
    })
    expect(mock.store.requests.get(request.id)).toMatchObject({ status: 'Accepted', decidedBy: STADIG_KONSERT, decidedAt: T0 + 60_000 })
  })

  it('creates an agent system user with the request\'s packages and no clients', () => {
    const mock = aMock()
    const { request } = requests.createAgentRequest(mock, aCaller(), anAgentRequest())
    const user = requests.approveRequest(mock, request.id, { pid: DRESS_MINST })
    expect(user).toMatchObject({ id: request.id, type: 'agent', reporteeOrgNo: FACILITATOR, accessPackages: [{ urn: REGNSKAPSFORER }] })
    expect(users.clientsOf(mock, user.id)).toEqual([])
  })

  it('answers 409 AUTH-00013 when the request is no longer New', () => {
    const { mock, request } = aMockWithRequest()
    requests.approveRequest(mock, request.id, { pid: STADIG_KONSERT })
    expectProblem(() => requests.approveRequest(mock, request.id, { pid: STADIG_KONSERT }), Problems.RequestStatusNotNew)
    expectProblem(() => requests.rejectRequest(mock, request.id, { pid: STADIG_KONSERT }), Problems.RequestStatusNotNew)
  })

  it('answers 409 AUTH-00013 when approving a rejected request', () => {
    const { mock, request } = aMockWithRequest()
    requests.rejectRequest(mock, request.id, { pid: STADIG_KONSERT })
    expectProblem(() => requests.approveRequest(mock, request.id, { pid: STADIG_KONSERT }), Problems.RequestStatusNotNew)
    expect(mock.store.systemUsers.size).toBe(0)
  })

  it.each([
    ['an employee without access-manager rights', FLITTIG_ANSATT],
    ['a person with no relation to the party', FREMMED_TURIST],
    ['the access manager of another organisation', DRESS_MINST],
    ['a person number nobody has', '01010100000'],
  ])('answers 403 AUTH-00066 to %s', (_, pid) => {
    const { mock, request } = aMockWithRequest()
    expectProblem(() => requests.approveRequest(mock, request.id, { pid }), Problems.RequestUserIsNotAccessManager)
    expectProblem(() => requests.rejectRequest(mock, request.id, { pid }), Problems.RequestUserIsNotAccessManager)
    expect(mock.store.requests.get(request.id)!.status).toBe('New')
  })

  it('answers 403 AUTH-00041 when the person acts for another organisation than the request\'s party', () => {
    const { mock, request } = aMockWithRequest()
    expectProblem(() => requests.approveRequest(mock, request.id, { pid: STADIG_KONSERT, actingForOrgNo: FACILITATOR }), Problems.PartyIdRequestMismatch)
  })

  it('answers 400 AUTH-00004 when a system user already exists for the triple', () => {
    const { mock, request } = aMockWithRequest()
    users.createSystemUserSelfService(mock, STADIG_KONSERT, CUSTOMER, STANDARD_SYSTEM)
    expectProblem(() => requests.approveRequest(mock, request.id, { pid: STADIG_KONSERT }), Problems.SystemUserAlreadyExists)
    expect(mock.store.requests.get(request.id)!.status).toBe('New')
  })

  it('answers 404 AUTH-00010 for an unknown, malformed or deleted request', () => {
    const { mock, request } = aMockWithRequest()
    expectProblem(() => requests.approveRequest(mock, '00000000-0000-4000-8000-000000000000', { pid: STADIG_KONSERT }), Problems.RequestNotFound)
    expectProblem(() => requests.approveRequest(mock, '../../etc/passwd', { pid: STADIG_KONSERT }), Problems.RequestNotFound)
    requests.deleteRequestForVendor(mock, aCaller(), request.id)
    expectProblem(() => requests.approveRequest(mock, request.id, { pid: STADIG_KONSERT }), Problems.RequestNotFound)
  })

  it('answers AUTH-00017 when the system has no nb name', () => {
    const { mock, request } = aMockWithRequest()
    mock.store.write((tx) => tx.put('systems', { ...mock.store.systems.get(STANDARD_SYSTEM)!, name: { en: 'SmartCloud' } }))
    expectProblem(() => requests.approveRequest(mock, request.id, { pid: STADIG_KONSERT }), Problems.SystemNameNotFound)
  })

  it('changes nothing when it refuses', () => {
    const { mock, request } = aMockWithRequest()
    const before = snapshotState(mock)
    expectProblem(() => requests.approveRequest(mock, request.id, { pid: FLITTIG_ANSATT }), Problems.RequestUserIsNotAccessManager)
    expect(snapshotState(mock)).toEqual(before)
  })
})

describe('rejecting and escalating a request', () => {
  it('marks the request Rejected and creates no system user', () => {
    const { mock, request } = aMockWithRequest()
    requests.rejectRequest(mock, request.id, { pid: STADIG_KONSERT })
    expect(mock.store.requests.get(request.id)!.status).toBe('Rejected')
    expect(mock.store.systemUsers.size).toBe(0)
  })

  it('lets an employee forward the request to the access managers: escalated, still New, and not shown as escalated to the vendor', () => {
    const { mock, request } = aMockWithRequest()
    requests.escalateRequest(mock, request.id, { pid: FLITTIG_ANSATT })
    const stored = mock.store.requests.get(request.id)!
    expect(stored).toMatchObject({ status: 'New', escalated: true })
    expect(requests.toRequestResponse(mock, stored).escalated).toBe(false)
  })

  it('shows the real escalated flag on the agent by-external-ref and list views', () => {
    const mock = aMock()
    const { request } = requests.createAgentRequest(mock, aCaller(), anAgentRequest())
    const escalated = { ...request, escalated: true }
    mock.store.write((tx) => tx.put('requests', escalated))
    expect(requests.toAgentRequestResponse(mock, escalated).escalated).toBe(false)
    expect(requests.toAgentRequestResponse(mock, escalated, false, true).escalated).toBe(true)
  })

  it('refuses an escalation from a stranger with AUTH-00066', () => {
    const { mock, request } = aMockWithRequest()
    expectProblem(() => requests.escalateRequest(mock, request.id, { pid: FREMMED_TURIST }), Problems.RequestUserIsNotAccessManager)
  })

  it('tells what each person may do with the request', () => {
    const { mock, request } = aMockWithRequest()
    expect(requests.decisionRightsOf(mock, request, STADIG_KONSERT)).toBe('decide')
    expect(requests.decisionRightsOf(mock, request, FLITTIG_ANSATT)).toBe('escalate')
    expect(requests.decisionRightsOf(mock, request, FREMMED_TURIST)).toBe('none')
  })
})

