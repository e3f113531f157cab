import { describe, expect, it } from 'vitest'
import { Scopes, ValidationErrors } from '../../sdk/contract/index.ts'
import { A, asVendor, call, stateOf, vendorToken } from '../support/api.ts'
import { transports, useMock } from '../support/transports.ts'
import { expectBodiless, expectHttpProblem, expectValidationProblem } from '../support/problems.ts'
import { AGENT_SYSTEM, KONKURRENT, KRAV, REGNSKAPSFORER, SKATTEGRUNNLAG, SMARTCLOUD, STANDARD_SYSTEM } from '../../mock-server/seed/personas.ts'
import { aRegistration } from '../support/builders.ts'
import { signedToken, tokenWithoutConsumer, vendorClaims } from '../support/tokens.ts'

const R = `${A}/systemregister`
const NEW_ID = `${SMARTCLOUD}_unit`

describe.each(transports)('the system register over %s', (transport) => {
  const t = useMock(transport)

  it('registers a system and answers 200 with the new internal GUID as a JSON string', async () => {
    const vendor = asVendor(t.baseUrl)
    const res = await vendor.post(`${R}/vendor`, aRegistration())
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    expect(res.body).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    expect(res.text).toBe(JSON.stringify(res.body))
    const read = await vendor.get(`${R}/vendor/${NEW_ID}`)
    expect(read.status).toBe(200)
    expect(read.body).toEqual({
      id: NEW_ID,
      vendor: { ID: `0192:${SMARTCLOUD}` },
      name: { nb: 'Enhetstest', nn: 'Einingstest', en: 'Unit test' },
      description: { nb: 'Et system for tester', nn: 'Eit system for testar', en: 'A system for tests' },
      rights: [{ resource: [{ id: 'urn:altinn:resource', value: KRAV }] }],
      accessPackages: [],
      isDeleted: false,
      clientId: ['unit-client-1'],
      isVisible: true,
      allowedRedirectUrls: ['https://unit.example/back'],
    })
  })

  it('answers a STD-00000 validation problem listing each AUTH.VLD code with its path', async () => {
    const res = await asVendor(t.baseUrl).post(`${R}/vendor`, aRegistration({ id: STANDARD_SYSTEM, allowedRedirectUrls: ['http://plain.example/'] }))
    const codes = expectValidationProblem(res)
    expect(new Set(codes)).toEqual(new Set([ValidationErrors.SystemRegisterSystemIdExists.code, ValidationErrors.SystemRegisterInvalidRedirectUrlFormat.code]))
    const redirect = res.body.validationErrors.find((e: { code: string }) => e.code === ValidationErrors.SystemRegisterInvalidRedirectUrlFormat.code)
    expect(redirect.paths).toEqual(['/registersystemrequest/allowedredirecturls'])
  })

  it('answers VLD-00000 alone for a vendor.ID without 0192:, even to another vendor', async () => {
    const res = await asVendor(t.baseUrl, KONKURRENT).post(`${R}/vendor`, aRegistration({ vendor: { ID: SMARTCLOUD }, allowedRedirectUrls: ['x'] }))
    expect(expectValidationProblem(res)).toEqual([ValidationErrors.SystemRegisterInvalidOrgIdentifier.code])
  })

  it('answers VLD-00008 with Altinn\'s "Invalid Urn Details : " extension on the error', async () => {
    const res = await asVendor(t.baseUrl).post(`${R}/vendor`, aRegistration({ accessPackages: [{ urn: 'urn:altinn:accesspackage:finnes-ikke' }] }))
    expect(expectValidationProblem(res)).toEqual([ValidationErrors.SystemRegisterInvalidAccessPackage.code])
    expect(res.body.validationErrors[0]['Invalid Urn Details : ']).toBe('Not found: urn:altinn:accesspackage:finnes-ikke')
  })

  it('answers a bodiless 403 to another vendor even when the body is invalid, and stores nothing', async () => {
    const before = await stateOf(t.baseUrl)
    expectBodiless(await asVendor(t.baseUrl, KONKURRENT).post(`${R}/vendor`, aRegistration({ allowedRedirectUrls: ['http://x'] })), 403)
    expect(await stateOf(t.baseUrl)).toEqual(before)
  })

  it('answers a bodiless 403 to a token without consumer', async () => {
    const token = await tokenWithoutConsumer(t.mock)
    expectBodiless(await call(t.baseUrl, 'POST', `${R}/vendor`, { token, body: aRegistration() }), 403)
    expectBodiless(await call(t.baseUrl, 'GET', `${R}/vendor`, { token }), 403)
  })

  it('accepts the systemregister.admin scope in place of systemregister.write, for any vendor', async () => {
    const token = await signedToken(t.mock, vendorClaims(t.mock, { scope: Scopes.systemRegisterAdmin, consumer: { ID: `0192:${KONKURRENT}` } }))
    expect((await call(t.baseUrl, 'POST', `${R}/vendor`, { token, body: aRegistration() })).status).toBe(200)
  })

  it('answers a bodiless 403 to a token without a system-register scope', async () => {
    const token = await vendorToken(t.baseUrl, SMARTCLOUD, `${Scopes.requestRead} ${Scopes.requestWrite}`)
    for (const [method, path] of [['POST', `${R}/vendor`], ['GET', `${R}/vendor`], ['GET', `${R}/vendor/${STANDARD_SYSTEM}`], ['DELETE', `${R}/vendor/${STANDARD_SYSTEM}`], ['GET', `${R}/vendor/${STANDARD_SYSTEM}/changelog`]] as const) {
      expectBodiless(await call(t.baseUrl, method, path, { token, ...(method === 'POST' ? { body: aRegistration() } : {}) }), 403)
    }
  })

  it('lists the vendor\'s own systems in the RegisteredSystemDTO shape', async () => {
    const res = await asVendor(t.baseUrl).get(`${R}/vendor`)
    expect(res.status).toBe(200)
    expect(res.body.map((s: { systemId: string }) => s.systemId)).toEqual([STANDARD_SYSTEM, AGENT_SYSTEM, `${SMARTCLOUD}_smartcloud_clientadmin`])
    expect(res.body[1]).toMatchObject({ systemVendorOrgNumber: SMARTCLOUD, systemVendorOrgName: '', isVisible: false, accessPackages: [{ urn: REGNSKAPSFORER }] })
    expect((await asVendor(t.baseUrl, KONKURRENT).get(`${R}/vendor`)).body).toEqual([])
  })

  it('answers an empty 404 for an unknown system and a bodiless 403 for another vendor\'s', async () => {
    expectBodiless(await asVendor(t.baseUrl).get(`${R}/vendor/${SMARTCLOUD}_nope`), 404)
    expectBodiless(await asVendor(t.baseUrl, KONKURRENT).get(`${R}/vendor/${STANDARD_SYSTEM}`), 403)
  })

  it('replaces a registration with PUT and answers {"succeeded": true}', async () => {
    const vendor = asVendor(t.baseUrl)
    const res = await vendor.put(`${R}/vendor/${STANDARD_SYSTEM}`, aRegistration({ id: STANDARD_SYSTEM, clientId: [], allowedRedirectUrls: ['https://new.example/'] }))
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ succeeded: true })
    expect((await vendor.get(`${R}/vendor/${STANDARD_SYSTEM}`)).body).toMatchObject({ clientId: [], allowedRedirectUrls: ['https://new.example/'], name: { nb: 'Enhetstest' } })
  })

  it('answers PUT errors as Altinn does: VLD-00012, 404 text, bodiless 403', async () => {
    const vendor = asVendor(t.baseUrl)
    expect(expectValidationProblem(await vendor.put(`${R}/vendor/${STANDARD_SYSTEM}`, aRegistration({ clientId: [] })))).toEqual([ValidationErrors.SystemRegisterSystemIdMismatch.code])
    const missing = await vendor.put(`${R}/vendor/${SMARTCLOUD}_nope`, aRegistration({ id: `${SMARTCLOUD}_nope` }))
    expect(missing.status).toBe(404)
    expect(missing.headers.get('content-type')).toMatch(/^text\/plain/)
    expect(missing.text).toBe(`System with ID '${SMARTCLOUD}_nope' not found.`)
    expectBodiless(await asVendor(t.baseUrl, KONKURRENT).put(`${R}/vendor/${STANDARD_SYSTEM}`, aRegistration({ id: STANDARD_SYSTEM, vendor: { ID: `0192:${KONKURRENT}` } })), 403)
  })

  it('replaces rights and access packages, judging VLD-00018 by the stored isVisible', async () => {
    const vendor = asVendor(t.baseUrl)
    const rights = await vendor.put(`${R}/vendor/${STANDARD_SYSTEM}/rights`, [{ resource: [{ id: 'urn:altinn:resource', value: SKATTEGRUNNLAG }] }])
    expect(rights.status).toBe(200)
    expect(rights.body).toEqual({ succeeded: true })
    expect(expectValidationProblem(await vendor.put(`${R}/vendor/${STANDARD_SYSTEM}/accesspackages`, [{ urn: REGNSKAPSFORER }]))).toEqual([ValidationErrors.SystemRegisterNotAssignablePackageOnVisibleSystem.code])
    const packages = await vendor.put(`${R}/vendor/${AGENT_SYSTEM}/accesspackages`, [{ urn: REGNSKAPSFORER }, { urn: 'urn:altinn:accesspackage:revisormedarbeider' }])
    expect(packages.body).toEqual({ succeeded: true })
    expect((await vendor.get(`${R}/vendor/${AGENT_SYSTEM}`)).body.accessPackages).toHaveLength(2)
  })

  it('soft-deletes a system: 200 {"succeeded": true}, still readable with isDeleted, then 400 text on updates', async () => {
    const vendor = asVendor(t.baseUrl)
    const res = await vendor.del(`${R}/vendor/${STANDARD_SYSTEM}`)
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ succeeded: true })
    expect((await vendor.get(`${R}/vendor/${STANDARD_SYSTEM}`)).body).toMatchObject({ isDeleted: true, clientId: [] })
    const update = await vendor.put(`${R}/vendor/${STANDARD_SYSTEM}/rights`, [])
    expect(update.status).toBe(400)
    expect(update.text).toBe('Cannot update a system marked as deleted.')
  })

  it('answers ASP.NET\'s model problem {"return": ["System not found"]} when deleting an unknown system', async () => {
    const res = await asVendor(t.baseUrl).del(`${R}/vendor/${SMARTCLOUD}_nope`)
    expect(expectHttpProblem(res, 400).errors).toEqual({ return: ['System not found'] })
  })

  it('answers the change log of a system', async () => {
    const vendor = asVendor(t.baseUrl)
    await vendor.post(`${R}/vendor`, aRegistration())
    await vendor.put(`${R}/vendor/${NEW_ID}/rights`, [])
    const res = await vendor.get(`${R}/vendor/${NEW_ID}/changelog`)
    expect(res.status).toBe(200)
    expect(res.body.map((c: { changeType: string }) => c.changeType)).toEqual(['create', 'rightsupdate'])
    expect(res.body[0]).toMatchObject({ changedByOrgNumber: SMARTCLOUD, clientId: `mock-client-${SMARTCLOUD}` })
    // Altinn's changelog writes the id without the quotes of the PUT's text.
    expect((await vendor.get(`${R}/vendor/${SMARTCLOUD}_nope/changelog`)).text).toBe(`System with ID ${SMARTCLOUD}_nope not found.`)
  })

  it('serves the portal-scoped reads only to the portal scope', async () => {
    expectBodiless(await asVendor(t.baseUrl).get(`${R}`), 403)
    const portal = await vendorToken(t.baseUrl, SMARTCLOUD, Scopes.portal)
    const visible = await call(t.baseUrl, 'GET', R, { token: portal })
    expect(visible.body.map((s: { systemId: string }) => s.systemId)).toEqual([STANDARD_SYSTEM, `${SMARTCLOUD}_smartcloud_clientadmin`])
    expect((await call(t.baseUrl, 'GET', `${R}/${STANDARD_SYSTEM}/rights`, { token: portal })).body).toEqual([{ resource: [{ id: 'urn:altinn:resource', value: KRAV }] }])
    expect((await call(t.baseUrl, 'GET', `${R}/${AGENT_SYSTEM}/accesspackages`, { token: portal })).body).toEqual([{ urn: REGNSKAPSFORER }])
    expect((await call(t.baseUrl, 'GET', `${R}/${AGENT_SYSTEM}`, { token: portal })).body).toMatchObject({ systemId: AGENT_SYSTEM, systemVendorOrgNumber: SMARTCLOUD, isVisible: false })
    expectBodiless(await call(t.baseUrl, 'GET', `${R}/${SMARTCLOUD}_nope`, { token: portal }), 404)
  })

  it('answers a deleted system on the portal read, and empty lists for an unknown one (audit §2 D9)', async () => {
    const portal = await vendorToken(t.baseUrl, SMARTCLOUD, Scopes.portal)
    expect((await asVendor(t.baseUrl).del(`${R}/vendor/${AGENT_SYSTEM}`)).status).toBe(200)
    expect((await call(t.baseUrl, 'GET', `${R}/${AGENT_SYSTEM}`, { token: portal })).body).toMatchObject({ systemId: AGENT_SYSTEM, accessPackages: [{ urn: REGNSKAPSFORER }] })
    for (const list of ['rights', 'accesspackages']) {
      const res = await call(t.baseUrl, 'GET', `${R}/${SMARTCLOUD}_nope/${list}`, { token: portal })
      expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: [] })
    }
  })

  it('answers rights errors one per category, " | "-joined in Altinn\'s extension members, with statusDescription on the problem', async () => {
    const res = await asVendor(t.baseUrl).post(`${R}/vendor`, aRegistration({
      rights: [
        { resource: [{ id: 'urn:altinn:resource', value: 'finnes-ikke' }] },
        { resource: [{ id: 'urn:altinn:resource', value: 'heller-ikke' }] },
        { resource: [{ id: 'urn:altinn:app', value: 'app_x' }] },
      ],
    }))
    expectValidationProblem(res)
    expect(res.body.validationErrors).toEqual([
      { code: ValidationErrors.SystemRegisterInvalidResourceIdFormat.code, title: ValidationErrors.SystemRegisterInvalidResourceIdFormat.title, paths: ['/registersystemrequest/rights/resource'], 'Invalid Resource Id Details : ': 'app_x' },
      { code: ValidationErrors.SystemRegisterResourceIdDoesNotExist.code, title: ValidationErrors.SystemRegisterResourceIdDoesNotExist.title, paths: ['/registersystemrequest/rights/resource'], 'ResourceIds Not Found : ': 'finnes-ikke | heller-ikke' },
    ])
  })

  it('trims the id and vendor.ID of a registration (Altinn\'s TrimStringsActionFilter), on create and on PUT', async () => {
    const vendor = asVendor(t.baseUrl)
    expect((await vendor.post(`${R}/vendor`, aRegistration({ id: ` ${NEW_ID}  `, vendor: { ID: `0192:${SMARTCLOUD} ` } }))).status).toBe(200)
    expect((await vendor.get(`${R}/vendor/${NEW_ID}`)).body).toMatchObject({ id: NEW_ID, vendor: { ID: `0192:${SMARTCLOUD}` } })
    expect((await vendor.put(`${R}/vendor/${NEW_ID}`, aRegistration({ id: `${NEW_ID}\t`, clientId: [] }))).body).toEqual({ succeeded: true })
  })

  it('answers 409 "The System already exist" for a client id named twice on create, says why in X-Mock-Warning, and stores nothing', async () => {
    const before = await stateOf(t.baseUrl)
    const res = await asVendor(t.baseUrl).post(`${R}/vendor`, aRegistration({ clientId: ['twice', 'twice'] }))
    expect(res.status).toBe(409)
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/)
    expect(res.text).toBe(`The System already exist: ${NEW_ID}`)
    expect(res.headers.get('x-mock-warning')).toMatch(/names the same client id twice/)
    expect(await stateOf(t.baseUrl)).toEqual(before)
  })

  it('answers VLD-00011 for client ids doubled on PUT, ignoring case', async () => {
    const res = await asVendor(t.baseUrl).put(`${R}/vendor/${STANDARD_SYSTEM}`, aRegistration({ id: STANDARD_SYSTEM, clientId: ['abc', 'ABC'] }))
    expect(expectValidationProblem(res)).toEqual([ValidationErrors.SystemRegisterDuplicateClientIdInBody.code])
  })

  it('answers VLD-00012 alone on PUT, before the deleted check and the other rules', async () => {
    const vendor = asVendor(t.baseUrl)
    await vendor.del(`${R}/vendor/${STANDARD_SYSTEM}`)
    const res = await vendor.put(`${R}/vendor/${STANDARD_SYSTEM}`, aRegistration({ clientId: ['x', 'x'], rights: [{ resource: [{ id: 'urn:altinn:resource', value: 'nope' }] }] }))
    expect(expectValidationProblem(res)).toEqual([ValidationErrors.SystemRegisterSystemIdMismatch.code])
  })

  it.each([
    ['clientId', 'The clientId field is required.'],
    ['allowedRedirectUrls', 'The allowedRedirectUrls field is required.'],
    ['isVisible', 'The JSON value could not be converted to boolean: got null. Path: $.isVisible.'],
  ])('answers ASP.NET\'s model-state 400 for %s: null, a member that may be left out but is not nullable', async (member, message) => {
    const res = await asVendor(t.baseUrl).post(`${R}/vendor`, aRegistration({ [member]: null }))
    expect(expectHttpProblem(res, 400).errors).toEqual({ [`$.${member}`]: [message] })
    const without: Record<string, unknown> = { ...aRegistration() }
    delete without[member]
    expect((await asVendor(t.baseUrl).post(`${R}/vendor`, without)).status).toBe(200)
  })

  it('routes GET systemregister/vendor/rights to the vendor read of a system named "rights", as ASP.NET\'s precedence does', async () => {
    expectBodiless(await asVendor(t.baseUrl).get(`${R}/vendor/rights`), 404)
  })
})
