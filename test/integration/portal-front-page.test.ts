import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { A, asVendor, call } from '../support/api.ts'
import { transports, useMock } from '../support/transports.ts'
import { PortalBrowser } from '../support/portal-browser.ts'
import { CLIENTS, CUSTOMER, DRESS_MINST, FACILITATOR, FLITTIG_ANSATT, STADIG_KONSERT } from '../../mock-server/seed/personas.ts'
import { anAgentRequest, aStandardRequest } from '../support/builders.ts'

const UI = '/accessmanagement/ui'
const spaced = (orgNo: string) => `${orgNo.slice(0, 3)} ${orgNo.slice(3, 6)} ${orgNo.slice(6)}`
const require = createRequire(import.meta.url)

/** The text of the `<h1>`s and `<h2>`s of a page, in order. */
function headingsOf(page: string): string[] {
  return [...page.matchAll(/<h([12])[^>]*>([\s\S]*?)<\/h\1>/g)].map((m) => m[2]!.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim())
}

/** The page's text outside tags and attributes. */
function visibleText(page: string): string {
  return page.replace(/<head>[\s\S]*<\/head>/, '').replace(/<[^>]+>/g, ' ')
}

describe.each(transports)('the front page and the portal polish over %s', (transport) => {
  const t = useMock(transport)

  it('the front page says what this is, starts both stories at SmartCloud, and names each persona with their part, from the seed', async () => {
    const browser = new PortalBrowser(t.urls.portalUrl)
    const res = await browser.get('/')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'self'; font-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
    expect(res.text).toContain('<html lang="nb"')
    expect(res.text).toContain('<strong>Dette er ikke Altinn.</strong>')
    expect(res.text).toContain('href="/demo/smartcloud#standard">Start standardhistorien</a>')
    expect(res.text).toContain('href="/demo/smartcloud#agent">Start agenthistorien</a>')
    for (const [href, name] of [['/__mock/ui', 'Inspektøren'], ['/__mock/docs', 'API-dokumentasjonen'], [`${UI}/systemuser/overview`, 'Altinn-portalen (mock)']])
      expect(res.text).toContain(`href="${href}">${name}</a>`)
    expect(res.text).toContain('<code>node_modules/altinn-systemuser-mock/README.md</code>')

    // Each persona's row: name, number, part; every name and number is the seed's.
    const row = (name: string) => res.text.match(new RegExp(`<tr><th scope="row">${name}</th>(.*?)</tr>`))?.[1] ?? ''
    const seed = t.mock.seed
    const nameOf = (pid: string) => seed.persons.find((p) => p.pid === pid)!.name
    const orgName = (orgNo: string) => seed.organisations.find((o) => o.orgNo === orgNo)!.name
    expect(row(nameOf(STADIG_KONSERT))).toContain(`fødselsnr. ${STADIG_KONSERT}`)
    expect(row(nameOf(STADIG_KONSERT))).toContain(`Daglig leder, Tilgangsstyrer i ${orgName(CUSTOMER)}. Logger inn i Altinn og godkjenner`)
    expect(row(nameOf(DRESS_MINST))).toContain(`i ${orgName(FACILITATOR)}. Godkjenner forespørselen og legger til klienter`)
    expect(row(nameOf(FLITTIG_ANSATT))).toContain('kan bare sende forespørselen videre')
    expect(row('FREMMED TURIST')).toContain('Uten tilknytning til noen virksomhet')
    expect(row(orgName(CUSTOMER))).toContain(`org.nr. ${spaced(CUSTOMER)}`)
    expect(row(orgName(FACILITATOR))).toContain('Regnskapsføreren i agenthistorien')
    for (const client of CLIENTS) expect(row(orgName(client))).toContain(`Klient av ${orgName(FACILITATOR)}`)

    // Nothing on the page comes from another origin.
    for (const m of res.text.matchAll(/(?:src|href)="([^"]*)"/g)) expect(m[1]!.startsWith('/') || m[1]!.startsWith('#'), m[1]).toBe(true)
  })

  it('the front page follows the seed in force, and shows its names as text', async () => {
    const orgNo = '314123468'
    t.mock.addSeed({ organisations: [{ orgNo, name: 'NY <b>KLIENT</b> AS' }], clientRelations: [{ facilitatorOrgNo: FACILITATOR, clientOrgNo: orgNo, roles: ['REGN'], accessPackages: [] }] })
    const res = await new PortalBrowser(t.urls.portalUrl).get('/')
    expect(res.text).toContain(`<tr><th scope="row">NY &lt;b&gt;KLIENT&lt;/b&gt; AS</th><td class="portal-nowrap">org.nr. ${spaced(orgNo)}</td><td>Klient av TILBAKEHOLDEN USYMMETRISK TIGER AS.`)
    expect(res.text).not.toContain('<b>KLIENT')
  })

  it('answers any unknown page under the portal with a bokmål 404 page in the portal\'s look, and the API\'s paths as before', async () => {
    const browser = new PortalBrowser(t.urls.portalUrl)
    for (const path of [`${UI}/finnes-ikke`, `${UI}/systemuser/overview/mer`, `${UI}/a/b/c/d/e/f/g`]) {
      const res = await browser.get(path)
      expect(res.status, path).toBe(404)
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'")
      expect(res.text).toContain('<h1 class="ds-heading" data-size="lg">Fant ikke siden</h1>')
      expect(res.text).toContain('<link rel="stylesheet" href="/accessmanagement/ui/assets/portal.css">')
    }
    const escaped = await browser.get(`${UI}/%3Cscript%3Ealert(1)%3C%2Fscript%3E`)
    expect(escaped.text).not.toContain('<script>')
    // A page that exists under another method keeps its 405; the API's unknown paths stay problem JSON.
    expect((await browser.get(`${UI}/systemuser/request/approve`)).status).toBe(405)
    const api = await fetch(`${t.baseUrl}${A}/finnes-ikke`)
    expect(api.status).toBe(404)
    expect(api.headers.get('content-type')).toMatch(/^application\/problem\+json/)
  })

  it('"Slett systemtilgang" leads to a confirmation page; only its own form, with the CSRF token, deletes', async () => {
    const created = await asVendor(t.baseUrl).post(`${A}/systemuser/request/vendor`, aStandardRequest())
    expect((await call(t.baseUrl, 'POST', `/__mock/requests/${created.body.id}/approve`, { body: { pid: STADIG_KONSERT } })).status).toBe(200)
    const id = created.body.id as string
    const browser = new PortalBrowser(t.urls.portalUrl)
    await browser.logInFor(STADIG_KONSERT, CUSTOMER)

    const details = await browser.get(`${UI}/systemuser/${id}`)
    expect(details.text).toContain(`<form method="get" action="${UI}/systemuser/${id}/delete">`)
    expect(details.text).not.toContain(`<form method="post" action="${UI}/systemuser/${id}/delete">`)

    const confirm = await browser.get(`${UI}/systemuser/${id}/delete`)
    expect(confirm.status).toBe(200)
    expect(confirm.text).toContain('<h1 class="ds-heading" data-size="lg">Vil du slette systemtilgangen?</h1>')
    expect(confirm.text).toContain(`mister tilgangen til å handle på vegne av TILFELDIG SUBTIL APE (org.nr. ${spaced(CUSTOMER)}) med en gang`)
    expect(confirm.text).toMatch(new RegExp(`<form method="post" action="${UI}/systemuser/${id}/delete"><input type="hidden" name="_csrf" value="[^"]+">`))
    expect(confirm.text).toContain(`<a class="ds-link" href="${UI}/systemuser/${id}">Avbryt</a>`)
    const alive = async () => !(await call(t.baseUrl, 'GET', '/__mock/state')).body.systemUsers.find((u: { id: string }) => u.id === id).isDeleted
    expect(await alive()).toBe(true)

    expect((await browser.post(`${UI}/systemuser/${id}/delete`, { _csrf: 'not-the-token' })).status).toBe(403)
    expect(await alive()).toBe(true)
    const deleted = await browser.post(`${UI}/systemuser/${id}/delete`, {})
    expect(deleted.status).toBe(302)
    expect(deleted.location).toBe(`${UI}/systemuser/overview`)
    expect(await alive()).toBe(false)
    expect((await browser.get(`${UI}/systemuser/${id}/delete`)).status).toBe(404)
  })

  it('shows the confirmation only to whom may delete: another organisation\'s system user is not found, an employee is refused', async () => {
    const created = await asVendor(t.baseUrl).post(`${A}/systemuser/request/vendor`, aStandardRequest())
    await call(t.baseUrl, 'POST', `/__mock/requests/${created.body.id}/approve`, { body: { pid: STADIG_KONSERT } })
    const dress = new PortalBrowser(t.urls.portalUrl)
    await dress.logInFor(DRESS_MINST, FACILITATOR)
    const other = await dress.get(`${UI}/systemuser/${created.body.id}/delete`)
    expect(other.status).toBe(404)
    expect(other.text).toContain('AUTH-00015')
    const employee = new PortalBrowser(t.urls.portalUrl)
    await employee.logInFor(FLITTIG_ANSATT, CUSTOMER)
    const refused = await employee.get(`${UI}/systemuser/${created.body.id}/delete`)
    expect(refused.status).toBe(403)
    expect(refused.text).not.toContain(`action="${UI}/systemuser/${created.body.id}/delete"`)
  })

  it('serves the Inter font the pages name from the package\'s own files, and portal.css points at them', async () => {
    const css = await fetch(`${t.urls.portalUrl}${UI}/assets/portal.css`)
    const text = await css.text()
    for (const weight of [400, 500, 600, 700]) {
      expect(text).toContain(`font-weight: ${weight}; src: url(${UI}/assets/fonts/inter-latin-${weight}-normal.woff2) format('woff2')`)
      const font = await fetch(`${t.urls.portalUrl}${UI}/assets/fonts/inter-latin-${weight}-normal.woff2`)
      expect(font.status).toBe(200)
      expect(font.headers.get('content-type')).toBe('font/woff2')
      const bytes = Buffer.from(await font.arrayBuffer())
      expect(bytes.equals(readFileSync(require.resolve(`@fontsource/inter/files/inter-latin-${weight}-normal.woff2`)))).toBe(true)
      expect(bytes.subarray(0, 4).toString('latin1')).toBe('wOF2')
    }
    expect((await fetch(`${t.urls.portalUrl}${UI}/assets/fonts/inter-latin-100-normal.woff2`)).status).toBe(404)
    expect((await fetch(`${t.urls.portalUrl}${UI}/assets/fonts/..%2F..%2Fportal.css`)).status).toBe(404)
  })

  it('repeats no heading on any page, and writes every organisation number as Altinn does (312 091 437)', async () => {
    const standard = await asVendor(t.baseUrl).post(`${A}/systemuser/request/vendor`, aStandardRequest())
    const agent = await asVendor(t.baseUrl).post(`${A}/systemuser/request/vendor/agent`, anAgentRequest())
    const pendingStandard = await asVendor(t.baseUrl).post(`${A}/systemuser/request/vendor`, aStandardRequest({ externalRef: 'pending' }))
    await call(t.baseUrl, 'POST', `/__mock/requests/${standard.body.id}/approve`, { body: { pid: STADIG_KONSERT } })
    await call(t.baseUrl, 'POST', `/__mock/requests/${agent.body.id}/approve`, { body: { pid: DRESS_MINST } })
    await call(t.baseUrl, 'POST', `/__mock/systemusers/${agent.body.id}/clients`, { body: { orgNo: CLIENTS[0] } })

    const konsert = new PortalBrowser(t.urls.portalUrl)
    const loginPage = await konsert.get(`${UI}/login`)
    await konsert.logInFor(STADIG_KONSERT, CUSTOMER)
    const dress = new PortalBrowser(t.urls.portalUrl)
    await dress.logInFor(DRESS_MINST, FACILITATOR)
    const pages = [
      ['/', await konsert.get('/')],
      ['login', loginPage],
      ['reportee', await konsert.get(`${UI}/reportee`)],
      ['overview', await konsert.get(`${UI}/systemuser/overview`)],
      ['request', await konsert.get(`${UI}/systemuser/request?id=${pendingStandard.body.id}`)],
      ['system user', await konsert.get(`${UI}/systemuser/${standard.body.id}`)],
      ['delete', await konsert.get(`${UI}/systemuser/${standard.body.id}/delete`)],
      ['create', await konsert.get(`${UI}/systemuser/create`)],
      ['not found', await konsert.get(`${UI}/finnes-ikke`)],
      ['firm overview', await dress.get(`${UI}/systemuser/overview`)],
      ['agent system user', await dress.get(`${UI}/systemuser/${agent.body.id}`)],
      ['clients', await dress.get(`${UI}/systemuser/${agent.body.id}/agentdelegation`)],
    ] as const
    for (const [name, page] of pages) {
      expect(page.status, name).toBeLessThan(500)
      const headings = headingsOf(page.text)
      expect(headings.length, name).toBeGreaterThan(0)
      expect(new Set(headings).size, `${name}: ${headings.join(' | ')}`).toBe(headings.length)
      expect(visibleText(page.text).match(/(?<![\d-])\d{9}(?![\d-])/g), name).toBeNull()
    }
  })
})
