/**
 * The mock's OpenAPI document: valid OpenAPI 3.1, one operation for every route and no other, each route's scopes
 * and declared problems in it, servers at the mock's public URLs, examples from the seed; the committed file as the
 * generator makes it; and the drift guard's checks themselves.
 */
import { readFileSync } from 'node:fs'
import { Validator } from '@seriousme/openapi-schema-validator'
import { describe, expect, it } from 'vitest'
import { Environments, Problems, Scopes, ValidationErrors } from '../../../sdk/contract/index.ts'
import { createMockAltinn } from '../../../mock-server/core/mock-altinn.ts'
import { OPENAPI_FILE, openApiFileText, REGENERATE_OPENAPI } from '../../../mock-server/openapi/committed.ts'
import { createOpenApiDocument, type OpenApiOperation } from '../../../mock-server/openapi/document.ts'
import { allRoutes } from '../../../mock-server/table.ts'
import { loadDefaultSeed } from '../../../mock-server/seed/index.ts'
import { checkAnswer } from '../../support/openapi-drift.ts'
import { AGENT_SYSTEM, CUSTOMER, FACILITATOR, RECEIPT_URL, REGNSKAPSFORER, STANDARD_SYSTEM } from '../../../mock-server/seed/personas.ts'

const ORIGIN = 'http://127.0.0.1:5101'
const doc = createOpenApiDocument(createMockAltinn({ seed: loadDefaultSeed(), origin: ORIGIN }), allRoutes)

function operationsOf(document: typeof doc): { method: string; path: string; op: OpenApiOperation }[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([key]) => key !== 'servers')
      .map(([method, op]) => ({ method: method.toUpperCase(), path, op: op as OpenApiOperation })),
  )
}

function operation(id: string): OpenApiOperation {
  const found = operationsOf(doc).find((o) => o.op.operationId === id)
  if (!found) throw new Error(`no operation ${id}`)
  return found.op
}

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(structuredClone(doc))
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
    expect(doc.openapi).toBe('3.1.0')
  })

  it('has an entry in mock-server/openapi/operations.ts for every route (its tag, summary and successes)', async () => {
    const { operations } = await import('../../../mock-server/openapi/operations.ts')
    const missing = allRoutes.filter((r) => !operations[r.name]).map((r) => r.name)
    expect(missing, `Describe these routes in mock-server/openapi/operations.ts, then run ${REGENERATE_OPENAPI}`).toEqual([])
    const stale = Object.keys(operations).filter((name) => !allRoutes.some((r) => r.name === name))
    expect(stale, 'These entries of mock-server/openapi/operations.ts name no route').toEqual([])
  })

  it('has one operation for every route of the table, and none that is not one', () => {
    const fromRoutes = allRoutes.map((r) => `${r.name} ${r.method} ${r.surface} ${r.path}`).sort()
    const fromDocument = operationsOf(doc)
      .map(({ method, path, op }) => `${op.operationId} ${method} ${op['x-surface']} ${path}`)
      .sort()
    expect(fromDocument).toEqual(fromRoutes)
  })

  it("gives each vendor operation its scopes as security requirements, any one of them enough, and the control API its optional token", () => {
    expect(operation('createRequest').security).toEqual([{ maskinporten: [Scopes.requestWrite] }])
    expect(operation('getSystem').security).toEqual([{ maskinporten: [Scopes.systemRegisterWrite] }, { maskinporten: [Scopes.systemRegisterAdmin] }])
    expect(operation('controlApprove').security).toEqual([{}, { controlToken: [] }])
    expect(operation('maskinportenToken').security).toBeUndefined()
    expect(doc.components.securitySchemes.maskinporten).toMatchObject({ type: 'oauth2', flows: { clientCredentials: { tokenUrl: `${ORIGIN}/maskinporten/token` } } })
  })

  it('lists under each status the problem codes a route declares, and the validation codes of its STD-00000', () => {
    for (const route of allRoutes) {
      const op = operation(route.name)
      for (const p of route.problems ?? []) {
        if ('code' in p && 'status' in p) expect(op.responses[String(p.status)]?.['x-problem-codes'], `${route.name} ${p.code}`).toContain(p.code)
        else if ('code' in p) expect(op.responses['400']?.['x-validation-codes'], `${route.name} ${p.code}`).toContain(p.code)
        else expect(op.responses[String(p.status)], `${route.name} ${p.status}`).toBeDefined()
      }
    }
    const create = operation('createRequest').responses
    expect(Object.keys(create)).toEqual(['200', '201', '400', '401', '403', '404', '413', '415'])
    expect(create['404']!['x-problem-codes']).toEqual(expect.arrayContaining([Problems.SystemIdNotFound.code]))
    expect(create['401']!['x-problem-codes']).toEqual([Problems.VendorOrgNoNotFound.code])
    expect(operation('createSystem').responses['400']!['x-validation-codes']).toContain(ValidationErrors.SystemRegisterInvalidOrgIdentifier.code)
  })

  it('describes portal pages as text/html, with their problems as pages', () => {
    const page = operation('portalRequest').responses
    expect(Object.keys(page['200']!.content!)).toEqual(['text/html'])
    expect(page['404']!.content).toEqual({ 'text/html': { schema: { type: 'string' } } })
    expect(page['404']!['x-problem-codes']).toContain(Problems.RequestNotFound.code)
  })

  it('tags the control API apart', () => {
    const control = operationsOf(doc).filter(({ path }) => path.startsWith('/__mock'))
    expect(control.length).toBeGreaterThan(20)
    for (const { op } of control) expect(op.tags).toEqual(['Control API (mock only)'])
    expect(operation('createRequest').tags).toEqual(['System-user requests'])
  })

  it("puts every surface at the mock's public URLs: the platform's as the server, the portal's and Maskinporten's on their paths", () => {
    const tt02 = createOpenApiDocument(createMockAltinn({ seed: loadDefaultSeed(), urls: Environments.tt02 }), allRoutes)
    expect(tt02.servers.map((s) => s.url)).toEqual(['https://platform.tt02.altinn.no'])
    expect(tt02.paths['/accessmanagement/ui/systemuser/request']!.servers).toEqual([expect.objectContaining({ url: 'https://am.ui.tt02.altinn.no' })])
    expect(tt02.paths['/token']!.servers).toEqual([expect.objectContaining({ url: 'https://test.maskinporten.no' })])
    expect(tt02.paths['/authentication/api/v1/systemuser/request/vendor']!.servers).toBeUndefined()
    expect(doc.paths['/token']!.servers).toEqual([expect.objectContaining({ url: `${ORIGIN}/maskinporten` })])
    expect(doc.paths['/accessmanagement/ui/systemuser/request']!.servers).toBeUndefined()
  })

  it('takes its examples from the seed in force', () => {
    const body = operation('createRequest').requestBody!.content['application/json']!
    expect(body.example).toMatchObject({ systemId: STANDARD_SYSTEM, partyOrgNo: CUSTOMER, redirectUrl: `${RECEIPT_URL}?state=42` })
    expect(operation('createAgentRequest').requestBody!.content['application/json']!.example).toMatchObject({
      systemId: AGENT_SYSTEM,
      partyOrgNo: FACILITATOR,
      accessPackages: [{ urn: REGNSKAPSFORER }],
    })
    expect(operation('createRequest').responses['201']!.content!['application/json']!.example).toMatchObject({ confirmUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:5101\/accessmanagement\/ui\/systemuser\/request\?id=/) })
    expect(doc.components.examples[Problems.RedirectUriNotFound.code]!.value).toMatchObject({ status: 400, code: 'AUTH-00021', type: 'urn:altinn:error:AUTH-00021' })
  })

  it('is the same on every run, so the committed file can be compared', () => {
    expect(JSON.stringify(createOpenApiDocument(createMockAltinn({ seed: loadDefaultSeed(), origin: ORIGIN }), allRoutes))).toBe(JSON.stringify(doc))
  })
})

describe('the committed mock-server/openapi/openapi.json', () => {
  it('is what the generator makes now', () => {
    const committed = readFileSync(OPENAPI_FILE, 'utf8')
    expect(committed === openApiFileText(allRoutes), `mock-server/openapi/openapi.json is behind the routes or the contract; regenerate it: ${REGENERATE_OPENAPI}`).toBe(true)
  })
})

describe("the drift guard's checks", () => {
  const json = (status: number, body: unknown, type = 'application/json; charset=utf-8') => ({ status, headers: { 'content-type': type }, body: JSON.stringify(body) })
  const aRequest = {
    id: '5f1f8d0e-2c4b-4a7e-9d3c-1b6a0e4f7c21',
    integrationTitle: 'SmartCloud',
    externalRef: CUSTOMER,
    systemId: STANDARD_SYSTEM,
    partyOrgNo: CUSTOMER,
    rights: [],
    accessPackages: [],
    status: 'New',
    escalated: false,
    created: '2026-11-02T09:30:00.000Z',
    timedOut: false,
  }

  it('pass an answer the document describes', () => {
    expect(checkAnswer('getRequest', json(200, aRequest))).toEqual([])
    expect(checkAnswer('getRequest', json(404, { type: 'urn:altinn:error:AUTH-00010', title: 'x', status: 404, code: 'AUTH-00010' }, 'application/problem+json'))).toEqual([])
    expect(checkAnswer('deleteRequest', { status: 202 })).toEqual([])
  })

  it('name a status the operation does not list', () => {
    expect(checkAnswer('getRequest', { status: 418 })).toEqual([expect.stringMatching(/^418 is not among the statuses the description lists \(200, 400, 401, 403, 404\)/)])
  })

  it('name a body that breaks its schema, and a field the contract does not have', () => {
    expect(checkAnswer('getRequest', json(200, { ...aRequest, status: 'Pending' }))).toEqual([expect.stringContaining('/status must be equal to one of the allowed values')])
    expect(checkAnswer('getRequest', json(200, { ...aRequest, surprise: 1 }))).toEqual([expect.stringContaining('must NOT have additional properties (surprise)')])
  })

  it('name a problem code the status does not list, and a media type it does not give', () => {
    expect(checkAnswer('getRequest', json(404, { status: 404, code: 'AUTH-00013' }, 'application/problem+json'))).toEqual([expect.stringContaining('the problem AUTH-00013, which the description does not list for it (AUTH-00010, AUTH-00011)')])
    expect(checkAnswer('getRequest', { status: 200, headers: { 'content-type': 'text/html' }, body: '<p>' })).toEqual([expect.stringContaining('answered text/html, which the description does not give for it')])
  })
})
