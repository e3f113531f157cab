/**
 * Builders for change-request tests: SmartCloud's own system with two resources (the seeded one has one), a
 * standard system user of it for TILFELDIG SUBTIL APE approved through the control API, change-request bodies
 * with overrides, and the system user's token for the demo service and the decision point.
 */
import { randomUUID } from 'node:crypto'
import { expect } from 'vitest'
import { ChangeRequestQueryParams, ChangeRequestRoutes, Scopes } from '../../sdk/contract/index.ts'
import { CUSTOMER, KRAV, RECEIPT_URL, SKATTEGRUNNLAG, SMARTCLOUD } from '../../mock-server/seed/personas.ts'
import { A, call, type asVendor } from './api.ts'
import { aRight } from './builders.ts'

/** SmartCloud's system of the tests: rights on "Krav og betalinger" and "Skattegrunnlag". */
export const TWO_RIGHTS_SYSTEM = `${SMARTCLOUD}_krav_og_grunnlag`
const TWO_RIGHTS_CLIENT_ID = 'c3a9f1de-0c4e-4b7a-9d2f-318882703099'
export const CHANGE_REQUESTS = `${A}/systemuser/changerequest/vendor`
const AUTHORIZE = '/authorization/api/v1/authorize'

type Vendor = ReturnType<typeof asVendor>

/** The registration of {@link TWO_RIGHTS_SYSTEM}, with overrides. */
function aTwoRightsSystem(overrides: Record<string, unknown> = {}) {
  return {
    id: TWO_RIGHTS_SYSTEM,
    vendor: { authority: 'iso6523-actorid-upis', ID: `0192:${SMARTCLOUD}` },
    name: { nb: 'SmartCloud Skatt', nn: 'SmartCloud Skatt', en: 'SmartCloud Tax' },
    description: { nb: 'Krav og skattegrunnlag', nn: 'Krav og skattegrunnlag', en: 'Claims and tax basis' },
    rights: [aRight(KRAV), aRight(SKATTEGRUNNLAG)],
    accessPackages: [],
    clientId: [TWO_RIGHTS_CLIENT_ID],
    isVisible: true,
    allowedRedirectUrls: [RECEIPT_URL],
    ...overrides,
  }
}

/** A change-request body: add the right on "Krav og betalinger", come back to the receipt; with overrides. */
export function aChangeRequest(overrides: Record<string, unknown> = {}) {
  return { requiredRights: [aRight(KRAV)], redirectUrl: `${RECEIPT_URL}?change=1`, ...overrides }
}

/** The create's path with its two query parameters (a fresh correlation id unless given). */
export function changeRequestPath(systemUserId: string, correlationId: string = randomUUID()): string {
  const q = new URLSearchParams({ [ChangeRequestQueryParams.correlationId]: correlationId, [ChangeRequestQueryParams.systemUserId]: systemUserId })
  return `${ChangeRequestRoutes.createChangeRequest.path}?${q}`
}

/**
 * SmartCloud registers {@link TWO_RIGHTS_SYSTEM} (with `system` overrides; an `integrationTitle` there goes on the
 * request), asks TILFELDIG SUBTIL APE for a system user with `rights`, and the customer's access manager approves
 * it; the system user's id.
 */
export async function aSystemUserWith(baseUrl: string, vendor: Vendor, rights: string[] = [SKATTEGRUNNLAG], system: Record<string, unknown> = {}): Promise<string> {
  const { integrationTitle, ...registration } = system
  const registered = await vendor.post(`${A}/systemregister/vendor`, aTwoRightsSystem(registration))
  expect(registered.status, registered.text).toBe(200)
  const request = await vendor.post(`${A}/systemuser/request/vendor`, { systemId: TWO_RIGHTS_SYSTEM, partyOrgNo: CUSTOMER, rights: rights.map((resource) => aRight(resource)), ...(integrationTitle ? { integrationTitle } : {}) })
  expect(request.status, request.text).toBe(201)
  const approved = await call(baseUrl, 'POST', `/__mock/requests/${request.body.id}/approve`, { body: {} })
  expect(approved.status, approved.text).toBe(200)
  return request.body.id as string
}

/** A system-user token for TILFELDIG SUBTIL APE's system user of {@link TWO_RIGHTS_SYSTEM}, from the control API. */
export async function systemUserToken(baseUrl: string): Promise<string> {
  const res = await call(baseUrl, 'POST', '/__mock/tokens', {
    body: {
      orgNo: SMARTCLOUD,
      clientId: TWO_RIGHTS_CLIENT_ID,
      scope: Scopes.kravOgBetalinger,
      authorization_details: [{ type: 'urn:altinn:systemuser', systemuser_org: { authority: 'iso6523-actorid-upis', ID: `0192:${CUSTOMER}` } }],
    },
  })
  expect(res.status, res.text).toBe(200)
  return res.body.access_token as string
}

/** The decision point's answer for the system user, `read` on `resource` for TILFELDIG SUBTIL APE. */
export async function decisionFor(baseUrl: string, systemUserId: string, resource: string): Promise<string> {
  const res = await call(baseUrl, 'POST', AUTHORIZE, {
    body: {
      Request: {
        AccessSubject: [{ Attribute: [{ AttributeId: 'urn:altinn:systemuser:uuid', Value: systemUserId }] }],
        Action: [{ Attribute: [{ AttributeId: 'urn:oasis:names:tc:xacml:1.0:action:action-id', Value: 'read' }] }],
        Resource: [{ Attribute: [{ AttributeId: 'urn:altinn:resource', Value: resource }, { AttributeId: 'urn:altinn:organization:identifier-no', Value: CUSTOMER }] }],
      },
    },
  })
  expect(res.status, res.text).toBe(200)
  return res.body.response[0].decision as string
}
