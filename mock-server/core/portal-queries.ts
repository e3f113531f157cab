/**
 * What the portal pages ask the domain (reference §4 and §5): which system users an organisation has, which
 * clients may be added to an agent system user, which requests wait for a decision, who may see what. Pure
 * reads; the decisions themselves are in `requests.ts` and `system-users.ts`.
 *
 * Altinn: the portal's BFF (`accessmanagement/api/v1/systemuser/...`) and the backend routes it calls.
 */
import { Problems } from 'altinn-systemuser-sdk/contract'
import type { MockContext } from './context.ts'
import { clientRelationsOf, getOrganisation, isAccessManager, isClientAdministrator, packagesOfRelation } from './directory.ts'
import { problem } from './errors.ts'
import { getRequestForPortal } from './requests.ts'
import { packageName, type Organisation, type RequestKind, type SystemUserRecord, type RequestRecord } from './state.ts'

/**
 * The active system users an organisation owns, standard and agent, oldest first (Altinn: `GET {party}` and
 * `GET agent/{party}`, both list only non-deleted ones).
 *
 * @example
 * ```ts
 * const { standard, agent } = listSystemUsersOfOrganisation(mock, '312091437')
 * ```
 */
export function listSystemUsersOfOrganisation(ctx: MockContext, orgNo: string): { standard: SystemUserRecord[]; agent: SystemUserRecord[] } {
  const standard: SystemUserRecord[] = []
  const agent: SystemUserRecord[] = []
  for (const u of ctx.store.systemUsers.values()) {
    if (u.isDeleted || u.reporteeOrgNo !== orgNo) continue
    ;(u.type === 'agent' ? agent : standard).push(u)
  }
  const bySequence = (a: SystemUserRecord, b: SystemUserRecord) => a.sequenceNo - b.sequenceNo
  return { standard: standard.sort(bySequence), agent: agent.sort(bySequence) }
}

/** A client the facilitator may add to an agent system user, and whether it is already added. */
export interface EligibleClient {
  organisation: Organisation
  added: boolean
}

/**
 * The facilitator's clients whose relationship covers every access package of the agent system user: the list
 * behind "Legg til klient" (Altinn: `GET systemuser/agent/{party}/clients?facilitator=&packages=`, which Access
 * Management filters by the packages; a client missing one of them would be refused with AUTH-00080).
 *
 * @example
 * ```ts
 * listEligibleClients(mock, agentSystemUser).map((c) => c.organisation.name)
 * ```
 */
export function listEligibleClients(ctx: MockContext, user: SystemUserRecord): EligibleClient[] {
  if (user.type !== 'agent' || user.accessPackages.length === 0) return []
  const added = ctx.store.clientDelegations.get(user.id)
  const result: EligibleClient[] = []
  for (const relation of clientRelationsOf(ctx, user.reporteeOrgNo)) {
    const held = packagesOfRelation(ctx, relation)
    if (!user.accessPackages.every((p) => held.has(packageName(p.urn)))) continue
    const organisation = getOrganisation(ctx, relation.clientOrgNo)
    if (organisation) result.push({ organisation, added: added?.has(relation.clientOrgNo) ?? false })
  }
  return result
}

/**
 * The request behind a portal page of one kind. The standard page (`systemuser/request`) does not show agent
 * requests (404 AUTH-00010, as Altinn's `GET {requestId}` finds only standard ones); the agent page answers a
 * standard request with AUTH-00025.
 *
 * @example
 * ```ts
 * getRequestOfKind(mock, id, 'agent')
 * ```
 */
export function getRequestOfKind(ctx: MockContext, requestId: string, kind: RequestKind): RequestRecord {
  const request = getRequestForPortal(ctx, requestId, kind)
  if (kind === 'standard' && request.kind !== 'standard') throw problem(Problems.RequestNotFound)
  return request
}

/** How a request stands for the person who opens it: still open, or decided (and how), or expired. */
export type RequestStanding = 'open' | 'accepted' | 'rejected' | 'denied' | 'expired'

/**
 * The request's standing as the approval page shows it. Altinn flags a request older than 180 days as timed
 * out on read (PR #1667) without changing its status; approve and reject check only `status == New`, and the
 * approval UI shows "expired" only for the status `Timedout`. So a flagged request is still open here, as there.
 *
 * @example
 * ```ts
 * standingOf(mock, request) // 'open'
 * ```
 */
export function standingOf(_ctx: MockContext, request: { readonly status: string }): RequestStanding {
  switch (request.status) {
    case 'Accepted':
      return 'accepted'
    case 'Rejected':
      return 'rejected'
    case 'Denied':
      return 'denied'
    case 'Timedout':
      return 'expired'
    default:
      return 'open'
  }
}

/**
 * Refuse a decision on a request that is no longer open (409 AUTH-00013).
 *
 * @example
 * ```ts
 * assertRequestOpen(mock, request) // throws AUTH-00013 once the request is decided
 * ```
 */
export function assertRequestOpen(ctx: MockContext, request: { readonly status: string }): void {
  if (standingOf(ctx, request) !== 'open') throw problem(Problems.RequestStatusNotNew)
}

/**
 * Requests waiting for the organisation's access managers: every open standard request, and agent requests only
 * once escalated (Altinn: `GET {party}/{orgno}/pending` and `GET agent/{party}/{orgno}/pending`).
 *
 * @example
 * ```ts
 * listPendingRequestsOf(mock, '312091437').map((r) => r.id)
 * ```
 */
export function listPendingRequestsOf(ctx: MockContext, orgNo: string): RequestRecord[] {
  const result: RequestRecord[] = []
  for (const r of ctx.store.requests.values()) {
    if (r.isDeleted || r.partyOrgNo !== orgNo || standingOf(ctx, r) !== 'open') continue
    if (r.kind === 'agent' && !r.escalated) continue
    result.push(r)
  }
  return result.sort((a, b) => a.created - b.created)
}

/**
 * Whether the person may see the organisation's system users: its access managers (`AccessManagementRead`) and
 * client administrators (`SystemUserOverviewRead` covers the agent ones they manage).
 *
 * @example
 * ```ts
 * mayViewSystemUsers(mock, '03827150095', '312091437') // true
 * ```
 */
export function mayViewSystemUsers(ctx: MockContext, pid: string, orgNo: string): boolean {
  return isAccessManager(ctx, pid, orgNo) || isClientAdministrator(ctx, pid, orgNo)
}

/**
 * A system user owned by the organisation the person acts for: 404 AUTH-00015 otherwise (Altinn answers 404
 * when the system user's party is not the one in the path).
 *
 * @example
 * ```ts
 * getSystemUserOfOrganisation(mock, id, '312091437')
 * ```
 */
export function getSystemUserOfOrganisation(ctx: MockContext, systemUserId: string, orgNo: string): SystemUserRecord {
  const user = ctx.store.systemUsers.get(systemUserId.toLowerCase())
  if (!user || user.isDeleted || user.reporteeOrgNo !== orgNo) throw problem(Problems.SystemUserNotFound)
  return user
}
