/**
 * No web page can drive the control API or the inspector: every call a page on another site can make without
 * asking (form posts, `fetch` in `no-cors` mode, `sendBeacon`, an `<img>`) is refused and changes nothing, while
 * curl, the SDK, the scenarios and the inspector's own forms keep working. Bodies over 1 MB are refused on every
 * route, and fault rules cannot put a page of their own on the mock's origin.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { getHarness } from '../../mock-server/harness/harness.ts'
import { MAX_BODY_BYTES } from '../../mock-server/kit/router.ts'
import { A, asVendor, call, jsonResponseOf, type JsonResponse, stateOf } from '../support/api.ts'
import { transports, useMock } from '../support/transports.ts'
import { expectHttpProblem } from '../support/problems.ts'
import { STADIG_KONSERT } from '../../mock-server/seed/personas.ts'
import { aStandardRequest } from '../support/builders.ts'

const REQUESTS = `${A}/systemuser/request/vendor`
const SAME_ORIGIN_ONLY = 'The control API answers only same-origin requests and tools such as curl'
/** What a cross-site `<form enctype="text/plain">` sends: a field name and value that together read as JSON. */
const TEXT_PLAIN_JSON = `{"pid":"${STADIG_KONSERT}","x":"="}`
/** The portal's Content-Security-Policy: no script of any kind. */
const PORTAL_CSP = "default-src 'none'; style-src 'self'; font-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

describe.each(transports)('the control API and the inspector over %s', (transport) => {
  const t = useMock(transport)
  afterEach(() => getHarness(t.mock).faults.clear())

  /** Send exactly these headers and this body (no content type is added). */
  async function send(method: string, path: string, options: { body?: string | Uint8Array<ArrayBuffer>; headers?: Record<string, string> } = {}): Promise<JsonResponse> {
    return jsonResponseOf(await fetch(`${t.baseUrl}${path}`, { method, headers: options.headers ?? {}, redirect: 'manual', ...(options.body !== undefined ? { body: options.body } : {}) }))
  }

  async function aNewRequest(externalRef: string): Promise<string> {
    const created = await asVendor(t.baseUrl).post(REQUESTS, aStandardRequest({ externalRef }))
    expect(created.status).toBe(201)
    return created.body.id
  }

  function statusOf(id: string): string | undefined {
    return t.mock.store.requests.get(id)?.status
  }

  /** The mock's own origin with another port: another application on the same host. */
  function anotherPort(): string {
    const url = new URL(t.baseUrl)
    url.port = String(Number(url.port || (url.protocol === 'https:' ? 443 : 80)) + 1)
    return url.origin
  }

  async function inspectorToken(): Promise<string> {
    const page = await call(t.baseUrl, 'GET', '/__mock/ui')
    expect(page.status).toBe(200)
    return /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!
  }

  describe('refuse a page on another site', () => {
    const crossSite: [string, () => Record<string, string>][] = [
      ['Sec-Fetch-Site: cross-site', () => ({ 'sec-fetch-site': 'cross-site' })],
      ['Sec-Fetch-Site: same-site (another port or subdomain)', () => ({ 'sec-fetch-site': 'same-site' })],
      ['Sec-Fetch-Site: cross-site with the own Origin (Sec-Fetch-Site decides)', () => ({ 'sec-fetch-site': 'cross-site', origin: new URL(t.baseUrl).origin })],
      ['Origin of another site', () => ({ origin: 'https://evil.example' })],
      ['Origin of another port on the same host', () => ({ origin: anotherPort() })],
      ['Origin: null (a sandboxed frame or a data: page)', () => ({ origin: 'null' })],
    ]

    it.each(crossSite)('answers 403 to an approval with %s, and decides nothing', async (_name, headers) => {
      const id = await aNewRequest('cross-site-approve')
      const before = await stateOf(t.baseUrl)

      const res = await send('POST', `/__mock/requests/${id}/approve`, { body: TEXT_PLAIN_JSON, headers: { 'content-type': 'text/plain', ...headers() } })

      expect(expectHttpProblem(res, 403)).toMatchObject({ title: 'Forbidden', detail: expect.stringContaining(SAME_ORIGIN_ONLY) })
      expect(statusOf(id)).toBe('New')
      expect(await stateOf(t.baseUrl)).toEqual(before)
    })

    it.each(crossSite)('answers 403 to reset, reject, escalate, the clock and faults with %s, and changes nothing', async (_name, headers) => {
      const id = await aNewRequest('cross-site-reset')
      const before = await stateOf(t.baseUrl)
      const calls: [string, string][] = [
        ['POST', '/__mock/reset'],
        ['POST', `/__mock/requests/${id}/reject`],
        ['POST', `/__mock/requests/${id}/escalate`],
        ['POST', '/__mock/clock'],
        ['POST', '/__mock/faults'],
        ['DELETE', '/__mock/journal'],
      ]
      for (const [method, path] of calls) {
        // JSON as the attacker would like to send it: the origin is refused before the content type is looked at.
        const res = await send(method, path, { body: JSON.stringify({ pid: STADIG_KONSERT, advance: 'P181D', path: '*', status: 500 }), headers: { 'content-type': 'application/json', ...headers() } })
        expect(expectHttpProblem(res, 403).detail, `${method} ${path}`).toContain(SAME_ORIGIN_ONLY)
      }
      expect(await stateOf(t.baseUrl)).toEqual(before)
      expect(t.mock.clock.shifted).toBe(false)
      expect(getHarness(t.mock).faults.list()).toEqual([])
    })

    it.each(crossSite)('answers 403 to a read of the journal, the state and the inspector page with %s', async (_name, headers) => {
      for (const path of ['/__mock/journal?limit=5', '/__mock/state', '/__mock/seed', '/__mock/ui']) {
        const res = await send('GET', path, { headers: headers() })
        expect(expectHttpProblem(res, 403).detail, path).toContain(SAME_ORIGIN_ONLY)
        expect(res.text, path).not.toContain('_csrf')
      }
    })

    it('refuses the inspector\'s forms from another site even with the page\'s own CSRF token', async () => {
      const id = await aNewRequest('cross-site-inspector')
      const token = await inspectorToken()
      const before = await stateOf(t.baseUrl)
      const forms: [string, Record<string, string>][] = [
        [`/__mock/ui/requests/${id}/decide`, { decision: 'approve', pid: STADIG_KONSERT }],
        ['/__mock/ui/clock', { advance: 'P181D' }],
        ['/__mock/ui/reset', {}],
      ]
      for (const [path, form] of forms) {
        for (const headers of [{ 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }, { origin: 'https://evil.example' }, { origin: 'null' }] as Record<string, string>[]) {
          const res = await send('POST', path, { body: new URLSearchParams({ ...form, _csrf: token }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } })
          expect(expectHttpProblem(res, 403).detail, `${path} ${JSON.stringify(headers)}`).toContain(SAME_ORIGIN_ONLY)
        }
      }
      expect(await stateOf(t.baseUrl)).toEqual(before)
      expect(t.mock.clock.shifted).toBe(false)
    })
  })

  describe('let through the mock\'s own pages and tools such as curl', () => {
    const allowed: [string, () => Record<string, string>][] = [
      ['neither header (curl, the SDK, tests)', () => ({})],
      ['Sec-Fetch-Site: same-origin', () => ({ 'sec-fetch-site': 'same-origin' })],
      ['Sec-Fetch-Site: none (an address typed in)', () => ({ 'sec-fetch-site': 'none' })],
      ['the mock\'s own Origin', () => ({ origin: new URL(t.baseUrl).origin })],
      ['Sec-Fetch-Site: same-origin with another Origin (Sec-Fetch-Site decides)', () => ({ 'sec-fetch-site': 'same-origin', origin: 'https://evil.example' })],
    ]

    it.each(allowed)('approves with %s', async (_name, headers) => {
      const id = await aNewRequest('own-approve')

      const res = await send('POST', `/__mock/requests/${id}/approve`, { body: JSON.stringify({ pid: STADIG_KONSERT }), headers: { 'content-type': 'application/json', ...headers() } })

      expect(res.status, res.text).toBe(200)
      expect(res.body).toMatchObject({ request: { id, status: 'Accepted' }, decidedBy: STADIG_KONSERT })
    })

    it('approves and resets with a bodiless POST and no Content-Type, as curl -X POST and the bench send them', async () => {
      const id = await aNewRequest('bodiless')

      const approved = await send('POST', `/__mock/requests/${id}/approve`)
      expect(approved.status, approved.text).toBe(200)
      expect(approved.body).toMatchObject({ request: { status: 'Accepted' }, decidedBy: STADIG_KONSERT })

      expect((await send('POST', '/__mock/reset')).status).toBe(204)
      expect(t.mock.store.requests.size).toBe(0)
    })

    it('takes JSON with parameters in its Content-Type', async () => {
      const res = await send('POST', '/__mock/clock', { body: JSON.stringify({ advance: 'P181D' }), headers: { 'content-type': 'application/json; charset=utf-8' } })

      expect(res.status, res.text).toBe(200)
      expect(t.mock.clock.shifted).toBe(true)
    })

    it('keeps the inspector\'s own form posts working: same-origin, with its CSRF token', async () => {
      const id = await aNewRequest('own-inspector')
      const token = await inspectorToken()

      const res = await send('POST', `/__mock/ui/requests/${id}/decide`, {
        body: new URLSearchParams({ _csrf: token, pid: STADIG_KONSERT, decision: 'approve' }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin', origin: new URL(t.baseUrl).origin },
      })

      expect(res.status).toBe(303)
      expect(res.headers.get('location')).toBe('/__mock/ui?ok=approved')
      expect(statusOf(id)).toBe('Accepted')
    })
  })

  describe('take JSON only on calls that may change something', () => {
    const simpleTypes = [['text/plain'], ['text/plain;charset=UTF-8'], ['application/x-www-form-urlencoded'], ['multipart/form-data; boundary=x']]

    it.each(simpleTypes)('answers 415 to an approval sent as %s, and decides nothing', async (type) => {
      const id = await aNewRequest('text-plain-approve')
      const before = await stateOf(t.baseUrl)

      const res = await send('POST', `/__mock/requests/${id}/approve`, { body: TEXT_PLAIN_JSON, headers: { 'content-type': type } })

      expect(expectHttpProblem(res, 415)).toMatchObject({ title: 'Unsupported Media Type', detail: expect.stringContaining('Content-Type: application/json') })
      expect(statusOf(id)).toBe('New')
      expect(await stateOf(t.baseUrl)).toEqual(before)
    })

    it.each(simpleTypes)('answers 415 to bodiless state-changing calls that name %s, and changes nothing', async (type) => {
      const id = await aNewRequest('text-plain-reset')
      getHarness(t.mock).faults.add({ path: '/healthz', status: 503 })
      const before = await stateOf(t.baseUrl)
      const calls: [string, string][] = [
        ['POST', '/__mock/reset'],
        ['POST', `/__mock/requests/${id}/approve`],
        ['POST', `/__mock/requests/${id}/reject`],
        ['POST', `/__mock/requests/${id}/escalate`],
        ['POST', '/__mock/clock'],
        ['POST', '/__mock/faults'],
        ['DELETE', '/__mock/faults'],
        ['DELETE', '/__mock/journal'],
      ]
      for (const [method, path] of calls) {
        const res = await send(method, path, { headers: { 'content-type': type } })
        expect(expectHttpProblem(res, 415).title, `${method} ${path}`).toBe('Unsupported Media Type')
      }
      expect(await stateOf(t.baseUrl)).toEqual(before)
      expect(getHarness(t.mock).faults.list()).toHaveLength(1)
    })

    it('answers 415 to a body without a Content-Type (a blob posted with no-cors fetch or sendBeacon)', async () => {
      const id = await aNewRequest('blob-approve')
      const before = await stateOf(t.baseUrl)

      const res = await send('POST', `/__mock/requests/${id}/approve`, { body: new TextEncoder().encode(JSON.stringify({ pid: STADIG_KONSERT })) })

      expect(expectHttpProblem(res, 415).detail).toContain('Content-Type: application/json')
      expect(statusOf(id)).toBe('New')
      expect(await stateOf(t.baseUrl)).toEqual(before)
    })

    it('answers 415 to a clock move and a fault rule sent as text/plain', async () => {
      const clock = await send('POST', '/__mock/clock', { body: JSON.stringify({ advance: 'P181D' }), headers: { 'content-type': 'text/plain' } })
      const fault = await send('POST', '/__mock/faults', { body: JSON.stringify({ path: '*', status: 500 }), headers: { 'content-type': 'text/plain' } })

      expectHttpProblem(clock, 415)
      expectHttpProblem(fault, 415)
      expect(t.mock.clock.shifted).toBe(false)
      expect(getHarness(t.mock).faults.list()).toEqual([])
    })
  })

  describe('refuse a body over 1 MB on every route', () => {
    const overLimit = (fields: Record<string, unknown>) => JSON.stringify({ ...fields, padding: 'p'.repeat(MAX_BODY_BYTES) })

    it('answers 413 to an approval with a body over the limit instead of approving as the default person', async () => {
      const id = await aNewRequest('big-approve')
      const before = await stateOf(t.baseUrl)

      const res = await send('POST', `/__mock/requests/${id}/approve`, { body: overLimit({ pid: STADIG_KONSERT }), headers: { 'content-type': 'application/json' } })

      expect(expectHttpProblem(res, 413)).toMatchObject({ title: 'Payload Too Large', detail: expect.stringContaining(String(MAX_BODY_BYTES)) })
      expect(statusOf(id)).toBe('New')
      expect(await stateOf(t.baseUrl)).toEqual(before)
    })

    it('answers 413 on routes without a body schema: reset, reject, clearing faults, deleting a request', async () => {
      const id = await aNewRequest('big-elsewhere')
      getHarness(t.mock).faults.add({ path: '/healthz', status: 503 })
      const before = await stateOf(t.baseUrl)
      const token = await asVendor(t.baseUrl).token()

      for (const [method, path, headers] of [
        ['POST', '/__mock/reset', {}],
        ['POST', `/__mock/requests/${id}/reject`, {}],
        ['DELETE', '/__mock/faults', {}],
        ['DELETE', `${REQUESTS}/${id}`, { authorization: `Bearer ${token}` }],
      ] as const) {
        const res = await send(method, path, { body: overLimit({}), headers: { 'content-type': 'application/json', ...headers } })
        expect(expectHttpProblem(res, 413).title, `${method} ${path}`).toBe('Payload Too Large')
      }
      expect(await stateOf(t.baseUrl)).toEqual(before)
      expect(getHarness(t.mock).faults.list()).toHaveLength(1)
    })

    it('takes a body of exactly the limit', async () => {
      const id = await aNewRequest('exact-limit')
      const head = `{"pid":"${STADIG_KONSERT}","padding":"`
      const body = `${head}${'p'.repeat(MAX_BODY_BYTES - head.length - 2)}"}`
      expect(Buffer.byteLength(body)).toBe(MAX_BODY_BYTES)

      const res = await send('POST', `/__mock/requests/${id}/approve`, { body, headers: { 'content-type': 'application/json' } })

      expect(res.status, res.text.slice(0, 300)).toBe(200)
      expect(res.body).toMatchObject({ decidedBy: STADIG_KONSERT })
    })
  })

  describe('serve fault bodies as the mock\'s own answers', () => {
    const SCRIPT_PAGE = '<!doctype html><script>fetch("/__mock/reset",{method:"POST"})</script>'
    const hostileHeaders = { 'Content-Type': 'text/html', 'Content-Security-Policy': "script-src 'unsafe-inline'", 'X-Content-Type-Options': 'sniff', 'X-Frame-Options': 'ALLOWALL' }

    it('serves a fault on a portal page as text with the portal\'s CSP and nosniff, whatever the rule asked for', async () => {
      const added = await call(t.baseUrl, 'POST', '/__mock/faults', { body: { path: '/accessmanagement/ui/*', status: 200, body: SCRIPT_PAGE, contentType: 'text/html; charset=utf-8', headers: hostileHeaders } })
      expect(added.status).toBe(201)

      const res = await fetch(`${t.urls.portalUrl}/accessmanagement/ui/systemuser/overview`, { redirect: 'manual' })

      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8')
      expect(res.headers.get('content-security-policy')).toBe(PORTAL_CSP)
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('x-frame-options')).toBe('DENY')
      expect(await res.text()).toBe(SCRIPT_PAGE)
    })

    it('keeps a JSON fault body JSON on a portal page, with the same headers', async () => {
      await call(t.baseUrl, 'POST', '/__mock/faults', { body: { path: '/accessmanagement/ui/*', status: 503, body: { message: 'Altinn er midlertidig utilgjengelig' } } })

      const res = await fetch(`${t.urls.portalUrl}/accessmanagement/ui/systemuser/overview`, { redirect: 'manual' })

      expect(res.status).toBe(503)
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8')
      expect(res.headers.get('content-security-policy')).toBe(PORTAL_CSP)
      expect(await res.json()).toEqual({ message: 'Altinn er midlertidig utilgjengelig' })
    })

    it('lets an API fault keep its content type (an HTML gateway page) but never its own CSP', async () => {
      await call(t.baseUrl, 'POST', '/__mock/faults', { body: { path: `${REQUESTS}/*`, status: 502, body: SCRIPT_PAGE, headers: hostileHeaders } })

      const res = await fetch(`${t.baseUrl}${REQUESTS}/00000000-0000-0000-0000-000000000000`)

      expect(res.status).toBe(502)
      expect(res.headers.get('content-type')).toBe('text/html')
      expect(res.headers.get('content-security-policy')).toBe(PORTAL_CSP)
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    })

    it('refuses a rule whose header would break the answer (a line break) with 400, and adds nothing', async () => {
      const res = await call(t.baseUrl, 'POST', '/__mock/faults', { body: { path: '/healthz', status: 503, headers: { 'x-note': 'a\r\nset-cookie: planted=1' }, contentType: 'text/plain\r\nx: y' } })

      const problem = expectHttpProblem(res, 400)
      expect(Object.keys(problem.errors as object).sort()).toEqual(['$.contentType', '$.headers.x-note'])
      expect(getHarness(t.mock).faults.list()).toEqual([])
      expect((await call(t.baseUrl, 'GET', '/healthz')).status).toBe(200)
    })
  })
})
