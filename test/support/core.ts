/**
 * Builders for unit tests of the core: a fresh mock on a fixed clock, callers built by hand (as a verified token
 * would describe them), and helpers that catch what the core throws. The bodies are in
 * `builders.ts`.
 */
import { expect } from 'vitest'
import type { ProblemDescriptor } from '../../sdk/contract/index.ts'
import { createFixedClock, type ControllableClock } from '../../mock-server/core/clock.ts'
import { AspNetError, ForbiddenError, ProblemError, UnauthorizedError, ValidationProblemError } from '../../mock-server/core/errors.ts'
import { createMockAltinn, type MockAltinn } from '../../mock-server/core/mock-altinn.ts'
import type { Caller } from '../../mock-server/core/tokens.ts'
import { loadDefaultSeed } from '../../mock-server/seed/index.ts'
import { SMARTCLOUD } from '../../mock-server/seed/personas.ts'
import { ALL_VENDOR_SCOPES } from './api.ts'

/** The origin of a mock made here. */
export const ORIGIN = 'http://mock.test'
/** The instant every unit test starts at. */
export const T0 = Date.parse('2026-03-02T09:00:00.000Z')
export const DAY_MS = 24 * 3600 * 1000

/** A fresh mock on the default seed, its clock standing still at {@link T0} unless another is given. */
export function aMock(options: { pageSize?: number; origin?: string; clock?: ControllableClock } = {}): MockAltinn {
  return createMockAltinn({
    seed: loadDefaultSeed(),
    clock: options.clock ?? createFixedClock(T0),
    origin: options.origin ?? ORIGIN,
    ...(options.pageSize ? { pageSize: options.pageSize } : {}),
  })
}

/** A caller as a verified Maskinporten token describes it; `orgNo: undefined` is a token without `consumer`. */
export function aCaller(overrides: { orgNo?: string | undefined; scopes?: string[]; clientId?: string } = {}): Caller {
  const orgNo = 'orgNo' in overrides ? overrides.orgNo : SMARTCLOUD
  return {
    ...(orgNo ? { orgNo } : {}),
    clientId: overrides.clientId ?? 'unit-test-client',
    scopes: new Set(overrides.scopes ?? ALL_VENDOR_SCOPES.split(' ')),
    claims: {},
    issuer: 'maskinporten',
  }
}

/** The problem `fn` throws; fails the test unless it is the expected AUTH problem. */
export function expectProblem(fn: () => unknown, expected: ProblemDescriptor): ProblemError {
  const error = catchError(fn)
  expect(error, `expected ${expected.code}`).toBeInstanceOf(ProblemError)
  expect((error as ProblemError).descriptor.code).toBe(expected.code)
  expect((error as ProblemError).descriptor.status).toBe(expected.status)
  return error as ProblemError
}

/** The validation codes `fn` throws (a `STD-00000` problem), in order. */
export function expectValidation(fn: () => unknown): string[] {
  const error = catchError(fn)
  expect(error).toBeInstanceOf(ValidationProblemError)
  return (error as ValidationProblemError).failures.map((f) => f.descriptor.code)
}

/** The plain ASP.NET answer `fn` throws (bodiless status, text, or model errors). */
export function expectPlain(fn: () => unknown, status: number): AspNetError {
  const error = catchError(fn)
  expect(error).toBeInstanceOf(AspNetError)
  expect((error as AspNetError).status).toBe(status)
  return error as AspNetError
}

/** The refusal `fn` throws for a caller that is not authenticated (Altinn's `Unauthorized()`, 401). */
export function expectUnauthorized(fn: () => unknown): UnauthorizedError {
  const error = catchError(fn)
  expect(error).toBeInstanceOf(UnauthorizedError)
  return error as UnauthorizedError
}

/** The refusal `fn` throws for a caller that may not do this (Altinn's `Forbid()`, 403). */
export function expectForbidden(fn: () => unknown): ForbiddenError {
  const error = catchError(fn)
  expect(error).toBeInstanceOf(ForbiddenError)
  return error as ForbiddenError
}

function catchError(fn: () => unknown): unknown {
  try {
    fn()
  } catch (e) {
    return e
  }
  throw new Error('expected the call to throw, but it returned')
}

/** A deep copy of the parts of the state a rejected call must leave alone. */
export function snapshotState(mock: MockAltinn) {
  const s = mock.store
  return structuredClone({
    systems: [...s.systems.entries()],
    requests: [...s.requests.entries()],
    systemUsers: [...s.systemUsers.entries()],
    clientDelegations: [...s.clientDelegations.entries()],
    // What the indexes answer, per request and system user.
    requestKeys: [...s.requests.values()].map((r) => s.requestIdByKey(r.kind, r.partyOrgNo, r.externalRef, r.systemId)),
    requestLists: [...s.systems.keys()].flatMap((id) => [...s.requestIdsFrom('standard', id), ...s.requestIdsFrom('agent', id)]),
    activeUsers: [...s.systemUsers.values()].map((u) => s.activeSystemUserId(u.reporteeOrgNo, u.externalRef, u.systemId)),
    snapshot: s.snapshot(),
  })
}
