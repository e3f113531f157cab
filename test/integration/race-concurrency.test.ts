/**
 * Calls that arrive at the same moment: one triple created a thousand times, a request approved and rejected at
 * once, clients added to one system user from many callers, one assertion presented twice, one client id
 * registered twice. Each gives exactly one winner and leaves nothing doubled, over both transports.
 */
import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { A, call, vendorToken, type JsonResponse } from '../support/api.ts'
import { anAssertion, postGrant, seededClient } from '../support/grants.ts'
import { transports, useMock } from '../support/transports.ts'
import { PortalBrowser } from '../support/portal-browser.ts'
import { CLIENTS, SMARTCLOUD, STADIG_KONSERT, STANDARD_CLIENT_ID } from '../../mock-server/seed/personas.ts'
import { anAgentRequest, aStandardRequest } from '../support/builders.ts'

const REQ = `${A}/systemuser/request/vendor`

/** How many answers had each status, e.g. `{ 200: 999, 201: 1 }`. */
function countStatuses(answers: readonly JsonResponse[]): Record<number, number> {
  const counts: Record<number, number> = {}
  for (const a of answers) counts[a.status] = (counts[a.status] ?? 0) + 1
  return counts
}

describe.each(transports)('concurrent calls over %s', (transport) => {
  const t = useMock(transport)

  const state = async () => (await call(t.baseUrl, 'GET', '/__mock/state')).body

  it('answers 1 000 concurrent creates of one triple with exactly one 201 and the same request to every caller', async () => {
    const token = await vendorToken(t.baseUrl)
    const body = aStandardRequest({ externalRef: 'race-one-triple' })
    const answers = await Promise.all(Array.from({ length: 1000 }, () => call(t.baseUrl, 'POST', REQ, { token, body })))
    expect(countStatuses(answers)).toEqual({ 200: 999, 201: 1 })
    const ids = new Set(answers.map((a) => a.body.id))
    expect(ids.size).toBe(1)
    const stored = (await state()).requests.filter((r: { externalRef: string }) => r.externalRef === 'race-one-triple')
    expect(stored).toHaveLength(1)
    expect(stored[0].id).toBe([...ids][0])
    expect(answers.find((a) => a.status === 201)!.headers.get('location')).toMatch(new RegExp(`/systemuser/request/${stored[0].id}$`))
  })

  it('answers concurrent creates of many triples each with its own 201, and stores each once', async () => {
    const token = await vendorToken(t.baseUrl)
    const refs = Array.from({ length: 50 }, (_, i) => `race-many-${i}`)
    const answers = await Promise.all(refs.flatMap((ref) => Array.from({ length: 10 }, () => call(t.baseUrl, 'POST', REQ, { token, body: aStandardRequest({ externalRef: ref }) }))))
    expect(countStatuses(answers)).toEqual({ 200: 450, 201: 50 })
    const stored = (await state()).requests.filter((r: { externalRef: string }) => r.externalRef.startsWith('race-many-'))
    expect(stored.map((r: { externalRef: string }) => r.externalRef).sort()).toEqual([...refs].sort())
  })

  it('gives one decision and one 409 AUTH-00013 when a request is approved and rejected at once', async () => {
    const token = await vendorToken(t.baseUrl)
    const ids: string[] = []
    for (let i = 0; i < 20; i++) ids.push((await call(t.baseUrl, 'POST', REQ, { token, body: aStandardRequest({ externalRef: `race-decide-${i}` }) })).body.id)
    const outcomes = await Promise.all(
      ids.map(async (id, i) => {
        // Half send the approval first, half the rejection: the order of arrival must not matter.
        const decide = (how: 'approve' | 'reject') => call(t.baseUrl, 'POST', `/__mock/requests/${id}/${how}`)
        const [approve, reject] = i % 2 ? await Promise.all([decide('approve'), decide('reject')]) : (await Promise.all([decide('reject'), decide('approve')])).reverse()
        return { id, approve: approve!, reject: reject! }
      }),
    )
    const s = await state()
    for (const { id, approve, reject } of outcomes) {
      expect([approve.status, reject.status].sort()).toEqual([200, 409])
      const loser = approve.status === 409 ? approve : reject
      expect(loser.body).toMatchObject({ code: 'AUTH-00013', status: 409 })
      const stored = s.requests.find((r: { id: string }) => r.id === id)
      const users = s.systemUsers.filter((u: { id: string }) => u.id === id)
      if (approve.status === 200) {
        expect(stored.status).toBe('Accepted')
        expect(users).toHaveLength(1)
      } else {
        expect(stored.status).toBe('Rejected')
        expect(users).toHaveLength(0)
      }
    }
  })

  it('creates one system user when a request is approved from the portal and the control API at once', async () => {
    const token = await vendorToken(t.baseUrl)
    const created = await call(t.baseUrl, 'POST', REQ, { token, body: aStandardRequest({ externalRef: 'race-portal' }) })
    const browser = new PortalBrowser(t.urls.portalUrl)
    await browser.logIn(STADIG_KONSERT)
    await browser.get(created.body.confirmUrl)
    const [portal, control] = await Promise.all([browser.post('/accessmanagement/ui/systemuser/request/approve', { id: created.body.id }), call(t.baseUrl, 'POST', `/__mock/requests/${created.body.id}/approve`)])
    // One of them decides; the other is told the request is no longer new (the portal shows it on a page).
    expect([portal.status === 302 ? 'decided' : 'refused', control.status === 200 ? 'decided' : 'refused'].sort()).toEqual(['decided', 'refused'])
    if (control.status !== 200) expect(control.body.code).toBe('AUTH-00013')
    else expect(portal.text).toContain('AUTH-00013')
    expect((await state()).systemUsers.filter((u: { id: string }) => u.id === created.body.id)).toHaveLength(1)
  })

  it('leaves no duplicate client when many callers add the same clients to one agent system user at once', async () => {
    const token = await vendorToken(t.baseUrl)
    const created = await call(t.baseUrl, 'POST', `${REQ}/agent`, { token, body: anAgentRequest({ externalRef: 'race-clients' }) })
    const approved = await call(t.baseUrl, 'POST', `/__mock/requests/${created.body.id}/approve`)
    expect(approved.status).toBe(200)
    const userId = approved.body.systemUser.id
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => call(t.baseUrl, 'POST', `/__mock/systemusers/${userId}/clients`, { body: { orgNo: CLIENTS[i % 3]! } })))
    expect(countStatuses(answers)).toEqual({ 200: 60 })
    const delegations = (await state()).clientDelegations.filter((d: { systemUserId: string }) => d.systemUserId === userId)
    expect(delegations.map((d: { clientOrgNo: string }) => d.clientOrgNo).sort()).toEqual([...CLIENTS].sort())
  })

  it('ends with the client either present once or absent when it is added and removed at once', async () => {
    const token = await vendorToken(t.baseUrl)
    const created = await call(t.baseUrl, 'POST', `${REQ}/agent`, { token, body: anAgentRequest({ externalRef: 'race-add-remove' }) })
    const userId = (await call(t.baseUrl, 'POST', `/__mock/requests/${created.body.id}/approve`)).body.systemUser.id
    const client = CLIENTS[0]
    await call(t.baseUrl, 'POST', `/__mock/systemusers/${userId}/clients`, { body: { orgNo: client } })
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 2 ? call(t.baseUrl, 'POST', `/__mock/systemusers/${userId}/clients`, { body: { orgNo: client } }) : call(t.baseUrl, 'DELETE', `/__mock/systemusers/${userId}/clients/${client}`),
      ),
    )
    // Every add succeeds; a removal succeeds, or says the client is not there (someone removed it first).
    answers.forEach((a, i) => (i % 2 ? expect(a.status, a.text).toBe(200) : expect([200, 'AUTH-00038']).toContain(a.status === 200 ? 200 : a.body.code)))
    const clients = (await state()).clientDelegations.filter((d: { systemUserId: string; clientOrgNo: string }) => d.systemUserId === userId && d.clientOrgNo === client)
    expect(clients.length).toBeLessThanOrEqual(1)
  })

  it('issues one token when the same assertion is presented many times at once', async () => {
    const assertion = await anAssertion(t.mock, seededClient(t.mock, STANDARD_CLIENT_ID))
    const answers = await Promise.all(Array.from({ length: 30 }, () => postGrant(t.mock, assertion)))
    expect(countStatuses(answers)).toEqual({ 200: 1, 400: 29 })
    for (const a of answers.filter((x) => x.status === 400)) expect(a.body).toMatchObject({ error: 'invalid_grant', error_description: expect.stringMatching(/used before/) })
  })

  it('registers a Maskinporten client id once when it is registered many times at once', async () => {
    const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' })
    const body = { clientId: 'race-client', orgNo: SMARTCLOUD, jwks: { keys: [{ ...jwk, kid: 'race' }] } }
    const answers = await Promise.all(Array.from({ length: 20 }, () => call(t.baseUrl, 'POST', '/__mock/maskinporten/clients', { body })))
    expect(countStatuses(answers)).toEqual({ 201: 1, 409: 19 })
  })
})
