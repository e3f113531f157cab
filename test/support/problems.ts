/**
 * What an answer looks like on the wire when it refuses: an Altinn problem from the catalogue, a validation problem,
 * a plain ASP.NET problem, a bodiless status.
 */
import { expect } from 'vitest'
import { ProblemsByCode, ValidationProblem, statusDescriptionOf } from '../../sdk/contract/index.ts'
import type { JsonResponse } from './api.ts'

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
