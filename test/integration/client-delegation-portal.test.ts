/**
 * One rule set for clients of an agent system user: the portal's "Legg til klient", the control API and the
 * client-delegation API add the same client with the same result and refuse the same clients with the same codes,
 * and what one of them did shows in the others.
 */
import { describe, expect, it } from 'vitest'
import { call } from '../support/api.ts'
import { approvedAgent, callApi, CLIENTS_PATH, clientsInState, partyUuids, personToken } from '../support/client-delegation.ts'
import { transports, useMock } from '../support/transports.ts'
import { PortalBrowser } from '../support/portal-browser.ts'
import { CLIENTS, DRESS_MINST, FACILITATOR, NON_CLIENT, SMARTCLOUD } from '../../mock-server/seed/personas.ts'

const UI = '/accessmanagement/ui/systemuser'

/** The organisations in the "Klienter" section of the agent delegation page, as the page labels them. */
function clientsOnPage(html: string): string[] {
  const section = html.slice(html.indexOf('id="clients-heading"'))
  const list = section.slice(0, section.indexOf('</section>'))
  return [...list.matchAll(/name="clientOrgNo" value="(\d{9})"/g)].map((m) => m[1]!)
}

describe.each(transports)('clients through the portal, the control API and the API over %s', (transport) => {
  const t = useMock(transport)

  async function portalAs(pid = DRESS_MINST): Promise<PortalBrowser> {
    const browser = new PortalBrowser(t.urls.portalUrl)
    await browser.logInFor(pid, FACILITATOR)
    return browser
  }

  it('gives the same state and the same lists whether the portal or the API adds the client', async () => {
    const viaPortal = await approvedAgent(t)
    const viaApi = await approvedAgent(t, { externalRef: 'via-api' })
    const uuids = await partyUuids(t)
    const browser = await portalAs()
    await browser.get(`${UI}/${viaPortal}/agentdelegation`)
    expect((await browser.post(`${UI}/${viaPortal}/agentdelegation/add`, { clientOrgNo: CLIENTS[0] })).status).toBe(302)
    const token = await personToken(t, DRESS_MINST)
    expect((await callApi(t, 'POST', CLIENTS_PATH, `agent=${viaApi}&client=${uuids[CLIENTS[0]]}`, token)).status).toBe(200)

    const state = (await call(t.baseUrl, 'GET', '/__mock/state')).body
    const rows = (id: string) => state.clientDelegations.filter((d: { systemUserId: string }) => d.systemUserId === id).map((d: { clientOrgNo: string; addedBy: string }) => [d.clientOrgNo, d.addedBy])
    expect(rows(viaPortal)).toEqual([[CLIENTS[0], DRESS_MINST]])
    expect(rows(viaApi)).toEqual(rows(viaPortal))
    const listed = async (id: string) => (await callApi(t, 'GET', CLIENTS_PATH, `agent=${id}`, token)).body.data
    expect(await listed(viaApi)).toEqual(await listed(viaPortal))
    expect(await listed(viaApi)).toEqual([{ clientId: uuids[CLIENTS[0]], clientOrganizationNumber: CLIENTS[0], clientOrganizationName: 'LYSEGRØNN FLEKKETE ELG AS' }])
  })

  it('shows a client the API added on the portal page, and a client the portal added in the API', async () => {
    const agent = await approvedAgent(t)
    const uuids = await partyUuids(t)
    const token = await personToken(t, DRESS_MINST)
    await callApi(t, 'POST', CLIENTS_PATH, `agent=${agent}&client=${uuids[CLIENTS[1]]}`, token)
    const browser = await portalAs()
    const page = await browser.get(`${UI}/${agent}/agentdelegation`)
    expect(clientsOnPage(page.text)).toEqual([CLIENTS[1]])

    expect((await browser.post(`${UI}/${agent}/agentdelegation/add`, { clientOrgNo: CLIENTS[2] })).status).toBe(302)
    const listed = (await callApi(t, 'GET', CLIENTS_PATH, `agent=${agent}`, token)).body.data.map((c: { clientOrganizationNumber: string }) => c.clientOrganizationNumber)
    expect(listed).toEqual([CLIENTS[1], CLIENTS[2]])

    // Removed in the portal, gone from the API; removed through the API, gone from the page.
    await browser.get(`${UI}/${agent}/agentdelegation`)
    await browser.post(`${UI}/${agent}/agentdelegation/remove`, { clientOrgNo: CLIENTS[1] })
    expect((await callApi(t, 'GET', CLIENTS_PATH, `agent=${agent}`, token)).body.data.map((c: { clientOrganizationNumber: string }) => c.clientOrganizationNumber)).toEqual([CLIENTS[2]])
    await callApi(t, 'DELETE', CLIENTS_PATH, `agent=${agent}&client=${uuids[CLIENTS[2]]}`, token)
    expect(clientsOnPage((await browser.get(`${UI}/${agent}/agentdelegation`)).text)).toEqual([])
  })

  it('refuses the same clients with the same codes in the portal, the control API and the API', async () => {
    t.mock.addSeed({ clientRelations: [{ facilitatorOrgNo: FACILITATOR, clientOrgNo: NON_CLIENT, roles: ['REVI'], accessPackages: [] }] } as never)
    const agent = await approvedAgent(t)
    const uuids = await partyUuids(t)
    const token = await personToken(t, DRESS_MINST)
    const browser = await portalAs()
    for (const [orgNo, code] of [
      [NON_CLIENT, 'AUTH-00080'],
      [SMARTCLOUD, 'AUTH-00079'],
    ] as const) {
      await browser.get(`${UI}/${agent}/agentdelegation`)
      const portal = await browser.post(`${UI}/${agent}/agentdelegation/add`, { clientOrgNo: orgNo })
      expect(portal.status).toBe(400)
      expect(portal.text).toContain(code)
      const control = await call(t.baseUrl, 'POST', `/__mock/systemusers/${agent}/clients`, { body: { orgNo } })
      expect([control.status, control.body.code]).toEqual([400, code])
      const api = await callApi(t, 'POST', CLIENTS_PATH, `agent=${agent}&client=${uuids[orgNo]}`, token)
      expect([api.status, api.body.code]).toEqual([400, code])
    }
    expect(await clientsInState(t, agent)).toEqual([])
  })
})
