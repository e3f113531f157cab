/**
 * SmartCloud's back end, as a vendor would write it: the SDK (`createAltinnClient` from `altinn-systemuser-sdk`) with
 * SmartCloud's seeded Maskinporten client, and a `fetch` that answers from this mock's own route table in the same
 * process. No socket is opened, so the demo works behind any public URL (a container name, a tunnel), and its calls
 * pass the same rules, fault rules and journal as any vendor's.
 */
import { randomBytes } from 'node:crypto'
import { buildPath, TaxClaimsResponseSchema, TokenRoutes, type TaxClaimsResponse } from 'altinn-systemuser-sdk/contract'
import type { AltinnClient } from 'altinn-systemuser-sdk'
import { baseMockOf, type MockAltinn } from '../core/mock-altinn.ts'
import type { FetchFunction } from '../kit/route-fetch.ts'

/** The secret that signs SmartCloud's redirect states: random, one per mock, never leaves this process. */
// '.js', not '.ts': an augmentation's name is not rewritten in the published '.d.ts' files.
declare module '../core/mock-altinn.js' {
  interface MockParts {
    /** The secret that signs SmartCloud's redirect states. */
    demoRedirectSecret?: Uint8Array
  }
}

function redirectSecretOf(mock: MockAltinn): Uint8Array {
  return (baseMockOf(mock).parts.demoRedirectSecret ??= randomBytes(32))
}

/**
 * Thrown when the seed has no Maskinporten client with a key for a demo system: the demo says so on its page.
 *
 * @example
 * ```ts
 * if (e instanceof DemoSetupError) return errorPage(e.message)
 * ```
 */
export class DemoSetupError extends Error {
  override readonly name = 'DemoSetupError'
}

type Sdk = typeof import('altinn-systemuser-sdk')
let sdk: Promise<Sdk> | undefined

/**
 * The SDK, loaded when SmartCloud first needs it: the mock starts, and answers `/healthz`, without loading it.
 *
 * @example
 * ```ts
 * const { AltinnError } = await loadSdk()
 * ```
 */
export function loadSdk(): Promise<Sdk> {
  sdk ??= import('altinn-systemuser-sdk')
  return sdk
}

/**
 * SmartCloud's SDK client for one of its systems.
 *
 * @example
 * ```ts
 * const { client } = await smartCloudClient(mock, altinn, '318882703_smartcloud')
 * const { request } = await client.requests.create({ systemId: '318882703_smartcloud', partyOrgNo, rights })
 * ```
 */
export async function smartCloudClient(mock: MockAltinn, fetch: FetchFunction, systemId: string): Promise<{ client: AltinnClient; redirectSecret: Uint8Array }> {
  const { systems, maskinportenClients } = mock.seed
  const allowed = systems.find((s) => s.id === systemId)?.clientId ?? []
  const mp = maskinportenClients.find((c) => allowed.includes(c.clientId) && c.privateJwk)
  if (!mp?.privateJwk) throw new DemoSetupError(`Seeden har ingen Maskinporten-klient med nøkkel for systemet ${systemId}, så SmartCloud kan ikke logge inn.`)
  const redirectSecret = redirectSecretOf(mock)
  const { platformUrl, portalUrl, maskinportenIssuer } = mock.config
  const { createAltinnClient } = await loadSdk()
  const client = createAltinnClient({
    environment: { platformUrl, portalUrl, maskinportenIssuer },
    maskinporten: { clientId: mp.clientId, kid: mp.kid, key: mp.privateJwk as JsonWebKey },
    redirectSecret,
    fetch: fetch as typeof globalThis.fetch,
    // The mock's clock may be moved (POST /__mock/clock): tokens are judged by its time.
    now: () => mock.clock.now(),
    // One attempt, a short deadline: a person is waiting for the page.
    retry: { limit: 0 },
    timeoutMs: 10_000,
  })
  return { client, redirectSecret }
}

/** What "Krav og betalinger" answered for one organisation. */
export type ClaimsAnswer = { ok: true; claims: TaxClaimsResponse } | { ok: false; status: number; reason: string }

/**
 * `GET /service/krav-og-betalinger/{orgNo}` with a system-user token, as SmartCloud's back end calls it.
 *
 * @example
 * ```ts
 * const answer = await readClaims(mock, fetch, accessToken, '312091437')
 * if (answer.ok) console.log(answer.claims.total)
 * ```
 */
export async function readClaims(mock: MockAltinn, fetch: FetchFunction, accessToken: string, orgNo: string): Promise<ClaimsAnswer> {
  const res = await fetch(`${mock.config.platformUrl}${buildPath(TokenRoutes.kravOgBetalinger.path, { orgNo })}`, { headers: { authorization: `Bearer ${accessToken}` } })
  const body = (await res.json().catch(() => undefined)) as unknown
  if (res.status === 200) {
    const parsed = TaxClaimsResponseSchema.safeParse(body)
    if (parsed.success) return { ok: true, claims: parsed.data }
    return { ok: false, status: 200, reason: 'Svaret fra Krav og betalinger kunne ikke leses.' }
  }
  const reason = (body as { reason?: unknown } | undefined)?.reason
  return { ok: false, status: res.status, reason: typeof reason === 'string' ? reason : `Svar ${res.status}.` }
}
