/**
 * Bound to every address (0.0.0.0) with no public URL, the mock has no one name: each call is answered for the
 * origin its Host names (`http://mock-altinn:5101` for a container on a compose network, `http://localhost:5101`
 * on the machine itself), never for 0.0.0.0. The origins share one mock: state, clock, keys, harness, state file.
 * In process (msw, fetch) there is no Host to read: the mock serves the origins it was made for, whatever Host.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startMockServer, MAX_ORIGIN_VIEWS, type RunningMockServer } from '../../mock-server/http/server.ts'
import { startInProcessMock } from '../../mock-server/msw.ts'
import { createMockFetch } from '../../mock-server/fetch.ts'
import { A, callAt } from '../support/api.ts'
import { fetchThrough } from '../support/host-fetch.ts'
import { PortalBrowser } from '../support/portal-browser.ts'
import { absoluteUrlsIn, expectOnOrigin, linksOf } from '../support/origins.ts'
import { CUSTOMER, RECEIPT_URL, SMARTCLOUD, STADIG_KONSERT, STANDARD_SYSTEM } from '../../mock-server/seed/personas.ts'
import { aStandardRequest, RECEIPT_WITH_STATE } from '../support/builders.ts'
import { grantAt } from '../support/grants.ts'
import { claimsOf } from '../support/tokens.ts'

const TOKEN = 'host-derived-control-token-0123456789'

describe('bound to 0.0.0.0 with no public URL, over http', () => {
  let server: RunningMockServer
  let via: typeof fetch
  let port: number
  let compose: string
  let local: string
  const control = { 'x-mock-control-token': TOKEN }

  beforeAll(async () => {
    server = await startMockServer({ host: '0.0.0.0', port: 0, pageSize: 1, controlToken: TOKEN })
    port = Number(new URL(server.url).port)
    via = fetchThrough(server.server)
    compose = `http://mock-altinn:${port}`
    local = `http://localhost:${port}`
  })
  afterEach(async () => {
    expect((await callAt(via, `${local}/__mock/reset`, 'POST', { headers: control })).status).toBe(204)
  })
  afterAll(() => server.close())

  it('says so, and gives 127.0.0.1 (never 0.0.0.0) as its url for local tools', () => {
    expect(server.originFromHost).toBe(true)
    expect(server.url).toBe(`http://127.0.0.1:${port}`)
    expect(server.mock.config.platformUrl).toBe(`http://127.0.0.1:${port}`)
  })

  it('answers each Host with its own origin in every URL, never 0.0.0.0', async () => {
    for (const origin of [compose, local, `http://192.0.2.7:${port}`]) {
      const metadata = await callAt(via, `${origin}/maskinporten/.well-known/oauth-authorization-server`)
      expect(metadata.body).toMatchObject({ issuer: `${origin}/maskinporten/`, token_endpoint: `${origin}/maskinporten/token`, jwks_uri: `${origin}/maskinporten/jwk` })
      const openid = await callAt(via, `${origin}${A}/openid/.well-known/openid-configuration`)
      expect(openid.body.issuer).toBe(`${origin}${A}/openid/`)

      const token = await grantAt(via, server.mock, `${origin}/maskinporten/`)
      expect(claimsOf(token).iss).toBe(`${origin}/maskinporten/`)
      const created = await callAt(via, `${origin}${A}/systemuser/request/vendor`, 'POST', { token, body: aStandardRequest({ externalRef: `ref-${origin}` }) })
      expect(created.status, created.text).toBe(201)
      expect(created.headers.get('location')).toBe(`${origin}${A}/systemuser/request/${created.body.id}`)
      expect(created.body.confirmUrl).toBe(`${origin}/accessmanagement/ui/systemuser/request?id=${created.body.id}&DONTCHOOSEREPORTEE=true`)
      for (const res of [metadata, openid, created]) {
        expect(res.text).not.toContain('0.0.0.0')
        expectOnOrigin(absoluteUrlsIn(res.text), origin, ['https://smartcloud.example/'])
      }
    }
  })

  it('keeps one state for every origin: a request made through one Host is listed, paged, through another with that Host', async () => {
    const composeToken = await grantAt(via, server.mock, `${compose}/maskinporten/`)
    for (const ref of ['one', 'two']) {
      expect((await callAt(via, `${compose}${A}/systemuser/request/vendor`, 'POST', { token: composeToken, body: aStandardRequest({ externalRef: ref }) })).status).toBe(201)
    }
    const localToken = await grantAt(via, server.mock, `${local}/maskinporten/`)
    const page = await callAt(via, `${local}${A}/systemuser/request/vendor/bysystem/${STANDARD_SYSTEM}`, 'GET', { token: localToken })
    expect(page.status).toBe(200)
    expect(page.body.data).toHaveLength(1)
    expect(page.body.links.next).toMatch(new RegExp(`^${local}${A}/systemuser/request/vendor/bysystem/`))
    const next = await callAt(via, page.body.links.next, 'GET', { token: localToken })
    expect(next.body.data).toHaveLength(1)
    expect(next.body.links.next ?? null).toBeNull()
    expect(server.mock.store.requests.size).toBe(2)
  })

  it('accepts a token minted through one Host on later calls through it, and not through another Host (its issuer is not that one)', async () => {
    const token = await grantAt(via, server.mock, `${compose}/maskinporten/`)
    const first = await callAt(via, `${compose}${A}/systemuser/request/vendor`, 'POST', { token, body: aStandardRequest() })
    expect(first.status).toBe(201)
    // Verified once (and cached): still good through the same Host ...
    expect((await callAt(via, `${compose}${A}/systemuser/request/vendor/${first.body.id}`, 'GET', { token })).status).toBe(200)
    // ... but another origin's Maskinporten did not issue it.
    const elsewhere = await callAt(via, `${local}${A}/systemuser/request/vendor/${first.body.id}`, 'GET', { token })
    expect(elsewhere.status).toBe(401)
    expect(elsewhere.headers.get('www-authenticate')).toContain('not issued by this Maskinporten')
    // A control-API token asked for through a Host is that origin's too.
    const minted = await callAt(via, `${compose}/__mock/tokens`, 'POST', { headers: control, body: { orgNo: SMARTCLOUD, scope: 'altinn:authentication/systemuser.request.read' } })
    expect(claimsOf(minted.body.access_token).iss).toBe(`${compose}/maskinporten/`)
    expect((await callAt(via, `${compose}${A}/systemuser/request/vendor/${first.body.id}`, 'GET', { token: minted.body.access_token })).status).toBe(200)
  })

  it('runs the portal on the origin the browser used', async () => {
    const token = await grantAt(via, server.mock, `${compose}/maskinporten/`)
    const created = await callAt(via, `${compose}${A}/systemuser/request/vendor`, 'POST', { token, body: aStandardRequest({ redirectUrl: RECEIPT_WITH_STATE }) })
    const browser = new PortalBrowser(compose, via)
    await browser.logIn(STADIG_KONSERT)
    const page = await browser.get(created.body.confirmUrl)
    expect(page.status).toBe(200)
    expectOnOrigin(linksOf(page.text), compose, ['https://smartcloud.example/'])
    const decided = await browser.post('/accessmanagement/ui/systemuser/request/approve', { id: created.body.id })
    expect(decided.location).toBe(`${RECEIPT_URL}?state=abc`)
    expect(server.mock.store.requests.get(created.body.id)!.status).toBe('Accepted')
  })

  it('shares the harness across origins: a fault set through one Host hits calls through another, the journal sees both, a reset clears all', async () => {
    const fault = await callAt(via, `${compose}/__mock/faults`, 'POST', { headers: control, body: { path: '/healthz', status: 503, times: 1 } })
    expect(fault.status, fault.text).toBe(201)
    expect((await callAt(via, `${local}/healthz`)).status).toBe(503)
    expect((await callAt(via, `${compose}/healthz`)).status).toBe(200)
    expect(server.harness.journal.entries({ route: 'healthz' })).toHaveLength(2)

    const token = await grantAt(via, server.mock, `${local}/maskinporten/`)
    await callAt(via, `${local}${A}/systemuser/request/vendor`, 'POST', { token, body: aStandardRequest() })
    expect(server.mock.store.requests.size).toBe(1)
    expect((await callAt(via, `${compose}/__mock/reset`, 'POST', { headers: control })).status).toBe(204)
    expect(server.mock.store.requests.size).toBe(0)
    expect((await callAt(via, `${local}/__mock/state`, 'GET', { headers: control })).body.requests).toEqual([])
  })

  it('keeps at most MAX_ORIGIN_VIEWS origins, the least recently used dropped first, and answers a dropped Host anew', async () => {
    const overview = '/accessmanagement/ui/systemuser/overview'
    // Portal sessions belong to an origin: one that was dropped is gone, one in use stays.
    const inUse = new PortalBrowser(`http://in-use.example:${port}`, via)
    const idle = new PortalBrowser(`http://idle.example:${port}`, via)
    for (const b of [inUse, idle]) await b.logInFor(STADIG_KONSERT, CUSTOMER)
    for (let i = 0; i < MAX_ORIGIN_VIEWS + 10; i++) {
      expect((await callAt(via, `http://host-${i}.example:${port}/healthz`)).status).toBe(200)
      if (i % 10 === 0) expect((await inUse.get(overview)).status).toBe(200)
    }
    expect((await inUse.get(overview)).status).toBe(200)
    const dropped = await idle.get(overview)
    expect(dropped.status).toBe(302)
    expect(dropped.location).toMatch(/^\/accessmanagement\/ui\/login/)
    const again = await callAt(via, `http://host-0.example:${port}/maskinporten/.well-known/oauth-authorization-server`)
    expect(again.body.issuer).toBe(`http://host-0.example:${port}/maskinporten/`)
  })

  it('refuses a Host that is not a host name, and answers no origin for it', async () => {
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      import('node:http').then(({ request }) => {
        const req = request({ host: '127.0.0.1', port, path: '/healthz', headers: { host: 'evil.example/path?x=' } }, (r) => {
          let body = ''
          r.on('data', (c) => (body += c))
          r.on('end', () => resolve({ status: r.statusCode!, body }))
        })
        req.on('error', reject)
        req.end()
      }, reject)
    })
    expect(res.status).toBe(400)
    expect(JSON.parse(res.body).detail).toContain('is not a host name or IP address')
  })
})

describe('bound to 0.0.0.0 with no public URL, with a state file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mock-altinn-views-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('saves what calls through any Host changed, and a restart reads it back through another', async () => {
    const stateFile = join(dir, 'state.db')
    const first = await startMockServer({ host: '0.0.0.0', port: 0, stateFile, controlToken: TOKEN })
    const port = Number(new URL(first.url).port)
    const via = fetchThrough(first.server)
    const compose = `http://mock-altinn:${port}`
    const token = await grantAt(via, first.mock, `${compose}/maskinporten/`)
    const created = await callAt(via, `${compose}${A}/systemuser/request/vendor`, 'POST', { token, body: aStandardRequest() })
    expect(created.status).toBe(201)
    const clock = await callAt(via, `${compose}/__mock/clock`, 'POST', { headers: { 'x-mock-control-token': TOKEN }, body: { advance: 'P1D' } })
    expect(clock.status).toBe(200)
    await first.close()

    const second = await startMockServer({ host: '0.0.0.0', port: 0, stateFile, controlToken: TOKEN })
    try {
      const via2 = fetchThrough(second.server)
      const local = `http://localhost:${new URL(second.url).port}`
      const state = await callAt(via2, `${local}/__mock/state`, 'GET', { headers: { 'x-mock-control-token': TOKEN } })
      expect(state.body.requests.map((r: { id: string }) => r.id)).toEqual([created.body.id])
      expect(Math.abs(Date.parse(state.body.now) - (Date.now() + 86_400_000))).toBeLessThan(60_000)
    } finally {
      await second.close()
    }
  })
})

describe.each(['msw', 'fetch'] as const)('in process (%s), where no Host is read', (transport) => {
  it('serves the origin it was made for, whatever Host a call names', async () => {
    const origin = 'http://mock-altinn.test:5999'
    if (transport === 'msw') {
      const msw = startInProcessMock({ origin })
      try {
        const res = await fetch(`${origin}/maskinporten/.well-known/oauth-authorization-server`, { headers: { host: 'rebind.attacker.example' } })
        expect(res.status).toBe(200)
        expect(((await res.json()) as { issuer: string }).issuer).toBe(`${origin}/maskinporten/`)
        expect((await fetch(`${origin}/__mock/seed`, { headers: { host: 'rebind.attacker.example' } })).status).toBe(200)
      } finally {
        msw.close()
      }
    } else {
      const altinn = createMockFetch({ environment: origin })
      const res = await altinn.fetch(`${origin}/maskinporten/.well-known/oauth-authorization-server`, { headers: { host: 'rebind.attacker.example' } })
      expect(res.status).toBe(200)
      expect(((await res.json()) as { issuer: string }).issuer).toBe(`${origin}/maskinporten/`)
      expect((await altinn.fetch(`${origin}/__mock/seed`, { headers: { host: 'rebind.attacker.example' } })).status).toBe(200)
    }
  })
})
