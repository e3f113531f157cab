import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { DEMO_RECEIPT_PATH } from '../../mock-server/core/demo-vendor.ts'
import { taxClaimsOf } from '../../mock-server/core/tax-claims.ts'
import { getHarness } from '../../mock-server/harness/harness.ts'
import { startMockServer } from '../../mock-server/http/server.ts'
import { fetchThrough } from '../support/host-fetch.ts'
import { A, asVendor, call } from '../support/api.ts'
import { transports, useMock } from '../support/transports.ts'
import { PortalBrowser } from '../support/portal-browser.ts'
import { CLIENTS, CUSTOMER, DRESS_MINST, FACILITATOR, KRAV, RECEIPT_URL, SMARTCLOUD, STADIG_KONSERT } from '../../mock-server/seed/personas.ts'
import { aStandardRequest } from '../support/builders.ts'

const HOME = '/demo/smartcloud'
const CONNECT = '/demo/smartcloud/koble-til'
const UI = '/accessmanagement/ui'
const spaced = (orgNo: string) => `${orgNo.slice(0, 3)} ${orgNo.slice(3, 6)} ${orgNo.slice(6)}`

describe.each(transports)('SmartCloud, the demo vendor, over %s', (transport) => {
  const t = useMock(transport)

  const state = async () => (await call(t.baseUrl, 'GET', '/__mock/state')).body
  const requestOf = async (id: string) => (await state()).requests.find((r: { id: string }) => r.id === id)

  /** SmartCloud's start page, then "Koble til Altinn" for a story: the 303 to Altinn. */
  async function connect(browser: PortalBrowser, story: 'standard' | 'agent') {
    const home = await browser.get(HOME)
    expect(home.status).toBe(200)
    const res = await browser.post(CONNECT, { historie: story })
    expect(res.status, res.text).toBe(303)
    const confirmUrl = res.location!
    const id = new URL(confirmUrl).searchParams.get('id')!
    return { confirmUrl, id, request: await requestOf(id) }
  }

  /** The person logs in at the confirmUrl and decides; answers where the portal sends the browser. */
  async function decide(browser: PortalBrowser, confirmUrl: string, pid: string, decision: 'approve' | 'reject', kind: 'request' | 'agentrequest') {
    const id = new URL(confirmUrl).searchParams.get('id')!
    await browser.logIn(pid, confirmUrl.slice(t.urls.portalUrl.length))
    expect((await browser.get(confirmUrl)).status).toBe(200)
    const res = await browser.post(`${UI}/systemuser/${kind}/${decision}`, { id })
    expect(res.status, res.text).toBe(302)
    return res.location!
  }

  it('"Koble til Altinn" creates a standard request for the customer with the SDK and sends the browser to its confirmUrl (303)', async () => {
    const browser = new PortalBrowser(t.urls.portalUrl)
    const home = await browser.get(HOME)
    expect(home.text).toContain('SmartCloud (demo-leverandør, ikke Altinn)')
    expect(home.headers.get('content-security-policy')).toContain("default-src 'none'")
    expect(home.setCookies.join()).toMatch(/SmartCloudCsrf=[\w-]{32,};.*HttpOnly; SameSite=Strict/)

    const { confirmUrl, request } = await connect(browser, 'standard')
    expect(confirmUrl).toBe(`${t.urls.portalUrl}${UI}/systemuser/request?id=${request.id}&DONTCHOOSEREPORTEE=true`)
    expect(request).toMatchObject({ kind: 'standard', systemId: `${SMARTCLOUD}_smartcloud`, partyOrgNo: CUSTOMER, status: 'New' })
    expect(request.externalRef).toMatch(/^smartcloud-[0-9a-f]{12}$/)
    const back = new URL(request.redirectUrl)
    expect(`${back.origin}${back.pathname}`).toBe(`${new URL(t.urls.portalUrl).origin}${DEMO_RECEIPT_PATH}`)
    expect(back.searchParams.get('state')).toMatch(/^v1\.[\w-]+\.[\w-]+$/)
    // The vendor's calls go through the route table like anyone's: the journal has SmartCloud's create.
    expect(getHarness(t.mock).journal.entries().some((e) => e.route === 'createRequest' && e.status === 201)).toBe(true)
  })

  it('STADIG KONSERT approves in the portal and lands on the receipt, which reads Accepted from the API and shows the claims', async () => {
    const browser = new PortalBrowser(t.urls.portalUrl)
    const { confirmUrl, request } = await connect(browser, 'standard')
    const landedOn = await decide(browser, confirmUrl, STADIG_KONSERT, 'approve', 'request')
    expect(landedOn).toBe(request.redirectUrl)

    const receipt = await browser.get(landedOn)
    expect(receipt.status).toBe(200)
    expect(receipt.text).toContain('<h1>SmartCloud er koblet til Altinn</h1>')
    expect(receipt.text).toContain(`TILFELDIG SUBTIL APE (org.nr. ${spaced(CUSTOMER)})`)
    expect(receipt.text).toContain('<dd>Accepted</dd>')
    const claims = (await call(t.baseUrl, 'GET', '/__mock/state')).body
    expect(claims.systemUsers.find((u: { id: string }) => u.id === request.id)).toMatchObject({ reporteeOrgNo: CUSTOMER, externalRef: request.externalRef })
    expect(receipt.text).toContain(`aria-label="Krav og betalinger for TILFELDIG SUBTIL APE"`)
    const total = new Intl.NumberFormat('nb-NO', { style: 'currency', currency: 'NOK', maximumFractionDigits: 0 }).format(taxClaimsOf(CUSTOMER).total)
    expect(receipt.text).toContain(`<tfoot><tr><th scope="row" colspan="4">Sum</th><td class="sc-amount"><strong>${total}</strong>`)
  })

  it('a rejection lands on the receipt too, which says so and shows no claims', async () => {
    const browser = new PortalBrowser(t.urls.portalUrl)
    const { confirmUrl, request } = await connect(browser, 'standard')
    const landedOn = await decide(browser, confirmUrl, STADIG_KONSERT, 'reject', 'request')
    const receipt = await browser.get(landedOn)
    expect(receipt.status).toBe(200)
    expect(receipt.text).toContain('<h1>Forespørselen ble avvist</h1>')
    expect(receipt.text).toContain('<dd>Rejected</dd>')
    expect(receipt.text).not.toContain('Krav og betalinger')
    expect(await requestOf(request.id)).toMatchObject({ status: 'Rejected', decidedBy: STADIG_KONSERT })
    // A new connection is a new request (its own external reference), not the rejected one again.
    const again = await connect(browser, 'standard')
    expect(again.request.id).not.toBe(request.id)
  })

  it('a receipt opened before anyone decided says the request is pending and links to Altinn', async () => {
    const browser = new PortalBrowser(t.urls.portalUrl)
    const { confirmUrl, request } = await connect(browser, 'standard')
    const receipt = await browser.get(request.redirectUrl)
    expect(receipt.status).toBe(200)
    expect(receipt.text).toContain('<h1>Venter på godkjenning i Altinn</h1>')
    expect(receipt.text).toContain(`href="${confirmUrl.replaceAll('&', '&amp;')}"`)
  })

  it('the agent story: DRESS MINST approves and adds a client; the receipt lists the client SmartCloud may act for, with its claims', async () => {
    const browser = new PortalBrowser(t.urls.portalUrl)
    const { confirmUrl, request } = await connect(browser, 'agent')
    expect(request).toMatchObject({ kind: 'agent', partyOrgNo: FACILITATOR, status: 'New' })
    expect(confirmUrl).toContain(`${UI}/systemuser/agentrequest?id=${request.id}`)
    const landedOn = await decide(browser, confirmUrl, DRESS_MINST, 'approve', 'agentrequest')
    const before = await browser.get(landedOn)
    expect(before.text).toContain('<h1>SmartCloud er koblet til Altinn</h1>')
    expect(before.text).toContain('Ingen klienter er lagt til ennå.')

    const portal = new PortalBrowser(t.urls.portalUrl)
    await portal.logInFor(DRESS_MINST, FACILITATOR)
    await portal.get(`${UI}/systemuser/${request.id}/agentdelegation`)
    expect((await portal.post(`${UI}/systemuser/${request.id}/agentdelegation/add`, { clientOrgNo: CLIENTS[0] })).status).toBe(302)

    const after = await browser.get(landedOn)
    expect(after.text).toContain('Klienter SmartCloud kan handle for (1)')
    expect(after.text).toContain(`<li>LYSEGRØNN FLEKKETE ELG AS (org.nr. ${spaced(CLIENTS[0])})</li>`)
    expect(after.text).toContain('aria-label="Krav og betalinger for LYSEGRØNN FLEKKETE ELG AS"')
    expect(after.text).not.toContain('aria-label="Krav og betalinger for SPRUDLENDE HØFLIG MÅKE AS"')
    const notAdded = after.text.slice(after.text.indexOf('Ikke lagt til i Altinn'))
    expect(notAdded).toContain('SPRUDLENDE HØFLIG MÅKE AS')
    expect(notAdded).toContain('MODIG KLOK OTER AS')
  })

  it('refuses a form without SmartCloud\'s CSRF token (403) and a story it does not know (400); no request is sent', async () => {
    const browser = new PortalBrowser(t.urls.portalUrl)
    await browser.get(HOME)
    const forged = await browser.post(CONNECT, { historie: 'standard', _csrf: 'A'.repeat(32) })
    expect(forged.status).toBe(403)
    expect(forged.text).toContain('Skjemaet kunne ikke sendes')
    expect((await browser.post(CONNECT, { historie: 'standard', _csrf: null })).status).toBe(403)
    const unknown = await browser.post(CONNECT, { historie: '<script>x</script>' })
    expect(unknown.status).toBe(400)
    expect(unknown.text).not.toContain('<script>x')
    expect((await state()).requests).toEqual([])
  })

  it('the receipt refuses a missing or altered state (400) and a request Altinn no longer has (404)', async () => {
    const browser = new PortalBrowser(t.urls.portalUrl)
    expect((await browser.get(DEMO_RECEIPT_PATH)).status).toBe(400)
    const { request } = await connect(browser, 'standard')
    const url = new URL(request.redirectUrl)
    const [v, payload, mac] = url.searchParams.get('state')!.split('.')
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), o: FACILITATOR })).toString('base64url')
    url.searchParams.set('state', `${v}.${forged}.${mac}`)
    const altered = await browser.get(url.href)
    expect(altered.status).toBe(400)
    expect(altered.text).toContain('tilstanden er ikke SmartClouds')

    t.mock.reset()
    const gone = await browser.get(request.redirectUrl)
    expect(gone.status).toBe(404)
    expect(gone.text).toContain('AUTH-00010')
  })

  it('shows Altinn\'s refusal on a SmartCloud page (502) when the create fails', async () => {
    const browser = new PortalBrowser(t.urls.portalUrl)
    await browser.get(HOME)
    getHarness(t.mock).faults.add({ method: 'POST', path: `${A}/systemuser/request/vendor`, problem: 'AUTH-00011', times: 1 })
    const res = await browser.post(CONNECT, { historie: 'standard' })
    getHarness(t.mock).faults.clear()
    expect(res.status).toBe(502)
    expect(res.text).toContain('SmartCloud fikk ikke sendt forespørselen')
    expect(res.text).toContain('<strong>AUTH-00011</strong>')
  })

  describe('the redirect rule\'s exception for the demo', () => {
    const receipt = () => `${new URL(t.urls.portalUrl).origin}${DEMO_RECEIPT_PATH}`

    it('admits exactly the receipt page on the mock\'s own origin, with any query, for SmartCloud\'s systems', async () => {
      const vendor = asVendor(t.baseUrl)
      expect((await vendor.post(`${A}/systemuser/request/vendor`, aStandardRequest({ redirectUrl: `${receipt()}?state=x`, externalRef: 'demo-1' }))).status).toBe(201)
      for (const redirectUrl of [`${receipt()}/more`, `${new URL(t.urls.portalUrl).origin}/demo/smartcloud/annet`, `http://elsewhere.example${DEMO_RECEIPT_PATH}`, receipt().replace('://', '://user:pw@')]) {
        const res = await vendor.post(`${A}/systemuser/request/vendor`, aStandardRequest({ redirectUrl, externalRef: randomUUID() }))
        expect({ redirectUrl, status: res.status, code: res.body?.code }).toEqual({ redirectUrl, status: 400, code: 'AUTH-00021' })
      }
    })

    it('admits it for no other system, even the same vendor\'s', async () => {
      const vendor = asVendor(t.baseUrl)
      const id = `${SMARTCLOUD}_other_${randomUUID().slice(0, 8)}`
      const registered = await vendor.post(`${A}/systemregister/vendor`, {
        id,
        vendor: { ID: `0192:${SMARTCLOUD}` },
        name: { nb: 'Annet', nn: 'Anna', en: 'Other' },
        description: { nb: 'Annet system', nn: 'Anna system', en: 'Other system' },
        rights: [{ resource: [{ id: 'urn:altinn:resource', value: KRAV }] }],
        clientId: [randomUUID()],
        allowedRedirectUrls: [RECEIPT_URL],
      })
      expect(registered.status).toBe(200)
      const res = await vendor.post(`${A}/systemuser/request/vendor`, aStandardRequest({ systemId: id, redirectUrl: receipt() }))
      expect({ status: res.status, code: res.body?.code }).toEqual({ status: 400, code: 'AUTH-00021' })
    })
  })
})

describe('SmartCloud behind a public URL', () => {
  it('creates the request and shows the receipt on the public origin, with no call leaving the process', async () => {
    const server = await startMockServer({ port: 0, publicUrl: 'https://altinn-mock.example' })
    try {
      const browser = new PortalBrowser('https://altinn-mock.example', fetchThrough(server.server))
      await browser.get(HOME)
      const connected = await browser.post(CONNECT, { historie: 'standard' })
      expect(connected.status, connected.text).toBe(303)
      expect(connected.location).toMatch(/^https:\/\/altinn-mock\.example\/accessmanagement\/ui\/systemuser\/request\?id=/)
      const id = new URL(connected.location!).searchParams.get('id')!
      const request = server.mock.store.requests.get(id)!
      expect(request.redirectUrl).toMatch(/^https:\/\/altinn-mock\.example\/demo\/smartcloud\/kvittering\?state=v1\./)
      const approve = await fetchThrough(server.server)(`${server.url}/__mock/requests/${id}/approve`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pid: STADIG_KONSERT }) })
      expect(approve.status).toBe(200)
      const receipt = await browser.get(request.redirectUrl!)
      expect(receipt.status).toBe(200)
      expect(receipt.text).toContain('<h1>SmartCloud er koblet til Altinn</h1>')
      expect(receipt.text).toContain('aria-label="Krav og betalinger for TILFELDIG SUBTIL APE"')
      expect(receipt.headers.get('content-security-policy')).toContain("form-action 'self' https://altinn-mock.example;")
    } finally {
      await server.close()
    }
  })
})
