import { describe, expect, it } from 'vitest'
import { createMockFetch } from '../../mock-server/fetch.ts'
import { createAltinnClient } from '../../sdk/index.ts'
import { AGENT_SYSTEM, NON_CLIENT, SMARTCLOUD, STANDARD_SYSTEM } from '../../mock-server/seed/personas.ts'

describe('maskinportenClient on an in-process mock', () => {
  it('gives the seeded client of an organisation, as the SDK takes it, and its grant works', async () => {
    const altinn = createMockFetch()
    const client = altinn.maskinportenClient(SMARTCLOUD)
    const seeded = altinn.seed.maskinportenClients.find((c) => c.clientId === client.clientId)!
    expect(seeded.orgNo).toBe(SMARTCLOUD)
    expect(client.kid).toBe(seeded.kid)
    expect(client.key).toEqual(seeded.privateJwk)
    const sdk = createAltinnClient({ environment: altinn.urls, fetch: altinn.fetch, maskinporten: client })
    const token = await sdk.tokens.vendor(['altinn:authentication/systemuser.request.read'])
    expect(token.accessToken.split('.')).toHaveLength(3)
  })

  it('picks the client of the system named', () => {
    const altinn = createMockFetch()
    const agentSystem = altinn.seed.systems.find((s) => s.id === AGENT_SYSTEM)!
    expect(agentSystem.clientId).toContain(altinn.maskinportenClient(SMARTCLOUD, AGENT_SYSTEM).clientId)
    const standardSystem = altinn.seed.systems.find((s) => s.id === STANDARD_SYSTEM)!
    expect(standardSystem.clientId).toContain(altinn.maskinportenClient(SMARTCLOUD, STANDARD_SYSTEM).clientId)
  })

  it('says which organisations have clients when the one asked for has none', () => {
    const altinn = createMockFetch()
    expect(() => altinn.maskinportenClient(NON_CLIENT)).toThrow(/no Maskinporten client with a private key for 311574000; it has them for .*318882703/)
  })
})
