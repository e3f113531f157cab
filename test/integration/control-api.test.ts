import { describe, expect, it } from 'vitest'
import { A, asVendor, call, stateOf } from '../support/api.ts'
import { createFixedClock } from '../../mock-server/core/clock.ts'
import { transports, useMock } from '../support/transports.ts'
import { expectAltinnProblem, expectHttpProblem } from '../support/problems.ts'
import { CUSTOMER, DRESS_MINST, FACILITATOR, FLITTIG_ANSATT, FREMMED_TURIST, SMARTCLOUD, STADIG_KONSERT, STANDARD_SYSTEM } from '../../mock-server/seed/personas.ts'
import { anAgentRequest, aStandardRequest } from '../support/builders.ts'
import { DAY_MS } from '../support/core.ts'
import { claimsOf } from '../support/tokens.ts'

const REQ = `${A}/systemuser/request/vendor`
const T0 = Date.parse('2026-06-01T08:00:00.000Z')

describe.each(transports)('the control API over %s', (transport) => {
  // A clock that stands still at T0 (reset to it after each test), so the clock calls answer exact instants.
  const t = useMock(transport, { clock: createFixedClock(T0) })

  async function aNewRequest(overrides: Record<string, unknown> = {}): Promise<string> {
    const res = await asVendor(t.baseUrl).post(REQ, aStandardRequest(overrides))
    expect(res.status).toBe(201)
    return res.body.id
  }

  it('answers /healthz with 200', async () => {
    const res = await call(t.baseUrl, 'GET', '/healthz')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ status: 'ok' })
  })

  it('shows the seed in force, with each Maskinporten client\'s test-only key and without the mock\'s own keys', async () => {
    const res = await call(t.baseUrl, 'GET', '/__mock/seed')
    expect(res.status).toBe(200)
    expect(Object.keys(res.body)).toEqual(expect.arrayContaining(['organisations', 'persons', 'systems', 'maskinportenClients', 'clientRelations']))
    expect(res.body).not.toHaveProperty('keys')
    expect(res.body.organisations.map((o: { orgNo: string }) => o.orgNo)).toContain(SMARTCLOUD)
    expect(res.body.systems.map((s: { id: string }) => s.id)).toContain(STANDARD_SYSTEM)
    for (const c of res.body.maskinportenClients) expect(c).toMatchObject({ clientId: expect.any(String), orgNo: expect.any(String), kid: expect.any(String), privateJwk: { kty: 'RSA', d: expect.any(String) } })
    expect(res.body.clientRelations.filter((r: { facilitatorOrgNo: string }) => r.facilitatorOrgNo === FACILITATOR)).toHaveLength(3)
  })

  it('shows the state: systems, requests of every kind and status, change requests, system users, client delegations and now', async () => {
    const id = await aNewRequest()
    const res = await call(t.baseUrl, 'GET', '/__mock/state')
    expect(res.status).toBe(200)
    expect(Object.keys(res.body).sort()).toEqual(['changeRequests', 'clientDelegations', 'now', 'requests', 'systemUsers', 'systems'])
    expect(res.body.changeRequests).toEqual([])
    expect(res.body.now).toBe(new Date(T0).toISOString())
    expect(res.body.requests).toEqual([expect.objectContaining({ id, kind: 'standard', status: 'New', isDeleted: false, timedOut: false, partyOrgNo: CUSTOMER })])
  })

  it('resets to the seed with 204', async () => {
    const seeded = await stateOf(t.baseUrl)
    await aNewRequest()
    const res = await call(t.baseUrl, 'POST', '/__mock/reset')
    expect(res.status).toBe(204)
    expect(res.text).toBe('')
    expect(await stateOf(t.baseUrl)).toEqual(seeded)
  })

  it('approves with the default person who may decide for the party, creating the system user with the request\'s id', async () => {
    const id = await aNewRequest()
    const res = await call(t.baseUrl, 'POST', `/__mock/requests/${id}/approve`)
    expect(res.status).toBe(200)
    expect(res.body.decidedBy).toBe(STADIG_KONSERT)
    expect(res.body.request).toMatchObject({ id, status: 'Accepted' })
    expect(res.body.systemUser).toMatchObject({ id, reporteeOrgNo: CUSTOMER, userType: 'standard' })
    expect((await asVendor(t.baseUrl).get(`${REQ}/${id}`)).body.status).toBe('Accepted')
  })

  it('approves an agent request with its facilitator\'s access manager by default', async () => {
    const { body } = await asVendor(t.baseUrl).post(`${REQ}/agent`, anAgentRequest())
    const res = await call(t.baseUrl, 'POST', `/__mock/requests/${body.id}/approve`)
    expect(res.status).toBe(200)
    expect(res.body.decidedBy).toBe(DRESS_MINST)
    expect(res.body.systemUser).toMatchObject({ id: body.id, userType: 'agent', reporteeOrgNo: FACILITATOR })
  })

  it('approves and rejects with an explicit pid', async () => {
    const a = await aNewRequest()
    expect((await call(t.baseUrl, 'POST', `/__mock/requests/${a}/approve`, { body: { pid: STADIG_KONSERT } })).body.decidedBy).toBe(STADIG_KONSERT)
    const b = await aNewRequest({ externalRef: 'second' })
    const rejected = await call(t.baseUrl, 'POST', `/__mock/requests/${b}/reject`, { body: { pid: STADIG_KONSERT } })
    expect(rejected.status).toBe(200)
    expect(rejected.body).toMatchObject({ decidedBy: STADIG_KONSERT, request: { id: b, status: 'Rejected' } })
  })

  it('rejects with the default person', async () => {
    const id = await aNewRequest()
    const res = await call(t.baseUrl, 'POST', `/__mock/requests/${id}/reject`)
    expect(res.body).toMatchObject({ decidedBy: STADIG_KONSERT, request: { status: 'Rejected' } })
    expect((await asVendor(t.baseUrl).post(REQ, aStandardRequest())).body).toMatchObject({ id, status: 'Rejected' })
  })

  it('answers 403 AUTH-00066 to a person who may not decide, with the same rules as the portal', async () => {
    const id = await aNewRequest()
    expectAltinnProblem(await call(t.baseUrl, 'POST', `/__mock/requests/${id}/approve`, { body: { pid: FLITTIG_ANSATT } }), 'AUTH-00066')
    expectAltinnProblem(await call(t.baseUrl, 'POST', `/__mock/requests/${id}/reject`, { body: { pid: FREMMED_TURIST } }), 'AUTH-00066')
  })

  it('answers 409 AUTH-00013 when the request is no longer New', async () => {
    const id = await aNewRequest()
    await call(t.baseUrl, 'POST', `/__mock/requests/${id}/approve`)
    expectAltinnProblem(await call(t.baseUrl, 'POST', `/__mock/requests/${id}/approve`), 'AUTH-00013')
    expectAltinnProblem(await call(t.baseUrl, 'POST', `/__mock/requests/${id}/reject`), 'AUTH-00013')
  })

  it('answers 404 AUTH-00010 for an unknown or malformed request id', async () => {
    expectAltinnProblem(await call(t.baseUrl, 'POST', '/__mock/requests/3f2504e0-4f89-41d3-9a0c-0305e82c3301/approve'), 'AUTH-00010')
    expectAltinnProblem(await call(t.baseUrl, 'POST', '/__mock/requests/not-a-guid/reject'), 'AUTH-00010')
  })

  it('answers a 400 problem for a pid that is not a string or a body that is not JSON', async () => {
    const id = await aNewRequest()
    expectHttpProblem(await call(t.baseUrl, 'POST', `/__mock/requests/${id}/approve`, { body: { pid: 3827150095 } }), 400)
    expectHttpProblem(await call(t.baseUrl, 'POST', `/__mock/requests/${id}/approve`, { body: '{"pid":' }), 400)
    expect((await asVendor(t.baseUrl).get(`${REQ}/${id}`)).body.status).toBe('New')
  })

  it('mints a Maskinporten-style vendor token with consumer, scope, client_id and a 599-second lifetime', async () => {
    const res = await call(t.baseUrl, 'POST', '/__mock/tokens', { body: { orgNo: SMARTCLOUD, scope: 'altinn:authentication/systemregister.write' } })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 599, scope: 'altinn:authentication/systemregister.write' })
    const claims = claimsOf(res.body.access_token)
    expect(claims).toMatchObject({
      iss: t.urls.maskinportenIssuer,
      scope: 'altinn:authentication/systemregister.write',
      consumer: { authority: 'iso6523-actorid-upis', ID: `0192:${SMARTCLOUD}` },
      token_type: 'Bearer',
      client_amr: 'private_key_jwt',
    })
    expect(claims.exp - claims.iat).toBe(599)
    expect(claims).not.toHaveProperty('authorization_details')
  })

  it('mints a system-user token only where the lookup finds a system user, and answers MP-303 otherwise', async () => {
    const details = [{ type: 'urn:altinn:systemuser', systemuser_org: { authority: 'iso6523-actorid-upis', ID: `0192:${CUSTOMER}` } }]
    const refused = await call(t.baseUrl, 'POST', '/__mock/tokens', { body: { orgNo: SMARTCLOUD, scope: 'skatteetaten:kravogbetalinger', authorization_details: details } })
    const problem = expectHttpProblem(refused, 400)
    expect(problem.error).toBe('invalid_altinn_customer_configuration')
    expect(problem.error_description).toContain('MP-303')
    const id = await aNewRequest()
    await call(t.baseUrl, 'POST', `/__mock/requests/${id}/approve`)
    const minted = await call(t.baseUrl, 'POST', '/__mock/tokens', { body: { orgNo: SMARTCLOUD, scope: 'skatteetaten:kravogbetalinger', authorization_details: details } })
    expect(minted.status).toBe(200)
    expect(claimsOf(minted.body.access_token).authorization_details).toEqual([{ ...details[0], systemuser_id: [id], system_id: STANDARD_SYSTEM }])
  })

  it('answers a problem for a token request without an organisation number or scope', async () => {
    expectHttpProblem(await call(t.baseUrl, 'POST', '/__mock/tokens', { body: { orgNo: 'smartcloud', scope: 'x' } }), 400)
    expectHttpProblem(await call(t.baseUrl, 'POST', '/__mock/tokens', { body: { orgNo: SMARTCLOUD } }), 400)
  })

  it('advances the clock by P181D so a request shows timedOut with its status unchanged', async () => {
    const id = await aNewRequest()
    expect((await call(t.baseUrl, 'GET', '/__mock/clock')).body).toEqual({ now: new Date(T0).toISOString(), shifted: false })
    const res = await call(t.baseUrl, 'POST', '/__mock/clock', { body: { advance: 'P181D' } })
    expect(res.status).toBe(200)
    // toMatchObject: a `warning` comes too when the moved clock is far from the machine's (see the clock tests).
    expect(res.body).toMatchObject({ now: new Date(T0 + 181 * DAY_MS).toISOString(), shifted: true })
    expect((await asVendor(t.baseUrl).get(`${REQ}/${id}`)).body).toMatchObject({ status: 'New', timedOut: true })
  })

  it('advances the clock by milliseconds, sets it to an instant, and resets it', async () => {
    expect((await call(t.baseUrl, 'POST', '/__mock/clock', { body: { set: '2030-01-01T00:00:00Z' } })).body.now).toBe('2030-01-01T00:00:00.000Z')
    expect((await call(t.baseUrl, 'POST', '/__mock/clock', { body: { advance: 86_400_000 } })).body.now).toBe('2030-01-02T00:00:00.000Z')
    expect((await call(t.baseUrl, 'POST', '/__mock/clock', { body: { advance: 'PT2H30M' } })).body.now).toBe('2030-01-02T02:30:00.000Z')
    expect((await call(t.baseUrl, 'POST', '/__mock/clock', { body: { reset: true } })).body).toEqual({ now: new Date(T0).toISOString(), shifted: false })
  })

  it('refuses a clock change it cannot represent with a 400 problem, and keeps the time', async () => {
    await call(t.baseUrl, 'POST', '/__mock/clock', { body: { set: '2030-01-01T00:00:00Z' } })
    for (const body of [{ advance: 1e20 }, { advance: -1e20 }, { advance: 'P99999999D' }, { advance: 'P1Y' }, { advance: 'soon' }, { set: 'tomorrow' }, { set: '+275760-09-13T00:00:00Z' }, { set: '1969-12-31T23:59:59Z' }, {}]) {
      expectHttpProblem(await call(t.baseUrl, 'POST', '/__mock/clock', { body }), 400)
    }
    const now = await call(t.baseUrl, 'GET', '/__mock/clock')
    expect(now.status).toBe(200)
    expect(now.body.now).toBe('2030-01-01T00:00:00.000Z')
    expect((await call(t.baseUrl, 'GET', '/__mock/state')).status).toBe(200)
  })
})
