/**
 * The client-delegation API for agent system users (audit §1 rows 30-34): the accounting firm's client
 * administration lists its agent system users, the clients it may add to one, the clients it has added, and adds
 * and removes clients. Clients are named by their party UUID (`client=`), as in Altinn.
 *
 * Two ways to call it (Altinn's guides "client delegation" and "client-admin"): an end-user system acting for a
 * person, with the person's ID-porten token exchanged at `GET exchange/id-porten`; or machine to machine, with the
 * token of a standard system user that holds the access package `urn:altinn:accesspackage:klientadministrator`.
 * Either way Altinn asks its decision point whether the caller may `read` (the GETs) or `write` (POST, DELETE) the
 * resource `altinn_client_administration` for the system user's owner.
 *
 * Source: Altinn/altinn-authentication `src/Authentication/Controllers/SystemUserClientDelegationController.cs`
 * (route `authentication/api/v1/enduser/systemuser`), `src/Authentication/Model/{ClientInfo,ClientInfoPaginated,
 * SystemUserInfo,ClientDelegationResponse}.cs`, `src/Core/Models/SystemUserInternalDTO.cs`, scopes from
 * `src/Authentication/AuthenticationHost.cs` (`POLICY_CLIENTDELEGATION_READ` / `_WRITE`).
 *
 * @example
 * ```ts
 * import { ClientDelegationRoutes, ClientDelegationQueryParams, ClientInfoPaginatedSchema } from './client-delegation.ts'
 * const path = `${ClientDelegationRoutes.listClients.path}?${ClientDelegationQueryParams.agent}=${agentId}`
 * ```
 */
import * as z from 'zod'
import { Scopes, type RouteTemplate } from './routes.ts'
import { AccessPackageSchema, PaginationLinksSchema, SystemUserTypeSchema } from './schemas.ts'

const A = '/authentication/api/v1'
const read = [Scopes.clientDelegationsRead] as const
const write = [Scopes.clientDelegationsWrite] as const

function route(method: RouteTemplate['method'], path: string, scopes: readonly string[]): RouteTemplate {
  return { method, surface: 'platform', path, scopes }
}

/**
 * The five routes. Each takes its ids in the query ({@link ClientDelegationQueryParams}); none takes a body.
 * Altinn's policies accept only the named scope: a token with `altinn:clientdelegations.write` alone is refused
 * on the GETs (403), as Altinn's own controller tests show.
 *
 * @example
 * ```ts
 * ClientDelegationRoutes.addClient // { method: 'POST', path: '/authentication/api/v1/enduser/systemuser/clients', ... }
 * ```
 */
export const ClientDelegationRoutes = {
  /** `?party={orgNo}`: the organisation's active agent system users (`SystemUserInternalDTO[]`). */
  listAgentSystemUsers: route('GET', `${A}/enduser/systemuser/agents`, read),
  /** `?agent={systemUserId}`: the facilitator's clients whose relationship carries the agent's access packages. */
  listAvailableClients: route('GET', `${A}/enduser/systemuser/clients/available`, read),
  /** `?agent={systemUserId}`: the clients added to the agent system user. */
  listClients: route('GET', `${A}/enduser/systemuser/clients`, read),
  /** `?agent={systemUserId}&client={clientPartyUuid}`: add a client; answers `{"agent","client"}`. */
  addClient: route('POST', `${A}/enduser/systemuser/clients`, write),
  /** `?agent={systemUserId}&client={clientPartyUuid}`: remove a client; answers `{"agent","client"}`. */
  removeClient: route('DELETE', `${A}/enduser/systemuser/clients`, write),
} as const satisfies Record<string, RouteTemplate>

export type ClientDelegationRouteName = keyof typeof ClientDelegationRoutes

/**
 * Query parameter names (Altinn binds them case-insensitively).
 *
 * @example
 * ```ts
 * new URLSearchParams({ [ClientDelegationQueryParams.agent]: agentId, [ClientDelegationQueryParams.client]: clientPartyUuid })
 * ```
 */
export const ClientDelegationQueryParams = { party: 'party', agent: 'agent', client: 'client' } as const

/** The resource Altinn's decision point is asked about (Altinn: `ClientDelegationResource`). */
export const CLIENT_ADMINISTRATION_RESOURCE = 'altinn_client_administration'

/** The access package that makes a system user its owner's client administrator (Altinn's client-admin guide). */
export const CLIENT_ADMINISTRATOR_PACKAGE = 'urn:altinn:accesspackage:klientadministrator'

/**
 * One client (`ClientInfo`): `clientId` is the client's party UUID, the value `client=` takes. A client that is a
 * person has no organisation number (Altinn then leaves it out).
 */
export const ClientInfoSchema = z.object({
  clientId: z.string(),
  clientOrganizationNumber: z.string().nullish(),
  clientOrganizationName: z.string().nullish(),
})
export type ClientInfo = z.infer<typeof ClientInfoSchema>

/** The agent system user a client list is about (`SystemUserInfo`). */
export const SystemUserInfoSchema = z.object({
  systemUserId: z.string(),
  /** The organisation number of the system user's owner (the facilitator). */
  systemUserOwnerOrg: z.string(),
})
export type SystemUserInfo = z.infer<typeof SystemUserInfoSchema>

/**
 * The answer of both client lists (`ClientInfoPaginated<ClientInfo>`): `{links, systemUserInformation, data}`.
 * Altinn writes every client in one answer (`links.next` is never set), and leaves out `next` when it is null.
 */
export const ClientInfoPaginatedSchema = z.object({
  links: PaginationLinksSchema,
  systemUserInformation: SystemUserInfoSchema,
  data: z.array(ClientInfoSchema),
})
export type ClientInfoPaginated = z.infer<typeof ClientInfoPaginatedSchema>

/** The answer of POST and DELETE (`ClientDelegationResponse`): the two ids as sent. */
export const ClientDelegationResponseSchema = z.object({
  agent: z.string(),
  client: z.string(),
})
export type ClientDelegationResponse = z.infer<typeof ClientDelegationResponseSchema>

/**
 * A system user as `GET enduser/systemuser/agents` lists it (`SystemUserInternalDTO`). `partyId` is the owner's
 * party id as a string; `partyUuId` is empty (the repository does not read it); `productName` and `supplierName`
 * are empty.
 */
export const SystemUserInternalDTOSchema = z.object({
  id: z.string(),
  integrationTitle: z.string(),
  systemId: z.string(),
  productName: z.string(),
  systemInternalId: z.string().nullish(),
  partyId: z.string(),
  partyUuId: z.string(),
  reporteeOrgNo: z.string(),
  created: z.string(),
  isDeleted: z.boolean(),
  supplierName: z.string(),
  supplierOrgno: z.string(),
  externalRef: z.string(),
  userType: SystemUserTypeSchema,
  accessPackages: z.array(AccessPackageSchema).nullish(),
})
export type SystemUserInternalDTO = z.infer<typeof SystemUserInternalDTOSchema>

/**
 * The 404s the controller writes itself: plain ProblemDetails (`title`, `status`, `detail`; no `code`), the same
 * words as Altinn's.
 *
 * @example
 * ```ts
 * ClientDelegationNotFound.party.detail('999999999') // 'No associated party information found for organisation 999999999'
 * ```
 */
export const ClientDelegationNotFound = {
  /** `GET agents?party=`: no organisation with that number. */
  party: { status: 404, title: 'Party not found', detail: (orgNo: string) => `No associated party information found for organisation ${orgNo}` },
  /** The other four: the system user's owner is not in the register. */
  systemOwner: {
    status: 404,
    title: 'System Owner not Found',
    detail: (orgNo: string) => `No associated party information found for systemuser owner ${orgNo}`,
  },
} as const
