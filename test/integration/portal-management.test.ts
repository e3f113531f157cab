import { describe, expect, it } from 'vitest'
import { A, asVendor, call } from '../support/api.ts'
import { transports, useMock } from '../support/transports.ts'
import { PortalBrowser } from '../support/portal-browser.ts'
import { AGENT_SYSTEM, CLIENTS, CUSTOMER, DRESS_MINST, FACILITATOR, FLITTIG_ANSATT, KRAV, NON_CLIENT, SMARTCLOUD, STADIG_KONSERT, STANDARD_SYSTEM } from '../../mock-server/seed/personas.ts'
import { anAgentRequest, aStandardRequest } from '../support/builders.ts'

const UI = '/accessmanagement/ui/systemuser'

describe.each(transports)('the system-user pages over %s', (transport) => {
  const t = useMock(transport)

  async function approvedStandard(): Promise<string> {
    const res = await asVendor(t.baseUrl).post(`${A}/systemuser/request/vendor`, aStandardRequest())
    expect((await call(t.baseUrl, 'POST', `/__mock/requests/${res.body.id}/approve`, { body: { pid: STADIG_KONSERT } })).status).toBe(200)
    return res.body.id
  }

  async function approvedAgent(overrides: Record<string, unknown> = {}): Promise<string> {
    const res = await asVendor(t.baseUrl).post(`${A}/systemuser/request/vendor/agent`, anAgentRequest(overrides))
    expect((await call(t.baseUrl, 'POST', `/__mock/requests/${res.body.id}/approve`, { body: { pid: DRESS_MINST } })).status).toBe(200)
    return res.body.id
  }

  const state = async () => (await call(t.baseUrl, 'GET', '/__mock/state')).body
  const clientsOf = async (id: string) => (await state()).clientDelegations.filter((d: { systemUserId: string }) => d.systemUserId === id).map((d: { clientOrgNo: string }) => d.clientOrgNo)

  it('lists the standard and agent system users of the organisation acted for, and asks whom to act for first', async () => {
    const standard = await approvedStandard()
    const agent = await approvedAgent()
    const browser = new PortalBrowser(t.urls.portalUrl)
    await browser.logIn(STADIG_KONSERT)
    const ask = await browser.get(`${UI}/overview`)
    expect(ask.status).toBe(302)
    expect(ask.location).toBe(`/accessmanagement/ui/reportee?next=${encodeURIComponent(`${UI}/overview`)}`)

    await browser.get(ask.location!)
    expect((await browser.post('/accessmanagement/ui/reportee', { orgNo: CUSTOMER, next: `${UI}/overview` })).location).toBe(`${UI}/overview`)
    const overview = await browser.get(`${UI}/overview`)
    expect(overview.status).toBe(200)
    expect(overview.text).toContain(`href="${UI}/${standard}"`)
    expect(overview.text).not.toContain(agent)

    const dress = new PortalBrowser(t.urls.portalUrl)
    await dress.logInFor(DRESS_MINST, FACILITATOR)
    const firm = await dress.get(`${UI}/overview`)
    expect(firm.text).toContain(`href="${UI}/${agent}"`)
    expect(firm.text).not.toContain(standard)
  })

  it('refuses to act for an organisation the person has no role in', async () => {
    const browser = new PortalBrowser(t.urls.portalUrl)
    await browser.logIn(STADIG_KONSERT)
    await browser.get('/accessmanagement/ui/reportee')
    const res = await browser.post('/accessmanagement/ui/reportee', { orgNo: FACILITATOR })
    expect(res.status).toBe(403)
    expect((await browser.get(`${UI}/overview`)).status).toBe(302)
  })

  it('keeps the overview from an employee who is neither access manager nor client administrator', async () => {
    await approvedStandard()
    const browser = new PortalBrowser(t.urls.portalUrl)
    await browser.logInFor(FLITTIG_ANSATT, CUSTOMER)
    const res = await browser.get(`${UI}/overview`)
    expect(res.status).toBe(403)
    expect(res.text).toContain('Du har ikke tilgang til å se systemtilgangene')
  })

  it('shows a system user with its rights, and answers another organisation\'s system user with 404 AUTH-00015', async () => {
    const standard = await approvedStandard()
    const agent = await approvedAgent()
    const browser = new PortalBrowser(t.urls.portalUrl)
    await browser.logInFor(STADIG_KONSERT, CUSTOMER)
    const page = await browser.get(`${UI}/${standard}`)
    expect(page.status).toBe(200)
    expect(page.text).toContain('Krav og betalinger')
    expect(page.text).toContain('Slett systemtilgang')
    const other = await browser.get(`${UI}/${agent}`)
    expect(other.status).toBe(404)
    expect(other.text).toContain('AUTH-00015')
    expect((await browser.get(`${UI}/${agent}/agentdelegation`)).status).toBe(404)
  })

  it('deletes a standard system user for an access manager; the token lookup finds it no more', async () => {
    const standard = await approvedStandard()
    const lookup = () =>
      call(t.baseUrl, 'POST', '/__mock/tokens', {
        body: { orgNo: SMARTCLOUD, scope: 'skatteetaten:kravogbetalinger', authorization_details: [{ type: 'urn:altinn:systemuser', systemuser_org: { authority: 'iso6523-actorid-upis', ID: `0192:${CUSTOMER}` } }] },
      })
    expect((await lookup()).status).toBe(200)
    const browser = new PortalBrowser(t.urls.portalUrl)
    await browser.logInFor(STADIG_KONSERT, CUSTOMER)
    await browser.get(`${UI}/${standard}`)
    const res = await browser.post(`${UI}/${standard}/delete`, {})
    expect(res.status).toBe(302)
    expect(res.location).toBe(`${UI}/overview`)
    expect((await browser.get(`${UI}/overview`)).text).toContain('Systemtilgangen er slettet.')
    expect((await state()).systemUsers.find((u: { id: string }) => u.id === standard).isDeleted).toBe(true)
    expect((await lookup()).status).toBe(400)
    expect((await asVendor(t.baseUrl).get(`${A}/systemuser/vendor/byquery?system-id=${STANDARD_SYSTEM}&orgno=${CUSTOMER}`)).status).toBe(404)
  })

  it('deletes an agent system user with its client delegations', async () => {
    const agent = await approvedAgent()
    expect((await call(t.baseUrl, 'POST', `/__mock/systemusers/${agent}/clients`, { body: { orgNo: CLIENTS[0] } })).status).toBe(200)
    const browser = new PortalBrowser(t.urls.portalUrl)
    await browser.logInFor(DRESS_MINST, FACILITATOR)
    await browser.get(`${UI}/${agent}`)
    expect((await browser.post(`${UI}/${agent}/delete`, {})).status).toBe(302)
    expect(await clientsOf(agent)).toEqual([])
    expect((await state()).systemUsers.find((u: { id: string }) => u.id === agent).isDeleted).toBe(true)
  })

  it('lists only clients whose relationship covers every package, adds and removes them, and shows the system user with its clients', async () => {
    const agent = await approvedAgent()
    const browser = new PortalBrowser(t.urls.portalUrl)
    await browser.logInFor(DRESS_MINST, FACILITATOR)
    const page = await browser.get(`${UI}/${agent}/agentdelegation`)
    expect(page.status).toBe(200)
    for (const c of CLIENTS) expect(page.text).toContain(`name="clientOrgNo" value="${c}"`)
    expect(page.text).not.toContain(NON_CLIENT)

    expect((await browser.post(`${UI}/${agent}/agentdelegation/add`, { clientOrgNo: CLIENTS[0] })).location).toBe(`${UI}/${agent}/agentdelegation`)
    await browser.get(`${UI}/${agent}/agentdelegation`)
    await browser.post(`${UI}/${agent}/agentdelegation/add`, { clientOrgNo: CLIENTS[1] })
    await browser.get(`${UI}/${agent}/agentdelegation`)
    await browser.post(`${UI}/${agent}/agentdelegation/remove`, { clientOrgNo: CLIENTS[0] })
    expect(await clientsOf(agent)).toEqual([CLIENTS[1]])

    const details = await browser.get(`${UI}/${agent}`)
    expect(details.text).toContain('LYSEGRØNN FLEKKETE ELG AS (org.nr. 315 465 222) er fjernet.')
    const shown = details.text.slice(details.text.indexOf('id="clients-heading"'))
    expect([...shown.slice(0, shown.indexOf('</section>')).matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1])).toEqual(['SPRUDLENDE HØFLIG MÅKE AS (org.nr. 312 659 298)'])
  })

  it('refuses a client outside the firm\'s clients with AUTH-00079, and one whose relationship lacks a package with AUTH-00080', async () => {
    t.mock.addSeed({ clientRelations: [{ facilitatorOrgNo: FACILITATOR, clientOrgNo: NON_CLIENT, roles: ['REVI'], accessPackages: [] }] } as never)
    const agent = await approvedAgent()
    const browser = new PortalBrowser(t.urls.portalUrl)
    await browser.logInFor(DRESS_MINST, FACILITATOR)
    const page = await browser.get(`${UI}/${agent}/agentdelegation`)
    expect(page.text).not.toContain(`value="${NON_CLIENT}"`) // REVI does not carry the accounting package
    const missing = await browser.post(`${UI}/${agent}/agentdelegation/add`, { clientOrgNo: NON_CLIENT })
    expect(missing.status).toBe(400)
    expect(missing.text).toContain('AUTH-00080')
    const unknown = await browser.post(`${UI}/${agent}/agentdelegation/add`, { clientOrgNo: SMARTCLOUD })
    expect(unknown.status).toBe(400)
    expect(unknown.text).toContain('AUTH-00079')
    expect(await clientsOf(agent)).toEqual([])
  })

  it('lets only a client administrator manage clients: the page and a posted form with a valid token are both refused', async () => {
    const agent = await approvedAgent()
    t.mock.addSeed({ persons: [{ pid: '15918800023', name: 'BARE TILGANGSSTYRER', relations: [{ orgNo: FACILITATOR, roles: [], accessPackages: ['tilgangsstyrer'] }] }] } as never)
    const browser = new PortalBrowser(t.urls.portalUrl)
    await browser.logInFor('15918800023', FACILITATOR)
    const details = await browser.get(`${UI}/${agent}`)
    expect(details.status).toBe(200)
    expect(details.text).not.toContain('Legg til klient')
    const page = await browser.get(`${UI}/${agent}/agentdelegation`)
    expect(page.status).toBe(403)
    expect(page.text).toContain('AUTH-00044')
    const res = await browser.post(`${UI}/${agent}/agentdelegation/add`, { clientOrgNo: CLIENTS[0] })
    expect(res.status).toBe(403)
    expect(res.text).toContain('AUTH-00044')
    expect(await clientsOf(agent)).toEqual([])
  })

  it('refuses deletion to a client administrator who is not an access manager (AUTH-00024), changing nothing', async () => {
    const agent = await approvedAgent()
    t.mock.addSeed({ persons: [{ pid: '15918800104', name: 'BARE KLIENTADMIN', relations: [{ orgNo: FACILITATOR, roles: [], accessPackages: ['klientadministrator'] }] }] } as never)
    const browser = new PortalBrowser(t.urls.portalUrl)
    await browser.logInFor('15918800104', FACILITATOR)
    const details = await browser.get(`${UI}/${agent}`)
    expect(details.text).not.toContain('Slett systemtilgang')
    const res = await browser.post(`${UI}/${agent}/delete`, {})
    expect(res.status).toBe(403)
    expect(res.text).toContain('AUTH-00024')
    expect((await state()).systemUsers.find((u: { id: string }) => u.id === agent).isDeleted).toBe(false)
  })

  it('creates a system user from a visible system with every right of it, and shows AUTH-00004 when one exists', async () => {
    const browser = new PortalBrowser(t.urls.portalUrl)
    await browser.logInFor(STADIG_KONSERT, CUSTOMER)
    const list = await browser.get(`${UI}/create`)
    expect(list.text).toContain(`value="${STANDARD_SYSTEM}"`)
    expect(list.text).not.toContain(AGENT_SYSTEM) // not visible

    const confirm = await browser.get(`${UI}/create?systemId=${STANDARD_SYSTEM}`)
    expect(confirm.text).toContain('Krav og betalinger')
    const created = await browser.post(`${UI}/create`, { systemId: STANDARD_SYSTEM })
    expect(created.status).toBe(302)
    const id = created.location!.split('/').pop()!
    const user = (await state()).systemUsers.find((u: { id: string }) => u.id === id)
    expect(user).toMatchObject({ reporteeOrgNo: CUSTOMER, externalRef: CUSTOMER, systemId: STANDARD_SYSTEM, userType: 'standard' })
    expect(user.rights).toEqual([{ resource: [{ id: 'urn:altinn:resource', value: KRAV }] }])

    await browser.get(`${UI}/create?systemId=${STANDARD_SYSTEM}`)
    const again = await browser.post(`${UI}/create`, { systemId: STANDARD_SYSTEM })
    expect(again.status).toBe(400)
    expect(again.text).toContain('AUTH-00004')
    expect((await state()).systemUsers).toHaveLength(1)
  })

  it('refuses to create from a system that is not visible (AUTH-00011), and refuses creation to a non-manager', async () => {
    const browser = new PortalBrowser(t.urls.portalUrl)
    await browser.logInFor(STADIG_KONSERT, CUSTOMER)
    await browser.get(`${UI}/create`)
    const hidden = await browser.post(`${UI}/create`, { systemId: AGENT_SYSTEM })
    expect(hidden.status).toBe(404)
    expect(hidden.text).toContain('AUTH-00011')
    expect((await browser.get(`${UI}/create?systemId=${AGENT_SYSTEM}`)).status).toBe(404)

    const employee = new PortalBrowser(t.urls.portalUrl)
    await employee.logInFor(FLITTIG_ANSATT, CUSTOMER)
    expect((await employee.get(`${UI}/create`)).status).toBe(403)
    const posted = await employee.post(`${UI}/create`, { systemId: STANDARD_SYSTEM })
    expect(posted.status).toBe(403)
    expect(posted.text).toContain('AUTH-00066')
    expect((await state()).systemUsers).toEqual([])
  })
})
