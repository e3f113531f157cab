/**
 * Create, then resume, for agent requests: the same rule as for standard and change requests (sdk-resilience,
 * sdk-change-requests). A POST whose answer is lost is never sent again; the request is read back by its external
 * reference.
 */
import { describe, expect, it } from 'vitest'
import { AltinnNetworkError, type Logger } from '../../sdk/index.ts'
import { A } from '../support/api.ts'
import { transports, useMock } from '../support/transports.ts'
import { aClient, mockOptionsFor } from '../support/sdk-client.ts'
import { AGENT_SYSTEM, FACILITATOR, REGNSKAPSFORER } from '../../mock-server/seed/personas.ts'

const isAgentCreate = (request: Request) => request.method === 'POST' && new URL(request.url).pathname === `${A}/systemuser/request/vendor/agent`
const anAgentRequest = { systemId: AGENT_SYSTEM, partyOrgNo: FACILITATOR, accessPackages: [{ urn: REGNSKAPSFORER }] }

/** A fetch that fails the first agent create in transit: after it reached the mock (`lost-answer`), or before. */
function failingFirstCreate(fault: 'lost-answer' | 'never-sent') {
  const creates: string[] = []
  const failing = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init)
    if (!isAgentCreate(request)) return fetch(input, init)
    creates.push(request.method)
    if (creates.length > 1) return fetch(input, init)
    if (fault === 'never-sent') throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') })
    const response = await fetch(input, init)
    void response.body?.cancel().catch(() => undefined)
    throw new TypeError('fetch failed', { cause: new Error('socket hang up') })
  }) as typeof fetch
  return { fetch: failing, creates }
}

describe.each(transports)('an agent request created in spite of the network, over %s', (transport) => {
  const t = useMock(transport, mockOptionsFor(transport))

  it('is read back by its external reference when the answer to its create was lost, and never posted twice', async () => {
    const net = failingFirstCreate('lost-answer')
    const client = aClient(transport, t, { fetch: net.fetch })

    const result = await client.agentRequests.create(anAgentRequest)

    expect(result).toMatchObject({ created: false, resumed: true, request: { systemId: AGENT_SYSTEM, partyOrgNo: FACILITATOR, externalRef: FACILITATOR, status: 'New' } })
    expect(result.request.accessPackages).toEqual([{ urn: REGNSKAPSFORER }])
    expect(net.creates).toHaveLength(1)
    expect((await client.agentRequests.list(AGENT_SYSTEM).toArray()).map((r) => r.id)).toEqual([result.request.id])
  })

  it('throws the transport error when the create never arrived, says that creating again is safe, and the next create makes it', async () => {
    const net = failingFirstCreate('never-sent')
    const warnings: string[] = []
    const logger: Logger = { warn: (message) => warnings.push(message) }
    const client = aClient(transport, t, { fetch: net.fetch, logger })

    const error = await client.agentRequests.create(anAgentRequest).catch((e: unknown) => e)
    const second = await client.agentRequests.create(anAgentRequest)

    expect(error).toBeInstanceOf(AltinnNetworkError)
    expect(error).toMatchObject({ method: 'POST', attempts: 1 })
    expect(warnings).toEqual([
      'create agent request failed in transit (AltinnNetworkError); looking it up by external reference',
      'The agent request was not created; calling create again is safe',
    ])
    expect(second).toMatchObject({ created: true, resumed: false })
    expect(net.creates).toHaveLength(2)
  })
})
