import { afterEach, describe, expect, it } from 'vitest'
import { readJournal } from '../../mock-server/harness/client.ts'
import { getHarness } from '../../mock-server/harness/harness.ts'
import { A, asVendor, call } from '../support/api.ts'
import { transports, useMock } from '../support/transports.ts'
import { PortalBrowser } from '../support/portal-browser.ts'
import { anAssertion, postGrant, seededClient } from '../support/grants.ts'
import { SMARTCLOUD, STADIG_KONSERT, STANDARD_CLIENT_ID } from '../../mock-server/seed/personas.ts'
import { aStandardRequest } from '../support/builders.ts'

const REQUESTS = `${A}/systemuser/request/vendor`
const JWT_SHAPE = /eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\./

describe.each(transports)('the journal over %s', (transport) => {
  const t = useMock(transport)
  afterEach(() => {
    getHarness(t.mock).faults.clear()
    getHarness(t.mock).journal.clear()
  })

  it('lists every call, newest last, with status, route, vendor and the AUTH code of a refusal', async () => {
    const vendor = asVendor(t.baseUrl)
    await vendor.token()
    const created = await vendor.post(REQUESTS, aStandardRequest())
    await vendor.post(REQUESTS, aStandardRequest({ systemId: 'nope' }))

    const res = await call(t.baseUrl, 'GET', '/__mock/journal')

    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ total: 3, capacity: 1000 })
    expect(res.body.entries.map((e: any) => [e.method, e.path, e.status, e.route ?? null, e.code ?? null, e.vendor ?? null])).toEqual([
      ['POST', '/__mock/tokens', 200, 'controlTokens', null, SMARTCLOUD],
      ['POST', REQUESTS, 201, 'createRequest', null, SMARTCLOUD],
      ['POST', REQUESTS, 404, 'createRequest', 'AUTH-00011', SMARTCLOUD],
    ])
    expect(res.body.entries[1].requestId).toBe(created.body.id)
  })

  it('filters by path, status, since and limit through the query', async () => {
    const vendor = asVendor(t.baseUrl)
    await vendor.post(REQUESTS, aStandardRequest())
    await call(t.baseUrl, 'GET', '/healthz')
    await call(t.baseUrl, 'GET', '/nowhere')
    await call(t.baseUrl, 'POST', '/__mock/clock', { body: { advance: 'PT1M' } })
    await call(t.baseUrl, 'GET', '/healthz')
    const since = new Date(t.mock.clock.now() - 30_000).toISOString()

    const paths = async (query: string) => (await call(t.baseUrl, 'GET', `/__mock/journal?${query}`)).body.entries.map((e: any) => e.path)
    expect(await paths('path=/healthz')).toEqual(['/healthz', '/healthz'])
    expect(await paths(`path=${encodeURIComponent(`${A}/*`)}`)).toEqual([REQUESTS])
    expect(await paths('status=404')).toEqual(['/nowhere'])
    expect(await paths('status=2xx&limit=2')).toEqual(['/__mock/clock', '/healthz'])
    expect(await paths(`since=${encodeURIComponent(since)}`)).toEqual(['/__mock/clock', '/healthz'])
    expect((await call(t.baseUrl, 'GET', '/__mock/journal?since=yesterday')).status).toBe(400)
    expect((await call(t.baseUrl, 'GET', '/__mock/journal?status=teapot')).status).toBe(400)
    expect((await call(t.baseUrl, 'GET', `/__mock/journal?path=${encodeURIComponent('/(x$/')}`)).status).toBe(400)
  })

  it('never shows bearer tokens, assertions, issued tokens, private keys, cookies or CSRF tokens', async () => {
    const vendor = asVendor(t.baseUrl)
    const token = await vendor.token()
    await vendor.post(REQUESTS, aStandardRequest())
    const assertion = await anAssertion(t.mock, seededClient(t.mock, STANDARD_CLIENT_ID))
    const granted = (await postGrant(t.mock, assertion)).body as { access_token: string }
    const privateJwk = t.mock.store.maskinportenClients.get(STANDARD_CLIENT_ID)!.privateJwk as { d: string }
    await call(t.baseUrl, 'POST', '/__mock/maskinporten/clients', { body: { clientId: 'own-key-client', orgNo: SMARTCLOUD, jwks: { keys: [{ ...privateJwk, kid: 'own' }] } } })
    const browser = new PortalBrowser(t.urls.portalUrl)
    await browser.logIn(STADIG_KONSERT)
    const csrf = browser.csrf
    const cookies = [...browser.cookies.values()]

    const everything = JSON.stringify((await call(t.baseUrl, 'GET', '/__mock/journal')).body)

    expect(everything).toContain('/maskinporten/token')
    expect(everything).toContain('/accessmanagement/ui/login')
    for (const secret of [token, assertion, granted.access_token, privateJwk.d, ...cookies, ...(csrf ? [csrf] : [])]) expect(everything).not.toContain(secret)
    expect(everything).not.toMatch(JWT_SHAPE)
    expect(cookies.length).toBeGreaterThan(0)
  })

  it('is read the same way with the readJournal helper, and emptied with DELETE /__mock/journal', async () => {
    await call(t.baseUrl, 'GET', '/healthz')
    expect((await readJournal(t.baseUrl, { path: '/healthz' })).map((e) => e.status)).toEqual([200])

    expect((await call(t.baseUrl, 'DELETE', '/__mock/journal')).status).toBe(204)
    expect(await readJournal(t.baseUrl)).toEqual([])
  })

  it('shows the decoded claims of recently issued tokens, never the tokens', async () => {
    const token = await asVendor(t.baseUrl).token()

    const res = await call(t.baseUrl, 'GET', '/__mock/tokens')

    expect(res.status).toBe(200)
    expect(res.body.tokens[0]).toMatchObject({ route: 'controlTokens', header: { alg: 'RS256' }, claims: { consumer: { ID: `0192:${SMARTCLOUD}` }, iss: t.urls.maskinportenIssuer } })
    expect(res.text).not.toContain(token.split('.')[2])
  })
})
