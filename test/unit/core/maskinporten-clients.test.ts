import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { HttpProblemError } from '../../../mock-server/core/errors.ts'
import { DEFAULT_CLIENT_SCOPES, registerMaskinportenClient, toMaskinportenClientView, type NewMaskinportenClient } from '../../../mock-server/core/maskinporten.ts'
import type { MockAltinn } from '../../../mock-server/core/mock-altinn.ts'
import { aMock } from '../../support/core.ts'
import { SMARTCLOUD, STANDARD_CLIENT_ID } from '../../../mock-server/seed/personas.ts'

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })

function publicJwk(key = rsa.publicKey, kid = 'k1'): Record<string, unknown> {
  return { ...key.export({ format: 'jwk' }), kid }
}

function aClient(overrides: Partial<NewMaskinportenClient> = {}): NewMaskinportenClient {
  return { clientId: 'own-client', orgNo: SMARTCLOUD, jwks: { keys: [publicJwk()] }, ...overrides }
}

async function registrationError(mock: MockAltinn, input: NewMaskinportenClient): Promise<HttpProblemError> {
  const outcome = await registerMaskinportenClient(mock, input).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(outcome).toBeInstanceOf(HttpProblemError)
  expect(mock.store.maskinportenClients.has(input.clientId) && input.clientId !== STANDARD_CLIENT_ID).toBe(false)
  return outcome as HttpProblemError
}

describe('registering a Maskinporten client at run time', () => {
  it('stores the public keys, the organisation and the default scopes', async () => {
    const mock = aMock()
    const client = await registerMaskinportenClient(mock, aClient())
    expect(toMaskinportenClientView(client)).toEqual({ clientId: 'own-client', orgNo: SMARTCLOUD, kid: 'k1', jwks: { keys: [publicJwk()] }, scopes: [...DEFAULT_CLIENT_SCOPES] })
    expect(mock.store.maskinportenClients.get('own-client')).toBe(client)
  })

  it('takes a PEM public key and names it by its RFC 7638 thumbprint unless a kid is given', async () => {
    const mock = aMock()
    const pem = ec.publicKey.export({ type: 'spki', format: 'pem' }).toString()
    const byThumbprint = await registerMaskinportenClient(mock, { clientId: 'pem-1', orgNo: SMARTCLOUD, publicKeyPem: pem })
    expect(byThumbprint.kid).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(byThumbprint.publicJwks[0]).toMatchObject({ kty: 'EC', crv: 'P-256', kid: byThumbprint.kid, use: 'sig' })
    const named = await registerMaskinportenClient(mock, { clientId: 'pem-2', orgNo: SMARTCLOUD, publicKeyPem: pem, kid: 'mine' })
    expect(named.kid).toBe('mine')
  })

  it('keeps the scopes it is given, without duplicates', async () => {
    const mock = aMock()
    const client = await registerMaskinportenClient(mock, aClient({ scopes: ['a:b', 'a:b', 'c:d'] }))
    expect(client.scopes).toEqual(['a:b', 'c:d'])
  })

  it('answers 409 when the client id exists, and keeps the first client', async () => {
    const mock = aMock()
    const before = mock.store.maskinportenClients.get(STANDARD_CLIENT_ID)
    const e = await registrationError(mock, aClient({ clientId: STANDARD_CLIENT_ID }))
    expect(e.status).toBe(409)
    expect(mock.store.maskinportenClients.get(STANDARD_CLIENT_ID)).toBe(before)
  })

  it.each<[string, Partial<NewMaskinportenClient>, RegExp]>([
    ['a bad organisation number', { orgNo: '123456789' }, /MOD11/],
    ['a client id with spaces', { clientId: 'has space' }, /clientId/],
    ['both jwks and a PEM', { publicKeyPem: 'x' }, /exactly one/],
    ['neither jwks nor a PEM', { jwks: null }, /exactly one/],
    ['an empty key set', { jwks: { keys: [] } }, /1 to 10 keys/],
    ['a private JWK', { jwks: { keys: [{ ...rsa.privateKey.export({ format: 'jwk' }), kid: 'k1' }] } }, /private key material/],
    ['a symmetric key', { jwks: { keys: [{ kty: 'oct', k: 'c2VjcmV0', kid: 'k1' }] } }, /symmetric/],
    ['a key without kid', { jwks: { keys: [{ ...rsa.publicKey.export({ format: 'jwk' }) }] } }, /kid/],
    ['two keys with one kid', { jwks: { keys: [publicJwk(), publicJwk(ec.publicKey)] } }, /own kid/],
    ['a short RSA key', { jwks: { keys: [publicJwk(generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey)] } }, /2048 bits/],
    ['an EC key off P-256', { jwks: { keys: [publicJwk(generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey)] } }, /P-256/],
    ['an alg that does not fit the key', { jwks: { keys: [{ ...publicJwk(), alg: 'ES256' }] } }, /does not fit/],
    ['an encryption key', { jwks: { keys: [{ ...publicJwk(), use: 'enc' }] } }, /use must be "sig"/],
    ['a JWK that is not a key', { jwks: { keys: [{ kty: 'RSA', n: 'AQAB', kid: 'k1' }] } }, /not a valid public JWK|2048/],
    ['a scope with a space', { scopes: ['a b'] }, /not a scope/],
  ])('refuses %s with 400 and stores nothing', async (_, overrides, message) => {
    const mock = aMock()
    const e = await registrationError(mock, aClient(overrides))
    expect(e.status).toBe(400)
    expect(e.message).toMatch(message)
  })

  it('refuses a private key in PEM and text that is not PEM', async () => {
    const mock = aMock()
    const privatePem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    expect((await registrationError(mock, { clientId: 'p', orgNo: SMARTCLOUD, publicKeyPem: privatePem })).message).toMatch(/private key/)
    expect((await registrationError(mock, { clientId: 'p', orgNo: SMARTCLOUD, publicKeyPem: '<script>alert(1)</script>' })).message).toMatch(/not a PEM/)
  })
})
