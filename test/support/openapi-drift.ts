/**
 * The drift guard: every answer a mock gives in the integration tests is held to the mock's own OpenAPI document.
 * A router hook sees each exchange; the answer's status must be one its operation lists, a JSON body must be valid
 * against the schema given for that status and media type (objects read closed, so a field the contract does not
 * name fails too), and a problem's `code` (and each `validationErrors[].code`) must be one listed for that status.
 * Answers a fault rule made are not the route's and are left alone.
 *
 * The hook only keeps what it saw; the checks run after the test (in `assertNoDrift`), so no call waits for them.
 * The validators are compiled once per run by the global setup (openapi-drift-setup.ts), and each file loads them.
 *
 * @example
 * ```ts
 * const drift = createDriftGuard()
 * const server = await startMockServer({ port: 0, hooks: drift.hooks })
 * afterEach(() => drift.assertNoDrift())
 * ```
 */
import { createRequire } from 'node:module'
import { inject } from 'vitest'
import type { MockAltinn } from '../../mock-server/core/mock-altinn.ts'
import { getHarness } from '../../mock-server/harness/harness.ts'
import { operations as describedOperations } from '../../mock-server/openapi/operations.ts'
import type { RouterHooks } from '../../mock-server/kit/router.ts'
import type { RouteRequest, RouteResponse } from '../../mock-server/kit/types.ts'
import { compileDriftChecks, type DriftChecks } from './openapi-drift-checks.ts'

/** One answer that does not match the document. */
export interface DriftViolation {
  route: string
  call: string
  status: number
  problem: string
}

interface Validator {
  (data: unknown): boolean
  errors?: { instancePath: string; message?: string; params?: Record<string, unknown> }[] | null
}

let loaded: { checks: DriftChecks; validators: Record<string, Validator> } | undefined

/** The checks, from the run's global setup when it made them, else made here. */
function checksOfTests(): { checks: DriftChecks; validators: Record<string, Validator> } {
  if (!loaded) {
    let checks: DriftChecks | undefined
    try {
      checks = inject('openapiDrift')
    } catch {
      checks = undefined
    }
    checks ??= compileDriftChecks()
    loaded = { checks, validators: createRequire(import.meta.url)(checks.validatorsFile) as Record<string, Validator> }
  }
  return loaded
}

function headerOf(res: RouteResponse, name: string): string | undefined {
  const v = res.headers?.[name] ?? Object.entries(res.headers ?? {}).find(([k]) => k.toLowerCase() === name)?.[1]
  return Array.isArray(v) ? v.join(', ') : v
}

function snippet(body: string | undefined): string {
  if (!body) return '(no body)'
  return body.length > 300 ? `${body.slice(0, 300)}…` : body
}

/**
 * What is wrong with one answer of a route, held to the document; an empty list when nothing is.
 *
 * @example
 * ```ts
 * checkAnswer('getRequest', { status: 418 }) // ['418 is not among the statuses the description lists (200, 400, 401, 403, 404)']
 * ```
 */
export function checkAnswer(route: string, res: RouteResponse): string[] {
  const { checks, validators } = checksOfTests()
  const statuses = checks.operations[route]
  if (!statuses) return [`the route ${route} is not in the document`]
  const response = statuses[String(res.status)]
  if (!response) return [`${res.status} is not among the statuses the description lists (${Object.keys(statuses).join(', ')}); body ${snippet(res.body)}`]
  if (!res.body) return []
  const media = (headerOf(res, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  if (!(media in response.media))
    return [`${res.status} answered ${media || 'a body without a Content-Type'}, which the description does not give for it (${Object.keys(response.media).join(', ') || 'no body'}); body ${snippet(res.body)}`]
  const validatorName = response.media[media]
  if (!validatorName) return []
  let body: unknown
  try {
    body = JSON.parse(res.body)
  } catch {
    return [`${res.status} answered ${media} that is not JSON: ${snippet(res.body)}`]
  }
  const problems: string[] = []
  const validate = validators[validatorName]!
  if (!validate(body)) {
    const errors = (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '(root)'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`)
    problems.push(`${res.status} ${media} does not match its schema: ${errors.join('; ')}; body ${snippet(res.body)}`)
  }
  if (media === 'application/problem+json' && body && typeof body === 'object') {
    const { code, validationErrors } = body as { code?: unknown; validationErrors?: { code?: unknown }[] }
    if (typeof code === 'string' && !response.codes.includes(code))
      problems.push(`${res.status} answered the problem ${code}, which the description does not list for it (${response.codes.join(', ') || 'none'})`)
    for (const v of Array.isArray(validationErrors) ? validationErrors : []) {
      if (typeof v?.code === 'string' && !response.validation.includes(v.code))
        problems.push(`${res.status} answered the validation error ${v.code}, which the description does not list (${response.validation.join(', ') || 'none'})`)
    }
  }
  return problems
}

export interface DriftGuard {
  /** Router hooks that check every exchange; pass them to `startMockServer`, `startInProcessMock` or `createMockFetch`. */
  readonly hooks: RouterHooks
  /** The violations recorded since the last call, which are then forgotten. */
  takeViolations(): DriftViolation[]
  /** Throw when an answer did not match the document since the last call, naming each. */
  assertNoDrift(): void
}

/**
 * A guard for one mock (or several): records every answer that does not match the document.
 *
 * @example
 * ```ts
 * const drift = createDriftGuard()
 * afterEach(() => drift.assertNoDrift())
 * ```
 */
export function createDriftGuard(): DriftGuard {
  let seen: { route: string; call: string; res: RouteResponse }[] = []
  // Calls made while a fault rule existed: a rule may have answered them, so they say nothing about the route.
  const underFaults = new WeakSet<RouteRequest>()
  const faultsExist = (mock: MockAltinn) => getHarness(mock).faults.list().length > 0
  return {
    hooks: {
      before(mock, req) {
        if (faultsExist(mock)) underFaults.add(req)
        return undefined
      },
      after(mock, req, res, info) {
        // No route: the router's own 404 or 405, which belongs to no operation. A route without an entry in
        // operations.ts has no successes to hold it to yet; test/unit/openapi/document.test.ts names it.
        if (!info.route || !describedOperations[info.route] || res.drop || underFaults.has(req) || faultsExist(mock)) return
        seen.push({ route: info.route, call: `${req.method} ${req.url.pathname}${req.url.search.slice(0, 200)}`, res })
      },
    },
    takeViolations() {
      const taken = seen
      seen = []
      return taken.flatMap(({ route, call, res }) => checkAnswer(route, res).map((problem) => ({ route, call, status: res.status, problem })))
    },
    assertNoDrift() {
      const taken = this.takeViolations()
      if (!taken.length) return
      const lines = taken.slice(0, 20).map((v) => `- ${v.route} (${v.call}): ${v.problem}`)
      throw new Error(
        `The mock answered ${taken.length} time(s) otherwise than its OpenAPI document says (mock-server/openapi/, the route's \`problems\`):\n${lines.join('\n')}\n` +
          'Either the answer is wrong, or the description is behind: add the status or problem to the route (or its entry in mock-server/openapi/operations.ts), then run node --import tsx scripts/generate-openapi.ts.',
      )
    },
  }
}
