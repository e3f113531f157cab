/**
 * System users (reference §4.3, §4.4, §5, §6): created by approval or self-service, listed and looked up by the
 * vendor, found by Maskinporten when it issues a token, deleted by the end user, and (agent) given clients.
 *
 * Altinn: SystemUserService, SystemUserController, SystemUserClientDelegationController.
 */
import { Problems, type SystemUserExternalDTO } from 'altinn-systemuser-sdk/contract'
import type { MockContext } from './context.ts'
import {
  getClientRelation,
  getOrganisation,
  isAccessManager,
  isClientAdministrator,
  mayDelegatePackage,
  packagesOfRelation,
} from './directory.ts'
import { AspNetError, noConsumer, problem } from './errors.ts'
import { decodePageToken, lowerBound, type Page } from './paging.ts'
import { createSystemUser } from './new-system-user.ts'
import { softDeleteRequest } from './requests.ts'
import { requireOwnedSystem } from './system-register.ts'
import { packageName, type RegisteredSystem, type SystemUserRecord } from './state.ts'
import type { Caller } from './tokens.ts'

/**
 * `GET systemuser/vendor/bysystem/{systemId}[?token=]`: every non-deleted system user of the system, both
 * types, by `sequenceNo` (Altinn: `WHERE sequence_no >= token`, so nothing is skipped).
 */
export function listSystemUsersForVendor(ctx: MockContext, caller: Caller, systemId: string, token: string | undefined): Page<SystemUserRecord> {
  if (!caller.orgNo) throw noConsumer()
  requireOwnedSystem(ctx, caller.orgNo, systemId)
  const list = ctx.store.systemUsersOfSystem(systemId)
  let i = 0
  if (token !== undefined) {
    const from = decodePageToken(token, 'number')
    i = lowerBound(list, { sequenceNo: from } as SystemUserRecord, (a, b) => a.sequenceNo - b.sequenceNo)
  }
  const items: SystemUserRecord[] = []
  for (; i < list.length; i++) {
    const u = list[i]!
    if (u.isDeleted) continue
    if (items.length === ctx.config.pageSize) return { items, nextKey: u.sequenceNo }
    items.push(u)
  }
  return { items }
}

/** The active system user for a triple, if any. */
function findActiveSystemUser(ctx: MockContext, reporteeOrgNo: string, externalRef: string, systemId: string): SystemUserRecord | undefined {
  const id = ctx.store.activeSystemUserId(reporteeOrgNo, externalRef, systemId)
  return id ? ctx.store.systemUsers.get(id) : undefined
}

/**
 * `GET systemuser/vendor/byquery?system-id=&orgno=&external-ref=`: the active system user of the triple when the
 * caller is its supplier; otherwise an empty 404. `external-ref` defaults to `orgno`.
 */
export function getSystemUserByQuery(ctx: MockContext, caller: Caller, systemId: string, orgNo: string, externalRef: string | undefined): SystemUserRecord {
  if (!caller.orgNo) throw noConsumer()
  const user = findActiveSystemUser(ctx, orgNo, externalRef || orgNo, systemId)
  if (!user || user.supplierOrgNo !== caller.orgNo) throw new AspNetError(404)
  return user
}

/** What a Maskinporten grant asks for (reference §6.3, §7.1). */
export interface SystemUserQuery {
  clientId: string
  /** The vendor: the organisation of the Maskinporten client. */
  systemProviderOrgNo: string
  /** `systemuser_org`: the customer, or the facilitator for an agent system user. */
  systemUserOwnerOrgNo: string
  externalRef?: string | null
}

/** The lookup's answer: the system user, or which part did not match (for MP-303's description). */
export type SystemUserQueryResult = { systemUser: SystemUserRecord; system: RegisteredSystem } | { reason: string }

/**
 * The lookup Maskinporten makes before it issues a system-user token (Altinn: `GET systemuser/byExternalId`):
 * an active system user owned by `systemUserOwnerOrgNo`, of a non-deleted system that lists the client id and
 * whose vendor is the provider, with `externalRef` (defaulting to the owner org).
 */
export function lookupSystemUser(ctx: MockContext, q: SystemUserQuery): SystemUserQueryResult {
  const systems = [...ctx.store.systems.values()].filter((s) => !s.isDeleted && s.clientIds.includes(q.clientId))
  if (systems.length === 0) return { reason: `the client id ${q.clientId} is not on any registered system (add it to the system's clientId)` }
  const owned = systems.filter((s) => s.vendorOrgNo === q.systemProviderOrgNo)
  if (owned.length === 0) return { reason: `the system with client id ${q.clientId} does not belong to the client's organisation ${q.systemProviderOrgNo}` }
  const externalRef = q.externalRef || q.systemUserOwnerOrgNo
  for (const system of owned) {
    const user = findActiveSystemUser(ctx, q.systemUserOwnerOrgNo, externalRef, system.id)
    if (user) return { systemUser: user, system }
  }
  const system = owned[0]!
  const anyForOwner = ctx.store.systemUsersOfSystem(system.id).filter((u) => !u.isDeleted && u.reporteeOrgNo === q.systemUserOwnerOrgNo)
  if (anyForOwner.length)
    return { reason: `no system user of ${system.id} for ${q.systemUserOwnerOrgNo} has externalRef "${externalRef}" (give the externalRef the request was created with)` }
  const delegatedTo = [...ctx.store.clientDelegations.entries()].find(([, clients]) => clients.has(q.systemUserOwnerOrgNo))
  if (delegatedTo)
    return { reason: `${q.systemUserOwnerOrgNo} is a client of an agent system user; ask with the facilitator's organisation in systemuser_org` }
  return { reason: `no active system user of ${system.id} for ${q.systemUserOwnerOrgNo} (is the request approved, or was the system user deleted?)` }
}

/** What a token minted for a vendor asks for: the vendor, optionally its client, and whose system user. */
export interface VendorSystemUserLookup {
  /** The vendor's organisation. */
  orgNo: string
  /** One Maskinporten client of the vendor; without it, each of the vendor's clients in turn. */
  clientId?: string | undefined
  /** `systemuser_org`: the customer, or the facilitator for an agent system user. */
  systemUserOwnerOrgNo: string
  externalRef?: string | null | undefined
}

/**
 * The lookup of {@link lookupSystemUser} for a vendor rather than one of its clients: with `clientId`, that client's
 * lookup; without, each Maskinporten client of the vendor in turn, the first that finds a system user winning (a
 * vendor's systems may list different clients). Answers the client that found it, or the last client's reason, so
 * that a token minted without the grant (`POST /__mock/tokens`) carries exactly the system user the grant would.
 *
 * @example
 * ```ts
 * const found = lookupSystemUserForVendor(mock, { orgNo: '318882703', systemUserOwnerOrgNo: '312091437' })
 * if ('systemUser' in found) console.log(found.clientId, found.systemUser.id)
 * ```
 */
export function lookupSystemUserForVendor(ctx: MockContext, q: VendorSystemUserLookup): { systemUser: SystemUserRecord; system: RegisteredSystem; clientId: string } | { reason: string } {
  const clientIds = q.clientId ? [q.clientId] : [...ctx.store.maskinportenClients.values()].filter((c) => c.orgNo === q.orgNo).map((c) => c.clientId)
  let reason = `no Maskinporten client of ${q.orgNo} is registered`
  for (const clientId of clientIds) {
    const found = lookupSystemUser(ctx, { clientId, systemProviderOrgNo: q.orgNo, systemUserOwnerOrgNo: q.systemUserOwnerOrgNo, externalRef: q.externalRef ?? null })
    if ('systemUser' in found) return { ...found, clientId }
    reason = found.reason
  }
  return { reason }
}

// ---------------------------------------------------------------------------------------------------------
// The end user's side

/** A system user as the end user may manage it: 404 AUTH-00015 when unknown or deleted. */
export function getActiveSystemUser(ctx: MockContext, id: string): SystemUserRecord {
  const user = ctx.store.systemUsers.get(id.toLowerCase())
  if (!user || user.isDeleted) throw problem(Problems.SystemUserNotFound)
  return user
}

/**
 * The end user deletes a system user (§4.4): only an access manager of the owner; the originating request is
 * soft-deleted too, and an agent system user loses its clients. Tokens stop working at once because every
 * call checks the state.
 */
export function deleteSystemUser(ctx: MockContext, id: string, pid: string): SystemUserRecord {
  const user = getActiveSystemUser(ctx, id)
  if (!isAccessManager(ctx, pid, user.reporteeOrgNo)) throw problem(Problems.DeleteSystemUserNotOwned)
  const deleted: SystemUserRecord = { ...user, isDeleted: true }
  ctx.store.write((tx) => {
    tx.put('systemUsers', deleted)
    tx.remove('clientDelegations', user.id)
    const request = ctx.store.requests.get(user.id)
    if (request && !request.isDeleted) softDeleteRequest(ctx, request)
  })
  return deleted
}

/**
 * Self-service creation in the portal (§4.3): a visible system, every right and package of it delegated,
 * `externalRef` = the organisation number. AUTH-00004 if one exists, AUTH-00011 if the system is unknown.
 */
export function createSystemUserSelfService(ctx: MockContext, pid: string, orgNo: string, systemId: string, integrationTitle?: string): SystemUserRecord {
  if (!getOrganisation(ctx, orgNo)) throw problem(Problems.ReporteeOrgNoNotFound)
  if (!isAccessManager(ctx, pid, orgNo)) throw problem(Problems.RequestUserIsNotAccessManager)
  const system = ctx.store.systems.get(systemId)
  if (!system || system.isDeleted || !system.isVisible) throw problem(Problems.SystemIdNotFound)
  if (findActiveSystemUser(ctx, orgNo, orgNo, systemId)) throw problem(Problems.SystemUserAlreadyExists)
  const missing = system.accessPackages.filter((p) => !mayDelegatePackage(ctx, pid, orgNo, packageName(p.urn)))
  if (missing.length) throw problem(Problems.AccessPackageDelegationMissingRequiredAccess, {}, `Missing: ${missing.map((p) => p.urn).join(', ')}.`)
  return createSystemUser(ctx, {
    id: ctx.newId(),
    type: 'standard',
    system,
    reporteeOrgNo: orgNo,
    externalRef: orgNo,
    integrationTitle: integrationTitle || system.name.nb || system.id,
    rights: system.rights,
    accessPackages: system.accessPackages,
  })
}

/**
 * The rules for adding a client to an agent system user, whoever asks: the portal's "Legg til klient", the control
 * API and the client-delegation API (`POST enduser/systemuser/clients`) all come here once they know the caller may
 * administer the facilitator's clients. Idempotent: a client added again stays as it was.
 *
 * Altinn: `SystemUserService.DelegateToAgentSystemUser` and `ValidateClientForAgentSystemUser`
 * (SystemUserService.cs:831-947, audit §1 row 33): AUTH-00034 for a standard system user, AUTH-00063 for one without
 * access packages, AUTH-00079 when the client is not among the facilitator's clients, AUTH-00080 when the client
 * relationship does not carry every access package of the system user.
 *
 * @example
 * ```ts
 * delegateClient(mock, agentSystemUser, '315465222', { by: '21898450160' })
 * ```
 */
export function delegateClient(ctx: MockContext, user: SystemUserRecord, clientOrgNo: string, who: { by: string }): void {
  if (user.type !== 'agent') throw problem(Problems.AgentSystemUserExpectedAgentUserType)
  if (user.accessPackages.length === 0) throw problem(Problems.AccessPackageNotFound)
  const relation = getClientRelation(ctx, user.reporteeOrgNo, clientOrgNo)
  if (!relation) throw problem(Problems.AgentSystemUserClientNotFound)
  const held = packagesOfRelation(ctx, relation)
  const missing = user.accessPackages.filter((p) => !held.has(packageName(p.urn)))
  if (missing.length) throw problem(Problems.AgentSystemUserClientMissingAccessPackages, {}, `Missing: ${missing.map((p) => p.urn).join(', ')}.`)
  const clients = ctx.store.clientsOf(user.id)
  if (clients.has(clientOrgNo)) return
  const added = new Map(clients).set(clientOrgNo, { clientOrgNo, addedAt: ctx.clock.now(), addedBy: who.by })
  ctx.store.write((tx) => tx.put('clientDelegations', added, user.id))
}

/**
 * Take a client away from an agent system user; whether it had the client. Nothing changes when it did not.
 *
 * @example
 * ```ts
 * revokeClient(mock, agentSystemUser, '315465222') // true
 * ```
 */
export function revokeClient(ctx: MockContext, user: SystemUserRecord, clientOrgNo: string): boolean {
  const clients = ctx.store.clientsOf(user.id)
  if (!clients.has(clientOrgNo)) return false
  const left = new Map(clients)
  left.delete(clientOrgNo)
  ctx.store.write((tx) => tx.put('clientDelegations', left, user.id))
  return true
}

/**
 * The portal's and the control API's "Legg til klient" (§5): the person must be a client administrator of the
 * facilitator (AUTH-00044 otherwise), then {@link delegateClient} decides.
 */
export function addClient(ctx: MockContext, systemUserId: string, clientOrgNo: string, pid: string): SystemUserRecord {
  const user = getActiveSystemUser(ctx, systemUserId)
  if (user.type !== 'agent') throw problem(Problems.AgentSystemUserExpectedAgentUserType)
  if (!isClientAdministrator(ctx, pid, user.reporteeOrgNo))
    throw problem(Problems.AgentSystemUserFailedToGetClientsForbidden, {}, 'The person is not a client administrator for the facilitator.')
  delegateClient(ctx, user, clientOrgNo, { by: pid })
  return user
}

/** Remove a client from an agent system user in the portal or the control API; AUTH-00038 when it was not a client of it. */
export function removeClient(ctx: MockContext, systemUserId: string, clientOrgNo: string, pid: string): SystemUserRecord {
  const user = getActiveSystemUser(ctx, systemUserId)
  if (user.type !== 'agent') throw problem(Problems.AgentSystemUserExpectedAgentUserType)
  if (!isClientAdministrator(ctx, pid, user.reporteeOrgNo))
    throw problem(Problems.AgentSystemUserFailedToGetClientsForbidden, {}, 'The person is not a client administrator for the facilitator.')
  if (!revokeClient(ctx, user, clientOrgNo)) throw problem(Problems.AgentSystemUserDelegationNotFound)
  return user
}

/** The clients of an agent system user, in the order they were added. */
export function clientsOf(ctx: MockContext, systemUserId: string): string[] {
  return [...ctx.store.clientsOf(systemUserId).keys()]
}

/** The vendor's view of a system user (`SystemUserExternalDTO`, Altinn PR #1650). */
export function toSystemUserExternalDTO(u: SystemUserRecord, productName = ''): SystemUserExternalDTO {
  return {
    id: u.id,
    integrationTitle: u.integrationTitle,
    systemId: u.systemId,
    productName,
    reporteeOrgNo: u.reporteeOrgNo,
    created: new Date(u.created).toISOString(),
    isDeleted: u.isDeleted,
    supplierName: '',
    supplierOrgno: u.supplierOrgNo,
    externalRef: u.externalRef,
    userType: u.type,
  }
}
