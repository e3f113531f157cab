/**
 * The vendor API under `/authentication/api/v1`: system register (§1), standard and agent requests (§2, §3),
 * system users (§6). Each handler reads the request, calls the core, and shapes the answer.
 */
import * as z from 'zod'
import {
  AccessPackageSchema,
  ByQueryParams,
  CreateAgentRequestSystemUserSchema,
  CreateRequestSystemUserSchema,
  Problems,
  RegisterSystemRequestSchema,
  RightSchema,
  ValidationErrors as V,
} from 'altinn-systemuser-sdk/contract'
import { trimSlash, type MockContext } from '../core/context.ts'
import { modelStateError } from '../core/errors.ts'
import { trimDotNet } from '../core/trim-strings.ts'
import { encodePageToken, type Page } from '../core/paging.ts'
import * as requests from '../core/requests.ts'
import * as register from '../core/system-register.ts'
import * as users from '../core/system-users.ts'
import { answer, contractRoute } from '../kit/define.ts'
import { empty, json } from '../kit/responses.ts'
import type { RouteDef } from '../kit/types.ts'

const succeeded = () => json(200, { succeeded: true })

// What each route's own rules can answer (Altinn: SystemRegisterController, RequestSystemUserController,
// SystemUserController), for the API description; the router adds the token, scope and body answers.
const otherVendor = answer(403, 'The system belongs to another vendor.', 'none')
const noSuchSystemText = answer(404, "No system with this id (`System with ID '…' not found.`).", 'text')
const systemDeleted = answer(400, 'The system is deleted (`Cannot update a system marked as deleted.`).', 'text')
const rightsRules = [V.SystemRegisterInvalidResourceIdFormat, V.SystemRegisterResourceIdDoesNotExist, V.SystemRegisterResourceNotDelegable, V.SystemRegisterDuplicateRights]
const packageRules = [V.SystemRegisterInvalidAccessPackage, V.SystemRegisterDuplicateAccessPackages, V.SystemRegisterNotAssignablePackageOnVisibleSystem]
const notAGuid = answer(400, 'The id is not a GUID.')
const badPageToken = answer(400, 'The page token is not one the list gave.')
const requestRead = [notAGuid, Problems.RequestNotFound, Problems.SystemIdNotFound]
/** Altinn: the agent create reads the standard request with the same triple (audit §2 D4). */
const standardRequestRules = [Problems.ExternalRequestIdAlreadyAccepted, Problems.ExternalRequestIdPending, Problems.ExternalRequestIdDenied, Problems.ExternalRequestIdRejected]
const createRules = [
  Problems.VendorOrgNoNotFound,
  Problems.SystemUserAlreadyExists,
  Problems.SystemIdNotFound,
  Problems.ReporteeOrgNoNotFound,
  Problems.NoRedirectUrisFoundOnSystem,
  Problems.RedirectUriNotFound,
  Problems.AccessPackageNotFound,
  Problems.RequestCouldNotBeStored,
]

/**
 * Where a new request is: Altinn's `CREATEDURIMIDSECTION` (RequestSystemUserController.cs :57) for both kinds, so
 * an agent request's `Location` names the standard read too (:188; audit §2 D5).
 */
function createdLocation(ctx: MockContext, id: string): string {
  return `${trimSlash(ctx.config.platformUrl)}/authentication/api/v1/systemuser/request/${id}`
}

/**
 * A hint for an `externalRef` of `""`: Altinn stores `partyOrgNo` in its place but looks existing requests and
 * system users up by `""` (audit §2 D8), so sending the same body again makes another request.
 */
function warnOfEmptyExternalRef(body: { externalRef?: string | null | undefined }, warnings: string[]): void {
  if (typeof body.externalRef === 'string' && trimDotNet(body.externalRef) === '')
    warnings.push('externalRef is "": the request stores partyOrgNo in its place, but Altinn looks for an existing request or system user by "" and finds none, so sending this again creates another request; leave externalRef out or send null to default it to partyOrgNo')
}

/** `{"links":{"next"?},"data":[...]}` with `next` an absolute URL carrying the opaque token. */
export function paginated<T, U>(ctx: MockContext, url: URL, page: Page<T>, map: (item: T) => U) {
  const links: { next?: string } = {}
  if (page.nextKey !== undefined) links.next = `${trimSlash(ctx.config.platformUrl)}${url.pathname}?token=${encodePageToken(page.nextKey)}`
  return { links, data: page.items.map(map) }
}

function requiredQuery(query: URLSearchParams, names: string[]): Record<string, string> {
  const lower = new Map<string, string>()
  for (const [k, v] of query) if (!lower.has(k.toLowerCase())) lower.set(k.toLowerCase(), v)
  const values: Record<string, string> = {}
  const errors: Record<string, string[]> = {}
  for (const n of names) {
    const v = lower.get(n.toLowerCase())
    if (v === undefined || v === '') errors[n] = [`The ${n} field is required.`]
    else values[n] = v
  }
  if (Object.keys(errors).length) throw modelStateError(errors)
  return values
}

/** A query parameter by name, matched case-insensitively as ASP.NET binds it. */
export function optionalQuery(query: URLSearchParams, name: string): string | undefined {
  for (const [k, v] of query) if (k.toLowerCase() === name.toLowerCase()) return v
  return undefined
}

export const systemRegisterRoutes: RouteDef<any>[] = [
  contractRoute('createSystem', {
    body: RegisterSystemRequestSchema,
    problems: [
      V.SystemRegisterInvalidOrgIdentifier,
      V.SystemRegisterSystemIdHasSpaces,
      V.SystemRegisterInvalidSystemId,
      V.SystemRegisterSystemIdExists,
      V.SystemRegisterInvalidRedirectUrlFormat,
      V.SystemRegisterDuplicateClientId,
      ...rightsRules,
      ...packageRules,
      answer(403, 'The vendor in the body is not the caller.', 'none'),
      answer(409, 'The body names a client id twice (`The System already exist: …`).', 'text'),
    ],
    // The 409 carries a hint (X-Mock-Warning) naming the client id given twice (core/system-register.ts).
    handle: ({ mock, caller, body }) => json(200, register.createSystem(mock, caller, body)),
  }),
  contractRoute('listSystems', { problems: [answer(403, 'The token names no organisation.', 'none')], handle: ({ mock, caller }) => json(200, register.listSystemsForVendor(mock, caller)) }),
  contractRoute('getSystem', { problems: [answer(404, 'No system with this id.', 'none'), otherVendor], handle: ({ mock, caller, params }) => json(200, register.getSystemForVendor(mock, caller, params.systemId!)) }),
  contractRoute('updateSystem', {
    body: RegisterSystemRequestSchema,
    problems: [noSuchSystemText, otherVendor, V.SystemRegisterSystemIdMismatch, systemDeleted, V.SystemRegisterInvalidRedirectUrlFormat, ...rightsRules, ...packageRules, V.SystemRegisterDuplicateClientIdInBody, V.SystemRegisterDuplicateClientId],
    handle: ({ mock, caller, params, body }) => (register.updateSystem(mock, caller, params.systemId!, body), succeeded()),
  }),
  contractRoute('updateSystemRights', {
    body: z.array(RightSchema),
    problems: [noSuchSystemText, otherVendor, systemDeleted, ...rightsRules],
    handle: ({ mock, caller, params, body }) => (register.updateSystemRights(mock, caller, params.systemId!, body), succeeded()),
  }),
  contractRoute('updateSystemAccessPackages', {
    body: z.array(AccessPackageSchema),
    problems: [noSuchSystemText, otherVendor, systemDeleted, ...packageRules],
    handle: ({ mock, caller, params, body }) => (register.updateSystemAccessPackages(mock, caller, params.systemId!, body), succeeded()),
  }),
  contractRoute('deleteSystem', { problems: [answer(400, 'No system with this id, or it is deleted already (`{"return":["System not found"]}`).'), otherVendor], handle: ({ mock, caller, params }) => (register.deleteSystem(mock, caller, params.systemId!), succeeded()) }),
  contractRoute('getSystemChangelog', {
    problems: [answer(404, 'No system with this id (`System with ID … not found.`).', 'text'), otherVendor],
    handle: ({ mock, caller, params }) => json(200, register.getSystemChangelog(mock, caller, params.systemId!)),
  }),
  contractRoute('listVisibleSystems', { handle: ({ mock }) => json(200, register.listVisibleSystems(mock)) }),
  contractRoute('getSystemPublic', { problems: [answer(404, 'No system with this id (a deleted one is answered).', 'none')], handle: ({ mock, params }) => json(200, register.toRegisteredSystemDTO(register.getSystemPublic(mock, params.systemId!))) }),
  // Altinn answers `[]` for an unknown system here (audit §2 D9).
  contractRoute('getSystemRights', { handle: ({ mock, params }) => json(200, register.getSystemListsPublic(mock, params.systemId!).rights) }),
  contractRoute('getSystemAccessPackages', { handle: ({ mock, params }) => json(200, register.getSystemListsPublic(mock, params.systemId!).accessPackages) }),
]

/** The 201 or 200 of a create, as Altinn's controller writes it. */
function createdAnswer<T extends { integrationTitle?: string | null | undefined }>(ctx: MockContext, result: requests.CreateResult, view: T) {
  if (!result.created) return json(200, view)
  // Altinn's 201 carries the new object, whose null title is left out (audit §2 D17).
  if (result.untitled) delete view.integrationTitle
  return json(201, view, { location: createdLocation(ctx, result.request.id) })
}

export const requestRoutes: RouteDef<any>[] = [
  contractRoute('createRequest', {
    body: CreateRequestSystemUserSchema,
    problems: [...createRules, Problems.RightsNotFoundOrNotDelegable, Problems.SystemUserMissingRightsOrAccessPackages, Problems.AccessPackageNotDelegableStandard],
    handle: ({ mock, caller, body, warnings }) => {
      warnOfEmptyExternalRef(body, warnings)
      const result = requests.createStandardRequest(mock, caller, body)
      return createdAnswer(mock, result, requests.toRequestResponse(mock, result.request))
    },
  }),
  contractRoute('getRequest', {
    problems: requestRead,
    // Altinn reads standard requests only here: an agent request's id is AUTH-00010 (audit §2 D2).
    handle: ({ mock, caller, params }) => json(200, requests.toRequestResponse(mock, requests.getRequestForVendor(mock, caller, params.requestId!, 'standard'))),
  }),
  contractRoute('getRequestByExternalRef', {
    problems: [Problems.RequestNotFound, Problems.SystemIdNotFound],
    handle: ({ mock, caller, params }) =>
      json(200, requests.toRequestResponse(mock, requests.getRequestByExternalRef(mock, caller, 'standard', params.systemId!, params.orgNo!, params.externalRef!))),
  }),
  contractRoute('listRequests', {
    problems: [Problems.SystemIdNotFound, badPageToken],
    handle: ({ mock, caller, params, req }) => {
      const page = requests.listRequestsForVendor(mock, caller, 'standard', params.systemId!, optionalQuery(req.url.searchParams, 'token'))
      // Altinn returns the stored rows here, `escalated` included (audit §2 D10).
      return json(200, paginated(mock, req.url, page, (r) => requests.toRequestResponse(mock, r, false, true)))
    },
  }),
  contractRoute('deleteRequest', {
    problems: requestRead,
    handle: ({ mock, caller, params }) => (requests.deleteRequestForVendor(mock, caller, params.requestId!), empty(202)),
  }),
  contractRoute('createAgentRequest', {
    body: CreateAgentRequestSystemUserSchema,
    problems: [...createRules, ...standardRequestRules, Problems.SystemUserMissingAccessPackage, Problems.AccessPackageNotDelegableAgent],
    handle: ({ mock, caller, body, warnings }) => {
      warnOfEmptyExternalRef(body, warnings)
      const result = requests.createAgentRequest(mock, caller, body)
      // The 200 returns the stored request as the agent by-external-ref read does, `escalated` included.
      return createdAnswer(mock, result, requests.toAgentRequestResponse(mock, result.request, true, !result.created))
    },
  }),
  contractRoute('getAgentRequest', {
    problems: requestRead,
    handle: ({ mock, caller, params }) => json(200, requests.toAgentRequestResponse(mock, requests.getRequestForVendor(mock, caller, params.requestId!, 'agent'))),
  }),
  contractRoute('getAgentRequestByExternalRef', {
    problems: [Problems.RequestNotFound, Problems.SystemIdNotFound],
    handle: ({ mock, caller, params }) =>
      json(200, requests.toAgentRequestResponse(mock, requests.getRequestByExternalRef(mock, caller, 'agent', params.systemId!, params.orgNo!, params.externalRef!), true, true)),
  }),
  contractRoute('listAgentRequests', {
    problems: [Problems.SystemIdNotFound, badPageToken],
    handle: ({ mock, caller, params, req }) => {
      const page = requests.listRequestsForVendor(mock, caller, 'agent', params.systemId!, optionalQuery(req.url.searchParams, 'token'))
      return json(200, paginated(mock, req.url, page, (r) => requests.toAgentRequestResponse(mock, r, false, true)))
    },
  }),
]

export const systemUserRoutes: RouteDef<any>[] = [
  contractRoute('listSystemUsers', {
    problems: [Problems.SystemIdNotFound, badPageToken],
    handle: ({ mock, caller, params, req }) => {
      const page = users.listSystemUsersForVendor(mock, caller, params.systemId!, optionalQuery(req.url.searchParams, 'token'))
      return json(200, paginated(mock, req.url, page, (u) => users.toSystemUserExternalDTO(u)))
    },
  }),
  contractRoute('getSystemUserByQuery', {
    problems: [answer(400, 'system-id or orgno is missing.'), answer(404, 'No system user of yours for these values.', 'none')],
    handle: ({ mock, caller, query }) => {
      const q = requiredQuery(query, [ByQueryParams.systemId, ByQueryParams.orgNo])
      const user = users.getSystemUserByQuery(mock, caller, q[ByQueryParams.systemId]!, q[ByQueryParams.orgNo]!, optionalQuery(query, ByQueryParams.externalRef))
      return json(200, users.toSystemUserExternalDTO(user))
    },
  }),
  contractRoute('getSystemUserByExternalId', {
    problems: [answer(400, 'clientId, systemProviderOrgNo or systemUserOwnerOrgNo is missing.'), answer(404, 'No system user for these values.', 'none')],
    handle: ({ mock, query }) => {
      const q = requiredQuery(query, ['clientId', 'systemProviderOrgNo', 'systemUserOwnerOrgNo'])
      const found = users.lookupSystemUser(mock, {
        clientId: q.clientId!,
        systemProviderOrgNo: q.systemProviderOrgNo!,
        systemUserOwnerOrgNo: q.systemUserOwnerOrgNo!,
        externalRef: optionalQuery(query, 'externalRef') ?? null,
      })
      if (!('systemUser' in found)) return empty(404)
      // Altinn: productName carries the system id here, a "temporary fix" for Maskinporten.
      return json(200, users.toSystemUserExternalDTO(found.systemUser, found.system.id))
    },
  }),
]
