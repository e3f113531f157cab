/**
 * Attacks on the portal and on what the vendor controls, over both transports: CSRF on every form that changes
 * something (portal and inspector), script in every field a vendor writes (system name and description through the
 * system register, integrationTitle, externalRef, redirectUrl's query), approving or changing another party's
 * things through crafted URLs and forms, and redirects off the allowed list. Each attempt is refused and leaves
 * the state as it was. Sessions, login `next` and CSP are in `portal-security.test.ts`.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { A, aStandardRequest, anAgentRequest, call, CLIENTS, CUSTOMER, DRESS_MINST, FACILITATOR, SMARTCLOUD, STADIG_KONSERT, vendorToken } from '../support/api.ts'
import { transports, useMock } from '../support/transports.ts'
import { PortalBrowser } from './portal-helpers.ts'
import { aRegistration, stateOf } from './vendor-helpers.ts'

const UI = '/accessmanagement/ui'
const REQ = `${A}/systemuser/request/vendor`

/** Payloads that would run or break out of an attribute if a page wrote them unescaped. */
const SCRIPT = '<script>alert(1)</script>'
const IMG = '"><img src=x onerror=alert(1)>'

describe.each(transports)('attacks on the portal over %s', (transport) => {
  const t = useMock(transport)

  interface Scene {
    standard: string
    agent: string
    standardUser: string
    agentUser: string
  }
  let scene: Scene

  /** A standard and an agent request still open, and an approved system user of each kind (the agent one with a client). */
  beforeEach(async () => {
    const token = await vendorToken(t.baseUrl)
    const create = async (path: string, body: unknown) => (await call(t.baseUrl, 'POST', path, { token, body })).body.id as string
    const standard = await create(REQ, aStandardRequest({ externalRef: 'open' }))
    const agent = await create(`${REQ}/agent`, anAgentRequest({ externalRef: 'open' }))
    const standardUser = (await call(t.baseUrl, 'POST', `/__mock/requests/${await create(REQ, aStandardRequest({ externalRef: 'decided' }))}/approve`)).body.systemUser.id
    const agentUser = (await call(t.baseUrl, 'POST', `/__mock/requests/${await create(`${REQ}/agent`, anAgentRequest({ externalRef: 'decided' }))}/approve`)).body.systemUser.id
    expect((await call(t.baseUrl, 'POST', `/__mock/systemusers/${agentUser}/clients`, { body: { orgNo: CLIENTS[1] } })).status).toBe(200)
    scene = { standard, agent, standardUser, agentUser }
  })

  /** Every portal form that changes something, with fields that would be accepted from the right person. */
  function forms(): { name: string; pid: string; orgNo: string; path: string; fields: Record<string, string> }[] {
    const s = scene
    return [
      ...(['approve', 'reject', 'escalate'] as const).flatMap((action) => [
        { name: `standard ${action}`, pid: STADIG_KONSERT, orgNo: CUSTOMER, path: `${UI}/systemuser/request/${action}`, fields: { id: s.standard, party: CUSTOMER } },
        { name: `agent ${action}`, pid: DRESS_MINST, orgNo: FACILITATOR, path: `${UI}/systemuser/agentrequest/${action}`, fields: { id: s.agent, party: FACILITATOR } },
      ]),
      { name: 'self-service create', pid: STADIG_KONSERT, orgNo: CUSTOMER, path: `${UI}/systemuser/create`, fields: { systemId: `${SMARTCLOUD}_smartcloud` } },
      { name: 'delete system user', pid: STADIG_KONSERT, orgNo: CUSTOMER, path: `${UI}/systemuser/${s.standardUser}/delete`, fields: {} },
      { name: 'add client', pid: DRESS_MINST, orgNo: FACILITATOR, path: `${UI}/systemuser/${s.agentUser}/agentdelegation/add`, fields: { clientOrgNo: CLIENTS[0] } },
      { name: 'remove client', pid: DRESS_MINST, orgNo: FACILITATOR, path: `${UI}/systemuser/${s.agentUser}/agentdelegation/remove`, fields: { clientOrgNo: CLIENTS[1] } },
    ]
  }

  it('refuses every portal form without the CSRF token, or with another session\'s, and changes nothing', async () => {
    const before = await stateOf(t.baseUrl)
    const stranger = new PortalBrowser(t.urls.portalUrl)
    await stranger.logInFor(STADIG_KONSERT, CUSTOMER)
    for (const form of forms()) {
      const browser = new PortalBrowser(t.urls.portalUrl)
      await browser.logInFor(form.pid, form.orgNo)
      for (const _csrf of [null, '', stranger.csrf!, `${browser.csrf}x`]) {
        const res = await browser.post(form.path, { ...form.fields, _csrf })
        expect(res.status, `${form.name} with ${_csrf === null ? 'no token' : 'a wrong token'}: ${res.text.slice(0, 200)}`).toBe(403)
        expect(res.text).toContain('Skjemaet kunne ikke sendes')
      }
    }
    expect(await stateOf(t.baseUrl)).toEqual(before)
  })

  it('accepts the same forms with the session\'s own token (so the refusals above are the token\'s doing)', async () => {
    for (const form of forms().filter((f) => !f.name.endsWith('reject') && !f.name.endsWith('escalate'))) {
      const browser = new PortalBrowser(t.urls.portalUrl)
      await browser.logInFor(form.pid, form.orgNo)
      const res = await browser.post(form.path, form.fields)
      expect(res.status, `${form.name}: ${res.text.slice(0, 300)}`).toBe(302)
    }
  })

  it('refuses to change actor or log out without the token, leaving the session as it was', async () => {
    const browser = new PortalBrowser(t.urls.portalUrl)
    await browser.logInFor(STADIG_KONSERT, CUSTOMER)
    expect((await browser.post(`${UI}/reportee`, { orgNo: CUSTOMER, _csrf: null })).status).toBe(403)
    expect((await browser.post(`${UI}/logout`, { _csrf: 'forged' })).status).toBe(403)
    expect((await browser.get(`${UI}/systemuser/overview`)).status).toBe(200)
  })

  it('refuses the inspector\'s forms without its token or from another site, and changes nothing', async () => {
    const before = await stateOf(t.baseUrl)
    const page = await call(t.baseUrl, 'GET', '/__mock/ui')
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!
    const post = (path: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
      call(t.baseUrl, 'POST', path, { body: new URLSearchParams(form).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } })
    const actions: [string, Record<string, string>][] = [
      [`/__mock/ui/requests/${scene.standard}/decide`, { decision: 'approve', pid: STADIG_KONSERT }],
      ['/__mock/ui/clock', { advance: 'P181D' }],
      ['/__mock/ui/reset', {}],
    ]
    for (const [path, form] of actions) {
      expect((await post(path, form)).status, path).toBe(403)
      expect((await post(path, { ...form, _csrf: 'forged' })).status, path).toBe(403)
      expect((await post(path, { ...form, _csrf: token }, { origin: 'https://evil.example' })).status, path).toBe(403)
      expect((await post(path, { ...form, _csrf: token }, { 'sec-fetch-site': 'cross-site' })).status, path).toBe(403)
    }
    expect(await stateOf(t.baseUrl)).toEqual(before)
    expect(t.mock.clock.shifted).toBe(false)
  })

  it('writes script in every field a vendor controls as text: system name and description, integrationTitle, externalRef', async () => {
    const token = await vendorToken(t.baseUrl)
    const systemId = `${SMARTCLOUD}_hostile`
    const registered = await call(t.baseUrl, 'POST', `${A}/systemregister/vendor`, {
      token,
      body: aRegistration({
        id: systemId,
        name: { nb: `${SCRIPT}${IMG}`, nn: SCRIPT, en: IMG },
        description: { nb: `${IMG}${SCRIPT}`, nn: SCRIPT, en: IMG },
        clientId: ['hostile-client'],
        allowedRedirectUrls: ['https://smartcloud.example/receipt'],
        isVisible: true,
      }),
    })
    expect(registered.status, registered.text).toBe(200)
    const body = { systemId, externalRef: `${SCRIPT}${IMG}`, integrationTitle: `${IMG}${SCRIPT}`, redirectUrl: `https://smartcloud.example/receipt?x=${encodeURIComponent(IMG)}` }
    const open = await call(t.baseUrl, 'POST', REQ, { token, body: aStandardRequest(body) })
    expect(open.status, open.text).toBe(201)
    const decided = await call(t.baseUrl, 'POST', REQ, { token, body: aStandardRequest({ ...body, externalRef: `${IMG}2` }) })
    const userId = (await call(t.baseUrl, 'POST', `/__mock/requests/${decided.body.id}/approve`)).body.systemUser.id

    const browser = new PortalBrowser(t.urls.portalUrl)
    await browser.logInFor(STADIG_KONSERT, CUSTOMER)
    const pages = {
      request: await browser.get(open.body.confirmUrl),
      overview: await browser.get(`${UI}/systemuser/overview`),
      systemUser: await browser.get(`${UI}/systemuser/${userId}`),
      create: await browser.get(`${UI}/systemuser/create`),
      inspector: await call(t.baseUrl, 'GET', '/__mock/ui'),
    }
    for (const [name, page] of Object.entries(pages)) {
      expect(page.status, name).toBe(200)
      expect(page.text, name).not.toContain('<script>alert(1)')
      expect(page.text, name).not.toContain('<img src=x')
      expect(page.text, name).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    }
    expect(pages.request.text).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;')
    expect(pages.inspector.text).toContain(`&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;`)
    // The redirect URL's origin goes into the page's form-action, and nothing of its query.
    expect(pages.request.headers.get('content-security-policy')).toContain("form-action 'self' https://smartcloud.example;")
    expect(pages.request.headers.get('content-security-policy')).not.toMatch(/onerror|alert|evil/)
  })

  it('refuses to decide another party\'s request through a crafted URL or form, and changes nothing', async () => {
    // A standard request for the accounting firm, where STADIG KONSERT has no role.
    const token = await vendorToken(t.baseUrl)
    const foreign = (await call(t.baseUrl, 'POST', REQ, { token, body: aStandardRequest({ partyOrgNo: FACILITATOR, externalRef: 'foreign' }) })).body.id
    const before = await stateOf(t.baseUrl)
    const browser = new PortalBrowser(t.urls.portalUrl)
    await browser.logInFor(STADIG_KONSERT, CUSTOMER)

    const page = await browser.get(`${UI}/systemuser/request?id=${foreign}&DONTCHOOSEREPORTEE=true`)
    expect(page.status).toBe(403)
    expect(page.text).not.toContain('name="id"')
    for (const action of ['approve', 'reject', 'escalate']) {
      for (const party of [undefined, CUSTOMER, FACILITATOR]) {
        const res = await browser.post(`${UI}/systemuser/request/${action}`, { id: foreign, ...(party ? { party } : {}) })
        expect(res.status, `${action} with party ${party}`).toBe(403)
        expect(res.text).toMatch(/AUTH-000(41|66)/)
      }
      // The accounting firm's agent request, on its own page's path and on the standard one.
      expect((await browser.post(`${UI}/systemuser/agentrequest/${action}`, { id: scene.agent, party: FACILITATOR })).status).toBe(403)
      expect((await browser.post(`${UI}/systemuser/request/${action}`, { id: scene.agent, party: CUSTOMER })).status).toBeGreaterThanOrEqual(400)
    }
    expect(await stateOf(t.baseUrl)).toEqual(before)
  })

  it('refuses to delete or change another organisation\'s system user through a crafted form, and changes nothing', async () => {
    const before = await stateOf(t.baseUrl)
    const browser = new PortalBrowser(t.urls.portalUrl)
    await browser.logInFor(STADIG_KONSERT, CUSTOMER)
    const deleted = await browser.post(`${UI}/systemuser/${scene.agentUser}/delete`, {})
    expect(deleted.status).toBe(404)
    expect(deleted.text).toContain('AUTH-00015')
    for (const action of ['add', 'remove']) {
      const res = await browser.post(`${UI}/systemuser/${scene.agentUser}/agentdelegation/${action}`, { clientOrgNo: CLIENTS[action === 'add' ? 0 : 1] })
      expect(res.status, action).toBeGreaterThanOrEqual(400)
      expect(res.status, action).toBeLessThan(500)
    }
    // And the other way round: the accounting firm's administrator cannot delete the customer's.
    const dress = new PortalBrowser(t.urls.portalUrl)
    await dress.logInFor(DRESS_MINST, FACILITATOR)
    expect((await dress.post(`${UI}/systemuser/${scene.standardUser}/delete`, {})).status).toBe(404)
    expect(await stateOf(t.baseUrl)).toEqual(before)
  })

  it('stores no redirect URL off the system\'s allowed list, however it is disguised, so none can be sent to', async () => {
    const token = await vendorToken(t.baseUrl)
    const before = await stateOf(t.baseUrl)
    const disguised = [
      'https://evil.example/receipt',
      'http://smartcloud.example/receipt',
      'https://smartcloud.example:8443/receipt',
      'https://smartcloud.example.evil.example/receipt',
      'https://smartcloud.example@evil.example/receipt',
      'https://evil.example/?https://smartcloud.example/receipt',
      'https://smartcloud.example/receipt/../evil',
      'https://smartcloud.example/receiptx',
      '//smartcloud.example/receipt',
      '/receipt',
      'javascript:alert(1)//https://smartcloud.example/receipt',
      'data:text/html,<script>alert(1)</script>',
      'https://smartcloud.example\\@evil.example/receipt',
    ]
    for (const redirectUrl of disguised) {
      for (const [path, body] of [
        [REQ, aStandardRequest({ redirectUrl, externalRef: 'redirect' })],
        [`${REQ}/agent`, anAgentRequest({ redirectUrl, externalRef: 'redirect' })],
      ] as const) {
        const res = await call(t.baseUrl, 'POST', path, { token, body })
        expect(res.status, `${redirectUrl}: ${res.text}`).toBe(400)
        expect(res.body.code, redirectUrl).toBe('AUTH-00021')
      }
    }
    expect(await stateOf(t.baseUrl)).toEqual(before)
  })

  it('sends the person after a decision only to the stored, allowed URL, its query percent-encoded as a header needs', async () => {
    const token = await vendorToken(t.baseUrl)
    const redirectUrl = `https://smartcloud.example/receipt?state=${encodeURIComponent(IMG)}&next=https://evil.example/`
    const created = await call(t.baseUrl, 'POST', REQ, { token, body: aStandardRequest({ redirectUrl, externalRef: 'allowed' }) })
    expect(created.status).toBe(201)
    const browser = new PortalBrowser(t.urls.portalUrl)
    await browser.logIn(STADIG_KONSERT)
    await browser.get(created.body.confirmUrl)
    const res = await browser.post(`${UI}/systemuser/request/approve`, { id: created.body.id })
    expect(res.status).toBe(302)
    expect(res.location).toBe(redirectUrl)
    expect(new URL(res.location!).origin).toBe('https://smartcloud.example')
  })
})
