import { afterEach, describe, expect, it } from 'vitest'
import { getHarness } from '../../mock-server/harness/harness.ts'
import { A, asVendor, call } from '../support/api.ts'
import { transports, useMock } from '../support/transports.ts'
import { SMARTCLOUD } from '../../mock-server/seed/personas.ts'
import { aStandardRequest } from '../support/builders.ts'

const REQUESTS = `${A}/systemuser/request/vendor`

describe.each(transports)('faults over %s', (transport) => {
  const t = useMock(transport)
  afterEach(() => {
    getHarness(t.mock).faults.clear()
    getHarness(t.mock).journal.clear()
  })

  it('are added, listed with their remaining count, hit, and removed through the control API', async () => {
    const vendor = asVendor(t.baseUrl)
    const created = await vendor.post(REQUESTS, aStandardRequest())

    const added = await call(t.baseUrl, 'POST', '/__mock/faults', { body: { method: 'GET', path: `${REQUESTS}/*`, status: 503, times: 3, retryAfter: 2 } })
    expect(added.status).toBe(201)
    expect(added.body).toMatchObject({ id: expect.any(String), status: 503, times: 3, remaining: 3, hits: 0 })

    const hit = await vendor.get(`${REQUESTS}/${created.body.id}`)
    expect(hit.status).toBe(503)
    expect(hit.headers.get('retry-after')).toBe('2')
    expect((await call(t.baseUrl, 'GET', '/__mock/faults')).body.faults).toEqual([expect.objectContaining({ id: added.body.id, remaining: 2, hits: 1 })])

    expect((await call(t.baseUrl, 'DELETE', `/__mock/faults/${added.body.id}`)).status).toBe(204)
    expect((await call(t.baseUrl, 'DELETE', `/__mock/faults/${added.body.id}`)).status).toBe(404)
    expect((await vendor.get(`${REQUESTS}/${created.body.id}`)).status).toBe(200)
  })

  it('are all cleared with DELETE /__mock/faults and by POST /__mock/reset', async () => {
    await call(t.baseUrl, 'POST', '/__mock/faults', { body: { path: '/healthz', status: 500 } })
    expect((await call(t.baseUrl, 'DELETE', '/__mock/faults')).status).toBe(204)
    expect((await call(t.baseUrl, 'GET', '/healthz')).status).toBe(200)

    await call(t.baseUrl, 'POST', '/__mock/faults', { body: { path: '/healthz', status: 500 } })
    expect((await call(t.baseUrl, 'POST', '/__mock/reset')).status).toBe(204)
    expect((await call(t.baseUrl, 'GET', '/__mock/faults')).body.faults).toEqual([])
  })

  it('answer the token endpoint with the Maskinporten error the test chose', async () => {
    const mpError = { error: 'invalid_grant', error_description: 'Invalid assertion. Client authentication failed. (MP-100)' }
    await call(t.baseUrl, 'POST', '/__mock/faults', { body: { method: 'POST', path: '/maskinporten/token', status: 400, body: mpError, times: 1 } })

    const res = await fetch(`${t.urls.maskinportenIssuer}token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=x.y.z',
    })

    expect(res.status).toBe(400)
    expect(await res.json()).toEqual(mpError)
    const [entry] = getHarness(t.mock).journal.entries({ route: 'maskinportenToken' })
    expect(entry).toMatchObject({ status: 400, code: 'MP-100', error: 'invalid_grant', fault: expect.any(String) })
  })

  it('answer portal pages too, as text rather than a page of their own', async () => {
    await call(t.baseUrl, 'POST', '/__mock/faults', { body: { path: '/accessmanagement/ui/*', status: 503, body: 'Altinn er midlertidig utilgjengelig', contentType: 'text/html; charset=utf-8' } })

    const res = await fetch(`${t.urls.portalUrl}/accessmanagement/ui/systemuser/overview`, { redirect: 'manual' })

    expect(res.status).toBe(503)
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(await res.text()).toBe('Altinn er midlertidig utilgjengelig')
  })

  it('drop the connection so the client sees a network error, then let the next call through', async () => {
    await call(t.baseUrl, 'POST', '/__mock/faults', { body: { path: '/healthz', drop: true, times: 1 } })

    await expect(fetch(`${t.baseUrl}/healthz`)).rejects.toThrow(TypeError)
    expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200)
    expect(getHarness(t.mock).journal.entries({ path: '/healthz' }).map((e) => [e.status, e.dropped ?? false])).toEqual([
      [0, true],
      [200, false],
    ])
  })

  it('answer an Altinn problem by AUTH code only for the vendor they name', async () => {
    await call(t.baseUrl, 'POST', '/__mock/faults', { body: { method: 'POST', path: REQUESTS, problem: 'AUTH-00011', match: { orgNo: SMARTCLOUD } } })

    const res = await asVendor(t.baseUrl).post(REQUESTS, aStandardRequest())

    expect(res.status).toBe(404)
    expect(res.body).toMatchObject({ code: 'AUTH-00011', status: 404 })
    expect(res.headers.get('content-type')).toContain('application/problem+json')
    expect(t.mock.store.requests.size).toBe(0)
  })

  it('never answer the control API, even with a catch-all pattern', async () => {
    await call(t.baseUrl, 'POST', '/__mock/faults', { body: { path: '*', status: 500 } })

    expect((await call(t.baseUrl, 'GET', '/__mock/state')).status).toBe(200)
    expect((await call(t.baseUrl, 'GET', '/healthz')).status).toBe(500)
    expect((await call(t.baseUrl, 'DELETE', '/__mock/faults')).status).toBe(204)
  })

  it('are refused with 400 naming each bad field', async () => {
    const res = await call(t.baseUrl, 'POST', '/__mock/faults', { body: { status: 'soon', times: -1 } })

    expect(res.status).toBe(400)
    expect(Object.keys(res.body.errors).sort()).toEqual(['$.status', '$.times'])
    const missing = await call(t.baseUrl, 'POST', '/__mock/faults', { body: { status: 500 } })
    expect(missing.status).toBe(400)
    expect(missing.body.errors['$.path'][0]).toContain('Give "path"')
    expect((await call(t.baseUrl, 'GET', '/__mock/faults')).body.faults).toEqual([])
  })

  it('set from code act on calls over the transport', async () => {
    getHarness(t.mock).faults.add({ method: 'GET', path: '/healthz', status: 418, times: 1 })

    expect((await call(t.baseUrl, 'GET', '/healthz')).status).toBe(418)
    expect((await call(t.baseUrl, 'GET', '/healthz')).status).toBe(200)
  })
})
