import { createMockFetch } from 'altinn-systemuser-mock'
import { createAltinnClient } from 'altinn-systemuser-sdk'
import { expect, it } from 'vitest'

it('runs the standard flow through the mock fetch, with no server and no interception', async () => {
  const altinn = createMockFetch()
  const client = createAltinnClient({ environment: altinn.urls, fetch: altinn.fetch, maskinporten: altinn.maskinportenClient('318882703') })
  const { request } = await client.requests.create({
    systemId: '318882703_smartcloud',
    partyOrgNo: '312091437',
    rights: [{ resource: [{ id: 'urn:altinn:resource', value: 'ske-krav-og-betalinger' }] }],
  })
  await altinn.approve(request.id)
  expect((await client.requests.waitForDecision(request)).status).toBe('Accepted')
  const { accessToken } = await client.tokens.systemUser({ orgNo: '312091437', scopes: ['skatteetaten:kravogbetalinger'] })
  const claims = await altinn.fetch(`${altinn.urls.platformUrl}/service/krav-og-betalinger/312091437`, { headers: { authorization: `Bearer ${accessToken}` } })
  expect(claims.status).toBe(200)
  expect((await claims.json()).orgNo).toBe('312091437')
  await expect(altinn.fetch('https://example.com/')).rejects.toThrow(TypeError)
})
