/**
 * `client.changeRequests` against answers made by hand: what goes on the wire (the query, the body without
 * undefined fields), and which answers the SDK refuses to hand out (a `confirmUrl` off the environment's portal
 * page) or accepts (`NoChangeNeeded` with its empty `confirmUrl`).
 */
import { describe, expect, it } from 'vitest'
import { AltinnContractError, createAltinnClient } from '../../../sdk/index.ts'
import { CUSTOMER, STANDARD_SYSTEM } from '../../../mock-server/seed/personas.ts'
import { aRight } from '../../support/builders.ts'

const SYSTEM_USER = '505f8488-3d48-4c15-8e21-35cb9432f815'
const CORRELATION = '7d1f0c2a-4b6e-4f0a-9c3d-2e1b0a9f8e7d'
const KRAV = aRight()

/** Altinn's answer to a create, with overrides. */
function anAnswer(overrides: Record<string, unknown> = {}) {
  return {
    id: CORRELATION,
    externalRef: CUSTOMER,
    systemId: STANDARD_SYSTEM,
    systemUserId: SYSTEM_USER,
    partyOrgNo: CUSTOMER,
    requiredRights: [KRAV],
    unwantedRights: [],
    requiredAccessPackages: [],
    unwantedAccessPackages: [],
    status: 'New',
    confirmUrl: `https://am.ui.tt02.altinn.no/accessmanagement/ui/systemuser/changerequest?id=${CORRELATION}&DONTCHOOSEREPORTEE=true`,
    created: '2026-07-01T10:15:30.123456Z',
    timedOut: false,
    ...overrides,
  }
}

/** A client on TT02 whose every call is answered with `status` and `body`; the requests it sent are kept. */
function aClientAnswering(status: number, body: unknown) {
  const sent: Request[] = []
  const client = createAltinnClient({
    environment: 'tt02',
    accessToken: () => 'a-token-for-the-change-request-test',
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      sent.push(new Request(input, init))
      return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
    }) as typeof fetch,
  })
  return { client, sent }
}

describe('client.changeRequests.create', () => {
  it('sends the system user and the correlation id in the query and only the given lists in the body', async () => {
    const { client, sent } = aClientAnswering(201, anAnswer())
    const result = await client.changeRequests.create({ systemUserId: SYSTEM_USER, correlationId: CORRELATION, requiredRights: [KRAV], unwantedRights: undefined })
    expect(result).toMatchObject({ created: true, resumed: false, request: { id: CORRELATION, status: 'New' } })
    const url = new URL(sent[0]!.url)
    expect(`${url.origin}${url.pathname}`).toBe('https://platform.tt02.altinn.no/authentication/api/v1/systemuser/changerequest/vendor')
    expect(Object.fromEntries(url.searchParams)).toEqual({ 'correlation-id': CORRELATION, 'system-user-id': SYSTEM_USER })
    expect(await sent[0]!.json()).toEqual({ requiredRights: [KRAV] })
  })

  it('makes a new correlation id for each create that gives none', async () => {
    const { client, sent } = aClientAnswering(201, anAnswer())
    await client.changeRequests.create({ systemUserId: SYSTEM_USER, requiredRights: [KRAV] })
    await client.changeRequests.create({ systemUserId: SYSTEM_USER, requiredRights: [KRAV] })
    const ids = sent.map((r) => new URL(r.url).searchParams.get('correlation-id'))
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(ids[1]).not.toBe(ids[0])
  })

  it('accepts NoChangeNeeded with an empty confirmUrl', async () => {
    const { client } = aClientAnswering(200, anAnswer({ status: 'NoChangeNeeded', confirmUrl: '', requiredRights: [], created: '0001-01-01T00:00:00' }))
    await expect(client.changeRequests.create({ systemUserId: SYSTEM_USER })).resolves.toMatchObject({ created: false, request: { status: 'NoChangeNeeded', confirmUrl: '' } })
  })

  it.each([
    ['another host', 'https://am.ui.evil.example/accessmanagement/ui/systemuser/changerequest?id=x'],
    ['the portal\'s request page', 'https://am.ui.tt02.altinn.no/accessmanagement/ui/systemuser/request?id=x'],
    ['no absolute URL', '/accessmanagement/ui/systemuser/changerequest?id=x'],
  ])('refuses to hand out a confirmUrl on %s', async (_, confirmUrl) => {
    const { client } = aClientAnswering(201, anAnswer({ confirmUrl }))
    await expect(client.changeRequests.create({ systemUserId: SYSTEM_USER, requiredRights: [KRAV] })).rejects.toBeInstanceOf(AltinnContractError)
    await expect(aClientAnswering(200, anAnswer({ confirmUrl })).client.changeRequests.get(CORRELATION)).rejects.toBeInstanceOf(AltinnContractError)
  })

  it('refuses an answer with a status Altinn does not have', async () => {
    const { client } = aClientAnswering(201, anAnswer({ status: 'Approved' }))
    await expect(client.changeRequests.create({ systemUserId: SYSTEM_USER, requiredRights: [KRAV] })).rejects.toBeInstanceOf(AltinnContractError)
  })

  it('checks its arguments before calling anything', async () => {
    const { client, sent } = aClientAnswering(201, anAnswer())
    await expect(client.changeRequests.create({ systemUserId: '' })).rejects.toBeInstanceOf(TypeError)
    await expect(client.changeRequests.create({ systemUserId: SYSTEM_USER, correlationId: '' })).rejects.toBeInstanceOf(TypeError)
    await expect(client.changeRequests.create({ systemUserId: SYSTEM_USER, correlationId: SYSTEM_USER.toUpperCase() })).rejects.toBeInstanceOf(TypeError)
    await expect(client.changeRequests.get('')).rejects.toBeInstanceOf(TypeError)
    expect(sent).toEqual([])
  })
})
