import { describe, expect, it } from 'vitest'
import { AspNetError } from '../../../mock-server/core/errors.ts'
import { A } from '../../support/api.ts'
import { aHarnessedMock, type HarnessedMock } from '../../support/harnessed-mock.ts'
import { KONKURRENT, SMARTCLOUD, STANDARD_SYSTEM } from '../../../mock-server/seed/personas.ts'
import { aStandardRequest } from '../../support/builders.ts'

const REQUESTS = `${A}/systemuser/request/vendor`

async function aCreatedRequest(h: HarnessedMock, token: string): Promise<string> {
  const created = await h.send('POST', REQUESTS, { token, json: aStandardRequest() })
  expect(created.status).toBe(201)
  return created.json.id
}

describe('fault rules', () => {
  it('answer the next N matching calls with the status and Retry-After, then let calls through to the route', async () => {
    const h = aHarnessedMock()
    const token = await h.tokenFor()
    const id = await aCreatedRequest(h, token)
    const rule = h.harness.faults.add({ method: 'GET', path: `${REQUESTS}/*`, status: 503, times: 2, retryAfter: 1 })

    const first = await h.send('GET', `${REQUESTS}/${id}`, { token })
    expect(h.harness.faults.list()).toEqual([expect.objectContaining({ id: rule.id, remaining: 1, hits: 1 })])
    const second = await h.send('GET', `${REQUESTS}/${id}`, { token })
    const third = await h.send('GET', `${REQUESTS}/${id}`, { token })

    expect([first.status, second.status, third.status]).toEqual([503, 503, 200])
    expect(first.headers).toMatchObject({ 'retry-after': '1' })
    expect(third.json).toMatchObject({ id, status: 'New' })
    expect(h.harness.faults.list()).toEqual([])
  })

  it('answer with the Altinn problem of a chosen AUTH code, status and all', async () => {
    const h = aHarnessedMock()
    const token = await h.tokenFor()
    h.harness.faults.add({ method: 'POST', path: REQUESTS, problem: 'AUTH-00004', times: 1 })

    const res = await h.send('POST', REQUESTS, { token, json: aStandardRequest() })

    expect(res.status).toBe(400)
    expect(res.headers?.['content-type']).toContain('application/problem+json')
    expect(res.json).toMatchObject({ code: 'AUTH-00004', status: 400, type: 'urn:altinn:error:AUTH-00004' })
    expect(h.mock.store.requests.size).toBe(0)
  })

  it('answer with any JSON body, as plain JSON unless it looks like a problem', async () => {
    const h = aHarnessedMock()
    const mpError = { error: 'invalid_grant', error_description: 'Invalid assertion. Client authentication failed. (MP-100)' }
    h.harness.faults.add({ path: '/maskinporten/token', status: 400, body: mpError })

    const res = await h.send('POST', '/maskinporten/token', { form: { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: 'x' } })

    expect(res.status).toBe(400)
    expect(res.headers?.['content-type']).toBe('application/json; charset=utf-8')
    expect(res.json).toEqual(mpError)
  })

  it('match only the method they name', async () => {
    const h = aHarnessedMock()
    const token = await h.tokenFor()
    h.harness.faults.add({ method: 'DELETE', path: `${REQUESTS}*`, status: 500 })

    expect((await h.send('POST', REQUESTS, { token, json: aStandardRequest() })).status).toBe(201)
  })

  it('match a route by name instead of a path', async () => {
    const h = aHarnessedMock()
    const token = await h.tokenFor()
    const id = await aCreatedRequest(h, token)
    h.harness.faults.add({ route: 'getRequest', status: 502 })

    expect((await h.send('GET', `${REQUESTS}/${id}`, { token })).status).toBe(502)
    expect((await h.send('GET', `${REQUESTS}/bysystem/${STANDARD_SYSTEM}`, { token })).status).toBe(200)
  })

  it('never answer the control API, so a test can always undo them', async () => {
    const h = aHarnessedMock()
    h.harness.faults.add({ path: '*', status: 500 })

    expect((await h.send('GET', '/__mock/faults')).status).toBe(200)
    expect((await h.send('DELETE', '/__mock/faults')).status).toBe(204)
    expect((await h.send('GET', '/healthz')).status).toBe(200)
  })

  it('with a delay only, wait and then let the call reach the route', async () => {
    const h = aHarnessedMock()
    const token = await h.tokenFor()
    const rule = h.harness.faults.add({ method: 'POST', path: REQUESTS, delayMs: 5, times: 1 })

    const res = await h.send('POST', REQUESTS, { token, json: aStandardRequest() })

    expect(res.status).toBe(201)
    expect(h.harness.journal.entries({ route: 'createRequest' })).toEqual([expect.objectContaining({ status: 201, fault: rule.id })])
  })

  it('drop the connection when asked', async () => {
    const h = aHarnessedMock()
    h.harness.faults.add({ path: '/healthz', drop: true })

    const res = await h.send('GET', '/healthz')

    expect(res.drop).toBe(true)
    expect(h.harness.journal.entries()).toEqual([expect.objectContaining({ path: '/healthz', status: 0, dropped: true })])
  })

  it('with a probability, fire only when the draw is under it, and a spared call does not use up times', async () => {
    const draws = [0.9, 0.1, 0.9, 0.2]
    const h = aHarnessedMock({ random: () => draws.shift() ?? 1 })
    h.harness.faults.add({ path: '/healthz', status: 503, probability: 0.5, times: 2 })

    const statuses = []
    for (let i = 0; i < 5; i++) statuses.push((await h.send('GET', '/healthz')).status)

    expect(statuses).toEqual([200, 503, 200, 503, 200])
  })

  it('match only the vendor whose token they name', async () => {
    const h = aHarnessedMock()
    h.harness.faults.add({ path: `${REQUESTS}/bysystem/*`, status: 429, match: { orgNo: KONKURRENT } })

    const ours = await h.send('GET', `${REQUESTS}/bysystem/${STANDARD_SYSTEM}`, { token: await h.tokenFor(SMARTCLOUD) })
    const theirs = await h.send('GET', `${REQUESTS}/bysystem/${STANDARD_SYSTEM}`, { token: await h.tokenFor(KONKURRENT) })

    expect(ours.status).toBe(200)
    expect(theirs.status).toBe(429)
  })

  it('match only bodies that contain the given text', async () => {
    const h = aHarnessedMock()
    const token = await h.tokenFor()
    h.harness.faults.add({ method: 'POST', path: REQUESTS, status: 500, match: { bodyContains: '"externalRef":"break-me"' } })

    expect((await h.send('POST', REQUESTS, { token, json: aStandardRequest({ externalRef: 'fine' }) })).status).toBe(201)
    expect((await h.send('POST', REQUESTS, { token, json: aStandardRequest({ externalRef: 'break-me' }) })).status).toBe(500)
  })

  it('are removed one by one or all at once', () => {
    const h = aHarnessedMock()
    const a = h.harness.faults.add({ path: '/a', status: 500 })
    const b = h.harness.faults.add({ path: '/b', status: 500 })

    expect(h.harness.faults.remove(a.id)).toBe(true)
    expect(h.harness.faults.remove(a.id)).toBe(false)
    expect(h.harness.faults.list().map((r) => r.id)).toEqual([b.id])
    h.harness.faults.clear()
    expect(h.harness.faults.list()).toEqual([])
  })

  it('are refused with every bad field named', () => {
    const h = aHarnessedMock()
    const attempt = (spec: unknown) => {
      try {
        h.harness.faults.add(spec as never)
      } catch (e) {
        expect(e).toBeInstanceOf(AspNetError)
        expect((e as AspNetError).status).toBe(400)
        return (e as AspNetError).modelErrors!
      }
      throw new Error('accepted')
    }

    expect(Object.keys(attempt({ status: 503 }))).toEqual(['$.path'])
    expect(Object.keys(attempt({ path: '/x' }))).toEqual(['$.status'])
    expect(attempt({ path: '/x', problem: 'AUTH-99999' })['$.problem']![0]).toContain('AUTH-99999 is not an AUTH code')
    expect(attempt({ path: '/(x$/', status: 500 })['$.path']![0]).toContain('not valid')
    expect(Object.keys(attempt({ path: '/x', status: 99, times: 0, probability: 2 })).sort()).toEqual(['$.probability', '$.status', '$.times'])
    expect(h.harness.faults.list()).toEqual([])
  })
})
