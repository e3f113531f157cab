/**
 * What a QA engineer sharing one mock relies on: what `POST /__mock/reset` restores, empties and keeps (and that
 * the in-process `reset()` is the same reset), the warning when the clock is moved so far that vendors on real time
 * are refused, Maskinporten's refusal naming both clocks, and the header that says which scope a bodiless 403 lacked.
 */
import { createAltinnClient, isMaskinportenError, type MaskinportenError } from 'altinn-systemuser-sdk'
import { describe, expect, it } from 'vitest'
import { createMockFetch } from '../../mock-server/fetch.ts'
import { A, call, vendorToken } from '../support/api.ts'
import { anAssertion, KRAV_SCOPE, postGrant, seededClient } from '../support/grants.ts'
import { transports, useMock } from '../support/transports.ts'
import { CUSTOMER, SMARTCLOUD, STADIG_KONSERT, STANDARD_CLIENT_ID, STANDARD_SYSTEM } from '../../mock-server/seed/personas.ts'
import { aStandardRequest } from '../support/builders.ts'

const REQUESTS = `${A}/systemuser/request/vendor`
const NEW_ORG = { orgNo: '314343220', name: 'NULLSTILT TESTFIRMA AS' }
const DAY = 86_400_000

describe.each(transports)('POST /__mock/reset over %s', (transport) => {
  const t = useMock(transport)

  async function leaveTracesEverywhere() {
    const token = await vendorToken(t.baseUrl)
    expect((await call(t.baseUrl, 'POST', REQUESTS, { token, body: aStandardRequest() })).status).toBe(201)
    expect((await call(t.baseUrl, 'POST', '/__mock/faults', { body: { path: '/authentication/api/v1/systemregister', status: 503 } })).status).toBe(201)
    expect((await call(t.baseUrl, 'POST', '/__mock/clock', { body: { advance: 'P181D' } })).body.shifted).toBe(true)
  }

  it('puts the state back to the seed and the clock back to real time, with no faults, an empty journal and no issued tokens; seed additions stay', async () => {
    await leaveTracesEverywhere()
    expect((await call(t.baseUrl, 'POST', '/__mock/seed', { body: { organisations: [NEW_ORG] } })).status).toBe(200)

    const res = await call(t.baseUrl, 'POST', '/__mock/reset')
    expect(res.status).toBe(204)

    const clock = (await call(t.baseUrl, 'GET', '/__mock/clock')).body
    expect(clock.shifted).toBe(false)
    expect(Math.abs(Date.parse(clock.now) - Date.now())).toBeLessThan(60_000)
    expect((await call(t.baseUrl, 'GET', '/__mock/state')).body.requests).toEqual([])
    expect((await call(t.baseUrl, 'GET', '/__mock/faults')).body.faults).toEqual([])
    expect((await call(t.baseUrl, 'GET', '/__mock/tokens')).body.tokens).toEqual([])
    // The journal starts again with the reset itself.
    const journal = (await call(t.baseUrl, 'GET', '/__mock/journal')).body
    expect(journal.entries.map((e: { path: string; status: number }) => [e.path, e.status])).toEqual([['/__mock/reset', 204]])
    expect((await call(t.baseUrl, 'GET', '/__mock/seed')).body.organisations.map((o: { orgNo: string }) => o.orgNo)).toContain(NEW_ORG.orgNo)
  })

  it('leaves the clock where it is with {"keepClock": true}, and resets the rest', async () => {
    await leaveTracesEverywhere()
    const before = Date.parse((await call(t.baseUrl, 'GET', '/__mock/clock')).body.now)

    expect((await call(t.baseUrl, 'POST', '/__mock/reset', { body: { keepClock: true } })).status).toBe(204)

    const clock = (await call(t.baseUrl, 'GET', '/__mock/clock')).body
    expect(clock.shifted).toBe(true)
    expect(Date.parse(clock.now) - before).toBeGreaterThanOrEqual(0)
    expect(Date.parse(clock.now) - Date.now()).toBeGreaterThan(180 * DAY)
    expect((await call(t.baseUrl, 'GET', '/__mock/state')).body.requests).toEqual([])
    expect((await call(t.baseUrl, 'GET', '/__mock/faults')).body.faults).toEqual([])
  })

  it('takes {"keepClock": false} and an empty JSON object as a full reset', async () => {
    for (const body of [{ keepClock: false }, {}]) {
      await call(t.baseUrl, 'POST', '/__mock/clock', { body: { advance: 'P2D' } })
      expect((await call(t.baseUrl, 'POST', '/__mock/reset', { body })).status).toBe(204)
      expect((await call(t.baseUrl, 'GET', '/__mock/clock')).body.shifted).toBe(false)
    }
  })

  it('refuses a body it cannot read with 400 and changes nothing', async () => {
    await leaveTracesEverywhere()
    const state = (await call(t.baseUrl, 'GET', '/__mock/state')).body
    for (const body of ['{"keepClock": "yes"}', 'keep the clock', '[1]']) {
      const res = await call(t.baseUrl, 'POST', '/__mock/reset', { body })
      expect(res.status, body).toBe(400)
      expect(JSON.stringify(res.body.errors), body).toMatch(/keepClock/)
    }
    const after = (await call(t.baseUrl, 'GET', '/__mock/state')).body
    expect(after.requests).toEqual(state.requests)
    expect((await call(t.baseUrl, 'GET', '/__mock/clock')).body.shifted).toBe(true)
    expect((await call(t.baseUrl, 'GET', '/__mock/faults')).body.faults).toHaveLength(1)
  })

  it('names an unknown field in X-Mock-Warning and still resets', async () => {
    const res = await call(t.baseUrl, 'POST', '/__mock/reset', { body: { keepClok: true } })
    expect(res.status).toBe(204)
    expect(res.headers.get('x-mock-warning')).toBe('ignored unknown field(s): $.keepClok')
  })
})

describe('the in-process reset()', () => {
  it('is the reset of POST /__mock/reset: seed, real time, no faults, an empty journal; keepClock keeps the clock', async () => {
    const altinn = createMockFetch()
    const post = (path: string, body: unknown) =>
      altinn.fetch(`${altinn.urls.platformUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    expect((await post('/__mock/clock', { advance: 'P181D' })).status).toBe(200)
    altinn.faults.add({ path: '/healthz', status: 503 })

    altinn.reset({ keepClock: true })
    expect(altinn.mock.clock.shifted).toBe(true)
    expect(altinn.faults.list()).toEqual([])
    expect(altinn.journal.entries()).toEqual([])

    await post('/__mock/clock', { advance: 'PT1H' })
    altinn.reset()
    expect(altinn.mock.clock.shifted).toBe(false)
    expect(altinn.journal.entries()).toEqual([])
    expect(altinn.mock.store.requests.size).toBe(0)
  })

  it('treats what a test runner passes to a hook (afterEach(altinn.reset)) as a full reset', async () => {
    const altinn = createMockFetch()
    altinn.mock.clock.advance(DAY)
    altinn.reset({ task: { name: 'a test' } } as never)
    expect(altinn.mock.clock.shifted).toBe(false)
  })
})

describe.each(transports)('the clock warning over %s', (transport) => {
  const t = useMock(transport)
  const move = (body: unknown) => call(t.baseUrl, 'POST', '/__mock/clock', { body })

  it('warns, in the answer and in X-Mock-Warning, when the clock is moved past what an assertion may live, and says how to put it back', async () => {
    const res = await move({ advance: 'P181D' })
    expect(res.status).toBe(200)
    expect(res.body.warning).toMatch(/^The mock's clock is 181 days ahead of real time: Maskinporten refuses the assertions of any vendor whose clock follows real time \(MP-100, the JWT has expired\)/)
    expect(res.body.warning).toContain('POST /__mock/clock {"reset": true}')
    expect(res.headers.get('x-mock-warning')).toBe(res.body.warning)
    // Still there when asked later, until the clock is put back.
    const read = await call(t.baseUrl, 'GET', '/__mock/clock')
    expect(read.body.warning).toBe(res.body.warning)
    const back = await move({ reset: true })
    expect(back.body).toEqual({ now: expect.any(String), shifted: false })
    expect(back.headers.get('x-mock-warning')).toBeNull()
  })

  it('warns when the clock is put behind real time by more than the skew Maskinporten allows', async () => {
    const res = await move({ advance: -3 * 3_600_000 })
    expect(res.body.warning).toMatch(/^The mock's clock is 3 hours behind real time: .*\(MP-100, iat is in the future\)/)
  })

  it('says nothing for a move that vendors on real time do not notice', async () => {
    for (const body of [{ advance: 'PT1M' }, { advance: -5_000 }]) {
      const res = await move(body)
      expect(res.body.warning, JSON.stringify(body)).toBeUndefined()
      expect(res.headers.get('x-mock-warning')).toBeNull()
      await move({ reset: true })
    }
  })
})

describe.each(transports)('a grant refused because the clocks differ, over %s', (transport) => {
  const t = useMock(transport)
  const realNow = () => Math.floor(Date.now() / 1000)

  it("names Maskinporten's time, the assertion's iat and exp, and how far apart the clocks are, as MP-100", async () => {
    await call(t.baseUrl, 'POST', '/__mock/clock', { body: { advance: 'P181D' } })
    const mockNow = Math.floor(t.mock.clock.now() / 1000)
    const iat = realNow()
    const assertion = await anAssertion(t.mock, seededClient(t.mock, STANDARD_CLIENT_ID), { iat, exp: iat + 60 })

    const res = await postGrant(t.mock, assertion)

    expect(res.status).toBe(400)
    expect(res.body.error).toBe('invalid_grant')
    const iso = (s: number) => new Date(s * 1000).toISOString().replace('.000Z', 'Z')
    expect(res.body.error_description).toMatch(
      new RegExp(
        `^Invalid assertion\\. Client authentication failed\\. The JWT has expired \\(exp\\): Maskinporten's time is (${iso(mockNow)}|${iso(mockNow + 1)}), ` +
          `the JWT's iat ${iso(iat)} and exp ${iso(iat + 60)}; the clocks differ by 181 days\\. \\(MP-100\\)$`,
      ),
    )
  })

  it('names both instants when iat lies ahead of the mock, and says nothing of clocks for an assertion that is merely late', async () => {
    await call(t.baseUrl, 'POST', '/__mock/clock', { body: { advance: -2 * DAY } })
    const ahead = await postGrant(t.mock, await anAssertion(t.mock, seededClient(t.mock, STANDARD_CLIENT_ID), { iat: realNow(), exp: realNow() + 60 }))
    expect(ahead.body.error_description).toMatch(/^Invalid assertion\. Client authentication failed\. JWT claim iat is in the future .*: Maskinporten's time is \S+Z, the JWT's iat \S+Z and exp \S+Z; the clocks differ by 2 days\. \(MP-100\)$/)

    await call(t.baseUrl, 'POST', '/__mock/clock', { body: { reset: true } })
    const now = Math.floor(t.mock.clock.now() / 1000)
    const late = await postGrant(t.mock, await anAssertion(t.mock, seededClient(t.mock, STANDARD_CLIENT_ID), { iat: now - 90, exp: now - 30 }))
    expect(late.body.error_description).toMatch(/The JWT has expired \(exp\): Maskinporten's time is \S+Z, the JWT's iat \S+Z and exp \S+Z\. \(MP-100\)$/)
    expect(late.body.error_description).not.toContain('clocks differ')
  })

  it("makes the SDK's MaskinportenError name the clocks as the cause, with the way back", async () => {
    await call(t.baseUrl, 'POST', '/__mock/clock', { body: { advance: 'P181D' } })
    const seed = (await call(t.baseUrl, 'GET', '/__mock/seed')).body as { maskinportenClients: { clientId: string; kid: string; privateJwk: JsonWebKey }[] }
    const c = seed.maskinportenClients.find((x) => x.clientId === STANDARD_CLIENT_ID)!
    const client = createAltinnClient({ environment: t.urls, maskinporten: { clientId: c.clientId, kid: c.kid, key: c.privateJwk } })

    const error = await client.tokens.vendor([KRAV_SCOPE]).then(
      () => undefined,
      (e: unknown) => e,
    )

    expect(isMaskinportenError(error, 'MP-100')).toBe(true)
    const checks = (error as MaskinportenError).checks
    expect(checks).toHaveLength(1)
    expect(checks[0]).toMatch(/^the clocks: Maskinporten's clock is 181 days ahead of this client's \(Maskinporten's time \S+Z, the assertion's iat \S+Z\)\. Against the mock, its clock was most likely moved/)
    expect(checks[0]).toContain('POST /__mock/clock {"reset": true} puts it back')
    expect((error as Error).message).not.toContain('key id (kid)')
  })
})

describe.each(transports)('a token without the scope a route needs, over %s', (transport) => {
  const t = useMock(transport)

  it('gets the bodiless 403 Altinn gives, with X-Mock-Warning naming the scope needed, and the journal records it', async () => {
    const token = await vendorToken(t.baseUrl, SMARTCLOUD, 'altinn:authentication/systemuser.request.read')

    const res = await call(t.baseUrl, 'POST', REQUESTS, { token, body: aStandardRequest() })

    expect(res.status).toBe(403)
    expect(res.text).toBe('')
    const warning = res.headers.get('x-mock-warning')
    expect(warning).toBe(
      'the token lacks the scope this call needs: altinn:authentication/systemuser.request.write (it has "altinn:authentication/systemuser.request.read"); ask Maskinporten for it',
    )
    const [entry] = (await call(t.baseUrl, 'GET', '/__mock/journal?route=createRequest')).body.entries
    expect(entry).toMatchObject({ status: 403, route: 'createRequest', warning })
  })

  it('names every scope a route takes, on reads and on the system register too', async () => {
    const token = await vendorToken(t.baseUrl, SMARTCLOUD, KRAV_SCOPE)
    const read = await call(t.baseUrl, 'GET', `${REQUESTS}/00000000-0000-4000-8000-000000000000`, { token })
    expect(read.status).toBe(403)
    expect(read.headers.get('x-mock-warning')).toMatch(/^the token lacks the scope this call needs: \S*systemuser\.request\.read\S*( or \S+)* \(it has "skatteetaten:kravogbetalinger"\)/)
    const register = await call(t.baseUrl, 'GET', `${A}/systemregister/vendor/${STANDARD_SYSTEM}`, { token })
    expect(register.status).toBe(403)
    expect(register.headers.get('x-mock-warning')).toContain('altinn:authentication/systemregister.write')
  })

  it('says nothing when the token has the scope', async () => {
    const res = await call(t.baseUrl, 'POST', REQUESTS, { token: await vendorToken(t.baseUrl), body: aStandardRequest() })
    expect(res.status).toBe(201)
    expect(res.headers.get('x-mock-warning')).toBeNull()
    const approved = await call(t.baseUrl, 'POST', `/__mock/requests/${res.body.id}/approve`, { body: { pid: STADIG_KONSERT } })
    expect(approved.body.systemUser.reporteeOrgNo).toBe(CUSTOMER)
  })
})
