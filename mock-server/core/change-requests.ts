/**
 * Change requests (reference §10): the vendor asks the owner of an existing standard system user to add rights or
 * access packages ("required") and to take others away ("unwanted"); an access manager of the owner approves or
 * rejects, with the same pattern as a request (§4). An approved change takes effect at once: the system user's
 * rights and packages become (current + required) − unwanted, and every token check reads them from the state.
 *
 * Altinn: ChangeRequestSystemUserController + ChangeRequestSystemUserService + ChangeRequestRepository.
 */
import {
  PortalPaths,
  Problems,
  type AccessPackage,
  type ChangeRequestResponse,
  type ChangeRequestSystemUser,
  type Right,
} from 'altinn-systemuser-sdk/contract'
import { trimSlash, type MockContext } from './context.ts'
import { copyData } from './copy-data.ts'
import { getOrganisation } from './directory.ts'
import { AspNetError, modelStateError, noConsumer, problem, UnauthorizedError } from './errors.ts'
import { decodePageToken, type Page } from './paging.ts'
import {
  checkDecider,
  checkDelegation,
  guidError,
  isTimedOut,
  parseGuid,
  requireGuid,
  rightsAreSubset,
  validatePackagesOnSystem,
  validateRedirect,
  type Decider,
} from './requests.ts'
import { requireOwnedSystem, rightKey } from './system-register.ts'
import type { ChangeRequest, SystemUserRecord } from './state.ts'
import { getActiveSystemUser } from './system-users.ts'
import type { Caller } from './tokens.ts'
import { trimStringMembers } from './trim-strings.ts'

/** Altinn's answer to a missing (or all-zero) `correlation-id`, a plain-text 400. */
export const MISSING_CORRELATION_ID =
  'Missing or invalid QueryParameter: correlation-id. Generate a unique UUID (RFC 4122) for this Change Request, and add as a Query Parameter.'

/** Altinn's answer when the `correlation-id` is the system user's own id, a plain-text 400. */
export const CORRELATION_ID_IS_SYSTEM_USER_ID = 'The correlation-id should not be the same as the system-user-id. Generate a unique id.'

/** `Guid.Empty`, what ASP.NET binds for a `Guid` query parameter that is left out. */
const EMPTY_GUID = '00000000-0000-0000-0000-000000000000'

/** The two query parameters of the create, as the vendor sent them (names matched case-insensitively by the route). */
export interface ChangeRequestTarget {
  correlationId?: string | undefined
  systemUserId?: string | undefined
}

/**
 * The outcome of a create: a new change request (201), the existing one for the correlation id (200), or, when
 * all four lists are empty, `NoChangeNeeded` at once (200, nothing stored).
 */
export type CreateChangeRequestResult =
  | { outcome: 'created' | 'existing'; request: ChangeRequest }
  | { outcome: 'noChangeNeeded'; response: ChangeRequestResponse }

/**
 * ASP.NET binds `[FromQuery] Guid`: a value it cannot read is a model error (400, every bad parameter named); a
 * missing one is `Guid.Empty`, returned here as undefined.
 */
function bindGuids(target: ChangeRequestTarget): { correlationId?: string; systemUserId?: string } {
  const errors: Record<string, string[]> = {}
  const bound: { correlationId?: string; systemUserId?: string } = {}
  for (const [key, name] of [['correlationId', 'correlation-id'], ['systemUserId', 'system-user-id']] as const) {
    const value = target[key]
    if (!value) continue
    const id = parseGuid(value)
    if (!id) Object.assign(errors, guidError(value, name))
    else if (id !== EMPTY_GUID) bound[key] = id
  }
  if (Object.keys(errors).length) throw modelStateError(errors)
  return bound
}

/** The four lists of the body; Altinn defaults each to `[]` (a `null` is taken as empty here rather than a 500). */
function listsOf(body: ChangeRequestSystemUser) {
  return {
    requiredRights: body.requiredRights ?? [],
    unwantedRights: body.unwantedRights ?? [],
    requiredAccessPackages: body.requiredAccessPackages ?? [],
    unwantedAccessPackages: body.unwantedAccessPackages ?? [],
  }
}

function vendorOwns(ctx: MockContext, vendorOrgNo: string, systemId: string): boolean {
  return ctx.store.systems.get(systemId)?.vendorOrgNo === vendorOrgNo
}

/**
 * `POST systemuser/changerequest/vendor?correlation-id=&system-user-id=`, in Altinn's order: the correlation id
 * (plain-text 400), the consumer (401), the system user (404 AUTH-00015 when unknown or deleted), the correlation
 * id against the system user's id (plain-text 400), the caller as the system's vendor (401), four empty lists
 * (`NoChangeNeeded`, 200), the existing change request of this correlation id (200, whatever its status), then
 * the rules of a new one: a standard system user only (AUTH-00015), a correlation id another vendor's change
 * request holds (AUTH-00007 while New, 409 AUTH-00061 after), the system (AUTH-00011), the owner (AUTH-00000),
 * the redirect URL (AUTH-00026, AUTH-00021), the required rights (AUTH-00001) and packages (AUTH-00063, AUTH-00064).
 * The body's `redirectUrl` is trimmed first, as Altinn's TrimStringsActionFilter does on this route (audit §2 D7);
 * a soft-deleted system still takes change requests, as in Altinn (audit §2 D9).
 *
 * @example
 * ```ts
 * const result = createChangeRequest(mock, caller, { correlationId: randomUUID(), systemUserId: user.id }, { requiredRights: [right] })
 * if (result.outcome === 'created') result.request.status // 'New'
 * ```
 */
export function createChangeRequest(ctx: MockContext, caller: Caller, target: ChangeRequestTarget, given: ChangeRequestSystemUser): CreateChangeRequestResult {
  const body = trimStringMembers(given)
  const { correlationId, systemUserId } = bindGuids(target)
  if (!correlationId) throw new AspNetError(400, { text: MISSING_CORRELATION_ID })
  if (!caller.orgNo) throw noConsumer()
  // Altinn: GetSingleSystemUserById reads non-deleted system users of either type.
  const user = systemUserId ? ctx.store.systemUsers.get(systemUserId) : undefined
  if (!user || user.isDeleted) throw problem(Problems.SystemUserNotFound)
  if (correlationId === user.id) throw new AspNetError(400, { text: CORRELATION_ID_IS_SYSTEM_USER_ID })
  // Altinn: only the vendor of the system the system user is based on may ask; anyone else gets a bodiless 401.
  if (user.supplierOrgNo !== caller.orgNo) throw new UnauthorizedError('only the vendor of the system the system user is based on may ask for a change')

  const lists = listsOf(body)
  if (!lists.requiredRights.length && !lists.unwantedRights.length && !lists.requiredAccessPackages.length && !lists.unwantedAccessPackages.length) {
    return { outcome: 'noChangeNeeded', response: noChangeNeededResponse(user, correlationId, body.redirectUrl) }
  }

  // Altinn's controller returns the change request of this correlation id as it stands (New, Accepted, Rejected)
  // before any rule of the create, when the caller may read it; its service's AUTH-00061 is reached only when
  // the id is held by a change request the caller may not read (another vendor's).
  const existing = ctx.store.changeRequests.get(correlationId)
  if (existing && !existing.isDeleted && vendorOwns(ctx, caller.orgNo, existing.systemId)) return { outcome: 'existing', request: existing }

  // Altinn: "For now we don't support ChangeRequests for an Agent SystemUser".
  if (user.type !== 'standard') throw problem(Problems.SystemUserNotFound)
  if (existing) {
    // A deleted change request keeps its id in Altinn's table, so the insert would fail on the primary key (a
    // 500 there); the mock answers what the vendor must do instead: use a new correlation id.
    if (existing.isDeleted) throw problem(Problems.ChangeRequestStatusNotNewUseCorrelationId, {}, 'A deleted change request had this correlation-id.')
    throw problem(existing.status === 'New' ? Problems.ExternalRequestIdPending : Problems.ChangeRequestStatusNotNewUseCorrelationId)
  }
  const system = requireOwnedSystem(ctx, caller.orgNo, user.systemId)
  if (!getOrganisation(ctx, user.reporteeOrgNo)) throw problem(Problems.ReporteeOrgNoNotFound)
  validateRedirect(system, body.redirectUrl ?? undefined)
  // Altinn: only the required lists are checked against the system; anything may be unwanted.
  if (lists.requiredRights.length && !rightsAreSubset(system, lists.requiredRights)) throw problem(Problems.RightsNotFoundOrNotDelegable)
  if (lists.requiredAccessPackages.length) validatePackagesOnSystem(ctx, system, lists.requiredAccessPackages, 'standard')

  const request: ChangeRequest = {
    id: correlationId,
    systemId: user.systemId,
    systemUserId: user.id,
    partyOrgNo: user.reporteeOrgNo,
    externalRef: user.externalRef,
    requiredRights: copyData(lists.requiredRights),
    unwantedRights: copyData(lists.unwantedRights),
    requiredAccessPackages: copyData(lists.requiredAccessPackages),
    unwantedAccessPackages: copyData(lists.unwantedAccessPackages),
    ...(body.redirectUrl ? { redirectUrl: body.redirectUrl } : {}),
    status: 'New',
    created: ctx.clock.now(),
    isDeleted: false,
  }
  ctx.store.write((tx) => tx.put('changeRequests', request))
  return { outcome: 'created', request }
}

/**
 * Altinn's `NoChangeNeeded` answer: built from the system user, never stored (a later read of its id is 404
 * AUTH-00010), with an empty `confirmUrl` and `created` left at .NET's default date.
 */
function noChangeNeededResponse(user: SystemUserRecord, correlationId: string, redirectUrl: string | null | undefined): ChangeRequestResponse {
  return {
    id: correlationId,
    externalRef: user.externalRef,
    systemId: user.systemId,
    systemUserId: user.id,
    partyOrgNo: user.reporteeOrgNo,
    requiredRights: [],
    unwantedRights: [],
    requiredAccessPackages: [],
    unwantedAccessPackages: [],
    status: 'NoChangeNeeded',
    ...(redirectUrl != null ? { redirectUrl } : {}),
    confirmUrl: '',
    created: '0001-01-01T00:00:00',
    timedOut: false,
  }
}

// ---------------------------------------------------------------------------------------------------------
// The vendor's reads and delete

/**
 * A change request the vendor may read: 400 for an id that is not a GUID, 401 without a consumer, 404 AUTH-00010
 * when unknown or deleted, 404 AUTH-00011 when its system is not the caller's.
 *
 * @example
 * ```ts
 * getChangeRequestForVendor(mock, caller, id).status // 'New'
 * ```
 */
export function getChangeRequestForVendor(ctx: MockContext, caller: Caller, requestId: string): ChangeRequest {
  const id = requireGuid(requestId, 'requestId')
  if (!caller.orgNo) throw noConsumer()
  const request = ctx.store.changeRequests.get(id)
  if (!request || request.isDeleted) throw problem(Problems.RequestNotFound)
  if (!vendorOwns(ctx, caller.orgNo, request.systemId)) throw problem(Problems.SystemIdNotFound)
  return request
}

/**
 * `GET changerequest/vendor/byexternalref/{systemId}/{orgNo}/{externalRef}`: the exact triple of the system user
 * it changes (no default for externalRef), the oldest non-deleted one when there are several (Altinn reads the
 * first row of a query without order).
 *
 * @example
 * ```ts
 * getChangeRequestByExternalRef(mock, caller, '318882703_smartcloud', '312091437', '312091437')
 * ```
 */
export function getChangeRequestByExternalRef(ctx: MockContext, caller: Caller, systemId: string, orgNo: string, externalRef: string): ChangeRequest {
  if (!caller.orgNo) throw noConsumer()
  let found: ChangeRequest | undefined
  for (const r of ctx.store.changeRequests.values()) {
    if (r.isDeleted || r.systemId !== systemId || r.partyOrgNo !== orgNo || r.externalRef !== externalRef) continue
    if (!found || r.created < found.created) found = r
  }
  if (!found) throw problem(Problems.RequestNotFound)
  if (!vendorOwns(ctx, caller.orgNo, systemId)) throw problem(Problems.SystemIdNotFound)
  return found
}

/**
 * `GET changerequest/vendor/bysystem/{systemId}[?token=]`: non-deleted change requests of the system (every
 * status), by id, paged as the request lists are (the token names the first item of the next page, so nothing
 * is skipped). 404 AUTH-00011 when the system is unknown or not the caller's; a soft-deleted system is listed as
 * in Altinn (audit §2 D9).
 *
 * Altinn ignores `token` here: its service never passes it on (ChangeRequestSystemUserService.cs :467-489) and its
 * query has no id filter and no ORDER BY (ChangeRequestRepository.cs `GetAllChangeRequestsBySystem`), yet
 * `links.next` is set whenever more than a page exists, so a client that follows `next` reads the first page
 * forever (audit §2 D11). The mock pages for real instead: a deliberate deviation (docs/altinn-differences.md), so
 * a vendor's paging loop ends here; against Altinn, stop when a page repeats.
 *
 * @example
 * ```ts
 * const page = listChangeRequestsForVendor(mock, caller, '318882703_smartcloud', undefined)
 * page.items.length // up to the page size
 * ```
 */
export function listChangeRequestsForVendor(ctx: MockContext, caller: Caller, systemId: string, token: string | undefined): Page<ChangeRequest> {
  if (!caller.orgNo) throw noConsumer()
  requireOwnedSystem(ctx, caller.orgNo, systemId)
  const from = token === undefined ? undefined : decodePageToken(token, 'string')
  // Change requests are few next to requests; a scan per page keeps the state free of another index.
  const matching: ChangeRequest[] = []
  for (const r of ctx.store.changeRequests.values()) if (!r.isDeleted && r.systemId === systemId && (from === undefined || r.id >= from)) matching.push(r)
  matching.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const size = ctx.config.pageSize
  return matching.length > size ? { items: matching.slice(0, size), nextKey: matching[size]!.id } : { items: matching }
}

/**
 * `DELETE changerequest/vendor/{id}`: soft delete, 202. Altinn checks no ownership here (as for requests); the
 * mock answers another vendor's id with 404 AUTH-00011 so that a vendor's tests never rely on that gap.
 *
 * @example
 * ```ts
 * deleteChangeRequestForVendor(mock, caller, id)
 * ```
 */
export function deleteChangeRequestForVendor(ctx: MockContext, caller: Caller, requestId: string): void {
  const request = getChangeRequestForVendor(ctx, caller, requestId)
  ctx.store.write((tx) => tx.put('changeRequests', { ...request, isDeleted: true }))
}

// ---------------------------------------------------------------------------------------------------------
// The end user's decisions (portal and control API share these)

/**
 * The non-deleted change request with this id (a GUID in any form ASP.NET binds), if any.
 *
 * @example
 * ```ts
 * if (findChangeRequest(mock, id)) approveChangeRequest(mock, id, { pid })
 * ```
 */
export function findChangeRequest(ctx: MockContext, requestId: string): ChangeRequest | undefined {
  const id = parseGuid(requestId)
  const request = id ? ctx.store.changeRequests.get(id) : undefined
  return request && !request.isDeleted ? request : undefined
}

/**
 * The change request behind the portal page and the decisions: 404 AUTH-00010 when unknown or deleted.
 *
 * @example
 * ```ts
 * getChangeRequestForPortal(mock, p.query.get('id') ?? '')
 * ```
 */
export function getChangeRequestForPortal(ctx: MockContext, requestId: string): ChangeRequest {
  const request = findChangeRequest(ctx, requestId)
  if (!request) throw problem(Problems.RequestNotFound)
  return request
}

/** The owner's party as the request rules see it (a change request is always for a standard system user). */
function partyOf(request: ChangeRequest) {
  return { kind: 'standard' as const, partyOrgNo: request.partyOrgNo }
}

function withoutKeys<T>(items: readonly T[], keyOf: (item: T) => string, drop: ReadonlySet<string>): T[] {
  return items.filter((item) => !drop.has(keyOf(item)))
}

/** (current + required) − unwanted, each item once, in the order current, then added. */
function changed<T>(current: readonly T[], required: readonly T[], unwanted: readonly T[], keyOf: (item: T) => string): T[] {
  const held = new Set(current.map(keyOf))
  const added = required.filter((item) => {
    const key = keyOf(item)
    if (held.has(key)) return false
    held.add(key)
    return true
  })
  return copyData(withoutKeys([...current, ...added], keyOf, new Set(unwanted.map(keyOf))))
}

const packageKey = (p: AccessPackage) => p.urn

/**
 * Approve a change request: by a person who may decide for the system user's owner (AUTH-00041 for another
 * party, AUTH-00066 without the rights), only while `New` (409 AUTH-00013), for a system that is registered
 * (AUTH-00011; a soft-deleted one counts) and a system user that is still active (AUTH-00015), after the approver's delegation check of what
 * is added (as for a request, §4.2). The system user's rights and packages become (current + required) −
 * unwanted; the change request becomes `Accepted`.
 *
 * @example
 * ```ts
 * const user = approveChangeRequest(mock, id, { pid: '03827150095' })
 * user.rights // now with the required rights, without the unwanted ones
 * ```
 */
export function approveChangeRequest(ctx: MockContext, requestId: string, decider: Decider): SystemUserRecord {
  const request = getChangeRequestForPortal(ctx, requestId)
  checkDecider(ctx, partyOf(request), decider)
  if (request.status !== 'New') throw problem(Problems.RequestStatusNotNew)
  // Altinn reads the system with `GetRegisteredSystemById`, deleted ones included (audit §2 D9).
  const system = ctx.store.systems.get(request.systemId)
  if (!system) throw problem(Problems.SystemIdNotFound)
  const user = getActiveSystemUser(ctx, request.systemUserId)
  // Altinn checks the approver may delegate the required rights, and the required packages the system user does
  // not hold yet (a check with none would degenerate into one of every package of the system).
  const held = new Set(user.accessPackages.map(packageKey))
  const packagesToAdd = request.requiredAccessPackages.filter((p) => !held.has(packageKey(p)))
  checkDelegation(ctx, { rights: request.requiredRights, accessPackages: packagesToAdd, partyOrgNo: request.partyOrgNo }, decider.pid)

  const changedUser: SystemUserRecord = {
    ...user,
    rights: changed<Right>(user.rights, request.requiredRights, request.unwantedRights, rightKey),
    accessPackages: changed(user.accessPackages, request.requiredAccessPackages, request.unwantedAccessPackages, packageKey),
  }
  ctx.store.write((tx) => {
    tx.put('systemUsers', changedUser)
    tx.put('changeRequests', { ...request, status: 'Accepted', decidedBy: decider.pid, decidedAt: ctx.clock.now() })
  })
  return changedUser
}

/**
 * Reject a change request (`Rejected`): only while `New` (409 AUTH-00013), only by a person who may decide for
 * the system user's owner. The system user is left as it was.
 *
 * @example
 * ```ts
 * rejectChangeRequest(mock, id, { pid: '03827150095' }).status // 'Rejected'
 * ```
 */
export function rejectChangeRequest(ctx: MockContext, requestId: string, decider: Decider): ChangeRequest {
  const request = getChangeRequestForPortal(ctx, requestId)
  checkDecider(ctx, partyOf(request), decider)
  if (request.status !== 'New') throw problem(Problems.RequestStatusNotNew)
  const rejected: ChangeRequest = { ...request, status: 'Rejected', decidedBy: decider.pid, decidedAt: ctx.clock.now() }
  ctx.store.write((tx) => tx.put('changeRequests', rejected))
  return rejected
}

// ---------------------------------------------------------------------------------------------------------
// Views

/**
 * The portal link for a change request, built fresh on every read as Altinn does.
 *
 * @example
 * ```ts
 * changeRequestConfirmUrlOf(mock, request) // 'http://127.0.0.1:5101/accessmanagement/ui/systemuser/changerequest?id=…&DONTCHOOSEREPORTEE=true'
 * ```
 */
export function changeRequestConfirmUrlOf(ctx: MockContext, request: ChangeRequest): string {
  return `${trimSlash(ctx.config.portalUrl)}${PortalPaths.changeRequest}?id=${request.id}&DONTCHOOSEREPORTEE=true`
}

/**
 * Which read a view is for; Altinn maps each one differently:
 * - `single` (the create and `GET vendor/{id}`): every field and `confirmUrl`, but `timedOut` is not copied
 *   (always false);
 * - `byExternalRef`: as `single`, and the two package lists are not copied either (always `[]`);
 * - `list`: the stored row as it is read, with `timedOut` set after 180 days and no `confirmUrl`.
 */
export type ChangeRequestRead = 'single' | 'byExternalRef' | 'list'

/**
 * The vendor's view of a change request (`ChangeRequestResponse`), with Altinn's field order.
 *
 * @example
 * ```ts
 * json(200, toChangeRequestResponse(mock, request, 'single'))
 * ```
 */
export function toChangeRequestResponse(ctx: MockContext, r: ChangeRequest, read: ChangeRequestRead): ChangeRequestResponse {
  const withPackages = read !== 'byExternalRef'
  return {
    id: r.id,
    externalRef: r.externalRef,
    systemId: r.systemId,
    systemUserId: r.systemUserId,
    partyOrgNo: r.partyOrgNo,
    requiredRights: r.requiredRights,
    unwantedRights: r.unwantedRights,
    requiredAccessPackages: withPackages ? r.requiredAccessPackages : [],
    unwantedAccessPackages: withPackages ? r.unwantedAccessPackages : [],
    status: r.status,
    ...(r.redirectUrl ? { redirectUrl: r.redirectUrl } : {}),
    ...(read !== 'list' ? { confirmUrl: changeRequestConfirmUrlOf(ctx, r) } : {}),
    created: new Date(r.created).toISOString(),
    timedOut: read === 'list' ? isTimedOut(ctx, r) : false,
  }
}
