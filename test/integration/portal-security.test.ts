/**
 * The portal's security over every transport. Sessions: cookie flags, a new id and token at login, no session
 * fixation, every session ended by a reset. The login: synthetic person numbers only, the login page's token, `next`
 * kept on the portal. CSRF on every form that changes something (the portal's and the inspector's). The headers: a
 * Content-Security-Policy without script whose form-action names only the vendor's redirect origin, nosniff. Script
 * in every field a vendor writes, shown as text. Deciding or changing another party's things through crafted URLs and
 * forms, and redirects off the system's allowed list. Each refused attempt leaves the state as it was.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { CLIENTS, CUSTOMER, DRESS_MINST, FACILITATOR, RECEIPT_URL, SMARTCLOUD, STADIG_KONSERT, STANDARD_SYSTEM } from '../../mock-server/seed/personas.ts'
import { A, asVendor, call, stateOf, vendorToken } from '../support/api.ts'
import { anAgentRequest, aRegistration, aStandardRequest, RECEIPT_WITH_STATE } from '../support/builders.ts'
import { csrfTokensOf, PortalBrowser } from '../support/portal-browser.ts'
import { transports, useMock } from '../support/transports.ts'

const UI = '/accessmanagement/ui'
const LOGIN = `${UI}/login`
const REQUEST_PAGE = `${UI}/systemuser/request`
const REQ = `${A}/systemuser/request/vendor`

/** Payloads that would run or break out of an attribute if a page wrote them unescaped. */
const SCRIPT = '<script>alert(1)</script>'
const IMG = '"><img src=x onerror=alert(1)>'

describe.each(transports)('the portal\'s security over %s', (transport) => {
  const t = useMock(transport)

  /** A standard request of SmartCloud for TILFELDIG SUBTIL APE, back to the receipt page. */
  async function standardRequest() {
    const res = await asVendor(t.baseUrl).post(REQ, aStandardRequest({ redirectUrl: RECEIPT_WITH_STATE }))
    expect(res.status).toBe(201)
    return res.body as { id: string; confirmUrl: string }
  }

  const statusOf = async (id: string) => (await call(t.baseUrl, 'GET', '/__mock/state')).body.requests.find((r: { id: string }) => r.id === id)

  describe('sessions and the login', () => {
    it('sets the session cookie HttpOnly and SameSite=Lax, scoped to the portal, and gives a new id and token at login', async () => {
      const browser = new PortalBrowser(t.urls.portalUrl)
      const login = await browser.get(LOGIN)
      const anonymous = login.setCookies[0]!
      expect(anonymous).toMatch(/^AltinnPortalSession=[A-Za-z0-9_-]{43}; Path=\/accessmanagement\/ui; HttpOnly; SameSite=Lax$/)
      const anonymousToken = browser.csrf

      const res = await browser.post(LOGIN, { pid: STADIG_KONSERT })
      const signedIn = res.setCookies[0]!
      expect(signedIn).toMatch(/; HttpOnly; SameSite=Lax$/)
      expect(signedIn.split(';')[0]).not.toBe(anonymous.split(';')[0])
      await browser.get(`${UI}/reportee`)
      expect(browser.csrf).not.toBe(anonymousToken)
    })

    it('does not accept an anonymous session id planted before login as the logged-in session', async () => {
      const attacker = new PortalBrowser(t.urls.portalUrl)
      await attacker.get(LOGIN)
      const planted = new Map(attacker.cookies)

      const victim = new PortalBrowser(t.urls.portalUrl)
      for (const [k, v] of planted) victim.cookies.set(k, v)
      victim.csrf = attacker.csrf
      await victim.post(LOGIN, { pid: STADIG_KONSERT })

      expect((await attacker.get(`${UI}/systemuser/overview`)).status).toBe(302)
      expect((await attacker.get(`${UI}/systemuser/overview`)).location).toMatch(/^\/accessmanagement\/ui\/login/)
    })

    it('refuses a person number that is not synthetic, saying why, and logs nobody in', async () => {
      const browser = new PortalBrowser(t.urls.portalUrl)
      await browser.get(LOGIN)
      for (const pid of ['03027150095', '12345678901', 'abc', '<b>x</b>']) {
        const res = await browser.post(LOGIN, { pid })
        expect(res.status).toBe(400)
        expect(res.text).toContain('er ikke et syntetisk fødselsnummer')
        expect(res.text).not.toContain('<b>x</b>')
        expect(res.setCookies).toEqual([])
      }
      expect((await browser.get(`${UI}/systemuser/overview`)).status).toBe(302)
    })

    it('logs in a synthetic person number that is not in the seed, who may act for nobody', async () => {
      const browser = new PortalBrowser(t.urls.portalUrl)
      const res = await browser.logIn('15918800023')
      expect(res.location).toBe(`${UI}/reportee`)
      const page = await browser.get(res.location!)
      expect(page.status).toBe(200)
      expect(page.text).toContain('Du har ingen roller eller tilganger i noen virksomhet')
    })

    it('refuses a login form without the token of the login page', async () => {
      const browser = new PortalBrowser(t.urls.portalUrl)
      const res = await browser.post(LOGIN, { pid: STADIG_KONSERT, _csrf: null })
      expect(res.status).toBe(403)
      expect(res.text).toContain('Innloggingen tok for lang tid')
      expect(res.location).toBeNull()
    })

    it('goes only to portal paths after login: absolute URLs, protocol-relative and backslash tricks are ignored', async () => {
      for (const next of ['https://evil.example/', '//evil.example/x', '/\\evil.example', '/accessmanagement/ui//evil.example', 'javascript:alert(1)', '/authentication/api/v1/systemuser/request/vendor']) {
        const browser = new PortalBrowser(t.urls.portalUrl)
        const page = await browser.get(`${LOGIN}?next=${encodeURIComponent(next)}`)
        expect(page.text).not.toContain('name="next"')
        const res = await browser.post(LOGIN, { pid: STADIG_KONSERT, next })
        expect(res.location).toBe(`${UI}/reportee`)
      }
      const browser = new PortalBrowser(t.urls.portalUrl)
      const res = await browser.logIn(STADIG_KONSERT, `${UI}/systemuser/overview?x=1`)
      expect(res.location).toBe(`${UI}/systemuser/overview?x=1`)
    })

    it('ends every portal session when the mock goes back to the seed', async () => {
      const browser = new PortalBrowser(t.urls.portalUrl)
      await browser.logInFor(STADIG_KONSERT, CUSTOMER)
      expect((await browser.get(`${UI}/systemuser/overview`)).status).toBe(200)
      expect((await call(t.baseUrl, 'POST', '/__mock/reset')).status).toBe(204)
      expect((await browser.get(`${UI}/systemuser/overview`)).status).toBe(302)
    })
  })

  describe('headers, assets and what vendors write', () => {
    it('sends a Content-Security-Policy without script, and lets approval forms lead only to the vendor\'s redirect origin', async () => {
      const req = await standardRequest()
      const browser = new PortalBrowser(t.urls.portalUrl)
      const login = await browser.get(LOGIN)
      const csp = login.headers.get('content-security-policy')!
      expect(csp).toContain("default-src 'none'")
      expect(csp).toContain("form-action 'self';")
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).not.toMatch(/script-src|unsafe-inline/)
      expect(login.headers.get('x-content-type-options')).toBe('nosniff')
      expect(login.text).not.toMatch(/<script|\sstyle="|\son[a-z]+="/i)

      await browser.post(LOGIN, { pid: STADIG_KONSERT })
      const page = await browser.get(req.confirmUrl)
      expect(page.headers.get('content-security-policy')).toContain("form-action 'self' https://smartcloud.example;")
    })

    it('escapes a hostile integration title on the agent request page and hostile query values on the login page', async () => {
      const hostile = '<img src=x onerror=alert(1)>"\'`&'
      const res = await asVendor(t.baseUrl).post(`${REQ}/agent`, anAgentRequest({ integrationTitle: hostile }))
      expect(res.status).toBe(201)
      const browser = new PortalBrowser(t.urls.portalUrl)
      await browser.logIn(DRESS_MINST)
      const page = await browser.get(res.body.confirmUrl)
      expect(page.text).toContain('&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&#96;&amp;')
      expect(page.text).not.toContain('<img')

      const login = await new PortalBrowser(t.urls.portalUrl).get(`${LOGIN}?next=${encodeURIComponent('/accessmanagement/ui/"><script>alert(1)</script>')}`)
      expect(login.text).not.toContain('<script>')
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
          allowedRedirectUrls: [RECEIPT_URL],
          isVisible: true,
        }),
      })
      expect(registered.status, registered.text).toBe(200)
      const body = { systemId, externalRef: `${SCRIPT}${IMG}`, integrationTitle: `${IMG}${SCRIPT}`, redirectUrl: `${RECEIPT_URL}?x=${encodeURIComponent(IMG)}` }
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

    it('serves Digdir\'s design system CSS and its theme from the portal', async () => {
      for (const name of ['designsystemet.css', 'theme.css', 'portal.css']) {
        const res = await fetch(`${t.urls.portalUrl}${UI}/assets/${name}`)
        expect(res.status).toBe(200)
        expect(res.headers.get('content-type')).toBe('text/css; charset=utf-8')
        expect((await res.text()).length).toBeGreaterThan(1000)
      }
      const css = await (await fetch(`${t.urls.portalUrl}${UI}/assets/designsystemet.css`)).text()
      expect(css).toContain('.ds-button')
      expect((await fetch(`${t.urls.portalUrl}${UI}/assets/..%2Fpackage.json`)).status).toBe(404)
    })

    it('answers a form with the wrong content type with 415 and no change', async () => {
      const req = await standardRequest()
      const browser = new PortalBrowser(t.urls.portalUrl)
      await browser.logIn(STADIG_KONSERT)
      await browser.get(req.confirmUrl)
      const res = await fetch(`${t.urls.portalUrl}${REQUEST_PAGE}/approve`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/json', cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
        body: JSON.stringify({ id: req.id, _csrf: browser.csrf }),
      })
      expect(res.status).toBe(415)
      expect((await statusOf(req.id)).status).toBe('New')
    })
  })

  describe('forms, other parties\' things and redirects', () => {
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
          { name: `standard ${action}`, pid: STADIG_KONSERT, orgNo: CUSTOMER, path: `${REQUEST_PAGE}/${action}`, fields: { id: s.standard, party: CUSTOMER } },
          { name: `agent ${action}`, pid: DRESS_MINST, orgNo: FACILITATOR, path: `${UI}/systemuser/agentrequest/${action}`, fields: { id: s.agent, party: FACILITATOR } },
        ]),
        { name: 'self-service create', pid: STADIG_KONSERT, orgNo: CUSTOMER, path: `${UI}/systemuser/create`, fields: { systemId: STANDARD_SYSTEM } },
        { name: 'delete system user', pid: STADIG_KONSERT, orgNo: CUSTOMER, path: `${UI}/systemuser/${s.standardUser}/delete`, fields: {} },
        { name: 'add client', pid: DRESS_MINST, orgNo: FACILITATOR, path: `${UI}/systemuser/${s.agentUser}/agentdelegation/add`, fields: { clientOrgNo: CLIENTS[0] } },
        { name: 'remove client', pid: DRESS_MINST, orgNo: FACILITATOR, path: `${UI}/systemuser/${s.agentUser}/agentdelegation/remove`, fields: { clientOrgNo: CLIENTS[1] } },
      ]
    }

    it('refuses every portal form without the CSRF token, with another session\'s, or with its own lengthened or cut short, and changes nothing', async () => {
      const before = await stateOf(t.baseUrl)
      const stranger = new PortalBrowser(t.urls.portalUrl)
      await stranger.logInFor(STADIG_KONSERT, CUSTOMER)
      for (const form of forms()) {
        const browser = new PortalBrowser(t.urls.portalUrl)
        await browser.logInFor(form.pid, form.orgNo)
        for (const _csrf of [null, '', stranger.csrf!, `${browser.csrf}x`, browser.csrf!.slice(1)]) {
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
      expect((await statusOf(scene.standard)).status).toBe('Accepted')
      expect((await statusOf(scene.agent)).status).toBe('Accepted')
    })

    it('puts the CSRF token in every form that posts, and changes actor or logs out only with it', async () => {
      const browser = new PortalBrowser(t.urls.portalUrl)
      await browser.logInFor(DRESS_MINST, FACILITATOR)
      const overview = await browser.get(`${UI}/systemuser/overview`)
      const postForms = overview.text.match(/<form method="post"/g) ?? []
      expect(postForms.length).toBeGreaterThan(0)
      expect(csrfTokensOf(overview.text)).toHaveLength(postForms.length)

      expect((await browser.post(`${UI}/reportee`, { orgNo: FACILITATOR, _csrf: null })).status).toBe(403)
      expect((await browser.post(`${UI}/logout`, { _csrf: null })).status).toBe(403)
      expect((await browser.post(`${UI}/logout`, { _csrf: 'forged' })).status).toBe(403)
      expect((await browser.get(`${UI}/systemuser/overview`)).status).toBe(200)
      const out = await browser.post(`${UI}/logout`, {})
      expect(out.location).toBe(`${UI}/loggedout`)
      expect((await browser.get(`${UI}/systemuser/overview`)).status).toBe(302)
    })

    it('refuses the inspector\'s forms without its token or from another site, and changes nothing', async () => {
      const before = await stateOf(t.baseUrl)
      const page = await call(t.baseUrl, 'GET', '/__mock/ui')
      const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!
      const post = (path: string, form: Record<string, string>, headers: Record<string, string> = {}) => call(t.baseUrl, 'POST', path, { form, headers })
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

    it('refuses to decide another party\'s request through a crafted URL or form, and changes nothing', async () => {
      // A standard request for the accounting firm, where STADIG KONSERT has no role.
      const token = await vendorToken(t.baseUrl)
      const foreign = (await call(t.baseUrl, 'POST', REQ, { token, body: aStandardRequest({ partyOrgNo: FACILITATOR, externalRef: 'foreign' }) })).body.id
      const before = await stateOf(t.baseUrl)
      const browser = new PortalBrowser(t.urls.portalUrl)
      await browser.logInFor(STADIG_KONSERT, CUSTOMER)

      const page = await browser.get(`${REQUEST_PAGE}?id=${foreign}&DONTCHOOSEREPORTEE=true`)
      expect(page.status).toBe(403)
      expect(page.text).not.toContain('name="id"')
      for (const action of ['approve', 'reject', 'escalate']) {
        for (const party of [undefined, CUSTOMER, FACILITATOR]) {
          const res = await browser.post(`${REQUEST_PAGE}/${action}`, { id: foreign, ...(party ? { party } : {}) })
          expect(res.status, `${action} with party ${party}`).toBe(403)
          expect(res.text).toMatch(/AUTH-000(41|66)/)
        }
        // The accounting firm's agent request, on its own page's path and on the standard one.
        expect((await browser.post(`${UI}/systemuser/agentrequest/${action}`, { id: scene.agent, party: FACILITATOR })).status).toBe(403)
        expect((await browser.post(`${REQUEST_PAGE}/${action}`, { id: scene.agent, party: CUSTOMER })).status).toBeGreaterThanOrEqual(400)
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
      const redirectUrl = `${RECEIPT_URL}?state=${encodeURIComponent(IMG)}&next=https://evil.example/`
      const created = await call(t.baseUrl, 'POST', REQ, { token, body: aStandardRequest({ redirectUrl, externalRef: 'allowed' }) })
      expect(created.status).toBe(201)
      const browser = new PortalBrowser(t.urls.portalUrl)
      await browser.logIn(STADIG_KONSERT)
      await browser.get(created.body.confirmUrl)
      const res = await browser.post(`${REQUEST_PAGE}/approve`, { id: created.body.id })
      expect(res.status).toBe(302)
      expect(res.location).toBe(redirectUrl)
      expect(new URL(res.location!).origin).toBe('https://smartcloud.example')
    })
  })
})
