import { createPrivateKey, sign as signWithNode } from 'node:crypto'
import { decodeJwt, exportJWK, generateKeyPair, importJWK } from 'jose'
import { describe, expect, it } from 'vitest'
import {
  MaskinportenError,
  MaskinportenSystemUserNotFoundError,
  createAltinnClient,
  isMaskinportenError,
  type AltinnClient,
  type MaskinportenKey,
} from '../../sdk/index.ts'
import { call } from '../support/api.ts'
import { transports, useMock, type MockHandle, type Transport } from '../support/transports.ts'
import { approve, environmentFor, mockOptionsFor, seededMaskinportenClients } from '../support/sdk-client.ts'
import { AGENT_SYSTEM, CLIENTS, CUSTOMER, FACILITATOR, NON_CLIENT, REGNSKAPSFORER, SMARTCLOUD, STANDARD_SYSTEM } from '../../mock-server/seed/personas.ts'
import { aRight } from '../support/builders.ts'

const KRAV = 'skatteetaten:kravogbetalinger'

/** Counts the grants that reach Maskinporten's token endpoint. */
function countingFetch() {
  const counter = { grants: 0, fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    if (/\/token$/.test(new URL(url).pathname)) counter.grants++
    return fetch(input, init)
  }) as typeof fetch }
  return counter
}

async function aMaskinportenClient(transport: Transport, t: MockHandle, options: { which?: number; key?: (jwk: Record<string, unknown>) => MaskinportenKey | Promise<MaskinportenKey>; fetch?: typeof fetch; exchangeToAltinnToken?: boolean } = {}) {
  const seeded = (await seededMaskinportenClients(t))[options.which ?? 0]!
  const key = options.key ? await options.key(seeded.privateJwk) : (seeded.privateJwk as MaskinportenKey)
  const client = createAltinnClient({
    environment: environmentFor(transport, t),
    maskinporten: { clientId: seeded.clientId, key, kid: seeded.kid },
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.exchangeToAltinnToken ? { exchangeToAltinnToken: true } : {}),
  })
  return { client, seeded }
}

async function readClaims(t: MockHandle, token: string, orgNo: string) {
  return call(t.baseUrl, 'GET', `/service/krav-og-betalinger/${orgNo}`, { token })
}

async function connectedCustomer(client: AltinnClient, t: MockHandle, externalRef?: string) {
  const { request } = await client.requests.create({ systemId: STANDARD_SYSTEM, partyOrgNo: CUSTOMER, rights: [aRight()], ...(externalRef ? { externalRef } : {}) })
  await approve(t, request.id)
  return request
}

describe.each(transports)('Maskinporten tokens through the SDK over %s', (transport) => {
  const t = useMock(transport, mockOptionsFor(transport))

  it('gets a vendor token with the JWT-bearer grant and the seeded key, and the API accepts it', async () => {
    const { client, seeded } = await aMaskinportenClient(transport, t)

    const token = await client.tokens.vendor(['altinn:authentication/systemuser.request.read'])
    const claims = decodeJwt(token.accessToken)

    expect(token.issuer).toBe('maskinporten')
    expect(token.expiresAt.getTime()).toBeGreaterThan(Date.now())
    expect(claims).toMatchObject({ iss: t.urls.maskinportenIssuer, client_id: seeded.clientId, scope: 'altinn:authentication/systemuser.request.read', consumer: { ID: `0192:${SMARTCLOUD}` } })
    const listed = await call(t.baseUrl, 'GET', `/authentication/api/v1/systemuser/request/vendor/bysystem/${STANDARD_SYSTEM}`, { token: token.accessToken })
    expect(listed.status).toBe(200)
  })

  it('serves a cached token until it nears expiry, and makes one grant for many concurrent callers', async () => {
    const counter = countingFetch()
    const { client } = await aMaskinportenClient(transport, t, { fetch: counter.fetch })

    const concurrent = await Promise.all(Array.from({ length: 8 }, () => client.tokens.vendor('altinn:authentication/systemuser.request.read')))
    const later = await client.tokens.vendor(['altinn:authentication/systemuser.request.read'])
    const otherScope = await client.tokens.vendor(['altinn:authentication/systemuser.request.write'])

    expect(counter.grants).toBe(2)
    expect(new Set(concurrent.map((c) => c.accessToken)).size).toBe(1)
    expect(later.accessToken).toBe(concurrent[0]!.accessToken)
    expect(otherScope.accessToken).not.toBe(later.accessToken)
  })

  it('makes the resource calls with its own grants, one scope per route', async () => {
    const counter = countingFetch()
    const { client } = await aMaskinportenClient(transport, t, { fetch: counter.fetch })

    const { request } = await client.requests.create({ systemId: STANDARD_SYSTEM, partyOrgNo: CUSTOMER, rights: [aRight()] })
    await client.requests.get(request.id)
    await client.requests.get(request.id)
    await client.systemUsers.list(STANDARD_SYSTEM).toArray()

    expect(counter.grants).toBe(3) // request.write, request.read (once), systemregister.write
  })

  it('refuses a system-user token with MP-303 before approval, naming what to check, and gives one after', async () => {
    const { client, seeded } = await aMaskinportenClient(transport, t)
    const { request } = await client.requests.create({ systemId: STANDARD_SYSTEM, partyOrgNo: CUSTOMER, rights: [aRight()] })

    const refused = await client.tokens.systemUser({ orgNo: CUSTOMER, scopes: [KRAV] }).catch((e: unknown) => e)
    await approve(t, request.id)
    const token = await client.tokens.systemUser({ orgNo: CUSTOMER, scopes: [KRAV] })
    const claims = await readClaims(t, token.accessToken, CUSTOMER)

    expect(refused).toBeInstanceOf(MaskinportenSystemUserNotFoundError)
    expect(isMaskinportenError(refused, 'MP-303')).toBe(true)
    const error = refused as MaskinportenError
    expect(error).toMatchObject({ error: 'invalid_altinn_customer_configuration', mpCode: 'MP-303', status: 400, orgNo: CUSTOMER, clientId: seeded.clientId })
    expect(error.checks.join(' ')).toMatch(/approved.*clientId.*externalRef.*facilitator/s)
    expect(decodeJwt(token.accessToken).authorization_details).toEqual([
      expect.objectContaining({ type: 'urn:altinn:systemuser', systemuser_id: [request.id], system_id: STANDARD_SYSTEM, systemuser_org: expect.objectContaining({ ID: `0192:${CUSTOMER}` }) }),
    ])
    expect(claims.status).toBe(200)
    expect(claims.body.orgNo).toBe(CUSTOMER)
    expect(claims.body.claims.length).toBeGreaterThan(0)
  })

  it('needs the same external reference in the grant as in the request', async () => {
    const { client } = await aMaskinportenClient(transport, t)
    await connectedCustomer(client, t, 'kunde-9')

    const without = await client.tokens.systemUser({ orgNo: CUSTOMER, scopes: [KRAV] }).catch((e: unknown) => e)
    const withRef = await client.tokens.systemUser({ orgNo: CUSTOMER, externalRef: 'kunde-9', scopes: [KRAV] })

    expect(isMaskinportenError(without, 'MP-303')).toBe(true)
    expect((without as MaskinportenError).message).toContain('none was sent')
    expect((await readClaims(t, withRef.accessToken, CUSTOMER)).status).toBe(200)
  })

  it("reads a client's claims with an agent system user's token, asked for with the facilitator's organisation", async () => {
    const { client } = await aMaskinportenClient(transport, t, { which: 1 })
    const { request } = await client.agentRequests.create({ systemId: AGENT_SYSTEM, partyOrgNo: FACILITATOR, accessPackages: [{ urn: REGNSKAPSFORER }] })
    await approve(t, request.id)
    const added = await call(t.baseUrl, 'POST', `/__mock/systemusers/${request.id}/clients`, { body: { orgNo: CLIENTS[0] } })
    expect(added.status).toBe(200)

    const token = await client.tokens.systemUser({ orgNo: FACILITATOR, scopes: [KRAV] })
    const asClient = await client.tokens.systemUser({ orgNo: CLIENTS[0], scopes: [KRAV] }).catch((e: unknown) => e)

    expect((await readClaims(t, token.accessToken, CLIENTS[0])).status).toBe(200)
    expect((await readClaims(t, token.accessToken, CLIENTS[1])).status).toBe(403)
    expect((await readClaims(t, token.accessToken, NON_CLIENT)).status).toBe(403)
    expect(isMaskinportenError(asClient, 'MP-303')).toBe(true)
  })

  it('exchanges a Maskinporten token for an Altinn token, which the API and the service accept', async () => {
    const { client } = await aMaskinportenClient(transport, t)
    await connectedCustomer(client, t)

    const altinn = await client.tokens.systemUser({ orgNo: CUSTOMER, scopes: [KRAV] }, { exchange: true })
    const claims = decodeJwt(altinn.accessToken)

    expect(altinn.issuer).toBe('altinn')
    expect(claims.iss).toBe(`${t.urls.platformUrl}/authentication/api/v1/openid/`)
    expect(claims['urn:altinn:orgNumber']).toBe(SMARTCLOUD)
    expect((await readClaims(t, altinn.accessToken, CUSTOMER)).status).toBe(200)
  })

  it('calls the API with exchanged Altinn tokens when exchangeToAltinnToken is set', async () => {
    const { client } = await aMaskinportenClient(transport, t, { exchangeToAltinnToken: true })

    const { request, created } = await client.requests.create({ systemId: STANDARD_SYSTEM, partyOrgNo: CUSTOMER, rights: [aRight()] })

    expect(created).toBe(true)
    expect((await client.requests.get(request.id)).id).toBe(request.id)
  })

  it.each([
    ['a PKCS#8 PEM', (jwk: Record<string, unknown>) => createPrivateKey({ key: jwk as never, format: 'jwk' }).export({ type: 'pkcs8', format: 'pem' }) as string],
    ['a PKCS#1 PEM', (jwk: Record<string, unknown>) => createPrivateKey({ key: jwk as never, format: 'jwk' }).export({ type: 'pkcs1', format: 'pem' }) as string],
    ['a CryptoKey', (jwk: Record<string, unknown>) => importJWK(jwk as never, 'RS256') as Promise<CryptoKey>],
    ['a Node KeyObject', (jwk: Record<string, unknown>) => createPrivateKey({ key: jwk as never, format: 'jwk' })],
    ['a signing function (a KMS stand-in)', (jwk: Record<string, unknown>) => {
      const kms = createPrivateKey({ key: jwk as never, format: 'jwk' })
      return (input: Uint8Array) => new Uint8Array(signWithNode('sha256', input, kms))
    }],
  ])('signs the assertion with %s', async (_, key) => {
    const { client } = await aMaskinportenClient(transport, t, { key })

    const token = await client.tokens.vendor(['altinn:authentication/systemuser.request.read'])

    expect(decodeJwt(token.accessToken).consumer).toMatchObject({ ID: `0192:${SMARTCLOUD}` })
  })

  it('turns a key Maskinporten does not know into a MaskinportenError that names the key to check', async () => {
    const stranger = await generateKeyPair('RS256', { extractable: true })
    const { client } = await aMaskinportenClient(transport, t, { key: async () => ({ ...(await exportJWK(stranger.privateKey)), kid: 'not-registered' }) })

    const error = await client.tokens.vendor(['altinn:authentication/systemuser.request.read']).catch((e: unknown) => e)

    expect(error).toBeInstanceOf(MaskinportenError)
    expect(error).not.toBeInstanceOf(MaskinportenSystemUserNotFoundError)
    expect((error as MaskinportenError).error).toMatch(/invalid_grant|invalid_client/)
    expect((error as MaskinportenError).checks.length).toBeGreaterThan(0)
  })

  it('turns a scope the client may not use into a MaskinportenError invalid_scope', async () => {
    const { client } = await aMaskinportenClient(transport, t)

    const error = await client.tokens.vendor(['altinn:portal/enduser']).catch((e: unknown) => e)

    expect(isMaskinportenError(error, 'invalid_scope')).toBe(true)
  })
})
