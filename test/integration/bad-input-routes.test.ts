import { describe, expect, it } from 'vitest'
import { A, asVendor, call, stateOf, vendorToken } from '../support/api.ts'
import { transports, useMock } from '../support/transports.ts'
import { expectAltinnProblem, expectBodiless, expectHttpProblem } from '../support/problems.ts'
import { CUSTOMER, STANDARD_SYSTEM } from '../../mock-server/seed/personas.ts'
import { aStandardRequest } from '../support/builders.ts'

const REQ = `${A}/systemuser/request/vendor`
const LONG = 'x'.repeat(10_000)

describe.each(transports)('bad paths, methods and parameters over %s', (transport) => {
  const t = useMock(transport)

  /** Call as the vendor and check that nothing changed and no 5xx came back. */
  async function send(method: string, path: string, body?: unknown) {
    const before = await stateOf(t.baseUrl)
    const res = await call(t.baseUrl, method, path, { token: await vendorToken(t.baseUrl), ...(body !== undefined ? { body } : {}) })
    expect(res.status, res.text.slice(0, 300)).toBeGreaterThanOrEqual(400)
    expect(res.status, res.text.slice(0, 300)).toBeLessThan(500)
    expect(await stateOf(t.baseUrl)).toEqual(before)
    return res
  }

  it.each([
    ['not-a-guid'],
    ['3f2504e0-4f89-41d3-9a0c-0305e82c330'],
    ['3f2504e0-4f89-41d3-9a0c-0305e82c33011'],
    ['3f2504e0-4f89-41d3-9a0c-0305e82c330g'],
    ['%3Cscript%3Ealert(1)%3C%2Fscript%3E'],
    ['..%2F..%2Fetc%2Fpasswd'],
    ['%E2%9C%93%F0%9F%98%80'],
    ['%E0%A4%A'],
    ['x'.repeat(10_000)],
  ])('answers ASP.NET\'s 400 problem for the request id %.60s on every request-id route', async (id) => {
    for (const [method, path] of [['GET', `${REQ}/${id}`], ['GET', `${REQ}/agent/${id}`], ['DELETE', `${REQ}/${id}`]]) {
      const res = await send(method!, path!)
      const problem = expectHttpProblem(res, 400)
      expect(Object.keys(problem.errors as object)).toEqual(['requestId'])
      expect(res.text.length).toBeLessThan(1000)
    }
  })

  it('binds a GUID in the N, B and P forms as ASP.NET does, answering AUTH-00010 for one that is unknown', async () => {
    for (const id of ['3f2504e04f8941d39a0c0305e82c3301', '{3f2504e0-4f89-41d3-9a0c-0305e82c3301}', '(3F2504E0-4F89-41D3-9A0C-0305E82C3301)']) {
      expectAltinnProblem(await send('GET', `${REQ}/${encodeURIComponent(id)}`), 'AUTH-00010')
    }
  })

  it('finds a request by its id in upper case and in the N form', async () => {
    const vendor = asVendor(t.baseUrl)
    const { body } = await vendor.post(REQ, aStandardRequest())
    expect((await vendor.get(`${REQ}/${body.id.toUpperCase()}`)).body.id).toBe(body.id)
    expect((await vendor.get(`${REQ}/${body.id.replaceAll('-', '')}`)).body.id).toBe(body.id)
  })

  it.each([
    ['<script>alert(1)</script>'],
    ['../../etc/passwd'],
    ['ø✓😀'],
    [LONG],
    ['__proto__'],
    ['constructor'],
  ])('answers 404 AUTH-00011 for the hostile system id %.60j in a path', async (systemId) => {
    const encoded = encodeURIComponent(systemId)
    expectAltinnProblem(await send('GET', `${REQ}/bysystem/${encoded}`), 'AUTH-00011')
    expectAltinnProblem(await send('GET', `${A}/systemuser/vendor/bysystem/${encoded}`), 'AUTH-00011')
    expectAltinnProblem(await send('GET', `${REQ}/byexternalref/${encoded}/${CUSTOMER}/${CUSTOMER}`), 'AUTH-00010')
  })

  it.each([['__proto__'], ['constructor'], ['<script>'], [LONG]])('answers the system register\'s own 404s for the hostile system id %.60j', async (systemId) => {
    const encoded = encodeURIComponent(systemId)
    expectBodiless(await send('GET', `${A}/systemregister/vendor/${encoded}`), 404)
    expect((await send('GET', `${A}/systemregister/vendor/${encoded}/changelog`)).status).toBe(404)
    expect((await send('PUT', `${A}/systemregister/vendor/${encoded}/rights`, [])).status).toBe(404)
    expectHttpProblem(await send('DELETE', `${A}/systemregister/vendor/${encoded}`), 400)
  })

  it('answers an empty 404 by query for hostile query values', async () => {
    const q = (v: string) => encodeURIComponent(v)
    expectBodiless(await send('GET', `${A}/systemuser/vendor/byquery?system-id=${q('<script>')}&orgno=${q('../')}&external-ref=${q(LONG)}`), 404)
    expectBodiless(await send('GET', `${A}/systemuser/vendor/byquery?system-id=${STANDARD_SYSTEM}&orgno=${CUSTOMER}&orgno=x&external-ref=`), 404)
  })

  it.each([
    ['GET', `${A}/nope`],
    ['GET', `${A}/systemuser/request/vendor/bysystem/${STANDARD_SYSTEM}/extra`],
    ['GET', `${A}/systemuser/request/vendor/${'a/'.repeat(50)}`],
    ['POST', '/authentication/api/v2/systemuser/request/vendor'],
    ['GET', '/index.html'],
    ['GET', '/__mock/nope'],
    ['GET', `/${LONG}`],
    ['GET', '/%2e%2e/%2e%2e/etc/passwd'],
  ])('answers a 404 problem for the unknown route %s %.80s, echoing at most a short piece of the path', async (method, path) => {
    const res = await send(method, path)
    expectHttpProblem(res, 404)
    expect(res.text.length).toBeLessThan(1000)
  })

  it.each([
    ['PATCH', REQ, 'POST'],
    ['PUT', REQ, 'POST'],
    ['GET', REQ, 'POST'],
    ['POST', `${REQ}/3f2504e0-4f89-41d3-9a0c-0305e82c3301`, 'GET, DELETE'],
    ['DELETE', `${A}/systemregister/vendor`, 'POST, GET'],
    ['PUT', '/healthz', 'GET'],
    ['DELETE', '/__mock/state', 'GET'],
    ['GET', '/__mock/reset', 'POST'],
  ])('answers a 405 problem with Allow for %s %s', async (method, path, allow) => {
    const res = await send(method, path)
    expectHttpProblem(res, 405)
    expect(res.headers.get('allow')!.split(', ').sort()).toEqual(allow.split(', ').sort())
  })

  it('matches Altinn\'s literal path segments case-insensitively, as ASP.NET routing does', async () => {
    const res = await asVendor(t.baseUrl).post('/Authentication/API/v1/SystemUser/Request/Vendor', aStandardRequest())
    expect(res.status).toBe(201)
  })

  it('answers hostile control-API ids with AUTH problems, never a 500', async () => {
    for (const id of ['<script>', '..%2F..', LONG, '__proto__']) {
      expectAltinnProblem(await send('POST', `/__mock/requests/${encodeURIComponent(id)}/approve`), 'AUTH-00010')
      expectAltinnProblem(await send('POST', `/__mock/requests/${encodeURIComponent(id)}/reject`, { pid: '<script>' }), 'AUTH-00010')
      expectAltinnProblem(await send('DELETE', `/__mock/systemusers/${encodeURIComponent(id)}`), 'AUTH-00015')
    }
  })
})
