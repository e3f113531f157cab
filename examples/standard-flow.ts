/**
 * The standard flow as a vendor writes it, with nothing but the SDK: SmartCloud AS asks TILFELDIG SUBTIL APE
 * for a system user, waits for the customer's decision, gets a system-user token from Maskinporten, and reads
 * the customer's tax claims.
 *
 * The same `runStandardFlow` runs against the mock over HTTP and against the real TT02 host names (intercepted
 * in-process); only the setup differs. Run it:
 *
 * ```sh
 * npm start                                                       # in one terminal
 * node --import tsx examples/standard-flow.ts                     # against http://127.0.0.1:5101
 * node --import tsx examples/standard-flow.ts http://127.0.0.1:5101
 * node --import tsx examples/standard-flow.ts --msw               # no server: the TT02 hosts, in-process
 * ```
 *
 * @example
 * ```ts
 * import { runStandardFlow } from './examples/standard-flow.ts'
 * const { request, claims } = await runStandardFlow({ environment: 'tt02', maskinporten, serviceUrl, approve })
 * ```
 */
import { createAltinnClient, isSystemUserAlreadyExists, mockEnvironment, type AltinnClientOptions, type MaskinportenClientOptions } from '../sdk/index.ts'

/** What the flow needs from its surroundings. */
export interface StandardFlowSetup {
  environment: AltinnClientOptions['environment']
  maskinporten: MaskinportenClientOptions
  /** Where the service ("Krav og betalinger") answers. */
  serviceUrl: string
  /** The end user's part: someone at the customer approves the request at `confirmUrl`. */
  approve: (confirmUrl: string, requestId: string) => Promise<void>
  log?: (line: string) => void
}

/**
 * The vendor's code: create, let the customer approve, wait for the decision, get a system-user token, read
 * the tax claims. A customer who is already connected (AUTH-00004) goes straight to the token.
 *
 * @example
 * ```ts
 * await runStandardFlow({ environment: mockEnvironment('http://127.0.0.1:5101'), maskinporten, serviceUrl: 'http://127.0.0.1:5101', approve })
 * ```
 */
export async function runStandardFlow({ environment, maskinporten, serviceUrl, approve, log = console.log }: StandardFlowSetup) {
  const client = createAltinnClient({ environment, maskinporten })
  const customer = '312091437' // TILFELDIG SUBTIL APE
  const ask = { systemId: '318882703_smartcloud', partyOrgNo: customer, rights: [{ resource: [{ id: 'urn:altinn:resource', value: 'ske-krav-og-betalinger' }] }] }
  const created = await client.requests.create(ask).catch((e: unknown) => (isSystemUserAlreadyExists(e) ? undefined : Promise.reject(e)))
  if (created) {
    log(`Request ${created.request.status}: send the customer to ${created.request.confirmUrl}`)
    await approve(created.request.confirmUrl!, created.request.id) // the end user's part
    const decided = await client.requests.waitForDecision(created.request, { intervalMs: 250, timeoutMs: 5 * 60_000 })
    if (decided.status !== 'Accepted') throw new Error(`The customer's answer: ${decided.status}`)
    log(`Request ${decided.status}: system user ${decided.id}`)
  } else log('Already connected (AUTH-00004): going straight to the token')
  const { accessToken, expiresAt } = await client.tokens.systemUser({ orgNo: customer, scopes: ['skatteetaten:kravogbetalinger'] })
  log(`System-user token until ${expiresAt.toISOString()}`)
  const answer = await fetch(`${serviceUrl}/service/krav-og-betalinger/${customer}`, { headers: { authorization: `Bearer ${accessToken}` } })
  if (!answer.ok) throw new Error(`Krav og betalinger answered ${answer.status}: ${await answer.text()}`)
  const claims = (await answer.json()) as { orgNo: string; claims: unknown[]; total: number }
  log(`${claims.claims.length} tax claims for ${claims.orgNo}, total ${claims.total}`)
  return { claims, connectedBefore: !created }
}

// ---------------------------------------------------------------------------------------------------------
// Setup for trying it against the mock. Not the vendor's code: a real vendor has their own Maskinporten key,
// and a real customer approves in the Altinn portal.

interface SeededClient {
  clientId: string
  kid: string
  privateJwk: Record<string, unknown>
}

/** The mock's seeded SmartCloud client, with its test-only key, from `GET /__mock/seed`. */
async function seededSmartCloudClient(controlUrl: string): Promise<MaskinportenClientOptions> {
  const seed = (await (await fetch(`${controlUrl}/__mock/seed`)).json()) as { maskinportenClients: (SeededClient & { orgNo: string })[] }
  const client = seed.maskinportenClients.find((c) => c.orgNo === '318882703')
  if (!client) throw new Error('The mock has no Maskinporten client for SmartCloud AS (318882703)')
  return { clientId: client.clientId, kid: client.kid, key: client.privateJwk as MaskinportenClientOptions['key'] }
}

/** The end user's part, played by the mock's control API: STADIG KONSERT approves (same rights checks as the portal). */
function approveWithControlApi(controlUrl: string) {
  return async (_confirmUrl: string, requestId: string) => {
    const res = await fetch(`${controlUrl}/__mock/requests/${requestId}/approve`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pid: '03827150095' }) })
    if (!res.ok) throw new Error(`Approval failed: ${res.status} ${await res.text()}`)
  }
}

/** Nothing answers where the mock should be: said in one line, with what to do. */
class NoMockError extends Error {}

/** Ask the mock's health check first, so a mock that was never started is named as such, not as a fetch failure. */
async function ensureMockAnswers(baseUrl: string): Promise<void> {
  const res = await fetch(`${baseUrl}/healthz`).catch(() => undefined)
  if (!res) throw new NoMockError(`No mock answers at ${baseUrl}: start it with npx altinn-systemuser-mock start`)
  if (!res.ok) throw new NoMockError(`${baseUrl}/healthz answered ${res.status}: is that the mock? Start it with npx altinn-systemuser-mock start`)
}

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--msw')) {
    const { startInProcessMock } = await import('../mock-server/msw.ts')
    const { Environments } = await import('../sdk/index.ts')
    const mock = startInProcessMock({ urls: Environments.tt02 })
    try {
      const control = Environments.tt02.platformUrl
      await runStandardFlow({ environment: 'tt02', maskinporten: await seededSmartCloudClient(control), serviceUrl: control, approve: approveWithControlApi(control) })
    } finally {
      mock.close()
    }
    return
  }
  const baseUrl = (argv.find((a) => !a.startsWith('-')) ?? 'http://127.0.0.1:5101').replace(/\/+$/, '')
  await ensureMockAnswers(baseUrl)
  await runStandardFlow({
    environment: mockEnvironment(baseUrl),
    maskinporten: await seededSmartCloudClient(baseUrl),
    serviceUrl: baseUrl,
    approve: approveWithControlApi(baseUrl),
  })
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e instanceof NoMockError ? e.message : e instanceof Error ? `${e.name}: ${e.message}` : e)
    process.exit(1)
  })
}
