import { JWT_BEARER_GRANT_TYPE, Scopes } from '../../../sdk/contract/index.ts'
import { describe, expect, it } from 'vitest'
import { countCalls, pollsBeforeDecision, selectCalls } from '../../../mock-server/harness/journal.ts'
import { A } from '../../support/api.ts'
import { aHarnessedMock } from '../../support/harnessed-mock.ts'
import { anAssertion, seededClient } from '../../support/grants.ts'
import { CUSTOMER, SMARTCLOUD, STADIG_KONSERT, STANDARD_CLIENT_ID, STANDARD_SYSTEM } from '../../../mock-server/seed/personas.ts'
import { aStandardRequest } from '../../support/builders.ts'
import { T0 } from '../../support/core.ts'
import { systemUserDetails } from '../../support/client-assertion.ts'

const REQUESTS = `${A}/systemuser/request/vendor`
const JWT_SHAPE = /eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\./

describe('the journal', () => {
  it('records each call with time, method, path, status, route, duration and the vendor and client of its token', async () => {
    const h = aHarnessedMock()
    const token = await h.tokenFor()

    const created = await h.send('POST', REQUESTS, { token, json: aStandardRequest() })

    const [entry] = h.harness.journal.entries()
    expect(entry).toMatchObject({
      seq: 1,
      time: new Date(T0).toISOString(),
      method: 'POST',
      path: REQUESTS,
      status: 201,
      route: 'createRequest',
      surface: 'platform',
      vendor: SMARTCLOUD,
      clientId: `mock-client-${SMARTCLOUD}`,
      verified: true,
      requestId: created.json.id,
      requestStatus: 'New',
    })
    expect(entry!.durationMs).toBeGreaterThanOrEqual(0)
    expect(entry!.request.body).toMatchObject({ systemId: STANDARD_SYSTEM, partyOrgNo: CUSTOMER })
    expect(entry!.request.headers.authorization).toBe('Bearer [redacted]')
  })

  it('reads the AUTH code of a problem answer', async () => {
    const h = aHarnessedMock()
    const token = await h.tokenFor()

    await h.send('GET', `${REQUESTS}/0b9e2f50-0000-4000-a000-000000000001`, { token })

    expect(h.harness.journal.entries()).toEqual([expect.objectContaining({ status: 404, code: 'AUTH-00010', route: 'getRequest' })])
  })

  it('reads the MP code and OAuth error of a Maskinporten error, and names the client of the assertion', async () => {
    const h = aHarnessedMock()
    const assertion = await anAssertion(h.mock, seededClient(h.mock, STANDARD_CLIENT_ID), { authorization_details: systemUserDetails(CUSTOMER) })

    const res = await h.send('POST', '/maskinporten/token', { form: { grant_type: JWT_BEARER_GRANT_TYPE, assertion } })

    expect(res.status).toBe(400)
    const [entry] = h.harness.journal.entries()
    expect(entry).toMatchObject({ route: 'maskinportenToken', code: 'MP-303', error: 'invalid_altinn_customer_configuration', clientId: STANDARD_CLIENT_ID, vendor: SMARTCLOUD, systemUserOrg: CUSTOMER, verified: false })
    expect(entry!.request.body).toEqual({ grant_type: JWT_BEARER_GRANT_TYPE, assertion: '[redacted]' })
    expect(JSON.stringify(entry)).not.toMatch(JWT_SHAPE)
  })

  it('names the system user and its owner for a system-user token, and never shows the issued token', async () => {
    const h = aHarnessedMock()
    const token = await h.tokenFor()
    const { json: request } = await h.send('POST', REQUESTS, { token, json: aStandardRequest() })
    await h.send('POST', `/__mock/requests/${request.id}/approve`, { json: { pid: STADIG_KONSERT } })
    const assertion = await anAssertion(h.mock, seededClient(h.mock, STANDARD_CLIENT_ID), { authorization_details: systemUserDetails(CUSTOMER) })

    const grant = await h.send('POST', '/maskinporten/token', { form: { grant_type: JWT_BEARER_GRANT_TYPE, assertion } })
    expect(grant.status).toBe(200)
    await h.send('GET', `/service/krav-og-betalinger/${CUSTOMER}`, { token: grant.json.access_token })

    const [tokenCall, serviceCall] = selectCalls(h.harness.journal.entries(), { route: ['maskinportenToken', 'kravOgBetalinger'] })
    expect(tokenCall).toMatchObject({ status: 200, systemUser: request.id, systemUserOrg: CUSTOMER, clientId: STANDARD_CLIENT_ID, vendor: SMARTCLOUD })
    expect(tokenCall!.response.body).toMatchObject({ access_token: '[redacted]', token_type: 'Bearer' })
    expect(serviceCall).toMatchObject({ status: 200, systemUser: request.id, systemUserOrg: CUSTOMER, verified: true })
    expect(JSON.stringify(h.harness.journal.entries())).not.toContain(grant.json.access_token)
    expect(JSON.stringify(h.harness.journal.entries())).not.toMatch(JWT_SHAPE)
  })

  it('keeps the decoded claims of issued tokens for the inspector, never the token', async () => {
    const h = aHarnessedMock()
    await h.send('POST', '/maskinporten/token', { form: { grant_type: JWT_BEARER_GRANT_TYPE, assertion: await anAssertion(h.mock, seededClient(h.mock, STANDARD_CLIENT_ID), { scope: Scopes.requestRead }) } })

    const [issued] = h.harness.issuedTokens.list()
    expect(issued).toMatchObject({ route: 'maskinportenToken', header: { alg: 'RS256' }, claims: { client_id: STANDARD_CLIENT_ID, scope: 'altinn:authentication/systemuser.request.read' } })
    expect(JSON.stringify(issued)).not.toMatch(JWT_SHAPE)
  })

  it('keeps only the newest calls when full, and counts every call', async () => {
    const h = aHarnessedMock({ journalCapacity: 5 })
    for (let i = 0; i < 8; i++) await h.send('GET', '/healthz')

    expect(h.harness.journal.entries().map((e) => e.seq)).toEqual([4, 5, 6, 7, 8])
    expect(h.harness.journal.total).toBe(8)
  })

  it('does not record reads of the harness itself, but records control calls that act', async () => {
    const h = aHarnessedMock()
    await h.send('GET', '/__mock/journal')
    await h.send('GET', '/__mock/state')
    await h.send('POST', '/__mock/clock', { json: { advance: 'PT1M' } })

    expect(h.harness.journal.entries().map((e) => e.route)).toEqual(['controlClock'])
  })

  it('selects by path, status, status class, since, after, method and limit', async () => {
    const h = aHarnessedMock()
    const token = await h.tokenFor()
    await h.send('GET', '/healthz')
    await h.send('GET', `${REQUESTS}/not-a-guid`, { token })
    h.mock.clock.advance(60_000)
    await h.send('POST', REQUESTS, { token, json: aStandardRequest() })
    await h.send('GET', '/nowhere')
    const all = h.harness.journal.entries()

    expect(selectCalls(all, { path: 'request/vendor' }).map((e) => e.seq)).toEqual([2, 3])
    expect(selectCalls(all, { path: `${A}/*` }).map((e) => e.seq)).toEqual([2, 3])
    expect(selectCalls(all, { status: 404 }).map((e) => e.seq)).toEqual([4])
    expect(selectCalls(all, { status: '4xx' }).map((e) => e.seq)).toEqual([2, 4])
    expect(selectCalls(all, { since: new Date(T0 + 60_000).toISOString() }).map((e) => e.seq)).toEqual([3, 4])
    expect(selectCalls(all, { after: 3 }).map((e) => e.seq)).toEqual([4])
    expect(selectCalls(all, { method: 'post' }).map((e) => e.seq)).toEqual([3])
    expect(selectCalls(all, { limit: 2 }).map((e) => e.seq)).toEqual([3, 4])
    expect(h.harness.journal.entries({ status: '2xx', limit: 1 }).map((e) => e.seq)).toEqual([3])
  })

  it('tells how many status reads answered New before the one that showed the decision', async () => {
    const h = aHarnessedMock()
    const token = await h.tokenFor()
    const { json: request } = await h.send('POST', REQUESTS, { token, json: aStandardRequest() })
    h.harness.faults.add({ route: 'getRequest', status: 503, times: 1 })
    for (let i = 0; i < 4; i++) await h.send('GET', `${REQUESTS}/${request.id}`, { token })
    await h.send('POST', `/__mock/requests/${request.id}/approve`, { json: { pid: STADIG_KONSERT } })
    await h.send('GET', `${REQUESTS}/${request.id}`, { token })
    await h.send('GET', `${REQUESTS}/${request.id}`, { token })
    const entries = h.harness.journal.entries()

    expect(pollsBeforeDecision(entries, request.id)).toBe(3)
    expect(countCalls(entries, { route: 'getRequest' })).toBe(6)
    expect(countCalls(entries, { route: 'getRequest', status: 503 })).toBe(1)
    expect(countCalls(entries, { requestId: request.id, route: 'controlApprove' })).toBe(1)
  })

  it('forgets every call when cleared', async () => {
    const h = aHarnessedMock()
    await h.send('GET', '/healthz')
    h.harness.journal.clear()
    await h.send('GET', '/healthz')

    expect(h.harness.journal.entries().map((e) => e.seq)).toEqual([1])
  })
})
