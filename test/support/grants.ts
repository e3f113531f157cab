/**
 * Maskinporten grants against a mock: an assertion signed in the mock's time as a seeded (or your own) client, with
 * overrides for each claim and header so a test can forge exactly one thing wrong (`client-assertion.ts`); the grant
 * posted to the token endpoint; and hand-made JWTs (unsigned, tampered) and their claims.
 *
 * @example
 * ```ts
 * const client = seededClient(t.mock, STANDARD_CLIENT_ID)
 * const res = await postGrant(t.mock, await anAssertion(t.mock, client, { scope: 'skatteetaten:kravogbetalinger' }))
 * ```
 */
import { createPublicKey, type KeyObject } from 'node:crypto'
import { expect } from 'vitest'
import { JWT_BEARER_GRANT_TYPE, Scopes } from '../../sdk/contract/index.ts'
import type { MockContext } from '../../mock-server/core/context.ts'
import { STANDARD_CLIENT_ID } from '../../mock-server/seed/personas.ts'
import { ALL_VENDOR_SCOPES, call, callAt, type JsonResponse } from './api.ts'
import { signClientAssertion, signingClientOf, type AssertionOverrides, type SigningClient } from './client-assertion.ts'

export const KRAV_SCOPE = Scopes.kravOgBetalinger

/** A seeded client that signs with its test-only private key from the seed. */
export function seededClient(mock: MockContext, clientId: string): SigningClient {
  const c = mock.store.maskinportenClients.get(clientId)
  if (!c) throw new Error(`no seeded client ${clientId}`)
  return signingClientOf(c)
}

/** The PEM of a seeded client's public key (what an HMAC-with-the-public-key attack uses as the secret). */
export function publicPemOf(client: SigningClient): string {
  return createPublicKey(client.privateKey as KeyObject).export({ type: 'spki', format: 'pem' }).toString()
}

/**
 * A signed grant assertion for the mock's Maskinporten, in the mock's time: `iss` = client id, `aud` = issuer, `iat`
 * now, `exp` now+60, a fresh `jti`, and the scope (default `skatteetaten:kravogbetalinger`).
 */
export function anAssertion(mock: MockContext, client: SigningClient, o: AssertionOverrides = {}): Promise<string> {
  return signClientAssertion(client, mock.config.maskinportenIssuer, Math.floor(mock.clock.now() / 1000), o)
}

/** POST the grant to the mock's token endpoint (form body). */
export function postGrant(mock: MockContext, assertion: string, extra: Record<string, string> = {}): Promise<JsonResponse> {
  const body = new URLSearchParams({ grant_type: JWT_BEARER_GRANT_TYPE, assertion, ...extra }).toString()
  return call(mock.config.maskinportenIssuer, 'POST', `${mock.config.maskinportenIssuer}token`, { body, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
}

/**
 * A vendor token from the mock's Maskinporten at `issuer`, through the JWT-bearer grant with the seeded SmartCloud
 * client (the assertion's audience is that issuer).
 */
export async function grantAt(fetchImpl: typeof fetch, mock: MockContext, issuer: string, scope = ALL_VENDOR_SCOPES): Promise<string> {
  const assertion = await anAssertion(mock, seededClient(mock, STANDARD_CLIENT_ID), { aud: issuer, scope })
  const res = await callAt<{ access_token: string }>(fetchImpl, `${issuer}token`, 'POST', { form: new URLSearchParams({ grant_type: JWT_BEARER_GRANT_TYPE, assertion }) })
  expect(res.status, res.text).toBe(200)
  return res.body.access_token
}
