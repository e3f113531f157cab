import { describe, expect, it } from 'vitest'
import { A, asVendor, call, jsonResponseOf, type JsonResponse, stateOf, vendorToken } from '../support/api.ts'
import { transports, useMock } from '../support/transports.ts'
import { expectAltinnProblem, expectHttpProblem } from '../support/problems.ts'
import { CUSTOMER, KRAV, RECEIPT_URL, SMARTCLOUD, STADIG_KONSERT, STANDARD_SYSTEM } from '../../mock-server/seed/personas.ts'
import { anAgentRequest, aRegistration as aRegistrationFor, aStandardRequest } from '../support/builders.ts'

const REQ = `${A}/systemuser/request/vendor`
const AGENT = `${A}/systemuser/request/vendor/agent`
const REGISTER = `${A}/systemregister/vendor`
const LONG = 'x'.repeat(10_000)

const NEW_SYSTEM = `${SMARTCLOUD}_badinput`

function aRegistration(overrides: Record<string, unknown> = {}) {
  return aRegistrationFor({ id: NEW_SYSTEM, clientId: ['bad-input-client'], ...overrides })
}

/** Every JSON-taking endpoint a vendor can reach, with a body it would accept. */
const bodyRoutes: [string, string, string, () => unknown][] = [
  ['create a standard request', 'POST', REQ, () => aStandardRequest()],
  ['create an agent request', 'POST', AGENT, () => anAgentRequest()],
  ['register a system', 'POST', REGISTER, () => aRegistration()],
  ['update a system', 'PUT', `${REGISTER}/${STANDARD_SYSTEM}`, () => aRegistration({ id: STANDARD_SYSTEM, clientId: [] })],
  ['replace rights', 'PUT', `${REGISTER}/${STANDARD_SYSTEM}/rights`, () => []],
  ['replace access packages', 'PUT', `${REGISTER}/${STANDARD_SYSTEM}/accesspackages`, () => []],
]

describe.each(transports)('bad request bodies over %s', (transport) => {
  const t = useMock(transport)

  /** Send raw bytes as the vendor; assert a 4xx problem (or Altinn's own 4xx) and that nothing changed. */
  async function rejected(method: string, path: string, body: string | undefined, headers: Record<string, string> = { 'content-type': 'application/json' }): Promise<JsonResponse> {
    const before = await stateOf(t.baseUrl)
    const token = await vendorToken(t.baseUrl)
    const res = await jsonResponseOf(await fetch(`${t.baseUrl}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...headers }, ...(body !== undefined ? { body } : {}) }))
    expect(res.status, res.text.slice(0, 500)).toBeGreaterThanOrEqual(400)
    expect(res.status, res.text.slice(0, 500)).toBeLessThan(500)
    expect(await stateOf(t.baseUrl)).toEqual(before)
    return res
  }

  describe.each(bodyRoutes)('to %s', (_, method, path, valid) => {
    it.each([
      ['{'],
      ['{"systemId":}'],
      ['[1, 2'],
      ["{'systemId': 'x'}"],
      ['{"a": 1,}'],
      ['undefined'],
      ['NaN'],
      ['"unterminated'],
      ['{"a": "\\ud800"'],
      ['['.repeat(100_000)],
    ])('answers a 400 problem for the malformed JSON %.40j', async (raw) => {
      expectHttpProblem(await rejected(method, path, raw), 400)
    })

    it('answers a 400 problem for JSON nested 50 000 deep', async () => {
      expectHttpProblem(await rejected(method, path, `${'['.repeat(50_000)}${']'.repeat(50_000)}`), 400)
      expectHttpProblem(await rejected(method, path, `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`), 400)
    })

    it('answers a 400 problem for an empty body and for a body of only spaces', async () => {
      expectHttpProblem(await rejected(method, path, ''), 400)
      expectHttpProblem(await rejected(method, path, '   \n  '), 400)
    })

    it.each([['text/plain'], ['application/xml'], ['application/x-www-form-urlencoded'], ['multipart/form-data; boundary=x']])('answers a 415 problem for Content-Type %s', async (type) => {
      expectHttpProblem(await rejected(method, path, JSON.stringify(valid()), { 'content-type': type }), 415)
    })

    it('answers a 415 problem for a JSON body without Content-Type', async () => {
      expectHttpProblem(await rejected(method, path, JSON.stringify(valid()), {}), 415)
    })

    it('answers a 413 problem for a body over 1 MB', async () => {
      const big = JSON.stringify({ ...(valid() as object), padding: 'p'.repeat(1024 * 1024) })
      expectHttpProblem(await rejected(method, path, big), 413)
    })

    it.each([['null'], ['42'], ['"a string"'], ['true']])('answers a 400 problem for the JSON value %s where an object or array belongs', async (raw) => {
      expectHttpProblem(await rejected(method, path, raw), 400)
    })
  })

  it.each([
    ['systemId a number', { systemId: 318882703 }, '$.systemId'],
    ['partyOrgNo a number', { partyOrgNo: 312091437 }, '$.partyOrgNo'],
    ['rights a string', { rights: KRAV }, '$.rights'],
    ['a right whose resource is a string', { rights: [{ resource: KRAV }] }, '$.rights[0].resource'],
    ['a resource pair whose value is a number', { rights: [{ resource: [{ id: 'urn:altinn:resource', value: 1 }] }] }, '$.rights[0].resource[0].value'],
    ['accessPackages an object', { accessPackages: { urn: 'urn:altinn:accesspackage:jordbruk' } }, '$.accessPackages'],
    ['externalRef an array', { externalRef: ['a'] }, '$.externalRef'],
    ['redirectUrl an object', { redirectUrl: { href: RECEIPT_URL } }, '$.redirectUrl'],
  ])('answers ASP.NET\'s 400 naming the field when %s', async (_, override, key) => {
    const res = await rejected('POST', REQ, JSON.stringify(aStandardRequest(override)))
    const errors = expectHttpProblem(res, 400).errors as Record<string, string[]>
    expect(Object.keys(errors)).toEqual([key])
    expect(errors[key]![0]).toMatch(/could not be converted/)
  })

  it.each([
    ['systemId', { systemId: undefined }, '$.systemId'],
    ['partyOrgNo', { partyOrgNo: undefined }, '$.partyOrgNo'],
    ['systemId (null)', { systemId: null }, '$.systemId'],
  ])('answers ASP.NET\'s 400 "field is required" without %s', async (_, override, key) => {
    const res = await rejected('POST', REQ, JSON.stringify(aStandardRequest(override)))
    const errors = expectHttpProblem(res, 400).errors as Record<string, string[]>
    expect(errors[key]).toEqual([expect.stringMatching(/field is required/)])
  })

  it('answers 400 for an empty object, naming both required fields', async () => {
    const errors = expectHttpProblem(await rejected('POST', REQ, '{}'), 400).errors as Record<string, string[]>
    expect(Object.keys(errors).sort()).toEqual(['$.partyOrgNo', '$.systemId'])
  })

  it.each([
    ['vendor a string', { vendor: `0192:${SMARTCLOUD}` }],
    ['name a list', { name: ['nb'] }],
    ['name with a number', { name: { nb: 1 } }],
    ['isVisible the string "true"', { isVisible: 'true' }],
    ['clientId a string', { clientId: 'bad-input-client' }],
    ['no vendor', { vendor: undefined }],
    ['no id', { id: undefined }],
  ])('answers a 400 problem to a registration with %s', async (_, override) => {
    expectHttpProblem(await rejected('POST', REGISTER, JSON.stringify(aRegistration(override))), 400)
  })

  it.each([
    ['<script>alert(1)</script>'],
    ['../../../etc/passwd'],
    ['318882703_smartcloud\u0000'],
    ['ø✓😀‮'],
    [LONG],
  ])('answers 404 AUTH-00011 for the hostile systemId %.40j', async (systemId) => {
    expectAltinnProblem(await rejected('POST', REQ, JSON.stringify(aStandardRequest({ systemId }))), 'AUTH-00011')
  })

  it.each([['<script>'], ['../'], ['٣١٢٠٩١٤٣٧'], [LONG]])('answers 400 AUTH-00000 for the hostile partyOrgNo %.40j', async (partyOrgNo) => {
    expectAltinnProblem(await rejected('POST', REQ, JSON.stringify(aStandardRequest({ partyOrgNo }))), 'AUTH-00000')
  })

  it('answers AUTH-00021 for a 10 000-character redirect URL on another path, and AUTH-00001 for a hostile resource', async () => {
    expectAltinnProblem(await rejected('POST', REQ, JSON.stringify(aStandardRequest({ redirectUrl: `https://smartcloud.example/${LONG}` }))), 'AUTH-00021')
    expectAltinnProblem(await rejected('POST', REQ, JSON.stringify(aStandardRequest({ rights: [{ resource: [{ id: 'urn:altinn:resource', value: '<img src=x onerror=alert(1)>' }] }] }))), 'AUTH-00001')
  })

  it('answers 404 AUTH-00012 for an externalRef longer than Altinn\'s 255-character column', async () => {
    expectAltinnProblem(await rejected('POST', REQ, JSON.stringify(aStandardRequest({ externalRef: LONG }))), 'AUTH-00012')
    expectAltinnProblem(await rejected('POST', AGENT, JSON.stringify(anAgentRequest({ externalRef: 'e'.repeat(256) }))), 'AUTH-00012')
    expect((await asVendor(t.baseUrl).post(REQ, aStandardRequest({ externalRef: 'e'.repeat(255) }))).status).toBe(201)
  })

  it('answers a 400 problem for a system id longer than Altinn\'s 255-character column', async () => {
    const errors = expectHttpProblem(await rejected('POST', REGISTER, JSON.stringify(aRegistration({ id: `${SMARTCLOUD}_${LONG}` }))), 400).errors
    expect(errors).toEqual({ '$.id': ['The field id must be a string with a maximum length of 255.'] })
  })

  it('answers validation problems for hostile values in a registration', async () => {
    const res = await rejected('POST', REGISTER, JSON.stringify(aRegistration({ id: '<script>', allowedRedirectUrls: ['javascript:alert(1)', `https://${LONG}`.slice(0, 300) + ' x'], rights: [{ resource: [{ id: '../', value: '<b>' }] }] })))
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('STD-00000')
  })

  it('stores a hostile display name as data and gives it back verbatim as JSON, never as markup', async () => {
    const vendor = asVendor(t.baseUrl)
    const name = { nb: '<script>alert("x")</script>', nn: '../../etc', en: 'ø✓😀' }
    expect((await vendor.post(REGISTER, aRegistration({ name }))).status).toBe(200)
    const read = await vendor.get(`${REGISTER}/${NEW_SYSTEM}`)
    expect(read.headers.get('content-type')).toMatch(/^application\/json/)
    expect(read.body.name).toEqual(name)
  })

  it('ignores __proto__ and constructor keys, names them in X-Mock-Warning, and pollutes no prototype', async () => {
    const raw = `{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}, "systemId": "${STANDARD_SYSTEM}", "partyOrgNo": "${CUSTOMER}", "rights": [{"resource": [{"id": "urn:altinn:resource", "value": "${KRAV}", "__proto__": {"polluted": "yes"}}]}]}`
    const res = await call(t.baseUrl, 'POST', REQ, { token: await vendorToken(t.baseUrl), body: raw })
    expect(res.status).toBe(201)
    const warning = res.headers.get('x-mock-warning')!
    expect(warning).toContain('$.__proto__')
    expect(warning).toContain('$.constructor')
    expect(warning).toContain('$.rights[0].resource[0].__proto__')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined()
    expect(res.body.rights).toEqual([{ resource: [{ id: 'urn:altinn:resource', value: KRAV }] }])
  })

  it('ignores __proto__ inside a name map and keeps the languages', async () => {
    const raw = JSON.stringify(aRegistration({ name: { nb: 'Bad input' } })).replace('"name":{"nb":"Bad input"}', '"name":{"nb":"Bad input","__proto__":{"isAdmin":true}}')
    const res = await call(t.baseUrl, 'POST', REGISTER, { token: await vendorToken(t.baseUrl), body: raw })
    expect(res.status).toBe(200)
    expect(res.headers.get('x-mock-warning')).toContain('$.name.__proto__')
    expect((await asVendor(t.baseUrl).get(`${REGISTER}/${NEW_SYSTEM}`)).body.name).toEqual({ nb: 'Bad input' })
  })

  it('keeps a header out of X-Mock-Warning when a field name carries CR LF', async () => {
    const raw = JSON.stringify({ ...aStandardRequest(), 'x\r\nSet-Cookie: stolen=1': 1, 'ø😀': 2 })
    const res = await call(t.baseUrl, 'POST', REQ, { token: await vendorToken(t.baseUrl), body: raw })
    expect(res.status).toBe(201)
    expect(res.headers.get('set-cookie')).toBeNull()
    expect(res.headers.get('x-mock-warning')).not.toMatch(/[\r\n]/)
    expect(res.headers.get('x-mock-warning')).toContain('Set-Cookie: stolen=1')
  })
})

describe.each(transports)('JSON field binding over %s', (transport) => {
  const t = useMock(transport)

  it('binds field names case-insensitively, as ASP.NET does (SYSTEMID, partyorgno, nested Resource/ID/VALUE)', async () => {
    const raw = JSON.stringify({ SYSTEMID: STANDARD_SYSTEM, partyorgno: CUSTOMER, Rights: [{ RESOURCE: [{ ID: 'urn:altinn:resource', VALUE: KRAV }] }], REDIRECTURL: RECEIPT_URL })
    const res = await call(t.baseUrl, 'POST', REQ, { token: await vendorToken(t.baseUrl), body: raw })
    expect(res.status).toBe(201)
    expect(res.headers.get('x-mock-warning')).toBeNull()
    expect(res.body).toMatchObject({ systemId: STANDARD_SYSTEM, partyOrgNo: CUSTOMER, rights: [{ resource: [{ id: 'urn:altinn:resource', value: KRAV }] }], redirectUrl: RECEIPT_URL })
  })

  it('binds vendor.id and allowedredirecturls in a registration whatever their case', async () => {
    const raw = JSON.stringify({ ID: `${SMARTCLOUD}_cased`, VENDOR: { id: `0192:${SMARTCLOUD}` }, Name: { nb: 'Cased' }, DESCRIPTION: { nb: 'Cased' }, allowedredirecturls: ['https://cased.example/'], isvisible: false })
    const res = await call(t.baseUrl, 'POST', REGISTER, { token: await vendorToken(t.baseUrl), body: raw })
    expect(res.status).toBe(200)
    expect((await asVendor(t.baseUrl).get(`${REGISTER}/${SMARTCLOUD}_cased`)).body).toMatchObject({ vendor: { ID: `0192:${SMARTCLOUD}` }, allowedRedirectUrls: ['https://cased.example/'], isVisible: false })
  })

  it('ignores an unknown field and names it in X-Mock-Warning (a likely typo)', async () => {
    const res = await asVendor(t.baseUrl).post(REQ, { ...aStandardRequest(), externalReference: 'kunde-1', redirectUri: RECEIPT_URL })
    expect(res.status).toBe(201)
    expect(res.body.externalRef).toBe(CUSTOMER)
    expect(res.headers.get('x-mock-warning')).toBe('ignored unknown field(s): $.externalReference, $.redirectUri')
  })

  it('names the ignored field even when the call is refused for another reason', async () => {
    const res = await asVendor(t.baseUrl).post(REQ, { ...aStandardRequest({ partyOrgNo: '999999999' }), rigths: [] })
    expectAltinnProblem(res, 'AUTH-00000')
    expect(res.headers.get('x-mock-warning')).toContain('$.rigths')
  })

  it('ignores the response-only fields a vendor posts back by mistake, and says so', async () => {
    const created = (await asVendor(t.baseUrl).post(REQ, aStandardRequest())).body
    await call(t.baseUrl, 'POST', `/__mock/requests/${created.id}/reject`, { body: { pid: STADIG_KONSERT } })
    const res = await asVendor(t.baseUrl).post(REQ, created)
    expect(res.status).toBe(200)
    expect(res.headers.get('x-mock-warning')).toMatch(/\$\.id.*\$\.status.*\$\.confirmUrl/)
  })
})
