/**
 * A decision posted from one of the portal's approval pages, with its checks in the order the portal makes them:
 * the request behind the page (of the page's kind: 404 AUTH-00010 or AUTH-00030, AUTH-00025), then, for a person
 * who may act on it at all, that it is still open (409 AUTH-00013: a decided or timed-out request is closed), then
 * the decision's own rules (the party the page was shown for, the person's rights, the delegation check). A person
 * with no relation to the party learns nothing about the request's standing: they get AUTH-00066.
 *
 * Altinn: the access-management BFF's `request/{partyId}/{requestId}/approve|reject` and the change-request
 * twins, which post the party the page was shown for with the decision.
 *
 * @example
 * ```ts
 * const request = decideInPortal(mock, 'standard', id, 'approve', { pid: '03827150095', actingForOrgNo: '312091437' })
 * request.redirectUrl // where the portal sends the person next
 * ```
 */
import { approveChangeRequest, getChangeRequestForPortal, rejectChangeRequest } from './change-requests.ts'
import type { MockContext } from './context.ts'
import { assertRequestOpen, getRequestOfKind } from './portal-queries.ts'
import { approveRequest, decisionRightsOf, escalateRequest, rejectRequest, type Decider } from './requests.ts'
import type { ChangeRequest, RequestKind, RequestRecord } from './state.ts'

/** Who posts the decision: the person, and the party the page was shown for (else the one the session acts for). */
export interface PortalDecider {
  pid: string
  actingForOrgNo?: string | undefined
}

function deciderOf(who: PortalDecider): Decider {
  return { pid: who.pid, ...(who.actingForOrgNo ? { actingForOrgNo: who.actingForOrgNo } : {}) }
}

/**
 * Approve, reject or escalate a request from its approval page. Answers the request as it was read before the
 * decision (its id and `redirectUrl` are what the page needs next).
 *
 * @example
 * ```ts
 * decideInPortal(mock, 'agent', id, 'escalate', { pid: '14919050099' })
 * ```
 */
export function decideInPortal(ctx: MockContext, kind: RequestKind, requestId: string, action: 'approve' | 'reject' | 'escalate', who: PortalDecider): RequestRecord {
  const request = getRequestOfKind(ctx, requestId, kind)
  const decider = deciderOf(who)
  // A timed-out request is closed even while its stored status is New; refuse only once the person may act.
  if (decisionRightsOf(ctx, request, who.pid) !== 'none') assertRequestOpen(ctx, request)
  if (action === 'escalate') escalateRequest(ctx, request.id, decider, kind)
  else if (action === 'approve') approveRequest(ctx, request.id, decider, kind)
  else rejectRequest(ctx, request.id, decider, kind)
  return request
}

/**
 * Approve or reject a change request from its page (there is no forwarding of change requests). Answers the change
 * request as it was read before the decision.
 *
 * @example
 * ```ts
 * decideChangeInPortal(mock, id, 'approve', { pid: '03827150095', actingForOrgNo: '312091437' })
 * ```
 */
export function decideChangeInPortal(ctx: MockContext, requestId: string, action: 'approve' | 'reject', who: PortalDecider): ChangeRequest {
  const request = getChangeRequestForPortal(ctx, requestId)
  const decider = deciderOf(who)
  if (decisionRightsOf(ctx, request, who.pid) !== 'none') assertRequestOpen(ctx, request)
  if (action === 'approve') approveChangeRequest(ctx, request.id, decider)
  else rejectChangeRequest(ctx, request.id, decider)
  return request
}
