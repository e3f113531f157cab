/**
 * System-user requests, standard (reference §2) and agent (§3): the vendor creates them, reads and lists them,
 * deletes them; an end user approves, rejects or escalates them (§4.2).
 *
 * Altinn: RequestSystemUserController + RequestSystemUserService.
 */
import {
  PortalPaths,
  Problems,
  type AccessPackage,
  type AgentRequestSystemResponse,
  type CreateAgentRequestSystemUser,
  type CreateRequestSystemUser,
  type RequestSystemResponse,
  type Right,
} from 'altinn-systemuser-sdk/contract'
import { trimSlash, type MockContext } from './context.ts'
import { copyData } from './copy-data.ts'
import { isDemoReceiptRedirect } from './demo-vendor.ts'
import { getOrganisation, getPackage, isAccessManager, isRelated, mayDelegatePackage } from './directory.ts'
import { PlainHttpError, problem } from './errors.ts'
import { isGuid } from './identifiers.ts'
import { createSortedKeys, decodePageToken, insertKey, keysFrom, type Page } from './paging.ts'
import { requireOwnedSystem, rightKey } from './system-register.ts'
import { requestKey, systemUserKey, type RegisteredSystem, type RequestKind, type SystemUser, type SystemUserRequest } from './state.ts'
import { createSystemUser } from './system-users.ts'
import type { Caller } from './tokens.ts'

/** Altinn: since PR #1667 (Nov 2025) a request is flagged `timedOut` on read once it is older than 180 days. */
export const REQUEST_TIMEOUT_MS = 180 * 24 * 3600 * 1000

/** The outcome of a create: the request and whether it is new (201) or an existing one returned (200). */
export interface CreateResult {
  request: SystemUserRequest
  created: boolean
}

function requireConsumer(caller: Caller): string {
  if (!caller.orgNo) throw problem(Problems.VendorOrgNoNotFound)
  return caller.orgNo
}

/** Altinn compares `GetLeftPart(UriPartial.Path)`: scheme, host, port and path; the query may differ. */
function leftPartOfPath(url: string): string | undefined {
  try {
    const u = new URL(url)
    return `${u.protocol}//${u.host}${u.pathname}`
  } catch {
    return undefined
  }
}

/** Altinn: AUTH-00026 when the system has no allowed redirect URLs, AUTH-00021 when none matches (§2.1). */
export function validateRedirect(system: RegisteredSystem, redirectUrl: string | undefined): void {
  if (!redirectUrl) return
  if (system.allowedRedirectUrls.length === 0) throw problem(Problems.NoRedirectUrisFoundOnSystem)
  const wanted = leftPartOfPath(redirectUrl)
  if (!wanted || !system.allowedRedirectUrls.some((a) => leftPartOfPath(a) === wanted)) throw problem(Problems.RedirectUriNotFound)
}

/** Altinn: each requested right must fully match a right of the system (same action and id:value pairs). */
export function rightsAreSubset(system: RegisteredSystem, rights: readonly Right[]): boolean {
  if (rights.length > system.rights.length) return false
  const available = new Set(system.rights.map(rightKey))
  return rights.every((r) => available.has(rightKey(r)))
}

/** Altinn: each package must be on the system (AUTH-00063) and assignable (standard, AUTH-00064) or delegable (agent, AUTH-00065). */
export function validatePackagesOnSystem(ctx: MockContext, system: RegisteredSystem, packages: readonly AccessPackage[], kind: RequestKind): void {
  const onSystem = new Set(system.accessPackages.map((p) => p.urn))
  const notFound = packages.filter((p) => !onSystem.has(p.urn)).map((p) => p.urn)
  if (notFound.length) throw problem(Problems.AccessPackageNotFound, { NotFoundPackages: notFound.join(', ') })
  const notDelegable = packages
    .filter((p) => {
      const def = getPackage(ctx, p.urn)
      return !def || (kind === 'standard' ? !def.isAssignable : !def.isDelegable)
    })
    .map((p) => p.urn)
  if (notDelegable.length)
    throw problem(kind === 'standard' ? Problems.AccessPackageNotDelegableStandard : Problems.AccessPackageNotDelegableAgent, {
      NotDelegablePackages: notDelegable.join(', '),
    })
}

/** Altinn: `integrationTitle` is trimmed and defaults to the system's `name.nb` (reference §2.1). */
function integrationTitleOf(given: string | null | undefined, system: RegisteredSystem): string {
  return given?.trim() || system.name.nb || system.id
}

/** Steps 2 and 3 of the create (reference §2.1): an existing system user, or the existing request back. */
function findExisting(ctx: MockContext, kind: RequestKind, vendorOrgNo: string, systemId: string, partyOrgNo: string, externalRef: string): SystemUserRequest | undefined {
  if (ctx.state.activeSystemUsersByKey.has(systemUserKey(partyOrgNo, externalRef, systemId))) throw problem(Problems.SystemUserAlreadyExists)
  const id = ctx.state.requestsByKey.get(requestKey(kind, partyOrgNo, externalRef, systemId))
  const existing = id ? ctx.state.requests.get(id) : undefined
  const system = ctx.state.systems.get(systemId)
  if (existing && !existing.isDeleted && system?.vendorOrgNo === vendorOrgNo && existing.status !== 'Timedout') return existing
  return undefined
}

/** Altinn: `external_ref` is varchar(255) in the request table. */
const MAX_EXTERNAL_REF = 255

/**
 * Store a new request. Altinn inserts it after every rule has passed; an insert the database refuses (an
 * `externalRef` longer than its column) answers AUTH-00012 (404, sic), so the mock checks that here, last.
 */
function insertRequest(ctx: MockContext, request: SystemUserRequest): void {
  if (request.externalRef.length > MAX_EXTERNAL_REF)
    throw problem(Problems.RequestCouldNotBeStored, {}, `externalRef is longer than ${MAX_EXTERNAL_REF} characters.`)
  const key = requestKey(request.kind, request.partyOrgNo, request.externalRef, request.systemId)
  ctx.state.requests.set(request.id, request)
  ctx.state.requestsByKey.set(key, request.id)
  const listKey = `${request.kind}|${request.systemId}`
  let list = ctx.state.requestsBySystem.get(listKey)
  if (!list) ctx.state.requestsBySystem.set(listKey, (list = createSortedKeys()))
  insertKey(list, request.id)
}

/** Store a new request (every rule has been checked by the caller). */
function insertNewRequest(
  ctx: MockContext,
  kind: RequestKind,
  system: RegisteredSystem,
  body: { partyOrgNo: string; redirectUrl?: string | null | undefined; integrationTitle?: string | null | undefined },
  externalRef: string,
  rights: readonly Right[],
  accessPackages: readonly AccessPackage[],
): SystemUserRequest {
  const request: SystemUserRequest = {
    id: ctx.newId(),
    kind,
    systemId: system.id,
    partyOrgNo: body.partyOrgNo,
    externalRef,
    rights: copyData([...rights]),
    accessPackages: copyData([...accessPackages]),
    ...(body.redirectUrl ? { redirectUrl: body.redirectUrl } : {}),
    integrationTitle: integrationTitleOf(body.integrationTitle, system),
    status: 'New',
    escalated: false,
    created: ctx.clock.now(),
    isDeleted: false,
  }
  insertRequest(ctx, request)
  return request
}

/**
 * The steps both creates share, in Altinn's order (reference §2.1): the consumer (AUTH-00023), an existing system
 * user (AUTH-00004) or request of this kind for the key (returned as it is), the system (AUTH-00011), the party
 * (AUTH-00000) and the redirect URL (AUTH-00026, AUTH-00021).
 */
function beginCreate(
  ctx: MockContext,
  caller: Caller,
  kind: RequestKind,
  body: { systemId: string; partyOrgNo: string; externalRef?: string | null | undefined; redirectUrl?: string | null | undefined },
): { existing: SystemUserRequest } | { system: RegisteredSystem; externalRef: string } {
  const vendorOrgNo = requireConsumer(caller)
  const externalRef = body.externalRef || body.partyOrgNo
  const existing = findExisting(ctx, kind, vendorOrgNo, body.systemId, body.partyOrgNo, externalRef)
  if (existing) return { existing }
  const system = requireOwnedSystem(ctx, vendorOrgNo, body.systemId)
  if (!getOrganisation(ctx, body.partyOrgNo)) throw problem(Problems.ReporteeOrgNoNotFound)
  // Mock only: the demo vendor's receipt page on the mock's own origin (core/demo-vendor.ts, which cites the rule).
  if (!isDemoReceiptRedirect(ctx, system.id, body.redirectUrl)) validateRedirect(system, body.redirectUrl ?? undefined)
  return { system, externalRef }
}

/**
 * `POST systemuser/request/vendor`: 201 with a new request, or 200 with the existing one for the same
 * (partyOrgNo, externalRef, systemId), whatever its status.
 */
export function createStandardRequest(ctx: MockContext, caller: Caller, body: CreateRequestSystemUser): CreateResult {
  const start = beginCreate(ctx, caller, 'standard', body)
  if ('existing' in start) return { request: start.existing, created: false }
  const { system, externalRef } = start
  if (body.rights == null && body.accessPackages == null) throw problem(Problems.RightsNotFoundOrNotDelegable)
  const rights = body.rights ?? []
  const accessPackages = body.accessPackages ?? []
  if (rights.length === 0 && accessPackages.length === 0) throw problem(Problems.SystemUserMissingRightsOrAccessPackages)
  if (!rightsAreSubset(system, rights)) throw problem(Problems.RightsNotFoundOrNotDelegable)
  validatePackagesOnSystem(ctx, system, accessPackages, 'standard')

  return { request: insertNewRequest(ctx, 'standard', system, body, externalRef, rights, accessPackages), created: true }
}

/** `POST systemuser/request/vendor/agent`: like the standard create, with access packages only (§3.1). */
export function createAgentRequest(ctx: MockContext, caller: Caller, body: CreateAgentRequestSystemUser): CreateResult {
  const start = beginCreate(ctx, caller, 'agent', body)
  if ('existing' in start) return { request: start.existing, created: false }
  const { system, externalRef } = start
  const accessPackages = body.accessPackages ?? []
  if (accessPackages.length === 0) throw problem(Problems.SystemUserMissingAccessPackage)
  validatePackagesOnSystem(ctx, system, accessPackages, 'agent')

  return { request: insertNewRequest(ctx, 'agent', system, body, externalRef, [], accessPackages), created: true }
}

/**
 * A GUID in any form ASP.NET's `Guid.TryParse` binds (D `8-4-4-4-12`, N 32 hex digits, B `{D}`, P `(D)`), as the
 * lowercase D form the mock stores; undefined for anything else.
 *
 * @example
 * ```ts
 * parseGuid('{3F2504E0-4F89-41D3-9A0C-0305E82C3301}') // '3f2504e0-4f89-41d3-9a0c-0305e82c3301'
 * ```
 */
export function parseGuid(value: string): string | undefined {
  let v = value
  if ((v.startsWith('{') && v.endsWith('}')) || (v.startsWith('(') && v.endsWith(')'))) v = v.slice(1, -1)
  else if (/^[0-9a-f]{32}$/i.test(v)) v = `${v.slice(0, 8)}-${v.slice(8, 12)}-${v.slice(12, 16)}-${v.slice(16, 20)}-${v.slice(20)}`
  return isGuid(v) ? v.toLowerCase() : undefined
}

/** A GUID path parameter, or the 400 ASP.NET gives for a value it cannot bind. */
export function requireGuid(value: string, name: string): string {
  const id = parseGuid(value)
  if (!id) throw new PlainHttpError(400, undefined, { [name]: [`The value '${value.slice(0, 100)}' is not valid.`] })
  return id
}

/**
 * A request the vendor may read: 401 without a consumer, 404 AUTH-00010 when unknown or deleted, 404 AUTH-00011
 * when its system is not the caller's. `kind` narrows the lookup (the standard GET by id does not).
 */
export function getRequestForVendor(ctx: MockContext, caller: Caller, requestId: string, kind?: RequestKind): SystemUserRequest {
  const id = requireGuid(requestId, 'requestId')
  if (!caller.orgNo) throw new PlainHttpError(401)
  const request = ctx.state.requests.get(id)
  // The reference says nothing of a standard id on the agent read (§3.2); it answers AUTH-00010 here, as a read
  // of agent requests only would find nothing, while the standard read takes any kind, as Altinn's does (§2.3).
  if (!request || request.isDeleted || (kind && request.kind !== kind)) throw problem(Problems.RequestNotFound)
  if (ctx.state.systems.get(request.systemId)?.vendorOrgNo !== caller.orgNo) throw problem(Problems.SystemIdNotFound)
  return request
}

/** `GET .../byexternalref/{systemId}/{orgNo}/{externalRef}`: the exact triple, no default for externalRef. */
export function getRequestByExternalRef(ctx: MockContext, caller: Caller, kind: RequestKind, systemId: string, orgNo: string, externalRef: string): SystemUserRequest {
  if (!caller.orgNo) throw new PlainHttpError(401)
  const id = ctx.state.requestsByKey.get(requestKey(kind, orgNo, externalRef, systemId))
  const request = id ? ctx.state.requests.get(id) : undefined
  if (!request || request.isDeleted) throw problem(Problems.RequestNotFound)
  if (ctx.state.systems.get(systemId)?.vendorOrgNo !== caller.orgNo) throw problem(Problems.SystemIdNotFound)
  return request
}

/** `GET .../bysystem/{systemId}[?token=]`: non-deleted requests of one kind for the system, by id. */
export function listRequestsForVendor(ctx: MockContext, caller: Caller, kind: RequestKind, systemId: string, token: string | undefined): Page<SystemUserRequest> {
  if (!caller.orgNo) throw new PlainHttpError(401)
  requireOwnedSystem(ctx, caller.orgNo, systemId)
  const from = token === undefined ? undefined : decodePageToken(token, 'string')
  const ids = ctx.state.requestsBySystem.get(`${kind}|${systemId}`) ?? createSortedKeys()
  const items: SystemUserRequest[] = []
  for (const id of keysFrom(ids, from)) {
    const r = ctx.state.requests.get(id)!
    if (r.isDeleted) continue
    if (items.length === ctx.config.pageSize) return { items, nextKey: r.id }
    items.push(r)
  }
  return { items }
}

/** Soft-delete a request and free its key (a new create with the same triple then answers 201). */
export function softDeleteRequest(ctx: MockContext, request: SystemUserRequest): void {
  request.isDeleted = true
  const key = requestKey(request.kind, request.partyOrgNo, request.externalRef, request.systemId)
  if (ctx.state.requestsByKey.get(key) === request.id) ctx.state.requestsByKey.delete(key)
}

/**
 * `DELETE systemuser/request/vendor/{id}`: soft delete, 202. Altinn at HEAD checks no ownership here; the mock
 * answers another vendor's request id with 404 AUTH-00011 so that a vendor's tests never rely on that gap.
 */
export function deleteRequestForVendor(ctx: MockContext, caller: Caller, requestId: string): void {
  const request = getRequestForVendor(ctx, caller, requestId)
  softDeleteRequest(ctx, request)
}

// ---------------------------------------------------------------------------------------------------------
// The end user's decisions (portal and control API share these)

/** Who decides, and for which party they act (the portal's reportee; defaults to the request's party). */
export interface Decider {
  pid: string
  /** The organisation the person acts for; when it is not the request's party: 403 AUTH-00041 / AUTH-00042. */
  actingForOrgNo?: string
}

function getRequestForDecision(ctx: MockContext, requestId: string, kind?: RequestKind): SystemUserRequest {
  const id = parseGuid(requestId)
  const request = id ? ctx.state.requests.get(id) : undefined
  if (!request || request.isDeleted) throw problem(kind === 'agent' ? Problems.AgentRequestNotFound : Problems.RequestNotFound)
  if (kind === 'agent' && request.kind !== 'agent') throw problem(Problems.NotAnAgentRequest)
  return request
}

/** The request, for the portal (no vendor check). */
export function getRequestForPortal(ctx: MockContext, requestId: string, kind?: RequestKind): SystemUserRequest {
  return getRequestForDecision(ctx, requestId, kind)
}

/** Who may decide for the request's party: AUTH-00041/00042 for another party, AUTH-00066 without the rights. */
export function checkDecider(ctx: MockContext, request: Pick<SystemUserRequest, 'kind' | 'partyOrgNo'>, decider: Decider, forEscalation = false): void {
  if (decider.actingForOrgNo !== undefined && decider.actingForOrgNo !== request.partyOrgNo)
    throw problem(request.kind === 'agent' ? Problems.PartyIdAgentRequestMismatch : Problems.PartyIdRequestMismatch)
  if (!getOrganisation(ctx, request.partyOrgNo)) throw problem(Problems.ReporteeOrgNoNotFound)
  const may = forEscalation ? isRelated(ctx, decider.pid, request.partyOrgNo) : isAccessManager(ctx, decider.pid, request.partyOrgNo)
  if (!may) {
    const related = isRelated(ctx, decider.pid, request.partyOrgNo)
    throw problem(
      Problems.RequestUserIsNotAccessManager,
      {},
      related && !forEscalation
        ? 'The person is not an access manager for the organisation; they may escalate the request to its access managers.'
        : 'The person has no role or access for the organisation.',
    )
  }
}

/** What an end user may do with a request: approve/reject, only escalate, or nothing (AUTH-00066). */
export function decisionRightsOf(ctx: MockContext, request: Pick<SystemUserRequest, 'partyOrgNo'>, pid: string): 'decide' | 'escalate' | 'none' {
  if (isAccessManager(ctx, pid, request.partyOrgNo)) return 'decide'
  return isRelated(ctx, pid, request.partyOrgNo) ? 'escalate' : 'none'
}

/** The delegation check a standard approval runs for the approver (reference §4.2). */
export function checkDelegation(ctx: MockContext, request: Pick<SystemUserRequest, 'rights' | 'accessPackages' | 'partyOrgNo'>, system: RegisteredSystem, pid: string): void {
  for (const right of request.rights) {
    for (const attr of right.resource) {
      const resource = ctx.state.resources.get(attr.value)
      if (!resource) throw problem(Problems.RightsNotFoundOrNotDelegable)
      if (resource.resourceType === 'MaskinportenSchema') throw problem(Problems.DelegationRightResourceIsMaskinPortenSchema)
    }
  }
  const missing = request.accessPackages.filter((p) => !mayDelegatePackage(ctx, pid, request.partyOrgNo, getPackage(ctx, p.urn)?.name ?? p.urn))
  if (missing.length) throw problem(Problems.AccessPackageDelegationMissingRequiredAccess, {}, `Missing: ${missing.map((p) => p.urn).join(', ')}.`)
  void system
}

/**
 * Approve a request: the system user is created with the request's id, and the request becomes `Accepted`.
 * Standard: the rights and packages are delegated (after the approver's delegation check). Agent: the packages
 * are stored on the system user and nothing is delegated; clients are added afterwards (§3.2).
 */
export function approveRequest(ctx: MockContext, requestId: string, decider: Decider, kind?: RequestKind): SystemUser {
  const request = getRequestForDecision(ctx, requestId, kind)
  checkDecider(ctx, request, decider)
  if (request.status !== 'New') throw problem(Problems.RequestStatusNotNew)
  if (ctx.state.activeSystemUsersByKey.has(systemUserKey(request.partyOrgNo, request.externalRef, request.systemId))) throw problem(Problems.SystemUserAlreadyExists)
  const system = ctx.state.systems.get(request.systemId)
  if (!system || system.isDeleted) throw problem(Problems.SystemIdNotFound)
  if (!system.name.nb) throw problem(Problems.SystemNameNotFound)
  if (request.kind === 'standard') {
    if (!rightsAreSubset(system, request.rights)) throw problem(Problems.RightsNotFoundOrNotDelegable)
    validatePackagesOnSystem(ctx, system, request.accessPackages, 'standard')
    checkDelegation(ctx, request, system, decider.pid)
  } else {
    validatePackagesOnSystem(ctx, system, request.accessPackages, 'agent')
  }
  const user = createSystemUser(ctx, {
    id: request.id,
    type: request.kind,
    system,
    reporteeOrgNo: request.partyOrgNo,
    externalRef: request.externalRef,
    integrationTitle: request.integrationTitle,
    rights: request.rights,
    accessPackages: request.accessPackages,
  })
  request.status = 'Accepted'
  request.decidedBy = decider.pid
  request.decidedAt = ctx.clock.now()
  return user
}

/** Reject a request (`Rejected`); only a New request, only by a person who may decide for its party. */
export function rejectRequest(ctx: MockContext, requestId: string, decider: Decider, kind?: RequestKind): SystemUserRequest {
  const request = getRequestForDecision(ctx, requestId, kind)
  checkDecider(ctx, request, decider)
  if (request.status !== 'New') throw problem(Problems.RequestStatusNotNew)
  request.status = 'Rejected'
  request.decidedBy = decider.pid
  request.decidedAt = ctx.clock.now()
  return request
}

/** Escalate to the organisation's access managers: `escalated=true`, status stays New. */
export function escalateRequest(ctx: MockContext, requestId: string, decider: Decider, kind?: RequestKind): SystemUserRequest {
  const request = getRequestForDecision(ctx, requestId, kind)
  checkDecider(ctx, request, decider, true)
  if (request.status !== 'New') throw problem(Problems.RequestStatusNotNew)
  request.escalated = true
  return request
}

// ---------------------------------------------------------------------------------------------------------
// Views

/** `timedOut`: computed on read from `created` and the mock's clock. */
export function isTimedOut(ctx: MockContext, request: Pick<SystemUserRequest, 'created'>): boolean {
  return request.created + REQUEST_TIMEOUT_MS < ctx.clock.now()
}

/** The portal link for a request, built fresh on every read as Altinn does. */
export function confirmUrlOf(ctx: MockContext, request: SystemUserRequest): string {
  const path = request.kind === 'agent' ? PortalPaths.agentRequest : PortalPaths.request
  return `${trimSlash(ctx.config.portalUrl)}${path}?id=${request.id}&DONTCHOOSEREPORTEE=true`
}

/** The fields both vendor shapes share; `rights` only for the standard shape. */
function toVendorView(ctx: MockContext, r: SystemUserRequest, withConfirmUrl: boolean, escalated: boolean, rights?: Right[]): AgentRequestSystemResponse & { rights?: Right[] } {
  // Built field by field rather than with spreads (this runs on every status poll); the fields keep Altinn's order.
  const view = { id: r.id, integrationTitle: r.integrationTitle, externalRef: r.externalRef, systemId: r.systemId, partyOrgNo: r.partyOrgNo } as AgentRequestSystemResponse & { rights?: Right[] }
  if (rights) view.rights = rights
  view.accessPackages = r.accessPackages
  view.status = r.status
  if (r.redirectUrl) view.redirectUrl = r.redirectUrl
  if (withConfirmUrl) view.confirmUrl = confirmUrlOf(ctx, r)
  view.escalated = escalated
  view.created = new Date(r.created).toISOString()
  view.timedOut = isTimedOut(ctx, r)
  return view
}

/**
 * The standard vendor shape. `escalated` is always false here, as Altinn's mapping does not copy it; items of
 * lists carry no `confirmUrl`.
 */
export function toRequestResponse(ctx: MockContext, r: SystemUserRequest, withConfirmUrl = true): RequestSystemResponse {
  return toVendorView(ctx, r, withConfirmUrl, false, r.rights) as RequestSystemResponse
}

/** The agent vendor shape. `realEscalated`: the by-external-ref and list reads return the stored value. */
export function toAgentRequestResponse(ctx: MockContext, r: SystemUserRequest, withConfirmUrl = true, realEscalated = false): AgentRequestSystemResponse {
  return toVendorView(ctx, r, withConfirmUrl, realEscalated ? r.escalated : false)
}
