/**
 * Fault injection: shape the next failure. A rule matches calls by method, path pattern or route name (and
 * optionally by body text or by who the credential speaks for) and answers with a status and body (an Altinn
 * problem with a chosen AUTH code, a Maskinporten error, anything), a delay, `Retry-After`, or a dropped
 * connection; for the next N calls or with a probability. The control API itself (`/__mock/...`) is never
 * faulted, so a test can always clear what it set.
 *
 * A fault answers on the mock's own origin, next to the portal and the control API, so it never gets to serve a
 * page of its own: every answer carries the portal's security headers (its CSP allows no script), whatever the
 * rule's `headers` say, and on a portal path (`/accessmanagement/...`) the body is text or JSON, never HTML.
 *
 * @example
 * ```ts
 * const faults = createFaults()
 * faults.add({ method: 'GET', path: '/authentication/api/v1/systemuser/request/vendor/*', status: 503, times: 2, retryAfter: 1 })
 * ```
 */
import * as z from 'zod'
import { ProblemsByCode, problemType, statusDescriptionOf } from 'altinn-systemuser-sdk/contract'
import { modelStateError, type AspNetError } from '../core/errors.ts'
import type { MockAltinn } from '../core/mock-altinn.ts'
import { portalSecurityHeaders } from '../kit/page-headers.ts'
import { isJsonMediaType } from '../kit/control-guard.ts'
import { newTraceId } from '../kit/responses.ts'
import type { RouteRequest, RouteResponse } from '../kit/types.ts'
import { compilePathPattern, refusalOfPathPattern, subjectOf, type PathPattern } from './path-pattern.ts'
import { factsOfRequest } from './token-facts.ts'

/** Longest delay a rule may ask for (two minutes: longer than any client timeout worth testing). */
const MAX_FAULT_DELAY_MS = 120_000
/** Most rules at once (a runaway test loop should fail loudly, not eat memory). */
const MAX_FAULT_RULES = 1_000

/** RFC 9110 field names and values (tabs and visible characters): a line break would be refused by the adapters only when the rule fires. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/

/** What a caller sends to add a rule (`POST /__mock/faults`, or `faults.add(...)` in process). */
export const FaultSpecSchema = z.object({
  /** HTTP method to match (any when left out). */
  method: z.string().max(20).nullish(),
  /** Path pattern: a glob where `*` matches any run of characters (see `compilePathPattern`); a `/regex/` is refused. */
  path: z.string().max(500).nullish(),
  /** Route name to match instead of (or besides) a path, e.g. `getRequest`. */
  route: z.string().max(200).nullish(),
  /** Status to answer with; the problem's own status when `problem` is given. */
  status: z.number().int().min(100).max(599).nullish(),
  /** An AUTH code from the catalogue, e.g. `AUTH-00010`: the answer is that Altinn problem. */
  problem: z.string().max(40).nullish(),
  /** Any JSON (or a string) to answer with; `application/problem+json` when it looks like a problem. */
  body: z.unknown().optional(),
  contentType: z.string().max(200).regex(HEADER_VALUE, 'must be a header value: printable characters, no line breaks').nullish(),
  headers: z
    .record(z.string().regex(HEADER_NAME, 'must be a header name such as x-request-id'), z.string().max(2000).regex(HEADER_VALUE, 'must be a header value: printable characters, no line breaks'))
    .nullish(),
  /** Seconds for `Retry-After`. */
  retryAfter: z.number().int().min(0).max(86_400).nullish(),
  /** Wait this long first; without a status or `drop`, the call then goes on to the real route (latency only). */
  delayMs: z.number().int().min(0).max(MAX_FAULT_DELAY_MS).nullish(),
  /** Drop the connection instead of answering (the client sees a network error). */
  drop: z.boolean().nullish(),
  /** Only the next N matching calls; for ever when left out. */
  times: z.number().int().min(1).nullish(),
  /** Fire on this share of matching calls (0..1); a call it spares does not use up `times`. */
  probability: z.number().min(0).max(1).nullish(),
  match: z
    .object({
      /** The raw request body contains this text. */
      bodyContains: z.string().max(2000).nullish(),
      /** The vendor (consumer organisation) the bearer token, or the grant's client, speaks for. */
      orgNo: z.string().max(20).nullish(),
      /** The Maskinporten client id of the token or of the grant's assertion. */
      clientId: z.string().max(200).nullish(),
      /** The customer organisation whose system user the token or the grant names. */
      systemUserOrg: z.string().max(20).nullish(),
    })
    .nullish(),
})

export type FaultSpec = z.input<typeof FaultSpecSchema>

/** A rule as listed: the spec plus its id, how many times it may still fire, and how often it did. */
export interface FaultRule {
  id: string
  method?: string
  path?: string
  route?: string
  status?: number
  problem?: string
  body?: unknown
  contentType?: string
  headers?: Record<string, string>
  retryAfter?: number
  delayMs?: number
  drop?: boolean
  times?: number
  /** Calls it will still answer (undefined: no limit). */
  remaining?: number
  probability?: number
  match?: { bodyContains?: string; orgNo?: string; clientId?: string; systemUserOrg?: string }
  /** Calls it answered so far. */
  hits: number
}

/**
 * A rule that could not be added: model-state errors naming each bad field of the body (`$.path`, `$.status`; `$`
 * for the body as a whole), as the control API answers them.
 */
function invalidFault(issues: Record<string, string[]>): AspNetError {
  const errors = Object.fromEntries(Object.entries(issues).map(([k, v]) => [k === '(body)' ? '$' : `$.${k}`, v]))
  return modelStateError(errors, `The fault is not valid: ${Object.entries(issues).map(([k, v]) => `${k}: ${v.join(' ')}`).join('; ')}`)
}

/** What a matching rule asks for: wait, then answer (or drop), or wait and go on. */
export interface FaultOutcome {
  ruleId: string
  delayMs: number
  response?: RouteResponse
}

/** The fault rules of one mock. */
export interface Faults {
  /** Add a rule; throws model-state errors (an `AspNetError`) naming each bad field. */
  add(spec: FaultSpec): FaultRule
  /** The rules in force, oldest first, with their remaining counts. */
  list(): FaultRule[]
  /** Remove one rule; false when there was none with that id. */
  remove(id: string): boolean
  /** Remove every rule. */
  clear(): void
  /** The first rule that fires for this call (and use it up once), or undefined. */
  match(mock: MockAltinn, req: RouteRequest, route: string | undefined): FaultOutcome | undefined
}

interface LiveRule {
  rule: FaultRule
  pattern?: PathPattern
  method?: string
}

/**
 * Validate a spec; returns the rule (without id) or throws model-state errors naming each bad field.
 */
function parseFaultSpec(input: unknown): Omit<FaultRule, 'id' | 'hits'> & { pattern?: PathPattern } {
  const parsed = FaultSpecSchema.safeParse(input)
  if (!parsed.success) {
    const issues: Record<string, string[]> = {}
    for (const i of parsed.error.issues) (issues[i.path.length ? i.path.join('.') : '(body)'] ??= []).push(i.message)
    throw invalidFault(issues)
  }
  const s = parsed.data
  const issues: Record<string, string[]> = {}
  if (!s.path && !s.route) issues.path = ['Give "path" (a glob such as /authentication/api/v1/*) or "route".']
  if (s.status == null && !s.problem && !s.drop && s.delayMs == null)
    issues.status = ['Give "status" (or "problem", "drop" or "delayMs"): what the matching calls should get.']
  if (s.problem && !ProblemsByCode.has(s.problem)) issues.problem = [`${s.problem} is not an AUTH code of the catalogue (e.g. AUTH-00010).`]
  let pattern: PathPattern | undefined
  if (s.path) {
    const refused = refusalOfPathPattern(s.path)
    if (refused) issues.path = [`The path pattern is not valid: ${refused}.`]
    else pattern = compilePathPattern(s.path)
  }
  if (Object.keys(issues).length) throw invalidFault(issues)
  const match = s.match
    ? Object.fromEntries(Object.entries(s.match).filter(([, v]) => v != null && v !== '')) as FaultRule['match']
    : undefined
  return {
    ...(s.method ? { method: s.method.toUpperCase() } : {}),
    ...(s.path ? { path: s.path } : {}),
    ...(s.route ? { route: s.route } : {}),
    ...(s.status != null ? { status: s.status } : {}),
    ...(s.problem ? { problem: s.problem } : {}),
    ...(s.body !== undefined ? { body: s.body } : {}),
    ...(s.contentType ? { contentType: s.contentType } : {}),
    ...(s.headers ? { headers: s.headers } : {}),
    ...(s.retryAfter != null ? { retryAfter: s.retryAfter } : {}),
    ...(s.delayMs != null ? { delayMs: s.delayMs } : {}),
    ...(s.drop ? { drop: true } : {}),
    ...(s.times != null ? { times: s.times, remaining: s.times } : {}),
    ...(s.probability != null ? { probability: s.probability } : {}),
    ...(match && Object.keys(match).length ? { match } : {}),
    ...(pattern ? { pattern } : {}),
  }
}

/**
 * The control API and the inspector are never faulted: a test must always be able to undo a fault.
 */
function isControlPath(url: URL): boolean {
  return url.pathname === '/__mock' || url.pathname.startsWith('/__mock/')
}

/**
 * Create an empty set of rules. `random` decides probabilistic rules (inject one for repeatable tests).
 *
 * @example
 * ```ts
 * const faults = createFaults()
 * const rule = faults.add({ path: '/maskinporten/token', status: 400, body: { error: 'invalid_grant', error_description: 'Invalid assertion (MP-100)' }, times: 1 })
 * faults.remove(rule.id)
 * ```
 */
export function createFaults(options: { random?: () => number } = {}): Faults {
  const random = options.random ?? Math.random
  let rules: LiveRule[] = []
  let counter = 0

  function matches(live: LiveRule, mock: MockAltinn, req: RouteRequest, route: string | undefined): boolean {
    const r = live.rule
    if (live.method && live.method !== req.method) return false
    if (r.route && r.route !== route) return false
    if (live.pattern && !live.pattern.test(subjectOf(live.pattern.source, req.url))) return false
    if (r.match) {
      if (r.match.bodyContains && !(req.body ?? '').includes(r.match.bodyContains)) return false
      if (r.match.orgNo || r.match.clientId || r.match.systemUserOrg) {
        const facts = factsOfRequest(mock, req)
        if (r.match.orgNo && facts.vendor !== r.match.orgNo) return false
        if (r.match.clientId && facts.clientId !== r.match.clientId) return false
        if (r.match.systemUserOrg && facts.systemUserOrg !== r.match.systemUserOrg) return false
      }
    }
    return true
  }

  return {
    add(spec) {
      if (rules.length >= MAX_FAULT_RULES) throw invalidFault({ '(body)': [`There are already ${MAX_FAULT_RULES} rules; clear some first.`] })
      const { pattern, ...rest } = parseFaultSpec(spec)
      const rule: FaultRule = { id: `fault-${++counter}`, ...rest, hits: 0 }
      rules.push({ rule, ...(pattern ? { pattern } : {}), ...(rule.method ? { method: rule.method } : {}) })
      return copyOf(rule)
    },
    list: () => rules.map((l) => copyOf(l.rule)),
    remove(id) {
      const before = rules.length
      rules = rules.filter((l) => l.rule.id !== id)
      return rules.length !== before
    },
    clear() {
      rules = []
    },
    match(mock, req, route) {
      if (!rules.length || isControlPath(req.url)) return undefined
      for (const live of rules) {
        if (!matches(live, mock, req, route)) continue
        if (live.rule.probability !== undefined && !(random() < live.rule.probability)) continue
        const rule = live.rule
        rule.hits++
        if (rule.remaining !== undefined) {
          rule.remaining--
          if (rule.remaining <= 0) rules = rules.filter((l) => l !== live)
        }
        const response = responseOf(rule, isPortalPath(mock, req.url))
        return { ruleId: rule.id, delayMs: rule.delayMs ?? 0, ...(response ? { response } : {}) }
      }
      return undefined
    },
  }
}

function copyOf(rule: FaultRule): FaultRule {
  return structuredClone(rule)
}

function looksLikeProblem(body: unknown): boolean {
  return typeof body === 'object' && body !== null && !Array.isArray(body) && 'title' in body && ('status' in body || 'type' in body)
}

/**
 * Whether a call is for a portal page: the portal's origin and its `/accessmanagement/` paths (case-insensitive,
 * as the routes are).
 */
function isPortalPath(mock: MockAltinn, url: URL): boolean {
  return url.origin === new URL(mock.config.portalUrl).origin && url.pathname.toLowerCase().startsWith('/accessmanagement/')
}

const TEXT = 'text/plain; charset=utf-8'

/**
 * The headers of a fault's answer: the rule's own (names in lower case, so a `Content-Type` of the rule replaces
 * the default rather than going out beside it), then the portal's security headers over them.
 */
function servedHeaders(own: Record<string, string>, contentType: string | undefined, onPortal: boolean): Record<string, string> {
  const type = own['content-type'] ?? contentType
  // A portal path shows text or JSON: a fault must not put a page of its own in front of the person.
  if (type !== undefined) own['content-type'] = onPortal && !isJsonMediaType(type) ? TEXT : type
  return { ...own, ...portalSecurityHeaders([]) }
}

/** The answer a rule gives, or undefined for a delay-only rule. */
function responseOf(rule: FaultRule, onPortal: boolean): RouteResponse | undefined {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(rule.headers ?? {})) headers[name.toLowerCase()] = value
  if (rule.retryAfter !== undefined) headers['retry-after'] = String(rule.retryAfter)
  if (rule.drop) return { status: 0, headers, drop: true }
  if (rule.problem) {
    const d = ProblemsByCode.get(rule.problem)!
    const status = rule.status ?? d.status
    const body = rule.body !== undefined ? rule.body : { type: problemType(d.code), title: d.title, status, code: d.code, traceId: newTraceId(), statusDescription: statusDescriptionOf(status) }
    return { status, headers: servedHeaders(headers, rule.contentType ?? 'application/problem+json; charset=utf-8', onPortal), body: JSON.stringify(body) }
  }
  if (rule.status === undefined) return undefined
  if (rule.body === undefined) return { status: rule.status, headers: servedHeaders(headers, undefined, onPortal) }
  if (typeof rule.body === 'string') return { status: rule.status, headers: servedHeaders(headers, rule.contentType ?? TEXT, onPortal), body: rule.body }
  const type = rule.contentType ?? (looksLikeProblem(rule.body) ? 'application/problem+json; charset=utf-8' : 'application/json; charset=utf-8')
  return { status: rule.status, headers: servedHeaders(headers, type, onPortal), body: JSON.stringify(rule.body) }
}
