/**
 * A mock with its harness, driven through the router exactly as both adapters drive it, on a clock that stands
 * still: for unit tests of faults, the journal and the state file.
 */
import { Scopes } from '../../sdk/contract/index.ts'
import { createFixedClock } from '../../mock-server/core/clock.ts'
import { createMockAltinn, type MockAltinn } from '../../mock-server/core/mock-altinn.ts'
import { mintMaskinportenToken } from '../../mock-server/core/tokens.ts'
import { getHarness, withHarness, type Harness } from '../../mock-server/harness/harness.ts'
import { createMockRouter } from '../../mock-server/table.ts'
import type { RouteResponse } from '../../mock-server/kit/types.ts'
import { loadDefaultSeed } from '../../mock-server/seed/index.ts'
import { SMARTCLOUD } from '../support/api.ts'

export const ORIGIN = 'http://mock.test'
export const T0 = Date.parse('2026-03-02T09:00:00.000Z')
const VENDOR_SCOPES = [Scopes.systemRegisterWrite, Scopes.requestRead, Scopes.requestWrite].join(' ')

export interface SendOptions {
  token?: string
  json?: unknown
  form?: Record<string, string>
  headers?: Record<string, string>
}

export interface HarnessedMock {
  mock: MockAltinn
  harness: Harness
  /** One call through the router (with the harness hooks), as an adapter makes it. */
  send(method: string, path: string, options?: SendOptions): Promise<RouteResponse & { json: any }>
  /** A vendor token of the mock's Maskinporten. */
  tokenFor(orgNo?: string, scope?: string): Promise<string>
}

/** A fresh mock on the default seed with its own harness; `random` decides probabilistic faults. */
export function aHarnessedMock(options: { journalCapacity?: number; random?: () => number; mock?: MockAltinn } = {}): HarnessedMock {
  const mock = options.mock ?? createMockAltinn({ seed: loadDefaultSeed(), clock: createFixedClock(T0), origin: ORIGIN })
  const harness = getHarness(mock, {
    ...(options.journalCapacity ? { journalCapacity: options.journalCapacity } : {}),
    ...(options.random ? { random: options.random } : {}),
  })
  const router = createMockRouter(withHarness())
  return {
    mock,
    harness,
    async send(method, path, o = {}) {
      const headers: Record<string, string | undefined> = { ...(o.headers ?? {}) }
      if (o.token) headers.authorization = `Bearer ${o.token}`
      let body: string | undefined
      if (o.json !== undefined) {
        body = JSON.stringify(o.json)
        headers['content-type'] ??= 'application/json'
      } else if (o.form) {
        body = new URLSearchParams(o.form).toString()
        headers['content-type'] ??= 'application/x-www-form-urlencoded'
      }
      const res = await router.dispatch(mock, { method, url: new URL(path, ORIGIN), headers, ...(body !== undefined ? { body } : {}) })
      let json: unknown
      try {
        json = res.body ? JSON.parse(res.body) : undefined
      } catch {
        json = undefined
      }
      return { ...res, json }
    },
    async tokenFor(orgNo = SMARTCLOUD, scope = VENDOR_SCOPES) {
      return (await mintMaskinportenToken(mock, { orgNo, scope })).accessToken
    },
  }
}

/** SmartCloud's seeded Maskinporten client (standard system). */
export const SMARTCLOUD_CLIENT = 'a3f1c0de-5c6b-4f8e-9d1a-318882703001'

/**
 * A JWT-bearer grant assertion signed with a seeded client's test-only key, as a vendor would sign it.
 *
 * @example
 * ```ts
 * await h.send('POST', '/maskinporten/token', { form: { grant_type: JWT_BEARER, assertion: await anAssertion(h.mock) } })
 * ```
 */
export async function anAssertion(mock: MockAltinn, claims: Record<string, unknown> = {}, clientId = SMARTCLOUD_CLIENT): Promise<string> {
  const { SignJWT, importJWK } = await import('jose')
  const client = mock.store.maskinportenClients.get(clientId)!
  const jwk = client.privateJwk!
  const key = await importJWK(jwk as never, 'RS256')
  const now = Math.floor(mock.clock.now() / 1000)
  return new SignJWT({ scope: 'altinn:authentication/systemuser.request.read', jti: crypto.randomUUID(), ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: jwk.kid ?? client.kid })
    .setIssuer(clientId)
    .setAudience(mock.config.maskinportenIssuer)
    .setIssuedAt(now)
    .setExpirationTime(now + 60)
    .sign(key)
}

export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer'
