/**
 * Helpers for the SDK's integration suites: a client pointed at the mock exactly as a vendor would point it at
 * Altinn (the TT02 host names over msw, the mock's origin over HTTP), with vendor tokens from the control API.
 */
import { createAltinnClient, Environments, mockEnvironment, type AltinnClient, type AltinnClientOptions } from '../../sdk/index.ts'
import { call, vendorToken } from './api.ts'
import type { MockHandle, Transport, UseMockOptions } from './transports.ts'
import { SMARTCLOUD } from '../../mock-server/seed/personas.ts'

/** Serve msw on the real TT02 hosts, so the SDK runs with `environment: 'tt02'` unchanged. */
export function mockOptionsFor(transport: Transport, extra: UseMockOptions = {}): UseMockOptions {
  return transport === 'msw' ? { urls: Environments.tt02, ...extra } : extra
}

/** The environment a vendor would configure for this transport. */
export function environmentFor(transport: Transport, t: MockHandle): AltinnClientOptions['environment'] {
  return transport === 'msw' ? 'tt02' : mockEnvironment(t.baseUrl)
}

/** A token provider over `POST /__mock/tokens`, with the scopes the SDK asks for; records what it was asked. */
export function controlApiTokens(t: MockHandle, orgNo = SMARTCLOUD) {
  const asked: string[][] = []
  const issued: string[] = []
  return {
    asked,
    issued,
    provider: async ({ scopes }: { scopes: readonly string[] }) => {
      asked.push([...scopes])
      const token = await vendorToken(t.baseUrl, orgNo, scopes.join(' '))
      issued.push(token)
      return token
    },
  }
}

/** A client for the mock, with vendor tokens from the control API unless `overrides` says otherwise. */
export function aClient(transport: Transport, t: MockHandle, overrides: Partial<AltinnClientOptions> = {}): AltinnClient {
  return createAltinnClient({
    environment: environmentFor(transport, t),
    accessToken: controlApiTokens(t).provider,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    ...overrides,
  })
}

/** The end user's part (the control API plays the portal): approve a request. */
export async function approve(t: MockHandle, requestId: string, pid?: string): Promise<void> {
  const res = await call(t.baseUrl, 'POST', `/__mock/requests/${requestId}/approve`, { body: pid ? { pid } : {} })
  if (res.status !== 200) throw new Error(`approve: ${res.status} ${res.text}`)
}

/** The end user's part: reject a request. */
export async function reject(t: MockHandle, requestId: string, pid?: string): Promise<void> {
  const res = await call(t.baseUrl, 'POST', `/__mock/requests/${requestId}/reject`, { body: pid ? { pid } : {} })
  if (res.status !== 200) throw new Error(`reject: ${res.status} ${res.text}`)
}

/** The seed's Maskinporten clients with their test-only private keys. */
export async function seededMaskinportenClients(t: MockHandle): Promise<{ clientId: string; orgNo: string; kid: string; privateJwk: Record<string, unknown> }[]> {
  const res = await call(t.baseUrl, 'GET', '/__mock/seed')
  return res.body.maskinportenClients
}
