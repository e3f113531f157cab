/**
 * The one dispatcher both transports call: find the route, authenticate, check scopes, bind the body, run the
 * handler, and hand every error of the family to the one mapping (`errors.ts`), with the route's surface and the
 * stage it was raised at. No business rule lives here.
 *
 * @example
 * ```ts
 * const router = createRouter(allRoutes)
 * const res = await router.dispatch(mock, { method: 'GET', url: new URL('http://127.0.0.1:5101/healthz'), headers: {} })
 * ```
 */
import type { MockAltinn } from '../core/mock-altinn.ts'
import { isMockError, UnauthorizedError, type AnyMockError } from '../core/errors.ts'
import { cachedCaller, verifyAccessToken, type Caller } from '../core/tokens.ts'
import { bindJson } from './binding.ts'
import { isJsonMediaType, refuseControlCall } from './control-guard.ts'
import { errorResponse, type ErrorStage } from './errors.ts'
import { empty, httpProblem, modelStateProblem, sanitizeHeader, withWarnings } from './responses.ts'
import type { ErrorPage, HandlerContext, RouteDef, RouteRequest, RouteResponse } from './types.ts'
import type { Surface } from 'altinn-systemuser-sdk/contract'

/** Largest body accepted (bytes) on every route; larger ones get a 413 problem before any handler runs. */
export const MAX_BODY_BYTES = 1024 * 1024

interface CompiledRoute {
  def: RouteDef<any>
  /** Literal segments in lower case (compared case-insensitively), or a parameter. */
  segments: (string | { param: string })[]
  literals: number
}

/** What a router hook sees about a finished exchange (for the journal). */
export interface ExchangeInfo {
  route?: string | undefined
  surface?: Surface | undefined
  caller?: Caller
  durationMs: number
}

export interface RouterHooks {
  /** Runs before routing; a response returned here is sent instead (fault injection). */
  before?(mock: MockAltinn, req: RouteRequest, route: string | undefined): RouteResponse | undefined | Promise<RouteResponse | undefined>
  /** Runs after every exchange. */
  after?(mock: MockAltinn, req: RouteRequest, res: RouteResponse, info: ExchangeInfo): void
}

export interface Router {
  dispatch(mock: MockAltinn, req: RouteRequest): Promise<RouteResponse>
  readonly routes: readonly RouteDef<any>[]
}

function compile(def: RouteDef<any>): CompiledRoute {
  const segments = def.path.split('/').filter(Boolean).map((s) => {
    const m = /^\{(\w+)\}$/.exec(s)
    return m ? { param: m[1]! } : s.toLowerCase()
  })
  return { def, segments, literals: segments.filter((s) => typeof s === 'string').length }
}

interface SurfaceOrigins {
  issuer: string
  platform: string
  portal: string
  control: string
}

/** The origins of a mock's surfaces, worked out once per mock rather than on every call. */
const originsByConfig = new WeakMap<MockAltinn['config'], SurfaceOrigins>()

function originsOf(mock: MockAltinn): SurfaceOrigins {
  let origins = originsByConfig.get(mock.config)
  if (!origins) {
    const { platformUrl, portalUrl, controlUrl, maskinportenIssuer } = mock.config
    origins = {
      issuer: maskinportenIssuer.replace(/\/+$/, ''),
      platform: new URL(platformUrl).origin,
      portal: new URL(portalUrl).origin,
      control: new URL(controlUrl).origin,
    }
    originsByConfig.set(mock.config, origins)
  }
  return origins
}

/** Which surfaces a URL may belong to, and its path relative to each. */
function surfacesOf(mock: MockAltinn, url: URL): { surface: Surface; path: string }[] {
  const result: { surface: Surface; path: string }[] = []
  const { issuer, platform, portal, control } = originsOf(mock)
  // Each read of a URL's parts builds a new string: read them once.
  const origin = url.origin
  const pathname = url.pathname
  const full = `${origin}${pathname}`
  if (full === issuer || (full.startsWith(issuer) && full.charCodeAt(issuer.length) === 47 /* / */)) result.push({ surface: 'maskinporten', path: full.slice(issuer.length) || '/' })
  if (origin === platform) result.push({ surface: 'platform', path: pathname })
  if (origin === portal) result.push({ surface: 'portal', path: pathname })
  if (origin === control) result.push({ surface: 'control', path: pathname })
  return result
}

/**
 * ASP.NET's route precedence: comparing segment by segment from the left, a literal segment wins over a
 * parameter (so `systemregister/vendor/{id}` is tried before `systemregister/{id}/rights`); then the route with
 * more literals. The table's order never decides.
 */
function byPrecedence(a: CompiledRoute, b: CompiledRoute): number {
  const n = Math.min(a.segments.length, b.segments.length)
  for (let i = 0; i < n; i++) {
    const aLiteral = typeof a.segments[i] === 'string'
    const bLiteral = typeof b.segments[i] === 'string'
    if (aLiteral !== bLiteral) return aLiteral ? -1 : 1
  }
  return b.literals - a.literals
}

/** `lowered` is `parts` in lower case, computed once per call rather than once per route. */
function match(route: CompiledRoute, parts: string[], lowered: string[]): Record<string, string> | undefined {
  if (route.segments.length !== parts.length) return undefined
  // Literals first (ASP.NET routes are case-insensitive), so a route that does not match allocates nothing.
  for (let i = 0; i < parts.length; i++) {
    const seg = route.segments[i]!
    if (typeof seg === 'string' && seg !== lowered[i]) return undefined
  }
  const params: Record<string, string> = {}
  for (let i = 0; i < parts.length; i++) {
    const seg = route.segments[i]!
    if (typeof seg === 'string') continue
    const part = parts[i]!
    try {
      params[seg.param] = decodeURIComponent(part)
    } catch {
      params[seg.param] = part
    }
  }
  return params
}

function bearerOf(req: RouteRequest): string | undefined {
  const h = req.headers.authorization
  if (!h) return undefined
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h)
  return m ? m[1] : ''
}

/** Echo at most `max` characters of what the caller sent (a 10 000-character path stays out of the answer). */
function truncate(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max)}…` : value
}

/** Build the dispatcher for a route table. */
export function createRouter(defs: readonly RouteDef<any>[], hooks: RouterHooks = {}): Router {
  const compiled = defs.map(compile).sort(byPrecedence)
  // Routes by surface and number of segments, each list in precedence order: a call looks only at the routes
  // that could match it, not at the whole table.
  const bySurface = new Map<Surface, Map<number, CompiledRoute[]>>()
  // Routes whose last parameter takes the rest of the path, by surface; tried only when nothing else has the path.
  const restBySurface = new Map<Surface, CompiledRoute[]>()
  for (const route of compiled) {
    if (route.def.rest) {
      let list = restBySurface.get(route.def.surface)
      if (!list) restBySurface.set(route.def.surface, (list = []))
      list.push(route)
      continue
    }
    let byLength = bySurface.get(route.def.surface)
    if (!byLength) bySurface.set(route.def.surface, (byLength = new Map()))
    let list = byLength.get(route.segments.length)
    if (!list) byLength.set(route.segments.length, (list = []))
    list.push(route)
  }

  function matchRest(req: RouteRequest, candidates: { surface: Surface; path: string }[]): { route: CompiledRoute; params: Record<string, string> } | undefined {
    for (const { surface, path } of candidates) {
      const routes = restBySurface.get(surface)
      if (!routes) continue
      const parts = path.split('/').filter(Boolean)
      const lowered = parts.map((p) => p.toLowerCase())
      for (const route of routes) {
        const fixed = route.segments.length - 1
        if (route.def.method !== req.method || parts.length <= fixed) continue
        const params = match({ ...route, segments: route.segments.slice(0, fixed) }, parts.slice(0, fixed), lowered.slice(0, fixed))
        const last = route.segments[fixed]
        if (!params || last === undefined || typeof last === 'string') continue
        params[last.param] = parts.slice(fixed).join('/')
        return { route, params }
      }
    }
    return undefined
  }

  async function run(mock: MockAltinn, req: RouteRequest, info: ExchangeInfo): Promise<RouteResponse> {
    const candidates = surfacesOf(mock, req.url)
    let found: { route: CompiledRoute; params: Record<string, string> } | undefined
    let allowed: Set<string> | undefined
    for (const { surface, path } of candidates) {
      const parts = path.split('/').filter(Boolean)
      const routes = bySurface.get(surface)?.get(parts.length)
      if (!routes) continue
      const lowered = parts.map((p) => p.toLowerCase())
      for (const route of routes) {
        const params = match(route, parts, lowered)
        if (!params) continue
        if (route.def.method === req.method) {
          found = { route, params }
          break
        }
        ;(allowed ??= new Set()).add(route.def.method)
      }
      if (found) break
    }
    if (!found && !allowed) found = matchRest(req, candidates)
    info.route = found?.route.def.name
    info.surface = found?.route.def.surface

    // Hooks and handlers may answer at once or with a promise; only a promise is awaited.
    const before = hooks.before?.(mock, req, info.route)
    const injected = before instanceof Promise ? await before : before
    if (injected) return injected

    if (!found) {
      if (allowed?.size) {
        return { ...httpProblem(405, 'Method Not Allowed', `${req.method} is not allowed here; use ${[...allowed].join(', ')}.`), headers: { 'content-type': 'application/problem+json; charset=utf-8', allow: [...allowed].join(', ') } }
      }
      return httpProblem(404, 'Not Found', `No route for ${req.method} ${truncate(req.url.pathname, 200)}. See the README for the paths the mock serves.`)
    }
    const def = found.route.def

    // The control API and the inspector: never driven by a page on another site, JSON only (control-guard.ts).
    if (def.surface === 'control') {
      const refused = refuseControlCall(def, req)
      if (refused) return refused
    }

    let caller: Caller | undefined
    const warnings: string[] = []
    let stage: ErrorStage = 'authentication'
    let ctx: HandlerContext<unknown> | undefined
    try {
      if (def.auth === 'vendor') {
        const token = bearerOf(req)
        if (!token) throw new UnauthorizedError('no bearer token', false)
        caller = cachedCaller(mock, token) ?? (await verifyAccessToken(mock, token))
        info.caller = caller
        // Altinn answers a missing scope with a bodiless 403; the header says which scope was needed, so a vendor's
        // test shows the cause (the journal records it as the entry's `warning`).
        if (def.scopes && !def.scopes.some((s) => caller!.scopes.has(s))) return empty(403, { 'x-mock-warning': missingScopeWarning(def.scopes, caller.scopes) })
      }
      stage = 'handler'

      // On every route, whether or not it reads a body: an adapter drops a body over the limit, and a handler must
      // never go on as if none had been sent.
      if (req.bodyTooLarge) return httpProblem(413, 'Payload Too Large', `The body is larger than ${MAX_BODY_BYTES} bytes; send at most ${MAX_BODY_BYTES} bytes.`)

      let body: unknown
      if (def.body || def.form) {
        const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
        if (def.form) {
          if (type !== 'application/x-www-form-urlencoded') return httpProblem(415, 'Unsupported Media Type', 'Send application/x-www-form-urlencoded.')
          body = new URLSearchParams(req.body ?? '')
        } else {
          if (!isJsonMediaType(type)) return httpProblem(415, 'Unsupported Media Type', 'Send the body as JSON with Content-Type: application/json.')
          if (!req.body || !req.body.trim()) return modelStateProblem({ '': ['A non-empty request body is required.'] })
          let parsed: unknown
          try {
            parsed = JSON.parse(req.body)
          } catch (e) {
            return modelStateProblem({ $: [`The JSON value could not be parsed: ${(e as Error).message.slice(0, 200)}`] })
          }
          const bound = bindJson(def.body!, parsed)
          if (bound.ignored.length) warnings.push(`ignored unknown field(s): ${bound.ignored.slice(0, 20).join(', ')}`)
          if (!bound.ok) return withWarnings(modelStateProblem(bound.errors), warnings)
          body = bound.value
        }
      }

      ctx = { mock, req, params: found.params, query: req.url.searchParams, caller: caller!, body, warnings }
      const handled = def.handle(ctx)
      const res = handled instanceof Promise ? await handled : handled
      return withWarnings(res, warnings)
    } catch (e) {
      // Every error of the family gets its answer from the one mapping; anything else is a 500 (below). A page shows
      // it through the route's own error page, with the exchange the handler had.
      if (!isMockError(e)) throw e
      const { errorPage } = def
      const handled = ctx
      const page = errorPage && handled ? (shown: ErrorPage, error: AnyMockError) => errorPage(handled, shown, error) : undefined
      return errorResponse(e, { surface: def.surface, stage, warnings, ...(page ? { page } : {}) })
    }
  }

  return {
    routes: defs,
    async dispatch(mock, req) {
      const started = performance.now()
      const info: ExchangeInfo = { durationMs: 0 }
      let res: RouteResponse
      try {
        res = await run(mock, req, info)
      } catch (e) {
        // Never a stack trace on the wire; the route name and message are enough to find it.
        console.error(`[mock-altinn] unexpected error in ${info.route ?? req.method + ' ' + req.url.pathname}: ${(e as Error)?.message ?? e}`)
        res = httpProblem(500, 'An error occurred while processing your request.')
      }
      info.durationMs = performance.now() - started
      hooks.after?.(mock, req, res, info)
      return res
    },
  }
}

function missingScopeWarning(needed: readonly string[], held: ReadonlySet<string>): string {
  const has = [...held].slice(0, 20).join(' ')
  return sanitizeHeader(`the token lacks the scope this call needs: ${needed.join(' or ')} (it has ${has ? `"${has}"` : 'no scope'}); ask Maskinporten for it`)
}
