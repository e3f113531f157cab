/**
 * The whole state as the control API's `GET /__mock/state` shows it and the inspector reads it: systems, requests of
 * every kind and status (with the values computed on read: `timedOut`, `confirmUrl`), change requests, system users,
 * client delegations, and the mock's time.
 *
 * @example
 * ```ts
 * stateView(mock).requests.filter((r) => r.status === 'New').map((r) => r.confirmUrl)
 * ```
 */
import type { MockAltinn } from '../core/mock-altinn.ts'
import * as changes from '../core/change-requests.ts'
import * as requests from '../core/requests.ts'
import * as users from '../core/system-users.ts'

/** The whole state, as `/__mock/state` shows it. */
export function stateView(mock: MockAltinn) {
  const s = mock.store
  return {
    now: new Date(mock.clock.now()).toISOString(),
    systems: [...s.systems.values()].map((x) => ({
      id: x.id,
      internalId: x.internalId,
      vendorOrgNo: x.vendorOrgNo,
      name: x.name,
      rights: x.rights,
      accessPackages: x.accessPackages,
      clientId: x.clientIds,
      allowedRedirectUrls: x.allowedRedirectUrls,
      isVisible: x.isVisible,
      isDeleted: x.isDeleted,
    })),
    requests: [...s.requests.values()].map((r) => ({
      id: r.id,
      kind: r.kind,
      systemId: r.systemId,
      partyOrgNo: r.partyOrgNo,
      externalRef: r.externalRef,
      rights: r.rights,
      accessPackages: r.accessPackages,
      status: r.status,
      escalated: r.escalated,
      timedOut: requests.isTimedOut(mock, r),
      isDeleted: r.isDeleted,
      redirectUrl: r.redirectUrl ?? null,
      confirmUrl: requests.confirmUrlOf(mock, r),
      created: new Date(r.created).toISOString(),
      decidedBy: r.decidedBy ?? null,
    })),
    changeRequests: [...s.changeRequests.values()].map((r) => ({
      ...changes.toChangeRequestResponse(mock, r, 'list'),
      confirmUrl: changes.changeRequestConfirmUrlOf(mock, r),
      isDeleted: r.isDeleted,
      decidedBy: r.decidedBy ?? null,
    })),
    systemUsers: [...s.systemUsers.values()].map((u) => ({
      ...users.toSystemUserExternalDTO(u),
      rights: u.rights,
      accessPackages: u.accessPackages,
      sequenceNo: u.sequenceNo,
    })),
    clientDelegations: [...s.clientDelegations.entries()].flatMap(([systemUserId, clients]) =>
      [...clients.values()].map((c) => ({ systemUserId, clientOrgNo: c.clientOrgNo, addedAt: new Date(c.addedAt).toISOString(), addedBy: c.addedBy ?? null })),
    ),
  }
}
