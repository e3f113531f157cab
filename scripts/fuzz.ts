/**
 * `npm run fuzz`: generated calls to every route of the mock (the vendor API, Maskinporten, the control API, the
 * portal and its forms, the inspector), with generated paths, query strings, headers and bodies, in-process through
 * the route table's `dispatch` and a slice over real HTTP. It checks that no call is answered with a 5xx, that
 * nothing throws, and that a refused call (4xx) leaves the state as it was. Prints the outcomes and ends with
 * `server errors: N`; exits 1 when a check failed.
 *
 * Bodies follow each route's zod schema (right field names in any case, values from what the mock holds, or
 * anything at all), so calls get past binding and reach the rules; paths and headers mix real ids and tokens
 * with hostile strings.
 *
 * Options: `--cases N` (default 10 000), `--http-share 0..1` (default 0.1), `--seed N` (replays a run). With
 * `FUZZ_DEBUG=1` the mock's own line for each unexpected error is printed too.
 *
 * @example
 * ```sh
 * npm run fuzz
 * npm run fuzz -- --cases 50000 --seed 42
 * ```
 */
import { randomUUID } from 'node:crypto'
import { request as httpRequest } from 'node:http'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import fc from 'fast-check'
import type { z } from 'zod'
import { JWT_BEARER_GRANT_TYPE, Scopes } from '../sdk/contract/index.ts'
import type { MockAltinn } from '../mock-server/core/mock-altinn.ts'
import { approveRequest, createAgentRequest, createStandardRequest } from '../mock-server/core/requests.ts'
import { addClient } from '../mock-server/core/system-users.ts'
import { mintMaskinportenToken, sign, verifyAccessToken, type AccessTokenClaims } from '../mock-server/core/tokens.ts'
import { getHarness, withHarness } from '../mock-server/harness/harness.ts'
import { inspectorTokenOf } from '../mock-server/harness/inspector.ts'
import { startMockServer, type RunningMockServer } from '../mock-server/http/server.ts'
import { createInProcessMock } from '../mock-server/msw.ts'
import { createSession, SESSION_COOKIE } from '../mock-server/portal/session-store.ts'
import { stateView } from '../mock-server/harness/state-view.ts'
import { allRoutes, createMockRouter } from '../mock-server/table.ts'
import type { RouteDef, RouteRequest } from '../mock-server/kit/types.ts'
import { AGENT_SYSTEM, CUSTOMER, DRESS_MINST, FACILITATOR, FLITTIG_ANSATT, FREMMED_TURIST, KONKURRENT, KRAV, LYSEGRONN_FLEKKETE_ELG, MODIG_KLOK_OTER, NON_CLIENT, RECEIPT_URL, REGNSKAPSFORER, SMARTCLOUD, SPRUDLENDE_HOFLIG_MAKE, STADIG_KONSERT, STANDARD_CLIENT_ID, STANDARD_SYSTEM } from '../mock-server/seed/personas.ts'
import { ALL_VENDOR_SCOPES } from '../test/support/api.ts'
import { signClientAssertion, signingClientOf, systemUserDetails } from '../test/support/client-assertion.ts'

// ---------------------------------------------------------------------------------------------------------
// Symbolic cases: what to send, with references to live values resolved when the case runs

/** Named pools of values the mock holds (ids, tokens, sessions), filled before each batch. */
export type PoolName =
  | 'requestId'
  | 'agentRequestId'
  | 'systemUserId'
  | 'agentSystemUserId'
  | 'systemId'
  | 'orgNo'
  | 'pid'
  | 'externalRef'
  | 'clientId'
  | 'redirectUrl'
  | 'scope'
  | 'urn'
  | 'resource'
  | 'token'
  | 'assertion'
  | 'csrf'
  | 'cookie'
  | 'faultId'
  | 'provider'
  | 'asset'

/**
 * A value taken from a pool when the case runs (index modulo the pool's size; negative counts from the end).
 *
 * @example
 * ```ts
 * new PoolRef('requestId', 0) // the first open standard request of the batch
 * ```
 */
export class PoolRef {
  constructor(
    readonly pool: PoolName,
    readonly index: number,
  ) {}
}

/**
 * Parts joined when the case runs.
 *
 * @example
 * ```ts
 * new JoinedValue(['Bearer ', new PoolRef('token', 0)])
 * ```
 */
export class JoinedValue {
  constructor(readonly parts: (PoolRef | string)[]) {}
}

type Value = PoolRef | JoinedValue | string

/** One generated call. */
export interface FuzzCase {
  /** The route it aims at (undefined: a made-up path). */
  route?: string
  method: string
  /** Path segments; a template's parameters are filled, and sometimes the path is bent. */
  segments: Value[]
  trailingSlash: boolean
  query: [string, Value][]
  headers: [string, Value][]
  body?: { type: 'json'; value: unknown } | { type: 'form'; fields: [string, Value][] } | { type: 'text'; value: string }
  contentType?: Value
  /** A portal session (by pool index): its cookie is sent, and a form's `_csrf` that names a token gets this session's. */
  session?: number
}

const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '../../../etc/passwd',
  '..%2F..%2Fpackage.json',
  '%00',
  '%E0%A4%A',
  '%',
  '{{7*7}}',
  "' OR 1=1 --",
  '\u0000',
  '\r\nSet-Cookie: x=y',
  '__proto__',
  'constructor',
  'NaN',
  '-1',
  '1e309',
  ' ',
  '',
  '😀',
  '\ud800',
  'javascript:alert(1)',
  '//evil.example',
  'https://evil.example/x',
  'A'.repeat(5_000),
]

const anyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 1, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: fc.stringMatching(/^\d{1,12}$/) },
)

/** A pooled value; each pool's first value is the one most likely to be accepted, and is drawn most often. */
function pooled(pool: PoolName): fc.Arbitrary<PoolRef> {
  return fc.oneof({ weight: 2, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: fc.nat(50) }).map((i) => new PoolRef(pool, i))
}

function valueOf(pool: PoolName, rawShare = 1): fc.Arbitrary<Value> {
  return fc.oneof({ weight: 4, arbitrary: pooled(pool) }, { weight: rawShare, arbitrary: anyString })
}

/** Which pool a field or parameter name draws from. */
function poolForName(name: string): PoolName | undefined {
  const n = name.toLowerCase().replace(/[-_]/g, '')
  if (n === 'requestid') return 'requestId'
  if (n === 'systemid' || n === 'productname') return 'systemId'
  if (n.endsWith('orgno') || n === 'party' || n === 'orgnumber') return 'orgNo'
  if (n === 'pid') return 'pid'
  if (n === 'externalref') return 'externalRef'
  if (n === 'clientid') return 'clientId'
  if (n.includes('redirect') || n === 'next') return 'redirectUrl'
  if (n === 'scope') return 'scope'
  if (n === 'urn') return 'urn'
  if (n === 'value') return 'resource'
  if (n === 'assertion') return 'assertion'
  if (n === 'csrf') return 'csrf'
  if (n === 'provider') return 'provider'
  if (n === 'name') return 'asset'
  if (n === 'id') return 'requestId'
  return undefined
}

interface ZodDef {
  type: string
  innerType?: z.ZodType
  in?: z.ZodType
  element?: z.ZodType
  shape?: Record<string, z.ZodType>
  valueType?: z.ZodType
  options?: z.ZodType[]
  values?: unknown[]
}

function defOf(schema: z.ZodType): ZodDef {
  return (schema as unknown as { _zod: { def: ZodDef } })._zod.def
}

/** A JSON value shaped like the schema (field names in any case, values from the pools), often broken. */
function shaped(schema: z.ZodType, key: string, depth: number): fc.Arbitrary<unknown> {
  const def = defOf(schema)
  const wild = fc.jsonValue({ maxDepth: 2 })
  if (depth > 5) return wild
  let arb: fc.Arbitrary<unknown>
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return fc.oneof({ weight: 4, arbitrary: shaped(def.innerType!, key, depth) }, { weight: 1, arbitrary: fc.constantFrom(null, undefined) })
    case 'pipe':
      return shaped(def.in!, key, depth)
    case 'object': {
      const fields = Object.entries(def.shape ?? {}).map(([k, s]) => {
        const name = fc.oneof({ weight: 5, arbitrary: fc.constant(k) }, { weight: 1, arbitrary: fc.constant(k.toUpperCase()) }, { weight: 1, arbitrary: fc.constant(k.toLowerCase()) })
        // Most fields are there, so calls get past binding; now and then one is left out.
        return fc.tuple(name, shaped(s, k, depth + 1), fc.nat(7))
      })
      arb = fc.tuple(fc.tuple(...fields), fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'extra', 'Id', 'typo'), wild, { maxKeys: 2 })).map(([entries, extra]) => {
        const out: Record<string, unknown> = {}
        for (const [k, v, keep] of entries) if (keep > 0) out[k] = v
        for (const [k, v] of Object.entries(extra)) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true })
        return out
      })
      break
    }
    case 'array':
      arb = fc.array(shaped(def.element!, key, depth + 1), { maxLength: 3 })
      break
    case 'record':
      arb = fc.dictionary(fc.constantFrom('nb', 'nn', 'en', 'se', 'x'), shaped(def.valueType!, key, depth + 1), { maxKeys: 4 })
      break
    case 'union':
      arb = fc.oneof(...(def.options ?? []).map((o) => shaped(o, key, depth + 1)))
      break
    case 'enum':
    case 'literal':
      arb = fc.constantFrom(...(def.values ?? Object.values((def as { entries?: Record<string, unknown> }).entries ?? {})), 'other')
      break
    case 'number':
    case 'int':
      arb = fc.oneof(fc.integer({ min: -10, max: 1_000 }), fc.double(), fc.constantFrom(0, 1, 200, 503, 599, 1e308))
      break
    case 'boolean':
      arb = fc.boolean()
      break
    case 'string': {
      const pool = poolForName(key)
      arb = pool ? valueOf(pool) : anyString
      break
    }
    default:
      arb = wild
  }
  return fc.oneof({ weight: 6, arbitrary: arb }, { weight: 1, arbitrary: wild })
}

const RIGHT = { resource: [{ id: 'urn:altinn:resource', value: KRAV }] }

/** A body each route accepts as it is (with a fresh external reference or id), for mutations one field at a time. */
function validBody(route: string): fc.Arbitrary<unknown> | undefined {
  const ref = fc.uuid().map((u) => `fz-${u.slice(0, 8)}`)
  const registration = (id: fc.Arbitrary<string>) =>
    fc.record({
      id,
      vendor: fc.constant({ authority: 'iso6523-actorid-upis', ID: `0192:${SMARTCLOUD}` }),
      name: fc.constant({ nb: 'Fuzz', nn: 'Fuzz', en: 'Fuzz' }),
      description: fc.constant({ nb: 'Fuzz', nn: 'Fuzz', en: 'Fuzz' }),
      rights: fc.constant([RIGHT]),
      clientId: ref.map((r) => [r]),
      allowedRedirectUrls: fc.constant([RECEIPT_URL]),
      isVisible: fc.boolean(),
    })
  switch (route) {
    case 'createRequest':
      return fc.record({ systemId: fc.constant(STANDARD_SYSTEM), partyOrgNo: fc.constant(CUSTOMER), externalRef: ref, rights: fc.constant([RIGHT]), redirectUrl: fc.constant(RECEIPT_URL) })
    case 'createAgentRequest':
      return fc.record({ systemId: fc.constant(AGENT_SYSTEM), partyOrgNo: fc.constant(FACILITATOR), externalRef: ref, accessPackages: fc.constant([{ urn: REGNSKAPSFORER }]) })
    case 'createSystem':
      return registration(ref.map((r) => `${SMARTCLOUD}_${r.replace(/-/g, '')}`))
    case 'updateSystem':
      return registration(fc.constant(STANDARD_SYSTEM))
    case 'updateSystemRights':
      return fc.constant([RIGHT])
    case 'updateSystemAccessPackages':
      return fc.constant([{ urn: REGNSKAPSFORER }])
    case 'controlCreateSystemUser':
      return fc.record({ systemId: fc.constant(STANDARD_SYSTEM), orgNo: fc.constantFrom(CUSTOMER, FACILITATOR) })
    case 'controlAddClient':
      return fc.record({ orgNo: fc.constantFrom(SPRUDLENDE_HOFLIG_MAKE, MODIG_KLOK_OTER, NON_CLIENT) })
    case 'controlTokens':
      return fc.record({ orgNo: fc.constant(SMARTCLOUD), scope: fc.constantFrom(Scopes.requestRead, Scopes.kravOgBetalinger) })
    case 'controlClock':
      return fc.oneof(fc.record({ advance: fc.constantFrom('P1D', 'PT1H', 60_000) }), fc.record({ set: fc.constant('2030-01-01T00:00:00Z') }), fc.record({ reset: fc.constant(true) }))
    case 'controlFaultsAdd':
      return fc.record({ path: fc.constant('/nowhere/*'), status: fc.constantFrom(418, 503), times: fc.constant(1) })
    default:
      return undefined
  }
}

/** A valid body with at most one field changed to anything, or left out. */
function mutated(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return valid.chain((body) => {
    if (!body || typeof body !== 'object' || Array.isArray(body)) return fc.oneof(fc.constant(body), fc.jsonValue({ maxDepth: 2 }))
    const keys = Object.keys(body)
    return fc.oneof(
      { weight: 3, arbitrary: fc.constant(body) },
      { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...keys), fc.oneof(fc.jsonValue({ maxDepth: 2 }), anyString)).map(([k, v]) => ({ ...body, [k]: v })) },
      { weight: 1, arbitrary: fc.constantFrom(...keys).map((k) => Object.fromEntries(Object.entries(body).filter(([key]) => key !== k))) },
    )
  })
}

/** A generic object for routes that read a body without a schema (approve/reject `{pid}`, seed additions). */
const looseObject = fc.dictionary(
  fc.constantFrom('pid', 'orgNo', 'organisations', 'persons', 'systems', 'clientRelations', 'maskinportenClients', 'x'),
  fc.oneof(valueOf('pid'), valueOf('orgNo'), fc.jsonValue({ maxDepth: 3 })),
  { maxKeys: 3 },
)

const FORM_FIELDS = ['_csrf', 'pid', 'next', 'orgNo', 'id', 'party', 'systemId', 'clientOrgNo', 'decision', 'advance', 'reset', 'grant_type', 'assertion', 'scope', 'client_id', 'integrationTitle', 'x']

function formFieldValue(name: string): fc.Arbitrary<Value> {
  if (name === 'decision') return fc.oneof(fc.constantFrom('approve', 'reject'), anyString)
  if (name === 'advance') return fc.oneof(fc.constantFrom('P1D', 'PT2H', '-P1D', '1000', 'P999999Y', '1e400'), anyString)
  if (name === 'reset') return fc.oneof(fc.constant('true'), anyString)
  if (name === 'grant_type') return fc.oneof({ weight: 4, arbitrary: fc.constant(JWT_BEARER_GRANT_TYPE) }, { weight: 1, arbitrary: anyString })
  const pool = poolForName(name)
  return pool ? valueOf(pool, 1) : anyString
}

/** The fields each form reads; a generated form has most of them, and some others. */
const FORM_FIELDS_BY_ROUTE: Record<string, string[]> = {
  maskinportenToken: ['grant_type', 'assertion'],
  portalLoginSubmit: ['_csrf', 'pid', 'next'],
  portalLogout: ['_csrf'],
  portalChooseActorSubmit: ['_csrf', 'orgNo'],
  portalCreateSubmit: ['_csrf', 'systemId', 'integrationTitle'],
  portalDeleteSystemUser: ['_csrf'],
  portalAddClient: ['_csrf', 'clientOrgNo'],
  portalRemoveClient: ['_csrf', 'clientOrgNo'],
  inspectorDecide: ['_csrf', 'pid', 'decision'],
  inspectorClock: ['_csrf', 'advance', 'reset'],
  inspectorReset: ['_csrf'],
}

function formFieldsFor(route: string): fc.Arbitrary<[string, Value][]> {
  const known = FORM_FIELDS_BY_ROUTE[route] ?? (/^portal(Agent)?(Approve|Reject|Escalate)$/.test(route) ? ['_csrf', 'id', 'party'] : [])
  const base = fc.tuple(...known.map((name) => fc.tuple(fc.constant(name), formFieldValue(name), fc.nat(7))))
  const extra = fc.array(fc.constantFrom(...FORM_FIELDS).chain((name) => fc.tuple(fc.constant(name), formFieldValue(name))), { maxLength: 2 })
  return fc.tuple(base, extra).map(([b, e]) => [...b.filter(([, , keep]) => keep > 0).map(([k, v]) => [k, v] as [string, Value]), ...(e as [string, Value][])])
}

const QUERY_NAMES = ['token', 'system-id', 'orgno', 'external-ref', 'clientId', 'systemProviderOrgNo', 'systemUserOwnerOrgNo', 'externalRef', 'id', 'DONTCHOOSEREPORTEE', 'next', 'skiplogout', 'ok', 'problem', 'pid', 'path', 'status', 'since', 'after', 'route', 'code', 'vendor', 'limit', 'x']

const queryPairs: fc.Arbitrary<[string, Value][]> = fc
  .array(
    fc.constantFrom(...QUERY_NAMES).chain((name) => {
      const pool = poolForName(name)
      const special = name === 'token' ? fc.oneof(fc.constantFrom('IiI', 'MTA', 'eyJ4IjoxfQ', '%%%'), anyString) : name === 'status' ? fc.constantFrom('5xx', '200', '4xx', 'abc') : name === 'limit' || name === 'after' ? fc.constantFrom('0', '-1', '5', '1e9', 'x') : undefined
      return fc.tuple(fc.constant(name), special ?? (pool ? valueOf(pool) : anyString))
    }),
    { maxLength: 4 },
  )
  .map((q) => q as [string, Value][])

const headerPairs: fc.Arbitrary<[string, Value][]> = fc.tuple(
  // The credential: none, one of the mock's tokens (valid, expired, wrong scope, other vendor ...), or junk.
  fc.oneof(
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 5, arbitrary: pooled('token').map((t): Value => new JoinedValue(['Bearer ', t])) },
    { weight: 1, arbitrary: anyString },
    { weight: 1, arbitrary: fc.constantFrom('Bearer', 'Bearer ', 'Basic eDp5', 'bearer x.y.z', 'Bearer a.b.c d') },
  ),
  fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 2, arbitrary: pooled('cookie') }, { weight: 1, arbitrary: anyString }),
  fc.array(
    fc.tuple(fc.constantFrom('origin', 'sec-fetch-site', 'x-altinn-enterpriseuser-authentication', 'referer', 'x-forwarded-host', 'accept', 'x-custom'), anyString),
    { maxLength: 2 },
  ),
).map(([auth, cookie, extra]) => {
  const out: [string, Value][] = []
  if (auth !== undefined) out.push(['authorization', auth])
  if (cookie !== undefined) out.push(['cookie', cookie])
  out.push(...(extra as [string, Value][]))
  return out
})

const OTHER_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'PROPFIND']

/**
 * Calls aimed at one route: its method and template, its body, with sometimes a bent path or method.
 *
 * @example
 * ```ts
 * const cases = fc.sample(caseFor(allRoutes.find((r) => r.name === 'createRequest')!), { numRuns: 100, seed: 1 })
 * ```
 */
export function caseFor(route: RouteDef<any>): fc.Arbitrary<FuzzCase> {
  const prefix = route.surface === 'maskinporten' ? ['maskinporten'] : []
  const templ = [...prefix, ...route.path.split('/').filter(Boolean)]
  const segments = fc.tuple(
    ...templ.map((s): fc.Arbitrary<Value> => {
      const m = /^\{(\w+)\}$/.exec(s)
      if (!m) return fc.oneof({ weight: 60, arbitrary: fc.constant(s) }, { weight: 2, arbitrary: fc.constant(s.toUpperCase()) }, { weight: 1, arbitrary: anyString })
      const name = m[1]!
      if (route.name.startsWith('controlFaults')) return valueOf('faultId')
      if (name === 'id' && /SystemUser|Client|AgentDelegation/.test(route.name)) return fc.oneof(valueOf('systemUserId'), valueOf('agentSystemUserId'))
      if (name === 'id' || name === 'requestId') return fc.oneof(valueOf('requestId'), valueOf('agentRequestId'))
      return valueOf(poolForName(name) ?? 'externalRef')
    }),
  )
  let body: fc.Arbitrary<FuzzCase['body']> = fc.constant(undefined)
  const valid = validBody(route.name)
  if (route.body)
    body = fc.oneof(
      { weight: 8, arbitrary: shaped(route.body, '', 0).map((value) => ({ type: 'json' as const, value })) },
      { weight: valid ? 8 : 0, arbitrary: mutated(valid ?? fc.constant({})).map((value) => ({ type: 'json' as const, value })) },
      { weight: 1, arbitrary: anyString.map((value) => ({ type: 'text' as const, value })) },
    )
  else if (route.form) body = fc.oneof({ weight: 8, arbitrary: formFieldsFor(route.name).map((fields) => ({ type: 'form' as const, fields })) }, { weight: 1, arbitrary: anyString.map((value) => ({ type: 'text' as const, value })) })
  else if (route.method !== 'GET') {
    // The control API's decisions read an optional `{"pid"}` themselves.
    const pidBody = fc.record({ pid: valueOf('pid') }, { requiredKeys: [] })
    body = fc.option(fc.oneof({ weight: 3, arbitrary: pidBody.map((value) => ({ type: 'json' as const, value })) }, { weight: 2, arbitrary: looseObject.map((value) => ({ type: 'json' as const, value })) }, { weight: 1, arbitrary: anyString.map((value) => ({ type: 'text' as const, value })) }), { nil: undefined, freq: 3 })
  }
  const contentType: fc.Arbitrary<Value | undefined> = fc.oneof(
    { weight: 18, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain', 'application/problem+json; charset=utf-8', 'multipart/form-data; boundary=x') },
    { weight: 1, arbitrary: anyString },
  )
  return fc.record({
    route: fc.constant(route.name),
    method: fc.oneof({ weight: 12, arbitrary: fc.constant(route.method) }, { weight: 1, arbitrary: fc.constantFrom(...OTHER_METHODS) }),
    segments: segments.map((s) => s as Value[]),
    trailingSlash: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    query: fc.oneof({ weight: 2, arbitrary: fc.constant([] as [string, Value][]) }, { weight: 1, arbitrary: queryPairs }),
    headers: headerPairs,
    body,
    contentType,
    session: route.surface === 'portal' ? fc.option(fc.nat(10), { nil: undefined, freq: 6 }) : fc.constant(undefined),
  }).map((c) => {
    const out: FuzzCase = { route: c.route, method: c.method, segments: c.segments, trailingSlash: c.trailingSlash, query: c.query, headers: c.headers }
    if (c.body) out.body = c.body
    if (c.contentType !== undefined) out.contentType = c.contentType
    if (c.session !== undefined) out.session = c.session
    // The inspector's forms carry the inspector's token (the last in the pool), mostly.
    if (route.name.startsWith('inspector') && out.body?.type === 'form') out.body = { type: 'form', fields: out.body.fields.map(([k, v]) => [k, k === '_csrf' && v instanceof PoolRef ? new PoolRef('csrf', -1) : v]) }
    return out
  })
}

/**
 * Calls to made-up paths (unknown routes, hostile segments).
 *
 * @example
 * ```ts
 * fc.sample(strayCase, { numRuns: 20 })
 * ```
 */
export const strayCase: fc.Arbitrary<FuzzCase> = fc.record({
  method: fc.constantFrom(...OTHER_METHODS),
  segments: fc.array(fc.oneof(fc.constantFrom('authentication', 'api', 'v1', 'systemuser', '__mock', 'accessmanagement', 'ui', 'maskinporten', '.well-known', '..', '.'), anyString), { maxLength: 8 }).map((s) => s as Value[]),
  trailingSlash: fc.boolean(),
  query: queryPairs,
  headers: headerPairs,
})

// ---------------------------------------------------------------------------------------------------------
// Targets: the route table in-process, or a real server

/** A concrete request as both targets send it. */
interface Concrete {
  method: string
  /** Path and query, already encoded. */
  target: string
  headers: Record<string, string>
  body?: string
}

/** What a target answered. */
interface Answer {
  status: number
  body: string
}

/** Where cases run. */
export interface FuzzTarget {
  readonly kind: 'in-process' | 'http'
  readonly mock: MockAltinn
  send(req: Concrete): Promise<Answer>
  close(): Promise<void>
}

/**
 * The route table in-process: `dispatch` with the harness hooks, as msw calls it.
 *
 * @example
 * ```ts
 * const target = createInProcessTarget()
 * ```
 */
export function createInProcessTarget(): FuzzTarget {
  const origin = 'http://127.0.0.1:5101'
  const { mock } = createInProcessMock({ origin })
  const router = createMockRouter(withHarness())
  return {
    kind: 'in-process',
    mock,
    async send(req) {
      const headers: Record<string, string | undefined> = {}
      for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = v
      let url: URL
      try {
        url = new URL(`${origin}${req.target}`)
      } catch {
        return { status: 0, body: 'unparsable URL (not sent)' }
      }
      const routeReq: RouteRequest = { method: req.method, url, headers, ...(req.body !== undefined ? { body: req.body } : {}) }
      const res = await router.dispatch(mock, routeReq)
      return { status: res.status, body: res.body ?? '' }
    },
    close: async () => undefined,
  }
}

/**
 * A real server on a free port; requests go out with `node:http` (the path exactly as generated).
 *
 * @example
 * ```ts
 * const target = await createHttpTarget()
 * ```
 */
export async function createHttpTarget(): Promise<FuzzTarget> {
  const running: RunningMockServer = await startMockServer({ port: 0 })
  const { port } = new URL(running.url)
  return {
    kind: 'http',
    mock: running.mock,
    send(req) {
      return new Promise<Answer>((resolve) => {
        let sent
        try {
          // A fresh connection per call, and the body framed by its length: a GET with an unframed body would
          // otherwise be read by the server as the start of the next call on the same connection.
          const headers = req.body === undefined ? req.headers : { ...req.headers, 'content-length': String(Buffer.byteLength(req.body)) }
          sent = httpRequest({ host: '127.0.0.1', port: Number(port), method: req.method, path: req.target, headers, agent: false })
        } catch (e) {
          // The client refuses to send it (a control character in a header or path): nothing reached the server.
          resolve({ status: 0, body: `not sent: ${(e as Error).message}` })
          return
        }
        sent.on('response', (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }))
          res.on('error', () => resolve({ status: -1, body: 'response error' }))
        })
        sent.on('error', (e) => resolve({ status: -1, body: `connection error: ${e.message}` }))
        if (req.body !== undefined) sent.write(req.body)
        sent.end()
      })
    },
    close: () => running.close(),
  }
}

// ---------------------------------------------------------------------------------------------------------
// Pools: live values to aim at, made through the core (no HTTP) before each batch

type Pools = Record<PoolName, string[]>


/**
 * Fill the pools for a target: requests and system users of both kinds, tokens of every sort, portal sessions,
 * signed grant assertions.
 *
 * @example
 * ```ts
 * const pools = await preparePools(target.mock)
 * ```
 */
export async function preparePools(mock: MockAltinn): Promise<Pools> {
  const vendor = await verifyAccessToken(mock, (await mintMaskinportenToken(mock, { orgNo: SMARTCLOUD, scope: ALL_VENDOR_SCOPES })).accessToken)
  const requests: string[] = []
  const agentRequests: string[] = []
  const users: string[] = []
  const agentUsers: string[] = []
  for (let i = 0; i < 3; i++) {
    const ref = `fuzz-${i}-${randomUUID().slice(0, 8)}`
    const standard = createStandardRequest(mock, vendor, { systemId: STANDARD_SYSTEM, partyOrgNo: CUSTOMER, externalRef: ref, rights: [{ resource: [{ id: 'urn:altinn:resource', value: KRAV }] }], redirectUrl: RECEIPT_URL }).request
    const agent = createAgentRequest(mock, vendor, { systemId: AGENT_SYSTEM, partyOrgNo: FACILITATOR, externalRef: ref, accessPackages: [{ urn: REGNSKAPSFORER }] }).request
    requests.push(standard.id)
    agentRequests.push(agent.id)
    if (i > 0) {
      users.push(approveRequest(mock, standard.id, { pid: STADIG_KONSERT }).id)
      agentUsers.push(approveRequest(mock, agent.id, { pid: DRESS_MINST }).id)
    }
  }
  addClient(mock, agentUsers[0]!, LYSEGRONN_FLEKKETE_ELG, DRESS_MINST)

  const now = Math.floor(mock.clock.now() / 1000)
  const claims = (extra: Partial<AccessTokenClaims>): AccessTokenClaims => ({
    iss: mock.config.maskinportenIssuer,
    scope: ALL_VENDOR_SCOPES,
    client_id: STANDARD_CLIENT_ID,
    consumer: { authority: 'iso6523-actorid-upis', ID: `0192:${SMARTCLOUD}` },
    iat: now,
    exp: now + 600,
    jti: randomUUID(),
    ...extra,
  })
  const { consumer: _c, ...noConsumer } = claims({})
  const tokens = [
    (await mintMaskinportenToken(mock, { orgNo: SMARTCLOUD, scope: ALL_VENDOR_SCOPES })).accessToken,
    (await mintMaskinportenToken(mock, { orgNo: SMARTCLOUD, scope: Object.values(Scopes).join(' ') })).accessToken,
    (await mintMaskinportenToken(mock, { orgNo: SMARTCLOUD, scope: Scopes.requestRead })).accessToken,
    (await mintMaskinportenToken(mock, { orgNo: KONKURRENT, scope: ALL_VENDOR_SCOPES })).accessToken,
    (await mintMaskinportenToken(mock, { orgNo: SMARTCLOUD, scope: `${Scopes.kravOgBetalinger}`, authorizationDetails: [{ type: 'urn:altinn:systemuser', systemuser_id: [users[0]!], systemuser_org: { authority: 'iso6523-actorid-upis', ID: `0192:${CUSTOMER}` }, system_id: STANDARD_SYSTEM }] })).accessToken,
    await sign(mock.keys.maskinporten, claims({ iat: now - 900, exp: now - 300 })),
    await sign(mock.keys.maskinporten, noConsumer),
    await sign(mock.keys.altinn, claims({ iss: mock.config.altinnIssuer })),
    await sign(mock.keys.altinn, claims({})),
    'not.a.token',
  ]

  const client = signingClientOf(mock.store.maskinportenClients.get(STANDARD_CLIENT_ID)!)
  const assertions = await Promise.all(
    Array.from({ length: 12 }, (_, i) =>
      signClientAssertion(client, mock.config.maskinportenIssuer, now, {
        lifetime: 120,
        scope: i % 3 === 0 ? `${Scopes.kravOgBetalinger} nope:scope` : Scopes.kravOgBetalinger,
        ...(i % 2 ? { authorization_details: systemUserDetails(CUSTOMER) } : {}),
      }),
    ),
  )

  const sessions = [
    createSession(mock, { pid: STADIG_KONSERT, actingForOrgNo: CUSTOMER }),
    createSession(mock, { pid: DRESS_MINST, actingForOrgNo: FACILITATOR }),
    createSession(mock, { pid: FLITTIG_ANSATT, actingForOrgNo: CUSTOMER }),
    createSession(mock, { pid: FREMMED_TURIST }),
    createSession(mock),
  ]
  getHarness(mock).faults.add({ path: '/never/matches/*', status: 418 })
  const faultIds = getHarness(mock).faults.list().map((f) => f.id)
  getHarness(mock).faults.clear()

  return {
    requestId: requests,
    agentRequestId: agentRequests,
    systemUserId: users,
    agentSystemUserId: agentUsers,
    systemId: [STANDARD_SYSTEM, AGENT_SYSTEM, `${KONKURRENT}_konkurrent`, 'unknown_system'],
    orgNo: [CUSTOMER, FACILITATOR, LYSEGRONN_FLEKKETE_ELG, SPRUDLENDE_HOFLIG_MAKE, MODIG_KLOK_OTER, NON_CLIENT, SMARTCLOUD, KONKURRENT, '123456789'],
    pid: [STADIG_KONSERT, DRESS_MINST, FLITTIG_ANSATT, FREMMED_TURIST, '15918800023', '12345678901'],
    externalRef: ['fuzz-0', CUSTOMER, 'x'],
    clientId: [...mock.store.maskinportenClients.keys(), 'unknown-client'],
    redirectUrl: [RECEIPT_URL, `${RECEIPT_URL}?state=1`, 'https://evil.example/', '/accessmanagement/ui/systemuser/overview', '//evil.example'],
    scope: [Scopes.kravOgBetalinger, ALL_VENDOR_SCOPES, Scopes.requestRead, 'altinn:authentication/systemregister.admin', 'x'],
    urn: [REGNSKAPSFORER, 'urn:altinn:accesspackage:maskinporten-administrator', 'urn:altinn:accesspackage:none'],
    resource: [KRAV, 'ske-maskinporten-schema', 'none'],
    token: tokens,
    assertion: [...assertions, `${assertions[0]!.split('.').slice(0, 2).join('.')}.`, 'a.b.c'],
    csrf: [...sessions.map((s) => s.csrfToken), inspectorTokenOf(mock)],
    cookie: sessions.map((s) => `${SESSION_COOKIE}=${s.id}`),
    faultId: faultIds.length ? faultIds : ['f-1'],
    provider: ['maskinporten', 'idporten', 'altinnstudio', 'x'],
    asset: ['designsystemet.css', 'theme.css', 'portal.css', '..%2Fpackage.json'],
  }
}

function resolveValue(v: unknown, pools: Pools): unknown {
  if (v instanceof JoinedValue) return v.parts.map((p) => String(resolveValue(p, pools))).join('')
  if (v instanceof PoolRef) {
    const pool = pools[v.pool]
    // A negative index counts from the end (the inspector's token is the last CSRF token).
    return pool.length ? pool[(v.index % pool.length + pool.length) % pool.length] : ''
  }
  if (Array.isArray(v)) return v.map((x) => resolveValue(x, pools))
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(v)) Object.defineProperty(out, k, { value: resolveValue((v as Record<string, unknown>)[k], pools), enumerable: true, writable: true, configurable: true })
    return out
  }
  return v
}

function str(v: Value, pools: Pools): string {
  return String(resolveValue(v, pools))
}

/** Percent-encode what a path segment cannot hold, but keep what the generator bent on purpose (`%`, `..`). */
function segment(s: string): string {
  return s.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@%]/gu, (c) => {
    try {
      return encodeURIComponent(c)
    } catch {
      return '%ED%A0%80' // a lone surrogate: its WTF-8 bytes, which no decoder accepts
    }
  })
}

function concrete(c: FuzzCase, pools: Pools): Concrete {
  const path = `/${c.segments.map((s) => segment(str(s, pools))).join('/')}${c.trailingSlash ? '/' : ''}`
  const query = c.query.length ? `?${new URLSearchParams(c.query.map(([k, v]) => [k, str(v, pools)])).toString()}` : ''
  const headers: Record<string, string> = {}
  for (const [k, v] of c.headers) headers[k] = str(v, pools)
  const session = c.session === undefined ? undefined : c.session % pools.cookie.length
  if (session !== undefined) headers.cookie = pools.cookie[session]!
  const field = (k: string, v: Value) => (k === '_csrf' && v instanceof PoolRef && v.index >= 0 && session !== undefined ? pools.csrf[session]! : str(v, pools))
  let body: string | undefined
  if (c.body?.type === 'json') {
    body = JSON.stringify(resolveValue(c.body.value, pools)) ?? 'null'
    headers['content-type'] = 'application/json'
  } else if (c.body?.type === 'form') {
    body = new URLSearchParams(c.body.fields.map(([k, v]) => [k, field(k, v)])).toString()
    headers['content-type'] = 'application/x-www-form-urlencoded'
  } else if (c.body?.type === 'text') body = c.body.value
  if (c.contentType !== undefined) headers['content-type'] = str(c.contentType, pools)
  return { method: c.method, target: `${path}${query}`, headers, ...(body !== undefined ? { body } : {}) }
}

// ---------------------------------------------------------------------------------------------------------
// Running and judging

/** Everything a refused call must leave as it was (the clock's offset to real time in whole seconds). */
function fingerprint(mock: MockAltinn): string {
  const { now: _now, ...state } = stateView(mock)
  const h = getHarness(mock)
  return JSON.stringify({
    state,
    clients: [...mock.store.maskinportenClients.keys()],
    organisations: mock.store.organisations.size,
    persons: mock.store.persons.size,
    faults: h.faults.list().map((f) => f.id),
    shifted: mock.clock.shifted,
    offset: Math.round((mock.clock.now() - Date.now()) / 1000),
  })
}

/** What one case came to. */
export interface CaseOutcome {
  status: number
  /** A server error (5xx), a throw, or a refused call that changed the state. */
  failure?: string
}

/**
 * Send one case and judge it: no 5xx, nothing thrown, a refusal changes nothing.
 *
 * @example
 * ```ts
 * const outcome = await runCase(target, pools, fc.sample(caseFor(route), 1)[0])
 * ```
 */
export async function runCase(target: FuzzTarget, pools: Pools, c: FuzzCase): Promise<CaseOutcome> {
  const req = concrete(c, pools)
  const before = fingerprint(target.mock)
  let answer: Answer
  try {
    answer = await target.send(req)
  } catch (e) {
    return { status: -1, failure: `threw: ${(e as Error).message}` }
  }
  const label = `${req.method} ${req.target.slice(0, 160)}`
  if (answer.status >= 500) return { status: answer.status, failure: `${answer.status} for ${label}: ${answer.body.slice(0, 200)}` }
  if (answer.status === -1) return { status: -1, failure: `${answer.body} for ${label}` }
  if (answer.status >= 400 && fingerprint(target.mock) !== before) return { status: answer.status, failure: `refused with ${answer.status} but changed the state: ${label}` }
  return { status: answer.status }
}

/** Counts of a run. */
export interface FuzzSummary {
  cases: number
  byClass: Record<string, number>
  byTarget: Record<string, number>
  routesHit: number
  routesAccepted: number
  serverErrors: number
  crashes: number
  stateChanges: number
  failures: string[]
}

/**
 * Generate and run `cases` calls, round-robin over the route table (and some made-up paths), in batches on fresh
 * mocks; a share of the batches over real HTTP.
 *
 * @example
 * ```ts
 * const summary = await fuzz({ cases: 300, httpShare: 0.2, seed: 1 })
 * summary.serverErrors // 0
 * ```
 */
export async function fuzz(options: { cases: number; httpShare: number; seed: number; batch?: number; onBatch?: (done: number) => void }): Promise<FuzzSummary> {
  const batchSize = options.batch ?? 400
  const routes = allRoutes
  const summary: FuzzSummary = { cases: 0, byClass: {}, byTarget: {}, routesHit: 0, routesAccepted: 0, serverErrors: 0, crashes: 0, stateChanges: 0, failures: [] }
  const hit = new Set<string>()
  const accepted = new Set<string>()
  const batches = Math.ceil(options.cases / batchSize)
  const httpBatches = Math.max(options.httpShare > 0 ? 1 : 0, Math.round(batches * options.httpShare))
  const original = console.error
  let logged = 0
  console.error = (...args: unknown[]) => {
    // The router logs an unexpected error before it answers 500; the count is the check, the noise is not needed.
    if (String(args[0]).includes('[mock-altinn]')) {
      logged++
      if (process.env.FUZZ_DEBUG) original(...args)
    }
    else original(...args)
  }
  try {
    for (let b = 0; b < batches; b++) {
      const count = Math.min(batchSize, options.cases - summary.cases)
      // `httpBatches` of the batches, spread over the run, go over real HTTP.
      const overHttp = Math.floor((b * httpBatches) / batches) !== Math.floor(((b + 1) * httpBatches) / batches)
      const target = overHttp ? await createHttpTarget() : createInProcessTarget()
      try {
        let pools = await preparePools(target.mock)
        const offset = (b * batchSize) % routes.length
        const stray = fc.sample(strayCase, { numRuns: Math.ceil(count / 20), seed: options.seed + b * 7919 + 1 })
        const perRoute = new Map<string, FuzzCase[]>()
        for (let i = 0; i < count; i++) {
          const route = routes[(offset + i) % routes.length]!
          if (!perRoute.has(route.name)) perRoute.set(route.name, fc.sample(caseFor(route), { numRuns: Math.ceil(count / routes.length) + 1, seed: options.seed + b * 7919 + route.name.length * 131 + i }))
        }
        const used = new Map<string, number>()
        for (let i = 0; i < count; i++) {
          let c: FuzzCase
          if (i % 20 === 19) c = stray[Math.floor(i / 20)]!
          else {
            const route = routes[(offset + i) % routes.length]!
            const list = perRoute.get(route.name)!
            const n = used.get(route.name) ?? 0
            used.set(route.name, n + 1)
            c = list[n % list.length]!
          }
          const outcome = await runCase(target, pools, c)
          summary.cases++
          const cls = outcome.status <= 0 ? 'not sent' : `${Math.floor(outcome.status / 100)}xx`
          summary.byClass[cls] = (summary.byClass[cls] ?? 0) + 1
          summary.byTarget[target.kind] = (summary.byTarget[target.kind] ?? 0) + 1
          if (c.route) {
            hit.add(c.route)
            if (outcome.status >= 200 && outcome.status < 400) accepted.add(c.route)
          }
          if (outcome.failure) {
            if (outcome.status >= 500) summary.serverErrors++
            else if (outcome.status === -1) summary.crashes++
            else summary.stateChanges++
            if (summary.failures.length < 20) summary.failures.push(`[${target.kind}] ${outcome.failure}`)
          }
          // Between cases: faults and a moved clock would only make later calls fail for reasons of their own;
          // a reset ends the pools' sessions and requests.
          const h = getHarness(target.mock)
          if (h.faults.list().length) h.faults.clear()
          if (target.mock.clock.shifted) target.mock.clock.reset()
          if (c.route === 'controlReset' || c.route === 'inspectorReset' || i % 100 === 99) {
            target.mock.reset()
            pools = await preparePools(target.mock)
          }
        }
      } finally {
        await target.close()
      }
      options.onBatch?.(summary.cases)
    }
  } finally {
    console.error = original
  }
  summary.routesHit = hit.size
  summary.routesAccepted = accepted.size
  if (logged > summary.serverErrors) summary.serverErrors = logged
  return summary
}

/**
 * The report as lines of text, the last one exactly `server errors: N`.
 *
 * @example
 * ```ts
 * console.log(renderSummary(summary))
 * ```
 */
export function renderSummary(s: FuzzSummary): string {
  const lines = [`cases: ${s.cases} (${Object.entries(s.byTarget).map(([k, v]) => `${v} ${k}`).join(', ')})`]
  for (const cls of ['2xx', '3xx', '4xx', '5xx', 'not sent']) if (s.byClass[cls]) lines.push(`  ${cls}: ${s.byClass[cls]}`)
  lines.push(`routes: ${s.routesHit} of ${allRoutes.length} called, ${s.routesAccepted} of them answered 2xx/3xx at least once`)
  lines.push(`refused calls that changed the state: ${s.stateChanges}`)
  lines.push(`crashes (thrown, connection lost): ${s.crashes}`)
  for (const f of s.failures) lines.push(`  ${f}`)
  lines.push(`server errors: ${s.serverErrors}`)
  return lines.join('\n')
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { cases: { type: 'string', default: '10000' }, 'http-share': { type: 'string', default: '0.1' }, seed: { type: 'string' } } })
  const cases = Number(values.cases)
  const httpShare = Number(values['http-share'])
  const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31)
  if (!Number.isInteger(cases) || cases < 1) throw new Error('--cases must be a positive whole number')
  if (!(httpShare >= 0 && httpShare <= 1)) throw new Error('--http-share must be between 0 and 1')
  const started = performance.now()
  process.stderr.write(`fuzzing ${cases} cases (seed ${seed}) ...\n`)
  const summary = await fuzz({ cases, httpShare, seed, onBatch: (done) => process.stderr.write(`  ${done} cases, ${((performance.now() - started) / 1000).toFixed(0)} s\n`) })
  console.log(`seed: ${seed}; ${((performance.now() - started) / 1000).toFixed(1)} s`)
  console.log(renderSummary(summary))
  process.exitCode = summary.serverErrors || summary.crashes || summary.stateChanges ? 1 : 0
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main()
