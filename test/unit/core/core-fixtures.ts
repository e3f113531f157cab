/**
 * Builders for unit tests of the core: a fresh mock on a fixed clock, callers built by hand (as a verified token
 * would describe them), request and registration bodies with overrides, and helpers that catch what the core
 * throws.
 */
import { expect } from 'vitest'
import {
  Scopes,
  type CreateAgentRequestSystemUser,
  type CreateRequestSystemUser,
  type ProblemDescriptor,
  type RegisterSystemRequest,
} from '../../../sdk/contract/index.ts'
import { createFixedClock } from '../../../mock-server/core/clock.ts'
import { AspNetError, ForbiddenError, ProblemError, UnauthorizedError, ValidationProblemError } from '../../../mock-server/core/errors.ts'
import { createMockAltinn, type MockAltinn } from '../../../mock-server/core/mock-altinn.ts'
import type { Caller } from '../../../mock-server/core/tokens.ts'
import { loadDefaultSeed } from '../../../mock-server/seed/index.ts'
import { AGENT_SYSTEM, CUSTOMER, FACILITATOR, KRAV, REGNSKAPSFORER, SMARTCLOUD, STANDARD_SYSTEM } from '../../support/api.ts'

/** The instant every unit test starts at. */
export const T0 = Date.parse('2026-03-02T09:00:00.000Z')
export const DAY_MS = 24 * 3600 * 1000

/** A fresh mock on the default seed, its clock standing still at {@link T0}. */
export function aMock(options: { pageSize?: number; origin?: string } = {}): MockAltinn {
  return createMockAltinn({
    seed: loadDefaultSeed(),
    clock: createFixedClock(T0),
    origin: options.origin ?? 'http://mock.test',
    ...(options.pageSize ? { pageSize: options.pageSize } : {}),
  })
}

const VENDOR_SCOPES = [Scopes.systemRegisterWrite, Scopes.requestRead, Scopes.requestWrite]

/** A caller as a verified Maskinporten token describes it; `orgNo: undefined` is a token without `consumer`. */
export function aCaller(overrides: { orgNo?: string | undefined; scopes?: string[]; clientId?: string } = {}): Caller {
  const orgNo = 'orgNo' in overrides ? overrides.orgNo : SMARTCLOUD
  return {
    ...(orgNo ? { orgNo } : {}),
    clientId: overrides.clientId ?? 'unit-test-client',
    scopes: new Set(overrides.scopes ?? VENDOR_SCOPES),
    claims: {},
    issuer: 'maskinporten',
  }
}

/** A right on one resource. */
export function aRight(resource = KRAV, action?: string) {
  return { ...(action ? { action } : {}), resource: [{ id: 'urn:altinn:resource', value: resource }] }
}

/** A standard request for SmartCloud's seeded system and TILFELDIG SUBTIL APE. */
export function aStandardBody(overrides: Partial<CreateRequestSystemUser> = {}): CreateRequestSystemUser {
  return { systemId: STANDARD_SYSTEM, partyOrgNo: CUSTOMER, rights: [aRight()], ...overrides }
}

/** An agent request for SmartCloud's agent system and the accounting firm. */
export function anAgentBody(overrides: Partial<CreateAgentRequestSystemUser> = {}): CreateAgentRequestSystemUser {
  return { systemId: AGENT_SYSTEM, partyOrgNo: FACILITATOR, accessPackages: [{ urn: REGNSKAPSFORER }], ...overrides }
}

/** A valid registration of a new SmartCloud system. */
export function aRegistration(overrides: Partial<RegisterSystemRequest> = {}): RegisterSystemRequest {
  return {
    id: `${SMARTCLOUD}_unit`,
    vendor: { authority: 'iso6523-actorid-upis', ID: `0192:${SMARTCLOUD}` },
    name: { nb: 'Enhetstest', nn: 'Einingstest', en: 'Unit test' },
    description: { nb: 'Et system for tester', nn: 'Eit system for testar', en: 'A system for tests' },
    rights: [aRight()],
    accessPackages: [],
    clientId: ['unit-client-1'],
    allowedRedirectUrls: ['https://unit.example/back'],
    isVisible: true,
    ...overrides,
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
