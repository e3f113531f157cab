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
import { modelStateError, noConsumer, problem } from './errors.ts'
import { isGuid } from './identifiers.ts'
import { decodePageToken, type Page } from './paging.ts'
import { requireOwnedSystem } from './system-register.ts'
import { type RegisteredSystem, type RequestKind, type SystemUserRecord, type RequestRecord } from './state.ts'
import { createSystemUser } from './new-system-user.ts'
import type { Caller } from './tokens.ts'
import { trimStringMembers } from './trim-strings.ts'

/** Altinn: since PR #1667 (Nov 2025) a request is flagged `timedOut` on read once it is older than 180 days. */
const REQUEST_TIMEOUT_MS = 180 * 24 * 3600 * 1000

/** The outcome of a create: the request and whether it is new (201) or an existing one returned (200). */
export interface CreateResult {
  request: RequestRecord
  created: boolean
  /**
   * A new request with no title: none given and the system has no `name.nb`. Altinn's 201 then leaves
   * `integrationTitle` out (it is null), while every later read gives `""` (audit §2 D17).
   */
  untitled?: boolean
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

/**
 * Altinn's `ValidateRights` (SystemUserService.cs :643-677, :760-808; audit §2 D6): no more rights than the system
 * has; each requested right's first id:value pair must appear in some right of the system, and one of those
 * rights must match it fully: as many pairs, each of the system's pairs among the requested ones. `action` is not
 * compared. A requested right without any pair is a 500 in Altinn (an index out of range); here it matches nothing
 * (AUTH-00001).
 */
export function rightsAreSubset(system: RegisteredSystem, rights: readonly Right[]): boolean {
  if (rights.length > system.rights.length) return false
  const samePair = (a: { id: string; value: string }, b: { id: string; value: string }) => a.id === b.id && a.value === b.value
  const isFullMatch = (systemRight: Right, requested: Right) =>
    requested.resource.length === systemRight.resource.length && systemRight.resource.every((pair) => requested.resource.some((r) => samePair(pair, r)))
  return rights.every((requested) => {
    const top = requested.resource[0]
    if (!top) return false
    return system.rights.some((systemRight) => systemRight.resource.some((pair) => samePair(top, pair)) && isFullMatch(systemRight, requested))
  })
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

/**
 * Altinn: `IntegrationTitle?.Trim() ?? name["nb"]` (RequestSystemUserService.cs :145, :231; audit §2 D17): a title
 * given, even `""`, is kept; without one the system's `name.nb`, and without that none at all.
 */
function integrationTitleOf(given: string | null | undefined, system: RegisteredSystem): string | undefined {
  return given?.trim() ?? system.name.nb
}

/** Steps 2 and 3 of the create (reference §2.1): an existing system user, or the existing request back. */
function findExisting(ctx: MockContext, kind: RequestKind, vendorOrgNo: string, systemId: string, partyOrgNo: string, externalRef: string): RequestRecord | undefined {
  if (ctx.store.activeSystemUserId(partyOrgNo, externalRef, systemId)) throw problem(Problems.SystemUserAlreadyExists)
  const existing = findRequestByKey(ctx, kind, partyOrgNo, externalRef, systemId)
  const system = ctx.store.systems.get(systemId)
  if (existing && system?.vendorOrgNo === vendorOrgNo && existing.status !== 'Timedout') return existing
  return undefined
}

/** The non-deleted request of one kind with this (partyOrgNo, externalRef, systemId), if any. */
function findRequestByKey(ctx: MockContext, kind: RequestKind, partyOrgNo: string, externalRef: string, systemId: string): RequestRecord | undefined {
  const id = ctx.store.requestIdByKey(kind, partyOrgNo, externalRef, systemId)
  const request = id ? ctx.store.requests.get(id) : undefined
  return request && !request.isDeleted ? request : undefined
}

/**
 * Altinn's `ValidateExternalRequestId` (RequestSystemUserService.cs :259-283): the non-deleted **standard** request
 * with the same triple, whatever kind is being created, refuses the create by its status: AUTH-00006 Accepted,
 * AUTH-00007 New, AUTH-00008 Denied, AUTH-00009 Rejected. For an agent create this is how a standard request with
 * the triple stops it (audit §2 D4); for a standard create the vendor's own request was already returned with 200.
 */
function refuseByStandardRequest(ctx: MockContext, partyOrgNo: string, externalRef: string, systemId: string): void {
  const standard = findRequestByKey(ctx, 'standard', partyOrgNo, externalRef, systemId)
  if (!standard) return
  const byStatus = {
    Accepted: Problems.ExternalRequestIdAlreadyAccepted,
    New: Problems.ExternalRequestIdPending,
    Denied: Problems.ExternalRequestIdDenied,
    Rejected: Problems.ExternalRequestIdRejected,
  } as const
  const refusal = byStatus[standard.status as keyof typeof byStatus]
  if (refusal) throw problem(refusal)
}

/** Altinn: `external_ref` is varchar(255) in the request table. */
const MAX_EXTERNAL_REF = 255

/**
 * Store a new request. An `externalRef` longer than Altinn's column fails its insert, which its repository
 * rethrows: a 500 there (RequestRepository.cs :102-106; audit §2 D18). The mock answers AUTH-00012 (404, sic),
 * Altinn's own problem for a request that could not be stored, with the limit in `detail`, checked last as the
 * insert is: a deliberate deviation, as no call of the mock answers 500.
 */
function insertRequest(ctx: MockContext, request: RequestRecord): void {
  if (request.externalRef.length > MAX_EXTERNAL_REF)
    throw problem(Problems.RequestCouldNotBeStored, {}, `externalRef is longer than ${MAX_EXTERNAL_REF} characters.`)
  ctx.store.write((tx) => tx.put('requests', request))
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
): CreateResult {
  const title = integrationTitleOf(body.integrationTitle, system)
  const request: RequestRecord = {
    id: ctx.newId(),
    kind,
    systemId: system.id,
    partyOrgNo: body.partyOrgNo,
    externalRef,
    rights: copyData([...rights]),
    accessPackages: copyData([...accessPackages]),
    ...(body.redirectUrl ? { redirectUrl: body.redirectUrl } : {}),
    // Altinn stores a missing title as "" (RequestRepository.cs CreateRequest), what every read gives back.
    integrationTitle: title ?? '',
    status: 'New',
    escalated: false,
    created: ctx.clock.now(),
    isDeleted: false,
  }
  insertRequest(ctx, request)
  return title === undefined ? { request, created: true, untitled: true } : { request, created: true }
}

/**
 * The steps both creates share, in Altinn's order (RequestSystemUserController.cs :101-141, :154-193 and
 * RequestSystemUserService.cs; reference §2.1): the consumer (AUTH-00023), an existing system user (AUTH-00004) or
 * request of this kind for the key (returned as it is), the system (AUTH-00011), a standard request with the key
 * (AUTH-00006 to AUTH-00009), the party (AUTH-00000) and the redirect URL (AUTH-00026, AUTH-00021).
 *
 * The key's `externalRef` is the one sent, defaulted to `partyOrgNo` only when it is missing or `null`, as Altinn's
 * controller does (`ExternalRef ?? PartyOrgNo`, :111, :164): an `externalRef` of `""` finds no existing system user
 * or request, and the new request stores `partyOrgNo` in its place (audit §2 D8).
 *
 * Altinn checks the standard request (AUTH-00006 to AUTH-00009) before it checks that the system is the caller's,
 * so another vendor would learn the status of a request for a system not its own; the mock answers that vendor
 * AUTH-00011 first (a deliberate deviation, docs/altinn-differences.md).
 */
function beginCreate(
  ctx: MockContext,
  caller: Caller,
  kind: RequestKind,
  body: { systemId: string; partyOrgNo: string; externalRef?: string | null | undefined; redirectUrl?: string | null | undefined },
): { existing: RequestRecord } | { system: RegisteredSystem; externalRef: string } {
  const vendorOrgNo = requireConsumer(caller)
  const lookupRef = body.externalRef ?? body.partyOrgNo
  const existing = findExisting(ctx, kind, vendorOrgNo, body.systemId, body.partyOrgNo, lookupRef)
  if (existing) return { existing }
  const system = requireOwnedSystem(ctx, vendorOrgNo, body.systemId)
  refuseByStandardRequest(ctx, body.partyOrgNo, lookupRef, system.id)
  // Altinn's service stores `partyOrgNo` for an empty `externalRef` (RequestSystemUserService.cs CreateRequest).
  const externalRef = body.externalRef || body.partyOrgNo
  if (!getOrganisation(ctx, body.partyOrgNo)) throw problem(Problems.ReporteeOrgNoNotFound)
  // Mock only: the demo vendor's receipt page on the mock's own origin (core/demo-vendor.ts, which cites the rule).
  if (!isDemoReceiptRedirect(ctx, system.id, body.redirectUrl)) validateRedirect(system, body.redirectUrl ?? undefined)
  return { system, externalRef }
}

/**
 * `POST systemuser/request/vendor`: 201 with a new request, or 200 with the existing one for the same
 * (partyOrgNo, externalRef, systemId), whatever its status. Its strings are trimmed first, as Altinn's
 * TrimStringsActionFilter does on this route (audit §2 D7).
 */
export function createStandardRequest(ctx: MockContext, caller: Caller, given: CreateRequestSystemUser): CreateResult {
  const body = trimStringMembers(given)
  const start = beginCreate(ctx, caller, 'standard', body)
  if ('existing' in start) return { request: start.existing, created: false }
  const { system, externalRef } = start
  if (body.rights == null && body.accessPackages == null) throw problem(Problems.RightsNotFoundOrNotDelegable)
  const rights = body.rights ?? []
  const accessPackages = body.accessPackages ?? []
  if (rights.length === 0 && accessPackages.length === 0) throw problem(Problems.SystemUserMissingRightsOrAccessPackages)
  if (!rightsAreSubset(system, rights)) throw problem(Problems.RightsNotFoundOrNotDelegable)
  validatePackagesOnSystem(ctx, system, accessPackages, 'standard')

  return insertNewRequest(ctx, 'standard', system, body, externalRef, rights, accessPackages)
}

/**
 * `POST systemuser/request/vendor/agent`: like the standard create, with access packages only (§3.1). A missing or
 * `null` `accessPackages` never gets here (ASP.NET's model-state 400, audit §2 D3); `[]` is AUTH-00058.
 */
export function createAgentRequest(ctx: MockContext, caller: Caller, given: CreateAgentRequestSystemUser): CreateResult {
  const body = trimStringMembers(given)
  const start = beginCreate(ctx, caller, 'agent', body)
  if ('existing' in start) return { request: start.existing, created: false }
  const { system, externalRef } = start
  const accessPackages = body.accessPackages ?? []
  if (accessPackages.length === 0) throw problem(Problems.SystemUserMissingAccessPackage)
  validatePackagesOnSystem(ctx, system, accessPackages, 'agent')

  return insertNewRequest(ctx, 'agent', system, body, externalRef, [], accessPackages)
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

/**
 * ASP.NET's model error for a value it cannot bind as a GUID, by parameter name.
 *
 * @example
 * ```ts
 * guidError('abc', 'requestId') // { requestId: ["The value 'abc' is not valid."] }
 * ```
 */
export function guidError(value: string, name: string): Record<string, string[]> {
  return { [name]: [`The value '${value.slice(0, 100)}' is not valid.`] }
}

/** A GUID path parameter, or the 400 ASP.NET gives for a value it cannot bind. */
export function requireGuid(value: string, name: string): string {
  const id = parseGuid(value)
  if (!id) throw modelStateError(guidError(value, name))
  return id
}

/**
 * A request the vendor may read: 401 without a consumer, 404 AUTH-00010 when unknown or deleted, 404 AUTH-00011
 * when its system is not the caller's. `kind` narrows the lookup: each GET by id reads its own kind only, as
 * Altinn's `GetRequestByInternalId` and `GetAgentRequestByInternalId` filter on `systemuser_type`
 * (RequestRepository.cs :262-288, :302-328), so an agent id on the standard read is AUTH-00010 (audit §2 D2). The
 * DELETE reads either kind (Altinn's delete does not filter).
 */
export function getRequestForVendor(ctx: MockContext, caller: Caller, requestId: string, kind?: RequestKind): RequestRecord {
  const id = requireGuid(requestId, 'requestId')
  if (!caller.orgNo) throw noConsumer()
  const request = ctx.store.requests.get(id)
  if (!request || request.isDeleted || (kind && request.kind !== kind)) throw problem(Problems.RequestNotFound)
  if (ctx.store.systems.get(request.systemId)?.vendorOrgNo !== caller.orgNo) throw problem(Problems.SystemIdNotFound)
  return request
}

/** `GET .../byexternalref/{systemId}/{orgNo}/{externalRef}`: the exact triple, no default for externalRef. */
export function getRequestByExternalRef(ctx: MockContext, caller: Caller, kind: RequestKind, systemId: string, orgNo: string, externalRef: string): RequestRecord {
  if (!caller.orgNo) throw noConsumer()
  const id = ctx.store.requestIdByKey(kind, orgNo, externalRef, systemId)
  const request = id ? ctx.store.requests.get(id) : undefined
  if (!request || request.isDeleted) throw problem(Problems.RequestNotFound)
  if (ctx.store.systems.get(systemId)?.vendorOrgNo !== caller.orgNo) throw problem(Problems.SystemIdNotFound)
  return request
}

/** `GET .../bysystem/{systemId}[?token=]`: non-deleted requests of one kind for the system, by id. */
export function listRequestsForVendor(ctx: MockContext, caller: Caller, kind: RequestKind, systemId: string, token: string | undefined): Page<RequestRecord> {
  if (!caller.orgNo) throw noConsumer()
  requireOwnedSystem(ctx, caller.orgNo, systemId)
  const from = token === undefined ? undefined : decodePageToken(token, 'string')
  const items: RequestRecord[] = []
  for (const id of ctx.store.requestIdsFrom(kind, systemId, from)) {
    const r = ctx.store.requests.get(id)!
    if (r.isDeleted) continue
    if (items.length === ctx.config.pageSize) return { items, nextKey: r.id }
    items.push(r)
  }
  return { items }
}

/**
 * Soft-delete a request and free its key (a new create with the same triple then answers 201). Altinn has no
 * unique key on the triple, so two live requests can share one (a create with `externalRef: ""`, audit §2 D8, or
 * after a timed-out one); when the one that held the key goes, the newest other one takes it.
 */
export function softDeleteRequest(ctx: MockContext, request: RequestRecord): void {
  ctx.store.write((tx) => tx.put('requests', { ...request, isDeleted: true }))
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

function getRequestForDecision(ctx: MockContext, requestId: string, kind?: RequestKind): RequestRecord {
  const id = parseGuid(requestId)
  const request = id ? ctx.store.requests.get(id) : undefined
  if (!request || request.isDeleted) throw problem(kind === 'agent' ? Problems.AgentRequestNotFound : Problems.RequestNotFound)
  if (kind === 'agent' && request.kind !== 'agent') throw problem(Problems.NotAnAgentRequest)
  return request
}

/** The request, for the portal (no vendor check). */
export function getRequestForPortal(ctx: MockContext, requestId: string, kind?: RequestKind): RequestRecord {
  return getRequestForDecision(ctx, requestId, kind)
}

/** Who may decide for the request's party: AUTH-00041/00042 for another party, AUTH-00066 without the rights. */
export function checkDecider(ctx: MockContext, request: Pick<RequestRecord, 'kind' | 'partyOrgNo'>, decider: Decider, forEscalation = false): void {
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
export function decisionRightsOf(ctx: MockContext, request: Pick<RequestRecord, 'partyOrgNo'>, pid: string): 'decide' | 'escalate' | 'none' {
  if (isAccessManager(ctx, pid, request.partyOrgNo)) return 'decide'
  return isRelated(ctx, pid, request.partyOrgNo) ? 'escalate' : 'none'
}

/** The delegation check a standard approval runs for the approver (reference §4.2). */
export function checkDelegation(ctx: MockContext, request: Pick<RequestRecord, 'rights' | 'accessPackages' | 'partyOrgNo'>, pid: string): void {
  for (const right of request.rights) {
    for (const attr of right.resource) {
      const resource = ctx.store.resources.get(attr.value)
      if (!resource) throw problem(Problems.RightsNotFoundOrNotDelegable)
      if (resource.resourceType === 'MaskinportenSchema') throw problem(Problems.DelegationRightResourceIsMaskinPortenSchema)
    }
  }
  const missing = request.accessPackages.filter((p) => !mayDelegatePackage(ctx, pid, request.partyOrgNo, getPackage(ctx, p.urn)?.name ?? p.urn))
  if (missing.length) throw problem(Problems.AccessPackageDelegationMissingRequiredAccess, {}, `Missing: ${missing.map((p) => p.urn).join(', ')}.`)
}

/**
 * Approve a request: the system user is created with the request's id, and the request becomes `Accepted`.
 * Standard: the rights and packages are delegated (after the approver's delegation check). Agent: the packages
 * are stored on the system user and nothing is delegated; clients are added afterwards (§3.2).
 */
export function approveRequest(ctx: MockContext, requestId: string, decider: Decider, kind?: RequestKind): SystemUserRecord {
  const request = getRequestForDecision(ctx, requestId, kind)
  checkDecider(ctx, request, decider)
  if (request.status !== 'New') throw problem(Problems.RequestStatusNotNew)
  if (ctx.store.activeSystemUserId(request.partyOrgNo, request.externalRef, request.systemId)) throw problem(Problems.SystemUserAlreadyExists)
  // Altinn reads the system with `GetRegisteredSystemById`, deleted ones included (audit §2 D9).
  const system = ctx.store.systems.get(request.systemId)
  if (!system) throw problem(Problems.SystemIdNotFound)
  if (!system.name.nb) throw problem(Problems.SystemNameNotFound)
  if (request.kind === 'standard') {
    if (!rightsAreSubset(system, request.rights)) throw problem(Problems.RightsNotFoundOrNotDelegable)
    validatePackagesOnSystem(ctx, system, request.accessPackages, 'standard')
    checkDelegation(ctx, request, decider.pid)
  } else {
    validatePackagesOnSystem(ctx, system, request.accessPackages, 'agent')
  }
  return ctx.store.write((tx) => {
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
    tx.put('requests', { ...request, status: 'Accepted', decidedBy: decider.pid, decidedAt: ctx.clock.now() })
    return user
  })
}

/** Reject a request (`Rejected`); only a New request, only by a person who may decide for its party. */
export function rejectRequest(ctx: MockContext, requestId: string, decider: Decider, kind?: RequestKind): RequestRecord {
  const request = getRequestForDecision(ctx, requestId, kind)
  checkDecider(ctx, request, decider)
  if (request.status !== 'New') throw problem(Problems.RequestStatusNotNew)
  const rejected: RequestRecord = { ...request, status: 'Rejected', decidedBy: decider.pid, decidedAt: ctx.clock.now() }
  ctx.store.write((tx) => tx.put('requests', rejected))
  return rejected
}

/** Escalate to the organisation's access managers: `escalated=true`, status stays New. */
export function escalateRequest(ctx: MockContext, requestId: string, decider: Decider, kind?: RequestKind): RequestRecord {
  const request = getRequestForDecision(ctx, requestId, kind)
  checkDecider(ctx, request, decider, true)
  if (request.status !== 'New') throw problem(Problems.RequestStatusNotNew)
  const escalated: RequestRecord = { ...request, escalated: true }
  ctx.store.write((tx) => tx.put('requests', escalated))
  return escalated
}

// ---------------------------------------------------------------------------------------------------------
// Views

/** `timedOut`: computed on read from `created` and the mock's clock. */
export function isTimedOut(ctx: MockContext, request: Pick<RequestRecord, 'created'>): boolean {
  return request.created + REQUEST_TIMEOUT_MS < ctx.clock.now()
}

/** The portal link for a request, built fresh on every read as Altinn does. */
export function confirmUrlOf(ctx: MockContext, request: RequestRecord): string {
  const path = request.kind === 'agent' ? PortalPaths.agentRequest : PortalPaths.request
  return `${trimSlash(ctx.config.portalUrl)}${path}?id=${request.id}&DONTCHOOSEREPORTEE=true`
}

/** The fields both vendor shapes share; `rights` only for the standard shape. */
function toVendorView(ctx: MockContext, r: RequestRecord, withConfirmUrl: boolean, escalated: boolean, rights?: Right[]): AgentRequestSystemResponse & { rights?: Right[] } {
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
 * The standard vendor shape. `realEscalated`: the `bysystem` list returns the stored rows, `escalated` included
 * (RequestRepository.cs :466; audit §2 D10); the other reads map the row without it, so it is false there. Items
 * of lists carry no `confirmUrl`.
 */
export function toRequestResponse(ctx: MockContext, r: RequestRecord, withConfirmUrl = true, realEscalated = false): RequestSystemResponse {
  return toVendorView(ctx, r, withConfirmUrl, realEscalated ? r.escalated : false, r.rights) as RequestSystemResponse
}

/** The agent vendor shape. `realEscalated`: the by-external-ref and list reads return the stored value. */
export function toAgentRequestResponse(ctx: MockContext, r: RequestRecord, withConfirmUrl = true, realEscalated = false): AgentRequestSystemResponse {
  return toVendorView(ctx, r, withConfirmUrl, realEscalated ? r.escalated : false)
}
