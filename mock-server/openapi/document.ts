/**
 * The mock describes itself: an OpenAPI 3.1 document made at run time from the route table (methods, paths,
 * surfaces, scopes, body schemas, and what each route's rules can answer), the contract's zod schemas and the
 * problem catalogue, with examples from the seed in force and `servers` at the mock's public URLs. Nothing in it is
 * written by hand, so it cannot drift from what the mock serves; the drift tests hold every answer to it.
 *
 * @example
 * ```ts
 * import { getOpenApiDocument } from './document.ts'
 * const doc = await getOpenApiDocument(mock) // made once per mock, then kept
 * doc.paths['/authentication/api/v1/systemuser/request/vendor'].post.responses['201']
 * ```
 */
import {
  ProblemDetailsSchema,
  Scopes,
  ValidationProblem,
  problemType,
  type ProblemDescriptor,
  type Surface,
  type ValidationDescriptor,
} from 'altinn-systemuser-sdk/contract'
import * as z from 'zod'
import type { MockConfig } from '../core/context.ts'
import { MAX_BODY_BYTES } from '../kit/router.ts'
import type { RouteDef, RouteProblem, RouteStatus } from '../kit/types.ts'
import type { Seed } from '../seed/schema.ts'
import { examplesOf, type Examples } from './examples.ts'
import { operations, Tags, type Body, type OperationDoc, type Success } from './operations.ts'
import { createSchemaComponents, type JsonSchema, type SchemaComponents } from './schemas.ts'

/** An OpenAPI 3.1 document as plain JSON. */
export type OpenApiDocument = {
  openapi: '3.1.0'
  info: Record<string, unknown>
  servers: { url: string; description?: string }[]
  tags: { name: string; description?: string }[]
  paths: Record<string, Record<string, unknown>>
  components: { schemas: Record<string, JsonSchema>; examples: Record<string, { summary: string; value: unknown }>; securitySchemes: Record<string, unknown> }
}

/** An operation of the document (the parts the docs page and the drift guard read). */
export interface OpenApiOperation {
  operationId: string
  tags: string[]
  summary: string
  description?: string
  security?: Record<string, string[]>[]
  parameters?: { name: string; in: 'path' | 'query'; required?: boolean; description?: string; schema: JsonSchema; example?: unknown }[]
  requestBody?: { required: boolean; description?: string; content: Record<string, { schema: JsonSchema; example?: unknown }> }
  responses: Record<string, OpenApiResponse>
  'x-surface': Surface
}

export interface OpenApiResponse {
  description: string
  headers?: Record<string, { description: string; schema: JsonSchema }>
  content?: Record<string, { schema: JsonSchema; example?: unknown; examples?: Record<string, { $ref: string }> }>
  /** The `code` values of the problems answered with this status. */
  'x-problem-codes'?: string[]
  /** The `validationErrors[].code` values a STD-00000 problem of this status can carry. */
  'x-validation-codes'?: string[]
}

export interface OpenApiOptions {
  /**
   * Describe response objects closed (`additionalProperties: false`), as the drift guard reads them: a field the
   * contract does not name fails. The published document leaves them open (tolerant reader).
   */
  closedObjects?: boolean
}

/** The HTTP methods of the route table, as OpenAPI names them. */
const METHOD_KEYS = { GET: 'get', POST: 'post', PUT: 'put', DELETE: 'delete', PATCH: 'patch' } as const

const SCOPE_DESCRIPTIONS: Record<string, string> = {
  [Scopes.systemRegisterWrite]: 'The vendor registers and changes its systems, and lists their system users.',
  [Scopes.systemRegisterAdmin]: "Altinn's own administration of the system register.",
  [Scopes.requestWrite]: 'The vendor creates and deletes requests and change requests, and looks system users up.',
  [Scopes.requestRead]: 'The vendor reads requests and change requests.',
  [Scopes.systemUserLookup]: "Maskinporten's lookup of a system user.",
  [Scopes.portal]: "The portal's reads of the system register.",
  [Scopes.clientDelegationsRead]: 'An end-user system reads the clients of an agent system user.',
  [Scopes.clientDelegationsWrite]: 'An end-user system adds and removes clients of an agent system user.',
  [Scopes.kravOgBetalinger]: 'The demo service "Krav og betalinger".',
}

const PAGE_PROBLEM = 'html'
const CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** A stand-in trace id for examples (the mock makes a new one for every answer). */
const EXAMPLE_TRACE_ID = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'

function isCatalogueProblem(p: RouteProblem): p is ProblemDescriptor {
  return 'code' in p && 'status' in p
}

function isValidationError(p: RouteProblem): p is ValidationDescriptor {
  return 'code' in p && !('status' in p)
}

/**
 * What the router answers for every route of a kind, before the route's own rules run (mock-server/kit/router.ts
 * and control-guard.ts): the token and its scope, the body's size, type and shape, and the control API's guard.
 */
function routerAnswers(def: RouteDef<any>): RouteStatus[] {
  const out: RouteStatus[] = []
  if (def.auth === 'vendor') {
    out.push({ status: 401, title: 'No valid bearer token (a `WWW-Authenticate` header says why).', body: 'none' })
    if (def.scopes?.length) out.push({ status: 403, title: `The token has none of the scopes ${def.scopes.join(', ')}.`, body: 'none' })
  }
  if (def.surface === 'control') {
    // mock-server/http/control-token.ts: before the router, on an HTTP server that wants a control token.
    out.push({ status: 401, title: 'No control token, where the mock wants one (bound to an address other machines can reach, or started with --control-token).' })
    out.push({ status: 403, title: 'Called from a page on another site: the control API answers only its own pages and tools such as curl.' })
  }
  if (CHANGING.has(def.method) || def.body || def.form) out.push({ status: 413, title: `The body is larger than ${MAX_BODY_BYTES} bytes.` })
  if (def.body) {
    out.push({ status: 400, title: "The body is not JSON of this shape (ASP.NET's model-state problem: `errors` by field)." })
    out.push({ status: 415, title: 'The body is not sent as JSON (`Content-Type: application/json`).' })
  } else if (def.form) {
    out.push({ status: 415, title: 'The body is not sent as a form (`application/x-www-form-urlencoded`).' })
  } else if (def.surface === 'control' && CHANGING.has(def.method)) {
    out.push({ status: 415, title: 'A body or `Content-Type` that is not JSON: the control API takes JSON only.' })
  }
  return out
}

const MEDIA: Record<'html' | 'text' | 'css' | 'js' | 'font' | 'none', string | undefined> = {
  html: 'text/html',
  text: 'text/plain',
  css: 'text/css',
  js: 'text/javascript',
  font: 'font/woff2',
  none: undefined,
}

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1)
}

function pathParams(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)
}

/** Examples of path parameters by name, from the seed; a route's own override wins. */
function paramExample(name: string, x: Examples, route: string): string {
  switch (name) {
    case 'systemId':
      return x.standardSystemId
    case 'requestId':
      return x.requestId
    case 'orgNo':
    case 'externalRef':
      return x.customerOrgNo
    case 'id':
      return route.startsWith('controlFaults') ? 'f1' : x.requestId
    default:
      return name
  }
}

const PARAM_DESCRIPTIONS: Record<string, string> = {
  systemId: 'The system, `<vendor orgno>_<name>`.',
  requestId: 'The id of the request (a GUID).',
  orgNo: 'An organisation number (nine digits).',
  externalRef: "The external reference (the customer's organisation number unless the request named one).",
  provider: 'The token provider: `maskinporten` (the mock issues only Maskinporten tokens).',
  id: 'The id (a GUID; for fault rules, the rule id).',
  name: 'The file name.',
}

function problemExample(p: ProblemDescriptor): unknown {
  return { type: problemType(p.code), title: p.title, status: p.status, code: p.code, traceId: EXAMPLE_TRACE_ID }
}

function validationExample(v: ValidationDescriptor): unknown {
  return {
    type: problemType(ValidationProblem.code),
    title: ValidationProblem.title,
    status: ValidationProblem.status,
    code: ValidationProblem.code,
    traceId: EXAMPLE_TRACE_ID,
    validationErrors: [{ code: v.code, title: v.title, paths: [] }],
  }
}

/** Examples of problems, one per code, kept once under `components.examples` and referenced from each answer. */
type ProblemExamples = Map<string, { summary: string; value: unknown }>

/** Build the responses of one operation: its successes, its own rules' answers, and the router's. */
function responsesOf(def: RouteDef<any>, doc: OperationDoc, components: SchemaComponents, x: Examples, problemExamples: ProblemExamples): Record<string, OpenApiResponse> {
  const byStatus = new Map<number, { reasons: string[]; bodies: (Body | NonNullable<RouteStatus['body']>)[]; codes: ProblemDescriptor[]; validation: ValidationDescriptor[]; success?: Success }>()
  const entry = (status: number) => {
    let e = byStatus.get(status)
    if (!e) byStatus.set(status, (e = { reasons: [], bodies: [], codes: [], validation: [] }))
    return e
  }
  for (const [status, success] of Object.entries(doc.responses)) {
    const e = entry(Number(status))
    e.success = success
    e.reasons.push(success.description)
    e.bodies.push(success.body)
  }
  const page = def.surface === 'portal'
  for (const p of def.problems ?? []) {
    if (isValidationError(p)) {
      const e = entry(ValidationProblem.status)
      if (!e.codes.some((c) => c.code === ValidationProblem.code)) {
        e.codes.push(ValidationProblem)
        e.bodies.push(page ? PAGE_PROBLEM : 'problem')
      }
      e.validation.push(p)
    } else if (isCatalogueProblem(p)) {
      const e = entry(p.status)
      e.codes.push(p)
      e.bodies.push(page ? PAGE_PROBLEM : 'problem')
    } else {
      const e = entry(p.status)
      e.reasons.push(p.title)
      e.bodies.push(p.body ?? 'problem')
    }
  }
  for (const p of routerAnswers(def)) {
    const e = entry(p.status)
    e.reasons.push(p.title)
    e.bodies.push(p.body ?? 'problem')
  }

  const responses: Record<string, OpenApiResponse> = {}
  for (const status of [...byStatus.keys()].sort((a, b) => a - b)) {
    const e = byStatus.get(status)!
    const lines = [...e.reasons]
    for (const c of e.codes) lines.push(`\`${c.code}\` ${c.title}`)
    for (const v of e.validation) lines.push(`\`${v.code}\` (in \`validationErrors\`) ${v.title}`)
    const response: OpenApiResponse = { description: lines.length === 1 ? lines[0]! : lines.map((l) => `- ${l}`).join('\n') }
    const content: NonNullable<OpenApiResponse['content']> = {}
    // Problems of their own shape (a control-API extension) beside Altinn's: the body is one or the other.
    const problemSchemas = [...new Set(e.bodies.filter((b) => typeof b === 'object' && 'problem' in b).map((b) => (b as { problem: z.ZodType }).problem))]
    const problemSchema = (): JsonSchema => {
      const refs = [...(e.bodies.includes('problem') ? [components.ref(ProblemDetailsSchema, 'output')] : []), ...problemSchemas.map((p) => components.ref(p, 'output', `${pascal(def.name)}${status}Problem`))]
      return refs.length === 1 ? refs[0]! : { anyOf: refs }
    }
    for (const body of new Set(e.bodies)) {
      if (body === 'problem' || (typeof body === 'object' && 'problem' in body)) {
        const media = (content['application/problem+json'] ??= { schema: problemSchema() })
        const examples: Record<string, { $ref: string }> = {}
        for (const c of e.codes) {
          if (c.code === ValidationProblem.code) continue
          if (!problemExamples.has(c.code)) problemExamples.set(c.code, { summary: c.title, value: problemExample(c) })
          examples[c.code] = { $ref: `#/components/examples/${c.code}` }
        }
        for (const v of e.validation) {
          if (!problemExamples.has(v.code)) problemExamples.set(v.code, { summary: v.title, value: validationExample(v) })
          examples[v.code] = { $ref: `#/components/examples/${v.code}` }
        }
        if (Object.keys(examples).length) media.examples = examples
      } else if (typeof body === 'string') {
        const media = MEDIA[body]
        if (media) content[media] ??= { schema: { type: 'string' } }
      } else if (body instanceof z.ZodType) {
        const json = (content['application/json'] ??= { schema: components.ref(body, 'output', `${pascal(def.name)}${status}`) })
        if (e.success?.body === body && e.success.example) json.example = e.success.example(x)
      }
    }
    if (Object.keys(content).length) response.content = content
    if (e.codes.length) response['x-problem-codes'] = [...new Set(e.codes.map((c) => c.code))]
    if (e.validation.length) response['x-validation-codes'] = [...new Set(e.validation.map((v) => v.code))]
    const headers: NonNullable<OpenApiResponse['headers']> = {}
    if (e.success?.location) headers.Location = { description: e.success.location, schema: { type: 'string' } }
    if (e.success && def.body) headers['X-Mock-Warning'] = { description: 'Mock only: fields of the body the binding ignored (unknown to Altinn, a likely typo).', schema: { type: 'string' } }
    if (Object.keys(headers).length) response.headers = headers
    responses[String(status)] = response
  }
  // OpenAPI wants at least one answer; a route without an entry in operations.ts may have none declared yet.
  if (!Object.keys(responses).length) responses.default = { description: 'Not described yet (the route has no entry in mock-server/openapi/operations.ts).' }
  return responses
}

function operationOf(def: RouteDef<any>, doc: OperationDoc, components: SchemaComponents, x: Examples, problemExamples: ProblemExamples): OpenApiOperation {
  const op: OpenApiOperation = {
    operationId: def.name,
    tags: [Tags[doc.tag].name],
    summary: doc.summary,
    ...(doc.description ? { description: doc.description } : {}),
    responses: {},
    'x-surface': def.surface,
  }
  if (def.auth === 'vendor') op.security = def.scopes?.length ? def.scopes.map((s) => ({ maskinporten: [s] })) : [{ maskinporten: [] }]
  // The control token is needed only where the mock wants one: no requirement, or the token.
  else if (def.surface === 'control') op.security = [{}, { controlToken: [] }]
  const parameters: NonNullable<OpenApiOperation['parameters']> = pathParams(def.path).map((name) => ({
    name,
    in: 'path' as const,
    required: true,
    description: PARAM_DESCRIPTIONS[name] ?? name,
    schema: { type: 'string' },
    example: doc.params?.[name]?.(x) ?? paramExample(name, x, def.name),
  }))
  for (const q of doc.query ?? []) {
    parameters.push({
      name: q.name,
      in: 'query',
      ...(q.required ? { required: true } : {}),
      description: q.description,
      schema: { type: 'string' },
      ...(q.example ? { example: q.example(x) } : {}),
    })
  }
  if (parameters.length) op.parameters = parameters
  const example = doc.requestExample?.(x)
  if (def.body) {
    op.requestBody = {
      required: true,
      description: 'Field names bind case-insensitively; unknown fields are ignored (named in `X-Mock-Warning`).',
      content: { 'application/json': { schema: components.ref(def.body, 'input', `${pascal(def.name)}Body`), ...(example !== undefined ? { example } : {}) } },
    }
  } else if (doc.optionalBody) {
    op.requestBody = { required: false, content: { 'application/json': { schema: components.ref(doc.optionalBody, 'input'), ...(example !== undefined ? { example } : {}) } } }
  } else if (def.form) {
    const fields = doc.form ? components.ref(doc.form, 'input') : { type: 'object', additionalProperties: { type: 'string' } }
    op.requestBody = { required: true, content: { 'application/x-www-form-urlencoded': { schema: fields, ...(example !== undefined ? { example } : {}) } } }
  }
  op.responses = responsesOf(def, doc, components, x, problemExamples)
  return op
}

/** Where a surface is served, as a server URL (Maskinporten's paths are relative to its issuer). */
function serverOf(surface: Surface, config: Pick<MockConfig, 'platformUrl' | 'portalUrl' | 'controlUrl' | 'maskinportenIssuer'>): { url: string; description: string } {
  switch (surface) {
    case 'platform':
      return { url: config.platformUrl, description: 'Altinn platform (the mock)' }
    case 'portal':
      return { url: config.portalUrl, description: 'The Altinn portal, am.ui (the mock)' }
    case 'control':
      return { url: config.controlUrl, description: 'The control API (mock only)' }
    case 'maskinporten':
      return { url: config.maskinportenIssuer.replace(/\/+$/, ''), description: 'Maskinporten, its issuer (the mock)' }
  }
}

/** What a route without an entry in operations.ts is described as: its name for a summary, and no successes. */
function undescribed(def: RouteDef<any>): OperationDoc {
  const tag = def.surface === 'control' ? 'control' : def.surface === 'portal' ? 'portal' : def.surface === 'maskinporten' ? 'maskinporten' : 'systemUsers'
  return { tag, summary: def.name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase()), responses: {} }
}

/** What the document is made from: the mock's public URLs and the seed in force. */
export interface DocumentSource {
  readonly config: Pick<MockConfig, 'platformUrl' | 'portalUrl' | 'controlUrl' | 'maskinportenIssuer'>
  readonly seed: Seed
}

/**
 * Make the document for a mock (or any source of URLs and a seed) and a route table.
 *
 * @example
 * ```ts
 * const doc = createOpenApiDocument(createMockAltinn({ seed: loadDefaultSeed(), origin: 'http://127.0.0.1:5101' }), allRoutes)
 * ```
 */
export function createOpenApiDocument(source: DocumentSource, routes: readonly RouteDef<any>[], options: OpenApiOptions = {}): OpenApiDocument {
  const components = createSchemaComponents()
  const problemExamples: ProblemExamples = new Map()
  const x = examplesOf(source.seed, source.config)
  const platform = serverOf('platform', source.config)
  const paths: OpenApiDocument['paths'] = {}
  const seen = new Set<string>()
  for (const def of routes) {
    // A route without an entry is still described, as far as the table says (a test names it, so it gets one).
    const doc = operations[def.name] ?? undescribed(def)
    if (seen.has(def.name)) throw new TypeError(`Two routes are named ${def.name}; operation ids must be unique.`)
    seen.add(def.name)
    const item = (paths[def.path] ??= {})
    const server = serverOf(def.surface, source.config)
    const servers = server.url === platform.url ? undefined : [server]
    const known = item.servers as { url: string }[] | undefined
    if ((known?.[0]?.url ?? platform.url) !== server.url && Object.keys(item).length)
      throw new TypeError(`${def.path} is served on two surfaces; the API description cannot give one path two servers.`)
    if (servers) item.servers = servers
    const method = METHOD_KEYS[def.method]
    if (item[method]) throw new TypeError(`Two routes answer ${def.method} ${def.path}.`)
    item[method] = operationOf(def, doc, components, x, problemExamples)
  }
  const { schemas, resolveRefs } = components.build(options)
  resolveRefs(paths)
  const tokenUrl = `${source.config.maskinportenIssuer}token`
  return {
    openapi: '3.1.0',
    info: {
      title: 'Altinn system users, Maskinporten and the Altinn portal: the mock',
      version: 'v1',
      summary: "Altinn Authentication's system-user API, Maskinporten, the approval portal, the PDP and a demo service, as the mock serves them.",
      description: [
        "Made by the mock from its own route table and the contract's schemas; every path it serves, with Altinn's paths, field names, statuses and `AUTH-xxxxx` problem codes.",
        "Each operation lists the statuses it can answer and, per status, the problem codes (`x-problem-codes`; `x-validation-codes` for the `validationErrors` of a `STD-00000` problem). Examples come from the mock's seed.",
        'Operations tagged "Control API (mock only)" are never part of real Altinn. Fault rules (`POST /__mock/faults`) can make any call answer anything.',
        'Response objects are described open: Altinn adds fields over time, so read them tolerantly.',
      ].join('\n\n'),
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [platform],
    tags: Object.values(Tags).map((t) => ({ name: t.name, description: t.description })),
    paths,
    components: {
      schemas,
      examples: Object.fromEntries([...problemExamples].sort(([a], [b]) => a.localeCompare(b))),
      securitySchemes: {
        maskinporten: {
          type: 'oauth2',
          description:
            "A Maskinporten token (the JWT-bearer grant, RFC 7523, at the token endpoint) or an Altinn token from the exchange, as `Authorization: Bearer`. The mock's control API mints one without the grant: `POST /__mock/tokens`. Any one of an operation's scopes is enough.",
          flows: { clientCredentials: { tokenUrl, scopes: { ...SCOPE_DESCRIPTIONS } } },
        },
        controlToken: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Mock-Control-Token',
          description:
            'Mock only. The control token, where the mock wants one: bound to an address other machines can reach (it prints the token when it starts), or started with --control-token. `Authorization: Bearer <token>` works too; in a browser, open /__mock/ui?token=<token> once.',
        },
      },
    },
  }
}

/** Documents made, by route table and then by the configuration of the mock (its URLs and seed). */
const cache = new WeakMap<readonly RouteDef<any>[], WeakMap<object, OpenApiDocument>>()

/**
 * The document of a mock and its route table, made on first use and kept (per table and mock: its URLs and seed).
 * The table is given, not imported: it serves this document itself, and is assembled above this module.
 *
 * @example
 * ```ts
 * json(200, getOpenApiDocument(mock, allRoutes))
 * ```
 */
export function getOpenApiDocument(source: DocumentSource, routes: readonly RouteDef<any>[]): OpenApiDocument {
  let byConfig = cache.get(routes)
  if (!byConfig) cache.set(routes, (byConfig = new WeakMap()))
  let doc = byConfig.get(source.config)
  if (!doc) byConfig.set(source.config, (doc = createOpenApiDocument(source, routes)))
  return doc
}

const texts = new WeakMap<OpenApiDocument, string>()

/**
 * The document of a mock as JSON text, made on first use and kept.
 *
 * @example
 * ```ts
 * text(200, openApiJsonOf(mock, allRoutes), 'application/json; charset=utf-8')
 * ```
 */
export function openApiJsonOf(source: DocumentSource, routes: readonly RouteDef<any>[]): string {
  const doc = getOpenApiDocument(source, routes)
  let text = texts.get(doc)
  if (text === undefined) texts.set(doc, (text = JSON.stringify(doc)))
  return text
}
