/**
 * The client-delegation API for agent system users (audit §1 rows 30-34, §2 D1): who may call it, and what each of
 * its five operations answers. Adding a client goes through the same rule as the portal's "Legg til klient" and
 * the control API ({@link delegateClient} in system-users.ts); only the caller's check and the answers' shapes are
 * the API's own.
 *
 * Altinn: `SystemUserClientDelegationController` (route `authentication/api/v1/enduser/systemuser`). Every
 * operation first checks the query (`ValidateSystemUser`, `ValidateClient`: STD-00000 with AUTH.VLD-00014/15/16,
 * merged on POST and DELETE), then finds the system user's owner in the register (404 `System Owner not Found`),
 * then asks the decision point whether the caller may `read` or `write` `altinn_client_administration` for the
 * owner (a bodiless 403 otherwise), and only then runs the service's rules.
 *
 * @example
 * ```ts
 * const page = listDelegatedClients(mock, caller, agentId)
 * page.data.map((c) => c.clientOrganizationNumber)
 * ```
 */
import {
  CLIENT_ADMINISTRATION_RESOURCE,
  ClientDelegationNotFound,
  ValidationErrors,
  type ClientDelegationResponse,
  type ClientInfo,
  type ClientInfoPaginated,
  type SystemUserInternalDTO,
} from 'altinn-systemuser-sdk/contract'
import type { MockContext } from './context.ts'
import { getOrganisation, isClientAdministrator } from './directory.ts'
import { AspNetError, ForbiddenError, ValidationProblemError, type ValidationFailure } from './errors.ts'
import { decideForSystemUser } from './pdp.ts'
import { listEligibleClients } from './portal-queries.ts'
import type { Organisation, SystemUserRecord } from './state.ts'
import { clientsOf, delegateClient, revokeClient, toSystemUserExternalDTO } from './system-users.ts'
import { systemUserOf, type Caller } from './tokens.ts'

/** Who calls: a person (an exchanged ID-porten token) or a system user (a system-user token). */
export type ClientAdministrator = { kind: 'person'; pid: string } | { kind: 'systemUser'; systemUserId: string }

/** The actions the decision point is asked about: `read` for the lists, `write` for adding and removing. */
export type ClientAdministrationAction = 'read' | 'write'

/**
 * The person or system user a token speaks for. A token of Altinn's exchange of an ID-porten token names the person
 * (`pid` beside `urn:altinn:userid`); a system-user token names its system user in `authorization_details`. A
 * vendor's own token names neither, and the decision point then finds no subject.
 *
 * @example
 * ```ts
 * clientAdministratorOf(caller) // { kind: 'person', pid: '21898450160' }
 * ```
 */
export function clientAdministratorOf(caller: Caller): ClientAdministrator | undefined {
  const { pid } = caller.claims as { pid?: unknown }
  if (caller.issuer === 'altinn' && typeof pid === 'string' && caller.claims['urn:altinn:userid'] !== undefined) return { kind: 'person', pid }
  const systemUser = systemUserOf(caller.claims)
  return systemUser ? { kind: 'systemUser', systemUserId: systemUser.id } : undefined
}

/**
 * The decision point's answer for `altinn_client_administration` (Altinn: `AuthorizeResourceAccess`): a person who
 * is client administrator (or main administrator) of the organisation; a standard system user of the organisation
 * whose access packages grant the resource (in the seed, `klientadministrator` does), through the same decision
 * as `POST /authorization/api/v1/authorize`.
 *
 * @example
 * ```ts
 * mayAdministerClients(mock, { kind: 'person', pid: '21898450160' }, '310989312', 'write') // true
 * ```
 */
export function mayAdministerClients(ctx: MockContext, who: ClientAdministrator | undefined, orgNo: string, action: ClientAdministrationAction): boolean {
  if (!who) return false
  if (who.kind === 'person') return isClientAdministrator(ctx, who.pid, orgNo)
  return decideForSystemUser(ctx, { systemUserId: who.systemUserId, action, resource: CLIENT_ADMINISTRATION_RESOURCE, partyOrgNo: orgNo }).decision === 'Permit'
}

/** What the query said: a GUID (lower case), or nothing (missing or the empty GUID, which Altinn reads alike). */
export interface ClientDelegationQuery {
  agent: string | undefined
  client?: string | undefined
}

const EMPTY_GUID = '00000000-0000-0000-0000-000000000000'

function given(id: string | undefined): string | undefined {
  return id && id !== EMPTY_GUID ? id : undefined
}

/**
 * Altinn's `ValidateSystemUser` and `ValidateClient`, merged as Altinn merges them: the agent missing (VLD-00014),
 * unknown or deleted (VLD-00014 "System user not found"), or not an agent (VLD-00015); the client missing
 * (VLD-00016, on POST and DELETE). Paths are `?agent` and `?client`.
 */
function requireAgent(ctx: MockContext, query: ClientDelegationQuery, withClient: boolean): SystemUserRecord {
  const failures: ValidationFailure[] = []
  const agentId = given(query.agent)
  let user: SystemUserRecord | undefined
  if (!agentId) failures.push({ descriptor: ValidationErrors.AgentQueryParameterInvalid, paths: ['?agent'] })
  else {
    const found = ctx.store.systemUsers.get(agentId)
    // Altinn's `GetSystemUserById` reads only system users that are not deleted.
    if (!found || found.isDeleted) failures.push({ descriptor: ValidationErrors.SystemUserIdNotFound, paths: ['?agent'] })
    else if (found.type !== 'agent') failures.push({ descriptor: ValidationErrors.SystemUserNotAgent, paths: ['?agent'] })
    else user = found
  }
  if (withClient && !given(query.client)) failures.push({ descriptor: ValidationErrors.ClientQueryParameterInvalid, paths: ['?client'] })
  if (failures.length || !user) throw new ValidationProblemError(failures)
  return user
}

/**
 * A 404 the controller writes itself as a plain ProblemDetails (`title`, `status`, `detail`; no `code`), e.g.
 * `System Owner not Found`.
 */
function notFoundProblem(status: number, title: string, detail: string): AspNetError {
  return new AspNetError(status, { problem: { title, detail } })
}

/** The decision point's no on `altinn_client_administration` (Altinn: `Forbid()`). */
function mayNotAdminister(orgNo: string, action: ClientAdministrationAction): ForbiddenError {
  return new ForbiddenError(`the caller may not ${action} the clients of ${orgNo}`)
}

/** The owner in the register (404 `System Owner not Found`), then the decision point (bodiless 403). */
function requireOwnerAccess(ctx: MockContext, caller: Caller, user: SystemUserRecord, action: ClientAdministrationAction): Organisation {
  const owner = getOrganisation(ctx, user.reporteeOrgNo)
  const notFound = ClientDelegationNotFound.systemOwner
  if (!owner) throw notFoundProblem(notFound.status, notFound.title, notFound.detail(user.reporteeOrgNo))
  if (!mayAdministerClients(ctx, clientAdministratorOf(caller), owner.orgNo, action)) throw mayNotAdminister(owner.orgNo, action)
  return owner
}

function clientInfoOf(organisation: Organisation): ClientInfo {
  return { clientId: organisation.partyUuid, clientOrganizationNumber: organisation.orgNo, clientOrganizationName: organisation.name }
}

function page(user: SystemUserRecord, clients: ClientInfo[]): ClientInfoPaginated {
  // Altinn: `ClientInfoPaginated.Create(clients, null, ...)`; a null `next` is left out of the JSON.
  return { links: {}, systemUserInformation: { systemUserId: user.id, systemUserOwnerOrg: user.reporteeOrgNo }, data: clients }
}

/** The organisation a party UUID names, if any (clients are organisations in the mock). */
export function organisationByPartyUuid(ctx: MockContext, partyUuid: string): Organisation | undefined {
  const wanted = partyUuid.toLowerCase()
  for (const o of ctx.store.organisations.values()) if (o.partyUuid.toLowerCase() === wanted) return o
  return undefined
}

/**
 * `GET enduser/systemuser/agents?party={orgNo}`: the organisation's active agent system users, oldest first. 404
 * `Party not found` for an organisation the register does not know, then 403 unless the caller may read.
 *
 * @example
 * ```ts
 * listAgentSystemUsers(mock, caller, '310989312').map((u) => u.id)
 * ```
 */
export function listAgentSystemUsers(ctx: MockContext, caller: Caller, partyOrgNo: string): SystemUserInternalDTO[] {
  const party = getOrganisation(ctx, partyOrgNo)
  const notFound = ClientDelegationNotFound.party
  if (!party) throw notFoundProblem(notFound.status, notFound.title, notFound.detail(partyOrgNo.slice(0, 100)))
  if (!mayAdministerClients(ctx, clientAdministratorOf(caller), party.orgNo, 'read')) throw mayNotAdminister(party.orgNo, 'read')
  return [...ctx.store.systemUsers.values()]
    .filter((u) => !u.isDeleted && u.type === 'agent' && u.reporteeOrgNo === party.orgNo)
    .sort((a, b) => a.sequenceNo - b.sequenceNo)
    .map((u) => toSystemUserInternalDTO(u, party))
}

/**
 * Altinn's `SystemUserInternalDTO` as the repository fills it: the vendor's view of the system user (with
 * `productName` and `supplierName` empty) plus the internal id, the owner's party id, an empty `partyUuId` and the
 * access packages.
 */
function toSystemUserInternalDTO(u: SystemUserRecord, owner: Organisation): SystemUserInternalDTO {
  return {
    ...toSystemUserExternalDTO(u),
    systemInternalId: u.systemInternalId,
    partyId: String(owner.partyId),
    partyUuId: '',
    accessPackages: u.accessPackages.map((p) => ({ urn: p.urn })),
  }
}

/**
 * `GET enduser/systemuser/clients/available?agent=`: the facilitator's clients whose relationship carries every
 * access package of the agent system user, added or not: the list behind the portal's "Legg til klient".
 *
 * @example
 * ```ts
 * listAvailableClients(mock, caller, { agent }).data.map((c) => c.clientId)
 * ```
 */
export function listAvailableClients(ctx: MockContext, caller: Caller, query: ClientDelegationQuery): ClientInfoPaginated {
  const user = requireAgent(ctx, query, false)
  requireOwnerAccess(ctx, caller, user, 'read')
  return page(user, listEligibleClients(ctx, user).map((c) => clientInfoOf(c.organisation)))
}

/**
 * `GET enduser/systemuser/clients?agent=`: the clients added to the agent system user, in the order they were added.
 *
 * @example
 * ```ts
 * listDelegatedClients(mock, caller, { agent }).data
 * ```
 */
export function listDelegatedClients(ctx: MockContext, caller: Caller, query: ClientDelegationQuery): ClientInfoPaginated {
  const user = requireAgent(ctx, query, false)
  requireOwnerAccess(ctx, caller, user, 'read')
  const clients: ClientInfo[] = []
  for (const orgNo of clientsOf(ctx, user.id)) {
    const organisation = getOrganisation(ctx, orgNo)
    if (organisation) clients.push(clientInfoOf(organisation))
  }
  return page(user, clients)
}

function byWhom(caller: Caller): string {
  const who = clientAdministratorOf(caller)
  return who?.kind === 'person' ? who.pid : (who?.systemUserId ?? 'unknown')
}

/**
 * `POST enduser/systemuser/clients?agent=&client=`: add the client (by its party UUID) with the rules of
 * {@link delegateClient}: AUTH-00034, AUTH-00063, AUTH-00079 (also for a party UUID that names no client of the
 * facilitator), AUTH-00080. Answers the two ids.
 *
 * @example
 * ```ts
 * addClientByPartyUuid(mock, caller, { agent, client: elg.partyUuid }) // { agent, client }
 * ```
 */
export function addClientByPartyUuid(ctx: MockContext, caller: Caller, query: ClientDelegationQuery): ClientDelegationResponse {
  const user = requireAgent(ctx, query, true)
  requireOwnerAccess(ctx, caller, user, 'write')
  const client = query.client!
  // A party UUID of no organisation is no client of the facilitator either: the rule answers AUTH-00079, after
  // its checks of the system user, as Altinn's `ValidateClientForAgentSystemUser` does when Access Management
  // lists no such client.
  delegateClient(ctx, user, organisationByPartyUuid(ctx, client)?.orgNo ?? '', { by: byWhom(caller) })
  return { agent: user.id, client }
}

/**
 * `DELETE enduser/systemuser/clients?agent=&client=`: remove the client. Altinn does not check first that the
 * client was added (audit §1 row 34): it asks Access Management to remove the delegation, which has nothing to
 * remove then, and answers 200 with the two ids all the same. The portal's remove, which reads the list first,
 * answers AUTH-00038 instead.
 *
 * @example
 * ```ts
 * removeClientByPartyUuid(mock, caller, { agent, client: elg.partyUuid }) // { agent, client }
 * ```
 */
export function removeClientByPartyUuid(ctx: MockContext, caller: Caller, query: ClientDelegationQuery): ClientDelegationResponse {
  const user = requireAgent(ctx, query, true)
  requireOwnerAccess(ctx, caller, user, 'write')
  const client = query.client!
  const organisation = organisationByPartyUuid(ctx, client)
  if (organisation) revokeClient(ctx, user, organisation.orgNo)
  return { agent: user.id, client }
}
