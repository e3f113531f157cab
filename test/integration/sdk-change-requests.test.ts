/**
 * `client.changeRequests` over each transport (the TT02 host names over msw, the mock's origin over HTTP): the
 * correlation id made for you and sent again safely, the reads and the list, the wait for the owner's decision,
 * `NoChangeNeeded`, Altinn's refusals as typed errors, and a create whose answer was lost.
 */
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { AltinnHttpError, AltinnProblemError, isAltinnProblem, type PollEvent, type SystemUserChangeRequest } from '../../sdk/index.ts'
import { asVendor } from '../support/api.ts'
import { aSystemUserWith, CHANGE_REQUESTS, decisionFor, TWO_RIGHTS_SYSTEM } from '../support/change-requests.ts'
import { transports, useMock, type MockHandle, type Transport } from '../support/transports.ts'
import { aClient, approve, controlApiTokens, mockOptionsFor, reject } from '../support/sdk-client.ts'
import { CUSTOMER, KONKURRENT, KRAV, RECEIPT_URL, SKATTEGRUNNLAG } from '../../mock-server/seed/personas.ts'
import { aRight } from '../support/builders.ts'

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** A change-request input for the system user: add "Krav og betalinger"; with overrides. */
function anInput(systemUserId: string, overrides: Record<string, unknown> = {}) {
  return { systemUserId, requiredRights: [aRight(KRAV)], redirectUrl: `${RECEIPT_URL}?change=sdk`, ...overrides }
}

/** A fetch whose first create of a change request reaches the mock but loses its answer. */
function losingTheFirstCreate(): { fetch: typeof fetch; creates: () => number } {
  let creates = 0
  const lossy = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init)
    const isCreate = request.method === 'POST' && new URL(request.url).pathname === CHANGE_REQUESTS
    const response = await fetch(request)
    if (isCreate && ++creates === 1) {
      void response.body?.cancel().catch(() => undefined)
      throw new TypeError('fetch failed', { cause: new Error('socket hang up') })
    }
    return response
  }) as typeof fetch
  return { fetch: lossy, creates: () => creates }
}

async function aSystemUser(t: MockHandle): Promise<string> {
  return aSystemUserWith(t.baseUrl, asVendor(t.baseUrl), [SKATTEGRUNNLAG])
}

describe.each(transports)('client.changeRequests over %s', (transport: Transport) => {
  const t = useMock(transport, mockOptionsFor(transport, { pageSize: 2 }))

  it('makes the correlation id when none is given, and returns the same change request with created: false when it is sent again', async () => {
    const client = aClient(transport, t)
    const systemUserId = await aSystemUser(t)

    const first = await client.changeRequests.create(anInput(systemUserId))
    const again = await client.changeRequests.create(anInput(systemUserId, { correlationId: first.request.id }))

    expect(first).toMatchObject({ created: true, resumed: false, request: { systemUserId, systemId: TWO_RIGHTS_SYSTEM, partyOrgNo: CUSTOMER, status: 'New', requiredRights: [aRight(KRAV)] } })
    expect(first.request.id).toMatch(GUID)
    expect(first.request.id).not.toBe(systemUserId)
    expect(first.request.confirmUrl).toBe(`${t.urls.portalUrl}/accessmanagement/ui/systemuser/changerequest?id=${first.request.id}&DONTCHOOSEREPORTEE=true`)
    expect(again).toMatchObject({ created: false, request: { id: first.request.id } })
  })

  it('reads by id, by the system user\'s external reference (defaulting to the organisation number), and every page of the list', async () => {
    const client = aClient(transport, t)
    const systemUserId = await aSystemUser(t)
    const ids: string[] = []
    for (let i = 0; i < 3; i++) ids.push((await client.changeRequests.create(anInput(systemUserId))).request.id)

    expect(await client.changeRequests.get(ids[1]!)).toMatchObject({ id: ids[1], status: 'New' })
    expect((await client.changeRequests.getByExternalRef({ systemId: TWO_RIGHTS_SYSTEM, orgNo: CUSTOMER })).systemUserId).toBe(systemUserId)
    const listed = await client.changeRequests.list(TWO_RIGHTS_SYSTEM).toArray()
    expect(listed.map((r) => r.id)).toEqual([...ids].sort())
    expect(listed.every((r) => r.confirmUrl === undefined)).toBe(true)
  })

  it('waits for the owner\'s decision, and the system user has the new right when it resolves', async () => {
    const client = aClient(transport, t)
    const systemUserId = await aSystemUser(t)
    const { request } = await client.changeRequests.create(anInput(systemUserId))
    const polls: PollEvent<SystemUserChangeRequest>[] = []

    const decided = await client.changeRequests.waitForDecision(request, {
      intervalMs: 5,
      onPoll: (event) => {
        polls.push(event)
        if (event.attempt === 2) void approve(t, request.id)
      },
    })

    expect(decided).toMatchObject({ id: request.id, status: 'Accepted' })
    expect(polls[0]!.value!.status).toBe('New')
    expect(await decisionFor(t.baseUrl, systemUserId, KRAV)).toBe('Permit')
  })

  it('resolves with a rejected change request instead of throwing', async () => {
    const client = aClient(transport, t)
    const { request } = await client.changeRequests.create(anInput(await aSystemUser(t)))
    await reject(t, request.id)
    await expect(client.changeRequests.waitForDecision(request.id, { intervalMs: 5 })).resolves.toMatchObject({ status: 'Rejected' })
  })

  it('hands back NoChangeNeeded, with its empty confirmUrl, when nothing is asked', async () => {
    const client = aClient(transport, t)
    const systemUserId = await aSystemUser(t)
    const result = await client.changeRequests.create({ systemUserId })
    expect(result).toMatchObject({ created: false, request: { status: 'NoChangeNeeded', confirmUrl: '', systemUserId } })
  })

  it('deletes a change request; reading it then throws AUTH-00010', async () => {
    const client = aClient(transport, t)
    const { request } = await client.changeRequests.create(anInput(await aSystemUser(t)))
    await client.changeRequests.delete(request.id)
    const error = await client.changeRequests.get(request.id).catch((e: unknown) => e)
    expect(isAltinnProblem(error, 'AUTH-00010')).toBe(true)
  })

  it('turns Altinn\'s refusals into typed errors, and refuses a correlation id equal to the system user id before calling', async () => {
    const client = aClient(transport, t)
    const systemUserId = await aSystemUser(t)

    const unknown = await client.changeRequests.create(anInput(randomUUID())).catch((e: unknown) => e)
    expect(unknown).toBeInstanceOf(AltinnProblemError)
    expect(unknown).toMatchObject({ status: 404, code: 'AUTH-00015' })
    const notOurs = await aClient(transport, t, { accessToken: controlApiTokens(t, KONKURRENT).provider }).changeRequests.create(anInput(systemUserId)).catch((e: unknown) => e)
    expect(notOurs).toBeInstanceOf(AltinnHttpError)
    expect(notOurs).toMatchObject({ status: 401 })
    await expect(client.changeRequests.create(anInput(systemUserId, { correlationId: systemUserId }))).rejects.toThrow(TypeError)
    await expect(client.changeRequests.create(anInput(''))).rejects.toThrow(TypeError)
    expect([...t.mock.store.changeRequests.values()]).toEqual([])
  })

  it('resumes a create whose answer was lost by reading its correlation id, without posting again', async () => {
    const net = losingTheFirstCreate()
    const client = aClient(transport, t, { fetch: net.fetch })
    const systemUserId = await aSystemUser(t)

    const result = await client.changeRequests.create(anInput(systemUserId))

    expect(result).toMatchObject({ created: false, resumed: true, request: { systemUserId, status: 'New' } })
    expect(net.creates()).toBe(1)
    expect([...t.mock.store.changeRequests.keys()]).toEqual([result.request.id])
  })
})
