import { describe, expect, it } from 'vitest'
import { redactBody, redactHeaders, redactJson, redactQuery, redactText, REDACTED } from '../../../mock-server/harness/redact.ts'
import { STADIG_KONSERT } from '../../../mock-server/seed/personas.ts'

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXBhcnQ'
const PEM = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----'

describe('redaction of what the harness shows', () => {
  it('keeps the scheme of an Authorization header and drops the credential', () => {
    expect(redactHeaders({ authorization: `Bearer ${JWT}` })).toEqual({ authorization: `Bearer ${REDACTED}` })
  })

  it('keeps cookie names and drops their values, and drops CSRF headers', () => {
    expect(redactHeaders({ cookie: 'mock_session=abc; other=def', 'set-cookie': ['mock_session=xyz; HttpOnly'], 'x-csrf-token': 'tok' })).toEqual({
      cookie: `mock_session=${REDACTED}; other=${REDACTED}`,
      'set-cookie': [`mock_session=${REDACTED}`],
      'x-csrf-token': REDACTED,
    })
  })

  it('redacts access tokens, assertions and private JWK members in JSON, keeping public members', () => {
    const out = redactJson({
      access_token: JWT,
      expires_in: 599,
      privateJwk: { kty: 'RSA', n: 'abc', d: 'secret' },
      jwks: { keys: [{ kty: 'RSA', n: 'pub', e: 'AQAB', d: 'priv', p: 'p', q: 'q' }] },
      nested: { note: `token is ${JWT}` },
    })
    expect(out).toEqual({
      access_token: REDACTED,
      expires_in: 599,
      privateJwk: REDACTED,
      jwks: { keys: [{ kty: 'RSA', n: 'pub', e: 'AQAB', d: REDACTED, p: REDACTED, q: REDACTED }] },
      nested: { note: `token is ${REDACTED}` },
    })
  })

  it('redacts the assertion of a token grant form and keeps the grant type', () => {
    expect(redactBody(`grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=${JWT}`, 'application/x-www-form-urlencoded')).toEqual({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion: REDACTED,
    })
  })

  it('redacts CSRF fields of a portal form', () => {
    expect(redactBody(`_csrf=abc123&pid=${STADIG_KONSERT}`, 'application/x-www-form-urlencoded')).toEqual({ _csrf: REDACTED, pid: STADIG_KONSERT })
  })

  it('scrubs secrets from a body cut short (not valid JSON any more)', () => {
    const cut = `{"access_token":"${JWT}","privateJwk":{"kty":"RSA","d":"very-secret","n":"ab`
    const out = redactBody(cut, 'application/json') as string
    expect(out).not.toContain(JWT)
    expect(out).not.toContain('very-secret')
    expect(out).toContain('"kty":"RSA"')
  })

  it('replaces JWTs and PEM private keys inside any text', () => {
    const out = redactText(`a ${JWT} b ${PEM} c`)
    expect(out).toBe(`a ${REDACTED} b ${REDACTED} c`)
  })

  it('redacts secret query parameters and JWT-shaped values but keeps Altinn paging tokens', () => {
    expect(redactQuery(`?assertion=${JWT}&token=eyJ0b2tlbiI6MX0`)).toBe(`?assertion=${REDACTED}&token=eyJ0b2tlbiI6MX0`)
    expect(redactQuery('')).toBe('')
  })
})
