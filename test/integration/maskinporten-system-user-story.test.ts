/**
 * The story the "Done when" tells: a vendor with a key of its own, openid-client for the grant, a request
 * approved, the system user's token accepted by the service, and access that ends the moment the state says so.
 * Over msw the real TT02 host names are served (and intercepted), so openid-client talks to test.maskinporten.no.
 */
import { randomUUID } from 'node:crypto'
import { exportJWK, generateKeyPair, type CryptoKey } from 'jose'
import { allowInsecureRequests, discovery, genericGrantRequest, None, ResponseBodyError, type Configuration } from 'openid-client'
import { describe, expect, it } from 'vitest'
import { Environments, JWT_BEARER_GRANT_TYPE } from '../../sdk/contract/index.ts'
import { taxClaimsOf } from '../../mock-server/core/tax-claims.ts'
import { A, ALL_VENDOR_SCOPES, call } from '../support/api.ts'
import { KRAV_SCOPE } from '../support/grants.ts'
import { transports, useMock, type MockHandle } from '../support/transports.ts'
import { AGENT_SYSTEM, CLIENTS, CUSTOMER, FACILITATOR, NON_CLIENT, SMARTCLOUD, STANDARD_SYSTEM } from '../../mock-server/seed/personas.ts'
import { anAgentRequest, aStandardRequest } from '../support/builders.ts'
import { signClientAssertion, systemUserDetails } from '../support/client-assertion.ts'
import { claimsOf } from '../support/tokens.ts'


/** A vendor's own Maskinporten client: a fresh key pair, registered through the control API. */
interface OwnClient {
  clientId: string
  kid: string
  privateKey: CryptoKey
  config: Configuration
}

async function registerOwnClient(t: MockHandle, alg: 'RS256' | 'ES256'): Promise<OwnClient> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true })
  const clientId = `smartcloud-own-${randomUUID()}`
  const kid = `own-${alg.toLowerCase()}`
  const registered = await call(t.baseUrl, 'POST', '/__mock/maskinporten/clients', { body: { clientId, orgNo: SMARTCLOUD, jwks: { keys: [{ ...(await exportJWK(publicKey)), kid }] } } })
  expect(registered.status, registered.text).toBe(201)
  const issuer = t.urls.maskinportenIssuer
  const config = await discovery(new URL(issuer), clientId, undefined, None(), {
    algorithm: 'oauth2',
    ...(issuer.startsWith('http:') ? { execute: [allowInsecureRequests] } : {}),
  })
  return { clientId, kid, privateKey, config }
}

/** The JWT-bearer grant through openid-client, with the client's own assertion. */
async function grant(t: MockHandle, client: OwnClient, scope: string, authorizationDetails?: unknown[]) {
  const alg = client.privateKey.algorithm.name === 'ECDSA' ? 'ES256' : 'RS256'
  const assertion = await signClientAssertion({ ...client, alg }, t.urls.maskinportenIssuer, Math.floor(Date.now() / 1000), {
    scope,
    ...(authorizationDetails ? { authorization_details: authorizationDetails } : {}),
  })
  return genericGrantRequest(client.config, JWT_BEARER_GRANT_TYPE, { assertion })
}

/** The grant's refusal (openid-client's ResponseBodyError). */
async function grantRefusal(t: MockHandle, client: OwnClient, scope: string, authorizationDetails?: unknown[]): Promise<ResponseBodyError> {
  const outcome = await grant(t, client, scope, authorizationDetails).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(outcome).toBeInstanceOf(ResponseBodyError)
  return outcome as ResponseBodyError
}

/** Put the vendor's own client id on a system, as a vendor does through the system register. */
async function attachClient(t: MockHandle, vendorToken: string, systemId: string, clientId: string): Promise<void> {
  const current = await call(t.baseUrl, 'GET', `${A}/systemregister/vendor/${systemId}`, { token: vendorToken })
  expect(current.status, current.text).toBe(200)
  const { isDeleted: _, ...system } = current.body
  const updated = await call(t.baseUrl, 'PUT', `${A}/systemregister/vendor/${systemId}`, { token: vendorToken, body: { ...system, clientId: [...system.clientId, clientId] } })
  expect(updated.status, updated.text).toBe(200)
}

function claims(t: MockHandle, token: string, orgNo: string) {
  return call(t.baseUrl, 'GET', `/service/krav-og-betalinger/${orgNo}`, { token })
}

describe.each(transports)('a vendor with its own key gets system-user tokens the service accepts, over %s', (transport) => {
  const t = useMock(transport, { urls: Environments.tt02 })

  if (transport === 'msw') {
    it('serves the real TT02 host names', () => {
      expect(t.urls.maskinportenIssuer).toBe('https://test.maskinporten.no/')
      expect(t.baseUrl).toBe('https://platform.tt02.altinn.no')
    })
  }

  it('standard: MP-303 before approval; after approval the token names the system user and the service returns TILFELDIG SUBTIL APE\'s claims', async () => {
    const own = await registerOwnClient(t, 'RS256')
    const vendorToken = (await grant(t, own, ALL_VENDOR_SCOPES)).access_token
    expect(claimsOf(vendorToken)).toMatchObject({ iss: t.urls.maskinportenIssuer, client_id: own.clientId, consumer: { ID: `0192:${SMARTCLOUD}` } })
    await attachClient(t, vendorToken, STANDARD_SYSTEM, own.clientId)

    const created = await call(t.baseUrl, 'POST', `${A}/systemuser/request/vendor`, { token: vendorToken, body: aStandardRequest() })
    expect(created.status, created.text).toBe(201)

    const before = await grantRefusal(t, own, KRAV_SCOPE, systemUserDetails(CUSTOMER))
    expect(before.error).toBe('invalid_altinn_customer_configuration')
    expect(before.error_description).toMatch(/MP-303/)
    expect(before.status).toBe(400)

    const approved = await call(t.baseUrl, 'POST', `/__mock/requests/${created.body.id}/approve`, { body: {} })
    expect(approved.status, approved.text).toBe(200)

    const token = await grant(t, own, KRAV_SCOPE, systemUserDetails(CUSTOMER))
    expect(claimsOf(token.access_token).authorization_details).toEqual([
      { type: 'urn:altinn:systemuser', systemuser_org: { authority: 'iso6523-actorid-upis', ID: `0192:${CUSTOMER}` }, systemuser_id: [created.body.id], system_id: STANDARD_SYSTEM },
    ])

    const served = await claims(t, token.access_token, CUSTOMER)
    expect(served.status, served.text).toBe(200)
    expect(served.body).toEqual(taxClaimsOf(CUSTOMER))
    expect(served.body.orgNo).toBe(CUSTOMER)
    expect(served.body.total).toBe(served.body.claims.reduce((sum: number, c: { amount: number }) => sum + c.amount, 0))
  })

  it('agent: a client added by DRESS MINST can be read, UAVHENGIG STILLE REV AS cannot; removal and deletion end access at once', async () => {
    const own = await registerOwnClient(t, 'ES256')
    const vendorToken = (await grant(t, own, ALL_VENDOR_SCOPES)).access_token
    await attachClient(t, vendorToken, AGENT_SYSTEM, own.clientId)
    const created = await call(t.baseUrl, 'POST', `${A}/systemuser/request/vendor/agent`, { token: vendorToken, body: anAgentRequest() })
    expect(created.status, created.text).toBe(201)
    expect((await call(t.baseUrl, 'POST', `/__mock/requests/${created.body.id}/approve`, { body: {} })).status).toBe(200)
    const systemUserId = created.body.id as string

    const added = await call(t.baseUrl, 'POST', `/__mock/systemusers/${systemUserId}/clients`, { body: { orgNo: CLIENTS[0] } })
    expect(added.status, added.text).toBe(200)
    expect(added.body.clients).toEqual([CLIENTS[0]])

    const token = (await grant(t, own, KRAV_SCOPE, systemUserDetails(FACILITATOR))).access_token
    expect(claimsOf(token).authorization_details[0]).toMatchObject({ systemuser_id: [systemUserId], system_id: AGENT_SYSTEM })

    const client = await claims(t, token, CLIENTS[0])
    expect(client.status, client.text).toBe(200)
    expect(client.body).toEqual(taxClaimsOf(CLIENTS[0]))

    const stranger = await claims(t, token, NON_CLIENT)
    expect(stranger.status).toBe(403)
    expect(stranger.body).toMatchObject({ error: 'access_denied', decision: 'NotApplicable' })
    expect(stranger.body.reason).toContain(`${NON_CLIENT} is not a client`)

    const removed = await call(t.baseUrl, 'DELETE', `/__mock/systemusers/${systemUserId}/clients/${CLIENTS[0]}`)
    expect(removed.status, removed.text).toBe(200)
    const afterRemoval = await claims(t, token, CLIENTS[0])
    expect(afterRemoval.status).toBe(403)
    expect(afterRemoval.body.reason).toContain(`${CLIENTS[0]} is not a client`)

    const deleted = await call(t.baseUrl, 'DELETE', `/__mock/systemusers/${systemUserId}`)
    expect(deleted.status, deleted.text).toBe(204)
    const refused = await grantRefusal(t, own, KRAV_SCOPE, systemUserDetails(FACILITATOR))
    expect(refused.error).toBe('invalid_altinn_customer_configuration')
    expect(refused.error_description).toMatch(/MP-303/)
  })
})
