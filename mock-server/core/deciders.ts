/**
 * Who decides when the caller names nobody: the control API (`POST /__mock/requests/{id}/approve` without `pid`,
 * the client and delete calls without one) and the inspector's forms, which preselect the same person. The first
 * seeded access manager of the organisation decides for it, and its first seeded client administrator adds and
 * removes its clients. The rights of the person so chosen are checked as anyone's: choosing does not grant them.
 *
 * @example
 * ```ts
 * const pid = deciderForRequest(mock, requestId, body.pid) // STADIG KONSERT for a request to TILFELDIG SUBTIL APE
 * approveRequest(mock, requestId, { pid })
 * ```
 */
import { Problems, type ProblemDescriptor } from 'altinn-systemuser-sdk/contract'
import type { MockContext } from './context.ts'
import { findAccessManager, findClientAdministrator } from './directory.ts'
import { problem } from './errors.ts'
import { getRequestForPortal } from './requests.ts'

/**
 * The person who decides for an organisation when none is named: its first seeded access manager.
 *
 * @example
 * ```ts
 * defaultDeciderOf(mock, '312091437') // '03827150095'
 * ```
 */
export function defaultDeciderOf(ctx: MockContext, orgNo: string): string | undefined {
  return findAccessManager(ctx, orgNo)?.pid
}

/**
 * The person who administers an organisation's clients when none is named: its first seeded client administrator.
 *
 * @example
 * ```ts
 * defaultClientAdministratorOf(mock, '310989312') // '21898450160'
 * ```
 */
export function defaultClientAdministratorOf(ctx: MockContext, orgNo: string): string | undefined {
  return findClientAdministrator(ctx, orgNo)?.pid
}

/** How the caller names the person, for the refusal's detail: `give "pid"` (a body) or `give ?pid=` (a query). */
export type NamePerson = 'give "pid"' | 'give ?pid='

/**
 * `pid` when one is named (null and undefined name nobody), else the organisation's default decider; `refusal`
 * (AUTH-00066 unless another is given) when the seed has nobody who may manage access for it.
 *
 * @example
 * ```ts
 * deciderFor(mock, user.reporteeOrgNo, query.get('pid'), 'give ?pid=', Problems.DeleteSystemUserNotOwned)
 * ```
 */
export function deciderFor(
  ctx: MockContext,
  orgNo: string,
  pid: string | null | undefined,
  namePerson: NamePerson = 'give "pid"',
  refusal: ProblemDescriptor = Problems.RequestUserIsNotAccessManager,
): string {
  if (pid != null) return pid
  const found = defaultDeciderOf(ctx, orgNo)
  if (!found) throw problem(refusal, {}, `No seeded person may manage access for ${orgNo}; ${namePerson}.`)
  return found
}

/**
 * `pid` when one is named, else the default decider of the request's party (a request of any kind; 404 when there
 * is no such request and no `pid`: the decision itself answers that case when a person is named).
 *
 * @example
 * ```ts
 * approveRequest(mock, id, { pid: deciderForRequest(mock, id, body.pid) })
 * ```
 */
export function deciderForRequest(ctx: MockContext, requestId: string, pid: string | null | undefined): string {
  if (pid != null) return pid
  return deciderFor(ctx, getRequestForPortal(ctx, requestId).partyOrgNo, undefined)
}

/**
 * `pid` when one is named, else the organisation's default client administrator; AUTH-00044 when the seed has none.
 *
 * @example
 * ```ts
 * addClient(mock, user.id, body.orgNo, clientAdministratorFor(mock, user.reporteeOrgNo, body.pid))
 * ```
 */
export function clientAdministratorFor(ctx: MockContext, orgNo: string, pid: string | null | undefined, namePerson: NamePerson = 'give "pid"'): string {
  if (pid != null) return pid
  const found = defaultClientAdministratorOf(ctx, orgNo)
  if (!found) throw problem(Problems.AgentSystemUserFailedToGetClientsForbidden, {}, `No seeded person administers clients for ${orgNo}; ${namePerson}.`)
  return found
}
