/**
 * Token attacks on every route that takes a bearer token (the vendor API, the system register, the Maskinporten
 * lookup, the demo service), over both transports: no token, a token signed with a foreign key, expired, from
 * another issuer, unsigned (`alg: none`), HMAC-signed with the issuer's public key, with a tampered payload, and
 * without the route's scope. Each is refused before the route runs, and the state is left as it was. The grant's
 * own attacks (audience, replay, ...) are in `token-attacks-grant.test.ts`; this suite covers every route.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { Scopes } from '../../sdk/contract/index.ts'
import type { MockAltinn } from '../../mock-server/core/mock-altinn.ts'
import { allRoutes } from '../../mock-server/table.ts'
import type { RouteDef } from '../../mock-server/kit/types.ts'
import { call, type JsonResponse, stateOf, vendorToken } from '../support/api.ts'
import { transports, useMock } from '../support/transports.ts'
import { CUSTOMER, KONKURRENT, KRAV, SMARTCLOUD, STANDARD_CLIENT_ID, STANDARD_SYSTEM } from '../../mock-server/seed/personas.ts'
import { anAgentRequest, aRegistration, aStandardRequest } from '../support/builders.ts'
import { signedToken, signedWithForeignKey, signedWithHmac, tamper, unsignedJwt, vendorClaims } from '../support/tokens.ts'

/** Every route the router authenticates with a bearer token. */
const PROTECTED = allRoutes.filter((r) => r.auth === 'vendor')
const EVERY_SCOPE = Object.values(Scopes).join(' ')

interface Ids {
  requestId: string
  agentRequestId: string
}

/** A call to the route that would be accepted with a good token (so a refusal can only come from the token). */
function callTo(route: RouteDef<any>, ids: Ids): { method: string; path: string; body?: unknown } {
  const params: Record<string, string> = {
    systemId: STANDARD_SYSTEM,
    requestId: route.name.includes('Agent') ? ids.agentRequestId : ids.requestId,
    orgNo: CUSTOMER,
    externalRef: 'security',
  }
  let path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? 'x'))
  if (route.name === 'getSystemUserByQuery') path += `?system-id=${STANDARD_SYSTEM}&orgno=${CUSTOMER}`
  if (route.name === 'getSystemUserByExternalId') path += `?clientId=${STANDARD_CLIENT_ID}&systemProviderOrgNo=${SMARTCLOUD}&systemUserOwnerOrgNo=${CUSTOMER}`
  const bodies: Record<string, unknown> = {
    createSystem: aRegistration({ id: `${SMARTCLOUD}_security`, clientId: ['security-client'] }),
    updateSystem: aRegistration({ id: STANDARD_SYSTEM, clientId: [STANDARD_CLIENT_ID] }),
    updateSystemRights: [{ resource: [{ id: 'urn:altinn:resource', value: KRAV }] }],
    updateSystemAccessPackages: [],
    createRequest: aStandardRequest({ externalRef: 'security-new' }),
    createAgentRequest: anAgentRequest({ externalRef: 'security-new' }),
  }
  return { method: route.method, path, ...(route.name in bodies ? { body: bodies[route.name] } : {}) }
}

/** A forged or broken credential, as the Authorization header's value (undefined: none at all). */
interface Attack {
  name: string
  header(mock: MockAltinn): Promise<string | undefined>
}

const publicPem = (mock: MockAltinn) => mock.keys.maskinporten.publicKey.export({ type: 'spki', format: 'pem' }).toString()

const attacks: Attack[] = [
  { name: 'no token', header: async () => undefined },
  { name: 'another scheme (Basic)', header: async () => 'Basic c21hcnRjbG91ZDpzZWNyZXQ=' },
  {
    name: 'a token signed with a foreign key under the issuer\'s kid',
    header: async (mock) => `Bearer ${await signedWithForeignKey(vendorClaims(mock, { scope: EVERY_SCOPE }), mock.keys.maskinporten.kid)}`,
  },
  {
    name: 'an expired token',
    header: async (mock) => {
      const now = Math.floor(mock.clock.now() / 1000)
      return `Bearer ${await signedToken(mock, vendorClaims(mock, { scope: EVERY_SCOPE, iat: now - 900, exp: now - 1 }))}`
    },
  },
  { name: 'a token from another issuer, signed with the mock\'s key', header: async (mock) => `Bearer ${await signedToken(mock, vendorClaims(mock, { scope: EVERY_SCOPE, iss: 'https://maskinporten.no/' }))}` },
  { name: 'an unsigned token (alg none)', header: async (mock) => `Bearer ${unsignedJwt({ typ: 'JWT', kid: mock.keys.maskinporten.kid }, { ...vendorClaims(mock, { scope: EVERY_SCOPE }) })}` },
  {
    name: 'a token signed with HMAC using the issuer\'s public key as the secret',
    header: async (mock) => `Bearer ${await signedWithHmac(vendorClaims(mock, { scope: EVERY_SCOPE }), publicPem(mock), mock.keys.maskinporten.kid)}`,
  },
  {
    name: 'a token whose payload was changed after signing (scope widened, another vendor)',
    header: async (mock) => {
      const real = await signedToken(mock, vendorClaims(mock, { scope: Scopes.kravOgBetalinger }))
      return `Bearer ${tamper(real, { scope: EVERY_SCOPE, consumer: { authority: 'iso6523-actorid-upis', ID: `0192:${KONKURRENT}` } })}`
    },
  },
  { name: 'a token of the Altinn issuer signed with Maskinporten\'s key', header: async (mock) => `Bearer ${await signedToken(mock, vendorClaims(mock, { scope: EVERY_SCOPE, iss: mock.config.altinnIssuer }))}` },
]

describe.each(transports)('token attacks on every protected route over %s', (transport) => {
  const t = useMock(transport)
  let ids: Ids

  beforeEach(async () => {
    const token = await vendorToken(t.baseUrl)
    ids = {
      requestId: (await call(t.baseUrl, 'POST', '/authentication/api/v1/systemuser/request/vendor', { token, body: aStandardRequest({ externalRef: 'security' }) })).body.id,
      agentRequestId: (await call(t.baseUrl, 'POST', '/authentication/api/v1/systemuser/request/vendor/agent', { token, body: anAgentRequest({ externalRef: 'security' }) })).body.id,
    }
  })

  async function send(route: RouteDef<any>, authorization: string | undefined): Promise<JsonResponse> {
    const { method, path, body } = callTo(route, ids)
    return call(t.baseUrl, method, path, { ...(body !== undefined ? { body } : {}), headers: authorization ? { authorization } : {} })
  }

  it(`covers ${PROTECTED.length} routes, each of which lets a good token through to the route itself`, async () => {
    expect(PROTECTED.length).toBeGreaterThanOrEqual(25)
    const good = `Bearer ${await vendorToken(t.baseUrl, SMARTCLOUD, EVERY_SCOPE)}`
    for (const route of PROTECTED) {
      const res = await send(route, good)
      // Past the token and the scope: not the bodiless 401 or 403 the router gives (the route may still say no).
      expect(res.status, `${route.name}: ${res.text}`).not.toBe(401)
      expect(res.status === 403 && res.text === '', `${route.name}: bodiless 403`).toBe(false)
    }
  })

  it.each(attacks)('refuses $name on every protected route with a bodiless 401, and changes nothing', async ({ header }) => {
    const before = await stateOf(t.baseUrl)
    const authorization = await header(t.mock)
    for (const route of PROTECTED) {
      const res = await send(route, authorization)
      expect(res.status, `${route.name}: ${res.text}`).toBe(401)
      expect(res.text, route.name).toBe('')
      expect(res.headers.get('www-authenticate'), route.name).toMatch(/^Bearer\b/)
      // The challenge never repeats the credential.
      for (const part of authorization?.split(/[ .]/) ?? []) if (part.length > 16) expect(res.headers.get('www-authenticate')).not.toContain(part)
    }
    expect(await stateOf(t.baseUrl)).toEqual(before)
  })

  it('refuses a valid token without the route\'s scope on every protected route with a 403, and changes nothing', async () => {
    const before = await stateOf(t.baseUrl)
    // A real token of the mock's Maskinporten, for the right vendor, with a scope no vendor route takes.
    const authorization = `Bearer ${await vendorToken(t.baseUrl, SMARTCLOUD, 'altinn:somethingelse.read')}`
    for (const route of PROTECTED) {
      const res = await send(route, authorization)
      expect(res.status, `${route.name}: ${res.text}`).toBe(403)
      if (route.name === 'kravOgBetalinger') expect(res.body).toMatchObject({ error: 'insufficient_scope' })
      else expect(res.text, route.name).toBe('')
    }
    expect(await stateOf(t.baseUrl)).toEqual(before)
  })

  it('refuses every forged token at Altinn\'s token exchange with 401 and issues nothing', async () => {
    for (const { name, header } of attacks) {
      const authorization = await header(t.mock)
      const res = await call(t.baseUrl, 'GET', '/authentication/api/v1/exchange/maskinporten', { headers: authorization ? { authorization } : {} })
      expect(res.status, `${name}: ${res.text}`).toBe(401)
      expect(res.text, name).toBe('')
    }
  })
})
