/**
 * A small client for the mock's control API (`/__mock`): what the scenarios use for the end user's side when
 * they run with the API user, and for the clock. Errors carry the problem's AUTH code. A mock bound to an address
 * other machines can reach wants its control token on every control call: give it as `token`.
 *
 * @example
 * ```ts
 * const control = createControlClient('http://127.0.0.1:5101')
 * await control.approve(requestId, '03827150095')
 * const remote = createControlClient('http://mock-altinn:5101', { token: process.env.MOCK_ALTINN_CONTROL_TOKEN })
 * ```
 */

/** A control call that failed; `code` is the AUTH code of the problem when there is one. */
class ControlError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    readonly body: unknown,
    what: string,
  ) {
    const p = body as { title?: string; detail?: string } | undefined
    super(`${what} failed: ${status}${code ? ` ${code}` : ''}${p?.title ? ` ${p.title}` : ''}${p?.detail ? ` (${p.detail})` : ''}`)
    this.name = 'ControlError'
  }
}

export interface ControlClient {
  readonly baseUrl: string
  /** Headers every control call carries (the control token, when there is one); for calls made without the client. */
  readonly headers: Readonly<Record<string, string>>
  reset(): Promise<void>
  approve(requestId: string, pid?: string): Promise<unknown>
  reject(requestId: string, pid?: string): Promise<unknown>
  escalate(requestId: string, pid: string): Promise<unknown>
  addClient(systemUserId: string, orgNo: string, pid?: string): Promise<{ clients: string[] }>
  removeClient(systemUserId: string, orgNo: string, pid?: string): Promise<{ clients: string[] }>
  deleteSystemUser(systemUserId: string, pid?: string): Promise<void>
  advanceClock(duration: string | number): Promise<ClockAnswer>
  resetClock(): Promise<ClockAnswer>
  /** The mock's time, whether it was moved, and a warning when vendors on real time are refused because of it. */
  clock(): Promise<ClockAnswer>
  /** Register a Maskinporten client with its public keys (`POST /__mock/maskinporten/clients`). */
  registerMaskinportenClient(client: { clientId: string; orgNo: string; jwks: { keys: object[] }; scopes?: string[] }): Promise<unknown>
  state(): Promise<any>
  /** The last entries of the journal (empty when the mock has none). */
  journal(limit?: number): Promise<unknown[]>
}

/** What `GET` and `POST /__mock/clock` answer. */
export interface ClockAnswer {
  now: string
  shifted?: boolean
  warning?: string
}

export interface ControlClientOptions {
  /** The mock's control token (printed by a mock bound to a non-loopback address, or given to it with --control-token). */
  token?: string | undefined
}

/** A control-API client for the mock at `baseUrl` (the platform origin). */
export function createControlClient(baseUrl: string, options: ControlClientOptions = {}): ControlClient {
  const base = baseUrl.replace(/\/+$/, '')
  const headers: Record<string, string> = options.token ? { 'x-mock-control-token': options.token } : {}
  async function call<T>(method: string, path: string, what: string, body?: unknown): Promise<T> {
    const res = await fetch(`${base}/__mock${path}`, {
      method,
      headers: body !== undefined ? { ...headers, 'content-type': 'application/json' } : headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    })
    const text = await res.text()
    let parsed: unknown
    try {
      parsed = text ? JSON.parse(text) : undefined
    } catch {
      parsed = text
    }
    if (!res.ok) throw new ControlError(res.status, (parsed as { code?: string } | undefined)?.code, parsed, what)
    return parsed as T
  }
  const pidQuery = (pid?: string) => (pid ? `?pid=${encodeURIComponent(pid)}` : '')
  return {
    baseUrl: base,
    headers,
    reset: () => call('POST', '/reset', 'reset'),
    approve: (id, pid) => call('POST', `/requests/${encodeURIComponent(id)}/approve`, 'approve', pid ? { pid } : {}),
    reject: (id, pid) => call('POST', `/requests/${encodeURIComponent(id)}/reject`, 'reject', pid ? { pid } : {}),
    escalate: (id, pid) => call('POST', `/requests/${encodeURIComponent(id)}/escalate`, 'escalate', { pid }),
    addClient: (id, orgNo, pid) => call('POST', `/systemusers/${encodeURIComponent(id)}/clients`, 'add client', { orgNo, ...(pid ? { pid } : {}) }),
    removeClient: (id, orgNo, pid) => call('DELETE', `/systemusers/${encodeURIComponent(id)}/clients/${encodeURIComponent(orgNo)}${pidQuery(pid)}`, 'remove client'),
    deleteSystemUser: (id, pid) => call('DELETE', `/systemusers/${encodeURIComponent(id)}${pidQuery(pid)}`, 'delete system user'),
    advanceClock: (duration) => call('POST', '/clock', 'advance clock', { advance: duration }),
    resetClock: () => call('POST', '/clock', 'reset clock', { reset: true }),
    clock: () => call('GET', '/clock', 'read the clock'),
    registerMaskinportenClient: (client) => call('POST', '/maskinporten/clients', 'register a Maskinporten client', client),
    state: () => call('GET', '/state', 'state'),
    async journal(limit = 5) {
      try {
        const body = await call<unknown>('GET', `/journal?limit=${limit}`, 'journal')
        return Array.isArray(body) ? body : ((body as { entries?: unknown[] })?.entries ?? [])
      } catch {
        return []
      }
    },
  }
}
