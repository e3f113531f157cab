import { describe, expect, it } from 'vitest'
import { A, anAgentRequest, aStandardRequest, asVendor, call, CUSTOMER, DRESS_MINST, FACILITATOR, STADIG_KONSERT } from '../support/api.ts'
import { transports, useMock } from '../support/transports.ts'
import { csrfTokensOf, PortalBrowser } from './portal-helpers.ts'

const LOGIN = '/accessmanagement/ui/login'
const REQUEST_PAGE = '/accessmanagement/ui/systemuser/request'

describe.each(transports)('the portal\'s sessions, forms and headers over %s', (transport) => {
  const t = useMock(transport)

  async function standardRequest() {
    const res = await asVendor(t.baseUrl).post(`${A}/systemuser/request/vendor`, aStandardRequest())
    expect(res.status).toBe(201)
    return res.body as { id: string; confirmUrl: string }
  }

  const statusOf = async (id: string) => (await call(t.baseUrl, 'GET', '/__mock/state')).body.requests.find((r: { id: string }) => r.id === id)

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
    await browser.get('/accessmanagement/ui/reportee')
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

    expect((await attacker.get('/accessmanagement/ui/systemuser/overview')).status).toBe(302)
    expect((await attacker.get('/accessmanagement/ui/systemuser/overview')).location).toMatch(/^\/accessmanagement\/ui\/login/)
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
    expect((await browser.get('/accessmanagement/ui/systemuser/overview')).status).toBe(302)
  })

  it('logs in a synthetic person number that is not in the seed, who may act for nobody', async () => {
    const browser = new PortalBrowser(t.urls.portalUrl)
    const res = await browser.logIn('15918800023')
    expect(res.location).toBe('/accessmanagement/ui/reportee')
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
      expect(res.location).toBe('/accessmanagement/ui/reportee')
    }
    const browser = new PortalBrowser(t.urls.portalUrl)
    const res = await browser.logIn(STADIG_KONSERT, '/accessmanagement/ui/systemuser/overview?x=1')
    expect(res.location).toBe('/accessmanagement/ui/systemuser/overview?x=1')
  })

  it('changes nothing for a form without the CSRF token, or with another session\'s token', async () => {
    const req = await standardRequest()
    const browser = new PortalBrowser(t.urls.portalUrl)
    await browser.logIn(STADIG_KONSERT)
    await browser.get(req.confirmUrl)
    const other = new PortalBrowser(t.urls.portalUrl)
    await other.get(LOGIN)

    for (const _csrf of [null, '', other.csrf!, `${browser.csrf!}x`, browser.csrf!.slice(1)]) {
      const res = await browser.post(`${REQUEST_PAGE}/approve`, { id: req.id, _csrf })
      expect(res.status).toBe(403)
      expect(res.text).toContain('Skjemaet kunne ikke sendes')
    }
    expect(await statusOf(req.id)).toMatchObject({ status: 'New' })
    const ok = await browser.post(`${REQUEST_PAGE}/approve`, { id: req.id })
    expect(ok.status).toBe(302)
    expect((await statusOf(req.id)).status).toBe('Accepted')
  })

  it('puts the CSRF token in every form that posts, and logs out only with it', async () => {
    const browser = new PortalBrowser(t.urls.portalUrl)
    await browser.logInFor(DRESS_MINST, FACILITATOR)
    const overview = await browser.get('/accessmanagement/ui/systemuser/overview')
    const postForms = overview.text.match(/<form method="post"/g) ?? []
    expect(postForms.length).toBeGreaterThan(0)
    expect(csrfTokensOf(overview.text)).toHaveLength(postForms.length)

    expect((await browser.post('/accessmanagement/ui/logout', { _csrf: null })).status).toBe(403)
    expect((await browser.get('/accessmanagement/ui/systemuser/overview')).status).toBe(200)
    const out = await browser.post('/accessmanagement/ui/logout', {})
    expect(out.location).toBe('/accessmanagement/ui/loggedout')
    expect((await browser.get('/accessmanagement/ui/systemuser/overview')).status).toBe(302)
  })

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

  it('escapes a hostile integration title and hostile query values everywhere they are shown', async () => {
    const hostile = '<img src=x onerror=alert(1)>"\'`&'
    const res = await asVendor(t.baseUrl).post(`${A}/systemuser/request/vendor/agent`, anAgentRequest({ integrationTitle: hostile }))
    expect(res.status).toBe(201)
    const browser = new PortalBrowser(t.urls.portalUrl)
    await browser.logIn(DRESS_MINST)
    const page = await browser.get(res.body.confirmUrl)
    expect(page.text).toContain('&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&#96;&amp;')
    expect(page.text).not.toContain('<img')

    const login = await new PortalBrowser(t.urls.portalUrl).get(`${LOGIN}?next=${encodeURIComponent('/accessmanagement/ui/"><script>alert(1)</script>')}`)
    expect(login.text).not.toContain('<script>')
  })

  it('serves Digdir\'s design system CSS and its theme from the portal', async () => {
    for (const name of ['designsystemet.css', 'theme.css', 'portal.css']) {
      const res = await fetch(`${t.urls.portalUrl}/accessmanagement/ui/assets/${name}`)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('text/css; charset=utf-8')
      expect((await res.text()).length).toBeGreaterThan(1000)
    }
    const css = await (await fetch(`${t.urls.portalUrl}/accessmanagement/ui/assets/designsystemet.css`)).text()
    expect(css).toContain('.ds-button')
    expect((await fetch(`${t.urls.portalUrl}/accessmanagement/ui/assets/..%2Fpackage.json`)).status).toBe(404)
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

  it('ends every portal session when the mock goes back to the seed', async () => {
    const browser = new PortalBrowser(t.urls.portalUrl)
    await browser.logInFor(STADIG_KONSERT, CUSTOMER)
    expect((await browser.get('/accessmanagement/ui/systemuser/overview')).status).toBe(200)
    expect((await call(t.baseUrl, 'POST', '/__mock/reset')).status).toBe(204)
    expect((await browser.get('/accessmanagement/ui/systemuser/overview')).status).toBe(302)
  })
})
