/**
 * The token provider against a small authorization server of the test's own (msw), which verifies each
 * assertion with jose the way Maskinporten does and records what it saw.
 */
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { SignJWT, exportJWK, generateKeyPair, jwtVerify, type JWTPayload } from 'jose'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { MaskinportenError, MaskinportenSystemUserNotFoundError } from '../../../sdk/errors/index.ts'
import { createMaskinportenTokenProvider, type MaskinportenTokenProviderOptions } from '../../../sdk/maskinporten/index.ts'
import { CUSTOMER, FACILITATOR } from '../../../mock-server/seed/personas.ts'

const issuer = 'https://maskinporten.test.invalid/'
const clientId = 'b3c1a2d4-0000-4000-8000-000000000001'

interface Grant {
  header: Record<string, unknown>
  claims: JWTPayload & { scope?: string; authorization_details?: unknown }
}

let keys: Awaited<ReturnType<typeof generateKeyPair>>
let serverKeys: Awaited<ReturnType<typeof generateKeyPair>>
const grants: Grant[] = []
let answer: (grant: Grant) => Response | Promise<Response> = (g) => issue(g)
let discoveries = 0

const server = setupServer(
  http.get('https://maskinporten.test.invalid/.well-known/oauth-authorization-server', () => {
    discoveries++
    return HttpResponse.json({ issuer, token_endpoint: `${issuer}token`, jwks_uri: `${issuer}jwk`, grant_types_supported: ['urn:ietf:params:oauth:grant-type:jwt-bearer'] })
  }),
  http.post(`${issuer}token`, async ({ request }) => {
    const form = new URLSearchParams(await request.text())
    if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') return HttpResponse.json({ error: 'unsupported_grant_type' }, { status: 400 })
    try {
      const { payload, protectedHeader } = await jwtVerify(form.get('assertion')!, keys.publicKey, { issuer: clientId, audience: issuer })
      const grant = { header: protectedHeader as Record<string, unknown>, claims: payload as Grant['claims'] }
      grants.push(grant)
      return answer(grant)
    } catch (e) {
      return HttpResponse.json({ error: 'invalid_grant', error_description: `Invalid assertion: ${(e as Error).message} (MP-100)` }, { status: 400 })
    }
  }),
)

/** A token as the server would issue it: a JWT of its own, with the given lifetime. */
async function issue(grant: Grant, expiresIn = 120): Promise<Response> {
  const accessToken = await new SignJWT({ scope: grant.claims.scope, jti: crypto.randomUUID() })
    .setProtectedHeader({ alg: 'RS256' })
    .setIssuer(issuer)
    .setIssuedAt()
    .setExpirationTime(`${expiresIn}s`)
    .sign(serverKeys.privateKey)
  return HttpResponse.json({ access_token: accessToken, token_type: 'Bearer', expires_in: expiresIn, scope: grant.claims.scope })
}

beforeAll(async () => {
  keys = await generateKeyPair('RS256', { extractable: true })
  serverKeys = await generateKeyPair('RS256')
  server.listen({ onUnhandledRequest: 'error' })
})
afterEach(() => {
  grants.length = 0
  answer = (g) => issue(g)
})
afterAll(() => server.close())

async function aProvider(overrides: Partial<MaskinportenTokenProviderOptions> = {}) {
  const jwk = { ...(await exportJWK(keys.privateKey)), kid: 'key-2026' }
  return createMaskinportenTokenProvider({ issuer, clientId, key: jwk, ...overrides })
}

describe('the Maskinporten token provider', () => {
  it('signs a short-lived assertion with iss, aud, scope, a fresh jti and the kid, and returns the token with its expiry', async () => {
    const now = Date.now()
    const tokens = await aProvider({ now: () => now })

    const token = await tokens.vendor(['altinn:authentication/systemuser.request.read', 'altinn:authentication/systemregister.write'])
    await tokens.vendor(['altinn:authentication/systemuser.request.write'])

    const [first, second] = grants as [Grant, Grant]
    expect(first.header).toMatchObject({ alg: 'RS256', kid: 'key-2026' })
    expect(first.claims).toMatchObject({ iss: clientId, aud: issuer, scope: 'altinn:authentication/systemregister.write altinn:authentication/systemuser.request.read' })
    expect(first.claims.exp! - first.claims.iat!).toBe(60)
    expect(first.claims.jti).toMatch(/^[0-9a-f-]{36}$/)
    expect(second.claims.jti).not.toBe(first.claims.jti)
    expect(first.claims.authorization_details).toBeUndefined()
    expect(token.expiresAt.getTime()).toBe(now + 120_000)
    expect(token.scopes).toEqual(['altinn:authentication/systemregister.write', 'altinn:authentication/systemuser.request.read'])
  })

  it("asks for a system user with authorization_details naming the owner's organisation and the external reference", async () => {
    const tokens = await aProvider()

    await tokens.systemUser({ orgNo: CUSTOMER, scopes: 'skatteetaten:kravogbetalinger' })
    await tokens.systemUser({ orgNo: CUSTOMER, externalRef: 'kunde-1', scopes: ['skatteetaten:kravogbetalinger'] })

    expect(grants.map((g) => g.claims.authorization_details)).toEqual([
      [{ type: 'urn:altinn:systemuser', systemuser_org: { authority: 'iso6523-actorid-upis', ID: `0192:${CUSTOMER}` } }],
      [{ type: 'urn:altinn:systemuser', systemuser_org: { authority: 'iso6523-actorid-upis', ID: `0192:${CUSTOMER}` }, externalRef: 'kunde-1' }],
    ])
  })

  it('caches per scopes, organisation and external reference, and discovers the server once', async () => {
    discoveries = 0
    const tokens = await aProvider()

    const a = await tokens.systemUser({ orgNo: CUSTOMER, scopes: ['x:a', 'x:b'] })
    const b = await tokens.systemUser({ orgNo: CUSTOMER, scopes: 'x:b x:a' })
    const c = await tokens.systemUser({ orgNo: CUSTOMER, externalRef: 'other', scopes: ['x:a', 'x:b'] })
    const d = await tokens.systemUser({ orgNo: FACILITATOR, scopes: ['x:a', 'x:b'] })
    const e = await tokens.vendor(['x:a', 'x:b'])

    expect(b).toBe(a)
    expect(new Set([a, c, d, e].map((t) => t.accessToken)).size).toBe(4)
    expect(grants).toHaveLength(4)
    expect(discoveries).toBe(1)
  })

  it('forgets every cached token on clear(), so the next call makes a new grant', async () => {
    const tokens = await aProvider()

    const before = await tokens.vendor(['x:a'])
    tokens.clear()
    const after = await tokens.vendor(['x:a'])

    expect(after.accessToken).not.toBe(before.accessToken)
    expect(grants).toHaveLength(2)
  })

  it('makes one grant however many callers wait for the same token', async () => {
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    answer = async (g) => (await gate, issue(g))
    const tokens = await aProvider()

    const waiting = Array.from({ length: 20 }, () => tokens.vendor(['x:a']))
    await new Promise((resolve) => setTimeout(resolve, 20))
    release()
    const all = await Promise.all(waiting)

    expect(grants).toHaveLength(1)
    expect(new Set(all.map((t) => t.accessToken)).size).toBe(1)
  })

  it('renews a token before it expires, not after', async () => {
    let now = 1_800_000_000_000
    answer = (g) => issue(g, 600)
    const tokens = await aProvider({ now: () => now, renewBeforeSeconds: 60 })

    const first = await tokens.vendor(['x:a'])
    now += 539_000 // 61 s left: still served from the cache
    const cached = await tokens.vendor(['x:a'])
    now += 2_000 // 59 s left: renewed
    const renewed = await tokens.vendor(['x:a'])

    expect(cached).toBe(first)
    expect(renewed.accessToken).not.toBe(first.accessToken)
    expect(grants).toHaveLength(2)
  })

  it('renews a short-lived token at half its lifetime at the latest', async () => {
    let now = 1_800_000_000_000
    answer = (g) => issue(g, 60)
    const tokens = await aProvider({ now: () => now, renewBeforeSeconds: 60 })

    const first = await tokens.vendor(['x:a'])
    now += 29_000
    const cached = await tokens.vendor(['x:a'])
    now += 2_000
    await tokens.vendor(['x:a'])

    expect(cached).toBe(first)
    expect(grants).toHaveLength(2)
  })

  it('lets a caller give up waiting without cancelling the grant for the others', async () => {
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    answer = async (g) => (await gate, issue(g))
    const tokens = await aProvider()
    const impatient = new AbortController()

    const first = tokens.vendor(['x:a'], { signal: impatient.signal })
    const patient = tokens.vendor(['x:a'])
    impatient.abort(new Error('gave up'))
    release()

    await expect(first).rejects.toThrow('gave up')
    await expect(patient).resolves.toMatchObject({ issuer: 'maskinporten' })
    expect(grants).toHaveLength(1)
  })

  it('tries a grant again with a fresh assertion when Maskinporten answers 5xx, and not when it refuses', async () => {
    let calls = 0
    answer = (g) => (++calls === 1 ? HttpResponse.json({ error: 'server_error' }, { status: 503 }) : calls === 2 ? new HttpResponse('Bad gateway', { status: 502 }) : issue(g))
    const tokens = await aProvider()

    await tokens.vendor(['x:a'])
    answer = () => HttpResponse.json({ error: 'invalid_scope', error_description: 'Scope x:b is not allowed for this client' }, { status: 400 })
    const refused = await tokens.vendor(['x:b']).catch((e: unknown) => e)

    expect(grants).toHaveLength(4)
    expect(new Set(grants.slice(0, 3).map((g) => g.claims.jti)).size).toBe(3)
    expect(refused).toBeInstanceOf(MaskinportenError)
    expect(refused).toMatchObject({ error: 'invalid_scope', status: 400, scopes: ['x:b'] })
  })

  it('retries a grant by the rules of every API call: Retry-After on a 429, the retry limit, no wait longer than allowed', async () => {
    let calls = 0
    answer = (g) => (++calls === 1 ? HttpResponse.json({ error: 'slow_down' }, { status: 429, headers: { 'retry-after': '0' } }) : issue(g))
    // A backoff of a minute would outlast the test; Retry-After: 0 says "now".
    const patient = await aProvider({ retry: { baseDelayMs: 60_000, maxDelayMs: 60_000 } })
    await patient.vendor(['x:a'])
    answer = () => HttpResponse.json({ error: 'server_error' }, { status: 503 })
    const once = await aProvider({ retry: { limit: 0 } })
    const unretried = await once.vendor(['x:b']).catch((e: unknown) => e)
    answer = () => HttpResponse.json({ error: 'server_error' }, { status: 503, headers: { 'retry-after': '120' } })
    const hurried = await aProvider({ retry: { maxRetryAfterMs: 1_000 } })
    const tooLong = await hurried.vendor(['x:c']).catch((e: unknown) => e)

    expect(grants.map((g) => g.claims.scope)).toEqual(['x:a', 'x:a', 'x:b', 'x:c'])
    expect(unretried).toMatchObject({ name: 'MaskinportenError', error: 'server_error', status: 503 })
    expect(tooLong).toMatchObject({ name: 'MaskinportenError', status: 503, retryAfterSeconds: 120 })
  })

  it('turns MP-303 into MaskinportenSystemUserNotFoundError and caches nothing', async () => {
    answer = () => HttpResponse.json({ error: 'invalid_altinn_customer_configuration', error_description: 'No system user found. (MP-303)' }, { status: 400 })
    const tokens = await aProvider()

    const first = await tokens.systemUser({ orgNo: CUSTOMER, scopes: ['x:a'] }).catch((e: unknown) => e)
    answer = (g) => issue(g)
    const later = await tokens.systemUser({ orgNo: CUSTOMER, scopes: ['x:a'] })

    expect(first).toBeInstanceOf(MaskinportenSystemUserNotFoundError)
    expect(first).toMatchObject({ mpCode: 'MP-303', orgNo: CUSTOMER, clientId })
    expect(later.issuer).toBe('maskinporten')
  })

  it('says which key failed when the assertion is refused, without quoting it', async () => {
    const stranger = await generateKeyPair('RS256', { extractable: true })
    const tokens = createMaskinportenTokenProvider({ issuer, clientId, key: { ...(await exportJWK(stranger.privateKey)), kid: 'k' } })

    const error = (await tokens.vendor(['x:a']).catch((e: unknown) => e)) as MaskinportenError

    expect(error).toMatchObject({ error: 'invalid_grant', mpCode: 'MP-100' })
    expect(error.checks.join(' ')).toMatch(/key/)
  })

  it('refuses a public key, a key of the wrong kind, or no scope, before calling Maskinporten', async () => {
    const publicOnly = await exportJWK(keys.publicKey)
    const tokens = createMaskinportenTokenProvider({ issuer, clientId, key: publicOnly })
    const garbage = createMaskinportenTokenProvider({ issuer, clientId, key: 'not a key' })

    await expect(tokens.vendor(['x:a'])).rejects.toMatchObject({ error: 'invalid_key' })
    await expect(garbage.vendor(['x:a'])).rejects.toMatchObject({ error: 'invalid_key' })
    await expect((await aProvider()).vendor([])).rejects.toBeInstanceOf(TypeError)
    await expect((await aProvider()).systemUser({ orgNo: '123', scopes: ['x:a'] })).rejects.toBeInstanceOf(TypeError)
    expect(grants).toHaveLength(0)
  })

  it('signs with an EC key (ES256) and sends a certificate chain as x5c when given', async () => {
    const ec = await generateKeyPair('ES256', { extractable: true })
    const original = keys
    keys = ec as typeof keys
    try {
      const tokens = createMaskinportenTokenProvider({ issuer, clientId, key: ec.privateKey, alg: 'ES256', x5c: ['MIIBfake'] })
      await tokens.vendor(['x:a'])
    } finally {
      keys = original
    }

    expect(grants[0]!.header).toMatchObject({ alg: 'ES256', x5c: ['MIIBfake'] })
    expect(grants[0]!.header.kid).toBeUndefined()
  })

  it('never lets an assertion live longer than 120 seconds', async () => {
    const tokens = await aProvider({ assertionLifetimeSeconds: 3600 })

    await tokens.vendor(['x:a'])

    expect(grants[0]!.claims.exp! - grants[0]!.claims.iat!).toBe(120)
  })

  it('exchanges a token for an Altinn token through the function it was given, and caches that too', async () => {
    const exchanged: string[] = []
    const altinnToken = await new SignJWT({ iss: 'altinn' }).setProtectedHeader({ alg: 'RS256' }).setExpirationTime('30m').sign(serverKeys.privateKey)
    const tokens = await aProvider({ exchange: async (token) => (exchanged.push(token), altinnToken) })

    const a = await tokens.vendor(['x:a'], { exchange: true })
    const b = await tokens.vendor(['x:a'], { exchange: true })
    const plain = await tokens.vendor(['x:a'])

    expect(a).toBe(b)
    expect(a).toMatchObject({ accessToken: altinnToken, issuer: 'altinn' })
    expect(exchanged).toEqual([plain.accessToken])
    expect(grants).toHaveLength(1)
  })
})
