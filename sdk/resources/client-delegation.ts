/**
 * `client.clientDelegation`: an accounting firm's clients on its agent system users, through Altinn's
 * client-delegation API (`/authentication/api/v1/enduser/systemuser/...`). Clients are named by their party UUID
 * (`clientId` in the lists).
 *
 * The API is not called with the vendor's own token: Altinn asks whether the caller may administer the firm's
 * clients. Give the resource one of two token sources:
 *
 * - `{ systemUser: { orgNo } }`, machine to machine: the token of a system user of the firm (`orgNo`) that holds the
 *   access package `urn:altinn:accesspackage:klientadministrator`, from your Maskinporten client that is allowed
 *   `altinn:clientdelegations.read` and `.write`; the SDK gets it and exchanges it for an Altinn token.
 * - `{ accessToken }`, an end-user system acting for a person: your provider returns the person's ID-porten token
 *   exchanged for an Altinn token (`client.exchangeIdPortenToken`), with the scope the call needs.
 *
 * @example
 * ```ts
 * const admin = client.clientDelegation.withTokens({ systemUser: { orgNo: '310989312' } })
 * const [agent] = await admin.agents('310989312')
 * const { clients } = await admin.availableClients(agent!.id)
 * await admin.add(agent!.id, clients[0]!.clientId)
 * ```
 */
import {
  ClientDelegationQueryParams as Q,
  ClientDelegationResponseSchema,
  ClientDelegationRoutes,
  ClientInfoPaginatedSchema,
  SystemUserInternalDTOSchema,
  type ClientDelegationResponse,
  type ClientInfo,
  type SystemUserInfo,
  type SystemUserInternalDTO,
} from '../contract/index.ts'
import type { CallOptions, HttpClient } from '../http.ts'

/**
 * Bring your own token for the client-delegation API: called for every call with the scope it needs
 * (`altinn:clientdelegations.read` or `.write`). Return an Altinn token, e.g. the person's exchanged ID-porten token.
 *
 * @example
 * ```ts
 * const accessToken: ClientDelegationTokenProvider = async ({ scopes }) => session.altinnToken
 * ```
 */
export type ClientDelegationTokenProvider = (request: { scopes: readonly string[]; signal?: AbortSignal | undefined }) => string | Promise<string>

/**
 * Where the client-delegation API's tokens come from.
 *
 * @example
 * ```ts
 * const m2m: ClientDelegationTokenSource = { systemUser: { orgNo: '310989312' } }
 * const person: ClientDelegationTokenSource = { accessToken: () => exchangedIdPortenToken }
 * ```
 */
export type ClientDelegationTokenSource =
  | {
      /** A client-administrator system user of the firm, through your Maskinporten client (`createAltinnClient({ maskinporten })`). */
      systemUser: {
        /** The firm that owns the system user (and whose clients you administer). */
        orgNo: string
        /** The request's external reference, when it had one (Altinn defaults it to the organisation number). */
        externalRef?: string | undefined
        /** Exchange the Maskinporten token for an Altinn token first (default true, as Altinn's guide says). */
        exchange?: boolean | undefined
      }
    }
  | { accessToken: ClientDelegationTokenProvider }

/**
 * An agent system user as the API lists it (`SystemUserInternalDTO`): `id` is the value `agent` takes.
 *
 * @example
 * ```ts
 * const agents: AgentSystemUser[] = await client.clientDelegation.agents('310989312')
 * ```
 */
export type AgentSystemUser = SystemUserInternalDTO

/**
 * A client list: the agent system user it is about, and the clients (each `clientId` is the party UUID that
 * {@link ClientDelegationResource.add} and `remove` take).
 *
 * @example
 * ```ts
 * const { systemUserInformation, clients } = await client.clientDelegation.clients(agentId)
 * ```
 */
export interface ClientList {
  systemUserInformation: SystemUserInfo
  clients: ClientInfo[]
}

/**
 * The client-delegation API.
 *
 * @example
 * ```ts
 * const admin: ClientDelegationResource = client.clientDelegation
 * await admin.remove(agentId, clientPartyUuid)
 * ```
 */
export interface ClientDelegationResource {
  /** The organisation's active agent system users (`GET enduser/systemuser/agents?party=`). */
  agents(partyOrgNo: string, options?: CallOptions): Promise<AgentSystemUser[]>
  /** Clients the agent system user may be given: the firm's clients whose relationship carries its access packages. */
  availableClients(agentId: string, options?: CallOptions): Promise<ClientList>
  /** The clients the agent system user has now. */
  clients(agentId: string, options?: CallOptions): Promise<ClientList>
  /** Give the agent system user a client (AUTH-00079 when it is not the firm's client, AUTH-00080 when the relationship lacks a package). */
  add(agentId: string, clientPartyUuid: string, options?: CallOptions): Promise<ClientDelegationResponse>
  /** Take a client away from the agent system user (Altinn answers the same when it had none). */
  remove(agentId: string, clientPartyUuid: string, options?: CallOptions): Promise<ClientDelegationResponse>
  /** The same API with another token source, e.g. per person in an end-user system. */
  withTokens(source: ClientDelegationTokenSource): ClientDelegationResource
}

/** What the resource needs from the client: an HTTP client per token source (validated when it is made). */
export interface ClientDelegationDeps {
  httpFor(source: ClientDelegationTokenSource): HttpClient
  source?: ClientDelegationTokenSource | undefined
}

function required(value: unknown, what: string): string {
  if (typeof value !== 'string' || !value.trim()) throw new TypeError(`${what} is required`)
  return value
}

/**
 * Build `client.clientDelegation` (without a source, every call says how to give one).
 *
 * @example
 * ```ts
 * const resource = createClientDelegationResource({ httpFor, source: { systemUser: { orgNo: '310989312' } } })
 * ```
 */
export function createClientDelegationResource(deps: ClientDelegationDeps): ClientDelegationResource {
  const http = deps.source ? deps.httpFor(deps.source) : undefined
  const ready = (): HttpClient => {
    if (!http)
      throw new TypeError(
        "client.clientDelegation needs a token source: createAltinnClient({ clientDelegation: { systemUser: { orgNo } } }) for a client-administrator system user, or .withTokens({ accessToken }) for a person's exchanged ID-porten token",
      )
    return http
  }

  async function list(route: typeof ClientDelegationRoutes.listClients, agentId: string, options?: CallOptions): Promise<ClientList> {
    const h = ready()
    const first = await h.send({ route, query: { [Q.agent]: required(agentId, 'agentId') }, schema: ClientInfoPaginatedSchema }, options)
    const clients = [...first.data.data]
    // Altinn answers every client at once today (`links.next` is never set); a later page is followed, on the
    // platform host only (the HTTP client refuses any other).
    let next = first.data.links.next
    for (let pages = 1; next && pages < 1000; pages++) {
      const page = await h.send({ route, url: next, schema: ClientInfoPaginatedSchema }, options)
      clients.push(...page.data.data)
      next = page.data.links.next
    }
    return { systemUserInformation: first.data.systemUserInformation, clients }
  }

  async function change(route: typeof ClientDelegationRoutes.addClient, agentId: string, clientPartyUuid: string, options?: CallOptions): Promise<ClientDelegationResponse> {
    const h = ready()
    const query = { [Q.agent]: required(agentId, 'agentId'), [Q.client]: required(clientPartyUuid, 'clientPartyUuid') }
    return (await h.send({ route, query, schema: ClientDelegationResponseSchema }, options)).data
  }

  return {
    async agents(partyOrgNo, options) {
      const h = ready()
      const { data } = await h.send({ route: ClientDelegationRoutes.listAgentSystemUsers, query: { [Q.party]: required(partyOrgNo, 'partyOrgNo') }, schema: SystemUserInternalDTOSchema.array() }, options)
      return data
    },
    availableClients: (agentId, options) => list(ClientDelegationRoutes.listAvailableClients, agentId, options),
    clients: (agentId, options) => list(ClientDelegationRoutes.listClients, agentId, options),
    add: (agentId, clientPartyUuid, options) => change(ClientDelegationRoutes.addClient, agentId, clientPartyUuid, options),
    remove: (agentId, clientPartyUuid, options) => change(ClientDelegationRoutes.removeClient, agentId, clientPartyUuid, options),
    withTokens: (source) => createClientDelegationResource({ httpFor: deps.httpFor, source }),
  }
}
