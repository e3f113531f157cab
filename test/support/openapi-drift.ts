/**
 * The drift guard: every answer a mock gives in the integration tests is held to the mock's own OpenAPI document.
 * A router hook sees each exchange; the answer's status must be one its operation lists, a JSON body must be valid
 * against the schema given for that status and media type (objects read closed, so a field the contract does not
 * name fails too), and a problem's `code` (and each `validationErrors[].code`) must be one listed for that status.
 * Answers a fault rule made are not the route's and are left alone.
 *
 * The hook only keeps what it saw; the checks run after the test (in `assertNoDrift`), so no call waits for them,
 * and validators are compiled once per schema and kept for the whole test file.
 *
 * @example
 * ```ts
 * const drift = createDriftGuard()
 * const server = await startMockServer({ port: 0, hooks: drift.hooks })
 * afterEach(() => drift.assertNoDrift())
 * ```
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import type { MockAltinn } from '../../mock-server/core/mock-altinn.ts'
import { getHarness } from '../../mock-server/harness/harness.ts'
import { DEFAULT_DOCUMENT_ORIGIN } from '../../mock-server/openapi/committed.ts'
import { createOpenApiDocument, type OpenApiDocument, type OpenApiOperation } from '../../mock-server/openapi/document.ts'
import { operations as describedOperations } from '../../mock-server/openapi/operations.ts'
import { allRoutes, type RouteRequest, type RouteResponse, type RouterHooks } from '../../mock-server/routes/index.ts'
import { resolveUrls } from '../../mock-server/core/mock-altinn.ts'
import { loadDefaultSeed } from '../../mock-server/seed/index.ts'

/** One answer that does not match the document. */
export interface DriftViolation {
  route: string
  call: string
  status: number
  problem: string
}

let described: { doc: OpenApiDocument; operations: Map<string, OpenApiOperation> } | undefined
let ajv: Ajv2020 | undefined
const validators = new Map<string, ValidateFunction>()

/** The document the guard reads (response objects closed), made once per test file. */
function documentOfTests(): { doc: OpenApiDocument; operations: Map<string, OpenApiOperation> } {
  if (!described) {
    const doc = createOpenApiDocument({ config: resolveUrls(DEFAULT_DOCUMENT_ORIGIN), seed: loadDefaultSeed() }, allRoutes, { closedObjects: true })
    const operations = new Map<string, OpenApiOperation>()
    for (const item of Object.values(doc.paths)) for (const [key, op] of Object.entries(item)) if (key !== 'servers') operations.set((op as OpenApiOperation).operationId, op as OpenApiOperation)
    described = { doc, operations }
  }
  return described
}

function validatorFor(key: string, schema: unknown): ValidateFunction {
  let validate = validators.get(key)
  if (!validate) {
    if (!ajv) {
      ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false })
      ajv.addSchema({ $id: 'openapi', components: { schemas: documentOfTests().doc.components.schemas } })
    }
    // References in the document point into it; here they point into the schema added above.
    const rebased = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/'))
    validators.set(key, (validate = ajv.compile(rebased)))
  }
  return validate
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
  const { operations } = documentOfTests()
  const op = operations.get(route)
  if (!op) return [`the route ${route} is not in the document`]
  const response = op.responses[String(res.status)]
  if (!response) return [`${res.status} is not among the statuses the description lists (${Object.keys(op.responses).join(', ')}); body ${snippet(res.body)}`]
  if (!res.body) return []
  const media = (headerOf(res, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  const content = response.content?.[media]
  if (!content) return [`${res.status} answered ${media || 'a body without a Content-Type'}, which the description does not give for it (${Object.keys(response.content ?? {}).join(', ') || 'no body'}); body ${snippet(res.body)}`]
  if (media !== 'application/json' && !media.endsWith('+json')) return []
  let body: unknown
  try {
    body = JSON.parse(res.body)
  } catch {
    return [`${res.status} answered ${media} that is not JSON: ${snippet(res.body)}`]
  }
  const problems: string[] = []
  const validate = validatorFor(`${route} ${res.status} ${media}`, content.schema)
  if (!validate(body)) {
    const errors = (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '(root)'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`)
    problems.push(`${res.status} ${media} does not match its schema: ${errors.join('; ')}; body ${snippet(res.body)}`)
  }
  if (media === 'application/problem+json' && body && typeof body === 'object') {
    const { code, validationErrors } = body as { code?: unknown; validationErrors?: { code?: unknown }[] }
    if (typeof code === 'string' && !(response['x-problem-codes'] ?? []).includes(code))
      problems.push(`${res.status} answered the problem ${code}, which the description does not list for it (${(response['x-problem-codes'] ?? []).join(', ') || 'none'})`)
    for (const v of Array.isArray(validationErrors) ? validationErrors : []) {
      if (typeof v?.code === 'string' && !(response['x-validation-codes'] ?? []).includes(v.code))
        problems.push(`${res.status} answered the validation error ${v.code}, which the description does not list (${(response['x-validation-codes'] ?? []).join(', ') || 'none'})`)
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
        // operations.ts has no successes to hold it to yet; test/unit/openapi-document.test.ts names it.
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
