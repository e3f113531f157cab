/**
 * The mock's ID-porten and Altinn's exchange of its tokens (`GET exchange/id-porten`, AuthenticationController
 * `AuthenticateIdPortenToken`), and the order of the exchange's checks (audit §2 D12): the token carries what
 * Altinn's carries for a person, and a token Altinn would refuse is refused with Altinn's status.
 */
import { randomUUID } from 'node:crypto'
import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose'
import { describe, expect, it } from 'vitest'
import { sign } from '../../mock-server/core/tokens.ts'
import { A, call, vendorToken } from '../support/api.ts'
import { AGENTS, callApi, idPortenToken } from '../support/client-delegation.ts'
import { transports, useMock, type MockHandle } from '../support/transports.ts'
import { DRESS_MINST, FACILITATOR, FREMMED_TURIST, SMARTCLOUD } from '../../mock-server/seed/personas.ts'
import { signedWithForeignKey } from '../support/tokens.ts'

const EXCHANGE = `${A}/exchange/id-porten`
const SCOPE = 'openid altinn:clientdelegations.read'
/** A key that is not the mock ID-porten's (made once: an RSA key costs most of a second). */

describe.each(transports)('ID-porten tokens and their exchange over %s', (transport) => {
  const t = useMock(transport)

  const exchange = (token: string | undefined, path = EXCHANGE, headers: Record<string, string> = {}) => call(t.baseUrl, 'GET', path, { ...(token ? { token } : {}), headers })

  /** Claims as the mock ID-porten writes them, valid for 120 seconds from the mock's now. */
  function idPortenClaims(mock: MockHandle['mock'], overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const now = Math.floor(mock.clock.now() / 1000)
    return { iss: `${t.baseUrl}/idporten/`, sub: 'pairwise', pid: DRESS_MINST, acr: 'idporten-loa-substantial', amr: ['TestID'], scope: SCOPE, client_id: 'c', iat: now, exp: now + 120, jti: randomUUID(), ...overrides }
  }

  it('publishes the mock ID-porten\'s metadata and keys, which verify its tokens', async () => {
    const metadata = await call(t.baseUrl, 'GET', '/idporten/.well-known/openid-configuration')
    expect(metadata.status).toBe(200)
    expect(metadata.body).toMatchObject({ issuer: `${t.baseUrl}/idporten/`, jwks_uri: `${t.baseUrl}/idporten/jwks.json`, id_token_signing_alg_values_supported: ['RS256'] })
    const jwks = await call(t.baseUrl, 'GET', '/idporten/jwks.json')
    expect(jwks.body.keys.every((k: Record<string, unknown>) => k.d === undefined)).toBe(true)
    const token = await idPortenToken(t, DRESS_MINST, SCOPE)
    const { payload } = await jwtVerify(token, createLocalJWKSet(jwks.body), { issuer: `${t.baseUrl}/idporten/`, currentDate: new Date(t.mock.clock.now()) })
    expect(payload).toMatchObject({ pid: DRESS_MINST, acr: 'idporten-loa-substantial', amr: ['TestID'], scope: SCOPE, client_id: 'mock-idporten-client', client_amr: 'private_key_jwt' })
    expect(payload.exp! - payload.iat!).toBe(120)
    expect(typeof payload.sub).toBe('string')
  })

  it("exchanges it for an Altinn token that carries the person's ids and the ID-porten token's claims, signed by Altinn", async () => {
    const original = await idPortenToken(t, DRESS_MINST, SCOPE, { clientId: 'smartcloud-idporten' })
    const res = await exchange(original)
    expect(res.status, res.text).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/plain')
    const jwks = await call(t.baseUrl, 'GET', `${A}/openid/.well-known/openid-configuration/jwks`)
    const { payload } = await jwtVerify(res.text, createLocalJWKSet(jwks.body), { issuer: `${t.baseUrl}/authentication/api/v1/openid/`, currentDate: new Date(t.mock.clock.now()) })
    const before = decodeJwt(original)
    const person = t.mock.store.persons.get(DRESS_MINST)!
    expect(payload['urn:altinn:userid']).toMatch(/^\d{7}$/)
    expect(payload.nameid).toBe(payload['urn:altinn:userid'])
    expect(payload).toMatchObject({
      'urn:altinn:username': '',
      'urn:altinn:partyid': person.partyId,
      'urn:altinn:party:uuid': person.partyUuid,
      'urn:altinn:authenticatemethod': 'TestID',
      'urn:altinn:authlevel': 3,
      pid: DRESS_MINST,
      acr: 'idporten-loa-substantial',
      amr: ['TestID'],
      scope: SCOPE,
      client_id: 'smartcloud-idporten',
      client_amr: 'private_key_jwt',
      jti: before.jti,
      iss: `${t.baseUrl}/authentication/api/v1/openid/`,
      exp: before.exp,
    })
    // Issued at the exchange: not before the ID-porten token, not after now.
    expect(payload.nbf).toBe(payload.iat)
    expect(payload.iat).toBeGreaterThanOrEqual(before.iat!)
    expect(payload.iat).toBeLessThanOrEqual(Math.floor(t.mock.clock.now() / 1000))
    // Altinn drops these and makes a new session id.
    expect(payload.sub).toBeUndefined()
    expect(payload.aud).toBeUndefined()
    expect(payload.sid).not.toBe(before.sid)
    expect(typeof payload.sid).toBe('string')
  })

  it('gives authentication level 4 for idporten-loa-high, and exchanges a synthetic person outside the seed with stable ids', async () => {
    const high = decodeJwt((await exchange(await idPortenToken(t, DRESS_MINST, SCOPE, { acr: 'idporten-loa-high' }))).text)
    expect(high['urn:altinn:authlevel']).toBe(4)
    const outsider = '02917600085' // synthetic (Tenor), not in the seed
    const first = decodeJwt((await exchange(await idPortenToken(t, outsider, SCOPE))).text)
    const second = decodeJwt((await exchange(await idPortenToken(t, outsider, SCOPE))).text)
    expect(first['urn:altinn:party:uuid']).toMatch(/^[0-9a-f-]{36}$/)
    expect([second['urn:altinn:party:uuid'], second['urn:altinn:partyid'], second['urn:altinn:userid']]).toEqual([first['urn:altinn:party:uuid'], first['urn:altinn:partyid'], first['urn:altinn:userid']])
  })

  it('refuses an expired token (after Altinn\'s 10 seconds of skew), a forged one, and one from another issuer, with 401', async () => {
    const token = await idPortenToken(t, DRESS_MINST, SCOPE)
    t.mock.clock.advance(125_000)
    expect((await exchange(token)).status).toBe(200) // 5 s past exp, inside the skew
    t.mock.clock.advance(10_000)
    expect((await exchange(token)).status).toBe(401)
    t.mock.clock.reset()

    const forged = await signedWithForeignKey(idPortenClaims(t.mock), t.mock.keys.idporten.kid)
    expect((await exchange(forged)).status).toBe(401)
    const elsewhere = await sign(t.mock.keys.idporten, idPortenClaims(t.mock, { iss: 'https://test.idporten.no' }))
    expect((await exchange(elsewhere)).status).toBe(401)
    const maskinporten = await vendorToken(t.baseUrl, SMARTCLOUD, 'altinn:clientdelegations.read')
    expect((await exchange(maskinporten)).status).toBe(401)
  })

  it('answers 403 to a token without an altinn: scope, takes a partner scope, and 401 without pid or acr or for a person the register does not know', async () => {
    const noAltinn = await exchange(await idPortenToken(t, DRESS_MINST, 'openid profile'))
    expect([noAltinn.status, noAltinn.text]).toEqual([403, ''])
    expect((await exchange(await idPortenToken(t, DRESS_MINST, 'openid skatteetaten:mvameldinginnsending'))).status).toBe(200)
    for (const overrides of [{ pid: undefined }, { acr: undefined }, { pid: '01017012345' }]) {
      const res = await exchange(await sign(t.mock.keys.idporten, idPortenClaims(t.mock, overrides)))
      expect(res.status, JSON.stringify(overrides)).toBe(401)
    }
  })

  it('checks the token before the provider and answers Altinn\'s words for an unknown provider (D12)', async () => {
    expect((await exchange(undefined, `${A}/exchange/facebook`)).status).toBe(401)
    expect((await exchange('not-a-jwt', `${A}/exchange/facebook`)).status).toBe(401)
    const token = await idPortenToken(t, DRESS_MINST, SCOPE)
    const unknown = await exchange(token, `${A}/exchange/facebook`)
    expect([unknown.status, unknown.text]).toEqual([400, "Invalid token provider: facebook. Trusted token providers are 'Maskinporten', 'Id-porten' and 'AltinnStudio'."])
    expect((await exchange(token, `${A}/exchange/ID-PORTEN`)).status).toBe(200)
    expect((await exchange(token, `${A}/exchange/altinnstudio`)).status).toBe(401)
    expect((await exchange(token, `${A}/exchange/maskinporten`)).status).toBe(401)
  })

  it('answers 410 to the enterprise-user login only for a valid Maskinporten token, with Altinn\'s problem', async () => {
    const header = { 'X-Altinn-EnterpriseUser-Authentication': 'x' }
    expect((await exchange(await idPortenToken(t, DRESS_MINST, SCOPE), `${A}/exchange/maskinporten`, header)).status).toBe(401)
    const gone = await exchange(await vendorToken(t.baseUrl), `${A}/exchange/maskinporten`, header)
    expect(gone.status).toBe(410)
    expect(gone.body).toEqual({
      type: 'https://docs.altinn.studio',
      title: 'Virksomhetsbruker is no longer available',
      status: 410,
      detail:
        'Virksomhetsbruker (enterprise user) is no longer available. It has been replaced by Systembruker (system user) or ID-porten, depending on the use case. See https://docs.altinn.studio for migration guidance.',
    })
  })

  it('is accepted by the API only once exchanged, and never exchanged twice', async () => {
    const original = await idPortenToken(t, DRESS_MINST, SCOPE)
    expect((await callApi(t, 'GET', AGENTS, `party=${FACILITATOR}`, original)).status).toBe(401)
    const altinn = (await exchange(original)).text
    expect((await callApi(t, 'GET', AGENTS, `party=${FACILITATOR}`, altinn)).status).toBe(200)
    expect((await exchange(altinn)).status).toBe(401)
  })

  it('mints only for synthetic persons, with a scope and a known acr', async () => {
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ pid: '01017012345', scope: SCOPE }, /^pid must be a synthetic \(Tenor\) person number/],
      [{ pid: FREMMED_TURIST, scope: ' ' }, /^scope must name at least one scope/],
      [{ pid: FREMMED_TURIST, scope: SCOPE, acr: 'Level3' }, /^acr must be one of idporten-loa-low, idporten-loa-substantial, idporten-loa-high/],
      [{ pid: FREMMED_TURIST, scope: SCOPE, expiresIn: 0 }, /^expiresIn must be whole seconds from 1 to 3600/],
    ]
    for (const [body, detail] of bad) {
      const res = await call(t.baseUrl, 'POST', '/__mock/tokens/idporten', { body })
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.body.detail).toMatch(detail)
    }
    const ok = await call(t.baseUrl, 'POST', '/__mock/tokens/idporten', { body: { pid: FREMMED_TURIST, scope: SCOPE } })
    expect(ok.body).toMatchObject({ token_type: 'Bearer', expires_in: 120, scope: SCOPE })
    expect(ok.headers.get('cache-control')).toBe('no-store')
  })
})
