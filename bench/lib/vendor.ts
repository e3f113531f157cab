/**
 * The vendor the benchmark plays: SmartCloud AS of the default seed, its token for the vendor API, and grant
 * assertions signed with its seeded Maskinporten client's test-only key.
 */
import { JWT_BEARER_GRANT_TYPE } from '../../sdk/contract/index.ts'
import { RECEIPT_URL, SMARTCLOUD, STANDARD_CLIENT_ID } from '../../mock-server/seed/personas.ts'
import { ALL_VENDOR_SCOPES } from '../../test/support/api.ts'
import { aStandardRequest as aStandardRequestBody } from '../../test/support/builders.ts'
import { signClientAssertion, signingClientOf, systemUserDetails, type SigningClient } from '../../test/support/client-assertion.ts'

export const AUTHENTICATION = '/authentication/api/v1'

/** Everything a vendor needs to call one mock. */
export interface Vendor {
  /** The platform origin (vendor API, control API, the demo service). */
  baseUrl: string
  /** Maskinporten's issuer, with its trailing slash. */
  issuer: string
  /** A vendor token with the request and register scopes. */
  token: string
  client: SigningClient
}

interface SeedClient {
  clientId: string
  kid: string
  privateJwk?: JsonWebKey & { kid?: string }
}

async function jsonOf<T>(res: Response, what: string): Promise<T> {
  if (!res.ok) throw new Error(`${what}: ${res.status} ${await res.text()}`)
  return (await res.json()) as T
}

/**
 * Read the seed and a vendor token from a running mock (any transport `fetch` reaches, or the mock's own `fetch`).
 *
 * @example
 * ```ts
 * const vendor = await prepareVendor('http://127.0.0.1:5101')
 * ```
 */
export async function prepareVendor(baseUrl: string, fetch: typeof globalThis.fetch = globalThis.fetch): Promise<Vendor> {
  const seed = await jsonOf<{ maskinportenClients: SeedClient[] }>(await fetch(`${baseUrl}/__mock/seed`), 'GET /__mock/seed')
  const seeded = seed.maskinportenClients.find((c) => c.clientId === STANDARD_CLIENT_ID)
  if (!seeded?.privateJwk) throw new Error(`the seed has no private key for ${STANDARD_CLIENT_ID}`)
  const metadata = await jsonOf<{ issuer: string }>(await fetch(`${baseUrl}/maskinporten/.well-known/oauth-authorization-server`), 'Maskinporten metadata')
  const minted = await jsonOf<{ access_token: string }>(
    await fetch(`${baseUrl}/__mock/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ orgNo: SMARTCLOUD, scope: ALL_VENDOR_SCOPES }),
    }),
    'POST /__mock/tokens',
  )
  return {
    baseUrl,
    issuer: metadata.issuer,
    token: minted.access_token,
    client: signingClientOf(seeded),
  }
}

/**
 * A grant assertion (RS256, fresh `jti`, 120 s of life), optionally asking for the system user of a customer.
 *
 * @example
 * ```ts
 * const assertion = await signAssertion(vendor, { scope: 'skatteetaten:kravogbetalinger', systemUserOrg: CUSTOMER, externalRef: 'ref-1' })
 * ```
 */
export function signAssertion(vendor: Vendor, options: { scope: string; systemUserOrg?: string; externalRef?: string }): Promise<string> {
  return signClientAssertion(vendor.client, vendor.issuer, Math.floor(Date.now() / 1000), {
    scope: options.scope,
    lifetime: 120,
    ...(options.systemUserOrg ? { authorization_details: systemUserDetails(options.systemUserOrg, options.externalRef) } : {}),
  })
}

/**
 * The form body of a JWT-bearer grant.
 *
 * @example
 * ```ts
 * await fetch(`${vendor.issuer}token`, { method: 'POST', headers: FORM, body: grantBody(assertion) })
 * ```
 */
export function grantBody(assertion: string): string {
  return new URLSearchParams({ grant_type: JWT_BEARER_GRANT_TYPE, assertion }).toString()
}

/**
 * A standard request for TILFELDIG SUBTIL APE with the seeded right, under the given external reference, back to the
 * receipt page.
 *
 * @example
 * ```ts
 * JSON.stringify(aStandardRequest('bench-1'))
 * ```
 */
export function aStandardRequest(externalRef: string) {
  return aStandardRequestBody({ externalRef, redirectUrl: RECEIPT_URL })
}
