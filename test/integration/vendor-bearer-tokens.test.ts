import { describe, expect, it } from 'vitest'
import { sign, type AccessTokenClaims } from '../../mock-server/core/tokens.ts'
import { A, call, stateOf, vendorToken } from '../support/api.ts'
import { transports, useMock } from '../support/transports.ts'
import { aStandardRequest } from '../support/builders.ts'
import { signedToken, signedWithForeignKey, signedWithHmac, tamper, unsignedJwt, vendorClaims } from '../support/tokens.ts'

const LIST = `${A}/systemregister/vendor`
const CREATE = `${A}/systemuser/request/vendor`

describe.each(transports)('bearer tokens on the vendor API over %s', (transport) => {
  const t = useMock(transport)

  /** A refused token: 401, no body, and a WWW-Authenticate challenge that never repeats the token. */
  async function expectRefused(token: string | undefined, header?: string) {
    const headers = header ? { authorization: header } : undefined
    const res = await call(t.baseUrl, 'GET', LIST, { ...(token ? { token } : {}), ...(headers ? { headers } : {}) })
    expect(res.status).toBe(401)
    expect(res.text).toBe('')
    const challenge = res.headers.get('www-authenticate')
    expect(challenge).toMatch(/^Bearer\b/)
    for (const part of token?.split('.') ?? []) if (part.length > 16) expect(challenge).not.toContain(part)
    return challenge!
  }

  it('accepts a token from /__mock/tokens', async () => {
    expect((await call(t.baseUrl, 'GET', LIST, { token: await vendorToken(t.baseUrl) })).status).toBe(200)
  })

  it('accepts a token of the mock\'s Altinn issuer (as the exchange gives)', async () => {
    const token = await sign(t.mock.keys.altinn, vendorClaims(t.mock, { iss: t.mock.config.altinnIssuer }))
    expect((await call(t.baseUrl, 'GET', LIST, { token })).status).toBe(200)
  })

  it('refuses a call without Authorization, or with another scheme', async () => {
    await expectRefused(undefined)
    await expectRefused(undefined, 'Basic c21hcnRjbG91ZDpzZWNyZXQ=')
    await expectRefused(undefined, 'Bearer')
  })

  it('refuses something that is not a JWT', async () => {
    await expectRefused('not-a-jwt')
    await expectRefused('a.b.c')
  })

  it('refuses an expired token', async () => {
    const now = Math.floor(t.mock.clock.now() / 1000)
    const challenge = await expectRefused(await signedToken(t.mock, vendorClaims(t.mock, { iat: now - 600, exp: now - 60 })))
    expect(challenge).toContain('expired')
  })

  it('refuses a token that was valid once the mock clock passes its expiry, even after it was accepted', async () => {
    const token = await vendorToken(t.baseUrl)
    expect((await call(t.baseUrl, 'GET', LIST, { token })).status).toBe(200)
    expect((await call(t.baseUrl, 'POST', '/__mock/clock', { body: { advance: 'PT11M' } })).status).toBe(200)
    await expectRefused(token)
  })

  it('refuses a token with another issuer, even signed with the mock\'s key', async () => {
    await expectRefused(await signedToken(t.mock, vendorClaims(t.mock, { iss: 'https://maskinporten.no/' })))
    const { iss: _iss, ...withoutIssuer } = vendorClaims(t.mock)
    await expectRefused(await signedToken(t.mock, withoutIssuer as AccessTokenClaims))
  })

  it('refuses a token signed with a key that is not the issuer\'s', async () => {
    const forged = await signedWithForeignKey(vendorClaims(t.mock), t.mock.keys.maskinporten.kid)
    expect(await expectRefused(forged)).toContain('signature')
    const altinnKeyForMaskinporten = await sign(t.mock.keys.altinn, vendorClaims(t.mock))
    await expectRefused(altinnKeyForMaskinporten)
  })

  it('refuses an unsigned token (alg none)', async () => {
    const unsigned = unsignedJwt({ typ: 'JWT' }, vendorClaims(t.mock))
    await expectRefused(unsigned)
  })

  it('refuses an HS256 token keyed with the public key (algorithm confusion)', async () => {
    const jwk = t.mock.keys.maskinporten.publicJwk
    const confused = await signedWithHmac(vendorClaims(t.mock), JSON.stringify(jwk))
    await expectRefused(confused)
  })

  it('refuses a token whose payload was changed after signing', async () => {
    const tampered = tamper(await signedToken(t.mock, vendorClaims(t.mock, { scope: 'altinn:authentication/systemuser.request.read' })), vendorClaims(t.mock))
    expect(await expectRefused(tampered)).toContain('signature')
  })

  it('changes no state when a token is refused', async () => {
    const before = await stateOf(t.baseUrl)
    const now = Math.floor(t.mock.clock.now() / 1000)
    const res = await call(t.baseUrl, 'POST', CREATE, { token: await signedToken(t.mock, vendorClaims(t.mock, { exp: now - 1 })), body: aStandardRequest() })
    expect(res.status).toBe(401)
    expect(await stateOf(t.baseUrl)).toEqual(before)
  })

  it('checks the token before the body, and the scope before the body', async () => {
    expect((await call(t.baseUrl, 'POST', CREATE, { token: 'x.y.z', body: '{not json' })).status).toBe(401)
    const readOnly = await vendorToken(t.baseUrl, undefined, 'altinn:authentication/systemuser.request.read')
    expect((await call(t.baseUrl, 'POST', CREATE, { token: readOnly, body: '{not json' })).status).toBe(403)
  })
})
