/**
 * Change requests for an existing system user (reference §10): the vendor asks the system user's owner to add
 * rights or access packages ("required") and to take others away ("unwanted"); the owner's access manager
 * approves or rejects at the `confirmUrl`, as for a request (§4).
 *
 * Source: Altinn/altinn-authentication `ChangeRequestSystemUserController`, `ChangeRequestSystemUserService`,
 * `src/Core/Models/SystemUsers/{ChangeRequestSystemUser,ChangeRequestResponse,ChangeRequestStatus}.cs`.
 *
 * @example
 * ```ts
 * import { ChangeRequestRoutes, ChangeRequestQueryParams, ChangeRequestResponseSchema } from './change-requests.ts'
 * const path = `${ChangeRequestRoutes.createChangeRequest.path}?${ChangeRequestQueryParams.correlationId}=${id}`
 * ```
 */
import * as z from 'zod'
import { Scopes, type RouteTemplate } from './routes.ts'
import { AccessPackageSchema, RightSchema } from './schemas.ts'

/**
 * Statuses of a change request (`ChangeRequestStatus`), serialised by name. `NoChangeNeeded` is answered at once
 * when all four lists are empty; `Denied` and `Timedout` are defined but never set by Altinn's code.
 */
export const ChangeRequestStatuses = ['New', 'Accepted', 'Rejected', 'Denied', 'Timedout', 'NoChangeNeeded'] as const
export const ChangeRequestStatusSchema = z.enum(ChangeRequestStatuses)
export type ChangeRequestStatus = z.infer<typeof ChangeRequestStatusSchema>

/**
 * Body of `POST systemuser/changerequest/vendor` (`ChangeRequestSystemUser`). Each list may be empty or left out
 * (Altinn defaults them to `[]`); the system user is named in the query (`system-user-id`), not here.
 */
export const ChangeRequestSystemUserSchema = z.object({
  /** Rights the system user must have afterwards; each must be a right of the system. */
  requiredRights: z.array(RightSchema).nullish(),
  /** Rights the system user must not have afterwards. */
  unwantedRights: z.array(RightSchema).nullish(),
  /** Access packages the system user must have afterwards; each must be on the system. */
  requiredAccessPackages: z.array(AccessPackageSchema).nullish(),
  /** Access packages the system user must not have afterwards. */
  unwantedAccessPackages: z.array(AccessPackageSchema).nullish(),
  /** Where the end user goes after the decision; the system's `allowedRedirectUrls` rule applies. */
  redirectUrl: z.string().nullish(),
})
export type ChangeRequestSystemUser = z.infer<typeof ChangeRequestSystemUserSchema>

/**
 * A change request as the vendor sees it (`ChangeRequestResponse`). `id` is the vendor's correlation id;
 * `confirmUrl` is absent in lists (and empty for `NoChangeNeeded`).
 */
export const ChangeRequestResponseSchema = z.object({
  id: z.string(),
  externalRef: z.string().nullish(),
  systemId: z.string(),
  systemUserId: z.string(),
  partyOrgNo: z.string(),
  requiredRights: z.array(RightSchema).default([]),
  unwantedRights: z.array(RightSchema).default([]),
  requiredAccessPackages: z.array(AccessPackageSchema).default([]),
  unwantedAccessPackages: z.array(AccessPackageSchema).default([]),
  status: ChangeRequestStatusSchema,
  redirectUrl: z.string().nullish(),
  confirmUrl: z.string().nullish(),
  created: z.string(),
  timedOut: z.boolean().default(false),
})
export type ChangeRequestResponse = z.infer<typeof ChangeRequestResponseSchema>

const A = '/authentication/api/v1'
const requestWrite = [Scopes.requestWrite] as const
const requestRead = [Scopes.requestRead] as const

function route(method: RouteTemplate['method'], path: string, scopes: readonly string[]): RouteTemplate {
  return { method, surface: 'platform', path, scopes }
}

/**
 * The vendor routes of change requests (Altinn: `ChangeRequestSystemUserController`, route
 * `authentication/api/v1/systemuser/changerequest`).
 *
 * @example
 * ```ts
 * buildPath(ChangeRequestRoutes.getChangeRequest.path, { requestId })
 * // '/authentication/api/v1/systemuser/changerequest/vendor/…'
 * ```
 */
export const ChangeRequestRoutes = {
  /** `?correlation-id={new GUID}&system-user-id={GUID}`, see {@link ChangeRequestQueryParams}. */
  createChangeRequest: route('POST', `${A}/systemuser/changerequest/vendor`, requestWrite),
  getChangeRequest: route('GET', `${A}/systemuser/changerequest/vendor/{requestId}`, requestRead),
  getChangeRequestByExternalRef: route('GET', `${A}/systemuser/changerequest/vendor/byexternalref/{systemId}/{orgNo}/{externalRef}`, requestRead),
  /** Paged like the request lists (`?token=`, `links.next`). */
  listChangeRequests: route('GET', `${A}/systemuser/changerequest/vendor/bysystem/{systemId}`, requestRead),
  deleteChangeRequest: route('DELETE', `${A}/systemuser/changerequest/vendor/{requestId}`, requestWrite),
} as const satisfies Record<string, RouteTemplate>

export type ChangeRequestRouteName = keyof typeof ChangeRequestRoutes

/**
 * Query parameter names of the create (kebab-case, as Altinn names them).
 *
 * @example
 * ```ts
 * new URLSearchParams({ [ChangeRequestQueryParams.correlationId]: randomUUID(), [ChangeRequestQueryParams.systemUserId]: userId })
 * ```
 */
export const ChangeRequestQueryParams = { correlationId: 'correlation-id', systemUserId: 'system-user-id' } as const
