/**
 * Altinn's token exchange (reference §7.2) and the bearer tokens the platform accepts: a Maskinporten token and the
 * Altinn token it is exchanged for both work on the vendor API and the service; forged ones work nowhere.
 */
import { createLocalJWKSet, jwtVerify } from 'jose'
import { describe, expect, it } from 'vitest'
import type { MockContext } from '../../mock-server/core/context.ts'
import { sign } from '../../mock-server/core/tokens.ts'
import { A, ALL_VENDOR_SCOPES, call } from '../support/api.ts'
import { anAssertion, KRAV_SCOPE, postGrant, seededClient } from '../support/grants.ts'
import { transports, useMock, type MockHandle } from '../support/transports.ts'
import { CUSTOMER, KONKURRENT, SMARTCLOUD, STANDARD_CLIENT_ID, STANDARD_SYSTEM } from '../../mock-server/seed/personas.ts'
import { aStandardRequest } from '../support/builders.ts'
import { systemUserDetails } from '../support/client-assertion.ts'
import { claimsOf, signedWithForeignKey, signedWithHmac, tamper, unsignedJwt, vendorClaims } from '../support/tokens.ts'

const EXCHANGE = `${A}/exchange/maskinporten`

async function maskinportenToken(mock: MockContext, scope = ALL_VENDOR_SCOPES, authorization_details?: unknown[]): Promise<string> {
  const res = await postGrant(mock, await anAssertion(mock, seededClient(mock, STANDARD_CLIENT_ID), { scope, ...(authorization_details ? { authorization_details } : {}) }))
  expect(res.status, res.text).toBe(200)
  return res.body.access_token
}

async function exchange(t: MockHandle, token: string | undefined, path = EXCHANGE, headers: Record<string, string> = {}) {
  return call(t.baseUrl, 'GET', path, { ...(token ? { token } : {}), headers })
}

/** Claims like a Maskinporten token's, valid for ten minutes from the mock's now. */
function tokenClaims(mock: MockContext, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...vendorClaims(mock, { exp: Math.floor(mock.clock.now() / 1000) + 600, jti: 'forged' }), ...overrides }
}

/** Bearer tokens no endpoint may accept. */
const forgeries: { name: string; forge(mock: MockContext): Promise<string> }[] = [
  {
    name: 'signed with a foreign key',
    forge: (mock) => signedWithForeignKey(tokenClaims(mock), mock.keys.maskinporten.kid),
  },
  { name: 'from an unknown issuer', forge: (mock) => sign(mock.keys.maskinporten, tokenClaims(mock, { iss: 'https://maskinporten.evil.example/' })) },
  { name: "naming Maskinporten but signed with Altinn's key", forge: (mock) => sign(mock.keys.altinn, tokenClaims(mock)) },
  { name: 'expired', forge: (mock) => sign(mock.keys.maskinporten, tokenClaims(mock, { exp: Math.floor(mock.clock.now() / 1000) - 1 })) },
  { name: 'without exp', forge: (mock) => sign(mock.keys.maskinporten, tokenClaims(mock, { exp: undefined })) },
  { name: 'unsigned (alg none)', forge: async (mock) => unsignedJwt({ kid: mock.keys.maskinporten.kid }, tokenClaims(mock)) },
  {
    name: 'signed with HMAC using the public key',
    forge: (mock) => signedWithHmac(tokenClaims(mock), mock.keys.maskinporten.publicKey.export({ type: 'spki', format: 'pem' }).toString(), mock.keys.maskinporten.kid),
  },
  { name: 'with a tampered payload', forge: async (mock) => tamper(await maskinportenToken(mock), { consumer: { authority: 'iso6523-actorid-upis', ID: `0192:${KONKURRENT}` } }) },
]

describe.each(transports)('the token exchange and the tokens the platform accepts, over %s', (transport) => {
  const t = useMock(transport)

  it('exchanges a Maskinporten token for an Altinn token as reference §7.2 describes', async () => {
    const original = await maskinportenToken(t.mock, KRAV_SCOPE)
    const res = await exchange(t, original)
    expect(res.status, res.text).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/)

    const jwks = await call(t.baseUrl, 'GET', `${A}/openid/.well-known/openid-configuration/jwks`)
    const { payload, protectedHeader } = await jwtVerify(res.text, createLocalJWKSet(jwks.body), { issuer: `${t.baseUrl}/authentication/api/v1/openid/`, currentDate: new Date(t.mock.clock.now()) })
    const before = claimsOf(original)
    expect(protectedHeader.alg).toBe('RS256')
    expect(payload).toMatchObject({
      scope: KRAV_SCOPE,
      client_id: STANDARD_CLIENT_ID,
      consumer: before.consumer,
      jti: before.jti,
      token_type: 'Bearer',
      'urn:altinn:orgNumber': SMARTCLOUD,
      'urn:altinn:authenticatemethod': 'maskinporten',
      'urn:altinn:authlevel': 3,
    })
    expect(payload).not.toHaveProperty('aud')
    expect(payload).not.toHaveProperty('client_amr')
    expect(payload.sid).toMatch(/^[0-9a-f-]{36}$/)
    expect(payload.exp! - payload.iat!).toBe(30 * 60)
    expect(payload.nbf).toBe(payload.iat)
  })

  it('copies authorization_details, so an exchanged system-user token still names the system user', async () => {
    const vendor = await maskinportenToken(t.mock)
    const created = await call(t.baseUrl, 'POST', `${A}/systemuser/request/vendor`, { token: vendor, body: aStandardRequest() })
    await call(t.baseUrl, 'POST', `/__mock/requests/${created.body.id}/approve`, { body: {} })
    const systemUserToken = await maskinportenToken(t.mock, KRAV_SCOPE, systemUserDetails(CUSTOMER))
    const altinn = (await exchange(t, systemUserToken)).text
    expect(claimsOf(altinn).authorization_details).toEqual(claimsOf(systemUserToken).authorization_details)
    const served = await call(t.baseUrl, 'GET', `/service/krav-og-betalinger/${CUSTOMER}`, { token: altinn })
    expect(served.status, served.text).toBe(200)
    expect(served.body.orgNo).toBe(CUSTOMER)
  })

  it('lets the vendor API accept the Maskinporten token and the exchanged Altinn token alike', async () => {
    const original = await maskinportenToken(t.mock)
    const altinn = (await exchange(t, original)).text
    for (const token of [original, altinn]) {
      const res = await call(t.baseUrl, 'GET', `${A}/systemregister/vendor`, { token })
      expect(res.status, res.text).toBe(200)
      expect(res.body.map((s: { systemId: string }) => s.systemId)).toContain(STANDARD_SYSTEM)
    }
  })

  it('answers the provider case-insensitively, 400 text for an unknown provider, 401 without a token', async () => {
    const original = await maskinportenToken(t.mock)
    expect((await exchange(t, original, `${A}/exchange/MaskinPorten`)).status).toBe(200)
    const unknown = await exchange(t, original, `${A}/exchange/facebook`)
    expect(unknown.status).toBe(400)
    expect(unknown.text).toBe("Invalid token provider: facebook. Trusted token providers are 'Maskinporten', 'Id-porten' and 'AltinnStudio'.")
    const missing = await exchange(t, undefined)
    expect(missing.status).toBe(401)
    expect(missing.text).toBe('')
  })

  it('refuses to exchange an Altinn token again, and answers 410 to the removed enterprise-user login', async () => {
    const altinn = (await exchange(t, await maskinportenToken(t.mock))).text
    expect((await exchange(t, altinn)).status).toBe(401)
    const gone = await exchange(t, await maskinportenToken(t.mock), EXCHANGE, { 'X-Altinn-EnterpriseUser-Authentication': 'x' })
    expect(gone.status).toBe(410)
  })

  it('publishes the OpenID metadata of the Altinn issuer', async () => {
    const res = await call(t.baseUrl, 'GET', `${A}/openid/.well-known/openid-configuration`)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      issuer: `${t.baseUrl}/authentication/api/v1/openid/`,
      jwks_uri: `${t.baseUrl}/authentication/api/v1/openid/.well-known/openid-configuration/jwks`,
      id_token_signing_alg_values_supported: ['RS256'],
    })
  })

  it.each(forgeries)('refuses a token $name on the vendor API, the service and the exchange', async ({ forge }) => {
    const token = await forge(t.mock)
    const vendor = await call(t.baseUrl, 'GET', `${A}/systemregister/vendor`, { token })
    expect(vendor.status, vendor.text).toBe(401)
    expect(vendor.headers.get('www-authenticate')).toMatch(/^Bearer/)
    const service = await call(t.baseUrl, 'GET', `/service/krav-og-betalinger/${CUSTOMER}`, { token })
    expect(service.status, service.text).toBe(401)
    expect((await exchange(t, token)).status).toBe(401)
  })
})
