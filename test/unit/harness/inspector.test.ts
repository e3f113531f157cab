import { JWT_BEARER_GRANT_TYPE, Scopes } from '../../../sdk/contract/index.ts'
import { describe, expect, it } from 'vitest'
import { inspectorTokenOf } from '../../../mock-server/harness/inspector.ts'
import { A } from '../../support/api.ts'
import { createMockAltinn } from '../../../mock-server/core/mock-altinn.ts'
import { loadDefaultSeed } from '../../../mock-server/seed/index.ts'
import { aHarnessedMock, type HarnessedMock } from '../../support/harnessed-mock.ts'
import { anAssertion, seededClient } from '../../support/grants.ts'
import { AGENT_SYSTEM, CLIENTS, CUSTOMER, DRESS_MINST, FACILITATOR, FREMMED_TURIST, KRAV, NON_CLIENT, REGNSKAPSFORER, STADIG_KONSERT, STANDARD_CLIENT_ID, STANDARD_SYSTEM } from '../../../mock-server/seed/personas.ts'
import { anAgentRequest, aStandardRequest } from '../../support/builders.ts'
import { ORIGIN } from '../../support/core.ts'

const JWT_SHAPE = /eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\./

describe('the inspector page', () => {
  it('writes hostile values as text and sends a CSP that allows only its own script', async () => {
    const h = aHarnessedMock()
    const token = await h.tokenFor()
    await h.send('POST', `${A}/systemuser/request/vendor`, { token, json: aStandardRequest({ externalRef: '<img src=x onerror=alert(1)>' }) })

    const page = await h.send('GET', '/__mock/ui')

    expect(page.status).toBe(200)
    expect(page.body).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(page.body).not.toContain('<img src=x')
    expect(page.headers?.['content-security-policy']).toContain("script-src 'self'")
    expect(page.headers?.['content-security-policy']).not.toContain('unsafe-inline')
    expect(page.body).toContain('<script src="/__mock/ui/inspector.js" defer></script>')
    expect(page.body!.match(/<script/g)).toHaveLength(1)
  })

  it('shows issued tokens as decoded claims, and neither compact tokens nor private keys', async () => {
    const h = aHarnessedMock()
    await h.send('POST', '/maskinporten/token', { form: { grant_type: JWT_BEARER_GRANT_TYPE, assertion: await anAssertion(h.mock, seededClient(h.mock, STANDARD_CLIENT_ID), { scope: Scopes.requestRead }) } })

    const page = (await h.send('GET', '/__mock/ui')).body!

    expect(page).toContain(`&quot;client_id&quot;: &quot;${STANDARD_CLIENT_ID}&quot;`)
    expect(page).not.toMatch(JWT_SHAPE)
    expect(page).not.toContain(String((h.mock.store.maskinportenClients.get(STANDARD_CLIENT_ID)!.privateJwk as { d: string }).d))
  })

  it('approves a request as the chosen person from its form, and answers with a 303 back to the page', async () => {
    const h = aHarnessedMock()
    const { json: request } = await h.send('POST', `${A}/systemuser/request/vendor`, { token: await h.tokenFor(), json: aStandardRequest() })

    const res = await h.send('POST', `/__mock/ui/requests/${request.id}/decide`, {
      form: { _csrf: inspectorTokenOf(h.mock), pid: STADIG_KONSERT, decision: 'approve' },
      headers: { origin: ORIGIN, 'sec-fetch-site': 'same-origin' },
    })

    expect(res.status).toBe(303)
    expect(res.headers?.location).toBe('/__mock/ui?ok=approved')
    expect(h.mock.store.requests.get(request.id)).toMatchObject({ status: 'Accepted', decidedBy: STADIG_KONSERT })
  })

  it('refuses a form without the token, or from another site even with it, and changes nothing', async () => {
    const h = aHarnessedMock()
    const { json: request } = await h.send('POST', `${A}/systemuser/request/vendor`, { token: await h.tokenFor(), json: aStandardRequest() })
    const decide = (form: Record<string, string>, headers: Record<string, string> = {}) =>
      h.send('POST', `/__mock/ui/requests/${request.id}/decide`, { form: { pid: STADIG_KONSERT, decision: 'approve', ...form }, headers })

    expect((await decide({})).status).toBe(403)
    expect((await decide({ _csrf: 'guessed' })).status).toBe(403)
    expect((await decide({ _csrf: inspectorTokenOf(h.mock) }, { 'sec-fetch-site': 'cross-site' })).status).toBe(403)
    expect((await decide({ _csrf: inspectorTokenOf(h.mock) }, { origin: 'https://evil.example' })).status).toBe(403)
    expect(h.mock.store.requests.get(request.id)!.status).toBe('New')
  })

  it('sends a refused decision back with its AUTH code, and a bad clock move with nothing moved', async () => {
    const h = aHarnessedMock()
    const { json: request } = await h.send('POST', `${A}/systemuser/request/vendor`, { token: await h.tokenFor(), json: aStandardRequest() })
    const csrf = inspectorTokenOf(h.mock)
    const before = h.mock.clock.now()

    const refused = await h.send('POST', `/__mock/ui/requests/${request.id}/decide`, { form: { _csrf: csrf, pid: FREMMED_TURIST, decision: 'approve' } })
    const badClock = await h.send('POST', '/__mock/ui/clock', { form: { _csrf: csrf, advance: 'P999999999D' } })

    expect(refused.headers?.location).toBe('/__mock/ui?problem=AUTH-00066')
    expect(badClock.headers?.location).toBe('/__mock/ui?problem=clock')
    expect(h.mock.clock.now()).toBe(before)
    expect((await h.send('GET', '/__mock/ui?problem=AUTH-00066')).body).toContain('Feilkode: <strong>AUTH-00066</strong>')
  })
})

const SAME_ORIGIN = { origin: ORIGIN, 'sec-fetch-site': 'same-origin' }

/** A form post from the inspector page itself. */
function post(h: HarnessedMock, path: string, form: Record<string, string>) {
  return h.send('POST', path, { form: { _csrf: inspectorTokenOf(h.mock), ...form }, headers: SAME_ORIGIN })
}

function outcomeOf(res: { headers?: Record<string, string | string[]> }): URLSearchParams {
  const location = String(res.headers?.location ?? '')
  expect(location.startsWith('/__mock/ui')).toBe(true)
  return new URL(location, ORIGIN).searchParams
}

async function anApprovedAgentSystemUser(h: HarnessedMock): Promise<string> {
  const { json: request } = await h.send('POST', `${A}/systemuser/request/vendor/agent`, { token: await h.tokenFor(), json: anAgentRequest() })
  expect((await h.send('POST', `/__mock/requests/${request.id}/approve`, { json: { pid: DRESS_MINST } })).status).toBe(200)
  return request.id
}

describe('the inspector as a demo console', () => {
  it('creates a standard request through the vendor API, with every right of the system, and links its confirmUrl', async () => {
    const h = aHarnessedMock()

    const res = await post(h, '/__mock/ui/requests', { kind: 'standard', systemId: STANDARD_SYSTEM, partyOrgNo: '312 091 437', externalRef: 'demo-1' })

    expect(res.status).toBe(303)
    const outcome = outcomeOf(res)
    expect(outcome.get('ok')).toBe('created')
    const created = h.mock.store.requests.get(outcome.get('request')!)!
    expect(created).toMatchObject({ kind: 'standard', systemId: STANDARD_SYSTEM, partyOrgNo: CUSTOMER, externalRef: 'demo-1', status: 'New' })
    expect(created.rights.flatMap((r) => r.resource.map((x) => x.value))).toEqual([KRAV])
    // The vendor's own read sees the same request: it went through the vendor API, not around it.
    const read = await h.send('GET', `${A}/systemuser/request/vendor/${created.id}`, { token: await h.tokenFor() })
    expect(read.json).toMatchObject({ id: created.id, externalRef: 'demo-1', status: 'New' })
    const page = (await h.send('GET', `/__mock/ui?${outcome}`)).body!
    expect(page).toContain('Forespørselen er opprettet.')
    expect(page).toContain(`href="${read.json.confirmUrl.replaceAll('&', '&amp;')}"`)
  })

  it('creates an agent request for the access package, and answers the vendor API\'s code when it refuses one', async () => {
    const h = aHarnessedMock()

    const agent = outcomeOf(await post(h, '/__mock/ui/requests', { kind: 'agent', systemId: AGENT_SYSTEM, partyOrgNo: FACILITATOR }))
    const refused = outcomeOf(await post(h, '/__mock/ui/requests', { kind: 'agent', systemId: STANDARD_SYSTEM, partyOrgNo: FACILITATOR }))

    expect(h.mock.store.requests.get(agent.get('request')!)).toMatchObject({ kind: 'agent', partyOrgNo: FACILITATOR, externalRef: FACILITATOR })
    expect(h.mock.store.requests.get(agent.get('request')!)!.accessPackages.map((p) => p.urn)).toEqual([REGNSKAPSFORER])
    // The standard system has no access packages: the vendor API's AUTH-00058, and nothing stored.
    expect(refused.get('problem')).toBe('AUTH-00058')
    expect(h.mock.store.requests.size).toBe(1)
    expect((await h.send('GET', `/__mock/ui?${refused}`)).body).toContain('Feilkode: <strong>AUTH-00058</strong>')
  })

  it('decides as the chosen person with the control API\'s rights check: a refusal changes nothing and names the AUTH code', async () => {
    const h = aHarnessedMock()
    const { json: request } = await h.send('POST', `${A}/systemuser/request/vendor`, { token: await h.tokenFor(), json: aStandardRequest() })
    const api = await h.send('POST', `/__mock/requests/${request.id}/approve`, { json: { pid: DRESS_MINST } })

    const refused = outcomeOf(await post(h, `/__mock/ui/requests/${request.id}/decide`, { pid: DRESS_MINST, decision: 'approve' }))

    expect(refused.get('problem')).toBe(api.json.code)
    expect(refused.get('problem')).toBe('AUTH-00066')
    expect(h.mock.store.requests.get(request.id)!.status).toBe('New')
    expect(h.mock.store.systemUsers.size).toBe(0)
    const page = (await h.send('GET', `/__mock/ui?${refused}`)).body!
    expect(page).toContain('Du har ikke tilgang til å godkjenne denne forespørselen. Feilkode: <strong>AUTH-00066</strong>')

    const rejected = outcomeOf(await post(h, `/__mock/ui/requests/${request.id}/decide`, { pid: STADIG_KONSERT, decision: 'reject' }))
    expect(rejected.get('ok')).toBe('rejected')
    expect(h.mock.store.requests.get(request.id)).toMatchObject({ status: 'Rejected', decidedBy: STADIG_KONSERT })
    // People by name wherever the page names them.
    expect((await h.send('GET', '/__mock/ui')).body).toContain('avgjort av STADIG KONSERT <span class="portal-meta inspector-nowrap">03827150095</span>')
  })

  it('adds and removes a client through the control API\'s client rule, and refuses what the API refuses', async () => {
    const h = aHarnessedMock()
    const id = await anApprovedAgentSystemUser(h)

    const added = outcomeOf(await post(h, `/__mock/ui/systemusers/${id}/clients`, { orgNo: CLIENTS[0], pid: DRESS_MINST }))
    expect(added.get('ok')).toBe('clientAdded')
    expect([...h.mock.store.clientDelegations.get(id)!.values()].map((c) => c.clientOrgNo)).toEqual([CLIENTS[0]])
    expect((await h.send('GET', '/__mock/state')).json.clientDelegations).toEqual([expect.objectContaining({ systemUserId: id, clientOrgNo: CLIENTS[0], addedBy: DRESS_MINST })])

    const api = await h.send('POST', `/__mock/systemusers/${id}/clients`, { json: { orgNo: NON_CLIENT, pid: DRESS_MINST } })
    const notAClient = outcomeOf(await post(h, `/__mock/ui/systemusers/${id}/clients`, { orgNo: NON_CLIENT, pid: DRESS_MINST }))
    const notAnAdmin = outcomeOf(await post(h, `/__mock/ui/systemusers/${id}/clients`, { orgNo: CLIENTS[1], pid: STADIG_KONSERT }))
    expect(notAClient.get('problem')).toBe(api.json.code)
    expect(notAClient.get('problem')).toBe('AUTH-00079')
    expect(notAnAdmin.get('problem')).toBe('AUTH-00044')
    expect([...h.mock.store.clientDelegations.get(id)!.values()].map((c) => c.clientOrgNo)).toEqual([CLIENTS[0]])

    const removed = outcomeOf(await post(h, `/__mock/ui/systemusers/${id}/clients/remove`, { orgNo: CLIENTS[0], pid: DRESS_MINST }))
    expect(removed.get('ok')).toBe('clientRemoved')
    expect(h.mock.store.clientDelegations.get(id)?.size ?? 0).toBe(0)
    const again = outcomeOf(await post(h, `/__mock/ui/systemusers/${id}/clients/remove`, { orgNo: CLIENTS[0], pid: DRESS_MINST }))
    expect(again.get('problem')).toBe('AUTH-00038')
  })

  it('shows the facilitator\'s clients by name with org numbers in groups of three', async () => {
    const h = aHarnessedMock()
    const id = await anApprovedAgentSystemUser(h)
    await post(h, `/__mock/ui/systemusers/${id}/clients`, { orgNo: CLIENTS[0], pid: DRESS_MINST })

    const page = (await h.send('GET', '/__mock/ui')).body!

    const clientSelect = page.slice(page.indexOf(`id="client-${id}"`), page.indexOf('</select>', page.indexOf(`id="client-${id}"`)))
    // The facilitator's other clients to choose from: not the one it has, and no organisation outside its clients.
    expect([...clientSelect.matchAll(/<option value="(\d+)">/g)].map((m) => m[1])).toEqual([CLIENTS[1], CLIENTS[2]])
    expect(clientSelect).toContain('<option value="312659298">SPRUDLENDE HØFLIG MÅKE AS (312 659 298)</option>')
    expect(page).toContain('LYSEGRØNN FLEKKETE ELG AS <span class="portal-meta inspector-nowrap">315 465 222</span>')
    expect(page).toContain('aria-label="Fjern LYSEGRØNN FLEKKETE ELG AS"')
  })

  it('deletes a system user only once confirmed, as DELETE /__mock/systemusers/{id} does', async () => {
    const h = aHarnessedMock()
    const { json: request } = await h.send('POST', `${A}/systemuser/request/vendor`, { token: await h.tokenFor(), json: aStandardRequest() })
    await post(h, `/__mock/ui/requests/${request.id}/decide`, { pid: STADIG_KONSERT, decision: 'approve' })

    const confirmPage = (await h.send('GET', `/__mock/ui?confirmDelete=${request.id}`)).body!
    expect(confirmPage).toContain('Slette systembrukeren?')
    expect(confirmPage).toContain(`action="/__mock/ui/systemusers/${request.id}/delete"`)

    const unconfirmed = outcomeOf(await post(h, `/__mock/ui/systemusers/${request.id}/delete`, {}))
    expect(unconfirmed.get('problem')).toBe('confirm')
    expect(h.mock.store.systemUsers.get(request.id)!.isDeleted).toBe(false)

    const deleted = outcomeOf(await post(h, `/__mock/ui/systemusers/${request.id}/delete`, { confirm: 'yes' }))
    expect(deleted.get('ok')).toBe('deleted')
    expect(h.mock.store.systemUsers.get(request.id)!.isDeleted).toBe(true)
    const twice = outcomeOf(await post(h, `/__mock/ui/systemusers/${request.id}/delete`, { confirm: 'yes' }))
    expect(twice.get('problem')).toBe('AUTH-00015')
    expect((await h.send('GET', `/__mock/ui?confirmDelete=${request.id}`)).body).not.toContain('Slette systembrukeren?')
  })

  it('moves the clock by what is typed (nothing pre-filled), warns when vendors are refused, and puts it back', async () => {
    const h = aHarnessedMock({ mock: createMockAltinn({ seed: loadDefaultSeed(), origin: ORIGIN }) })
    const before = (await h.send('GET', '/__mock/ui')).body!
    expect(before).not.toContain('value="P181D"')
    expect(before).toContain('(på sann tid)')

    const small = outcomeOf(await post(h, '/__mock/ui/clock', { advance: 'PT30S' }))
    expect(small.get('ok')).toBe('clock')
    expect(small.get('warn')).toBeNull()

    const far = outcomeOf(await post(h, '/__mock/ui/clock', { advance: 'P181D' }))
    expect(far.get('warn')).toBe('1')
    expect((await h.send('GET', '/__mock/clock')).json.warning).toContain('ahead of real time')
    const page = (await h.send('GET', `/__mock/ui?${far}`)).body!
    expect(page).toMatch(/\(181 dager( \d+ sekunder)? foran sann tid\)/)
    expect(page).toContain('Maskinporten avviser assertions')

    const bad = outcomeOf(await post(h, '/__mock/ui/clock', { advance: 'P999999999D' }))
    expect(bad.get('problem')).toBe('clock')
    expect(h.mock.clock.shifted).toBe(true)

    const back = outcomeOf(await post(h, '/__mock/ui/clock', { reset: 'true' }))
    expect(back.get('ok')).toBe('realtime')
    expect(h.mock.clock.shifted).toBe(false)
    expect((await h.send('GET', '/__mock/ui')).body).not.toContain('Maskinporten avviser assertions')
  })

  it('refuses every new form without the token or from another site, and changes nothing', async () => {
    const h = aHarnessedMock()
    const id = await anApprovedAgentSystemUser(h)
    const forms: [string, Record<string, string>][] = [
      ['/__mock/ui/requests', { kind: 'standard', systemId: STANDARD_SYSTEM, partyOrgNo: CUSTOMER }],
      [`/__mock/ui/systemusers/${id}/clients`, { orgNo: CLIENTS[0], pid: DRESS_MINST }],
      [`/__mock/ui/systemusers/${id}/clients/remove`, { orgNo: CLIENTS[0], pid: DRESS_MINST }],
      [`/__mock/ui/systemusers/${id}/delete`, { confirm: 'yes' }],
      ['/__mock/ui/clock', { reset: 'true' }],
    ]
    const clockBefore = h.mock.clock.now()
    for (const [path, form] of forms) {
      expect((await h.send('POST', path, { form, headers: SAME_ORIGIN })).status).toBe(403)
      expect((await h.send('POST', path, { form: { ...form, _csrf: 'guessed' }, headers: SAME_ORIGIN })).status).toBe(403)
      expect((await h.send('POST', path, { form: { ...form, _csrf: inspectorTokenOf(h.mock) }, headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(403)
      expect((await h.send('POST', path, { form: { ...form, _csrf: inspectorTokenOf(h.mock) }, headers: { origin: 'https://evil.example' } })).status).toBe(403)
      // A JSON body is not a form: the declared exception is for the page's own form posts only.
      expect((await h.send('POST', path, { json: { ...form, _csrf: inspectorTokenOf(h.mock) } })).status).toBe(415)
    }
    expect(h.mock.store.requests.size).toBe(1)
    expect(h.mock.store.clientDelegations.get(id)?.size ?? 0).toBe(0)
    expect(h.mock.store.systemUsers.get(id)!.isDeleted).toBe(false)
    expect(h.mock.clock.now()).toBe(clockBefore)
  })

  it('keeps tokens collapsed, links the journal from the top, and keeps the CSP', async () => {
    const h = aHarnessedMock()
    await h.send('POST', '/maskinporten/token', { form: { grant_type: JWT_BEARER_GRANT_TYPE, assertion: await anAssertion(h.mock, seededClient(h.mock, STANDARD_CLIENT_ID), { scope: Scopes.requestRead }) } })

    const res = await h.send('GET', '/__mock/ui')
    const page = res.body!

    expect(page).toMatch(/<details><summary><strong>maskinportenToken<\/strong>/)
    expect(page.indexOf('href="#journal"')).toBeLessThan(page.indexOf('id="requests"'))
    expect(res.headers?.['content-security-policy']).toBe(
      `default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self' ${ORIGIN}; font-src 'self' ${ORIGIN}; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
    )
    expect(page).not.toMatch(JWT_SHAPE)
  })
})
