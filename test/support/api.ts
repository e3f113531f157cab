/**
 * Calling the mock like a vendor with curl would: a token from `/__mock/tokens`, JSON (or a form) in, the answer read
 * whole, through the global `fetch` or another one; and the control API's state.
 */
import { Scopes } from '../../sdk/contract/index.ts'
import { SMARTCLOUD } from '../../mock-server/seed/personas.ts'

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

/** What a call may send, and through which `fetch` (one that sends another Host, say; the global one by default). */
export interface CallOptions {
  token?: string
  /** Objects go as JSON, strings as they are. */
  body?: unknown
  /** Sent as `application/x-www-form-urlencoded`. */
  form?: URLSearchParams | Record<string, string>
  headers?: Record<string, string>
  fetch?: typeof fetch
}

/** The answer read whole: JSON parsed when it parses, else the text itself (`undefined` when empty). */
export async function jsonResponseOf<T = any>(res: Response): Promise<JsonResponse<T>> {
  const text = await res.text()
  let parsed: unknown
  try {
    parsed = text ? JSON.parse(text) : undefined
  } catch {
    parsed = text
  }
  return { status: res.status, headers: res.headers, body: parsed as T, text }
}

/** Call the mock at `baseUrl` (or at `path` when it is an absolute URL); redirects are not followed. */
export async function call<T = any>(baseUrl: string, method: string, path: string, options: CallOptions = {}): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) }
  if (options.token) headers.authorization = `Bearer ${options.token}`
  let body: string | undefined
  if (options.form !== undefined) {
    body = new URLSearchParams(options.form).toString()
    headers['content-type'] ??= 'application/x-www-form-urlencoded'
  } else if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body)
    headers['content-type'] ??= 'application/json'
  }
  const res = await (options.fetch ?? fetch)(path.startsWith('http') ? path : `${baseUrl}${path}`, { method, headers, ...(body !== undefined ? { body } : {}), redirect: 'manual' })
  return jsonResponseOf<T>(res)
}

/** {@link call} through `fetchImpl` at an absolute URL. */
export function callAt<T = any>(fetchImpl: typeof fetch, url: string, method = 'GET', options: Omit<CallOptions, 'fetch'> = {}): Promise<JsonResponse<T>> {
  return call<T>(url, method, '', { ...options, fetch: fetchImpl })
}

/** `GET /__mock/state` without `now` (the clock moves between two reads). */
export async function stateOf(baseUrl: string): Promise<unknown> {
  const res = await call(baseUrl, 'GET', '/__mock/state')
  if (res.status !== 200) throw new Error(`state: ${res.status} ${res.text}`)
  const { now: _now, ...rest } = res.body
  return rest
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

/** The prefix of Altinn Authentication's API. */
export const A = '/authentication/api/v1'
