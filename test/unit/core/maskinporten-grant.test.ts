import { generateKeyPairSync, randomUUID } from 'node:crypto'
import { jwtVerify } from 'jose'
import { describe, expect, it } from 'vitest'
import { JWT_BEARER_GRANT_TYPE, MaskinportenErrors } from '../../../sdk/contract/index.ts'
import { OAuthError } from '../../../mock-server/core/errors.ts'
import { grantToken, maskinportenJwks, maskinportenMetadata, registerMaskinportenClient } from '../../../mock-server/core/maskinporten.ts'
import type { MockAltinn } from '../../../mock-server/core/mock-altinn.ts'
import * as requests from '../../../mock-server/core/requests.ts'
import * as users from '../../../mock-server/core/system-users.ts'
import { anAssertion, KRAV_SCOPE, publicPemOf, seededClient } from '../../support/grants.ts'
import type { AssertionOverrides } from '../../support/client-assertion.ts'
import { T0, aCaller, aMock } from '../../support/core.ts'
import { AGENT_CLIENT_ID, AGENT_SYSTEM, CLIENTS, CUSTOMER, DRESS_MINST, FACILITATOR, KONKURRENT_CLIENT_ID, SMARTCLOUD, STADIG_KONSERT, STANDARD_CLIENT_ID, STANDARD_SYSTEM } from '../../../mock-server/seed/personas.ts'
import { anAgentRequest, aStandardRequest } from '../../support/builders.ts'
import { systemUserDetails } from '../../support/client-assertion.ts'
import { claimsOf, tamper, unsignedJwt } from '../../support/tokens.ts'

const NOW = Math.floor(T0 / 1000)

function formFor(assertion: string, extra: Record<string, string> = {}): URLSearchParams {
  return new URLSearchParams({ grant_type: JWT_BEARER_GRANT_TYPE, assertion, ...extra })
}

async function grantAs(mock: MockAltinn, overrides: AssertionOverrides = {}, clientId = STANDARD_CLIENT_ID) {
  return grantToken(mock, formFor(await anAssertion(mock, seededClient(mock, clientId), overrides)))
}

/** The refusal a grant ends in; fails the test when a token is issued. */
async function refusal(promise: Promise<unknown>): Promise<OAuthError> {
  const outcome = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(outcome, 'the grant should be refused').toBeInstanceOf(OAuthError)
  return outcome as OAuthError
}

function approvedStandardUser(mock: MockAltinn, externalRef?: string) {
  const { request } = requests.createStandardRequest(mock, aCaller(), aStandardRequest(externalRef ? { externalRef } : {}))
  return requests.approveRequest(mock, request.id, { pid: STADIG_KONSERT })
}

function approvedAgentUser(mock: MockAltinn) {
  const { request } = requests.createAgentRequest(mock, aCaller(), anAgentRequest())
  return requests.approveRequest(mock, request.id, { pid: DRESS_MINST })
}

describe('the JWT-bearer grant', () => {
  it('issues a Maskinporten access token signed by the issuer with the claims of reference §7.1', async () => {
    const mock = aMock()
    const jti = randomUUID()
    const res = await grantAs(mock, { jti, scope: `${KRAV_SCOPE} altinn:authentication/systemuser.request.read` })

    expect(res).toMatchObject({ token_type: 'Bearer', expires_in: 599, scope: `${KRAV_SCOPE} altinn:authentication/systemuser.request.read` })
    const { payload, protectedHeader } = await jwtVerify(res.access_token, mock.keys.maskinporten.publicKey, { currentDate: new Date(T0) })
    expect(protectedHeader).toMatchObject({ alg: 'RS256', kid: maskinportenJwks(mock).keys[0]!.kid })
    expect(payload).toMatchObject({
      iss: 'http://mock.test/maskinporten/',
      client_id: STANDARD_CLIENT_ID,
      consumer: { authority: 'iso6523-actorid-upis', ID: `0192:${SMARTCLOUD}` },
      scope: `${KRAV_SCOPE} altinn:authentication/systemuser.request.read`,
      iat: NOW,
      exp: NOW + 599,
      token_type: 'Bearer',
      client_amr: 'private_key_jwt',
    })
    expect(payload.jti).toEqual(expect.any(String))
    expect(payload.jti).not.toBe(jti)
    expect(payload).not.toHaveProperty('authorization_details')
  })

  it('refuses the token endpoint URL as aud with MP-110, saying to use the issuer identifier, as Digdir documents it', async () => {
    const mock = aMock()
    const e = await refusal(grantAs(mock, { aud: `${mock.config.maskinportenIssuer}token` }))
    expect(e).toMatchObject({ status: 400, error: 'invalid_grant' })
    expect(e.description).toBe(
      'Invalid assertion. Client authentication failed. Invalid JWT claim aud "http://mock.test/maskinporten/token": the token endpoint URL is no longer valid as audience; ' +
        "set aud to Maskinporten's issuer identifier, http://mock.test/maskinporten/ (as test.maskinporten.no wants https://test.maskinporten.no/). (MP-110)",
    )
    expect(mock.runtime.usedAssertions.size).toBe(0)
  })

  it.each(['RS384', 'RS512'])('accepts an assertion signed with %s', async (alg) => {
    const mock = aMock()
    const res = await grantToken(mock, formFor(await anAssertion(mock, { ...seededClient(mock, STANDARD_CLIENT_ID), alg })))
    expect(res.token_type).toBe('Bearer')
  })

  it('names the metadata of RFC 8414 with the issuer and its trailing slash', () => {
    const mock = aMock()
    expect(maskinportenMetadata(mock)).toEqual({
      issuer: 'http://mock.test/maskinporten/',
      token_endpoint: 'http://mock.test/maskinporten/token',
      jwks_uri: 'http://mock.test/maskinporten/jwk',
      grant_types_supported: [JWT_BEARER_GRANT_TYPE],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
      token_endpoint_auth_signing_alg_values_supported: ['RS256', 'RS384', 'RS512', 'ES256'],
      authorization_details_types_supported: ['urn:altinn:systemuser'],
    })
  })
})

describe('a grant the way Maskinporten refuses it', () => {
  it('refuses an assertion signed with a key other than the registered one (MP-100)', async () => {
    const mock = aMock()
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const e = await refusal(grantAs(mock, { key: privateKey }))
    expect(e).toMatchObject({ status: 400, error: 'invalid_grant' })
    expect(e.description).toMatch(/Invalid signature.*\(MP-100\)$/)
  })

  it('refuses an unknown client with 401 invalid_client', async () => {
    const mock = aMock()
    const e = await refusal(grantAs(mock, { iss: 'no-such-client' }))
    expect(e).toMatchObject({ status: 401, error: 'invalid_client' })
    expect(e.description).toContain('Unknown client "no-such-client"')
  })

  it('refuses a kid the client has not registered', async () => {
    const mock = aMock()
    const e = await refusal(grantAs(mock, { kid: 'someone-elses-key' }))
    expect(e).toMatchObject({ status: 400, error: 'invalid_grant' })
    expect(e.description).toMatch(/No key with kid "someone-elses-key"/)
  })

  it('refuses an assertion whose header has no kid', async () => {
    const mock = aMock()
    const e = await refusal(grantAs(mock, { kid: null }))
    expect(e.description).toMatch(/neither kid nor x5c/)
  })

  it('refuses an expired assertion', async () => {
    const mock = aMock()
    const e = await refusal(grantAs(mock, { iat: NOW - 100, exp: NOW - 1 }))
    expect(e).toMatchObject({ status: 400, error: 'invalid_grant' })
    expect(e.description).toMatch(/expired/)
  })

  it('refuses an assertion that expires exactly now', async () => {
    const mock = aMock()
    const e = await refusal(grantAs(mock, { iat: NOW - 60, exp: NOW }))
    expect(e.description).toMatch(/expired/)
  })

  it('accepts a lifetime of exactly 120 seconds and refuses 121', async () => {
    const mock = aMock()
    await expect(grantAs(mock, { iat: NOW, exp: NOW + 120 })).resolves.toMatchObject({ token_type: 'Bearer' })
    const e = await refusal(grantAs(mock, { iat: NOW, exp: NOW + 121 }))
    expect(e.description).toMatch(/at most 120 seconds/)
  })

  it('accepts iat up to 10 seconds ahead of the clock and refuses more', async () => {
    const mock = aMock()
    await expect(grantAs(mock, { iat: NOW + 10, exp: NOW + 60 })).resolves.toMatchObject({ token_type: 'Bearer' })
    const e = await refusal(grantAs(mock, { iat: NOW + 11, exp: NOW + 60 }))
    expect(e.description).toMatch(/iat is in the future/)
  })

  it('refuses an assertion without iat or without exp', async () => {
    const mock = aMock()
    expect((await refusal(grantAs(mock, { iat: null, exp: NOW + 60 }))).description).toMatch(/iat/)
    expect((await refusal(grantAs(mock, { exp: null }))).description).toMatch(/exp/)
  })

  it('refuses a wrong aud with MP-110, and an aud with two values', async () => {
    const mock = aMock()
    const e = await refusal(grantAs(mock, { aud: 'https://maskinporten.no/' }))
    expect(e).toMatchObject({ status: 400, error: 'invalid_grant' })
    expect(e.description).toMatch(/Invalid JWT claim aud.*\(MP-110\)$/)
    const two = await refusal(grantAs(mock, { aud: [mock.config.maskinportenIssuer, 'https://elsewhere.example/'] }))
    expect(two.description).toMatch(/MP-110/)
  })

  it('refuses the same assertion twice, and a new assertion that reuses a jti', async () => {
    const mock = aMock()
    const client = seededClient(mock, STANDARD_CLIENT_ID)
    const assertion = await anAssertion(mock, client, { jti: 'once' })
    await grantToken(mock, formFor(assertion))
    const again = await refusal(grantToken(mock, formFor(assertion)))
    expect(again).toMatchObject({ status: 400, error: 'invalid_grant' })
    expect(again.description).toMatch(/used before/)
    const reused = await refusal(grantToken(mock, formFor(await anAssertion(mock, client, { jti: 'once', scope: 'altinn:authentication/systemuser.request.read' }))))
    expect(reused.description).toMatch(/used before/)
  })

  it('refuses a replay of an assertion without jti', async () => {
    const mock = aMock()
    const assertion = await anAssertion(mock, seededClient(mock, STANDARD_CLIENT_ID), { jti: null })
    await grantToken(mock, formFor(assertion))
    expect((await refusal(grantToken(mock, formFor(assertion)))).description).toMatch(/used before/)
  })

  it('keeps jti per client: another client may use the same jti', async () => {
    const mock = aMock()
    await grantAs(mock, { jti: 'shared' })
    await expect(grantAs(mock, { jti: 'shared' }, KONKURRENT_CLIENT_ID)).resolves.toMatchObject({ token_type: 'Bearer' })
  })

  it('drops remembered assertions once they have expired, so the replay store stays small', async () => {
    const mock = aMock()
    for (let i = 0; i < 3; i++) await grantAs(mock)
    expect(mock.runtime.usedAssertions.size).toBe(3)
    mock.clock.advance(61_000)
    await grantAs(mock)
    expect(mock.runtime.usedAssertions.size).toBe(1)
  })

  it('forgets a jti once its assertion has expired', async () => {
    const mock = aMock()
    await grantAs(mock, { jti: 'short-lived', exp: NOW + 30 })
    mock.clock.advance(31_000)
    await expect(grantAs(mock, { jti: 'short-lived' })).resolves.toMatchObject({ token_type: 'Bearer' })
  })

  it('refuses alg none', async () => {
    const mock = aMock()
    const claims = claimsOf(await anAssertion(mock, seededClient(mock, STANDARD_CLIENT_ID)))
    const e = await refusal(grantToken(mock, formFor(unsignedJwt({ kid: 'smartcloud-2026' }, claims))))
    expect(e).toMatchObject({ status: 400, error: 'invalid_grant' })
    expect(e.description).toMatch(/Unsupported alg "none".*\(MP-100\)$/)
  })

  it('refuses an assertion signed with HMAC using the public key as the secret', async () => {
    const mock = aMock()
    const client = seededClient(mock, STANDARD_CLIENT_ID)
    const e = await refusal(grantAs(mock, { alg: 'HS256', key: new TextEncoder().encode(publicPemOf(client)) }))
    expect(e).toMatchObject({ status: 400, error: 'invalid_grant' })
    expect(e.description).toMatch(/Unsupported alg "HS256"/)
  })

  it('refuses a tampered payload', async () => {
    const mock = aMock()
    const assertion = await anAssertion(mock, seededClient(mock, STANDARD_CLIENT_ID))
    const e = await refusal(grantToken(mock, formFor(tamper(assertion, { scope: 'skatteetaten:kravogbetalinger altinn:authentication/systemregister.admin' }))))
    expect(e.description).toMatch(/Invalid signature/)
  })

  it('refuses ES256 from a client whose key is RSA', async () => {
    const mock = aMock()
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
    const e = await refusal(grantAs(mock, { alg: 'ES256', key: privateKey }))
    expect(e.description).toMatch(/RSA key and cannot verify ES256/)
  })

  it('refuses a missing scope with invalid_scope', async () => {
    const mock = aMock()
    const e = await refusal(grantAs(mock, { scope: null }))
    expect(e).toMatchObject({ status: 400, error: 'invalid_scope' })
    expect((await refusal(grantAs(mock, { scope: '   ' }))).error).toBe('invalid_scope')
  })

  it('refuses a scope the client is not allowed, naming it', async () => {
    const mock = aMock()
    const e = await refusal(grantAs(mock, { scope: `${KRAV_SCOPE} altinn:serviceowner` }))
    expect(e).toMatchObject({ status: 400, error: 'invalid_scope' })
    expect(e.description).toContain('"altinn:serviceowner"')
    expect(e.description).not.toContain(KRAV_SCOPE)
  })

  it('refuses a wrong grant_type, a missing assertion and a repeated parameter', async () => {
    const mock = aMock()
    const assertion = await anAssertion(mock, seededClient(mock, STANDARD_CLIENT_ID))
    expect(await refusal(grantToken(mock, new URLSearchParams({ grant_type: 'client_credentials', assertion })))).toMatchObject({ error: 'unsupported_grant_type', status: 400 })
    expect(await refusal(grantToken(mock, new URLSearchParams({ grant_type: JWT_BEARER_GRANT_TYPE })))).toMatchObject({ error: 'invalid_request' })
    expect(await refusal(grantToken(mock, new URLSearchParams({ assertion })))).toMatchObject({ error: 'invalid_request' })
    const twice = new URLSearchParams([['grant_type', JWT_BEARER_GRANT_TYPE], ['assertion', assertion], ['assertion', assertion]])
    expect(await refusal(grantToken(mock, twice))).toMatchObject({ error: 'invalid_request' })
  })

  it('refuses garbage that is not a JWT without throwing anything else', async () => {
    const mock = aMock()
    for (const junk of ['x', 'a.b.c', '..', '.'.repeat(5), 'eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln', `${Buffer.from('[]').toString('base64url')}.e30.`]) {
      const e = await refusal(grantToken(mock, formFor(junk)))
      expect(e.status).toBe(400)
    }
  })

  it('never puts the assertion in an error description', async () => {
    const mock = aMock()
    const assertion = await anAssertion(mock, seededClient(mock, STANDARD_CLIENT_ID), { aud: 'https://wrong.example/' })
    const e = await refusal(grantToken(mock, formFor(assertion)))
    expect(e.description).not.toContain(assertion.split('.')[2]!)
    expect(e.description).not.toContain(assertion.split('.')[1]!)
  })
})

describe('a system-user grant (authorization_details)', () => {
  it('answers MP-303 before the request is approved, saying why', async () => {
    const mock = aMock()
    requests.createStandardRequest(mock, aCaller(), aStandardRequest())
    const e = await refusal(grantAs(mock, { authorization_details: systemUserDetails(CUSTOMER) }))
    expect(e).toMatchObject({ status: 400, error: MaskinportenErrors.invalidAltinnCustomerConfiguration })
    expect(e.description).toMatch(/^No system user found: no active system user of 318882703_smartcloud for 312091437 .*\(MP-303\)$/)
  })

  it('names the system user in the token after approval', async () => {
    const mock = aMock()
    const user = approvedStandardUser(mock)
    const res = await grantAs(mock, { authorization_details: systemUserDetails(CUSTOMER) })
    expect(claimsOf(res.access_token)).toMatchObject({
      consumer: { ID: `0192:${SMARTCLOUD}` },
      authorization_details: [
        { type: 'urn:altinn:systemuser', systemuser_org: { authority: 'iso6523-actorid-upis', ID: `0192:${CUSTOMER}` }, systemuser_id: [user.id], system_id: STANDARD_SYSTEM },
      ],
    })
  })

  it('needs the externalRef the request was created with', async () => {
    const mock = aMock()
    const user = approvedStandardUser(mock, 'avdeling-7')
    const without = await refusal(grantAs(mock, { authorization_details: systemUserDetails(CUSTOMER) }))
    expect(without.description).toMatch(/externalRef "312091437".*MP-303/)
    const res = await grantAs(mock, { authorization_details: systemUserDetails(CUSTOMER, 'avdeling-7') })
    expect(claimsOf(res.access_token).authorization_details[0]).toMatchObject({ systemuser_id: [user.id], externalRef: 'avdeling-7' })
  })

  it('answers MP-303 when the client is not on the system of the system user', async () => {
    const mock = aMock()
    approvedStandardUser(mock)
    const e = await refusal(grantAs(mock, { authorization_details: systemUserDetails(CUSTOMER) }, KONKURRENT_CLIENT_ID))
    expect(e.description).toMatch(/client id b7e2d1aa-0f3c-4a9b-8e2d-315889545001 is not on any registered system.*MP-303/)
  })

  it('for an agent system user asks for the facilitator, never a client', async () => {
    const mock = aMock()
    const user = approvedAgentUser(mock)
    users.addClient(mock, user.id, CLIENTS[0], DRESS_MINST)
    const asClient = await refusal(grantAs(mock, { authorization_details: systemUserDetails(CLIENTS[0]) }, AGENT_CLIENT_ID))
    expect(asClient.description).toMatch(/is a client of an agent system user; ask with the facilitator's organisation.*MP-303/)
    const res = await grantAs(mock, { authorization_details: systemUserDetails(FACILITATOR) }, AGENT_CLIENT_ID)
    expect(claimsOf(res.access_token).authorization_details[0]).toMatchObject({ systemuser_id: [user.id], system_id: AGENT_SYSTEM, systemuser_org: { ID: `0192:${FACILITATOR}` } })
  })

  it('gives no new token once the system user is deleted', async () => {
    const mock = aMock()
    const user = approvedStandardUser(mock)
    await grantAs(mock, { authorization_details: systemUserDetails(CUSTOMER) })
    users.deleteSystemUser(mock, user.id, STADIG_KONSERT)
    const e = await refusal(grantAs(mock, { authorization_details: systemUserDetails(CUSTOMER) }))
    expect(e.error).toBe('invalid_altinn_customer_configuration')
    expect(e.description).toMatch(/MP-303/)
  })

  it.each([
    ['not an array', { type: 'urn:altinn:systemuser', systemuser_org: { ID: `0192:${CUSTOMER}` } }],
    ['two organisations', [...systemUserDetails(CUSTOMER), ...systemUserDetails(FACILITATOR)]],
    ['an unknown type', [{ type: 'urn:example:other', systemuser_org: { ID: `0192:${CUSTOMER}` } }]],
    ['an ID without 0192:', [{ type: 'urn:altinn:systemuser', systemuser_org: { ID: CUSTOMER } }]],
    ['no systemuser_org', [{ type: 'urn:altinn:systemuser' }]],
    ['a wrong authority', [{ type: 'urn:altinn:systemuser', systemuser_org: { authority: 'x', ID: `0192:${CUSTOMER}` } }]],
  ])('refuses authorization_details with %s as invalid_request', async (_, details) => {
    const mock = aMock()
    approvedStandardUser(mock)
    const e = await refusal(grantAs(mock, { authorization_details: details }))
    expect(e).toMatchObject({ status: 400, error: 'invalid_request' })
  })
})

describe('signing with a key of its own', () => {
  it('accepts ES256 from a client registered with an EC P-256 key', async () => {
    const mock = aMock()
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
    await registerMaskinportenClient(mock, { clientId: 'ec-client', orgNo: SMARTCLOUD, jwks: { keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'ec-1' }] } })
    const assertion = await anAssertion(mock, { clientId: 'ec-client', kid: 'ec-1', alg: 'ES256', privateKey }, { scope: KRAV_SCOPE })
    const res = await grantToken(mock, formFor(assertion))
    expect(claimsOf(res.access_token)).toMatchObject({ client_id: 'ec-client', consumer: { ID: `0192:${SMARTCLOUD}` }, scope: KRAV_SCOPE })
  })
})
