import { describe, expect, it } from 'vitest'
import { A, call, vendorToken } from '../support/api.ts'
import { transports, useMock } from '../support/transports.ts'
import { anAssertion, postGrant, seededClient } from '../support/grants.ts'
import { STADIG_KONSERT, STANDARD_CLIENT_ID, STANDARD_SYSTEM } from '../../mock-server/seed/personas.ts'
import { aStandardRequest } from '../support/builders.ts'
import { claimsOf } from '../support/tokens.ts'

const REQUESTS = `${A}/systemuser/request/vendor`

function moveClock(baseUrl: string, body: Record<string, unknown>) {
  return call(baseUrl, 'POST', '/__mock/clock', { body })
}

describe.each(transports)('the controllable clock over %s', (transport) => {
  const t = useMock(transport)

  it('reports the time and whether it is shifted, is set to an instant, and goes back to real time', async () => {
    const before = await call(t.baseUrl, 'GET', '/__mock/clock')
    expect(before.body.shifted).toBe(false)
    expect(Math.abs(Date.parse(before.body.now) - Date.now())).toBeLessThan(60_000)

    const set = await moveClock(t.baseUrl, { set: '2030-01-01T00:00:00Z' })
    expect(set.status).toBe(200)
    expect(set.body.shifted).toBe(true)
    expect(set.body.now.slice(0, 16)).toBe('2030-01-01T00:00')

    const reset = await moveClock(t.baseUrl, { reset: true })
    expect(reset.body.shifted).toBe(false)
    expect((await moveClock(t.baseUrl, { set: 'tomorrow' })).status).toBe(400)
    expect((await moveClock(t.baseUrl, { advance: 'P1Y' })).status).toBe(400)
  })

  it('flags a request timedOut once it is older than 180 days by the clock, and not after the clock goes back', async () => {
    const created = await call(t.baseUrl, 'POST', REQUESTS, { token: await vendorToken(t.baseUrl), body: aStandardRequest() })
    const read = async () => (await call(t.baseUrl, 'GET', `${REQUESTS}/${created.body.id}`, { token: await vendorToken(t.baseUrl) })).body

    expect((await read()).timedOut).toBe(false)
    await moveClock(t.baseUrl, { advance: 'P179D' })
    expect((await read()).timedOut).toBe(false)
    await moveClock(t.baseUrl, { advance: 'P2D' })
    expect(await read()).toMatchObject({ status: 'New', timedOut: true })
    expect((await call(t.baseUrl, 'GET', '/__mock/state')).body.requests[0].timedOut).toBe(true)

    await moveClock(t.baseUrl, { reset: true })
    expect((await read()).timedOut).toBe(false)
  })

  it('stamps created with the clock on requests and on the system users an approval makes', async () => {
    await moveClock(t.baseUrl, { set: '2030-06-15T08:00:00Z' })
    const created = await call(t.baseUrl, 'POST', REQUESTS, { token: await vendorToken(t.baseUrl), body: aStandardRequest() })
    await moveClock(t.baseUrl, { advance: 'PT2H' })
    const approved = await call(t.baseUrl, 'POST', `/__mock/requests/${created.body.id}/approve`, { body: { pid: STADIG_KONSERT } })

    expect(created.body.created.slice(0, 16)).toBe('2030-06-15T08:00')
    expect(approved.status).toBe(200)
    expect(approved.body.systemUser.created.slice(0, 16)).toBe('2030-06-15T10:00')
  })

  it('expires a vendor token from /__mock/tokens once the clock passes its exp, and honours it again when the clock goes back', async () => {
    const token = await vendorToken(t.baseUrl)
    const poll = () => call(t.baseUrl, 'GET', `${REQUESTS}/bysystem/${STANDARD_SYSTEM}`, { token })
    const claims = claimsOf(token) as { exp: number; iat: number }
    const lifetime = claims.exp - claims.iat

    await moveClock(t.baseUrl, { advance: (lifetime - 30) * 1000 })
    expect((await poll()).status).toBe(200)
    await moveClock(t.baseUrl, { advance: 60_000 })
    const expired = await poll()
    expect(expired.status).toBe(401)
    expect(expired.headers.get('www-authenticate')).toContain('invalid_token')

    await moveClock(t.baseUrl, { reset: true })
    expect((await poll()).status).toBe(200)
  })

  it('refuses a grant whose assertion expired by the clock, and grants a fresh one', async () => {
    const grant = (assertion: string) => postGrant(t.mock, assertion)
    const smartcloud = seededClient(t.mock, STANDARD_CLIENT_ID)
    const stale = await anAssertion(t.mock, smartcloud)
    await moveClock(t.baseUrl, { advance: 'PT3M' })

    const refused = await grant(stale)
    expect(refused.status).toBe(400)
    expect(refused.body).toMatchObject({ error: 'invalid_grant' })
    expect((await grant(await anAssertion(t.mock, smartcloud))).status).toBe(200)
  })

  it('expires an exchanged Altinn token after its 30 minutes by the clock', async () => {
    const exchanged = await fetch(`${t.baseUrl}${A}/exchange/maskinporten`, { headers: { authorization: `Bearer ${await vendorToken(t.baseUrl)}` } })
    expect(exchanged.status).toBe(200)
    const altinnToken = (await exchanged.text()).trim()
    const poll = () => call(t.baseUrl, 'GET', `${REQUESTS}/bysystem/${STANDARD_SYSTEM}`, { token: altinnToken })

    await moveClock(t.baseUrl, { advance: 'PT29M' })
    expect((await poll()).status).toBe(200)
    await moveClock(t.baseUrl, { advance: 'PT2M' })
    expect((await poll()).status).toBe(401)
  })
})
