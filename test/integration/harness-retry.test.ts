import { afterEach, describe, expect, it } from 'vitest'
import { readJournal } from '../../mock-server/harness/client.ts'
import { getHarness } from '../../mock-server/harness/harness.ts'
import { countCalls } from '../../mock-server/harness/journal.ts'
import { transports, useMock } from '../support/transports.ts'
import { aClient, controlApiTokens, mockOptionsFor } from '../support/sdk-client.ts'
import { CUSTOMER, SMARTCLOUD, STANDARD_SYSTEM } from '../../mock-server/seed/personas.ts'
import { aRight } from '../support/builders.ts'

describe.each(transports)('a status read under injected 503s over %s', (transport) => {
  const t = useMock(transport, mockOptionsFor(transport))
  afterEach(() => {
    getHarness(t.mock).faults.clear()
    getHarness(t.mock).journal.clear()
  })

  it('is retried twice by the SDK after Retry-After and then succeeds, and the journal shows the three calls without the token', async () => {
    const tokens = controlApiTokens(t)
    const client = aClient(transport, t, { accessToken: tokens.provider })
    const { request } = await client.requests.create({ systemId: STANDARD_SYSTEM, partyOrgNo: CUSTOMER, rights: [aRight()] })
    const rule = await fetch(`${t.baseUrl}/__mock/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'GET', path: '/authentication/api/v1/systemuser/request/vendor/*', status: 503, times: 2, retryAfter: 1 }),
    }).then((r) => r.json())

    const read = await client.requests.get(request.id)

    expect(read).toMatchObject({ id: request.id, status: 'New' })
    const calls = await readJournal(t.baseUrl, { route: 'getRequest' })
    expect(calls.map((c) => [c.status, c.fault ?? null, c.requestId])).toEqual([
      [503, rule.id, request.id],
      [503, rule.id, request.id],
      [200, null, request.id],
    ])
    expect(calls.every((c) => c.vendor === SMARTCLOUD && c.request.headers.authorization === 'Bearer [redacted]')).toBe(true)
    expect(countCalls(calls, { status: 503 })).toBe(2)
    const everything = JSON.stringify(await readJournal(t.baseUrl))
    expect(tokens.issued.length).toBeGreaterThan(0)
    for (const token of tokens.issued) {
      expect(everything).not.toContain(token)
      expect(everything).not.toContain(token.split('.')[2])
    }
    expect((await fetch(`${t.baseUrl}/__mock/faults`).then((r) => r.json())).faults).toEqual([])
  })
})
