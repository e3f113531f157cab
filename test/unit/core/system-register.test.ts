import { describe, expect, it } from 'vitest'
import { Scopes, ValidationErrors } from '../../../sdk/contract/index.ts'
import { ValidationProblemError } from '../../../mock-server/core/errors.ts'
import * as register from '../../../mock-server/core/system-register.ts'
import { T0, aCaller, aMock, expectForbidden, expectPlain, expectValidation, snapshotState } from '../../support/core.ts'
import { AGENT_CLIENT_ID, AGENT_SYSTEM, KONKURRENT, KRAV, RECEIPT_URL, REGNSKAPSFORER, SKATTEGRUNNLAG, SMARTCLOUD, STANDARD_CLIENT_ID, STANDARD_SYSTEM } from '../../../mock-server/seed/personas.ts'
import { aRegistration, aRight } from '../../support/builders.ts'

/** The failures of the STD-00000 problem `fn` throws, each as the mock writes it (code, paths, detail, extensions). */
function failuresOf(fn: () => unknown) {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationProblemError)
    return (e as ValidationProblemError).failures.map((f) => ({ code: f.descriptor.code, paths: f.paths, ...(f.detail ? { detail: f.detail } : {}), ...(f.extensions ?? {}) }))
  }
  throw new Error('expected the call to throw, but it returned')
}

const V = ValidationErrors
const JORDBRUK = 'urn:altinn:accesspackage:jordbruk'

describe('registering a system (POST systemregister/vendor)', () => {
  it('stores the system and answers its new internal GUID, not the system id', () => {
    const mock = aMock()
    const internalId = register.createSystem(mock, aCaller(), aRegistration())
    expect(internalId).toMatch(/^[0-9a-f-]{36}$/)
    const stored = mock.store.systems.get(`${SMARTCLOUD}_unit`)!
    expect(stored).toMatchObject({ internalId, vendorOrgNo: SMARTCLOUD, isVisible: true, isDeleted: false, clientIds: ['unit-client-1'] })
    expect(stored.changelog.map((c) => c.changeType)).toEqual(['create'])
  })

  it('defaults isVisible to true when it is not given', () => {
    const mock = aMock()
    const { isVisible: _omit, ...body } = aRegistration()
    register.createSystem(mock, aCaller(), body)
    expect(mock.store.systems.get(`${SMARTCLOUD}_unit`)!.isVisible).toBe(true)
  })

  it('answers VLD-00000 alone, before any other rule, when vendor.ID is not 0192:<orgno>', () => {
    const mock = aMock()
    const codes = expectValidation(() =>
      register.createSystem(mock, aCaller(), aRegistration({ id: 'bad id', vendor: { ID: `0193:${SMARTCLOUD}` }, allowedRedirectUrls: ['http://x'] })),
    )
    expect(codes).toEqual([V.SystemRegisterInvalidOrgIdentifier.code])
  })

  it('answers VLD-00000 even to a caller who does not own the vendor (it comes before the ownership check)', () => {
    const mock = aMock()
    const codes = expectValidation(() => register.createSystem(mock, aCaller({ orgNo: KONKURRENT }), aRegistration({ vendor: { ID: SMARTCLOUD } })))
    expect(codes).toEqual([V.SystemRegisterInvalidOrgIdentifier.code])
  })

  it.each([
    ['does not start with the organisation number', 'smartcloud_unit'],
    ['starts with another organisation number', `${KONKURRENT}_unit`],
    ['has no underscore after the organisation number', `${SMARTCLOUD}unit`],
  ])('answers VLD-00001 when the id %s', (_, id) => {
    const codes = expectValidation(() => register.createSystem(aMock(), aCaller(), aRegistration({ id })))
    expect(codes).toContain(V.SystemRegisterInvalidSystemId.code)
  })

  it('takes the organisation number alone as an id, as Altinn compares only the part before the first _', () => {
    const mock = aMock()
    register.createSystem(mock, aCaller(), aRegistration({ id: SMARTCLOUD }))
    expect(mock.store.systems.get(SMARTCLOUD)?.vendorOrgNo).toBe(SMARTCLOUD)
  })

  it('answers VLD-00002 when the system id exists', () => {
    const codes = expectValidation(() => register.createSystem(aMock(), aCaller(), aRegistration({ id: STANDARD_SYSTEM, clientId: [] })))
    expect(codes).toEqual([V.SystemRegisterSystemIdExists.code])
  })

  it('answers VLD-00002 for the id of a deleted system too', () => {
    const mock = aMock()
    register.createSystem(mock, aCaller(), aRegistration())
    register.deleteSystem(mock, aCaller(), `${SMARTCLOUD}_unit`)
    const codes = expectValidation(() => register.createSystem(mock, aCaller(), aRegistration({ clientId: ['another'] })))
    expect(codes).toEqual([V.SystemRegisterSystemIdExists.code])
  })

  it('answers VLD-00003 once for every unknown resource, naming them in "ResourceIds Not Found : " without a detail', () => {
    const failures = failuresOf(() => register.createSystem(aMock(), aCaller(), aRegistration({ rights: [aRight('no-such-resource'), aRight('nor-this')] })))
    expect(failures).toEqual([{ code: V.SystemRegisterResourceIdDoesNotExist.code, paths: ['/registersystemrequest/rights/resource'], 'ResourceIds Not Found : ': 'no-such-resource | nor-this' }])
  })

  it('answers one VLD-00004, without a detail, when client ids belong to another active system', () => {
    const failures = failuresOf(() => register.createSystem(aMock(), aCaller(), aRegistration({ clientId: [STANDARD_CLIENT_ID, AGENT_CLIENT_ID] })))
    expect(failures).toEqual([{ code: V.SystemRegisterDuplicateClientId.code, paths: ['/registersystemrequest/clientid'] }])
  })

  it('frees the client ids of a deleted system for a new one', () => {
    const mock = aMock()
    register.deleteSystem(mock, aCaller(), STANDARD_SYSTEM)
    register.createSystem(mock, aCaller(), aRegistration({ clientId: [STANDARD_CLIENT_ID] }))
    expect(register.findSystemByClientId(mock, STANDARD_CLIENT_ID)?.id).toBe(`${SMARTCLOUD}_unit`)
  })

  it.each([['http://unit.example/back'], ['unit.example/back'], ['/back'], ['not a url']])('answers VLD-00005 for the redirect URL %s', (url) => {
    const failures = failuresOf(() => register.createSystem(aMock(), aCaller(), aRegistration({ allowedRedirectUrls: ['https://ok.example/', url] })))
    expect(failures).toEqual([{ code: V.SystemRegisterInvalidRedirectUrlFormat.code, paths: ['/registersystemrequest/allowedredirecturls'] }])
  })

  it('answers VLD-00006 for the same right twice (same action and id:value pairs)', () => {
    const codes = expectValidation(() => register.createSystem(aMock(), aCaller(), aRegistration({ rights: [aRight(), aRight()] })))
    expect(codes).toEqual([V.SystemRegisterDuplicateRights.code])
  })

  it('takes the same id:value pairs in another order as two rights, as Altinn\'s duplicate key keeps their order', () => {
    const mock = aMock()
    const a = { id: 'urn:altinn:resource', value: KRAV }
    const b = { id: 'urn:altinn:resource', value: SKATTEGRUNNLAG }
    register.createSystem(mock, aCaller(), aRegistration({ rights: [{ resource: [a, b] }, { resource: [b, a] }] }))
    expect(mock.store.systems.get(`${SMARTCLOUD}_unit`)!.rights).toHaveLength(2)
    const codes = expectValidation(() => register.createSystem(aMock(), aCaller(), aRegistration({ rights: [{ resource: [a, b] }, { resource: [a, b] }] })))
    expect(codes).toEqual([V.SystemRegisterDuplicateRights.code])
  })

  it('accepts the same resource twice with different actions', () => {
    const mock = aMock()
    register.createSystem(mock, aCaller(), aRegistration({ rights: [aRight(undefined, 'read'), aRight(undefined, 'write')] }))
    expect(mock.store.systems.get(`${SMARTCLOUD}_unit`)!.rights).toHaveLength(2)
  })

  it('answers VLD-00007 for the same access package twice', () => {
    const codes = expectValidation(() => register.createSystem(aMock(), aCaller(), aRegistration({ accessPackages: [{ urn: JORDBRUK }, { urn: JORDBRUK }] })))
    expect(codes).toEqual([V.SystemRegisterDuplicateAccessPackages.code])
  })

  it.each([
    ['an unknown package', 'urn:altinn:accesspackage:finnes-ikke', 'Not found: urn:altinn:accesspackage:finnes-ikke'],
    ['a URN of fewer than four parts', 'urn:altinn:jordbruk', 'Invalid format: urn:altinn:jordbruk'],
    ['something that is not a URN', 'jordbruk', 'Invalid format: jordbruk'],
  ])('answers VLD-00008 for %s, naming it in "Invalid Urn Details : " by category', (_, urn, details) => {
    const failures = failuresOf(() => register.createSystem(aMock(), aCaller(), aRegistration({ accessPackages: [{ urn }] })))
    expect(failures).toEqual([{ code: V.SystemRegisterInvalidAccessPackage.code, paths: ['/registersystemrequest/accesspackages'], 'Invalid Urn Details : ': details }])
  })

  it('answers one VLD-00008 with every category " | "-joined, and VLD-00018 for a visible system whose package is neither assignable nor delegable', () => {
    const EKSPLISITT = 'urn:altinn:accesspackage:eksplisitt'
    const failures = failuresOf(() =>
      register.createSystem(aMock(), aCaller(), aRegistration({ accessPackages: [{ urn: 'a:b' }, { urn: 'x:y:z' }, { urn: 'urn:altinn:accesspackage:finnes-ikke' }, { urn: EKSPLISITT }] })),
    )
    expect(failures).toEqual([
      {
        code: V.SystemRegisterInvalidAccessPackage.code,
        paths: ['/registersystemrequest/accesspackages'],
        'Invalid Urn Details : ': `Invalid format: a:b, x:y:z | Not found: urn:altinn:accesspackage:finnes-ikke | Not possible to delegate: ${EKSPLISITT}`,
      },
      { code: V.SystemRegisterNotAssignablePackageOnVisibleSystem.code, paths: ['/registersystemrequest/accesspackages'] },
    ])
  })

  it('answers VLD-00009 when a resource attribute is not urn:altinn:resource, naming the attribute\'s value', () => {
    const failures = failuresOf(() =>
      register.createSystem(aMock(), aCaller(), aRegistration({ rights: [{ resource: [{ id: 'urn:altinn:app', value: 'app_ttd_endring-av-navn-v2' }] }] })),
    )
    expect(failures).toEqual([{ code: V.SystemRegisterInvalidResourceIdFormat.code, paths: ['/registersystemrequest/rights/resource'], 'Invalid Resource Id Details : ': 'app_ttd_endring-av-navn-v2' }])
  })

  it('answers 409 with Altinn\'s text for the same client id twice in the body, where its database refuses the second, and stores nothing', () => {
    const mock = aMock()
    const before = snapshotState(mock)
    expect(expectPlain(() => register.createSystem(mock, aCaller(), aRegistration({ clientId: ['twice', 'twice'] })), 409).text).toBe(`The System already exist: ${SMARTCLOUD}_unit`)
    expect(snapshotState(mock)).toEqual(before)
  })

  it('takes two client ids that differ only in case on create (no VLD-00011 there)', () => {
    const mock = aMock()
    register.createSystem(mock, aCaller(), aRegistration({ clientId: ['Unit-Client', 'unit-client'] }))
    expect(mock.store.systems.get(`${SMARTCLOUD}_unit`)!.clientIds).toEqual(['Unit-Client', 'unit-client'])
  })

  it.each([['318882703_with space'], ['318882703_two  spaces']])('answers VLD-00013 for the id %j', (id) => {
    const codes = expectValidation(() => register.createSystem(aMock(), aCaller(), aRegistration({ id })))
    expect(codes).toContain(V.SystemRegisterSystemIdHasSpaces.code)
  })

  it('trims the id and vendor.ID before any rule, as Altinn\'s TrimStringsActionFilter does, and leaves the names alone', () => {
    const mock = aMock()
    register.createSystem(mock, aCaller(), aRegistration({ id: `  ${SMARTCLOUD}_unit\t`, vendor: { ID: ` 0192:${SMARTCLOUD} ` }, name: { nb: ' Enhetstest ' } }))
    const stored = mock.store.systems.get(`${SMARTCLOUD}_unit`)!
    expect(stored).toMatchObject({ id: `${SMARTCLOUD}_unit`, vendorOrgNo: SMARTCLOUD, name: { nb: ' Enhetstest ' } })
    expect(stored.changelog[0]!.changedData).toMatchObject({ id: `${SMARTCLOUD}_unit`, vendor: { ID: `0192:${SMARTCLOUD}` } })
  })

  it('takes a tab inside the id, as Altinn looks for the space character only', () => {
    const mock = aMock()
    register.createSystem(mock, aCaller(), aRegistration({ id: `${SMARTCLOUD}_tab\there` }))
    expect(mock.store.systems.has(`${SMARTCLOUD}_tab\there`)).toBe(true)
  })

  it('answers VLD-00017 for a right on a resource type that cannot be delegated (a Maskinporten schema)', () => {
    const codes = expectValidation(() => register.createSystem(aMock(), aCaller(), aRegistration({ rights: [aRight('ske-maskinporten-schema')] })))
    expect(codes).toEqual([V.SystemRegisterResourceNotDelegable.code])
  })

  it('answers VLD-00018, without a detail, for a visible system with a client-only package', () => {
    const failures = failuresOf(() => register.createSystem(aMock(), aCaller(), aRegistration({ accessPackages: [{ urn: REGNSKAPSFORER }] })))
    expect(failures).toEqual([{ code: V.SystemRegisterNotAssignablePackageOnVisibleSystem.code, paths: ['/registersystemrequest/accesspackages'] }])
  })

  it('answers VLD-00018 when isVisible is left out, as it then defaults to true', () => {
    const { isVisible: _omit, ...body } = aRegistration({ accessPackages: [{ urn: REGNSKAPSFORER }] })
    const codes = expectValidation(() => register.createSystem(aMock(), aCaller(), body))
    expect(codes).toEqual([V.SystemRegisterNotAssignablePackageOnVisibleSystem.code])
  })

  it('accepts a client-only package on an invisible (agent) system', () => {
    const mock = aMock()
    register.createSystem(mock, aCaller(), aRegistration({ isVisible: false, rights: [], accessPackages: [{ urn: REGNSKAPSFORER }] }))
    expect(mock.store.systems.get(`${SMARTCLOUD}_unit`)!.accessPackages).toEqual([{ urn: REGNSKAPSFORER }])
  })

  it('collects every broken rule into one answer', () => {
    const codes = expectValidation(() =>
      register.createSystem(aMock(), aCaller(), aRegistration({ id: STANDARD_SYSTEM, allowedRedirectUrls: ['http://x'], clientId: [STANDARD_CLIENT_ID], rights: [aRight('nope')] })),
    )
    expect(new Set(codes)).toEqual(
      new Set([V.SystemRegisterSystemIdExists.code, V.SystemRegisterInvalidRedirectUrlFormat.code, V.SystemRegisterDuplicateClientId.code, V.SystemRegisterResourceIdDoesNotExist.code]),
    )
  })

  it('answers a bodiless 403 to a caller who is not the vendor, even when the body breaks other rules', () => {
    const mock = aMock()
    const error = expectForbidden(() => register.createSystem(mock, aCaller({ orgNo: KONKURRENT }), aRegistration({ allowedRedirectUrls: ['http://x'], rights: [aRight('nope')] })))
    expect(error.reason).toMatch(/neither the vendor/)
  })

  it('answers a bodiless 403 to a token without a consumer', () => {
    expectForbidden(() => register.createSystem(aMock(), aCaller({ orgNo: undefined }), aRegistration()))
  })

  it('lets a caller with the admin scope register for another vendor', () => {
    const mock = aMock()
    register.createSystem(mock, aCaller({ orgNo: KONKURRENT, scopes: [Scopes.systemRegisterAdmin] }), aRegistration())
    expect(mock.store.systems.get(`${SMARTCLOUD}_unit`)!.vendorOrgNo).toBe(SMARTCLOUD)
  })

  it('changes nothing when it refuses', () => {
    const mock = aMock()
    const before = snapshotState(mock)
    expectValidation(() => register.createSystem(mock, aCaller(), aRegistration({ allowedRedirectUrls: ['http://x'] })))
    expectForbidden(() => register.createSystem(mock, aCaller({ orgNo: KONKURRENT }), aRegistration()))
    expect(snapshotState(mock)).toEqual(before)
  })
})

describe('reading systems (GET systemregister/vendor[/{id}])', () => {
  it('answers the registration without vendor.authority, as Altinn never serialises it', () => {
    const system = register.getSystemForVendor(aMock(), aCaller(), STANDARD_SYSTEM)
    expect(system.vendor).toEqual({ ID: `0192:${SMARTCLOUD}` })
    expect(system).toMatchObject({ id: STANDARD_SYSTEM, isDeleted: false, isVisible: true, clientId: [STANDARD_CLIENT_ID], allowedRedirectUrls: [RECEIPT_URL] })
  })

  it('still answers a deleted system, flagged isDeleted', () => {
    const mock = aMock()
    register.deleteSystem(mock, aCaller(), STANDARD_SYSTEM)
    expect(register.getSystemForVendor(mock, aCaller(), STANDARD_SYSTEM)).toMatchObject({ isDeleted: true, clientId: [] })
  })

  it('answers an empty 404 for an unknown system and a bodiless 403 for another vendor\'s', () => {
    expect(expectPlain(() => register.getSystemForVendor(aMock(), aCaller(), `${SMARTCLOUD}_nope`), 404).text).toBeUndefined()
    expectForbidden(() => register.getSystemForVendor(aMock(), aCaller({ orgNo: KONKURRENT }), STANDARD_SYSTEM))
  })

  it('lists only the caller\'s own systems that are not deleted, visible or not', () => {
    const mock = aMock()
    const clientAdmin = `${SMARTCLOUD}_smartcloud_clientadmin`
    expect(register.listSystemsForVendor(mock, aCaller()).map((s) => s.systemId)).toEqual([STANDARD_SYSTEM, AGENT_SYSTEM, clientAdmin])
    register.deleteSystem(mock, aCaller(), STANDARD_SYSTEM)
    expect(register.listSystemsForVendor(mock, aCaller()).map((s) => s.systemId)).toEqual([AGENT_SYSTEM, clientAdmin])
    expect(register.listSystemsForVendor(mock, aCaller({ orgNo: KONKURRENT }))).toEqual([])
  })

  it('lists with the orgno without its 0192: prefix and an empty vendor name', () => {
    const [first] = register.listSystemsForVendor(aMock(), aCaller())
    expect(first).toMatchObject({ systemVendorOrgNumber: SMARTCLOUD, systemVendorOrgName: '' })
  })

  it('answers a bodiless 403 to a list call without a consumer', () => {
    expectForbidden(() => register.listSystemsForVendor(aMock(), aCaller({ orgNo: undefined })))
  })
})

describe('updating a system (PUT systemregister/vendor/{id})', () => {
  it('replaces rights, packages, client ids and redirect URLs, and answers nothing more', () => {
    const mock = aMock()
    register.updateSystem(mock, aCaller(), STANDARD_SYSTEM, aRegistration({ id: STANDARD_SYSTEM, rights: [aRight(SKATTEGRUNNLAG)], accessPackages: [{ urn: JORDBRUK }], clientId: ['new-client'], allowedRedirectUrls: ['https://new.example/'] }))
    expect(mock.store.systems.get(STANDARD_SYSTEM)).toMatchObject({
      rights: [aRight(SKATTEGRUNNLAG)],
      accessPackages: [{ urn: JORDBRUK }],
      clientIds: ['new-client'],
      allowedRedirectUrls: ['https://new.example/'],
    })
  })

  it('checks the redirect URL format with the rule of the create (VLD-00005), so no http: or javascript: URL is stored', () => {
    const mock = aMock()
    const before = [...mock.store.systems.get(STANDARD_SYSTEM)!.allowedRedirectUrls]
    const codes = expectValidation(() =>
      register.updateSystem(mock, aCaller(), STANDARD_SYSTEM, aRegistration({ id: STANDARD_SYSTEM, clientId: [], allowedRedirectUrls: ['http://plain.example/', 'javascript:alert(1)'] })),
    )
    expect(codes).toEqual([V.SystemRegisterInvalidRedirectUrlFormat.code])
    expect(mock.store.systems.get(STANDARD_SYSTEM)!.allowedRedirectUrls).toEqual(before)
  })

  it('keeps its own client ids without calling them taken', () => {
    const mock = aMock()
    register.updateSystem(mock, aCaller(), STANDARD_SYSTEM, aRegistration({ id: STANDARD_SYSTEM, clientId: [STANDARD_CLIENT_ID] }))
    expect(mock.store.systems.get(STANDARD_SYSTEM)!.clientIds).toEqual([STANDARD_CLIENT_ID])
  })

  it('answers VLD-00012 alone when the body id is not the id in the path, whatever else the body breaks', () => {
    const codes = expectValidation(() =>
      register.updateSystem(aMock(), aCaller(), STANDARD_SYSTEM, aRegistration({ id: `${SMARTCLOUD}_other`, clientId: ['x', 'x'], rights: [aRight('nope')], allowedRedirectUrls: ['http://x'] })),
    )
    expect(codes).toEqual([V.SystemRegisterSystemIdMismatch.code])
  })

  it('answers VLD-00012 before it looks at whether the system is deleted', () => {
    const mock = aMock()
    register.deleteSystem(mock, aCaller(), STANDARD_SYSTEM)
    expect(expectValidation(() => register.updateSystem(mock, aCaller(), STANDARD_SYSTEM, aRegistration({ id: `${SMARTCLOUD}_other` })))).toEqual([V.SystemRegisterSystemIdMismatch.code])
  })

  it('compares the trimmed body id with the path', () => {
    const mock = aMock()
    register.updateSystem(mock, aCaller(), STANDARD_SYSTEM, aRegistration({ id: ` ${STANDARD_SYSTEM} `, clientId: [] }))
    expect(mock.store.systems.get(STANDARD_SYSTEM)!.rights).toEqual([aRight()])
  })

  it('answers VLD-00011 for client ids doubled in the body, ignoring case, and one VLD-00004 for each client id another system holds', () => {
    expect(expectValidation(() => register.updateSystem(aMock(), aCaller(), STANDARD_SYSTEM, aRegistration({ id: STANDARD_SYSTEM, clientId: ['x', 'X'] })))).toEqual([V.SystemRegisterDuplicateClientIdInBody.code])
    const agentClient = AGENT_CLIENT_ID
    const mock = aMock()
    register.createSystem(mock, aCaller(), aRegistration({ clientId: ['taken-too'] }))
    const failures = failuresOf(() => register.updateSystem(mock, aCaller(), STANDARD_SYSTEM, aRegistration({ id: STANDARD_SYSTEM, clientId: [agentClient, 'free', 'taken-too'] })))
    expect(failures).toEqual([
      { code: V.SystemRegisterDuplicateClientId.code, paths: ['/registersystemrequest/clientid'] },
      { code: V.SystemRegisterDuplicateClientId.code, paths: ['/registersystemrequest/clientid'] },
    ])
  })

  it('answers VLD codes for rights and packages, with VLD-00018 from the body\'s isVisible', () => {
    expect(expectValidation(() => register.updateSystem(aMock(), aCaller(), STANDARD_SYSTEM, aRegistration({ id: STANDARD_SYSTEM, clientId: [], rights: [aRight('nope')] })))).toEqual([V.SystemRegisterResourceIdDoesNotExist.code])
    expect(expectValidation(() => register.updateSystem(aMock(), aCaller(), STANDARD_SYSTEM, aRegistration({ id: STANDARD_SYSTEM, clientId: [], accessPackages: [{ urn: REGNSKAPSFORER }] })))).toEqual([V.SystemRegisterNotAssignablePackageOnVisibleSystem.code])
  })

  it('answers 404 with Altinn\'s text for an unknown system, and when the body names another vendor', () => {
    expect(expectPlain(() => register.updateSystem(aMock(), aCaller(), `${SMARTCLOUD}_nope`, aRegistration({ id: `${SMARTCLOUD}_nope` })), 404).text).toBe(`System with ID '${SMARTCLOUD}_nope' not found.`)
    expect(expectPlain(() => register.updateSystem(aMock(), aCaller(), STANDARD_SYSTEM, aRegistration({ id: STANDARD_SYSTEM, vendor: { ID: `0192:${KONKURRENT}` } })), 404).text).toBe(`System with ID '${STANDARD_SYSTEM}' not found.`)
  })

  it('answers a bodiless 403 to another vendor, judged by the stored vendor', () => {
    expectForbidden(() => register.updateSystem(aMock(), aCaller({ orgNo: KONKURRENT }), STANDARD_SYSTEM, aRegistration({ id: STANDARD_SYSTEM, vendor: { ID: `0192:${KONKURRENT}` } })))
  })

  it('answers 400 with Altinn\'s text for a deleted system', () => {
    const mock = aMock()
    register.deleteSystem(mock, aCaller(), STANDARD_SYSTEM)
    expect(expectPlain(() => register.updateSystem(mock, aCaller(), STANDARD_SYSTEM, aRegistration({ id: STANDARD_SYSTEM })), 400).text).toBe('Cannot update a system marked as deleted.')
  })
})

describe('updating rights and access packages (PUT .../rights, .../accesspackages)', () => {
  it('replaces the rights', () => {
    const mock = aMock()
    register.updateSystemRights(mock, aCaller(), STANDARD_SYSTEM, [aRight(SKATTEGRUNNLAG), aRight('app_ttd_endring-av-navn-v2')])
    expect(mock.store.systems.get(STANDARD_SYSTEM)!.rights).toEqual([aRight(SKATTEGRUNNLAG), aRight('app_ttd_endring-av-navn-v2')])
  })

  it('answers the rights VLD codes (00003, 00006, 00009, 00017) and keeps the old rights', () => {
    const mock = aMock()
    expect(expectValidation(() => register.updateSystemRights(mock, aCaller(), STANDARD_SYSTEM, [aRight('nope')]))).toEqual([V.SystemRegisterResourceIdDoesNotExist.code])
    expect(expectValidation(() => register.updateSystemRights(mock, aCaller(), STANDARD_SYSTEM, [aRight(), aRight()]))).toEqual([V.SystemRegisterDuplicateRights.code])
    expect(expectValidation(() => register.updateSystemRights(mock, aCaller(), STANDARD_SYSTEM, [{ resource: [{ id: 'x', value: 'y' }] }]))).toEqual([V.SystemRegisterInvalidResourceIdFormat.code])
    expect(expectValidation(() => register.updateSystemRights(mock, aCaller(), STANDARD_SYSTEM, [aRight('ske-maskinporten-schema')]))).toEqual([V.SystemRegisterResourceNotDelegable.code])
    expect(mock.store.systems.get(STANDARD_SYSTEM)!.rights).toEqual([aRight()])
  })

  it('judges VLD-00018 by the stored isVisible', () => {
    const mock = aMock()
    expect(expectValidation(() => register.updateSystemAccessPackages(mock, aCaller(), STANDARD_SYSTEM, [{ urn: REGNSKAPSFORER }]))).toEqual([V.SystemRegisterNotAssignablePackageOnVisibleSystem.code])
    register.updateSystemAccessPackages(mock, aCaller(), AGENT_SYSTEM, [{ urn: REGNSKAPSFORER }, { urn: 'urn:altinn:accesspackage:ansvarlig-revisor' }])
    expect(mock.store.systems.get(AGENT_SYSTEM)!.accessPackages).toHaveLength(2)
  })

  it('answers VLD-00007 and VLD-00008 for doubled and unknown packages', () => {
    expect(expectValidation(() => register.updateSystemAccessPackages(aMock(), aCaller(), STANDARD_SYSTEM, [{ urn: JORDBRUK }, { urn: JORDBRUK }]))).toEqual([V.SystemRegisterDuplicateAccessPackages.code])
    expect(expectValidation(() => register.updateSystemAccessPackages(aMock(), aCaller(), STANDARD_SYSTEM, [{ urn: 'urn:altinn:accesspackage:nope' }]))).toEqual([V.SystemRegisterInvalidAccessPackage.code])
  })

  it('answers 400 text for a deleted system, 404 text for an unknown one and a bodiless 403 for another vendor', () => {
    const mock = aMock()
    register.deleteSystem(mock, aCaller(), STANDARD_SYSTEM)
    expect(expectPlain(() => register.updateSystemRights(mock, aCaller(), STANDARD_SYSTEM, []), 400).text).toBe('Cannot update a system marked as deleted.')
    expect(expectPlain(() => register.updateSystemAccessPackages(mock, aCaller(), STANDARD_SYSTEM, []), 400).text).toBe('Cannot update a system marked as deleted.')
    expect(expectPlain(() => register.updateSystemRights(mock, aCaller(), `${SMARTCLOUD}_nope`, []), 404).text).toBe(`System with ID '${SMARTCLOUD}_nope' not found.`)
    expectForbidden(() => register.updateSystemAccessPackages(mock, aCaller({ orgNo: KONKURRENT }), AGENT_SYSTEM, []))
  })
})

describe('deleting a system (DELETE systemregister/vendor/{id})', () => {
  it('soft-deletes it: gone from the list, still readable, its client ids released', () => {
    const mock = aMock()
    register.deleteSystem(mock, aCaller(), STANDARD_SYSTEM)
    expect(mock.store.systems.get(STANDARD_SYSTEM)).toMatchObject({ isDeleted: true, clientIds: [] })
    expect(register.findSystemByClientId(mock, STANDARD_CLIENT_ID)).toBeUndefined()
    expect(register.listVisibleSystems(mock).map((s) => s.systemId)).not.toContain(STANDARD_SYSTEM)
  })

  it('answers ASP.NET\'s 400 {"return": ["System not found"]} for an unknown or already deleted system', () => {
    const mock = aMock()
    expect(expectPlain(() => register.deleteSystem(mock, aCaller(), `${SMARTCLOUD}_nope`), 400).modelErrors).toEqual({ return: ['System not found'] })
    register.deleteSystem(mock, aCaller(), STANDARD_SYSTEM)
    expect(expectPlain(() => register.deleteSystem(mock, aCaller(), STANDARD_SYSTEM), 400).modelErrors).toEqual({ return: ['System not found'] })
  })

  it('answers a bodiless 403 to another vendor and leaves the system alone', () => {
    const mock = aMock()
    expectForbidden(() => register.deleteSystem(mock, aCaller({ orgNo: KONKURRENT }), STANDARD_SYSTEM))
    expect(mock.store.systems.get(STANDARD_SYSTEM)!.isDeleted).toBe(false)
  })
})

describe('the change log (GET systemregister/vendor/{id}/changelog)', () => {
  it('records each change with its type, the caller\'s org and client id, and the time', () => {
    const mock = aMock()
    const caller = aCaller({ clientId: 'the-vendors-client' })
    const internalId = register.createSystem(mock, caller, aRegistration())
    const id = `${SMARTCLOUD}_unit`
    mock.clock.advance(1000)
    register.updateSystem(mock, caller, id, aRegistration())
    register.updateSystemRights(mock, caller, id, [aRight(SKATTEGRUNNLAG)])
    register.updateSystemAccessPackages(mock, caller, id, [{ urn: JORDBRUK }])
    register.deleteSystem(mock, caller, id)
    const log = register.getSystemChangelog(mock, caller, id)
    expect(log.map((c) => c.changeType)).toEqual(['create', 'update', 'rightsupdate', 'accesspackageupdate', 'delete'])
    expect(log[0]).toMatchObject({ systemInternalId: internalId, changedByOrgNumber: SMARTCLOUD, clientId: 'the-vendors-client', created: new Date(T0).toISOString() })
    expect(log[2]!.changedData).toEqual([aRight(SKATTEGRUNNLAG)])
    expect(log[4]!.created).toBe(new Date(T0 + 1000).toISOString())
  })

  it('answers 404 text for an unknown system and a bodiless 403 for another vendor\'s', () => {
    expect(expectPlain(() => register.getSystemChangelog(aMock(), aCaller(), `${SMARTCLOUD}_nope`), 404).text).toBe(`System with ID ${SMARTCLOUD}_nope not found.`)
    expectForbidden(() => register.getSystemChangelog(aMock(), aCaller({ orgNo: KONKURRENT }), STANDARD_SYSTEM))
  })
})

describe("the portal's reads (GET systemregister/{id}, .../rights, .../accesspackages)", () => {
  it('answers a deleted system, as Altinn reads it without an is_deleted filter, and 404 for an unknown one', () => {
    const mock = aMock()
    register.deleteSystem(mock, aCaller(), STANDARD_SYSTEM)
    expect(register.toRegisteredSystemDTO(register.getSystemPublic(mock, STANDARD_SYSTEM))).toMatchObject({ systemId: STANDARD_SYSTEM, rights: [aRight()] })
    expectPlain(() => register.getSystemPublic(mock, `${SMARTCLOUD}_nope`), 404)
  })

  it('answers empty lists for an unknown system and the lists of a deleted one', () => {
    const mock = aMock()
    expect(register.getSystemListsPublic(mock, `${SMARTCLOUD}_nope`)).toEqual({ rights: [], accessPackages: [] })
    register.deleteSystem(mock, aCaller(), AGENT_SYSTEM)
    expect(register.getSystemListsPublic(mock, AGENT_SYSTEM)).toEqual({ rights: [], accessPackages: [{ urn: REGNSKAPSFORER }] })
  })

  it('still counts a deleted system as the vendor\'s own for requests and lists', () => {
    const mock = aMock()
    register.deleteSystem(mock, aCaller(), STANDARD_SYSTEM)
    expect(register.requireOwnedSystem(mock, SMARTCLOUD, STANDARD_SYSTEM).isDeleted).toBe(true)
  })
})
