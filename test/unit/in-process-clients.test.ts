import { describe, expect, it } from 'vitest'
import { createMockFetch } from '../../mock-server/fetch.ts'
import { createAltinnClient } from '../../sdk/index.ts'

describe('maskinportenClient on an in-process mock', () => {
  it('gives the seeded client of an organisation, as the SDK takes it, and its grant works', async () => {
    const altinn = createMockFetch()
    const client = altinn.maskinportenClient('318882703')
    const seeded = altinn.seed.maskinportenClients.find((c) => c.clientId === client.clientId)!
    expect(seeded.orgNo).toBe('318882703')
    expect(client.kid).toBe(seeded.kid)
    expect(client.key).toEqual(seeded.privateJwk)
    const sdk = createAltinnClient({ environment: altinn.urls, fetch: altinn.fetch, maskinporten: client })
    const token = await sdk.tokens.vendor(['altinn:authentication/systemuser.request.read'])
    expect(token.accessToken.split('.')).toHaveLength(3)
  })

  it('picks the client of the system named', () => {
    const altinn = createMockFetch()
    const agentSystem = altinn.seed.systems.find((s) => s.id === '318882703_smartcloud_agent')!
    expect(agentSystem.clientId).toContain(altinn.maskinportenClient('318882703', '318882703_smartcloud_agent').clientId)
    const standardSystem = altinn.seed.systems.find((s) => s.id === '318882703_smartcloud')!
    expect(standardSystem.clientId).toContain(altinn.maskinportenClient('318882703', '318882703_smartcloud').clientId)
  })

  it('says which organisations have clients when the one asked for has none', () => {
    const altinn = createMockFetch()
    expect(() => altinn.maskinportenClient('311574000')).toThrow(/no Maskinporten client with a private key for 311574000; it has them for .*318882703/)
  })
})
