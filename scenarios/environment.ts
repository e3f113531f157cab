/**
 * Where a scenario run takes place: a mock over HTTP (started here on a free port, or one already running at
 * `--base-url`) or in-process over msw on the real TT02 host names; and the vendor clients made from the seed's
 * Maskinporten clients, exactly as a vendor would configure the SDK.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { createAltinnClient, Environments, type AltinnClient, type EnvironmentUrls, type MaskinportenClientOptions } from 'altinn-systemuser-sdk'
import { mockEnvironment } from 'altinn-systemuser-sdk/contract'
import { personas, startMockServer, type RunningMockServer } from '../mock-server/index.ts'
import type { RunningInProcessMock } from '../mock-server/msw.ts'
import { createControlClient, type ClockAnswer, type ControlClient } from './control.ts'
import type { RunVendor, UserDriver } from './define.ts'
import type { ScenarioSetup } from './runner.ts'
import { createApiUser } from './drivers/api-user.ts'

export type Transport = 'http' | 'msw'
export type UserKind = 'api' | 'browser'

export interface EnvironmentOptions {
  transport?: Transport
  user?: UserKind
  /** A mock already running (HTTP only); otherwise one is started on a free port. */
  baseUrl?: string
  /** The control token of the mock at `baseUrl`, when it wants one (bound to an address other machines can reach). */
  controlToken?: string
}

/** A ready place to run scenarios; `context()` builds a fresh context per scenario. */
export interface ScenarioEnvironment {
  readonly urls: EnvironmentUrls
  readonly transport: Transport
  readonly ownsMock: boolean
  /** The mock's clock when the environment opened; `warning` is set when it is far from real time. */
  readonly clockAtStart: ClockAnswer | undefined
  context(): Promise<ScenarioSetup>
  close(): Promise<void>
}

interface SeedClient {
  clientId: string
  orgNo: string
  kid: string
  privateJwk: JsonWebKey
}

const { SMARTCLOUD, KONKURRENT, STANDARD_SYSTEM, AGENT_SYSTEM } = personas

/** Start (or attach to) the mock and prepare vendors and the user driver. */
export async function openScenarioEnvironment(options: EnvironmentOptions = {}): Promise<ScenarioEnvironment> {
  const transport = options.transport ?? 'http'
  const userKind = options.user ?? 'api'
  if (transport === 'msw' && options.baseUrl) throw new Error('--base-url needs --transport http (msw runs the mock in this process).')
  if (transport === 'msw' && userKind === 'browser') throw new Error('The browser user needs --transport http: a browser cannot reach a mock that lives inside this process.')

  let server: RunningMockServer | undefined
  let inProcess: RunningInProcessMock | undefined
  let urls: EnvironmentUrls
  if (transport === 'msw') {
    // msw is an optional peer of the package: loaded only for the in-process transport.
    const { startInProcessMock } = await import('../mock-server/msw.ts').catch((e: unknown) => {
      throw new Error(`--transport msw needs msw next to altinn-systemuser-mock (npm i -D msw): ${(e as Error).message}`)
    })
    inProcess = startInProcessMock({ urls: Environments.tt02 })
    urls = Environments.tt02
  } else if (options.baseUrl) {
    urls = mockEnvironment(options.baseUrl)
    const health = await fetch(`${urls.platformUrl}/healthz`).catch((e: unknown) => {
      throw new Error(`No mock answers at ${options.baseUrl} (${(e as Error).message}): start it with npx altinn-systemuser-mock start, or leave out --base-url and the scenarios start one.`)
    })
    if (!health.ok) throw new Error(`${options.baseUrl}/healthz answered ${health.status}; is that the mock?`)
  } else {
    server = await startMockServer({ port: 0 })
    urls = mockEnvironment(server.url)
  }
  // The mock's clock can be moved (P181D); the vendors sign their assertions in the mock's time, as a vendor whose
  // clock agrees with Maskinporten's would.
  let clockOffsetMs = 0
  const baseControl = createControlClient(urls.platformUrl, { token: options.controlToken })
  const track = async <T extends { now: string }>(p: Promise<T>): Promise<T> => {
    const r = await p
    clockOffsetMs = Date.parse(r.now) - Date.now()
    return r
  }
  const control: ControlClient = {
    ...baseControl,
    advanceClock: (d) => track(baseControl.advanceClock(d)),
    resetClock: () => track(baseControl.resetClock()),
    clock: () => track(baseControl.clock()),
  }
  const seedRes = await fetch(`${urls.platformUrl}/__mock/seed`, { headers: control.headers })
  if (seedRes.status === 401)
    throw new Error(
      `The mock at ${urls.platformUrl} wants its control token${options.controlToken ? ', and refused the one given' : ''}: pass the token it printed at start with --control-token or MOCK_ALTINN_CONTROL_TOKEN.`,
    )
  if (!seedRes.ok) throw new Error(`${urls.platformUrl}/__mock/seed answered ${seedRes.status}; is that the mock?`)
  const seed = (await seedRes.json()) as { maskinportenClients: SeedClient[]; systems: { id: string; clientId: string[] }[] }

  // A shared mock's clock may have been moved by someone else: the vendors here follow it (see above).
  const clockAtStart = await control.clock().catch(() => undefined)

  function vendorWith(maskinporten: MaskinportenClientOptions): AltinnClient {
    return createAltinnClient({ environment: urls, maskinporten, redirectSecret: randomBytes(32), now: () => Date.now() + clockOffsetMs })
  }

  function vendorFor(systemId: string, orgNo: string): AltinnClient {
    const system = seed.systems.find((s) => s.id === systemId)
    const client = seed.maskinportenClients.find((c) => c.orgNo === orgNo && (system ? system.clientId.includes(c.clientId) : true))
    if (!client) throw new Error(`The seed has no Maskinporten client for ${orgNo}${system ? ` on ${systemId}` : ''}.`)
    return vendorWith({ clientId: client.clientId, key: client.privateJwk, kid: client.kid })
  }

  async function newVendorClient(runId: string): Promise<RunVendor> {
    // An EC key: made in about a millisecond, and Maskinporten takes ES256.
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const kid = `run-${runId}-${randomBytes(3).toString('hex')}`
    const clientId = `smartcloud-${kid}`
    await control.registerMaskinportenClient({ clientId, orgNo: SMARTCLOUD, jwks: { keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'ES256', use: 'sig' }] } })
    return { clientId, vendor: vendorWith({ clientId, kid, alg: 'ES256', key: privateKey.export({ format: 'jwk' }) }) }
  }

  let browserUser: UserDriver | undefined
  async function user(): Promise<UserDriver> {
    if (userKind === 'api') return createApiUser(urls.platformUrl, options.controlToken)
    const { createBrowserUser } = await import('./drivers/browser-user.ts')
    browserUser ??= await createBrowserUser(urls, options.controlToken)
    return browserUser
  }

  return {
    urls,
    transport,
    ownsMock: !options.baseUrl,
    clockAtStart,
    async context() {
      if (!options.baseUrl) {
        await control.reset()
        await control.resetClock()
      } else await control.clock()
      const runId = randomBytes(4).toString('hex')
      return {
        vendor: vendorFor(STANDARD_SYSTEM, SMARTCLOUD),
        agentVendor: vendorFor(AGENT_SYSTEM, SMARTCLOUD),
        competitor: vendorFor('', KONKURRENT),
        user: await user(),
        control,
        urls,
        runId,
        externalRef: options.baseUrl ? `run-${runId}` : undefined,
        shared: Boolean(options.baseUrl),
        newVendorClient: () => newVendorClient(runId),
      }
    },
    async close() {
      await browserUser?.close()
      await server?.close()
      inProcess?.close()
    },
  }
}
