/**
 * Every forged or broken grant the issue lists, sent to the token endpoint over each transport: each is refused the
 * way Maskinporten refuses it, and no token comes back.
 */
import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { MockContext } from '../../mock-server/core/context.ts'
import { call } from '../support/api.ts'
import { anAssertion, KRAV_SCOPE, postGrant, publicPemOf, seededClient } from '../support/grants.ts'
import { transports, useMock } from '../support/transports.ts'
import { STANDARD_CLIENT_ID } from '../../mock-server/seed/personas.ts'
import { claimsOf, tamper, unsignedJwt } from '../support/tokens.ts'

interface Attack {
  name: string
  forge(mock: MockContext): Promise<string>
  status: number
  error: string
  description: RegExp
}

const nowOf = (mock: MockContext) => Math.floor(mock.clock.now() / 1000)
const client = (mock: MockContext) => seededClient(mock, STANDARD_CLIENT_ID)

const attacks: Attack[] = [
  {
    name: 'signed with the wrong key',
    forge: (mock) => anAssertion(mock, client(mock), { key: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey }),
    status: 400,
    error: 'invalid_grant',
    description: /Invalid signature.*\(MP-100\)/,
  },
  {
    name: 'from an unknown client',
    forge: (mock) => anAssertion(mock, client(mock), { iss: 'not-a-registered-client' }),
    status: 401,
    error: 'invalid_client',
    description: /Unknown client.*\(MP-100\)/,
  },
  {
    name: 'expired',
    forge: (mock) => anAssertion(mock, client(mock), { iat: nowOf(mock) - 150, exp: nowOf(mock) - 30 }),
    status: 400,
    error: 'invalid_grant',
    description: /expired/,
  },
  {
    name: 'living longer than 120 seconds',
    forge: (mock) => anAssertion(mock, client(mock), { iat: nowOf(mock), exp: nowOf(mock) + 300 }),
    status: 400,
    error: 'invalid_grant',
    description: /at most 120 seconds/,
  },
  {
    name: 'issued in the future',
    forge: (mock) => anAssertion(mock, client(mock), { iat: nowOf(mock) + 60, exp: nowOf(mock) + 90 }),
    status: 400,
    error: 'invalid_grant',
    description: /iat is in the future/,
  },
  {
    name: 'for another audience',
    forge: (mock) => anAssertion(mock, client(mock), { aud: 'https://maskinporten.no/' }),
    status: 400,
    error: 'invalid_grant',
    description: /aud.*\(MP-110\)/,
  },
  {
    // Digdir: "Using the token-endpoint url as audience is no longer valid."
    name: 'for the token endpoint URL as audience',
    forge: (mock) => anAssertion(mock, client(mock), { aud: `${mock.config.maskinportenIssuer}token` }),
    status: 400,
    error: 'invalid_grant',
    description: /^Invalid assertion\. Client authentication failed\. Invalid JWT claim aud ".*\/maskinporten\/token": the token endpoint URL is no longer valid as audience; set aud to Maskinporten's issuer identifier, .*\/maskinporten\/ .*\(MP-110\)$/,
  },
  {
    name: 'unsigned (alg none)',
    forge: async (mock) => unsignedJwt({ kid: client(mock).kid }, claimsOf(await anAssertion(mock, client(mock)))),
    status: 400,
    error: 'invalid_grant',
    description: /Unsupported alg "none"/,
  },
  {
    name: 'signed with HMAC using the public key as the secret',
    forge: (mock) => anAssertion(mock, client(mock), { alg: 'HS256', key: new TextEncoder().encode(publicPemOf(client(mock))) }),
    status: 400,
    error: 'invalid_grant',
    description: /Unsupported alg "HS256"/,
  },
  {
    name: 'with a tampered payload',
    forge: async (mock) => tamper(await anAssertion(mock, client(mock)), { scope: `${KRAV_SCOPE} altinn:authentication/systemregister.admin` }),
    status: 400,
    error: 'invalid_grant',
    description: /Invalid signature/,
  },
  {
    name: 'without a scope',
    forge: (mock) => anAssertion(mock, client(mock), { scope: null }),
    status: 400,
    error: 'invalid_scope',
    description: /Missing scope/,
  },
  {
    name: 'asking for a scope the client is not allowed',
    forge: (mock) => anAssertion(mock, client(mock), { scope: 'altinn:authentication/systemregister.admin' }),
    status: 400,
    error: 'invalid_scope',
    description: /not allowed "altinn:authentication\/systemregister.admin"/,
  },
]

describe.each(transports)('Maskinporten refuses forged grants over %s', (transport) => {
  const t = useMock(transport)

  it.each(attacks)('refuses an assertion $name', async ({ forge, status, error, description }) => {
    const res = await postGrant(t.mock, await forge(t.mock))
    expect(res.status, res.text).toBe(status)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(Object.keys(res.body).sort()).toEqual(['error', 'error_description'])
    expect(res.body.error).toBe(error)
    expect(res.body.error_description).toMatch(description)
  })

  it('refuses a replayed assertion: the first use gets a token, the second invalid_grant', async () => {
    const assertion = await anAssertion(t.mock, client(t.mock))
    const first = await postGrant(t.mock, assertion)
    expect(first.status, first.text).toBe(200)
    expect(first.body).toMatchObject({ token_type: 'Bearer', expires_in: 599, scope: KRAV_SCOPE })
    const second = await postGrant(t.mock, assertion)
    expect(second.status).toBe(400)
    expect(second.body).toMatchObject({ error: 'invalid_grant', error_description: expect.stringMatching(/used before/) })
  })

  it('answers a body that is not a form with 415, and a wrong grant type with unsupported_grant_type', async () => {
    const asJson = await call(t.baseUrl, 'POST', `${t.urls.maskinportenIssuer}token`, { body: { grant_type: 'x', assertion: 'y' } })
    expect(asJson.status).toBe(415)
    const wrongType = await postGrant(t.mock, 'x', { grant_type: 'client_credentials' })
    expect(wrongType.status).toBe(400)
    expect(wrongType.body.error).toBe('unsupported_grant_type')
  })

  it('never answers 500 to hostile grants', async () => {
    const hostile = ['', 'a'.repeat(200_000), '\u0000.\u0000.\u0000', '{"alg":"RS256"}.{}.x', `${Buffer.from('{"alg":"RS256","kid":{"$gt":""}}').toString('base64url')}.${Buffer.from('{"iss":["x"]}').toString('base64url')}.sig`]
    for (const assertion of hostile) {
      const res = await postGrant(t.mock, assertion)
      expect(res.status, res.text).toBeGreaterThanOrEqual(400)
      expect(res.status, res.text).toBeLessThan(500)
    }
  })
})
