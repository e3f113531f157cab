/**
 * Change requests in the core (reference §10; Altinn's ChangeRequestSystemUserController and service): each rule
 * of the create in Altinn's order, the vendor's reads, list and delete, and the decisions that change the system
 * user.
 */
import { describe, expect, it } from 'vitest'
import { Problems, type ChangeRequestSystemUser } from '../../../sdk/contract/index.ts'
import * as changes from '../../../mock-server/core/change-requests.ts'
import type { MockAltinn } from '../../../mock-server/core/mock-altinn.ts'
import * as register from '../../../mock-server/core/system-register.ts'
import * as requests from '../../../mock-server/core/requests.ts'
import * as users from '../../../mock-server/core/system-users.ts'
import { DAY_MS, T0, aCaller, aMock, expectPlain, expectProblem, expectUnauthorized, snapshotState } from '../../support/core.ts'
import { CUSTOMER, DRESS_MINST, FACILITATOR, FLITTIG_ANSATT, FREMMED_TURIST, KONKURRENT, KRAV, REGNSKAPSFORER, SKATTEGRUNNLAG, SMARTCLOUD, STADIG_KONSERT } from '../../../mock-server/seed/personas.ts'
import { anAgentRequest, aRegistration, aRight, aStandardRequest } from '../../support/builders.ts'

const SKATTEGRUNNLAG_PACKAGE = 'urn:altinn:accesspackage:skattegrunnlag'
const JORDBRUK_PACKAGE = 'urn:altinn:accesspackage:jordbruk'
/** A SmartCloud system of the tests' own: two rights and two assignable packages. */
const SYSTEM = `${SMARTCLOUD}_unit`

/** A mock where SmartCloud's own system has a standard system user for TILFELDIG SUBTIL APE with `rights`. */
function aMockWithSystemUser(options: { rights?: ReturnType<typeof aRight>[]; packages?: string[]; allowedRedirectUrls?: string[]; pageSize?: number } = {}) {
  const mock = aMock(options.pageSize ? { pageSize: options.pageSize } : {})
  register.createSystem(
    mock,
    aCaller(),
    aRegistration({
      rights: [aRight(KRAV), aRight(SKATTEGRUNNLAG)],
      accessPackages: [{ urn: SKATTEGRUNNLAG_PACKAGE }, { urn: JORDBRUK_PACKAGE }],
      allowedRedirectUrls: options.allowedRedirectUrls ?? ['https://unit.example/back'],
    }),
  )
  const { request } = requests.createStandardRequest(
    mock,
    aCaller(),
    aStandardRequest({ systemId: SYSTEM, rights: options.rights ?? [aRight(SKATTEGRUNNLAG)], accessPackages: (options.packages ?? []).map((urn) => ({ urn })) }),
  )
  const user = requests.approveRequest(mock, request.id, { pid: STADIG_KONSERT })
  return { mock, user }
}

let sequence = 0
/** A fresh correlation id (lower case, as the mock stores GUIDs). */
function aCorrelationId(): string {
  sequence++
  return `c0ffee00-0000-4000-8000-${String(sequence).padStart(12, '0')}`
}

function create(mock: MockAltinn, systemUserId: string, body: ChangeRequestSystemUser, correlationId = aCorrelationId(), caller = aCaller()) {
  return changes.createChangeRequest(mock, caller, { correlationId, systemUserId }, body)
}

/** A change request that must be stored: fails the test otherwise. */
function created(mock: MockAltinn, systemUserId: string, body: ChangeRequestSystemUser, correlationId?: string) {
  const result = create(mock, systemUserId, body, correlationId)
  if (result.outcome !== 'created') throw new Error(`expected a new change request, got ${result.outcome}`)
  return result.request
}

const addKrav: ChangeRequestSystemUser = { requiredRights: [aRight(KRAV)] }

describe('creating a change request', () => {
  it('stores a New change request under the correlation id, for the system user and its owner', () => {
    const { mock, user } = aMockWithSystemUser()
    const id = aCorrelationId()
    const result = create(mock, user.id, { requiredRights: [aRight(KRAV)], unwantedRights: [aRight(SKATTEGRUNNLAG)], redirectUrl: 'https://unit.example/back?state=7' }, id.toUpperCase())
    expect(result.outcome).toBe('created')
    expect(mock.store.changeRequests.get(id)).toMatchObject({
      id,
      systemId: SYSTEM,
      systemUserId: user.id,
      partyOrgNo: CUSTOMER,
      externalRef: CUSTOMER,
      requiredRights: [aRight(KRAV)],
      unwantedRights: [aRight(SKATTEGRUNNLAG)],
      requiredAccessPackages: [],
      unwantedAccessPackages: [],
      redirectUrl: 'https://unit.example/back?state=7',
      status: 'New',
      created: T0,
      isDeleted: false,
    })
  })

  it('answers a plain-text 400 when the correlation id is missing or all zeros', () => {
    const { mock, user } = aMockWithSystemUser()
    for (const correlationId of [undefined, '', '00000000-0000-0000-0000-000000000000']) {
      const error = expectPlain(() => changes.createChangeRequest(mock, aCaller(), { correlationId, systemUserId: user.id }, addKrav), 400)
      expect(error.text).toBe(changes.MISSING_CORRELATION_ID)
    }
  })

  it('answers ASP.NET\'s model error naming each query parameter that is not a GUID', () => {
    const { mock } = aMockWithSystemUser()
    const error = expectPlain(() => changes.createChangeRequest(mock, aCaller(), { correlationId: 'abc', systemUserId: 'not-a-guid' }, addKrav), 400)
    expect(error.modelErrors).toEqual({ 'correlation-id': ["The value 'abc' is not valid."], 'system-user-id': ["The value 'not-a-guid' is not valid."] })
  })

  it('answers a plain-text 400 when the correlation id is the system user\'s own id', () => {
    const { mock, user } = aMockWithSystemUser()
    const error = expectPlain(() => create(mock, user.id, addKrav, user.id), 400)
    expect(error.text).toBe(changes.CORRELATION_ID_IS_SYSTEM_USER_ID)
  })

  it('answers a bodiless 401 to a token without a consumer', () => {
    const { mock, user } = aMockWithSystemUser()
    const error = expectUnauthorized(() => create(mock, user.id, addKrav, aCorrelationId(), aCaller({ orgNo: undefined })))
    expect(error.reason).toMatch(/no consumer/)
  })

  it('answers a bodiless 401 when the caller is not the vendor of the system user\'s system', () => {
    const { mock, user } = aMockWithSystemUser()
    expectUnauthorized(() => create(mock, user.id, addKrav, aCorrelationId(), aCaller({ orgNo: KONKURRENT })))
    expect(mock.store.changeRequests.size).toBe(0)
  })

  it('answers 404 AUTH-00015 for a system user that is unknown, left out or deleted', () => {
    const { mock, user } = aMockWithSystemUser()
    expectProblem(() => create(mock, '5e1f0000-0000-4000-8000-000000000000', addKrav), Problems.SystemUserNotFound)
    expectProblem(() => changes.createChangeRequest(mock, aCaller(), { correlationId: aCorrelationId() }, addKrav), Problems.SystemUserNotFound)
    users.deleteSystemUser(mock, user.id, STADIG_KONSERT)
    expectProblem(() => create(mock, user.id, addKrav), Problems.SystemUserNotFound)
  })

  it('answers 404 AUTH-00015 for an agent system user, as Altinn supports change requests for standard ones only', () => {
    const mock = aMock()
    const { request } = requests.createAgentRequest(mock, aCaller(), anAgentRequest())
    const agent = requests.approveRequest(mock, request.id, { pid: DRESS_MINST })
    expectProblem(() => create(mock, agent.id, { unwantedAccessPackages: [{ urn: REGNSKAPSFORER }] }), Problems.SystemUserNotFound)
  })

  it('answers NoChangeNeeded at once when all four lists are empty or left out, and stores nothing', () => {
    const { mock, user } = aMockWithSystemUser()
    const id = aCorrelationId()
    for (const body of [{}, { requiredRights: [], unwantedRights: [], requiredAccessPackages: [], unwantedAccessPackages: [] }, { requiredRights: null }]) {
      const result = create(mock, user.id, body, id)
      expect(result).toEqual({
        outcome: 'noChangeNeeded',
        response: {
          id,
          externalRef: CUSTOMER,
          systemId: SYSTEM,
          systemUserId: user.id,
          partyOrgNo: CUSTOMER,
          requiredRights: [],
          unwantedRights: [],
          requiredAccessPackages: [],
          unwantedAccessPackages: [],
          status: 'NoChangeNeeded',
          confirmUrl: '',
          created: '0001-01-01T00:00:00',
          timedOut: false,
        },
      })
    }
    expect(mock.store.changeRequests.size).toBe(0)
  })

  it('returns the existing change request for the same correlation id, whatever its status, without checking the body again', () => {
    const { mock, user } = aMockWithSystemUser()
    const first = created(mock, user.id, addKrav)
    const again = create(mock, user.id, { requiredRights: [aRight('no-such-resource')] }, first.id)
    expect(again).toEqual({ outcome: 'existing', request: first })
    changes.approveChangeRequest(mock, first.id, { pid: STADIG_KONSERT })
    const accepted = mock.store.changeRequests.get(first.id)!
    expect(accepted.status).toBe('Accepted')
    expect(create(mock, user.id, addKrav, first.id)).toEqual({ outcome: 'existing', request: accepted })
    expect(mock.store.changeRequests.size).toBe(1)
  })

  it('answers AUTH-00007 while New and 409 AUTH-00061 afterwards when another vendor\'s change request holds the correlation id', () => {
    const { mock, user } = aMockWithSystemUser()
    const smartcloud = created(mock, user.id, addKrav)
    // KONKURRENT SYSTEMER AS has a system and a system user of its own for the same customer.
    const konkurrent = aCaller({ orgNo: KONKURRENT })
    register.createSystem(mock, konkurrent, aRegistration({ id: `${KONKURRENT}_unit`, vendor: { ID: `0192:${KONKURRENT}` }, clientId: ['konkurrent-unit'], rights: [aRight(KRAV), aRight(SKATTEGRUNNLAG)] }))
    const { request } = requests.createStandardRequest(mock, konkurrent, aStandardRequest({ systemId: `${KONKURRENT}_unit` }))
    const theirs = requests.approveRequest(mock, request.id, { pid: STADIG_KONSERT })

    expectProblem(() => create(mock, theirs.id, { requiredRights: [aRight(SKATTEGRUNNLAG)] }, smartcloud.id, konkurrent), Problems.ExternalRequestIdPending)
    changes.rejectChangeRequest(mock, smartcloud.id, { pid: STADIG_KONSERT })
    expectProblem(() => create(mock, theirs.id, { requiredRights: [aRight(SKATTEGRUNNLAG)] }, smartcloud.id, konkurrent), Problems.ChangeRequestStatusNotNewUseCorrelationId)
    expect(mock.store.changeRequests.get(smartcloud.id)).toMatchObject({ systemId: SYSTEM, status: 'Rejected' })
  })

  it('answers 409 AUTH-00061 when the correlation id belonged to a change request that was deleted', () => {
    const { mock, user } = aMockWithSystemUser()
    const first = created(mock, user.id, addKrav)
    changes.deleteChangeRequestForVendor(mock, aCaller(), first.id)
    expectProblem(() => create(mock, user.id, addKrav, first.id), Problems.ChangeRequestStatusNotNewUseCorrelationId)
  })

  it('takes a change request for a soft-deleted system, lists it, and lets the owner approve it, as Altinn checks no IsDeleted', () => {
    const { mock, user } = aMockWithSystemUser()
    register.deleteSystem(mock, aCaller(), SYSTEM)
    const request = created(mock, user.id, { unwantedRights: [aRight(SKATTEGRUNNLAG)] })
    expect(changes.listChangeRequestsForVendor(mock, aCaller(), SYSTEM, undefined).items.map((r) => r.id)).toEqual([request.id])
    expect(changes.approveChangeRequest(mock, request.id, { pid: STADIG_KONSERT }).rights).toEqual([])
  })

  it('trims the redirectUrl, as Altinn\'s TrimStringsActionFilter does on this route', () => {
    const { mock, user } = aMockWithSystemUser()
    expect(created(mock, user.id, { ...addKrav, redirectUrl: ' https://unit.example/back\t' }).redirectUrl).toBe('https://unit.example/back')
  })

  it('answers 400 AUTH-00001 for a required right the system does not have, but takes any unwanted right', () => {
    const { mock, user } = aMockWithSystemUser()
    expectProblem(() => create(mock, user.id, { requiredRights: [aRight('app_ttd_endring-av-navn-v2')] }), Problems.RightsNotFoundOrNotDelegable)
    expect(create(mock, user.id, { unwantedRights: [aRight('app_ttd_endring-av-navn-v2')] }).outcome).toBe('created')
    // Altinn matches the resource pairs and ignores `action`.
    expect(create(mock, user.id, { requiredRights: [aRight(KRAV, 'write')] }).outcome).toBe('created')
  })

  it('answers 400 AUTH-00063 for a required package not on the system and AUTH-00064 for one a standard system user cannot have', () => {
    const { mock, user } = aMockWithSystemUser()
    const missing = expectProblem(() => create(mock, user.id, { requiredAccessPackages: [{ urn: REGNSKAPSFORER }] }), Problems.AccessPackageNotFound)
    expect(missing.extensions).toEqual({ NotFoundPackages: REGNSKAPSFORER })
    mock.store.systems.get(SYSTEM)!.accessPackages.push({ urn: REGNSKAPSFORER })
    const notAssignable = expectProblem(() => create(mock, user.id, { requiredAccessPackages: [{ urn: REGNSKAPSFORER }] }), Problems.AccessPackageNotDelegableStandard)
    expect(notAssignable.extensions).toEqual({ NotDelegablePackages: REGNSKAPSFORER })
    expect(create(mock, user.id, { unwantedAccessPackages: [{ urn: REGNSKAPSFORER }] }).outcome).toBe('created')
  })

  it('checks the redirect URL as for requests: AUTH-00026 without allowed URLs, AUTH-00021 off the list, any query', () => {
    const strict = aMockWithSystemUser()
    expectProblem(() => create(strict.mock, strict.user.id, { ...addKrav, redirectUrl: 'https://unit.example/other' }), Problems.RedirectUriNotFound)
    expectProblem(() => create(strict.mock, strict.user.id, { ...addKrav, redirectUrl: 'http://unit.example/back' }), Problems.RedirectUriNotFound)
    expect(create(strict.mock, strict.user.id, { ...addKrav, redirectUrl: 'https://unit.example/back?anything=goes' }).outcome).toBe('created')
    const none = aMockWithSystemUser({ allowedRedirectUrls: [] })
    expectProblem(() => create(none.mock, none.user.id, { ...addKrav, redirectUrl: 'https://unit.example/back' }), Problems.NoRedirectUrisFoundOnSystem)
  })

  it('changes nothing when it refuses', () => {
    const { mock, user } = aMockWithSystemUser()
    created(mock, user.id, addKrav)
    const before = structuredClone({ state: snapshotState(mock), changes: [...mock.store.changeRequests.entries()] })
    expectProblem(() => create(mock, user.id, { requiredRights: [aRight('app_ttd_endring-av-navn-v2')] }), Problems.RightsNotFoundOrNotDelegable)
    expectUnauthorized(() => create(mock, user.id, addKrav, aCorrelationId(), aCaller({ orgNo: KONKURRENT })))
    expect({ state: snapshotState(mock), changes: [...mock.store.changeRequests.entries()] }).toEqual(before)
  })
})

describe('the vendor\'s reads and delete', () => {
  it('reads a change request by id with a fresh confirmUrl, and refuses others\' and unknown ids', () => {
    const { mock, user } = aMockWithSystemUser()
    const r = created(mock, user.id, addKrav)
    expect(changes.getChangeRequestForVendor(mock, aCaller(), r.id.toUpperCase())).toBe(r)
    expect(changes.toChangeRequestResponse(mock, r, 'single').confirmUrl).toBe(`http://mock.test/accessmanagement/ui/systemuser/changerequest?id=${r.id}&DONTCHOOSEREPORTEE=true`)
    expectProblem(() => changes.getChangeRequestForVendor(mock, aCaller({ orgNo: KONKURRENT }), r.id), Problems.SystemIdNotFound)
    expectProblem(() => changes.getChangeRequestForVendor(mock, aCaller(), aCorrelationId()), Problems.RequestNotFound)
    expectPlain(() => changes.getChangeRequestForVendor(mock, aCaller(), 'nope'), 400)
    expectUnauthorized(() => changes.getChangeRequestForVendor(mock, aCaller({ orgNo: undefined }), r.id))
  })

  it('finds a change request by the system user\'s triple, with Altinn\'s mapping that leaves the package lists out', () => {
    const { mock, user } = aMockWithSystemUser()
    const r = created(mock, user.id, { requiredRights: [aRight(KRAV)], requiredAccessPackages: [{ urn: JORDBRUK_PACKAGE }] })
    const found = changes.getChangeRequestByExternalRef(mock, aCaller(), SYSTEM, CUSTOMER, CUSTOMER)
    expect(found).toBe(r)
    expect(changes.toChangeRequestResponse(mock, found, 'byExternalRef')).toMatchObject({ requiredRights: [aRight(KRAV)], requiredAccessPackages: [], unwantedAccessPackages: [] })
    expect(changes.toChangeRequestResponse(mock, found, 'single').requiredAccessPackages).toEqual([{ urn: JORDBRUK_PACKAGE }])
    expectProblem(() => changes.getChangeRequestByExternalRef(mock, aCaller(), SYSTEM, CUSTOMER, 'other-ref'), Problems.RequestNotFound)
    expectProblem(() => changes.getChangeRequestByExternalRef(mock, aCaller({ orgNo: KONKURRENT }), SYSTEM, CUSTOMER, CUSTOMER), Problems.SystemIdNotFound)
  })

  it('lists the system\'s change requests by id, page by page without skipping any, and leaves out deleted ones', () => {
    const { mock, user } = aMockWithSystemUser({ pageSize: 2 })
    const ids = [1, 2, 3, 4, 5].map(() => created(mock, user.id, addKrav).id)
    changes.deleteChangeRequestForVendor(mock, aCaller(), ids[2]!)
    const seen: string[] = []
    let token: string | undefined
    for (let page = 0; page < 5; page++) {
      const result = changes.listChangeRequestsForVendor(mock, aCaller(), SYSTEM, token)
      seen.push(...result.items.map((r) => r.id))
      if (result.nextKey === undefined) break
      token = Buffer.from(JSON.stringify(result.nextKey)).toString('base64url')
    }
    expect(seen).toEqual([ids[0], ids[1], ids[3], ids[4]].sort())
    expectProblem(() => changes.listChangeRequestsForVendor(mock, aCaller({ orgNo: KONKURRENT }), SYSTEM, undefined), Problems.SystemIdNotFound)
    expectPlain(() => changes.listChangeRequestsForVendor(mock, aCaller(), SYSTEM, 'not-a-token'), 400)
  })

  it('flags a change request timedOut after 180 days in the list, while the single reads map timedOut as false (as Altinn does)', () => {
    const { mock, user } = aMockWithSystemUser()
    const r = created(mock, user.id, addKrav)
    mock.clock.advance(180 * DAY_MS)
    expect(changes.toChangeRequestResponse(mock, r, 'list').timedOut).toBe(false)
    mock.clock.advance(1)
    expect(changes.toChangeRequestResponse(mock, r, 'list')).toMatchObject({ status: 'New', timedOut: true })
    expect(changes.toChangeRequestResponse(mock, r, 'list').confirmUrl).toBeUndefined()
    expect(changes.toChangeRequestResponse(mock, r, 'single').timedOut).toBe(false)
  })

  it('deletes softly: the id then reads as 404 AUTH-00010, and another vendor may not delete it', () => {
    const { mock, user } = aMockWithSystemUser()
    const r = created(mock, user.id, addKrav)
    expectProblem(() => changes.deleteChangeRequestForVendor(mock, aCaller({ orgNo: KONKURRENT }), r.id), Problems.SystemIdNotFound)
    changes.deleteChangeRequestForVendor(mock, aCaller(), r.id)
    expect(mock.store.changeRequests.get(r.id)!.isDeleted).toBe(true)
    expectProblem(() => changes.getChangeRequestForVendor(mock, aCaller(), r.id), Problems.RequestNotFound)
    expectProblem(() => changes.deleteChangeRequestForVendor(mock, aCaller(), r.id), Problems.RequestNotFound)
    expectProblem(() => changes.approveChangeRequest(mock, r.id, { pid: STADIG_KONSERT }), Problems.RequestNotFound)
  })
})

describe('deciding on a change request', () => {
  it('gives the system user (current + required) − unwanted rights and packages, and marks the change request Accepted', () => {
    const { mock, user } = aMockWithSystemUser({ rights: [aRight(SKATTEGRUNNLAG)], packages: [SKATTEGRUNNLAG_PACKAGE] })
    const r = created(mock, user.id, {
      requiredRights: [aRight(KRAV), aRight(SKATTEGRUNNLAG)],
      unwantedRights: [aRight(SKATTEGRUNNLAG)],
      requiredAccessPackages: [{ urn: JORDBRUK_PACKAGE }, { urn: SKATTEGRUNNLAG_PACKAGE }],
    })
    mock.clock.advance(60_000)
    const changed = changes.approveChangeRequest(mock, r.id, { pid: STADIG_KONSERT })
    expect(changed).toBe(mock.store.systemUsers.get(user.id))
    expect(changed.rights).toEqual([aRight(KRAV)])
    expect(changed.accessPackages).toEqual([{ urn: SKATTEGRUNNLAG_PACKAGE }, { urn: JORDBRUK_PACKAGE }])
    expect(mock.store.changeRequests.get(r.id)).toMatchObject({ status: 'Accepted', decidedBy: STADIG_KONSERT, decidedAt: T0 + 60_000 })
  })

  it('takes away unwanted packages and leaves what the change request does not name', () => {
    const { mock, user } = aMockWithSystemUser({ rights: [aRight(KRAV), aRight(SKATTEGRUNNLAG)], packages: [SKATTEGRUNNLAG_PACKAGE, JORDBRUK_PACKAGE] })
    const r = created(mock, user.id, { unwantedAccessPackages: [{ urn: JORDBRUK_PACKAGE }] })
    changes.approveChangeRequest(mock, r.id, { pid: STADIG_KONSERT })
    const changed = mock.store.systemUsers.get(user.id)!
    expect(changed.rights).toEqual([aRight(KRAV), aRight(SKATTEGRUNNLAG)])
    expect(changed.accessPackages).toEqual([{ urn: SKATTEGRUNNLAG_PACKAGE }])
  })

  it('rejects: Rejected, and the system user keeps what it had', () => {
    const { mock, user } = aMockWithSystemUser()
    const r = created(mock, user.id, addKrav)
    expect(changes.rejectChangeRequest(mock, r.id, { pid: STADIG_KONSERT })).toMatchObject({ status: 'Rejected', decidedBy: STADIG_KONSERT })
    expect(mock.store.systemUsers.get(user.id)!.rights).toEqual([aRight(SKATTEGRUNNLAG)])
  })

  it('answers 409 AUTH-00013 once the change request is no longer New', () => {
    const { mock, user } = aMockWithSystemUser()
    const approved = created(mock, user.id, addKrav)
    changes.approveChangeRequest(mock, approved.id, { pid: STADIG_KONSERT })
    expectProblem(() => changes.approveChangeRequest(mock, approved.id, { pid: STADIG_KONSERT }), Problems.RequestStatusNotNew)
    expectProblem(() => changes.rejectChangeRequest(mock, approved.id, { pid: STADIG_KONSERT }), Problems.RequestStatusNotNew)
    const rejected = created(mock, user.id, { unwantedRights: [aRight(KRAV)] })
    changes.rejectChangeRequest(mock, rejected.id, { pid: STADIG_KONSERT })
    expectProblem(() => changes.approveChangeRequest(mock, rejected.id, { pid: STADIG_KONSERT }), Problems.RequestStatusNotNew)
    expect(mock.store.systemUsers.get(user.id)!.rights).toEqual([aRight(SKATTEGRUNNLAG), aRight(KRAV)])
  })

  it.each([
    ['an employee without access-manager rights', FLITTIG_ANSATT],
    ['a person with no relation to the owner', FREMMED_TURIST],
    ['the access manager of another organisation', DRESS_MINST],
  ])('answers 403 AUTH-00066 to %s and changes nothing', (_, pid) => {
    const { mock, user } = aMockWithSystemUser()
    const r = created(mock, user.id, addKrav)
    expectProblem(() => changes.approveChangeRequest(mock, r.id, { pid }), Problems.RequestUserIsNotAccessManager)
    expectProblem(() => changes.rejectChangeRequest(mock, r.id, { pid }), Problems.RequestUserIsNotAccessManager)
    expect(mock.store.changeRequests.get(r.id)!.status).toBe('New')
    expect(mock.store.systemUsers.get(user.id)!.rights).toEqual([aRight(SKATTEGRUNNLAG)])
  })

  it('answers 403 AUTH-00041 when the person acts for another organisation than the system user\'s owner', () => {
    const { mock, user } = aMockWithSystemUser()
    const r = created(mock, user.id, addKrav)
    expectProblem(() => changes.approveChangeRequest(mock, r.id, { pid: STADIG_KONSERT, actingForOrgNo: FACILITATOR }), Problems.PartyIdRequestMismatch)
  })

  it('answers 404 AUTH-00015 when the system user was deleted before the decision', () => {
    const { mock, user } = aMockWithSystemUser()
    const r = created(mock, user.id, addKrav)
    users.deleteSystemUser(mock, user.id, STADIG_KONSERT)
    expectProblem(() => changes.approveChangeRequest(mock, r.id, { pid: STADIG_KONSERT }), Problems.SystemUserNotFound)
    expect(mock.store.changeRequests.get(r.id)!.status).toBe('New')
  })

  it('answers 400 AUTH-00053 when the approver may not delegate a package that would be added', () => {
    const { mock, user } = aMockWithSystemUser()
    const r = created(mock, user.id, { requiredAccessPackages: [{ urn: JORDBRUK_PACKAGE }] })
    // An access manager of the customer who holds no other package.
    mock.addSeed({ persons: [{ pid: '24868099937', name: 'SMAL TILGANG', relations: [{ orgNo: CUSTOMER, roles: [], accessPackages: ['tilgangsstyrer'] }] }] } as never)
    expectProblem(() => changes.approveChangeRequest(mock, r.id, { pid: '24868099937' }), Problems.AccessPackageDelegationMissingRequiredAccess)
    expect(mock.store.systemUsers.get(user.id)!.accessPackages).toEqual([])
    expect(mock.store.changeRequests.get(r.id)!.status).toBe('New')
  })

  it('finds change requests by id in any GUID form ASP.NET binds, and only those not deleted', () => {
    const { mock, user } = aMockWithSystemUser()
    const r = created(mock, user.id, addKrav)
    expect(changes.findChangeRequest(mock, `{${r.id.toUpperCase()}}`)).toBe(r)
    expect(changes.findChangeRequest(mock, 'not-a-guid')).toBeUndefined()
    expectProblem(() => changes.getChangeRequestForPortal(mock, aCorrelationId()), Problems.RequestNotFound)
  })
})
