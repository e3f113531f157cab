/**
 * The journal: every call the mock answered, newest last, in a ring buffer of fixed size. Capturing a call
 * costs a few field copies on the hot path; the entry a reader sees (redacted bodies, the AUTH or MP code,
 * which vendor, client and system user it concerned) is worked out when it is read.
 *
 * Secrets never leave: the reader only ever gets redacted headers, queries and bodies (see `redact.ts`).
 *
 * @example
 * ```ts
 * const journal = createJournal({ capacity: 1000 })
 * journal.entries({ route: 'getRequest', status: 200 }).length
 * countCalls(journal.entries(), { route: 'getRequest' })
 * ```
 */
import type { MockAltinn } from '../core/mock-altinn.ts'
import type { Caller } from '../core/tokens.ts'
import type { ExchangeInfo } from '../kit/router.ts'
import type { RouteRequest, RouteResponse } from '../kit/types.ts'
import { compilePathFilter, subjectOf } from './path-pattern.ts'
import { redactBody, redactHeaders, redactQuery } from './redact.ts'
import { factsOfClaims, factsOfRequest, type TokenFacts } from './token-facts.ts'

/** Default number of calls kept. */
const DEFAULT_JOURNAL_CAPACITY = 1_000
/** Bodies are kept up to this many characters (the rest is cut, and the entry says so). */
const MAX_JOURNAL_BODY_CHARS = 16_384

/** One call as the journal shows it. Everything in it is safe to print. */
export interface JournalEntry {
  /** Position in the journal (1, 2, ...; never reused until the journal is cleared). */
  seq: number
  /** When the call was answered, by the mock's clock (ISO 8601). */
  time: string
  method: string
  /** The path, without the query. */
  path: string
  /** The query, secrets redacted (`?a=1`), or '' */
  query: string
  /** The status answered; 0 when a fault dropped the connection. */
  status: number
  durationMs: number
  /** The route's name, e.g. `getRequest` (none for an unknown path). */
  route?: string
  surface?: string
  /** The AUTH code of an Altinn problem (`AUTH-00010`, `AUTH.VLD-00002`, `STD-00000`) or the MP code of a Maskinporten error (`MP-303`). */
  code?: string
  /** The OAuth `error` of a Maskinporten error (`invalid_grant`, `invalid_altinn_customer_configuration`). */
  error?: string
  /** The vendor (consumer organisation) the call concerned. */
  vendor?: string
  /** The Maskinporten client id. */
  clientId?: string
  /** The system user the call concerned (from the token, the path or the answer). */
  systemUser?: string
  /** The customer organisation that owns that system user. */
  systemUserOrg?: string
  /** The system-user request the call concerned, and its status in the answer. */
  requestId?: string
  requestStatus?: string
  /** Whether the vendor facts come from a token the mock verified (false: read from an unverified or refused credential). */
  verified?: boolean
  /**
   * What the mock said in its `X-Mock-Warning` header: the scope a bodiless 403 lacked, the unknown fields it
   * ignored, a clock far from real time.
   */
  warning?: string
  /** The fault rule that answered, when one did. */
  fault?: string
  dropped?: boolean
  request: { headers: Record<string, string | string[]>; body?: unknown; truncated?: boolean }
  response: { headers: Record<string, string | string[]>; body?: unknown; truncated?: boolean }
}

/** What to select: every field optional, all given ones must hold. */
export interface JournalFilter {
  /** Path: a glob with `*` as for faults; text without `*` matches paths containing it. A `/regex/` is refused. */
  path?: string
  /** A status (`503`) or a class (`5xx`). */
  status?: number | string
  /** Calls at or after this instant (ISO 8601 or epoch ms), by the mock's clock. */
  since?: string | number
  /** Calls after this `seq`. */
  after?: number
  method?: string
  route?: string | readonly string[]
  code?: string
  vendor?: string
  requestId?: string
  systemUser?: string
  fault?: string
  /** Only the newest N of the selection. */
  limit?: number
}

interface Captured {
  seq: number
  time: number
  method: string
  path: string
  search: string
  reqHeaders: Record<string, string | undefined>
  reqBody: string | undefined
  reqBodyCut: boolean
  /** Status, headers and whether the connection was dropped; the body is kept apart, cut to size. */
  status: number
  resHeaders: RouteResponse['headers']
  dropped: boolean
  resBody: string | undefined
  resBodyCut: boolean
  route: string | undefined
  surface: string | undefined
  durationMs: number
  caller: Caller | undefined
  fault: string | undefined
  /** Vendor facts from an unverified credential (only when the router did not verify one). */
  facts: TokenFacts | undefined
  view: JournalEntry | undefined
}

/** The journal of one mock. */
export interface Journal {
  /** Record a finished call (the router's `after` hook calls this). */
  record(mock: MockAltinn, req: RouteRequest, res: RouteResponse, info: ExchangeInfo, fault?: string): void
  /** The calls kept, oldest first, filtered. */
  entries(filter?: JournalFilter): JournalEntry[]
  /** Forget every call. */
  clear(): void
  readonly capacity: number
  /** Calls recorded since the last clear (including those the ring buffer has dropped). */
  readonly total: number
}

/**
 * Reads of the harness itself (the journal, the state, the inspector and its assets) are not journalled: they
 * would drown the rest. Nor is clearing the journal, which would otherwise be its own first entry.
 */
function isHarnessRead(req: RouteRequest): boolean {
  const path = req.url.pathname
  if (path !== '/__mock' && !path.startsWith('/__mock/')) return false
  return req.method === 'GET' || req.method === 'HEAD' || (req.method === 'DELETE' && path.replace(/\/+$/, '') === '/__mock/journal')
}

/**
 * Create a journal that keeps the last `capacity` calls.
 *
 * @example
 * ```ts
 * const journal = createJournal()
 * journal.entries({ status: '4xx', limit: 10 })
 * ```
 */
export function createJournal(options: { capacity?: number } = {}): Journal {
  const capacity = Math.max(1, options.capacity ?? DEFAULT_JOURNAL_CAPACITY)
  let ring: (Captured | undefined)[] = new Array(capacity)
  let next = 0
  let seq = 0

  function* inOrder(): Generator<Captured> {
    const count = Math.min(seq, capacity)
    for (let i = 0; i < count; i++) {
      const c = ring[(next - count + i + capacity) % capacity]
      if (c) yield c
    }
  }

  return {
    capacity,
    get total() {
      return seq
    },
    record(mock, req, res, info, fault) {
      if (isHarnessRead(req)) return
      // Plain assignments only: this runs on every call, and the reading side does the work.
      const reqBody = req.body
      const resBody = res.drop ? undefined : res.body
      ring[next] = {
        seq: ++seq,
        time: mock.clock.now(),
        method: req.method,
        path: req.url.pathname,
        search: req.url.search,
        reqHeaders: req.headers,
        reqBody: reqBody && reqBody.length > MAX_JOURNAL_BODY_CHARS ? reqBody.slice(0, MAX_JOURNAL_BODY_CHARS) : reqBody || undefined,
        reqBodyCut: reqBody !== undefined && reqBody.length > MAX_JOURNAL_BODY_CHARS,
        status: res.status,
        resHeaders: res.headers,
        dropped: res.drop === true,
        resBody: resBody && resBody.length > MAX_JOURNAL_BODY_CHARS ? resBody.slice(0, MAX_JOURNAL_BODY_CHARS) : resBody || undefined,
        resBodyCut: resBody !== undefined && resBody.length > MAX_JOURNAL_BODY_CHARS,
        route: info.route,
        surface: info.surface,
        durationMs: Math.round(info.durationMs * 1000) / 1000,
        caller: info.caller,
        fault,
        facts: info.caller ? undefined : factsOfRequest(mock, req),
        view: undefined,
      }
      next = (next + 1) % capacity
    },
    entries(filter = {}) {
      const select = compileFilter(filter)
      const out: JournalEntry[] = []
      for (const c of inOrder()) {
        const view = (c.view ??= viewOf(c))
        if (select(view)) out.push(view)
      }
      const limit = filter.limit
      return structuredClone(limit !== undefined && limit >= 0 && out.length > limit ? out.slice(out.length - limit) : out)
    },
    clear() {
      ring = new Array(capacity)
      next = 0
      seq = 0
    },
  }
}

// ---------------------------------------------------------------------------------------------------------
// Reading an entry

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i
const MP_CODE = /\bMP-\d{3}\b/

function headerOf(headers: RouteResponse['headers'], name: string): string | undefined {
  if (!headers) return undefined
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return Array.isArray(v) ? v.join(', ') : v
  return undefined
}

function parseJson(text: string | undefined, type: string | undefined): unknown {
  if (!text || !(type ?? '').toLowerCase().includes('json')) return undefined
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

function asObject(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined
}

/** The AUTH or MP code, and the OAuth error, of an answer. */
function codesOf(body: Record<string, unknown> | undefined): { code?: string; error?: string } {
  if (!body) return {}
  const out: { code?: string; error?: string } = {}
  if (typeof body.code === 'string') out.code = body.code
  const v = Array.isArray(body.validationErrors) ? asObject(body.validationErrors[0]) : undefined
  if (v && typeof v.code === 'string') out.code = v.code
  if (typeof body.error === 'string') {
    out.error = body.error
    const mp = typeof body.error_description === 'string' ? MP_CODE.exec(body.error_description) : null
    if (mp) out.code = mp[0]
  }
  return out
}

/** The request (and its status) an answer describes: a request view, or the control API's `{request: ...}`. */
function requestOf(body: Record<string, unknown> | undefined, route: string | undefined): { id?: string; status?: string } {
  if (!body) return {}
  const inner = asObject(body.request) ?? body
  if (typeof inner.id === 'string' && typeof inner.status === 'string' && (body.request !== undefined || /request/i.test(route ?? ''))) {
    return { id: inner.id, status: inner.status }
  }
  return {}
}

function viewOf(c: Captured): JournalEntry {
  const resType = headerOf(c.resHeaders, 'content-type')
  const resJson = asObject(parseJson(c.resBody, resType))
  const { code, error } = codesOf(resJson)
  const pathGuid = GUID.exec(c.path)?.[0]?.toLowerCase()

  // Who: the verified caller, else what the request's credential says, else what an issued token says.
  let facts: TokenFacts = c.caller ? factsOfClaims(undefined, c.caller.claims) : (c.facts ?? {})
  if (c.caller?.orgNo) facts = { ...facts, vendor: c.caller.orgNo }
  const issued = typeof resJson?.access_token === 'string' ? factsOfClaims(undefined, peekPayload(resJson.access_token)) : {}
  facts = { ...issued, ...stripUndefined(facts) }

  const req = requestOf(resJson, c.route)
  const requestId = req.id ?? (pathGuid && /request/i.test(c.route ?? c.path) ? pathGuid : undefined)
  const systemUser =
    facts.systemUser ??
    (pathGuid && /systemuser/i.test(c.route ?? '') && !/request/i.test(c.route ?? '') ? pathGuid : undefined) ??
    (typeof asObject(resJson?.systemUser)?.id === 'string' ? (asObject(resJson!.systemUser)!.id as string) : undefined)

  const reqType = c.reqHeaders['content-type']
  const warning = headerOf(c.resHeaders, 'x-mock-warning')
  const entry: JournalEntry = {
    seq: c.seq,
    time: new Date(c.time).toISOString(),
    method: c.method,
    path: c.path,
    query: redactQuery(c.search),
    status: c.status,
    durationMs: c.durationMs,
    ...(c.route ? { route: c.route } : {}),
    ...(c.surface ? { surface: c.surface } : {}),
    ...(code ? { code } : {}),
    ...(error ? { error } : {}),
    ...(facts.vendor ? { vendor: facts.vendor } : {}),
    ...(facts.clientId ? { clientId: facts.clientId } : {}),
    ...(systemUser ? { systemUser } : {}),
    ...(facts.systemUserOrg ? { systemUserOrg: facts.systemUserOrg } : {}),
    ...(requestId ? { requestId } : {}),
    ...(req.status ? { requestStatus: req.status } : {}),
    ...(facts.vendor || facts.clientId ? { verified: Boolean(c.caller) } : {}),
    ...(warning ? { warning } : {}),
    ...(c.fault ? { fault: c.fault } : {}),
    ...(c.dropped ? { dropped: true } : {}),
    request: {
      headers: redactHeaders(c.reqHeaders),
      ...(c.reqBody !== undefined ? { body: redactBody(c.reqBody, reqType) } : {}),
      ...(c.reqBodyCut ? { truncated: true } : {}),
    },
    response: {
      headers: redactHeaders(c.resHeaders ?? {}),
      ...(c.resBody !== undefined ? { body: isHtml(resType) ? `[${c.resBody.length} characters of HTML]` : redactBody(c.resBody, resType) } : {}),
      ...(c.resBodyCut ? { truncated: true } : {}),
    },
  }
  return entry
}

function isHtml(type: string | undefined): boolean {
  // Pages carry CSRF tokens in hidden fields; the journal keeps their size only.
  return (type ?? '').toLowerCase().includes('html')
}

function peekPayload(token: string): Record<string, unknown> | undefined {
  const part = token.split('.')[1]
  if (!part) return undefined
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>
  } catch {
    return undefined
  }
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T
}

// ---------------------------------------------------------------------------------------------------------
// Filters and helpers

function compileFilter(filter: JournalFilter): (e: JournalEntry) => boolean {
  const checks: ((e: JournalEntry) => boolean)[] = []
  if (filter.path) {
    const p = filter.path
    const pattern = compilePathFilter(p)
    if (p.includes('*')) checks.push((e) => pattern.test(subjectOf(p, new URL(`http://x${e.path}`))))
    else checks.push((e) => pattern.test(e.path))
  }
  if (filter.status !== undefined && filter.status !== '') {
    const s = String(filter.status).toLowerCase()
    const cls = /^([1-5])xx$/.exec(s)
    if (cls) checks.push((e) => Math.floor(e.status / 100) === Number(cls[1]))
    else checks.push((e) => e.status === Number(s))
  }
  if (filter.since !== undefined && filter.since !== '') {
    const t = typeof filter.since === 'number' || /^\d+$/.test(filter.since) ? Number(filter.since) : Date.parse(filter.since)
    checks.push((e) => Date.parse(e.time) >= t)
  }
  if (filter.after !== undefined) checks.push((e) => e.seq > filter.after!)
  if (filter.method) checks.push((e) => e.method === filter.method!.toUpperCase())
  if (filter.route !== undefined) {
    const routes = new Set(typeof filter.route === 'string' ? [filter.route] : filter.route)
    checks.push((e) => e.route !== undefined && routes.has(e.route))
  }
  if (filter.code) checks.push((e) => e.code === filter.code)
  if (filter.vendor) checks.push((e) => e.vendor === filter.vendor)
  if (filter.requestId) checks.push((e) => e.requestId === filter.requestId!.toLowerCase())
  if (filter.systemUser) checks.push((e) => e.systemUser === filter.systemUser!.toLowerCase())
  if (filter.fault) checks.push((e) => e.fault === filter.fault)
  return (e) => checks.every((c) => c(e))
}

/**
 * Select entries with a filter (the same one `GET /__mock/journal` takes as query parameters).
 *
 * @example
 * ```ts
 * selectCalls(entries, { route: 'getRequest', status: '5xx' })
 * ```
 */
export function selectCalls(entries: readonly JournalEntry[], filter: JournalFilter = {}): JournalEntry[] {
  const select = compileFilter(filter)
  const out = entries.filter(select)
  return filter.limit !== undefined && out.length > filter.limit ? out.slice(out.length - filter.limit) : out
}

/**
 * How many calls match a filter.
 *
 * @example
 * ```ts
 * expect(countCalls(await readJournal(baseUrl), { route: 'getRequest' })).toBe(3)
 * ```
 */
export function countCalls(entries: readonly JournalEntry[], filter: JournalFilter = {}): number {
  return selectCalls(entries, filter).length
}

/**
 * How many status reads of a request still answered `New` before the first read that showed the decision
 * (all reads that answered `New`, when none showed it yet). Reads that failed (a fault, a 5xx) do not count.
 *
 * @example
 * ```ts
 * expect(pollsBeforeDecision(journal.entries(), request.id)).toBe(2)
 * ```
 */
export function pollsBeforeDecision(entries: readonly JournalEntry[], requestId: string): number {
  let polls = 0
  for (const e of entries) {
    if (e.requestId !== requestId.toLowerCase() || e.method !== 'GET' || e.status !== 200 || !e.requestStatus) continue
    if (e.requestStatus !== 'New') return polls
    polls++
  }
  return polls
}

/**
 * Turn `GET /__mock/journal` query parameters into a filter.
 *
 * @example
 * ```ts
 * filterFromQuery(new URLSearchParams('route=getRequest&status=5xx')) // { route: ['getRequest'], status: '5xx' }
 * ```
 */
export function filterFromQuery(query: URLSearchParams): JournalFilter {
  const f: JournalFilter = {}
  const str = (k: string) => query.get(k) ?? undefined
  const path = str('path')
  if (path) f.path = path
  const status = str('status')
  if (status) f.status = status
  const since = str('since')
  if (since) f.since = since
  const after = str('after')
  if (after && /^\d+$/.test(after)) f.after = Number(after)
  const limit = str('limit')
  if (limit && /^\d+$/.test(limit)) f.limit = Number(limit)
  const method = str('method')
  if (method) f.method = method
  const routes = query.getAll('route').filter(Boolean)
  if (routes.length) f.route = routes
  for (const k of ['code', 'vendor', 'requestId', 'systemUser', 'fault'] as const) {
    const v = str(k)
    if (v) f[k] = v
  }
  return f
}
