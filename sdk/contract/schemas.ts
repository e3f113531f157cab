/**
 * The wire contract of Altinn's system-user API: one zod schema per DTO, with Altinn's field names exactly.
 *
 * Both the SDK (to validate what Altinn answers) and the mock (to validate what vendors send) use these.
 * Object schemas are non-strict: unknown fields pass through when reading (tolerant reader); the mock's
 * binding notes them separately (see `X-Mock-Warning`).
 *
 * Source for every shape: Altinn/altinn-authentication `src/Core/Models/...` (see the project's
 * docs/altinn-reference.md for the file list).
 *
 * @example
 * ```ts
 * import { RequestSystemResponseSchema } from './schemas.ts'
 * const request = RequestSystemResponseSchema.parse(await response.json())
 * ```
 */
import * as z from 'zod'

/** Organisation numbers are nine digits. */
export const OrgNoSchema = z.string().regex(/^\d{9}$/, 'an organisation number is nine digits')

/** ISO 6523 identifier of an organisation, `{"authority":"iso6523-actorid-upis","ID":"0192:<orgno>"}`. */
export const OrgIdentifierSchema = z.object({
  authority: z.string().optional(),
  ID: z.string(),
})
export type OrgIdentifier = z.infer<typeof OrgIdentifierSchema>

/** One id:value pair of a right, e.g. `{"id":"urn:altinn:resource","value":"ske-krav-og-betalinger"}`. */
export const AttributePairSchema = z.object({
  id: z.string(),
  value: z.string(),
})
export type AttributePair = z.infer<typeof AttributePairSchema>

/** A right on a resource: `{"action"?: string, "resource": AttributePair[]}`. */
export const RightSchema = z.object({
  action: z.string().nullish(),
  resource: z.array(AttributePairSchema),
})
export type Right = z.infer<typeof RightSchema>

/** An access package reference, `{"urn": "urn:altinn:accesspackage:..."}`. */
export const AccessPackageSchema = z.object({
  urn: z.string(),
})
export type AccessPackage = z.infer<typeof AccessPackageSchema>

/** Language map used for `name` and `description` (`nb`, `nn`, `en`). */
export const LocalizedTextSchema = z.record(z.string(), z.string())
export type LocalizedText = z.infer<typeof LocalizedTextSchema>

// ---------------------------------------------------------------------------------------------------------
// System register

/**
 * Body of `POST/PUT systemregister/vendor[/{id}]` (`RegisterSystemRequest`, a `#nullable enable` class). `rights`
 * and `accessPackages` are nullable there; `clientId` (default `[]`), `isVisible` (default `true`) and
 * `allowedRedirectUrls` (default `[]`) may be left out but not sent as `null`: ASP.NET refuses a `null` for a
 * non-nullable member with its model-state 400 (audit §2 D21).
 */
export const RegisterSystemRequestSchema = z.object({
  /** The system's id: the vendor's organisation number, an underscore and a name, e.g. `318882703_smartcloud`. */
  id: z.string(),
  /** The vendor, `{"authority":"iso6523-actorid-upis","ID":"0192:<orgno>"}`. */
  vendor: OrgIdentifierSchema,
  /** The system's name by language (`nb`, `nn`, `en`), shown to end users. */
  name: LocalizedTextSchema,
  /** What the system does, by language. */
  description: LocalizedTextSchema,
  /** Rights on resources that requests for this system may ask for. */
  rights: z.array(RightSchema).nullish(),
  /** Access packages that requests for this system may ask for. */
  accessPackages: z.array(AccessPackageSchema).nullish(),
  /** The Maskinporten client ids that may act for the system's system users. */
  clientId: z.array(z.string()).optional(),
  /** Whether end users may pick the system in the portal's self-service (default true). */
  isVisible: z.boolean().optional(),
  /** Absolute https URLs a request's `redirectUrl` must match (scheme, host, port and path). */
  allowedRedirectUrls: z.array(z.string()).optional(),
})
export type RegisterSystemRequest = z.infer<typeof RegisterSystemRequestSchema>

/** `GET systemregister/vendor/{id}` (`RegisteredSystemResponse`). `vendor.authority` is never echoed. */
export const RegisteredSystemResponseSchema = z.object({
  id: z.string(),
  vendor: OrgIdentifierSchema,
  name: LocalizedTextSchema,
  description: LocalizedTextSchema,
  rights: z.array(RightSchema),
  accessPackages: z.array(AccessPackageSchema),
  isDeleted: z.boolean(),
  clientId: z.array(z.string()),
  isVisible: z.boolean(),
  allowedRedirectUrls: z.array(z.string()),
})
export type RegisteredSystemResponse = z.infer<typeof RegisteredSystemResponseSchema>

/** List view of a system (`RegisteredSystemDTO`): vendor and portal lists, portal single get. */
export const RegisteredSystemDTOSchema = z.object({
  systemId: z.string(),
  systemVendorOrgNumber: z.string(),
  systemVendorOrgName: z.string(),
  name: LocalizedTextSchema,
  description: LocalizedTextSchema,
  rights: z.array(RightSchema),
  accessPackages: z.array(AccessPackageSchema),
  isVisible: z.boolean(),
})
export type RegisteredSystemDTO = z.infer<typeof RegisteredSystemDTOSchema>

/** Answer of the system register's update calls, `{"succeeded": true}`. */
export const SystemRegisterUpdateResultSchema = z.object({ succeeded: z.boolean() })
export type SystemRegisterUpdateResult = z.infer<typeof SystemRegisterUpdateResultSchema>

/** `POST systemregister/vendor` answers 200 with the new internal GUID as a JSON string. */
export const SystemInternalIdSchema = z.string()

export const SystemChangeTypes = ['create', 'update', 'rightsupdate', 'accesspackageupdate', 'delete', 'unknown'] as const
export type SystemChangeType = (typeof SystemChangeTypes)[number]

/** One entry of `GET systemregister/vendor/{id}/changelog`. */
export const SystemChangeLogSchema = z.object({
  systemInternalId: z.string(),
  changedByOrgNumber: z.string(),
  changeType: z.string(),
  changedData: z.unknown(),
  clientId: z.string().nullish(),
  created: z.string(),
})
export type SystemChangeLog = z.infer<typeof SystemChangeLogSchema>

// ---------------------------------------------------------------------------------------------------------
// Requests

/** Statuses of a system-user request (`RequestStatus`), serialised by name. */
export const RequestStatuses = ['New', 'Accepted', 'Rejected', 'Denied', 'Timedout'] as const
export const RequestStatusSchema = z.enum(RequestStatuses)
export type RequestStatus = z.infer<typeof RequestStatusSchema>

/** Body of `POST systemuser/request/vendor` (`CreateRequestSystemUser`). */
export const CreateRequestSystemUserSchema = z.object({
  /** The system in the system register, e.g. `318882703_smartcloud`. */
  systemId: z.string(),
  /** The customer's organisation number: who will own the system user. */
  partyOrgNo: z.string(),
  /** Your reference, when you need several system users per system and customer. Defaults to `partyOrgNo`. */
  externalRef: z.string().nullish(),
  /** Rights on resources; each must be a right of the system. */
  rights: z.array(RightSchema).nullish(),
  /** Access packages; each must be on the system. */
  accessPackages: z.array(AccessPackageSchema).nullish(),
  /** Where Altinn sends the user afterwards; must match one of the system's `allowedRedirectUrls` (scheme, host, path). */
  redirectUrl: z.string().nullish(),
  /** Display name in the portal; trimmed; defaults to the system's `name.nb`. */
  integrationTitle: z.string().nullish(),
})
export type CreateRequestSystemUser = z.infer<typeof CreateRequestSystemUserSchema>

/**
 * Body of `POST systemuser/request/vendor/agent` (`CreateAgentRequestSystemUser`): packages only. `accessPackages`
 * is `[Required]` there, so a missing or `null` list is ASP.NET's model-state 400 and only `[]` reaches AUTH-00058
 * (audit §2 D3).
 */
export const CreateAgentRequestSystemUserSchema = z.object({
  /** The agent system in the system register, e.g. `318882703_smartcloud_agent`. */
  systemId: z.string(),
  /** The facilitator's organisation number (the firm that serves the clients), never a client's. */
  partyOrgNo: z.string(),
  /** Your reference, when you need several system users per system and facilitator. Defaults to `partyOrgNo`. */
  externalRef: z.string().nullish(),
  /** Access packages meant for client relationships (at least one); each must be on the system. */
  accessPackages: z.array(AccessPackageSchema),
  /** Where Altinn sends the user afterwards; must match one of the system's `allowedRedirectUrls` (scheme, host, path). */
  redirectUrl: z.string().nullish(),
  /** Display name in the portal; trimmed; defaults to the system's `name.nb`. */
  integrationTitle: z.string().nullish(),
})
export type CreateAgentRequestSystemUser = z.infer<typeof CreateAgentRequestSystemUserSchema>

/** A standard request as the vendor sees it (`RequestSystemResponse`). `confirmUrl` is absent in lists. */
export const RequestSystemResponseSchema = z.object({
  id: z.string(),
  integrationTitle: z.string().nullish(),
  externalRef: z.string(),
  systemId: z.string(),
  partyOrgNo: z.string(),
  rights: z.array(RightSchema).default([]),
  accessPackages: z.array(AccessPackageSchema).default([]),
  status: RequestStatusSchema,
  redirectUrl: z.string().nullish(),
  confirmUrl: z.string().nullish(),
  escalated: z.boolean().default(false),
  created: z.string(),
  timedOut: z.boolean().default(false),
})
export type RequestSystemResponse = z.infer<typeof RequestSystemResponseSchema>

/** An agent request as the vendor sees it (`AgentRequestSystemResponse`): the standard shape without `rights`. */
export const AgentRequestSystemResponseSchema = RequestSystemResponseSchema.omit({ rights: true })
export type AgentRequestSystemResponse = z.infer<typeof AgentRequestSystemResponseSchema>

/** Links of a paginated list; `next` is absent on the last page. */
export const PaginationLinksSchema = z.object({ next: z.string().nullish() })

/**
 * A paginated list, `{"links":{"next"?},"data":[...]}`.
 *
 * @example
 * ```ts
 * const page = PaginatedSchema(RequestSystemResponseSchema).parse(body)
 * ```
 */
export function PaginatedSchema<T extends z.ZodType>(item: T) {
  return z.object({ links: PaginationLinksSchema, data: z.array(item) })
}
export type Paginated<T> = { links: { next?: string | null }; data: T[] }

// ---------------------------------------------------------------------------------------------------------
// System users

export const SystemUserTypes = ['standard', 'agent'] as const
export const SystemUserTypeSchema = z.enum(SystemUserTypes)
export type SystemUserType = z.infer<typeof SystemUserTypeSchema>

/** A system user as vendors see it since Nov 2025 (`SystemUserExternalDTO`). */
export const SystemUserExternalDTOSchema = z.object({
  id: z.string(),
  integrationTitle: z.string(),
  systemId: z.string(),
  productName: z.string(),
  reporteeOrgNo: z.string(),
  created: z.string(),
  isDeleted: z.boolean(),
  supplierName: z.string(),
  supplierOrgno: z.string(),
  externalRef: z.string(),
  userType: SystemUserTypeSchema,
})
export type SystemUserExternalDTO = z.infer<typeof SystemUserExternalDTOSchema>

// ---------------------------------------------------------------------------------------------------------
// Problems

/**
 * One entry of `validationErrors`, with Altinn's extension members kept (e.g. `"ResourceIds Not Found : "` on
 * VLD-00003, `"Invalid Urn Details : "` on VLD-00008): they name what failed.
 */
export const ValidationErrorSchema = z.looseObject({
  code: z.string(),
  title: z.string(),
  paths: z.array(z.string()).default([]),
  detail: z.string().nullish(),
})
export type ValidationError = z.infer<typeof ValidationErrorSchema>

/**
 * An Altinn problem (`application/problem+json`): `type`, `title`, `status`, `code`, `traceId`, optional
 * `detail`, `validationErrors` (STD-00000) and extension keys at the top level.
 */
export const ProblemDetailsSchema = z.looseObject({
  type: z.string().nullish(),
  title: z.string().nullish(),
  status: z.number().nullish(),
  detail: z.string().nullish(),
  code: z.string().nullish(),
  traceId: z.string().nullish(),
  /** The status in words (`"Not Found"`), written by Altinn's ProblemDetails library since v5.4.0. */
  statusDescription: z.string().nullish(),
  validationErrors: z.array(ValidationErrorSchema).nullish(),
  /** ASP.NET model-binding problems (`errors: {"$.field": ["..."]}`). */
  errors: z.record(z.string(), z.array(z.string())).nullish(),
})
export type ProblemDetails = z.infer<typeof ProblemDetailsSchema>

// ---------------------------------------------------------------------------------------------------------
// Maskinporten

/** Maskinporten's token answer. */
export const TokenResponseSchema = z.object({
  access_token: z.string(),
  token_type: z.string(),
  expires_in: z.number(),
  scope: z.string().nullish(),
})
export type TokenResponse = z.infer<typeof TokenResponseSchema>

/** Maskinporten's error answer, `{"error","error_description"}`. */
export const OAuthErrorSchema = z.object({
  error: z.string(),
  error_description: z.string().nullish(),
  error_uri: z.string().nullish(),
})
export type OAuthError = z.infer<typeof OAuthErrorSchema>

/** One entry of `authorization_details` for a system user, as sent in a grant. */
export const SystemUserAuthorizationDetailSchema = z.object({
  type: z.literal('urn:altinn:systemuser'),
  systemuser_org: OrgIdentifierSchema,
  externalRef: z.string().nullish(),
  systemuser_id: z.array(z.string()).nullish(),
  system_id: z.string().nullish(),
})
export type SystemUserAuthorizationDetail = z.infer<typeof SystemUserAuthorizationDetailSchema>
