/**
 * The vendor routes of change requests under `/authentication/api/v1/systemuser/changerequest` (reference §10).
 * Each handler reads the request, calls the core, and shapes the answer.
 *
 * Altinn: ChangeRequestSystemUserController.
 */
import { ChangeRequestQueryParams, ChangeRequestSystemUserSchema, Problems } from 'altinn-systemuser-sdk/contract'
import * as changes from '../core/change-requests.ts'
import { trimSlash } from '../core/context.ts'
import { answer, contractRoute } from '../kit/define.ts'
import { empty, json } from '../kit/responses.ts'
import type { RouteDef } from '../kit/types.ts'
import { optionalQuery, paginated } from './vendor.ts'

// What each route's own rules can answer, for the API description (the router adds the token, scope and body answers).
const notAGuid = answer(400, 'The id is not a GUID.')
const read = [Problems.RequestNotFound, Problems.SystemIdNotFound]

export const changeRequestRoutes: RouteDef<any>[] = [
  contractRoute('createChangeRequest', {
    body: ChangeRequestSystemUserSchema,
    problems: [
      answer(400, 'correlation-id is missing, or the same as system-user-id.', 'text'),
      answer(400, 'correlation-id or system-user-id is not a GUID.'),
      answer(401, 'The system user is not of one of your systems.', 'none'),
      Problems.SystemUserNotFound,
      Problems.ExternalRequestIdPending,
      Problems.ChangeRequestStatusNotNewUseCorrelationId,
      Problems.SystemIdNotFound,
      Problems.ReporteeOrgNoNotFound,
      Problems.NoRedirectUrisFoundOnSystem,
      Problems.RedirectUriNotFound,
      Problems.RightsNotFoundOrNotDelegable,
      Problems.AccessPackageNotFound,
      Problems.AccessPackageNotDelegableStandard,
    ],
    handle: ({ mock, caller, query, body }) => {
      const result = changes.createChangeRequest(
        mock,
        caller,
        { correlationId: optionalQuery(query, ChangeRequestQueryParams.correlationId), systemUserId: optionalQuery(query, ChangeRequestQueryParams.systemUserId) },
        body,
      )
      if (result.outcome === 'noChangeNeeded') return json(200, result.response)
      const view = changes.toChangeRequestResponse(mock, result.request, 'single')
      if (result.outcome === 'existing') return json(200, view)
      // Altinn: `Created(PlatformEndpoint + "authentication/api/v1/systemuser/changerequest/" + id)`.
      return json(201, view, { location: `${trimSlash(mock.config.platformUrl)}/authentication/api/v1/systemuser/changerequest/${result.request.id}` })
    },
  }),
  contractRoute('getChangeRequest', {
    problems: [notAGuid, ...read],
    handle: ({ mock, caller, params }) => json(200, changes.toChangeRequestResponse(mock, changes.getChangeRequestForVendor(mock, caller, params.requestId!), 'single')),
  }),
  contractRoute('getChangeRequestByExternalRef', {
    problems: read,
    handle: ({ mock, caller, params }) =>
      json(200, changes.toChangeRequestResponse(mock, changes.getChangeRequestByExternalRef(mock, caller, params.systemId!, params.orgNo!, params.externalRef!), 'byExternalRef')),
  }),
  contractRoute('listChangeRequests', {
    problems: [Problems.SystemIdNotFound, answer(400, 'The page token is not one the list gave.')],
    handle: ({ mock, caller, params, req }) => {
      const page = changes.listChangeRequestsForVendor(mock, caller, params.systemId!, optionalQuery(req.url.searchParams, 'token'))
      return json(200, paginated(mock, req.url, page, (r) => changes.toChangeRequestResponse(mock, r, 'list')))
    },
  }),
  contractRoute('deleteChangeRequest', {
    problems: [notAGuid, ...read],
    handle: ({ mock, caller, params }) => (changes.deleteChangeRequestForVendor(mock, caller, params.requestId!), empty(202)),
  }),
]
