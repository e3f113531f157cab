/**
 * Bound to an address other machines can reach, anyone on the network could reset the mock, approve requests or
 * mint tokens through its control API. So the control API (`/__mock/...`, the inspector too) then wants the mock's
 * token (Jupyter-style): `Authorization: Bearer`, `X-Mock-Control-Token`, or `?token=` once in a browser, which
 * sets an HttpOnly, SameSite=Strict cookie. Altinn's own surfaces never ask for it; on loopback nothing changes.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { UsageError } from '../../mock-server/command-line.ts'
import { runScenarioCommand } from '../../scenarios/command.ts'
import { startMockServer, type RunningMockServer } from '../../mock-server/http/server.ts'
import { openScenarioEnvironment } from '../../scenarios/environment.ts'
import { runScenario } from '../../scenarios/runner.ts'
import { findScenario } from '../../scenarios/index.ts'
import { A, callAt } from '../support/api.ts'
import { fetchThrough } from '../support/host-fetch.ts'
import { PortalBrowser } from '../support/portal-browser.ts'
import { RECEIPT_URL, SMARTCLOUD, STADIG_KONSERT } from '../../mock-server/seed/personas.ts'
import { aStandardRequest, RECEIPT_WITH_STATE } from '../support/builders.ts'
import { grantAt } from '../support/grants.ts'

const TOKEN = 'the-control-token-of-this-test-0123456789'

describe('the control token on a non-loopback bind, over http', () => {
  let server: RunningMockServer
  let via: typeof fetch
  let origin: string

  beforeAll(async () => {
    server = await startMockServer({ host: '0.0.0.0', port: 0, publicUrl: 'http://mock-altinn.test:5999', controlToken: TOKEN, allowedHosts: ['localhost'] })
    via = fetchThrough(server.server)
    origin = server.url
  })
  afterAll(() => server.close())

  it('is the token given, and the server says it wants one', () => {
    expect(server.controlToken).toBe(TOKEN)
  })

  it('refuses every control call without it with a 401 that says where the token is and how to send it, and changes nothing', async () => {
    const before = server.mock.clock.now()
    for (const [method, path, body] of [
      ['GET', '/__mock/seed', undefined],
      ['GET', '/__mock/state', undefined],
      ['GET', '/__mock/ui', undefined],
      ['GET', '/__MOCK/seed', undefined],
      ['GET', '//__mock/journal', undefined],
      ['GET', '/__mock/no-such-thing', undefined],
      ['POST', '/__mock/reset', undefined],
      ['POST', '/__mock/clock', { advance: 'P30D' }],
      ['POST', '/__mock/tokens', { orgNo: SMARTCLOUD, scope: 'altinn:authentication/systemuser.request.read' }],
    ] as const) {
      const res = await callAt(via, `${origin}${path}`, method, body ? { body } : {})
      expect(res.status, path).toBe(401)
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/)
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /)
      expect(res.body.detail).toContain('standard error')
      expect(res.body.detail).toContain('Authorization: Bearer <token>')
      expect(res.body.detail).toContain('X-Mock-Control-Token')
      expect(res.body.detail).toContain('/__mock/ui?token=<token>')
      expect(res.text).not.toContain(TOKEN)
    }
    for (const wrong of [{ authorization: 'Bearer not-the-token' }, { 'x-mock-control-token': `${TOKEN}x` }, { cookie: `mock_altinn_control=${TOKEN}` }] as Record<string, string>[]) {
      expect((await callAt(via, `${origin}/__mock/seed`, 'GET', { headers: wrong })).status).toBe(401)
    }
    expect((await callAt(via, `${origin}/__mock/ui?token=wrong`)).status).toBe(401)
    expect(server.mock.clock.now() - before).toBeLessThan(60_000)
  })

  it('answers control calls that carry it, as a bearer token or in X-Mock-Control-Token, and keeps it out of the journal', async () => {
    expect((await callAt(via, `${origin}/__mock/seed`, 'GET', { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200)
    const approveTarget = await callAt(via, `${origin}/__mock/tokens`, 'POST', {
      headers: { 'x-mock-control-token': TOKEN },
      body: { orgNo: SMARTCLOUD, scope: 'altinn:authentication/systemuser.request.write' },
    })
    expect(approveTarget.status).toBe(200)
    const created = await callAt(via, `${origin}${A}/systemuser/request/vendor`, 'POST', { token: approveTarget.body.access_token, body: aStandardRequest() })
    expect(created.status).toBe(201)
    const approved = await callAt(via, `${origin}/__mock/requests/${created.body.id}/approve`, 'POST', { headers: { authorization: `Bearer ${TOKEN}` }, body: { pid: STADIG_KONSERT } })
    expect(approved.status).toBe(200)
    expect(JSON.stringify(server.harness.journal.entries())).not.toContain(TOKEN)
    expect((await callAt(via, `${origin}/__mock/reset`, 'POST', { headers: { 'x-mock-control-token': TOKEN } })).status).toBe(204)
  })

  it('lets a browser in with ?token= once: an HttpOnly, SameSite=Strict cookie and a redirect to the clean URL, then the inspector and its forms', async () => {
    const browser = new PortalBrowser(origin, via)
    const entry = await browser.get('/__mock/ui?token=' + TOKEN + '&show=journal')
    expect(entry.status).toBe(303)
    expect(entry.location).toBe('/__mock/ui?show=journal')
    expect(entry.headers.get('referrer-policy')).toBe('no-referrer')
    const cookie = entry.setCookies.find((c) => c.startsWith('mock_altinn_control='))!
    expect(cookie).toMatch(/; Path=\/__mock; HttpOnly; SameSite=Strict$/)
    expect(cookie).not.toContain(TOKEN)

    const page = await browser.get(entry.location!)
    expect(page.status).toBe(200)
    expect(page.text).toContain('Inspektør')
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1]
    expect(csrf).toMatch(/^[\w-]{16,}$/)
    const moved = await browser.post('/__mock/ui/clock', { _csrf: csrf!, advance: 'P1D' }, { origin, 'sec-fetch-site': 'same-origin' })
    expect(moved.status).toBe(303)
    // The form took effect: the mock's clock is a day ahead, read through the same cookie.
    const clock = await browser.get('/__mock/clock')
    expect(clock.status).toBe(200)
    expect(Date.parse((JSON.parse(clock.text) as { now: string }).now) - Date.now()).toBeGreaterThan(23 * 3600_000)

    // Without the cookie the same page is refused.
    expect((await new PortalBrowser(origin, via).get('/__mock/ui')).status).toBe(401)
    await callAt(via, `${origin}/__mock/reset`, 'POST', { headers: { 'x-mock-control-token': TOKEN } })
    server.mock.clock.reset()
  })

  it("leaves Altinn's own surfaces and /healthz as they are: no token asked", async () => {
    expect((await callAt(via, `${origin}/healthz`)).status).toBe(200)
    expect((await callAt(via, `${origin}/maskinporten/.well-known/oauth-authorization-server`)).status).toBe(200)
    expect((await callAt(via, `${origin}${A}/openid/.well-known/openid-configuration`)).status).toBe(200)
    const token = await grantAt(via, server.mock, `${origin}/maskinporten/`)
    const created = await callAt(via, `${origin}${A}/systemuser/request/vendor`, 'POST', { token, body: aStandardRequest({ redirectUrl: RECEIPT_WITH_STATE }) })
    expect(created.status).toBe(201)
    const browser = new PortalBrowser(origin, via)
    await browser.logIn(STADIG_KONSERT)
    expect((await browser.get(created.body.confirmUrl)).status).toBe(200)
    const decided = await browser.post('/accessmanagement/ui/systemuser/request/approve', { id: created.body.id })
    expect(decided.location).toBe(`${RECEIPT_URL}?state=abc`)
    // The vendor's bearer token on a vendor route is the vendor's: the control token takes no part there.
    expect((await callAt(via, `${origin}${A}/systemuser/request/vendor/${created.body.id}`, 'GET', { token })).body.status).toBe('Accepted')
    server.mock.reset()
  })
})

describe('a scenario against a mock that wants its token, over http', () => {
  let server: RunningMockServer
  beforeAll(async () => {
    // Bound to every address, no public URL: the scenario calls it as localhost and gets localhost in every URL.
    server = await startMockServer({ host: '0.0.0.0', port: 0, controlToken: TOKEN })
  })
  afterAll(() => server.close())

  it('runs with the token, and says what to do without it', async () => {
    const local = `http://localhost:${new URL(server.url).port}`
    await expect(openScenarioEnvironment({ baseUrl: local })).rejects.toThrow(/wants its control token: pass the token it printed at start with --control-token or MOCK_ALTINN_CONTROL_TOKEN/)
    const env = await openScenarioEnvironment({ baseUrl: local, controlToken: TOKEN })
    try {
      const report = await runScenario(findScenario('standard-reject')!, await env.context(), {})
      expect(report.ok, JSON.stringify(report.steps.filter((s) => !s.ok))).toBe(true)
    } finally {
      await env.close()
    }
  })

  it('takes the token from the scenario command: --control-token, or MOCK_ALTINN_CONTROL_TOKEN', async () => {
    const local = `http://localhost:${new URL(server.url).port}`
    const quiet = vi.spyOn(console, 'log').mockImplementation(() => {})
    try {
      expect(await runScenarioCommand(['redirect-not-allowed', '--base-url', local, '--control-token', TOKEN, '--json'])).toBe(0)
      expect(await runScenarioCommand(['redirect-not-allowed', '--base-url', local, '--json'], 'scenario', { MOCK_ALTINN_CONTROL_TOKEN: TOKEN })).toBe(0)
      await expect(runScenarioCommand(['redirect-not-allowed', '--control-token', TOKEN])).rejects.toThrow(UsageError)
    } finally {
      quiet.mockRestore()
    }
  })
})

describe('the control token with a generated token, over http', () => {
  it('makes one per start, 32 characters, and accepts only it', async () => {
    const a = await startMockServer({ host: '0.0.0.0', port: 0 })
    const b = await startMockServer({ host: '0.0.0.0', port: 0 })
    try {
      expect(a.controlToken).toMatch(/^[A-Za-z0-9_-]{32}$/)
      expect(b.controlToken).not.toBe(a.controlToken)
      const via = fetchThrough(a.server)
      expect((await callAt(via, `${a.url}/__mock/seed`, 'GET', { headers: { authorization: `Bearer ${a.controlToken}` } })).status).toBe(200)
      expect((await callAt(via, `${a.url}/__mock/seed`, 'GET', { headers: { authorization: `Bearer ${b.controlToken}` } })).status).toBe(401)
    } finally {
      await a.close()
      await b.close()
    }
  })
})

describe('on a loopback bind, over http', () => {
  let server: RunningMockServer
  beforeAll(async () => {
    server = await startMockServer({ port: 0 })
  })
  afterAll(() => server.close())

  it('changes nothing: no token, the control API and the inspector open as before', async () => {
    expect(server.controlToken).toBeUndefined()
    expect((await fetch(`${server.url}/__mock/seed`)).status).toBe(200)
    expect((await fetch(`${server.url}/__mock/ui`)).status).toBe(200)
    expect((await fetch(`${server.url}/__mock/reset`, { method: 'POST' })).status).toBe(204)
  })

  it('wants the token when one is given all the same', async () => {
    const guarded = await startMockServer({ port: 0, controlToken: TOKEN })
    try {
      const res = await fetch(`${guarded.url}/__mock/seed`)
      expect(res.status).toBe(401)
      expect(((await res.json()) as { detail: string }).detail).toContain('it was started with a control token')
      expect((await fetch(`${guarded.url}/__mock/seed`, { headers: { 'x-mock-control-token': TOKEN } })).status).toBe(200)
    } finally {
      await guarded.close()
    }
  })

  it('refuses options it cannot use, saying which', async () => {
    await expect(startMockServer({ port: 0, controlToken: 'short' })).rejects.toThrow(/controlToken must be 16 to 512/)
    await expect(startMockServer({ port: 0, allowedHosts: ['qa.example:80'] })).rejects.toThrow(/without a port/)
    await expect(startMockServer({ port: 0, publicUrl: 'http://mock-altinn:5101/path' })).rejects.toThrow(/origin only/)
  })
})
