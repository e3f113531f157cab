/**
 * The "done when": the vendor's script in examples/standard-flow.ts, unchanged, against the mock over
 * HTTP and against the real TT02 host names over msw.
 */
import { describe, expect, it } from 'vitest'
import { runStandardFlow } from '../../examples/standard-flow.ts'
import { call } from '../support/api.ts'
import { transports, useMock } from '../support/transports.ts'
import { environmentFor, mockOptionsFor, seededMaskinportenClients } from '../support/sdk-client.ts'
import { CUSTOMER, SMARTCLOUD, STADIG_KONSERT } from '../../mock-server/seed/personas.ts'

describe.each(transports)('the standard flow of examples/standard-flow.ts over %s', (transport) => {
  const t = useMock(transport, mockOptionsFor(transport))

  async function setup() {
    const seeded = (await seededMaskinportenClients(t)).find((c) => c.orgNo === SMARTCLOUD)!
    const confirmUrls: string[] = []
    const lines: string[] = []
    return {
      confirmUrls,
      lines,
      flow: {
        environment: environmentFor(transport, t),
        maskinporten: { clientId: seeded.clientId, kid: seeded.kid, key: seeded.privateJwk as never },
        serviceUrl: t.urls.platformUrl,
        log: (line: string) => lines.push(line),
        // The end user's part, through the control API.
        approve: async (confirmUrl: string, requestId: string) => {
          confirmUrls.push(confirmUrl)
          const res = await call(t.baseUrl, 'POST', `/__mock/requests/${requestId}/approve`, { body: { pid: STADIG_KONSERT } })
          expect(res.status).toBe(200)
        },
      },
    }
  }

  it('creates, gets approved, waits for Accepted, gets a system-user token and reads the tax claims', async () => {
    const { flow, confirmUrls, lines } = await setup()

    const result = await runStandardFlow(flow)

    expect(result.connectedBefore).toBe(false)
    expect(result.claims.orgNo).toBe(CUSTOMER)
    expect(result.claims.claims.length).toBeGreaterThan(0)
    expect(confirmUrls).toHaveLength(1)
    expect(new URL(confirmUrls[0]!).origin).toBe(new URL(t.urls.portalUrl).origin)
    expect(lines.some((l) => l.startsWith('Request Accepted'))).toBe(true)
    const users = [...t.mock.store.systemUsers.values()].filter((u) => !u.isDeleted)
    expect(users.map((u) => u.reporteeOrgNo)).toEqual([CUSTOMER])
  })

  it('goes straight to the token when the customer is already connected', async () => {
    const { flow } = await setup()
    await runStandardFlow(flow)

    const again = await runStandardFlow(flow)

    expect(again.connectedBefore).toBe(true)
    expect(again.claims.orgNo).toBe(CUSTOMER)
  })
})
