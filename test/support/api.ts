/**
 * Small helpers for calling the mock like a vendor with curl would: a token from `/__mock/tokens`, JSON in and out.
 */
import { Scopes } from '../../sdk/contract/index.ts'

export const SMARTCLOUD = '318882703'
export const KONKURRENT = '315889545'
export const CUSTOMER = '312091437' // TILFELDIG SUBTIL APE
export const FACILITATOR = '310989312' // TILBAKEHOLDEN USYMMETRISK TIGER AS
export const CLIENTS = ['315465222', '312659298', '316948219'] as const
export const NON_CLIENT = '311574000' // UAVHENGIG STILLE REV AS
export const STADIG_KONSERT = '03827150095'
export const DRESS_MINST = '21898450160'
export const FLITTIG_ANSATT = '14919050099'
export const FREMMED_TURIST = '08866650188'
export const STANDARD_SYSTEM = `${SMARTCLOUD}_smartcloud`
export const AGENT_SYSTEM = `${SMARTCLOUD}_smartcloud_agent`
export const KRAV = 'ske-krav-og-betalinger'
export const REGNSKAPSFORER = 'urn:altinn:accesspackage:regnskapsforer-med-signeringsrettighet'

export const ALL_VENDOR_SCOPES = [Scopes.systemRegisterWrite, Scopes.requestRead, Scopes.requestWrite].join(' ')

export interface JsonResponse<T = any> {
  status: number
  headers: Headers
  body: T
  text: string
}

/** Get a vendor token from the control API. */
export async function vendorToken(baseUrl: string, orgNo = SMARTCLOUD, scope = ALL_VENDOR_SCOPES): Promise<string> {
  const res = await fetch(`${baseUrl}/__mock/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ orgNo, scope }) })
  if (res.status !== 200) throw new Error(`token: ${res.status} ${await res.text()}`)
  return ((await res.json()) as { access_token: string }).access_token
}

/** Call the mock; `body` objects are sent as JSON, strings as they are. */
export async function call<T = any>(baseUrl: string, method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) }
  if (options.token) headers.authorization = `Bearer ${options.token}`
  let body: string | undefined
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body)
    headers['content-type'] ??= 'application/json'
  }
  const res = await fetch(path.startsWith('http') ? path : `${baseUrl}${path}`, { method, headers, ...(body !== undefined ? { body } : {}), redirect: 'manual' })
  const text = await res.text()
  let parsed: unknown = undefined
  try {
    parsed = text ? JSON.parse(text) : undefined
  } catch {
    parsed = text
  }
  return { status: res.status, headers: res.headers, body: parsed as T, text }
}

/** A vendor that calls with its own token. */
export function asVendor(baseUrl: string, orgNo = SMARTCLOUD, scope = ALL_VENDOR_SCOPES) {
  let token: string | undefined
  const withToken = async () => (token ??= await vendorToken(baseUrl, orgNo, scope))
  return {
    get: async <T = any>(path: string) => call<T>(baseUrl, 'GET', path, { token: await withToken() }),
    post: async <T = any>(path: string, body?: unknown) => call<T>(baseUrl, 'POST', path, { token: await withToken(), body }),
    put: async <T = any>(path: string, body?: unknown) => call<T>(baseUrl, 'PUT', path, { token: await withToken(), body }),
    del: async <T = any>(path: string) => call<T>(baseUrl, 'DELETE', path, { token: await withToken() }),
    token: withToken,
  }
}

/** A standard request body for SmartCloud's seeded system and TILFELDIG SUBTIL APE, with overrides. */
export function aStandardRequest(overrides: Record<string, unknown> = {}) {
  return {
    systemId: STANDARD_SYSTEM,
    partyOrgNo: CUSTOMER,
    rights: [{ resource: [{ id: 'urn:altinn:resource', value: KRAV }] }],
    redirectUrl: 'https://smartcloud.example/receipt?state=abc',
    ...overrides,
  }
}

/** An agent request body for SmartCloud's agent system and the accounting firm, with overrides. */
export function anAgentRequest(overrides: Record<string, unknown> = {}) {
  return {
    systemId: AGENT_SYSTEM,
    partyOrgNo: FACILITATOR,
    accessPackages: [{ urn: REGNSKAPSFORER }],
    redirectUrl: 'https://smartcloud.example/receipt',
    ...overrides,
  }
}

export const A = '/authentication/api/v1'
