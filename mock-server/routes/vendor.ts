/**
 * The vendor API under `/authentication/api/v1`: system register (§1), standard and agent requests (§2, §3),
 * system users (§6). Each handler reads the request, calls the core, and shapes the answer.
 */
import { z } from 'zod'
import {
  AccessPackageSchema,
  ByQueryParams,
  CreateAgentRequestSystemUserSchema,
  CreateRequestSystemUserSchema,
  Problems,
  RegisterSystemRequestSchema,
  RightSchema,
  Routes,
  ValidationErrors as V,
  buildPath,
} from 'altinn-systemuser-sdk/contract'
import { trimSlash, type MockContext } from '../core/context.ts'
import { PlainHttpError } from '../core/errors.ts'
import { encodePageToken, type Page } from '../core/paging.ts'
import * as requests from '../core/requests.ts'
import * as register from '../core/system-register.ts'
import * as users from '../core/system-users.ts'
import { answer, contractRoute } from './define.ts'
import { empty, json } from './responses.ts'
import type { RouteDef } from './types.ts'

const succeeded = () => json(200, { succeeded: true })

// What each route's own rules can answer (Altinn: SystemRegisterController, RequestSystemUserController,
// SystemUserController), for the API description; the router adds the token, scope and body answers.
const otherVendor = answer(403, 'The system belongs to another vendor.', 'none')
const noSuchSystemText = answer(404, "No system with this id (`System with ID '…' not found.`).", 'text')
const systemDeleted = answer(400, 'The system is deleted (`Cannot update a system marked as deleted.`).', 'text')
const rightsRules = [V.SystemRegisterInvalidResourceIdFormat, V.SystemRegisterResourceIdDoesNotExist, V.SystemRegisterResourceNotDelegable, V.SystemRegisterDuplicateRights]
const packageRules = [V.SystemRegisterInvalidAccessPackage, V.SystemRegisterDuplicateAccessPackages, V.SystemRegisterNotAssignablePackageOnVisibleSystem]
const clientIdRules = [V.SystemRegisterDuplicateClientIdInBody, V.SystemRegisterDuplicateClientId]
const notAGuid = answer(400, 'The id is not a GUID.')
const badPageToken = answer(400, 'The page token is not one the list gave.')
const requestRead = [notAGuid, Problems.RequestNotFound, Problems.SystemIdNotFound]
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
  if (Object.keys(errors).length) throw new PlainHttpError(400, undefined, errors)
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
      ...clientIdRules,
      ...rightsRules,
      ...packageRules,
      answer(403, 'The vendor in the body is not the caller.', 'none'),
    ],
    handle: ({ mock, caller, body }) => json(200, register.createSystem(mock, caller, body)),
  }),
  contractRoute('listSystems', { problems: [answer(403, 'The token names no organisation.', 'none')], handle: ({ mock, caller }) => json(200, register.listSystemsForVendor(mock, caller)) }),
  contractRoute('getSystem', { problems: [answer(404, 'No system with this id.', 'none'), otherVendor], handle: ({ mock, caller, params }) => json(200, register.getSystemForVendor(mock, caller, params.systemId!)) }),
  contractRoute('updateSystem', {
    body: RegisterSystemRequestSchema,
    problems: [noSuchSystemText, otherVendor, V.SystemRegisterSystemIdMismatch, systemDeleted, V.SystemRegisterInvalidRedirectUrlFormat, ...rightsRules, ...packageRules, ...clientIdRules],
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
  contractRoute('getSystemChangelog', { problems: [noSuchSystemText, otherVendor], handle: ({ mock, caller, params }) => json(200, register.getSystemChangelog(mock, caller, params.systemId!)) }),
  contractRoute('listVisibleSystems', { handle: ({ mock }) => json(200, register.listVisibleSystems(mock)) }),
  contractRoute('getSystemPublic', { problems: [answer(404, 'No visible system with this id.', 'none')], handle: ({ mock, params }) => json(200, register.toRegisteredSystemDTO(register.getSystemPublic(mock, params.systemId!))) }),
  contractRoute('getSystemRights', { problems: [answer(404, 'No system with this id.', 'none')], handle: ({ mock, params }) => json(200, register.getSystemPublic(mock, params.systemId!).rights) }),
  contractRoute('getSystemAccessPackages', { problems: [answer(404, 'No system with this id.', 'none')], handle: ({ mock, params }) => json(200, register.getSystemPublic(mock, params.systemId!).accessPackages) }),
]

export const requestRoutes: RouteDef<any>[] = [
  contractRoute('createRequest', {
    body: CreateRequestSystemUserSchema,
    problems: [...createRules, Problems.RightsNotFoundOrNotDelegable, Problems.SystemUserMissingRightsOrAccessPackages, Problems.AccessPackageNotDelegableStandard],
    handle: ({ mock, caller, body }) => {
      const { request, created } = requests.createStandardRequest(mock, caller, body)
      const location = `${trimSlash(mock.config.platformUrl)}/authentication/api/v1/systemuser/request/${request.id}`
      return json(created ? 201 : 200, requests.toRequestResponse(mock, request), created ? { location } : {})
    },
  }),
  contractRoute('getRequest', {
    problems: requestRead,
    handle: ({ mock, caller, params }) => json(200, requests.toRequestResponse(mock, requests.getRequestForVendor(mock, caller, params.requestId!))),
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
      return json(200, paginated(mock, req.url, page, (r) => requests.toRequestResponse(mock, r, false)))
    },
  }),
  contractRoute('deleteRequest', {
    problems: requestRead,
    handle: ({ mock, caller, params }) => (requests.deleteRequestForVendor(mock, caller, params.requestId!), empty(202)),
  }),
  contractRoute('createAgentRequest', {
    body: CreateAgentRequestSystemUserSchema,
    problems: [...createRules, Problems.SystemUserMissingAccessPackage, Problems.AccessPackageNotDelegableAgent],
    handle: ({ mock, caller, body }) => {
      const { request, created } = requests.createAgentRequest(mock, caller, body)
      // The reference gives the standard Location only (§2.1); the agent one follows the same pattern with the
      // portal-scoped agent read, `systemuser/request/agent/{id}`.
      const location = `${trimSlash(mock.config.platformUrl)}/authentication/api/v1/systemuser/request/agent/${request.id}`
      return json(created ? 201 : 200, requests.toAgentRequestResponse(mock, request), created ? { location } : {})
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

/** Absolute URL of a vendor route, for tests and docs. */
export function vendorUrl(ctx: MockContext, name: keyof typeof Routes, params: Record<string, string> = {}): string {
  return `${trimSlash(ctx.config.platformUrl)}${buildPath(Routes[name].path, params)}`
}
