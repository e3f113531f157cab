import { describe, expect, it } from 'vitest'
import { Problems } from '../../../sdk/contract/index.ts'
import * as requests from '../../../mock-server/core/requests.ts'
import * as register from '../../../mock-server/core/system-register.ts'
import { DAY_MS, T0, aCaller, aMock, expectPlain, expectProblem, expectUnauthorized, snapshotState } from '../../support/core.ts'
import { AGENT_SYSTEM, CUSTOMER, DRESS_MINST, FACILITATOR, KONKURRENT, KRAV, RECEIPT_URL, REGNSKAPSFORER, SKATTEGRUNNLAG, SMARTCLOUD, STADIG_KONSERT, STANDARD_SYSTEM } from '../../../mock-server/seed/personas.ts'
import { anAgentRequest, aRegistration, aRight, aStandardRequest } from '../../support/builders.ts'

const JORDBRUK = 'urn:altinn:accesspackage:jordbruk'
const TILGANGSSTYRER = 'urn:altinn:accesspackage:tilgangsstyrer'

describe('creating a standard request (POST systemuser/request/vendor)', () => {
  it('creates a New request whose externalRef defaults to the party, titled with the system\'s nb name', () => {
    const mock = aMock()
    const { request, created } = requests.createStandardRequest(mock, aCaller(), aStandardRequest())
    expect(created).toBe(true)
    expect(requests.toRequestResponse(mock, request)).toEqual({
      id: request.id,
      integrationTitle: 'SmartCloud',
      externalRef: CUSTOMER,
      systemId: STANDARD_SYSTEM,
      partyOrgNo: CUSTOMER,
      rights: [aRight()],
      accessPackages: [],
      status: 'New',
      confirmUrl: `http://mock.test/accessmanagement/ui/systemuser/request?id=${request.id}&DONTCHOOSEREPORTEE=true`,
      escalated: false,
      created: new Date(T0).toISOString(),
      timedOut: false,
    })
  })

  it('stores the party\'s org number for an empty externalRef', () => {
    const { request } = requests.createStandardRequest(aMock(), aCaller(), aStandardRequest({ externalRef: '' }))
    expect(request.externalRef).toBe(CUSTOMER)
  })

  it('looks the existing request up by an empty externalRef as Altinn does, so "" finds none and makes another request', () => {
    const mock = aMock()
    const first = requests.createStandardRequest(mock, aCaller(), aStandardRequest({ externalRef: '' }))
    const second = requests.createStandardRequest(mock, aCaller(), aStandardRequest({ externalRef: '' }))
    expect(second.created).toBe(true)
    expect(second.request).toMatchObject({ externalRef: CUSTOMER })
    expect(second.request.id).not.toBe(first.request.id)
    // Left out (or null), externalRef defaults to the party and finds the newest of the two.
    expect(requests.createStandardRequest(mock, aCaller(), aStandardRequest())).toEqual({ request: second.request, created: false })
    expect(requests.createStandardRequest(mock, aCaller(), aStandardRequest({ externalRef: null }))).toEqual({ request: second.request, created: false })
  })

  it('lets an empty externalRef past an existing system user, whose triple it does not look for', () => {
    const mock = aMock()
    const { request } = requests.createStandardRequest(mock, aCaller(), aStandardRequest())
    requests.approveRequest(mock, request.id, { pid: STADIG_KONSERT })
    expectProblem(() => requests.createStandardRequest(mock, aCaller(), aStandardRequest()), Problems.SystemUserAlreadyExists)
    expect(requests.createStandardRequest(mock, aCaller(), aStandardRequest({ externalRef: '' })).created).toBe(true)
  })

  it('gives the key back to the other request with the same triple when the one holding it is deleted', () => {
    const mock = aMock()
    const first = requests.createStandardRequest(mock, aCaller(), aStandardRequest({ externalRef: '' })).request
    const second = requests.createStandardRequest(mock, aCaller(), aStandardRequest({ externalRef: '' })).request
    requests.deleteRequestForVendor(mock, aCaller(), second.id)
    expect(requests.getRequestByExternalRef(mock, aCaller(), 'standard', STANDARD_SYSTEM, CUSTOMER, CUSTOMER)).toBe(first)
  })

  it('uses the integrationTitle the vendor gives, trimmed', () => {
    const { request } = requests.createStandardRequest(aMock(), aCaller(), aStandardRequest({ integrationTitle: '  SmartCloud for APE  ' }))
    expect(request.integrationTitle).toBe('SmartCloud for APE')
  })

  it('keeps an empty integrationTitle empty, as Altinn defaults only a missing one to the system\'s nb name', () => {
    expect(requests.createStandardRequest(aMock(), aCaller(), aStandardRequest({ integrationTitle: '  ' })).request.integrationTitle).toBe('')
    expect(requests.createStandardRequest(aMock(), aCaller(), aStandardRequest({ integrationTitle: null })).request.integrationTitle).toBe('SmartCloud')
  })

  it('marks a request untitled when neither a title nor the system\'s nb name exists, and stores "" for the reads', () => {
    const mock = aMock()
    register.createSystem(mock, aCaller(), aRegistration({ name: { en: 'Unit test' }, allowedRedirectUrls: [] }))
    const result = requests.createStandardRequest(mock, aCaller(), aStandardRequest({ systemId: `${SMARTCLOUD}_unit` }))
    expect(result).toMatchObject({ created: true, untitled: true })
    expect(requests.toRequestResponse(mock, result.request).integrationTitle).toBe('')
  })

  it('trims systemId, partyOrgNo, externalRef and redirectUrl, as Altinn\'s TrimStringsActionFilter does', () => {
    const mock = aMock()
    const { request } = requests.createStandardRequest(
      mock,
      aCaller(),
      aStandardRequest({ systemId: ` ${STANDARD_SYSTEM} `, partyOrgNo: `${CUSTOMER}\n`, externalRef: '  kontor-1 ', redirectUrl: ' https://smartcloud.example/receipt ' }),
    )
    expect(request).toMatchObject({ systemId: STANDARD_SYSTEM, partyOrgNo: CUSTOMER, externalRef: 'kontor-1', redirectUrl: RECEIPT_URL })
    expect(requests.createStandardRequest(mock, aCaller(), aStandardRequest({ externalRef: 'kontor-1 ' }))).toEqual({ request, created: false })
  })

  it('keeps the redirect URL with its query, which the vendor may use for its own state', () => {
    const mock = aMock()
    const { request } = requests.createStandardRequest(mock, aCaller(), aStandardRequest({ redirectUrl: `${RECEIPT_URL}?state=a%20b&x=1` }))
    expect(requests.toRequestResponse(mock, request).redirectUrl).toBe(`${RECEIPT_URL}?state=a%20b&x=1`)
  })

  it('returns the existing request with 200 when the same triple is sent again', () => {
    const mock = aMock()
    const first = requests.createStandardRequest(mock, aCaller(), aStandardRequest())
    const again = requests.createStandardRequest(mock, aCaller(), aStandardRequest({ externalRef: CUSTOMER, rights: [] }))
    expect(again).toEqual({ request: first.request, created: false })
    expect(mock.store.requests.size).toBe(1)
  })

  it('returns the existing request even when it was rejected, until the vendor deletes it', () => {
    const mock = aMock()
    const first = requests.createStandardRequest(mock, aCaller(), aStandardRequest())
    requests.rejectRequest(mock, first.request.id, { pid: STADIG_KONSERT })
    const again = requests.createStandardRequest(mock, aCaller(), aStandardRequest())
    expect(again.created).toBe(false)
    expect(again.request).toMatchObject({ id: first.request.id, status: 'Rejected' })
  })

  it('creates a second request for the same party and system with another externalRef', () => {
    const mock = aMock()
    const first = requests.createStandardRequest(mock, aCaller(), aStandardRequest())
    const second = requests.createStandardRequest(mock, aCaller(), aStandardRequest({ externalRef: 'avdeling-2' }))
    expect(second.created).toBe(true)
    expect(second.request.id).not.toBe(first.request.id)
  })

  it('answers AUTH-00004 once a system user exists for (party, externalRef defaulting to party, system)', () => {
    const mock = aMock()
    const { request } = requests.createStandardRequest(mock, aCaller(), aStandardRequest())
    requests.approveRequest(mock, request.id, { pid: STADIG_KONSERT })
    expectProblem(() => requests.createStandardRequest(mock, aCaller(), aStandardRequest()), Problems.SystemUserAlreadyExists)
    expectProblem(() => requests.createStandardRequest(mock, aCaller(), aStandardRequest({ externalRef: CUSTOMER })), Problems.SystemUserAlreadyExists)
    expect(requests.createStandardRequest(mock, aCaller(), aStandardRequest({ externalRef: 'avdeling-2' })).created).toBe(true)
  })

  it('answers AUTH-00023 (401) when the token has no consumer', () => {
    expectProblem(() => requests.createStandardRequest(aMock(), aCaller({ orgNo: undefined }), aStandardRequest()), Problems.VendorOrgNoNotFound)
  })

  it('answers AUTH-00011 (404) for an unknown system', () => {
    expectProblem(() => requests.createStandardRequest(aMock(), aCaller(), aStandardRequest({ systemId: `${SMARTCLOUD}_nope` })), Problems.SystemIdNotFound)
  })

  it('answers AUTH-00011 (404) for another vendor\'s system, without saying which', () => {
    expectProblem(() => requests.createStandardRequest(aMock(), aCaller({ orgNo: KONKURRENT }), aStandardRequest()), Problems.SystemIdNotFound)
  })

  it('creates a request for a soft-deleted system, as Altinn checks no IsDeleted there', () => {
    const mock = aMock()
    register.deleteSystem(mock, aCaller(), STANDARD_SYSTEM)
    expect(requests.createStandardRequest(mock, aCaller(), aStandardRequest()).created).toBe(true)
  })

  it.each([['999999999'], ['abc'], ['']])('answers AUTH-00000 for the party %j that the register does not know', (partyOrgNo) => {
    expectProblem(() => requests.createStandardRequest(aMock(), aCaller(), aStandardRequest({ partyOrgNo })), Problems.ReporteeOrgNoNotFound)
  })

  it('answers AUTH-00026 for a redirect URL when the system allows none', () => {
    const mock = aMock()
    register.createSystem(mock, aCaller(), aRegistration({ allowedRedirectUrls: [] }))
    expectProblem(() => requests.createStandardRequest(mock, aCaller(), aStandardRequest({ systemId: `${SMARTCLOUD}_unit`, redirectUrl: 'https://unit.example/back' })), Problems.NoRedirectUrisFoundOnSystem)
    expect(requests.createStandardRequest(mock, aCaller(), aStandardRequest({ systemId: `${SMARTCLOUD}_unit` })).created).toBe(true)
  })

  it.each([
    ['a query the allowed URL does not have', `${RECEIPT_URL}?state=abc&n=1`],
    ['a fragment', `${RECEIPT_URL}#done`],
    ['the default port written out', 'https://smartcloud.example:443/receipt'],
    ['the host in capitals', 'https://SMARTCLOUD.example/receipt?x'],
  ])('accepts a redirect URL with %s (scheme, host, port and path match)', (_, redirectUrl) => {
    expect(requests.createStandardRequest(aMock(), aCaller(), aStandardRequest({ redirectUrl })).created).toBe(true)
  })

  it.each([
    ['another path', 'https://smartcloud.example/other'],
    ['a longer path', `${RECEIPT_URL}/more`],
    ['another host', 'https://evil.example/receipt'],
    ['http instead of https', 'http://smartcloud.example/receipt'],
    ['another port', 'https://smartcloud.example:8443/receipt'],
    ['no URL at all', 'not a url'],
  ])('answers AUTH-00021 for a redirect URL with %s', (_, redirectUrl) => {
    expectProblem(() => requests.createStandardRequest(aMock(), aCaller(), aStandardRequest({ redirectUrl })), Problems.RedirectUriNotFound)
  })

  it('answers AUTH-00001 when rights and accessPackages are both left out', () => {
    expectProblem(() => requests.createStandardRequest(aMock(), aCaller(), { systemId: STANDARD_SYSTEM, partyOrgNo: CUSTOMER }), Problems.RightsNotFoundOrNotDelegable)
  })

  it('answers AUTH-00059 when rights and accessPackages are both empty', () => {
    expectProblem(() => requests.createStandardRequest(aMock(), aCaller(), aStandardRequest({ rights: [], accessPackages: [] })), Problems.SystemUserMissingRightsOrAccessPackages)
  })

  it('answers AUTH-00001 for a right the system does not have', () => {
    expectProblem(() => requests.createStandardRequest(aMock(), aCaller(), aStandardRequest({ rights: [aRight(SKATTEGRUNNLAG)] })), Problems.RightsNotFoundOrNotDelegable)
  })

  it('matches a right whatever its action, as Altinn compares only the resource pairs', () => {
    const { request } = requests.createStandardRequest(aMock(), aCaller(), aStandardRequest({ rights: [aRight(undefined, 'write')] }))
    expect(request.rights).toEqual([aRight(undefined, 'write')])
  })

  it('matches a right of several pairs in any order, and refuses one with a pair more or less, or none', () => {
    const mock = aMock()
    const a = { id: 'urn:altinn:resource', value: KRAV }
    const b = { id: 'urn:altinn:resource', value: SKATTEGRUNNLAG }
    register.updateSystemRights(mock, aCaller(), STANDARD_SYSTEM, [{ resource: [a, b] }])
    expect(requests.createStandardRequest(mock, aCaller(), aStandardRequest({ rights: [{ resource: [b, a] }] })).created).toBe(true)
    expectProblem(() => requests.createStandardRequest(mock, aCaller(), aStandardRequest({ externalRef: 'x', rights: [{ resource: [a] }] })), Problems.RightsNotFoundOrNotDelegable)
    expectProblem(() => requests.createStandardRequest(mock, aCaller(), aStandardRequest({ externalRef: 'x', rights: [{ resource: [] }] })), Problems.RightsNotFoundOrNotDelegable)
  })

  it('answers AUTH-00001 for more rights than the system has', () => {
    expectProblem(() => requests.createStandardRequest(aMock(), aCaller(), aStandardRequest({ rights: [aRight(), aRight()] })), Problems.RightsNotFoundOrNotDelegable)
  })

  it('answers AUTH-00063 naming the packages in NotFoundPackages when they are not on the system', () => {
    const error = expectProblem(() => requests.createStandardRequest(aMock(), aCaller(), aStandardRequest({ rights: [], accessPackages: [{ urn: JORDBRUK }] })), Problems.AccessPackageNotFound)
    expect(error.extensions).toEqual({ NotFoundPackages: JORDBRUK })
  })

  it('answers AUTH-00064 naming the packages in NotDelegablePackages when a package is client-only', () => {
    const error = expectProblem(
      () => requests.createStandardRequest(aMock(), aCaller(), { systemId: AGENT_SYSTEM, partyOrgNo: CUSTOMER, accessPackages: [{ urn: REGNSKAPSFORER }] }),
      Problems.AccessPackageNotDelegableStandard,
    )
    expect(error.extensions).toEqual({ NotDelegablePackages: REGNSKAPSFORER })
  })

  it('accepts an assignable package that is on the system', () => {
    const mock = aMock()
    register.updateSystemAccessPackages(mock, aCaller(), STANDARD_SYSTEM, [{ urn: JORDBRUK }])
    const { request } = requests.createStandardRequest(mock, aCaller(), aStandardRequest({ rights: null, accessPackages: [{ urn: JORDBRUK }] }))
    expect(request.accessPackages).toEqual([{ urn: JORDBRUK }])
  })

  it('checks in Altinn\'s order: system, then party, then redirect URL, then rights', () => {
    const mock = aMock()
    const everythingWrong = { systemId: `${SMARTCLOUD}_nope`, partyOrgNo: '999999999', redirectUrl: 'https://evil.example/', rights: [aRight('nope')] }
    expectProblem(() => requests.createStandardRequest(mock, aCaller(), everythingWrong), Problems.SystemIdNotFound)
    expectProblem(() => requests.createStandardRequest(mock, aCaller(), { ...everythingWrong, systemId: STANDARD_SYSTEM }), Problems.ReporteeOrgNoNotFound)
    expectProblem(() => requests.createStandardRequest(mock, aCaller(), { ...everythingWrong, systemId: STANDARD_SYSTEM, partyOrgNo: CUSTOMER }), Problems.RedirectUriNotFound)
    expectProblem(() => requests.createStandardRequest(mock, aCaller(), { ...everythingWrong, systemId: STANDARD_SYSTEM, partyOrgNo: CUSTOMER, redirectUrl: null }), Problems.RightsNotFoundOrNotDelegable)
  })

  it('changes nothing when it refuses', () => {
    const mock = aMock()
    const before = snapshotState(mock)
    expectProblem(() => requests.createStandardRequest(mock, aCaller(), aStandardRequest({ redirectUrl: 'https://evil.example/' })), Problems.RedirectUriNotFound)
    expectProblem(() => requests.createStandardRequest(mock, aCaller(), aStandardRequest({ rights: [aRight('nope')] })), Problems.RightsNotFoundOrNotDelegable)
    expect(snapshotState(mock)).toEqual(before)
  })
})

describe('creating an agent request (POST systemuser/request/vendor/agent)', () => {
  it('creates a New request for the facilitator with an agentrequest confirmUrl and no rights', () => {
    const mock = aMock()
    const { request, created } = requests.createAgentRequest(mock, aCaller(), anAgentRequest())
    expect(created).toBe(true)
    const view = requests.toAgentRequestResponse(mock, request)
    expect(view).toMatchObject({ externalRef: FACILITATOR, partyOrgNo: FACILITATOR, accessPackages: [{ urn: REGNSKAPSFORER }], status: 'New', integrationTitle: 'SmartCloud Regnskapsfører' })
    expect(view.confirmUrl).toBe(`http://mock.test/accessmanagement/ui/systemuser/agentrequest?id=${request.id}&DONTCHOOSEREPORTEE=true`)
    expect(view).not.toHaveProperty('rights')
  })

  it('uses the integrationTitle the vendor gives', () => {
    expect(requests.createAgentRequest(aMock(), aCaller(), anAgentRequest({ integrationTitle: 'Byrå-koblingen' })).request.integrationTitle).toBe('Byrå-koblingen')
  })

  it('returns the existing agent request with 200 for the same triple', () => {
    const mock = aMock()
    const first = requests.createAgentRequest(mock, aCaller(), anAgentRequest({ externalRef: 'kontor-1' }))
    const again = requests.createAgentRequest(mock, aCaller(), anAgentRequest({ externalRef: 'kontor-1' }))
    expect(again).toEqual({ request: first.request, created: false })
  })

  it('answers AUTH-00004 once an agent system user exists for the triple', () => {
    const mock = aMock()
    const { request } = requests.createAgentRequest(mock, aCaller(), anAgentRequest())
    requests.approveRequest(mock, request.id, { pid: DRESS_MINST })
    expectProblem(() => requests.createAgentRequest(mock, aCaller(), anAgentRequest()), Problems.SystemUserAlreadyExists)
  })

  it('answers AUTH-00058 when accessPackages is empty (a missing list is refused before, by the model-state 400)', () => {
    expectProblem(() => requests.createAgentRequest(aMock(), aCaller(), anAgentRequest({ accessPackages: [] })), Problems.SystemUserMissingAccessPackage)
  })

  it.each([
    ['Accepted', Problems.ExternalRequestIdAlreadyAccepted],
    ['New', Problems.ExternalRequestIdPending],
    ['Denied', Problems.ExternalRequestIdDenied],
    ['Rejected', Problems.ExternalRequestIdRejected],
  ] as const)('answers %s standard request with the same triple with its AUTH code, and stores nothing', (status, expected) => {
    const mock = aMock()
    register.updateSystemRights(mock, aCaller(), AGENT_SYSTEM, [aRight()])
    const standard = requests.createStandardRequest(mock, aCaller(), { systemId: AGENT_SYSTEM, partyOrgNo: FACILITATOR, rights: [aRight()] }).request
    mock.store.write((tx) => tx.put('requests', { ...standard, status }))
    const before = snapshotState(mock)
    expectProblem(() => requests.createAgentRequest(mock, aCaller(), anAgentRequest()), expected)
    expect(snapshotState(mock)).toEqual(before)
    // Another triple is free, and a deleted standard request stops nothing.
    expect(requests.createAgentRequest(mock, aCaller(), anAgentRequest({ externalRef: 'kontor-2' })).created).toBe(true)
    requests.deleteRequestForVendor(mock, aCaller(), standard.id)
    expect(requests.createAgentRequest(mock, aCaller(), anAgentRequest()).created).toBe(true)
  })

  it('answers another vendor AUTH-00011 before it looks at the standard request with the triple', () => {
    const mock = aMock()
    register.updateSystemRights(mock, aCaller(), AGENT_SYSTEM, [aRight()])
    requests.createStandardRequest(mock, aCaller(), { systemId: AGENT_SYSTEM, partyOrgNo: FACILITATOR, rights: [aRight()] })
    expectProblem(() => requests.createAgentRequest(mock, aCaller({ orgNo: KONKURRENT }), anAgentRequest()), Problems.SystemIdNotFound)
  })

  it('trims its strings as the standard create does', () => {
    const { request } = requests.createAgentRequest(aMock(), aCaller(), anAgentRequest({ systemId: `${AGENT_SYSTEM} `, externalRef: ' kontor-1', integrationTitle: ' Byrå ' }))
    expect(request).toMatchObject({ systemId: AGENT_SYSTEM, externalRef: 'kontor-1', integrationTitle: 'Byrå' })
  })

  it('answers AUTH-00063 with NotFoundPackages for a package that is not on the system', () => {
    const revisor = 'urn:altinn:accesspackage:ansvarlig-revisor'
    const error = expectProblem(() => requests.createAgentRequest(aMock(), aCaller(), anAgentRequest({ accessPackages: [{ urn: REGNSKAPSFORER }, { urn: revisor }] })), Problems.AccessPackageNotFound)
    expect(error.extensions).toEqual({ NotFoundPackages: revisor })
  })

  it('answers AUTH-00065 with NotDelegablePackages for a package that cannot go through a client relationship', () => {
    const mock = aMock()
    register.updateSystemAccessPackages(mock, aCaller(), AGENT_SYSTEM, [{ urn: REGNSKAPSFORER }, { urn: TILGANGSSTYRER }])
    const error = expectProblem(() => requests.createAgentRequest(mock, aCaller(), anAgentRequest({ accessPackages: [{ urn: TILGANGSSTYRER }] })), Problems.AccessPackageNotDelegableAgent)
    expect(error.extensions).toEqual({ NotDelegablePackages: TILGANGSSTYRER })
  })

  it('answers AUTH-00023, AUTH-00011, AUTH-00000 and AUTH-00021 like the standard create', () => {
    expectProblem(() => requests.createAgentRequest(aMock(), aCaller({ orgNo: undefined }), anAgentRequest()), Problems.VendorOrgNoNotFound)
    expectProblem(() => requests.createAgentRequest(aMock(), aCaller({ orgNo: KONKURRENT }), anAgentRequest()), Problems.SystemIdNotFound)
    expectProblem(() => requests.createAgentRequest(aMock(), aCaller(), anAgentRequest({ partyOrgNo: '999999999' })), Problems.ReporteeOrgNoNotFound)
    expectProblem(() => requests.createAgentRequest(aMock(), aCaller(), anAgentRequest({ redirectUrl: 'https://evil.example/receipt' })), Problems.RedirectUriNotFound)
  })
})

describe('reading requests', () => {
  it('answers a standard request by id, with a fresh confirmUrl', () => {
    const mock = aMock()
    const { request } = requests.createStandardRequest(mock, aCaller(), aStandardRequest())
    expect(requests.getRequestForVendor(mock, aCaller(), request.id)).toBe(request)
    expect(requests.getRequestForVendor(mock, aCaller(), request.id.toUpperCase())).toBe(request)
  })

  it('reads each kind by its own id only: an agent id on the standard read and a standard id on the agent read are AUTH-00010', () => {
    const mock = aMock()
    const agent = requests.createAgentRequest(mock, aCaller(), anAgentRequest()).request
    const standard = requests.createStandardRequest(mock, aCaller(), aStandardRequest()).request
    expectProblem(() => requests.getRequestForVendor(mock, aCaller(), agent.id, 'standard'), Problems.RequestNotFound)
    expectProblem(() => requests.getRequestForVendor(mock, aCaller(), standard.id, 'agent'), Problems.RequestNotFound)
    // The delete reads either kind, as Altinn's does.
    expect(requests.getRequestForVendor(mock, aCaller(), agent.id).kind).toBe('agent')
  })

  it('answers 404 AUTH-00010 for an unknown id, 404 AUTH-00011 for another vendor\'s request', () => {
    const mock = aMock()
    const { request } = requests.createStandardRequest(mock, aCaller(), aStandardRequest())
    expectProblem(() => requests.getRequestForVendor(mock, aCaller(), '00000000-0000-4000-8000-000000000000'), Problems.RequestNotFound)
    expectProblem(() => requests.getRequestForVendor(mock, aCaller({ orgNo: KONKURRENT }), request.id), Problems.SystemIdNotFound)
  })

  it('answers ASP.NET\'s 400 for an id that is not a GUID, and a bodiless 401 without a consumer', () => {
    expect(expectPlain(() => requests.getRequestForVendor(aMock(), aCaller(), 'not-a-guid'), 400).modelErrors).toEqual({ requestId: ["The value 'not-a-guid' is not valid."] })
    expectUnauthorized(() => requests.getRequestForVendor(aMock(), aCaller({ orgNo: undefined }), '00000000-0000-4000-8000-000000000000'))
  })

  it('finds a request by the exact (system, org, externalRef), the org number standing in for a default externalRef', () => {
    const mock = aMock()
    const { request } = requests.createStandardRequest(mock, aCaller(), aStandardRequest())
    expect(requests.getRequestByExternalRef(mock, aCaller(), 'standard', STANDARD_SYSTEM, CUSTOMER, CUSTOMER)).toBe(request)
    expectProblem(() => requests.getRequestByExternalRef(mock, aCaller(), 'standard', STANDARD_SYSTEM, CUSTOMER, 'other'), Problems.RequestNotFound)
    expectProblem(() => requests.getRequestByExternalRef(mock, aCaller(), 'agent', STANDARD_SYSTEM, CUSTOMER, CUSTOMER), Problems.RequestNotFound)
    expectProblem(() => requests.getRequestByExternalRef(mock, aCaller({ orgNo: KONKURRENT }), 'standard', STANDARD_SYSTEM, CUSTOMER, CUSTOMER), Problems.SystemIdNotFound)
  })

  it('answers AUTH-00011 when listing another vendor\'s system or an unknown one', () => {
    expectProblem(() => requests.listRequestsForVendor(aMock(), aCaller({ orgNo: KONKURRENT }), 'standard', STANDARD_SYSTEM, undefined), Problems.SystemIdNotFound)
    expectProblem(() => requests.listRequestsForVendor(aMock(), aCaller(), 'standard', `${SMARTCLOUD}_nope`, undefined), Problems.SystemIdNotFound)
  })

  it('lists only requests of the kind asked for', () => {
    const mock = aMock()
    requests.createAgentRequest(mock, aCaller(), anAgentRequest())
    expect(requests.listRequestsForVendor(mock, aCaller(), 'standard', AGENT_SYSTEM, undefined).items).toEqual([])
    expect(requests.listRequestsForVendor(mock, aCaller(), 'agent', AGENT_SYSTEM, undefined).items).toHaveLength(1)
  })
})

describe('deleting a request (DELETE systemuser/request/vendor/{id})', () => {
  it('soft-deletes it: then 404 AUTH-00010, and the same triple gives a fresh 201 with a new id', () => {
    const mock = aMock()
    const first = requests.createStandardRequest(mock, aCaller(), aStandardRequest()).request
    requests.deleteRequestForVendor(mock, aCaller(), first.id)
    expect(mock.store.requests.get(first.id)!.isDeleted).toBe(true)
    expectProblem(() => requests.getRequestForVendor(mock, aCaller(), first.id), Problems.RequestNotFound)
    expectProblem(() => requests.deleteRequestForVendor(mock, aCaller(), first.id), Problems.RequestNotFound)
    const fresh = requests.createStandardRequest(mock, aCaller(), aStandardRequest())
    expect(fresh.created).toBe(true)
    expect(fresh.request.id).not.toBe(first.id)
  })

  it('lets the vendor start over after a rejection', () => {
    const mock = aMock()
    const first = requests.createStandardRequest(mock, aCaller(), aStandardRequest()).request
    requests.rejectRequest(mock, first.id, { pid: STADIG_KONSERT })
    requests.deleteRequestForVendor(mock, aCaller(), first.id)
    expect(requests.createStandardRequest(mock, aCaller(), aStandardRequest()).request.status).toBe('New')
  })

  it('drops it from the list', () => {
    const mock = aMock()
    const a = requests.createStandardRequest(mock, aCaller(), aStandardRequest()).request
    const b = requests.createStandardRequest(mock, aCaller(), aStandardRequest({ externalRef: 'b' })).request
    requests.deleteRequestForVendor(mock, aCaller(), a.id)
    expect(requests.listRequestsForVendor(mock, aCaller(), 'standard', STANDARD_SYSTEM, undefined).items.map((r) => r.id)).toEqual([b.id])
  })

  it('refuses another vendor with AUTH-00011 and leaves the request alone', () => {
    const mock = aMock()
    const { request } = requests.createStandardRequest(mock, aCaller(), aStandardRequest())
    expectProblem(() => requests.deleteRequestForVendor(mock, aCaller({ orgNo: KONKURRENT }), request.id), Problems.SystemIdNotFound)
    expect(mock.store.requests.get(request.id)!.isDeleted).toBe(false)
  })
})

describe('the 180-day timeout', () => {
  it('flags timedOut once the request is older than 180 days, and leaves the status New', () => {
    const mock = aMock()
    const { request } = requests.createStandardRequest(mock, aCaller(), aStandardRequest())
    mock.clock.advance(180 * DAY_MS)
    expect(requests.toRequestResponse(mock, request)).toMatchObject({ status: 'New', timedOut: false })
    mock.clock.advance(1)
    expect(requests.toRequestResponse(mock, request)).toMatchObject({ status: 'New', timedOut: true })
    expect(requests.toAgentRequestResponse(mock, request).timedOut).toBe(true)
  })

  it('still returns a timed-out request for the same triple, and it can still be approved (Altinn checks only the status)', () => {
    const mock = aMock()
    const { request } = requests.createStandardRequest(mock, aCaller(), aStandardRequest())
    mock.clock.advance(181 * DAY_MS)
    expect(requests.createStandardRequest(mock, aCaller(), aStandardRequest()).created).toBe(false)
    expect(requests.approveRequest(mock, request.id, { pid: STADIG_KONSERT }).id).toBe(request.id)
  })
})

