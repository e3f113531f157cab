/**
 * `client.clientDelegation` against the mock, with both token sources: the SDK's own grant for a
 * client-administrator system user (machine to machine), and a person's exchanged ID-porten token from the caller.
 */
import { describe, expect, it } from 'vitest'
import { AltinnHttpError, AltinnProblemError, createAltinnClient, isAltinnProblem } from '../../sdk/index.ts'
import { approvedAgent, approvedClientAdmin, clientsInState, idPortenToken, partyUuids } from '../support/client-delegation.ts'
import { transports, useMock, type MockHandle, type Transport } from '../support/transports.ts'
import { aClient, environmentFor, mockOptionsFor, seededMaskinportenClients } from '../support/sdk-client.ts'
import { CLIENT_ADMIN_CLIENT_ID, CLIENTS, DRESS_MINST, FACILITATOR, FREMMED_TURIST, NON_CLIENT } from '../../mock-server/seed/personas.ts'

describe.each(transports)('client.clientDelegation over %s', (transport: Transport) => {
  const t = useMock(transport, mockOptionsFor(transport))

  /** SmartCloud's client-administration client, configured as the guide says: its own Maskinporten client. */
  async function clientAdminClient(h: MockHandle) {
    const seeded = (await seededMaskinportenClients(h)).find((c) => c.clientId === CLIENT_ADMIN_CLIENT_ID)!
    return createAltinnClient({
      environment: environmentFor(transport, h),
      maskinporten: { clientId: seeded.clientId, key: seeded.privateJwk as JsonWebKey, kid: seeded.kid },
      clientDelegation: { systemUser: { orgNo: FACILITATOR } },
      retry: { limit: 0 },
    })
  }

  it('lists agents and clients, adds and removes a client machine to machine, through a client-administrator system user', async () => {
    const agent = await approvedAgent(t)
    await approvedClientAdmin(t)
    const admin = (await clientAdminClient(t)).clientDelegation

    const agents = await admin.agents(FACILITATOR)
    expect(agents.map((a) => [a.id, a.userType, a.reporteeOrgNo])).toEqual([[agent, 'agent', FACILITATOR]])
    const available = await admin.availableClients(agent)
    expect(available.systemUserInformation).toEqual({ systemUserId: agent, systemUserOwnerOrg: FACILITATOR })
    expect(available.clients.map((c) => c.clientOrganizationNumber)).toEqual([...CLIENTS])

    const elg = available.clients[0]!
    expect(await admin.add(agent, elg.clientId)).toEqual({ agent, client: elg.clientId })
    expect((await admin.clients(agent)).clients).toEqual([elg])
    expect(await clientsInState(t, agent)).toEqual([CLIENTS[0]])
    expect(await admin.remove(agent, elg.clientId)).toEqual({ agent, client: elg.clientId })
    expect((await admin.clients(agent)).clients).toEqual([])
  })

  it("works for a person with the caller's exchanged ID-porten token, asking the provider for the scope each call needs", async () => {
    const agent = await approvedAgent(t)
    const uuids = await partyUuids(t)
    const client = aClient(transport, t)
    const altinnToken = await client.exchangeIdPortenToken(await idPortenToken(t, DRESS_MINST))
    const asked: string[][] = []
    const person = client.clientDelegation.withTokens({ accessToken: ({ scopes }) => (asked.push([...scopes]), altinnToken) })

    await person.add(agent, uuids[CLIENTS[1]]!)
    const { clients } = await person.clients(agent)
    expect(clients.map((c) => c.clientId)).toEqual([uuids[CLIENTS[1]]])
    expect(asked).toEqual([['altinn:clientdelegations.write'], ['altinn:clientdelegations.read']])
  })

  it("throws Altinn's problems as AltinnProblemError, and a refusal as a plain 403 AltinnHttpError", async () => {
    const agent = await approvedAgent(t)
    const uuids = await partyUuids(t)
    const client = aClient(transport, t)
    const dress = client.clientDelegation.withTokens({ accessToken: async () => client.exchangeIdPortenToken(await idPortenToken(t, DRESS_MINST)) })

    const notAClient = await dress.add(agent, uuids[NON_CLIENT]!).catch((e: unknown) => e)
    expect(isAltinnProblem(notAClient, 'AUTH-00079')).toBe(true)
    expect((notAClient as AltinnProblemError).title).toBe('Client not found.')

    const unknown = await dress.clients('7c9e6679-7425-40de-944b-e07fc1f90ae7').catch((e: unknown) => e)
    expect(unknown).toBeInstanceOf(AltinnProblemError)
    expect((unknown as AltinnProblemError).code).toBe('STD-00000')
    expect((unknown as AltinnProblemError).validationErrors.map((v) => [v.code, v.title, v.paths])).toEqual([['AUTH.VLD-00014', 'System user not found', ['?agent']]])

    const noParty = (await dress.agents('999999999').catch((e: unknown) => e)) as AltinnProblemError
    expect([noParty.status, noParty.code, noParty.title]).toEqual([404, undefined, 'Party not found'])

    const stranger = client.clientDelegation.withTokens({ accessToken: async () => client.exchangeIdPortenToken(await idPortenToken(t, FREMMED_TURIST)) })
    const refused = await stranger.clients(agent).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(AltinnHttpError)
    expect(refused).not.toBeInstanceOf(AltinnProblemError)
    expect((refused as AltinnHttpError).status).toBe(403)
  })

  it('says how to give it a token source, and refuses a system-user source without a Maskinporten client', async () => {
    const client = aClient(transport, t)
    await expect(client.clientDelegation.agents(FACILITATOR)).rejects.toThrow(/needs a token source/)
    expect(() => client.clientDelegation.withTokens({ systemUser: { orgNo: FACILITATOR } })).toThrow(/needs createAltinnClient\(\{ maskinporten \}\)/)
    await expect(client.exchangeIdPortenToken('')).rejects.toThrow(TypeError)
  })
})
