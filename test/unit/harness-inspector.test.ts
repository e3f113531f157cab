import { describe, expect, it } from 'vitest'
import { inspectorTokenOf } from '../../mock-server/harness/inspector.ts'
import { A, aStandardRequest, STADIG_KONSERT } from '../support/api.ts'
import { aHarnessedMock, anAssertion, JWT_BEARER, ORIGIN, SMARTCLOUD_CLIENT } from './harness-fixtures.ts'

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
    await h.send('POST', '/maskinporten/token', { form: { grant_type: JWT_BEARER, assertion: await anAssertion(h.mock) } })

    const page = (await h.send('GET', '/__mock/ui')).body!

    expect(page).toContain(`&quot;client_id&quot;: &quot;${SMARTCLOUD_CLIENT}&quot;`)
    expect(page).not.toMatch(JWT_SHAPE)
    expect(page).not.toContain(String((h.mock.state.maskinportenClients.get(SMARTCLOUD_CLIENT)!.privateJwk as { d: string }).d))
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
    expect(h.mock.state.requests.get(request.id)).toMatchObject({ status: 'Accepted', decidedBy: STADIG_KONSERT })
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
    expect(h.mock.state.requests.get(request.id)!.status).toBe('New')
  })

  it('sends a refused decision back with its AUTH code, and a bad clock move with nothing moved', async () => {
    const h = aHarnessedMock()
    const { json: request } = await h.send('POST', `${A}/systemuser/request/vendor`, { token: await h.tokenFor(), json: aStandardRequest() })
    const csrf = inspectorTokenOf(h.mock)
    const before = h.mock.clock.now()

    const refused = await h.send('POST', `/__mock/ui/requests/${request.id}/decide`, { form: { _csrf: csrf, pid: '08866650188', decision: 'approve' } })
    const badClock = await h.send('POST', '/__mock/ui/clock', { form: { _csrf: csrf, advance: 'P999999999D' } })

    expect(refused.headers?.location).toBe('/__mock/ui?problem=AUTH-00066')
    expect(badClock.headers?.location).toBe('/__mock/ui?problem=clock')
    expect(h.mock.clock.now()).toBe(before)
    expect((await h.send('GET', '/__mock/ui?problem=AUTH-00066')).body).toContain('Feilkode: <strong>AUTH-00066</strong>')
  })
})
