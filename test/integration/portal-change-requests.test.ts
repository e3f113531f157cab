/**
 * The change-request page at `confirmUrl` over each transport: what it shows (added and removed, by title), who may
 * decide, the decision with logout and the redirect exactly as stored, CSRF, and vendor text shown as text.
 */
import { describe, expect, it } from 'vitest'
import { asVendor, call } from '../support/api.ts'
import { aChangeRequest, aSystemUserWith, changeRequestPath, decisionFor } from '../support/change-requests.ts'
import { transports, useMock } from '../support/transports.ts'
import { PortalBrowser } from '../support/portal-browser.ts'
import { CUSTOMER, FACILITATOR, FLITTIG_ANSATT, FREMMED_TURIST, KRAV, RECEIPT_URL, SKATTEGRUNNLAG, STADIG_KONSERT } from '../../mock-server/seed/personas.ts'
import { aRight } from '../support/builders.ts'

const PAGE = '/accessmanagement/ui/systemuser/changerequest'

describe.each(transports)('the change-request page over %s', (transport) => {
  const t = useMock(transport)

  /** A system user with "Skattegrunnlag" and a change request adding "Krav og betalinger" and removing "Skattegrunnlag". */
  async function aChange(overrides: Record<string, unknown> = {}, system: Record<string, unknown> = {}) {
    const vendor = asVendor(t.baseUrl)
    const systemUserId = await aSystemUserWith(t.baseUrl, vendor, [SKATTEGRUNNLAG], system)
    const res = await vendor.post(changeRequestPath(systemUserId), aChangeRequest({ unwantedRights: [aRight(SKATTEGRUNNLAG)], ...overrides }))
    expect(res.status, res.text).toBe(201)
    return { systemUserId, id: res.body.id as string, confirmUrl: res.body.confirmUrl as string, path: (res.body.confirmUrl as string).slice(t.urls.portalUrl.length) }
  }

  const stateOf = async (id: string) => (await call(t.baseUrl, 'GET', '/__mock/state')).body.changeRequests.find((r: { id: string }) => r.id === id)

  it('sends a visitor to the login page and then shows what is added and what is removed, with the two buttons', async () => {
    const change = await aChange()
    const browser = new PortalBrowser(t.urls.portalUrl)
    const first = await browser.get(change.confirmUrl)
    expect(first.status).toBe(302)
    expect(first.location).toBe(`/accessmanagement/ui/login?next=${encodeURIComponent(change.path)}`)
    await browser.logIn(STADIG_KONSERT, change.path)

    const page = await browser.get(change.path)
    expect(page.status).toBe(200)
    expect(page.text).toContain('<strong>SmartCloud Skatt</strong> ber om godkjenning til å gjøre endringer i systemtilgang')
    expect(page.text).toContain('Dette vil endres i systemtilgangen:')
    expect(page.text).toMatch(/id="rights-added">Denne enkelttjenesten vil legges til<\/h3>\s*<ul class="ds-list"><li>Krav og betalinger<\/li><\/ul>/)
    expect(page.text).toMatch(/id="rights-removed">Denne enkelttjenesten vil fjernes<\/h3>\s*<ul class="ds-list"><li>Skattegrunnlag<\/li><\/ul>/)
    expect(page.text).toContain('>Godkjenn oppdatert systemtilgang</button>')
    expect(page.text).toContain('>Avvis</button>')
    expect(page.headers.get('content-security-policy')).toContain('form-action \'self\' https://smartcloud.example')
  })

  it('approves, logs the person out and redirects with 302 to the redirectUrl exactly as stored; the change holds at once', async () => {
    const redirectUrl = `${RECEIPT_URL}?state=a%20b&y=%C3%A6`
    const change = await aChange({ redirectUrl })
    const browser = new PortalBrowser(t.urls.portalUrl)
    await browser.logIn(STADIG_KONSERT)
    await browser.get(change.path)

    const res = await browser.post(`${PAGE}/approve`, { id: change.id, party: CUSTOMER })
    expect(res.status).toBe(302)
    expect(res.location).toBe(redirectUrl)
    expect(res.setCookies.join()).toMatch(/AltinnPortalSession=;.*Max-Age=0/)
    expect(await stateOf(change.id)).toMatchObject({ status: 'Accepted', decidedBy: STADIG_KONSERT })
    expect(await decisionFor(t.baseUrl, change.systemUserId, KRAV)).toBe('Permit')
    expect(await decisionFor(t.baseUrl, change.systemUserId, SKATTEGRUNNLAG)).toBe('NotApplicable')
    expect((await browser.get(change.path)).location).toMatch(/^\/accessmanagement\/ui\/login\?next=/)
  })

  it('rejects and sends the person to the logged-out page when there is no redirectUrl; the system user keeps its rights', async () => {
    const change = await aChange({ redirectUrl: undefined })
    const browser = new PortalBrowser(t.urls.portalUrl)
    await browser.logIn(STADIG_KONSERT)
    await browser.get(change.path)
    const res = await browser.post(`${PAGE}/reject`, { id: change.id, party: CUSTOMER })
    expect(res.location).toBe('/accessmanagement/ui/loggedout')
    expect((await stateOf(change.id)).status).toBe('Rejected')
    expect(await decisionFor(t.baseUrl, change.systemUserId, SKATTEGRUNNLAG)).toBe('Permit')
  })

  it('shows a decided change request as such, without buttons, and refuses a second decision with AUTH-00013', async () => {
    const change = await aChange()
    expect((await call(t.baseUrl, 'POST', `/__mock/requests/${change.id}/reject`, { body: {} })).status).toBe(200)
    const browser = new PortalBrowser(t.urls.portalUrl)
    await browser.logIn(STADIG_KONSERT)
    const page = await browser.get(change.path)
    expect(page.text).toContain('Denne forespørselen om oppdatering er allerede avvist')
    expect(page.text).not.toContain('Godkjenn oppdatert systemtilgang</button>')
    const again = await browser.post(`${PAGE}/approve`, { id: change.id, party: CUSTOMER })
    expect(again.status).toBe(409)
    expect(again.text).toContain('AUTH-00013')
    expect((await stateOf(change.id)).status).toBe('Rejected')
  })

  it.each([
    ['FLITTIG ANSATT, who is not an access manager', FLITTIG_ANSATT],
    ['FREMMED TURIST, who has no relation to the organisation', FREMMED_TURIST],
  ])('refuses %s with AUTH-00066, on the page and on a posted decision', async (_, pid) => {
    const change = await aChange()
    const browser = new PortalBrowser(t.urls.portalUrl)
    await browser.logIn(pid)
    const page = await browser.get(change.path)
    expect(page.status).toBe(403)
    expect(page.text).toContain('AUTH-00066')
    expect(page.text).not.toContain('Krav og betalinger')
    const posted = await browser.post(`${PAGE}/approve`, { id: change.id, party: CUSTOMER })
    expect(posted.status).toBe(403)
    expect(posted.text).toContain('AUTH-00066')
    expect((await stateOf(change.id)).status).toBe('New')
  })

  it('changes nothing for a decision without the session\'s CSRF token', async () => {
    const change = await aChange()
    const browser = new PortalBrowser(t.urls.portalUrl)
    await browser.logIn(STADIG_KONSERT)
    await browser.get(change.path)
    for (const csrf of [null, 'forged-token']) {
      const res = await browser.post(`${PAGE}/approve`, { id: change.id, party: CUSTOMER, _csrf: csrf })
      expect(res.status).toBe(403)
      expect(res.text).toContain('Skjemaet kunne ikke sendes')
    }
    expect((await stateOf(change.id)).status).toBe('New')
  })

  it('shows what the vendor wrote (system name, integration title) as text, never as markup', async () => {
    const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>'
    const change = await aChange({}, { name: { nb: hostile, nn: hostile, en: hostile }, integrationTitle: `"${hostile}` })
    const browser = new PortalBrowser(t.urls.portalUrl)
    await browser.logIn(STADIG_KONSERT)
    const page = await browser.get(change.path)
    expect(page.status).toBe(200)
    expect(page.text).not.toMatch(/<script|<img/i)
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;')
  })

  it('answers an unknown id with AUTH-00010, and the owner\'s other organisation with AUTH-00041', async () => {
    const change = await aChange()
    const browser = new PortalBrowser(t.urls.portalUrl)
    await browser.logIn(STADIG_KONSERT)
    const unknown = await browser.get(`${PAGE}?id=00000000-0000-4000-8000-000000000000&DONTCHOOSEREPORTEE=true`)
    expect(unknown.status).toBe(404)
    expect(unknown.text).toContain('AUTH-00010')
    const wrongParty = await browser.post(`${PAGE}/approve`, { id: change.id, party: FACILITATOR })
    expect(wrongParty.status).toBe(403)
    expect(wrongParty.text).toContain('AUTH-00041')
  })

  it('stays in the portal after the decision when opened with skiplogout=true', async () => {
    const change = await aChange()
    const browser = new PortalBrowser(t.urls.portalUrl)
    await browser.logIn(STADIG_KONSERT)
    const page = await browser.get(`${change.path}&skiplogout=true`)
    expect(page.text).toContain('name="skiplogout" value="true"')
    const res = await browser.post(`${PAGE}/approve`, { id: change.id, party: CUSTOMER, skiplogout: 'true' })
    expect(res.location).toBe('/accessmanagement/ui/systemuser/overview')
    expect((await browser.get('/accessmanagement/ui/systemuser/overview')).text).toContain('Endringen av systemtilgangen er godkjent.')
  })
})

