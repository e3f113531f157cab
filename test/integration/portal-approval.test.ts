import { describe, expect, it } from 'vitest'
import { A, asVendor, call } from '../support/api.ts'
import { transports, useMock } from '../support/transports.ts'
import { PortalBrowser } from '../support/portal-browser.ts'
import { CUSTOMER, DRESS_MINST, FACILITATOR, FLITTIG_ANSATT, FREMMED_TURIST, RECEIPT_URL, STADIG_KONSERT } from '../../mock-server/seed/personas.ts'
import { anAgentRequest, aStandardRequest, RECEIPT_WITH_STATE } from '../support/builders.ts'

const REQUEST_PAGE = '/accessmanagement/ui/systemuser/request'
const AGENT_PAGE = '/accessmanagement/ui/systemuser/agentrequest'

describe.each(transports)('the approval pages over %s', (transport) => {
  const t = useMock(transport)

  async function standardRequest(overrides: Record<string, unknown> = {}) {
    const res = await asVendor(t.baseUrl).post(`${A}/systemuser/request/vendor`, aStandardRequest({ redirectUrl: RECEIPT_WITH_STATE, ...overrides }))
    expect(res.status).toBe(201)
    return res.body as { id: string; confirmUrl: string }
  }

  async function agentRequest(overrides: Record<string, unknown> = {}) {
    const res = await asVendor(t.baseUrl).post(`${A}/systemuser/request/vendor/agent`, anAgentRequest({ redirectUrl: RECEIPT_URL, ...overrides }))
    expect(res.status).toBe(201)
    return res.body as { id: string; confirmUrl: string }
  }

  const statusOf = async (id: string) => (await call(t.baseUrl, 'GET', '/__mock/state')).body.requests.find((r: { id: string }) => r.id === id)

  it('sends a visitor without a session to the login page, with the request page as the way back', async () => {
    const req = await standardRequest()
    const browser = new PortalBrowser(t.urls.portalUrl)
    const res = await browser.get(req.confirmUrl)
    expect(res.status).toBe(302)
    const path = `${REQUEST_PAGE}?id=${req.id}&DONTCHOOSEREPORTEE=true`
    expect(res.location).toBe(`/accessmanagement/ui/login?next=${encodeURIComponent(path)}`)

    const loggedIn = await browser.logIn(STADIG_KONSERT, path)
    expect(loggedIn.location).toBe(path)
    const page = await browser.get(path)
    expect(page.status).toBe(200)
    expect(page.text).toContain('<strong>SmartCloud</strong> ønsker å opprette en systemtilgang')
    expect(page.text).toContain('Krav og betalinger')
    expect(page.text).toContain('>Godkjenn</button>')
    expect(page.text).toContain('>Avvis</button>')
  })

  it('approves, logs the person out and redirects with 302 to the redirectUrl exactly as stored', async () => {
    const redirectUrl = `${RECEIPT_URL}?state=a%20b&x=1&y=%C3%A6#frag`
    const req = await standardRequest({ redirectUrl })
    const browser = new PortalBrowser(t.urls.portalUrl)
    await browser.logIn(STADIG_KONSERT, req.confirmUrl.slice(t.urls.portalUrl.length))
    await browser.get(req.confirmUrl)

    const res = await browser.post(`${REQUEST_PAGE}/approve`, { id: req.id })
    expect(res.status).toBe(302)
    expect(res.location).toBe(redirectUrl)
    expect(res.setCookies.join()).toMatch(/AltinnPortalSession=;.*Max-Age=0/)
    expect(await statusOf(req.id)).toMatchObject({ status: 'Accepted', decidedBy: STADIG_KONSERT })

    const after = await browser.get(req.confirmUrl)
    expect(after.status).toBe(302)
    expect(after.location).toMatch(/^\/accessmanagement\/ui\/login\?next=/)
  })

  it('rejects and sends the person to the logged-out page when the request has no redirectUrl', async () => {
    const req = await standardRequest({ redirectUrl: undefined })
    const browser = new PortalBrowser(t.urls.portalUrl)
    await browser.logIn(STADIG_KONSERT)
    await browser.get(req.confirmUrl)

    const res = await browser.post(`${REQUEST_PAGE}/reject`, { id: req.id })
    expect(res.status).toBe(302)
    expect(res.location).toBe('/accessmanagement/ui/loggedout')
    expect((await statusOf(req.id)).status).toBe('Rejected')
    expect((await browser.get('/accessmanagement/ui/loggedout')).text).toContain('Du er logget ut')
  })

  it('stays in the portal and goes to the overview after the decision when the page was opened with skiplogout=true', async () => {
    const req = await standardRequest()
    const browser = new PortalBrowser(t.urls.portalUrl)
    await browser.logIn(STADIG_KONSERT)
    const page = await browser.get(`${REQUEST_PAGE}?id=${req.id}&DONTCHOOSEREPORTEE=true&skiplogout=true`)
    expect(page.text).toContain('name="skiplogout" value="true"')
    const res = await browser.post(`${REQUEST_PAGE}/approve`, { id: req.id, skiplogout: 'true' })
    expect(res.location).toBe('/accessmanagement/ui/systemuser/overview')
    const overview = await browser.get('/accessmanagement/ui/systemuser/overview')
    expect(overview.status).toBe(200)
    expect(overview.text).toContain('Forespørselen er godkjent.')
  })

  it('shows a decided request as already approved, without buttons, and refuses a second decision with AUTH-00013', async () => {
    const req = await standardRequest()
    const browser = new PortalBrowser(t.urls.portalUrl)
    await browser.logIn(STADIG_KONSERT)
    await browser.get(req.confirmUrl)
    const token = browser.csrf
    expect((await browser.post(`${REQUEST_PAGE}/approve`, { id: req.id })).status).toBe(302)

    const again = new PortalBrowser(t.urls.portalUrl)
    await again.logIn(STADIG_KONSERT)
    const page = await again.get(req.confirmUrl)
    expect(page.text).toContain('Forespørselen er allerede godkjent.')
    expect(page.text).not.toContain('>Godkjenn</button>')
    const second = await again.post(`${REQUEST_PAGE}/reject`, { id: req.id })
    expect(second.status).toBe(409)
    expect(second.text).toContain('AUTH-00013')
    expect((await statusOf(req.id)).status).toBe('Accepted')
    expect(token).not.toBe(again.csrf)
  })

  it('keeps a request older than 180 days open, as Altinn does: the timedOut flag changes nothing for the approver', async () => {
    const req = await standardRequest()
    await call(t.baseUrl, 'POST', '/__mock/clock', { body: { advance: 'P181D' } })
    const browser = new PortalBrowser(t.urls.portalUrl)
    await browser.logIn(STADIG_KONSERT)
    const page = await browser.get(req.confirmUrl)
    expect(page.text).not.toContain('Forespørselen er utløpt.')
    expect(page.text).toContain('>Godkjenn</button>')
    const res = await browser.post(`${REQUEST_PAGE}/approve`, { id: req.id })
    expect(res.status).toBe(302)
    expect(await statusOf(req.id)).toMatchObject({ status: 'Accepted' })
  })

  it('lets FLITTIG ANSATT only escalate: the page offers forwarding, and a posted approval is refused with AUTH-00066', async () => {
    const req = await standardRequest()
    const browser = new PortalBrowser(t.urls.portalUrl)
    await browser.logIn(FLITTIG_ANSATT)
    const page = await browser.get(req.confirmUrl)
    expect(page.status).toBe(200)
    expect(page.text).toContain('Send til tilgangsstyrer')
    expect(page.text).not.toContain('>Godkjenn</button>')

    const approve = await browser.post(`${REQUEST_PAGE}/approve`, { id: req.id })
    expect(approve.status).toBe(403)
    expect(approve.text).toContain('AUTH-00066')
    expect(await statusOf(req.id)).toMatchObject({ status: 'New', escalated: false })

    const escalate = await browser.post(`${REQUEST_PAGE}/escalate`, { id: req.id })
    expect(escalate.status).toBe(302)
    expect(escalate.location).toBe(`${REQUEST_PAGE}?id=${req.id}`)
    expect(await statusOf(req.id)).toMatchObject({ status: 'New', escalated: true })
    expect((await browser.get(escalate.location!)).text).toContain('Forespørselen er sendt til tilgangsstyrerne')
  })

  it('refuses FREMMED TURIST with 403 AUTH-00066, shows nothing of the request, and lets him neither decide nor escalate', async () => {
    const req = await standardRequest()
    const browser = new PortalBrowser(t.urls.portalUrl)
    await browser.logIn(FREMMED_TURIST)
    const page = await browser.get(req.confirmUrl)
    expect(page.status).toBe(403)
    expect(page.text).toContain('AUTH-00066')
    expect(page.text).not.toContain('Krav og betalinger')
    for (const action of ['approve', 'reject', 'escalate']) {
      const res = await browser.post(`${REQUEST_PAGE}/${action}`, { id: req.id })
      expect(res.status).toBe(403)
      expect(res.text).toContain('AUTH-00066')
    }
    expect(await statusOf(req.id)).toMatchObject({ status: 'New', escalated: false })
  })

  it('asks whom to act for when the link lacks DONTCHOOSEREPORTEE=true, and shows the request once the party is chosen', async () => {
    const req = await standardRequest()
    const browser = new PortalBrowser(t.urls.portalUrl)
    await browser.logIn(DRESS_MINST)
    // DRESS MINST acts for the accounting firm; the request is for TILFELDIG SUBTIL APE, where he has no role.
    const path = `${REQUEST_PAGE}?id=${req.id}`
    const none = await browser.get(path)
    expect(none.status).toBe(403)

    const stadig = new PortalBrowser(t.urls.portalUrl)
    await stadig.logIn(STADIG_KONSERT)
    const choose = await stadig.get(path)
    expect(choose.status).toBe(302)
    expect(choose.location).toBe(`/accessmanagement/ui/reportee?next=${encodeURIComponent(path)}`)
    await stadig.get(choose.location!)
    await stadig.post('/accessmanagement/ui/reportee', { orgNo: CUSTOMER })
    expect((await stadig.get(path)).text).toContain('>Godkjenn</button>')
  })

  it('refuses a decision made while acting for another organisation with AUTH-00041 (the core checks the party)', async () => {
    t.mock.addSeed({ persons: [{ pid: '15918800023', name: 'TO ROLLER', relations: [{ orgNo: CUSTOMER, roles: ['DAGL'], accessPackages: [] }, { orgNo: FACILITATOR, roles: ['DAGL'], accessPackages: [] }] }] } as never)
    const req = await standardRequest()
    const browser = new PortalBrowser(t.urls.portalUrl)
    await browser.logInFor('15918800023', FACILITATOR)
    const page = await browser.get(`${REQUEST_PAGE}?id=${req.id}`)
    expect(page.status).toBe(403)
    expect(page.text).toContain('AUTH-00041')
    const res = await browser.post(`${REQUEST_PAGE}/approve`, { id: req.id })
    expect(res.status).toBe(403)
    expect(res.text).toContain('AUTH-00041')
    const forged = await browser.post(`${REQUEST_PAGE}/approve`, { id: req.id, party: FACILITATOR })
    expect(forged.status).toBe(403)
    expect(forged.text).toContain('AUTH-00041')
    expect((await statusOf(req.id)).status).toBe('New')
  })

  it('decides for the party the page was shown for, as Altinn posts the party with the decision, even after a change of actor', async () => {
    t.mock.addSeed({ persons: [{ pid: '15918800023', name: 'TO ROLLER', relations: [{ orgNo: CUSTOMER, roles: ['DAGL'], accessPackages: [] }, { orgNo: FACILITATOR, roles: ['DAGL'], accessPackages: [] }] }] } as never)
    const req = await standardRequest()
    const browser = new PortalBrowser(t.urls.portalUrl)
    await browser.logIn('15918800023')
    const page = await browser.get(req.confirmUrl)
    expect(page.text).toContain(`name="party" value="${CUSTOMER}"`)
    const pageToken = browser.csrf
    await browser.get('/accessmanagement/ui/reportee')
    await browser.post('/accessmanagement/ui/reportee', { orgNo: FACILITATOR })

    const res = await browser.post(`${REQUEST_PAGE}/approve`, { id: req.id, party: CUSTOMER, _csrf: pageToken! })
    expect(res.status).toBe(302)
    expect(await statusOf(req.id)).toMatchObject({ status: 'Accepted', decidedBy: '15918800023' })
  })

  it('shows the agent request as "Godkjenn systemtilgang for dine klienter" and approves it for DRESS MINST', async () => {
    const req = await agentRequest()
    expect(req.confirmUrl).toContain(`${AGENT_PAGE}?id=${req.id}&DONTCHOOSEREPORTEE=true`)
    const browser = new PortalBrowser(t.urls.portalUrl)
    await browser.logIn(DRESS_MINST)
    const page = await browser.get(req.confirmUrl)
    expect(page.text).toContain('<h1 class="ds-heading" data-size="lg">Godkjenn systemtilgang for dine klienter</h1>')
    expect(page.text).toContain('Regnskapsfører med signeringsrettighet')
    const res = await browser.post(`${AGENT_PAGE}/approve`, { id: req.id })
    expect(res.location).toBe(RECEIPT_URL)
    expect(await statusOf(req.id)).toMatchObject({ status: 'Accepted', kind: 'agent' })
  })

  it('keeps the kinds apart: a standard id on the agent page is AUTH-00025, an agent id on the standard page AUTH-00010', async () => {
    const standard = await standardRequest()
    const agent = await agentRequest()
    const browser = new PortalBrowser(t.urls.portalUrl)
    await browser.logIn(DRESS_MINST)
    const wrongAgent = await browser.get(`${AGENT_PAGE}?id=${standard.id}&DONTCHOOSEREPORTEE=true`)
    expect(wrongAgent.status).toBe(400)
    expect(wrongAgent.text).toContain('AUTH-00025')
    const wrongStandard = await browser.get(`${REQUEST_PAGE}?id=${agent.id}&DONTCHOOSEREPORTEE=true`)
    expect(wrongStandard.status).toBe(404)
    expect(wrongStandard.text).toContain('AUTH-00010')
    const approveAsStandard = await browser.post(`${REQUEST_PAGE}/approve`, { id: agent.id })
    expect(approveAsStandard.status).toBe(404)
    expect((await statusOf(agent.id)).status).toBe('New')
  })

  it('answers an unknown or malformed id with a page saying AUTH-00010, never a 500', async () => {
    const browser = new PortalBrowser(t.urls.portalUrl)
    await browser.logIn(STADIG_KONSERT)
    for (const id of ['00000000-0000-0000-0000-000000000000', 'not-a-guid', '<script>', '']) {
      const res = await browser.get(`${REQUEST_PAGE}?id=${encodeURIComponent(id)}&DONTCHOOSEREPORTEE=true`)
      expect(res.status).toBe(404)
      expect(res.text).toContain('AUTH-00010')
      expect(res.text).not.toContain('<script>')
    }
  })
})
