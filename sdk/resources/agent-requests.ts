/**
 * `client.agentRequests`: agent (client) system-user requests (reference §3). The facilitator (an accounting
 * firm, say) approves; the system user gets access packages only, and clients are added afterwards.
 *
 * @example
 * ```ts
 * const { request } = await client.agentRequests.create({
 *   systemId: '318882703_smartcloud_agent',
 *   partyOrgNo: '310989312',
 *   accessPackages: [{ urn: 'urn:altinn:accesspackage:regnskapsforer-med-signeringsrettighet' }],
 * })
 * const decided = await client.agentRequests.waitForDecision(request)
 * ```
 */
import {
  AgentRequestSystemResponseSchema,
  PortalPaths,
  Routes,
  type AgentRequestSystemResponse,
  type CreateAgentRequestSystemUserSchema,
} from '../contract/index.ts'
import type { InputOf } from './inputs.ts'
import { createRequestResource, type RequestFlavour, type RequestResource, type RequestResourceDeps } from './system-user-requests.ts'

/**
 * An agent system-user request as Altinn returns it (no `rights`).
 *
 * @example
 * ```ts
 * const request: AgentSystemUserRequest = await client.agentRequests.get(id)
 * ```
 */
export type AgentSystemUserRequest = AgentRequestSystemResponse

/**
 * What an agent request asks for (Altinn's `CreateAgentRequestSystemUser`): access packages that come through client
 * relationships (at least one), and never rights. `partyOrgNo` is the facilitator's organisation (the firm that
 * serves the clients), never a client's.
 *
 * @example
 * ```ts
 * const input: CreateAgentRequestInput = {
 *   systemId: '318882703_smartcloud_agent',
 *   partyOrgNo: '310989312',
 *   accessPackages: [{ urn: 'urn:altinn:accesspackage:regnskapsforer-med-signeringsrettighet' }],
 * }
 * ```
 */
export type CreateAgentRequestInput = InputOf<typeof CreateAgentRequestSystemUserSchema>

/**
 * The agent kind: `systemuser/request/vendor/agent...` and the portal's `systemuser/agentrequest` page.
 *
 * @example
 * ```ts
 * AgentRequests.portalPath // '/accessmanagement/ui/systemuser/agentrequest'
 * ```
 */
export const AgentRequests: RequestFlavour<AgentSystemUserRequest> = {
  kind: 'agent',
  schema: AgentRequestSystemResponseSchema,
  routes: {
    create: Routes.createAgentRequest,
    get: Routes.getAgentRequest,
    getByExternalRef: Routes.getAgentRequestByExternalRef,
    list: Routes.listAgentRequests,
    // Altinn: agent requests are deleted through the same `DELETE systemuser/request/vendor/{id}` (reference §3.2).
    delete: Routes.deleteRequest,
  },
  portalPath: PortalPaths.agentRequest,
}

/**
 * `client.agentRequests`.
 *
 * @example
 * ```ts
 * const agentRequests: AgentRequestResource = client.agentRequests
 * ```
 */
export type AgentRequestResource = RequestResource<AgentSystemUserRequest, CreateAgentRequestInput>

/**
 * Build `client.agentRequests`.
 *
 * @example
 * ```ts
 * const agentRequests = createAgentRequestResource({ http, portalUrl, findSystemUser })
 * ```
 */
export function createAgentRequestResource(deps: RequestResourceDeps): AgentRequestResource {
  return createRequestResource<AgentSystemUserRequest, CreateAgentRequestInput>(AgentRequests, deps)
}
