/**
 * Everything the mock hands out names its public URL, never the address it is bound to: a mock started on
 * 127.0.0.1 with `publicUrl: http://mock-altinn.test:5999` and called as that host (as a container on a compose
 * network would) answers every URL of a whole standard flow on it. In process (msw, fetch), a mock made for that
 * origin does the same.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAltinnClient, mockEnvironment } from '../../sdk/index.ts'
import { startMockServer, type RunningMockServer } from '../../mock-server/http/server.ts'
import { startInProcessMock, type RunningInProcessMock } from '../../mock-server/msw.ts'
import { createMockFetch } from '../../mock-server/fetch.ts'
import type { MockAltinn } from '../../mock-server/core/mock-altinn.ts'
import { A, callAt } from '../support/api.ts'
import { fetchThrough } from '../support/host-fetch.ts'
import { transports } from '../support/transports.ts'
import { grantAt, seededClient } from '../support/grants.ts'
import { PortalBrowser } from '../support/portal-browser.ts'
import { absoluteUrlsIn, expectOnOrigin, linksOf } from '../support/origins.ts'
import { CUSTOMER, KRAV, RECEIPT_URL, STADIG_KONSERT, STANDARD_CLIENT_ID, STANDARD_SYSTEM } from '../../mock-server/seed/personas.ts'
import { aStandardRequest, RECEIPT_WITH_STATE } from '../support/builders.ts'
import { claimsOf } from '../support/tokens.ts'

const PUBLIC = 'http://mock-altinn.test:5999'

describe.each(transports)('the public URL over %s', (transport) => {
  let http: RunningMockServer | undefined
  let msw: RunningInProcessMock | undefined
  let mock: MockAltinn
  let via: typeof fetch

  beforeAll(async () => {
    if (transport === 'http') {
      http = await startMockServer({ host: '127.0.0.1', port: 0, publicUrl: PUBLIC, pageSize: 2 })
      mock = http.mock
      // Every call reaches 127.0.0.1:<port> with Host: mock-altinn.test:5999.
      via = fetchThrough(http.server)
    } else if (transport === 'fetch') {
      const altinn = createMockFetch({ environment: PUBLIC, pageSize: 2 })
      mock = altinn.mock
      via = altinn.fetch as typeof fetch
    } else {
      msw = startInProcessMock({ origin: PUBLIC, pageSize: 2 })
      mock = msw.mock
      via = (input, init) => fetch(input, init)
    }
  })
  afterAll(async () => {
    await http?.close()
    msw?.close()
  })

  it('is the url of the running server and the origin of every part', () => {
    if (http) expect(http.url).toBe(PUBLIC)
    expect(mock.config).toMatchObject({ platformUrl: PUBLIC, portalUrl: PUBLIC, maskinportenIssuer: `${PUBLIC}/maskinporten/`, altinnIssuer: `${PUBLIC}/authentication/api/v1/openid/` })
  })

  it('names every URL of a whole standard flow on the public URL', async () => {
    // Maskinporten's metadata and keys.
    const metadata = await callAt(via, `${PUBLIC}/maskinporten/.well-known/oauth-authorization-server`)
    expect(metadata.status).toBe(200)
    expect(metadata.body).toMatchObject({ issuer: `${PUBLIC}/maskinporten/`, token_endpoint: `${PUBLIC}/maskinporten/token`, jwks_uri: `${PUBLIC}/maskinporten/jwk` })
    expect((await callAt(via, metadata.body.jwks_uri)).body.keys.length).toBeGreaterThan(0)
    const onOrigin = await callAt(via, `${PUBLIC}/.well-known/oauth-authorization-server/maskinporten`)
    expect(onOrigin.body.issuer).toBe(`${PUBLIC}/maskinporten/`)

    // Altinn's OpenID metadata.
    const openid = await callAt(via, `${PUBLIC}${A}/openid/.well-known/openid-configuration`)
    expect(openid.status).toBe(200)
    expect(openid.body.issuer).toBe(`${PUBLIC}${A}/openid/`)
    expect(openid.body.jwks_uri).toBe(`${PUBLIC}${A}/openid/.well-known/openid-configuration/jwks`)
    expect((await callAt(via, openid.body.jwks_uri)).status).toBe(200)

    // A token through the grant: issued by the public issuer.
    const token = await grantAt(via, mock, `${PUBLIC}/maskinporten/`)
    expect(claimsOf(token).iss).toBe(`${PUBLIC}/maskinporten/`)
    // Exchanged for an Altinn token: issued by Altinn's public issuer, and accepted on the same origin.
    const exchanged = await callAt(via, `${PUBLIC}${A}/exchange/maskinporten`, 'GET', { token })
    expect(exchanged.status, exchanged.text).toBe(200)
    const altinnToken = typeof exchanged.body === 'string' ? exchanged.body.replace(/^"|"$/g, '') : String(exchanged.body)
    expect(claimsOf(altinnToken).iss).toBe(`${PUBLIC}${A}/openid/`)

    // Requests: Location and confirmUrl.
    const created = await callAt(via, `${PUBLIC}${A}/systemuser/request/vendor`, 'POST', { token, body: aStandardRequest({ externalRef: 'public-1', redirectUrl: RECEIPT_WITH_STATE }) })
    expect(created.status, created.text).toBe(201)
    expect(created.headers.get('location')).toBe(`${PUBLIC}${A}/systemuser/request/${created.body.id}`)
    expect(created.body.confirmUrl).toBe(`${PUBLIC}/accessmanagement/ui/systemuser/request?id=${created.body.id}&DONTCHOOSEREPORTEE=true`)
    for (const ref of ['public-2', 'public-3']) {
      expect((await callAt(via, `${PUBLIC}${A}/systemuser/request/vendor`, 'POST', { token, body: aStandardRequest({ externalRef: ref }) })).status).toBe(201)
    }
    const read = await callAt(via, `${PUBLIC}${A}/systemuser/request/vendor/${created.body.id}`, 'GET', { token })
    expect(read.body.confirmUrl).toBe(created.body.confirmUrl)

    // A paged list: links.next on the public URL, and it works.
    const page1 = await callAt(via, `${PUBLIC}${A}/systemuser/request/vendor/bysystem/${STANDARD_SYSTEM}`, 'GET', { token })
    expect(page1.status).toBe(200)
    expect(page1.body.data).toHaveLength(2)
    expect(page1.body.links.next).toMatch(new RegExp(`^${PUBLIC}${A}/systemuser/request/vendor/bysystem/${STANDARD_SYSTEM}\\?token=`))
    const page2 = await callAt(via, page1.body.links.next, 'GET', { token })
    expect(page2.status).toBe(200)
    expect(page2.body.data).toHaveLength(1)
    for (const res of [metadata, openid, created, page1, page2]) expectOnOrigin(absoluteUrlsIn(res.text), PUBLIC, [RECEIPT_URL])

    // The portal: every redirect and form stays on the public URL, and the decision leads to the vendor's receipt.
    const browser = new PortalBrowser(PUBLIC, via)
    const start = await browser.get(created.body.confirmUrl)
    expect(start.status).toBe(302)
    const login = await browser.get(start.location!)
    expectOnOrigin(linksOf(login.text), PUBLIC)
    const loggedIn = await browser.post('/accessmanagement/ui/login', { pid: STADIG_KONSERT, next: new URL(created.body.confirmUrl).pathname + new URL(created.body.confirmUrl).search })
    expect(loggedIn.status).toBe(302)
    expectOnOrigin([loggedIn.location!], PUBLIC)
    const page = await browser.get(loggedIn.location!)
    expect(page.status).toBe(200)
    expectOnOrigin(linksOf(page.text), PUBLIC, [RECEIPT_URL])
    const decided = await browser.post('/accessmanagement/ui/systemuser/request/approve', { id: created.body.id })
    expect(decided.status).toBe(302)
    expect(decided.location).toBe(`${RECEIPT_URL}?state=abc`)

    // A request without a redirect URL: the logged-out page of the portal the person used.
    const bare = await callAt(via, `${PUBLIC}${A}/systemuser/request/vendor`, 'POST', { token, body: aStandardRequest({ externalRef: 'public-4', redirectUrl: undefined }) })
    await browser.logIn(STADIG_KONSERT)
    await browser.get(bare.body.confirmUrl)
    const rejected = await browser.post('/accessmanagement/ui/systemuser/request/reject', { id: bare.body.id })
    expect(rejected.location).toBe('/accessmanagement/ui/loggedout')

    // The inspector: confirm links and every link on the public URL.
    const inspector = await callAt(via, `${PUBLIC}/__mock/ui`)
    expect(inspector.status).toBe(200)
    expect(inspector.text).toContain(`${PUBLIC}/accessmanagement/ui/systemuser/request?id=`)
    expectOnOrigin(linksOf(inspector.text), PUBLIC)
    expect(inspector.text).not.toMatch(/127\.0\.0\.1|0\.0\.0\.0/)
  })

  it('lets the SDK run against the public URL unchanged (metadata, grant, create, approve, system user)', async () => {
    const c = seededClient(mock, STANDARD_CLIENT_ID)
    const seededJwk = mock.store.maskinportenClients.get(STANDARD_CLIENT_ID)!.privateJwk!
    const client = createAltinnClient({
      environment: mockEnvironment(PUBLIC),
      maskinporten: { clientId: c.clientId, key: seededJwk as JsonWebKey, kid: c.kid },
      redirectSecret: Buffer.alloc(32, 7),
      fetch: via,
    })
    const { request } = await client.requests.create({
      systemId: STANDARD_SYSTEM,
      partyOrgNo: CUSTOMER,
      externalRef: 'sdk-public',
      rights: [{ resource: [{ id: 'urn:altinn:resource', value: KRAV }] }],
    })
    expect(request.confirmUrl?.startsWith(`${PUBLIC}/accessmanagement/ui/systemuser/request?id=`)).toBe(true)
    const approved = await callAt(via, `${PUBLIC}/__mock/requests/${request.id}/approve`, 'POST', { body: { pid: STADIG_KONSERT } })
    expect(approved.status).toBe(200)
    expect((await client.requests.get(request.id)).status).toBe('Accepted')
    const { accessToken } = await client.tokens.systemUser({ orgNo: CUSTOMER, scopes: ['skatteetaten:kravogbetalinger'], externalRef: 'sdk-public' })
    expect(claimsOf(accessToken).iss).toBe(`${PUBLIC}/maskinporten/`)
  })
})
