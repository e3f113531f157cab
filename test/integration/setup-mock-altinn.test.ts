/**
 * `setupMockAltinn` as a vendor's test file uses it: msw's lifecycle (listen once, reset after each test, close at
 * the end) on TT02's real host names, with the SDK configured for TT02 unchanged.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createFixedClock } from '../../mock-server/core/clock.ts'
import { MockControlError, setupMockAltinn } from '../../mock-server/msw.ts'
import { createAltinnClient, Environments } from '../../sdk/index.ts'
import { CUSTOMER, FREMMED_TURIST, KRAV, SMARTCLOUD, STADIG_KONSERT, STANDARD_SYSTEM } from '../../mock-server/seed/personas.ts'

const RIGHTS = [{ resource: [{ id: 'urn:altinn:resource', value: KRAV }] }]

describe('setupMockAltinn with the lifecycle of msw', () => {
  const altinn = setupMockAltinn()
  beforeAll(() => altinn.listen())
  afterEach(() => altinn.reset())
  afterAll(() => altinn.close())

  function smartCloud() {
    const system = altinn.seed.systems.find((s) => s.id === STANDARD_SYSTEM)!
    const seeded = altinn.seed.maskinportenClients.find((c) => c.orgNo === SMARTCLOUD && system.clientId.includes(c.clientId))!
    return createAltinnClient({ environment: 'tt02', maskinporten: { clientId: seeded.clientId, kid: seeded.kid, key: seeded.privateJwk as JsonWebKey } })
  }

  it("answers on TT02's real host names by default", () => {
    expect(altinn.urls).toEqual(Environments.tt02)
  })

  it('runs the standard flow with the SDK set to tt02: create, approve, Accepted, a system-user token, the tax claims', async () => {
    const client = smartCloud()

    const { request, created } = await client.requests.create({ systemId: STANDARD_SYSTEM, partyOrgNo: CUSTOMER, rights: RIGHTS })
    const decision = await altinn.approve(request.id, { pid: STADIG_KONSERT })
    const decided = await client.requests.waitForDecision(request, { intervalMs: 10 })
    const { accessToken } = await client.tokens.systemUser({ orgNo: CUSTOMER, scopes: ['skatteetaten:kravogbetalinger'] })
    const claims = await fetch(`${Environments.tt02.platformUrl}/service/krav-og-betalinger/${CUSTOMER}`, { headers: { authorization: `Bearer ${accessToken}` } })

    expect(created).toBe(true)
    expect(new URL(request.confirmUrl!).origin).toBe(Environments.tt02.portalUrl)
    expect(decision).toMatchObject({ request: { id: request.id, status: 'Accepted' }, systemUser: { id: request.id }, decidedBy: STADIG_KONSERT })
    expect(decided.status).toBe('Accepted')
    expect(claims.status).toBe(200)
    expect(await claims.json()).toMatchObject({ orgNo: CUSTOMER, claims: expect.any(Array) })
    // The grant went to Maskinporten's TT02 host, and the approval through the control API's own route.
    const routes = altinn.journal.entries().map((e) => e.route)
    expect(routes).toEqual(expect.arrayContaining(['maskinportenToken', 'createRequest', 'controlApprove', 'getRequest', 'kravOgBetalinger']))
    expect(new Set(altinn.journal.entries({ route: 'maskinportenToken' }).map((e) => e.path))).toEqual(new Set(['/token']))
  })

  it('approves by default as the seeded person the control API picks, and rejects with the reason it gives', async () => {
    const client = smartCloud()
    const { request } = await client.requests.create({ systemId: STANDARD_SYSTEM, partyOrgNo: CUSTOMER, rights: RIGHTS })

    const refused = await altinn.approve(request.id, { pid: FREMMED_TURIST }).catch((e: unknown) => e)
    const rejected = await altinn.reject(request.id)
    const again = await altinn.approve(request.id).catch((e: unknown) => e)

    expect(refused).toBeInstanceOf(MockControlError)
    expect(refused).toMatchObject({ status: 403, code: 'AUTH-00066' })
    expect(rejected).toMatchObject({ request: { id: request.id, status: 'Rejected' }, decidedBy: STADIG_KONSERT })
    expect(again).toMatchObject({ status: 409, code: 'AUTH-00013' })
    expect((again as Error).message).toContain(`Approving request ${request.id} was refused with 409 AUTH-00013`)
    expect(altinn.mock.store.systemUsers.size).toBe(0)
  })

  it('reset puts the state back to the seed, the clock back to real time, and empties the faults and the journal', async () => {
    const client = smartCloud()
    const { request } = await client.requests.create({ systemId: STANDARD_SYSTEM, partyOrgNo: CUSTOMER, rights: RIGHTS })
    await altinn.approve(request.id)
    const moved = await fetch(`${Environments.tt02.platformUrl}/__mock/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance: 'P181D' }) })
    altinn.faults.add({ path: '/healthz', status: 503 })
    expect(moved.status).toBe(200)
    expect(altinn.mock.clock.shifted).toBe(true)
    expect(altinn.mock.store.systemUsers.size).toBe(1)
    expect(altinn.journal.entries().length).toBeGreaterThan(0)

    altinn.reset()

    expect(altinn.mock.store.requests.size).toBe(0)
    expect(altinn.mock.store.systemUsers.size).toBe(0)
    expect([...altinn.mock.store.systems.keys()].sort()).toEqual(altinn.seed.systems.map((s) => s.id).sort())
    expect(altinn.mock.clock.shifted).toBe(false)
    expect(Math.abs(altinn.mock.clock.now() - Date.now())).toBeLessThan(60_000)
    expect(altinn.faults.list()).toEqual([])
    expect(altinn.journal.entries()).toEqual([])
    expect((await fetch(`${Environments.tt02.platformUrl}/healthz`)).status).toBe(200)
  })

  it('finds every part of TT02 and nothing else', async () => {
    const metadata = await fetch('https://test.maskinporten.no/.well-known/oauth-authorization-server')
    const portal = await fetch(`${Environments.tt02.portalUrl}/accessmanagement/ui/systemuser/overview`, { redirect: 'manual' })

    expect(metadata.status).toBe(200)
    expect(((await metadata.json()) as { issuer: string }).issuer).toBe('https://test.maskinporten.no/')
    expect(portal.status).toBe(302)
  })
})

describe('setupMockAltinn options', () => {
  it('answers on production host names, with the clock and page size given', async () => {
    const clock = createFixedClock(Date.parse('2026-12-24T12:00:00Z'))
    const altinn = setupMockAltinn({ environment: 'production', clock, pageSize: 2 })
    altinn.listen()
    try {
      clock.advance(60_000)
      const now = await fetch(`${Environments.production.platformUrl}/__mock/clock`)

      expect(altinn.urls).toEqual(Environments.production)
      expect(altinn.mock.config.pageSize).toBe(2)
      expect(await now.json()).toMatchObject({ now: '2026-12-24T12:01:00.000Z' })
      altinn.reset()
      expect(clock.now()).toBe(Date.parse('2026-12-24T12:00:00Z'))
    } finally {
      altinn.close()
    }
  })

  it('refuses an environment it cannot serve, saying what it takes', () => {
    expect(() => setupMockAltinn({ environment: 'staging' })).toThrow(/environment must be 'tt02', 'production', an origin/)
    expect(() => setupMockAltinn({ environment: { platformUrl: 'platform', maskinportenIssuer: 'x', portalUrl: 'y' } })).toThrow(TypeError)
  })
})

describe('setupMockAltinn listen and close', () => {
  // A real server on this machine stands for "the network", so nothing here leaves it.
  let network: Server
  let origin: string
  const reached: string[] = []
  beforeAll(async () => {
    network = createServer((req, res) => {
      reached.push(`${req.headers.host}${req.url}`)
      res.end('the network')
    })
    await new Promise<void>((resolve) => network.listen(0, '127.0.0.1', resolve))
    origin = `http://127.0.0.1:${(network.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => network.close(() => resolve())))

  it('intercepts only between listen and close, and refuses every other host meanwhile', async () => {
    const altinn = setupMockAltinn({ environment: origin })
    const otherHost = origin.replace('127.0.0.1', 'localhost')

    const before = await (await fetch(`${origin}/healthz`)).text()
    altinn.listen()
    const during = await (await fetch(`${origin}/healthz`)).json()
    const elsewhere = await fetch(`${otherHost}/healthz`).catch((e: unknown) => e)
    altinn.close()
    const after = await (await fetch(`${origin}/healthz`)).text()

    expect(before).toBe('the network')
    expect(during).toEqual({ status: 'ok' })
    expect(elsewhere).toBeInstanceOf(Error) // msw's onUnhandledRequest: 'error'
    expect(after).toBe('the network')
    expect(reached).toEqual([`${new URL(origin).host}/healthz`, `${new URL(origin).host}/healthz`])
  })
})
