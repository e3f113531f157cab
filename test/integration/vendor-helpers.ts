/**
 * Assertions and token builders shared by the integration suites: what an Altinn problem looks like on the wire,
 * what a bodiless answer is, the control API's state without its clock, and hand-made bearer tokens.
 */
import { randomUUID } from 'node:crypto'
import { expect } from 'vitest'
import { ProblemsByCode, ValidationProblem, statusDescriptionOf } from '../../sdk/contract/index.ts'
import type { MockAltinn } from '../../mock-server/core/mock-altinn.ts'
import { sign, type AccessTokenClaims } from '../../mock-server/core/tokens.ts'
import { ALL_VENDOR_SCOPES, call, KRAV, SMARTCLOUD, type JsonResponse } from '../support/api.ts'

const TRACE_ID = /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/

/**
 * An Altinn problem from the catalogue: `type`, `title`, `status`, `code`, `traceId`, the `statusDescription` of
 * ProblemDetails v5.4.0 and the content type.
 */
export function expectAltinnProblem(res: JsonResponse, code: string): Record<string, unknown> {
  const descriptor = ProblemsByCode.get(code)
  expect(descriptor, `${code} is in the catalogue`).toBeDefined()
  expect({ status: res.status, code: res.body?.code }, res.text).toEqual({ status: descriptor!.status, code })
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/)
  expect(res.body).toMatchObject({ type: `urn:altinn:error:${code}`, title: descriptor!.title, status: descriptor!.status, code, statusDescription: statusDescriptionOf(descriptor!.status) })
  expect(res.body.traceId).toMatch(TRACE_ID)
  return res.body
}

/** A validation problem (`STD-00000`, with the `statusDescription` it inherits) and the codes of its `validationErrors`. */
export function expectValidationProblem(res: JsonResponse): string[] {
  expect(res.status, res.text).toBe(400)
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/)
  expect(res.body).toMatchObject({ type: `urn:altinn:error:${ValidationProblem.code}`, title: ValidationProblem.title, status: 400, code: ValidationProblem.code, statusDescription: 'Bad Request' })
  expect(res.body.traceId).toMatch(TRACE_ID)
  for (const e of res.body.validationErrors) {
    expect(e.code).toMatch(/^AUTH\.VLD-\d{5}$/)
    expect(typeof e.title).toBe('string')
    expect(e.paths.length).toBeGreaterThan(0)
  }
  return res.body.validationErrors.map((e: { code: string }) => e.code)
}

/**
 * A 4xx problem that is not from the catalogue (ASP.NET model errors, unknown route, 413, 415 ...): plain ASP.NET,
 * so no `statusDescription` (Altinn Authentication does not register the Altinn ProblemDetails writer).
 */
export function expectHttpProblem(res: JsonResponse, status: number): Record<string, unknown> {
  expect(res.status, res.text).toBe(status)
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/)
  expect(res.body).toMatchObject({ status })
  expect(res.body).not.toHaveProperty('statusDescription')
  expect(typeof res.body.type).toBe('string')
  expect(typeof res.body.title).toBe('string')
  expect(res.body.traceId).toMatch(TRACE_ID)
  expect(res.text).not.toMatch(/\bat .+\.ts:\d+/) // never a stack trace
  return res.body
}

/** A status with no body at all (ASP.NET's `Unauthorized()`, `Forbid()`, `NotFound()`). */
export function expectBodiless(res: JsonResponse, status: number): void {
  expect(res.status, res.text).toBe(status)
  expect(res.text).toBe('')
}

/** `GET /__mock/state` without `now` (the clock moves between two reads). */
export async function stateOf(baseUrl: string): Promise<unknown> {
  const res = await call(baseUrl, 'GET', '/__mock/state')
  expect(res.status).toBe(200)
  const { now: _now, ...rest } = res.body
  return rest
}

/** Claims of a valid vendor token for SmartCloud from the mock's Maskinporten, with overrides. */
export function vendorClaims(mock: MockAltinn, overrides: Partial<AccessTokenClaims> = {}): AccessTokenClaims {
  const now = Math.floor(mock.clock.now() / 1000)
  return {
    iss: mock.config.maskinportenIssuer,
    scope: ALL_VENDOR_SCOPES,
    client_id: 'a3f1c0de-5c6b-4f8e-9d1a-318882703001',
    consumer: { authority: 'iso6523-actorid-upis', ID: `0192:${SMARTCLOUD}` },
    token_type: 'Bearer',
    client_amr: 'private_key_jwt',
    iat: now,
    exp: now + 120,
    jti: randomUUID(),
    ...overrides,
  }
}

/** A token signed by the mock's Maskinporten key with the claims given as they are. */
export function signedToken(mock: MockAltinn, claims: AccessTokenClaims): Promise<string> {
  return sign(mock.keys.maskinporten, claims)
}

/** A token without the `consumer` claim (a token whose vendor Altinn cannot tell). */
export async function tokenWithoutConsumer(mock: MockAltinn, scope: string = ALL_VENDOR_SCOPES): Promise<string> {
  const { consumer: _c, ...claims } = vendorClaims(mock, { scope })
  return signedToken(mock, claims)
}

/** A registration body as a vendor posts it (`RegisterSystemRequest`), for a new SmartCloud system, with overrides. */
export function aRegistration(overrides: Record<string, unknown> = {}) {
  return {
    id: `${SMARTCLOUD}_http`,
    vendor: { authority: 'iso6523-actorid-upis', ID: `0192:${SMARTCLOUD}` },
    name: { nb: 'HTTP-test', nn: 'HTTP-test', en: 'HTTP test' },
    description: { nb: 'Test', nn: 'Test', en: 'Test' },
    rights: [{ resource: [{ id: 'urn:altinn:resource', value: KRAV }] }],
    clientId: ['http-client-1'],
    allowedRedirectUrls: ['https://http.example/back'],
    isVisible: true,
    ...overrides,
  }
}
