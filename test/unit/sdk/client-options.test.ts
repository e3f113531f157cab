import { describe, expect, it } from 'vitest'
import { Environments, createAltinnClient, mockEnvironment } from '../../../sdk/index.ts'
import { resolveEnvironment } from '../../../sdk/environments.ts'
import { CUSTOMER, RECEIPT_URL, STANDARD_SYSTEM } from '../../../mock-server/seed/personas.ts'

const token = () => 'a-token-for-the-options-test'

describe('createAltinnClient options', () => {
  it('resolves the named environments to the real hosts', () => {
    expect(createAltinnClient({ environment: 'tt02', accessToken: token }).environment).toEqual(Environments.tt02)
    expect(createAltinnClient({ environment: 'production', accessToken: token }).environment).toEqual({
      platformUrl: 'https://platform.altinn.no',
      maskinportenIssuer: 'https://maskinporten.no/',
      portalUrl: 'https://am.ui.altinn.no',
    })
  })

  it("takes the mock's origin as three URLs, trimming trailing slashes but keeping the issuer exactly", () => {
    expect(resolveEnvironment({ ...mockEnvironment('http://127.0.0.1:5101'), platformUrl: 'http://127.0.0.1:5101/' })).toEqual({
      platformUrl: 'http://127.0.0.1:5101',
      maskinportenIssuer: 'http://127.0.0.1:5101/maskinporten/',
      portalUrl: 'http://127.0.0.1:5101',
    })
  })

  it('refuses an unknown environment name, relative URLs, and other schemes', () => {
    expect(() => createAltinnClient({ environment: 'prod' as never, accessToken: token })).toThrow(/Unknown environment/)
    expect(() => resolveEnvironment({ platformUrl: '/api', maskinportenIssuer: 'https://x/', portalUrl: 'https://y' })).toThrow(/platformUrl/)
    expect(() => resolveEnvironment({ platformUrl: 'https://p', maskinportenIssuer: 'ftp://x/', portalUrl: 'https://y' })).toThrow(/maskinportenIssuer/)
  })

  it('needs a Maskinporten client or an accessToken provider', () => {
    expect(() => createAltinnClient({ environment: 'tt02' })).toThrow(/maskinporten/)
    expect(() => createAltinnClient({ environment: 'tt02', accessToken: 'a string' as never })).toThrow(/accessToken/)
  })

  it('says what is missing when tokens or the redirect helpers are used without their options', async () => {
    const client = createAltinnClient({ environment: 'tt02', accessToken: token })

    await expect(client.tokens.vendor(['x:a'])).rejects.toThrow(/maskinporten/)
    expect(() => client.buildRedirectUrl(RECEIPT_URL, { systemId: STANDARD_SYSTEM, partyOrgNo: CUSTOMER })).toThrow(/redirectSecret/)
  })

  it('checks arguments before calling anything', async () => {
    const client = createAltinnClient({ environment: 'tt02', accessToken: token })

    await expect(client.requests.get('')).rejects.toBeInstanceOf(TypeError)
    await expect(client.requests.getByExternalRef({ systemId: STANDARD_SYSTEM, orgNo: '' })).rejects.toBeInstanceOf(TypeError)
    await expect(client.requests.waitForDecision({ id: '' })).rejects.toBeInstanceOf(TypeError)
    await expect(client.requests.get('x', { timeoutMs: 0 })).rejects.toBeInstanceOf(TypeError)
  })
})
