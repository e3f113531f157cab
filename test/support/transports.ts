/**
 * Run the same integration suite over every transport: a real HTTP server on port 0, msw intercepting in-process,
 * and the mock's own `fetch` (`createMockFetch`) standing in for the global `fetch` while the suite runs, so the
 * suite's own calls and the SDK's go through it unchanged.
 *
 * @example
 * ```ts
 * describe.each(transports)('over %s', (transport) => {
 *   const t = useMock(transport)
 *   it('answers /healthz', async () => expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200))
 * })
 * ```
 */
import { afterAll, afterEach, beforeAll } from 'vitest'
import { createMockFetch, type MockFetch } from '../../mock-server/fetch.ts'
import { startMockServer, type RunningMockServer } from '../../mock-server/http/server.ts'
import { startInProcessMock, type RunningInProcessMock } from '../../mock-server/msw.ts'
import type { MockAltinn } from '../../mock-server/core/mock-altinn.ts'
import type { ControllableClock } from '../../mock-server/core/clock.ts'
import type { EnvironmentUrls } from '../../sdk/contract/index.ts'
import { createDriftGuard } from './openapi-drift.ts'

export const transports = ['http', 'msw', 'fetch'] as const
export type Transport = (typeof transports)[number]

export interface MockHandle {
  /** Platform origin: Altinn API, control API. */
  readonly baseUrl: string
  readonly urls: EnvironmentUrls
  readonly mock: MockAltinn
}

export interface UseMockOptions {
  /** msw and fetch: serve these hosts (e.g. `Environments.tt02`) instead of one made-up origin. */
  urls?: EnvironmentUrls
  clock?: ControllableClock
  pageSize?: number
}

/** Start a mock for the enclosing describe over the transport; reset to the seed after each test. */
export function useMock(transport: Transport, options: UseMockOptions = {}): MockHandle {
  let http: RunningMockServer | undefined
  let msw: RunningInProcessMock | undefined
  let inProcess: MockFetch | undefined
  let globalFetch: typeof fetch | undefined
  // Every answer is held to the mock's OpenAPI document; a test whose calls got answers it does not describe fails.
  const drift = createDriftGuard()
  const hooks = drift.hooks
  const handle = {
    get baseUrl() {
      return (http?.mock ?? msw?.mock ?? inProcess!.mock).config.platformUrl
    },
    get urls(): EnvironmentUrls {
      const c = (http?.mock ?? msw?.mock ?? inProcess!.mock).config
      return { platformUrl: c.platformUrl, portalUrl: c.portalUrl, maskinportenIssuer: c.maskinportenIssuer }
    },
    get mock() {
      return (http?.mock ?? msw?.mock ?? inProcess!.mock)
    },
  }
  beforeAll(async () => {
    if (transport === 'http') http = await startMockServer({ port: 0, hooks, ...(options.clock ? { clock: options.clock } : {}), ...(options.pageSize ? { pageSize: options.pageSize } : {}) })
    else if (transport === 'fetch') {
      inProcess = createMockFetch({ hooks, ...(options.urls ? { environment: options.urls } : {}), ...(options.clock ? { clock: options.clock } : {}), ...(options.pageSize ? { pageSize: options.pageSize } : {}) })
      // Nothing else reaches the network meanwhile: the mock's fetch refuses every other host.
      globalFetch = globalThis.fetch
      globalThis.fetch = inProcess.fetch
    } else msw = startInProcessMock({ hooks, ...(options.urls ? { urls: options.urls } : {}), ...(options.clock ? { clock: options.clock } : {}), ...(options.pageSize ? { pageSize: options.pageSize } : {}) })
  })
  afterEach(() => {
    handle.mock.reset()
    handle.mock.clock.reset()
    drift.assertNoDrift()
  })
  afterAll(async () => {
    await http?.close()
    msw?.close()
    if (globalFetch) globalThis.fetch = globalFetch
  })
  return handle
}
