/**
 * `createMockFetch`: the mock behind a `fetch` function of its own. The SDK runs the whole standard flow through it
 * with no server and no interception, and it answers as the HTTP server does.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createMockFetch, type MockFetch } from '../../mock-server/fetch.ts'
import { startMockServer, type RunningMockServer } from '../../mock-server/http/server.ts'
import { MAX_BODY_BYTES } from '../../mock-server/kit/router.ts'
import { AltinnNetworkError, createAltinnClient, Environments, type AltinnClient } from '../../sdk/index.ts'
import { ALL_VENDOR_SCOPES } from '../support/api.ts'
import { CUSTOMER, KRAV, RECEIPT_URL, SMARTCLOUD, STADIG_KONSERT, STANDARD_SYSTEM } from '../../mock-server/seed/personas.ts'

const RIGHTS = [{ resource: [{ id: 'urn:altinn:resource', value: KRAV }] }]
const JSON_HEADERS = { 'content-type': 'application/json' }
const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g

function smartCloudOn(altinn: MockFetch, environment: Parameters<typeof createAltinnClient>[0]['environment'] = altinn.urls): AltinnClient {
  const system = altinn.seed.systems.find((s) => s.id === STANDARD_SYSTEM)!
  const seeded = altinn.seed.maskinportenClients.find((c) => c.orgNo === SMARTCLOUD && system.clientId.includes(c.clientId))!
  return createAltinnClient({
    environment,
    maskinporten: { clientId: seeded.clientId, kid: seeded.kid, key: seeded.privateJwk as JsonWebKey },
    fetch: altinn.fetch,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
  })
}

describe('the standard flow through the mock fetch, with the SDK', () => {
  // Every call must go through the mock's fetch: the global one is watched, and its host would not resolve anyway.
  const globalFetch = vi.spyOn(globalThis, 'fetch')
  afterEach(() => globalFetch.mockClear())
  afterAll(() => globalFetch.mockRestore())

  it.each([
    ['its own origin', undefined, undefined],
    ["TT02's host names, with the SDK set to tt02", 'tt02' as const, 'tt02' as const],
  ])('creates, is approved over the control API, waits for Accepted, gets a system-user token and reads the claims, on %s', async (_, environment, sdkEnvironment) => {
    const altinn = createMockFetch(environment ? { environment } : {})
    const client = smartCloudOn(altinn, sdkEnvironment ?? altinn.urls)

    const { request, created } = await client.requests.create({ systemId: STANDARD_SYSTEM, partyOrgNo: CUSTOMER, rights: RIGHTS })
    const approved = await altinn.fetch(`${altinn.urls.platformUrl}/__mock/requests/${request.id}/approve`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ pid: STADIG_KONSERT }) })
    const decided = await client.requests.waitForDecision(request, { intervalMs: 10 })
    const token = await client.tokens.systemUser({ orgNo: CUSTOMER, scopes: ['skatteetaten:kravogbetalinger'] })
    const claims = await altinn.fetch(`${altinn.urls.platformUrl}/service/krav-og-betalinger/${CUSTOMER}`, { headers: { authorization: `Bearer ${token.accessToken}` } })

    expect(created).toBe(true)
    expect(new URL(request.confirmUrl!).origin).toBe(new URL(altinn.urls.portalUrl).origin)
    expect(approved.status).toBe(200)
    expect(await approved.json()).toMatchObject({ request: { status: 'Accepted' }, decidedBy: STADIG_KONSERT })
    expect(decided.status).toBe('Accepted')
    expect(token.issuer).toBe('maskinporten')
    expect(claims.status).toBe(200)
    expect(claims.url).toBe(`${altinn.urls.platformUrl}/service/krav-og-betalinger/${CUSTOMER}`)
    expect(await claims.json()).toMatchObject({ orgNo: CUSTOMER, claims: expect.any(Array), total: expect.any(Number) })
    // The Maskinporten metadata and grants went through the fetch given to the SDK too.
    const routes = altinn.journal.entries().map((e) => e.route)
    expect(routes).toEqual(expect.arrayContaining(['maskinportenToken', 'createRequest', 'controlApprove', 'getRequest', 'kravOgBetalinger']))
    expect(routes.some((r) => r?.startsWith('maskinportenMetadata'))).toBe(true)
    expect(globalFetch).not.toHaveBeenCalled()
  })

  it('approves and rejects in-process with the control API rule, and reset goes back to the seed and real time', async () => {
    const altinn = createMockFetch()
    const client = smartCloudOn(altinn)
    const { request } = await client.requests.create({ systemId: STANDARD_SYSTEM, partyOrgNo: CUSTOMER, rights: RIGHTS })
    await altinn.fetch(`${altinn.urls.platformUrl}/__mock/clock`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ advance: 'P1D' }) })

    const decision = await altinn.approve(request.id)
    const twice = await altinn.reject(request.id).catch((e: unknown) => e)
    altinn.reset()

    expect(decision).toMatchObject({ request: { id: request.id, status: 'Accepted' }, systemUser: { id: request.id }, decidedBy: STADIG_KONSERT })
    expect(twice).toMatchObject({ name: 'MockControlError', status: 409, code: 'AUTH-00013' })
    expect(altinn.mock.store.requests.size).toBe(0)
    expect(altinn.mock.store.systemUsers.size).toBe(0)
    expect(altinn.mock.clock.shifted).toBe(false)
    expect(altinn.journal.entries()).toEqual([])
  })
})

describe('the mock fetch refuses what it does not serve', () => {
  it('rejects a URL on another host with a TypeError naming it and the origins it serves, and never calls the network', async () => {
    const globalFetch = vi.spyOn(globalThis, 'fetch')
    try {
      const altinn = createMockFetch({ environment: 'tt02' })

      const error = await altinn.fetch('https://platform.altinn.no/authentication/api/v1/systemuser/request/vendor?secret=1').catch((e: unknown) => e)

      expect(error).toBeInstanceOf(TypeError)
      const message = (error as Error).message
      expect(message).toContain('https://platform.altinn.no/authentication/api/v1/systemuser/request/vendor')
      expect(message).not.toContain('secret')
      for (const origin of ['https://platform.tt02.altinn.no', 'https://am.ui.tt02.altinn.no', 'https://test.maskinporten.no']) expect(message).toContain(origin)
      expect(globalFetch).not.toHaveBeenCalled()
      expect(altinn.journal.entries()).toEqual([])
    } finally {
      globalFetch.mockRestore()
    }
  })

  it('rejects like fetch for a URL that is not one', async () => {
    const altinn = createMockFetch()

    await expect(altinn.fetch('/healthz')).rejects.toThrow(TypeError)
  })

  it('rejects an environment it cannot serve, saying what it takes', () => {
    expect(() => createMockFetch({ environment: 'ftp://mock-altinn.local' })).toThrow(/environment must be 'tt02', 'production', an origin/)
  })
})

describe('the mock fetch behaves as fetch does', () => {
  it('rejects with a network error when a fault drops the connection, and the SDK retries the read', async () => {
    const altinn = createMockFetch()
    const client = smartCloudOn(altinn)
    const { request } = await client.requests.create({ systemId: STANDARD_SYSTEM, partyOrgNo: CUSTOMER, rights: RIGHTS })
    altinn.faults.add({ path: '/healthz', drop: true, times: 1 })
    altinn.faults.add({ method: 'GET', path: `/authentication/api/v1/systemuser/request/vendor/${request.id}`, drop: true, times: 1 })

    const dropped = await altinn.fetch(`${altinn.urls.platformUrl}/healthz`).catch((e: unknown) => e)
    const next = await altinn.fetch(`${altinn.urls.platformUrl}/healthz`)
    const read = await client.requests.get(request.id)

    expect(dropped).toBeInstanceOf(TypeError)
    expect((dropped as Error).message).toBe('fetch failed')
    expect(next.status).toBe(200)
    expect(read.id).toBe(request.id)
    expect(altinn.journal.entries({ route: 'getRequest' }).map((e) => e.status)).toEqual([0, 200])
  })

  it('answers a body over 1 MB with 413, and the SDK with an AltinnNetworkError for a dropped create', async () => {
    const altinn = createMockFetch()
    const token = await tokenFor(altinn)

    const res = await altinn.fetch(`${altinn.urls.platformUrl}/authentication/api/v1/systemuser/request/vendor`, {
      method: 'POST',
      headers: { ...JSON_HEADERS, authorization: `Bearer ${token}` },
      body: JSON.stringify({ systemId: STANDARD_SYSTEM, partyOrgNo: CUSTOMER, rights: RIGHTS, padding: 'x'.repeat(MAX_BODY_BYTES) }),
    })

    expect(res.status).toBe(413)
    expect(res.statusText).toBe('Payload Too Large')
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    expect(await res.json()).toMatchObject({ status: 413, title: 'Payload Too Large' })
    expect(altinn.mock.store.requests.size).toBe(0)

    altinn.faults.add({ method: 'POST', path: '/authentication/api/v1/systemuser/request/vendor', drop: true })
    const client = smartCloudOn(altinn)
    const error = await client.requests.create({ systemId: STANDARD_SYSTEM, partyOrgNo: CUSTOMER, rights: RIGHTS }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AltinnNetworkError)
  })

  it('follows redirects unless told not to, and never off its own hosts', async () => {
    const altinn = createMockFetch()
    const page = `${altinn.urls.portalUrl}/accessmanagement/ui/systemuser/overview`

    const manual = await altinn.fetch(page, { redirect: 'manual' })
    const followed = await altinn.fetch(page)
    const refused = await altinn.fetch(page, { redirect: 'error' }).catch((e: unknown) => e)

    expect(manual.status).toBe(302)
    expect(manual.redirected).toBe(false)
    const location = new URL(manual.headers.get('location')!, page)
    expect(followed.status).toBe(200)
    expect(followed.redirected).toBe(true)
    expect(followed.url).toBe(location.href)
    expect(followed.headers.get('content-type')).toMatch(/^text\/html/)
    expect(refused).toBeInstanceOf(TypeError)
  })

  it('rejects with the abort reason when the signal aborts during a fault delay, or before the call is sent', async () => {
    const altinn = createMockFetch()
    altinn.faults.add({ path: '/healthz', delayMs: 5_000, status: 503 })
    const controller = new AbortController()

    const pending = altinn.fetch(`${altinn.urls.platformUrl}/healthz`, { signal: controller.signal })
    await vi.waitFor(() => expect(altinn.faults.list()[0]!.hits).toBe(1)) // the call is waiting in the delay
    controller.abort()
    const early = altinn.fetch(`${altinn.urls.platformUrl}/__mock/reset`, { method: 'POST', signal: AbortSignal.abort() })

    await expect(pending).rejects.toMatchObject({ name: 'AbortError' })
    await expect(early).rejects.toMatchObject({ name: 'AbortError' })
    expect(altinn.journal.entries({ route: 'controlReset' })).toEqual([])
  })
})

describe('the mock fetch answers as the HTTP server does', () => {
  let server: RunningMockServer
  let altinn: MockFetch
  beforeAll(async () => {
    server = await startMockServer({ port: 0 })
    // The same origin, so every URL in the answers is the same.
    altinn = createMockFetch({ environment: server.url })
  })
  afterAll(() => server.close())

  /** Status, the headers that matter, and the body without what is new on every call. */
  async function answerOf(res: Response) {
    const text = (await res.text()).replace(GUID, '(guid)')
    const body = text.startsWith('{') ? JSON.stringify(JSON.parse(text), (k, v) => (['traceId', 'created', 'access_token', 'now'].includes(k) ? '(varies)' : v)) : text
    return {
      status: res.status,
      statusText: res.statusText,
      contentType: res.headers.get('content-type'),
      location: res.headers.get('location')?.replace(GUID, '(guid)') ?? null,
      allow: res.headers.get('allow'),
      wwwAuthenticate: res.headers.get('www-authenticate'),
      warning: res.headers.get('x-mock-warning'),
      body,
    }
  }

  const calls: [string, string, RequestInit?][] = [
    ['the health check', '/healthz'],
    ['the seed', '/__mock/seed'],
    ["Maskinporten's metadata", '/maskinporten/.well-known/oauth-authorization-server'],
    ['an unknown path', '/authentication/api/v1/nothing-here'],
    ['a method the route does not take', '/authentication/api/v1/systemuser/request/vendor', { method: 'PUT', headers: JSON_HEADERS, body: '{}' }],
    ['a vendor route without a token', '/authentication/api/v1/systemuser/request/vendor/00000000-0000-0000-0000-000000000000'],
    ['a portal page without a session', '/accessmanagement/ui/systemuser/overview', { redirect: 'manual' }],
    ['a grant that is not one', '/maskinporten/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=password' }],
  ]

  it.each(calls)('%s', async (_, path, init) => {
    const overHttp = await answerOf(await fetch(`${server.url}${path}`, init))
    const throughFetch = await answerOf(await altinn.fetch(`${altinn.urls.platformUrl}${path}`, init))

    expect(throughFetch).toEqual(overHttp)
  })

  it('a create with a misspelt field: the same 201, request and warning', async () => {
    const create = async (f: typeof fetch, origin: string) => {
      const token = (await (await f(`${origin}/__mock/tokens`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ orgNo: SMARTCLOUD, scope: ALL_VENDOR_SCOPES }) })).json()) as { access_token: string }
      return f(`${origin}/authentication/api/v1/systemuser/request/vendor`, {
        method: 'POST',
        headers: { ...JSON_HEADERS, authorization: `Bearer ${token.access_token}` },
        body: JSON.stringify({ systemId: STANDARD_SYSTEM, partyOrgNo: CUSTOMER, rights: RIGHTS, redirecturl: RECEIPT_URL, extern: 1 }),
      })
    }

    const overHttp = await answerOf(await create(fetch, server.url))
    const throughFetch = await answerOf(await create(altinn.fetch, altinn.urls.platformUrl))

    expect(overHttp.status).toBe(201)
    expect(throughFetch).toEqual(overHttp)
  })
})

async function tokenFor(altinn: MockFetch): Promise<string> {
  const res = await altinn.fetch(`${altinn.urls.platformUrl}/__mock/tokens`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ orgNo: SMARTCLOUD, scope: ALL_VENDOR_SCOPES }) })
  return ((await res.json()) as { access_token: string }).access_token
}

// The environments the SDK knows are the ones the mock can answer on.
it('answers on the host names of each environment the SDK knows', () => {
  expect(createMockFetch({ environment: 'tt02' }).urls).toEqual(Environments.tt02)
  expect(createMockFetch({ environment: 'production' }).urls).toEqual(Environments.production)
  expect(createMockFetch().urls).toEqual({ platformUrl: 'http://mock-altinn.local', portalUrl: 'http://mock-altinn.local', maskinportenIssuer: 'http://mock-altinn.local/maskinporten/' })
})
