/**
 * Bodies as a vendor sends them, with overrides: a right, a standard and an agent system-user request for the seed's
 * two stories, and the registration of a new SmartCloud system. The unit tests of the core hand them to the core's
 * functions; the integration tests post them. An override may be anything, so a test can send a wrong type.
 *
 * @example
 * ```ts
 * await vendor.post(`${A}/systemuser/request/vendor`, aStandardRequest({ externalRef: 'kontor-1' }))
 * requests.createStandardRequest(mock, aCaller(), aStandardRequest({ rights: [aRight(SKATTEGRUNNLAG)] }))
 * ```
 */
import type { CreateAgentRequestSystemUser, CreateRequestSystemUser, RegisterSystemRequest } from '../../sdk/contract/index.ts'
import { AGENT_SYSTEM, CUSTOMER, FACILITATOR, KRAV, RECEIPT_URL, REGNSKAPSFORER, SMARTCLOUD, STANDARD_SYSTEM } from '../../mock-server/seed/personas.ts'

/** Overrides of a body: its own members with any value (a test may send a wrong one), and members it does not have. */
type Overrides<T> = { [K in keyof T]?: unknown } & Record<string, unknown>

/** A right on one resource (default "Krav og betalinger"), as Altinn writes it. */
export function aRight(resource: string = KRAV, action?: string) {
  return { ...(action ? { action } : {}), resource: [{ id: 'urn:altinn:resource', value: resource }] }
}

/** A standard request for SmartCloud's seeded system and TILFELDIG SUBTIL APE (no redirect URL unless given). */
export function aStandardRequest(overrides: Overrides<CreateRequestSystemUser> = {}): CreateRequestSystemUser {
  return { systemId: STANDARD_SYSTEM, partyOrgNo: CUSTOMER, rights: [aRight()], ...overrides } as CreateRequestSystemUser
}

/** An agent request for SmartCloud's agent system and the accounting firm (no redirect URL unless given). */
export function anAgentRequest(overrides: Overrides<CreateAgentRequestSystemUser> = {}): CreateAgentRequestSystemUser {
  return { systemId: AGENT_SYSTEM, partyOrgNo: FACILITATOR, accessPackages: [{ urn: REGNSKAPSFORER }], ...overrides } as CreateAgentRequestSystemUser
}

/** The receipt URL with a state, as a vendor puts it in `redirectUrl` to find its way back. */
export const RECEIPT_WITH_STATE = `${RECEIPT_URL}?state=abc`

/** The registration (`RegisterSystemRequest`) of a new SmartCloud system, `318882703_unit`, with a right on "Krav og betalinger". */
export function aRegistration(overrides: Overrides<RegisterSystemRequest> = {}): RegisterSystemRequest {
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
  } as RegisterSystemRequest
}
