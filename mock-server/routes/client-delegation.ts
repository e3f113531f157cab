/**
 * The client-delegation API (`/authentication/api/v1/enduser/systemuser/...`, audit §1 rows 30-34): each handler
 * binds the query as ASP.NET binds it, calls the core (core/client-delegation.ts), and shapes the answer.
 *
 * Altinn: `SystemUserClientDelegationController`. Its ids are `[FromQuery] Guid`: a value that is not a GUID is
 * ASP.NET's model-state 400 before the action runs, while a missing one binds as the empty GUID and reaches the
 * controller's own check (STD-00000 with AUTH.VLD-00014 or 00016).
 */
import {
  ClientDelegationQueryParams as Q,
  Problems,
  ValidationErrors as V,
  type ClientDelegationRouteName,
} from 'altinn-systemuser-sdk/contract'
import * as delegation from '../core/client-delegation.ts'
import { modelStateError } from '../core/errors.ts'
import { parseGuid } from '../core/requests.ts'
import { answer, contractRoute } from '../kit/define.ts'
import { json } from '../kit/responses.ts'
import type { HandlerContext, RouteDef, RouteProblem } from '../kit/types.ts'
import { optionalQuery } from './vendor.ts'

// What the routes' own rules answer, for the API description; the router adds the token and scope answers.
const mayNot = answer(403, 'The caller may not administer the clients of the system user\'s owner (the decision point on `altinn_client_administration`).', 'none')
const ownerNotFound = answer(404, '`System Owner not Found`: the system user\'s owner is not in the register (a plain ProblemDetails).')
const agentNotAGuid = answer(400, "`agent` is not a GUID (ASP.NET's model-state problem, `errors.agent`).")
const agentRules: RouteProblem[] = [V.AgentQueryParameterInvalid, V.SystemUserIdNotFound, V.SystemUserNotAgent, agentNotAGuid, ownerNotFound, mayNot]
const changeRules: RouteProblem[] = [...agentRules, V.ClientQueryParameterInvalid, answer(400, "`agent` or `client` is not a GUID (ASP.NET's model-state problem).")]

/**
 * A `[FromQuery] Guid` as ASP.NET binds it: undefined when the parameter is absent (the controller then sees the
 * empty GUID); the first value otherwise, which must read as a GUID (model-state error by parameter name).
 */
function guidOf(query: URLSearchParams, name: string, errors: Record<string, string[]>): string | undefined {
  const raw = optionalQuery(query, name)
  if (raw === undefined) return undefined
  if (raw.trim() === '') {
    errors[name] = [`The value '${raw.slice(0, 100)}' is invalid.`]
    return undefined
  }
  const id = parseGuid(raw.trim())
  if (!id) errors[name] = [`The value '${raw.slice(0, 100)}' is not valid.`]
  return id
}

function queryOf(query: URLSearchParams, withClient: boolean): delegation.ClientDelegationQuery {
  const errors: Record<string, string[]> = {}
  const agent = guidOf(query, Q.agent, errors)
  const client = withClient ? guidOf(query, Q.client, errors) : undefined
  if (Object.keys(errors).length) throw modelStateError(errors)
  return withClient ? { agent, client } : { agent }
}

/** A route of the client-delegation API whose answer is a 200 with what `answerOf` returns. */
function apiRoute(name: ClientDelegationRouteName, problems: readonly RouteProblem[], answerOf: (ctx: HandlerContext) => unknown): RouteDef {
  return contractRoute(name, { problems, handle: (ctx) => json(200, answerOf(ctx)) })
}

export const clientDelegationRoutes: RouteDef<any>[] = [
  apiRoute('listAgentSystemUsers', [answer(400, "`party` is missing (ASP.NET's model-state problem, `errors.party`)."), answer(404, '`Party not found`: no organisation with this number (a plain ProblemDetails).'), mayNot], ({ mock, caller, query }) => {
    // `[FromQuery] string party` in a nullable context is required: missing or empty is a model-state 400.
    const party = optionalQuery(query, Q.party)
    if (!party) throw modelStateError({ [Q.party]: [`The ${Q.party} field is required.`] })
    return delegation.listAgentSystemUsers(mock, caller, party)
  }),
  apiRoute('listAvailableClients', agentRules, ({ mock, caller, query }) => delegation.listAvailableClients(mock, caller, queryOf(query, false))),
  apiRoute('listClients', agentRules, ({ mock, caller, query }) => delegation.listDelegatedClients(mock, caller, queryOf(query, false))),
  apiRoute(
    'addClient',
    [...changeRules, Problems.AgentSystemUserExpectedAgentUserType, Problems.AccessPackageNotFound, Problems.AgentSystemUserClientNotFound, Problems.AgentSystemUserClientMissingAccessPackages],
    ({ mock, caller, query }) => delegation.addClientByPartyUuid(mock, caller, queryOf(query, true)),
  ),
  apiRoute('removeClient', changeRules, ({ mock, caller, query }) => delegation.removeClientByPartyUuid(mock, caller, queryOf(query, true))),
]
