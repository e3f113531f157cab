/**
 * Maskinporten's endpoints over each transport: RFC 8414 metadata (at the issuer and where RFC 8414 puts it for an
 * issuer with a path), the JWKS that verifies its tokens, the grant with a seeded client through openid-client, and
 * clients registered through the control API.
 */
import { generateKeyPairSync } from 'node:crypto'
import { createLocalJWKSet, jwtVerify } from 'jose'
import { allowInsecureRequests, discovery, genericGrantRequest, None } from 'openid-client'
import { describe, expect, it } from 'vitest'
import { AuthorizationServerMetadataSchema, JWT_BEARER_GRANT_TYPE } from '../../sdk/contract/index.ts'
import { call } from '../support/api.ts'
import { anAssertion, KRAV_SCOPE, postGrant, seededClient } from '../support/grants.ts'
import { transports, useMock } from '../support/transports.ts'
import { SMARTCLOUD, STANDARD_CLIENT_ID } from '../../mock-server/seed/personas.ts'

describe.each(transports)('Maskinporten over %s', (transport) => {
  const t = useMock(transport)

  it('publishes RFC 8414 metadata at <issuer>.well-known/oauth-authorization-server', async () => {
    const issuer = t.urls.maskinportenIssuer
    expect(issuer).toMatch(/\/maskinporten\/$/)
    const res = await call(t.baseUrl, 'GET', `${issuer}.well-known/oauth-authorization-server`)
    expect(res.status).toBe(200)
    const metadata = AuthorizationServerMetadataSchema.parse(res.body)
    expect(metadata).toMatchObject({
      issuer,
      token_endpoint: `${issuer}token`,
      jwks_uri: `${issuer}jwk`,
      grant_types_supported: [JWT_BEARER_GRANT_TYPE],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
    })
    expect(metadata.token_endpoint_auth_signing_alg_values_supported).toEqual(expect.arrayContaining(['RS256', 'RS384', 'RS512', 'ES256']))
  })

  it('publishes the same metadata where RFC 8414 §3.1 puts it for an issuer with a path', async () => {
    const res = await call(t.baseUrl, 'GET', '/.well-known/oauth-authorization-server/maskinporten')
    expect(res.status).toBe(200)
    expect(res.body.issuer).toBe(t.urls.maskinportenIssuer)
  })

  it('issues tokens that its JWKS verifies', async () => {
    const grant = await postGrant(t.mock, await anAssertion(t.mock, seededClient(t.mock, STANDARD_CLIENT_ID)))
    expect(grant.status, grant.text).toBe(200)
    expect(grant.headers.get('cache-control')).toBe('no-store')
    const jwks = await call(t.baseUrl, 'GET', `${t.urls.maskinportenIssuer}jwk`)
    expect(jwks.status).toBe(200)
    expect(jwks.body.keys.every((k: Record<string, unknown>) => !('d' in k))).toBe(true)
    const { payload } = await jwtVerify(grant.body.access_token, createLocalJWKSet(jwks.body), { issuer: t.urls.maskinportenIssuer, currentDate: new Date(t.mock.clock.now()) })
    expect(payload).toMatchObject({ client_id: STANDARD_CLIENT_ID, scope: KRAV_SCOPE, consumer: { ID: `0192:${SMARTCLOUD}` } })
  })

  it('serves the grant to openid-client with a seeded client', async () => {
    const issuer = t.urls.maskinportenIssuer
    const config = await discovery(new URL(issuer), STANDARD_CLIENT_ID, undefined, None(), { algorithm: 'oauth2', execute: [allowInsecureRequests] })
    const token = await genericGrantRequest(config, JWT_BEARER_GRANT_TYPE, { assertion: await anAssertion(t.mock, seededClient(t.mock, STANDARD_CLIENT_ID)) })
    expect(token.token_type).toBe('bearer')
    expect(token.expires_in).toBe(599)
    expect(token.scope).toBe(KRAV_SCOPE)
  })

  describe('registering a client through the control API', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString()

    async function register(body: unknown) {
      return call(t.baseUrl, 'POST', '/__mock/maskinporten/clients', { body })
    }

    it('answers 201 with the client, which can then get tokens with its own key', async () => {
      const res = await register({ clientId: 'pem-client', orgNo: SMARTCLOUD, publicKeyPem: pem, kid: 'pem-1', scopes: [KRAV_SCOPE] })
      expect(res.status, res.text).toBe(201)
      expect(res.body).toMatchObject({ clientId: 'pem-client', orgNo: SMARTCLOUD, kid: 'pem-1', scopes: [KRAV_SCOPE], jwks: { keys: [{ kty: 'RSA', kid: 'pem-1' }] } })
      const assertion = await anAssertion(t.mock, { clientId: 'pem-client', kid: 'pem-1', alg: 'RS512', privateKey }, { scope: KRAV_SCOPE, lifetime: 30 })
      const grant = await postGrant(t.mock, assertion)
      expect(grant.status, grant.text).toBe(200)
    })

    it('answers 409 for a client id that exists', async () => {
      const res = await register({ clientId: STANDARD_CLIENT_ID, orgNo: SMARTCLOUD, publicKeyPem: pem })
      expect(res.status).toBe(409)
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/)
      expect(res.body).toMatchObject({ status: 409, title: 'Conflict' })
    })

    it('answers 400 problems for bad input and stores nothing', async () => {
      for (const body of [
        { clientId: 'x', orgNo: SMARTCLOUD },
        { clientId: 'x', orgNo: '123456789', publicKeyPem: pem },
        { clientId: 'x', orgNo: SMARTCLOUD, publicKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() },
        { clientId: 'x', orgNo: SMARTCLOUD, jwks: { keys: [{ kty: 'oct', k: 'c2VjcmV0', kid: 'k' }] } },
        { clientId: 'x', orgNo: SMARTCLOUD, jwks: 'not an object' },
        { clientId: 42, orgNo: SMARTCLOUD, publicKeyPem: pem },
      ]) {
        const res = await register(body)
        expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400)
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/)
        expect(res.text).not.toContain('PRIVATE KEY')
      }
      expect(t.mock.store.maskinportenClients.has('x')).toBe(false)
    })
  })
})
