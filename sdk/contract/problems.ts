/**
 * Altinn Authentication's problem catalogue: every `AUTH-xxxxx` problem and `AUTH.VLD-xxxxx` validation
 * error with its HTTP status and title.
 *
 * Source: Altinn/altinn-authentication `src/Core/Problems/Problem.cs` and `src/Core/Errors/ValidationErrors.cs`
 * at `ad4f6f36` (July 2026). The numbers, statuses and titles are Altinn's, word for word, spelling included
 * ("occured", "CorrellationId"), so that a vendor who matches on a title in a test sees what production sends; the
 * names are Altinn's descriptor names in camel case. `ValidationErrors.cs` has no VLD-00010.
 *
 * @example
 * ```ts
 * import { Problems } from './problems.ts'
 * Problems.RequestStatusNotNew // { code: 'AUTH-00013', status: 409, title: 'The Status of the Request is not New.' }
 * ```
 */

/** A problem descriptor: the stable code, the HTTP status Altinn answers with, and the title. */
export interface ProblemDescriptor {
  readonly code: string
  readonly status: number
  readonly title: string
}

/** The length of a string type, counted in characters. */
type LengthOf<S extends string, Counted extends unknown[] = []> = S extends `${string}${infer Rest}` ? LengthOf<Rest, [...Counted, 0]> : Counted['length']
/** A number's digits padded with zeros to five, as a type: `PadFive<'13'>` is `'00013'`. */
type PadFive<S extends string> = LengthOf<S> extends 0 | 1 | 2 | 3 | 4 ? PadFive<`0${S}`> : S

/** A descriptor whose `code` is typed as its literal, so the codes form a union (`ProblemCode`). */
function auth<const N extends number>(n: N, status: number, title: string): ProblemDescriptor & { readonly code: `AUTH-${PadFive<`${N}`>}` } {
  return { code: `AUTH-${String(n).padStart(5, '0')}` as `AUTH-${PadFive<`${N}`>}`, status, title }
}

/** Every AUTH problem by Altinn's descriptor name. */
export const Problems = {
  ReporteeOrgNoNotFound: auth(0, 400, "Can't resolve the Organisation Number from the logged in Reportee PartyId."),
  RightsNotFoundOrNotDelegable: auth(1, 400, 'One or more Right not found or not delegable.'),
  RightsFailedToDelegate: auth(2, 400, 'The Delegation failed.'),
  SystemUserFailedToCreate: auth(3, 400, 'Failed to create the SystemUser.'),
  SystemUserAlreadyExists: auth(4, 400, 'Failed to create new SystemUser, existing SystemUser tied to the given System-Id.'),
  GenericEndOfMethod: auth(5, 400, 'Default error at the end of logic chain. Not supposed to appear.'),
  ExternalRequestIdAlreadyAccepted: auth(6, 400, 'The combination of External Ids refer to an already Accepted SystemUser.'),
  ExternalRequestIdPending: auth(7, 400, 'The combination of External Ids refer to a Pending Request, please reuse or delete.'),
  ExternalRequestIdDenied: auth(8, 400, 'The combination of External Ids refer to a Denied Request, please delete and renew the Request.'),
  ExternalRequestIdRejected: auth(9, 400, 'The combination of External Ids refer to a Rejected Request, please delete and renew the Request.'),
  RequestNotFound: auth(10, 404, 'The Id does not refer to a Request in our system.'),
  SystemIdNotFound: auth(11, 404, 'The Id does not refer to a Registered System.'),
  RequestCouldNotBeStored: auth(12, 404, 'An error occured when storing the Request.'),
  RequestStatusNotNew: auth(13, 409, 'The Status of the Request is not New.'),
  UnableToDoDelegationCheck: auth(14, 403, 'DelegationCheck failed with unknown error.'),
  SystemUserNotFound: auth(15, 404, 'The SystemUser was not found.'),
  DelegationRightMissingRoleAccess: auth(16, 403, 'DelegationCheck failed with error: Has not access by a delegation of role in ER or Altinn.'),
  SystemNameNotFound: auth(17, 404, 'The SystemName was not found.'),
  DelegationRightMissingDelegationAccess: auth(18, 403, 'DelegationCheck failed with error: Has not access by direct delegation.'),
  DelegationRightMissingSrrRightAccess: auth(19, 403, 'DelegationCheck failed with error: The service requires explicit access in SRR and the reportee is missing this.'),
  DelegationRightInsufficientAuthenticationLevel: auth(20, 403, 'DelegationCheck failed with error: The service requires explicit authentication level and the reportee is missing this.'),
  RedirectUriNotFound: auth(21, 400, 'The RedirectUri was not found or not valid.'),
  RightsFailedToRevoke: auth(22, 400, 'The operation to revoke rights failed.'),
  VendorOrgNoNotFound: auth(23, 401, "Can't resolve the Organisation Number for the Vendor from the Token."),
  DeleteSystemUserNotOwned: auth(24, 403, "you don't have rights to delete this systemuser"),
  NotAnAgentRequest: auth(25, 400, 'The request id is valid but its not a valid request for creating an agent system user'),
  NoRedirectUrisFoundOnSystem: auth(26, 400, 'No redirect uris are set for the system'),
  RoleNotFoundForPackage: auth(27, 400, "The accesspackage provided in the request can't be mapped to a valid role."),
  CustomerIdNotFound: auth(28, 400, 'The customer id was not provided or did not validate.'),
  AgentRequestNotFound: auth(30, 404, 'The Id does not refer to an AgentRequest in our system.'),
  CustomerDelegationFailedToRevoke: auth(31, 400, 'Party does not match delegation facilitator.'),
  AgentSystemUserAssignmentNotFound: auth(32, 400, 'Assignment not found.'),
  AgentSystemUserFailedToDeleteAgent: auth(33, 400, 'Failed to delete the agent system user'),
  AgentSystemUserExpectedAgentUserType: auth(34, 400, 'The system user type of the provided system user GUID is not an agent.'),
  AgentSystemUserHasDelegations: auth(35, 400, 'The system user has delegations from customer. Remove the delegations before deleting the system user'),
  AgentSystemUserExpectedStandardUserType: auth(36, 400, 'The system user type of the provided system user GUID is not standard.'),
  AgentSystemUserTooManyAssignments: auth(37, 400, 'To many assignment found'),
  AgentSystemUserDelegationNotFound: auth(38, 400, 'Delegation not found'),
  AgentSystemUserInvalidDelegationFacilitator: auth(39, 400, 'Party does not match delegation facilitator'),
  AgentSystemUserDeleteDelegationPartyMismatch: auth(40, 400, 'Party does not match delegation assignments'),
  PartyIdRequestMismatch: auth(41, 403, "Party does not match request's orgno"),
  PartyIdAgentRequestMismatch: auth(42, 403, "Party does not match agent request's orgno"),
  AgentSystemUserFailedToGetClientsUnauthorized: auth(43, 401, 'Unauthorized'),
  AgentSystemUserFailedToGetClientsForbidden: auth(44, 403, 'Forbidden'),
  AgentSystemUserFailedToGetClients: auth(45, 400, 'Failed to get clients'),
  SystemUserFailedToGetAccessPackages: auth(46, 400, 'Failed to get list of accesspackages delegated'),
  SystemUserFailedToAddAsRightHolder: auth(47, 400, 'Unable to add system user as right holder to the organisation'),
  SystemUserFailedToPushSystemUser: auth(48, 400, 'Unable to push system user information to access management'),
  PartyPartyUuidNotFound: auth(49, 400, 'The party is missing its uuid.'),
  AccessPackageDelegationCheckFailed: auth(50, 400, 'The delegation check failed for access packages'),
  AccessPackageDelegationFailed: auth(51, 400, 'The delegation of access package to the system user failed'),
  AccessPackageValidationFailed: auth(52, 400, 'One or more access packages are invalid'),
  AccessPackageDelegationMissingRequiredAccess: auth(53, 400, 'The user does not have enough access to delegate the requested access packages'),
  SystemUserFailedToRemoveRightHolder: auth(54, 400, 'Unable to remove system user as right holder from the organisation'),
  AccessPackageFailedToGetDelegatedPackages: auth(55, 500, 'Failed to get delegated access packages'),
  SystemUserFailedToDelete: auth(56, 400, 'Failed to delete system user'),
  SystemUserFailedToDeleteAccessPackage: auth(57, 400, 'Failed to delete access package delegation for system user'),
  SystemUserMissingAccessPackage: auth(58, 400, 'No AccessPackages found, an Agent SystemUser must have at least one'),
  SystemUserMissingRightsOrAccessPackages: auth(59, 400, 'No AccessPackages or Single Rights found, a SystemUser must have at least one'),
  RequestCouldNotBeUpdated: auth(60, 404, 'An error occured when Updating the Request.'),
  ChangeRequestStatusNotNewUseCorrelationId: auth(61, 409, 'The Status of the Request is not New. Please generate a new CorrellationId for a new Change Request'),
  SystemUserFailedToGetDelegatedRights: auth(62, 500, 'Failed to get delegated rights'),
  AccessPackageNotFound: auth(63, 400, 'One or more accesspackage is not found in the referenced system in the System Register.'),
  AccessPackageNotDelegableStandard: auth(64, 400, 'One or more access packages cannot be delegated. Either they are intended for clients or they cannot be delegated further.'),
  AccessPackageNotDelegableAgent: auth(65, 400, 'One or more access packages cannot be delegated because they are not intended for client relationships'),
  RequestUserIsNotAccessManager: auth(66, 403, 'The request requires logged in user to have accessmanager write.'),
  SystemUserFailedToAddAsAgent: auth(67, 400, 'Unable to add system user as agent for the organisation'),
  DelegationRightMissingPackageAccess: auth(68, 403, 'DelegationCheck failed with error: Has not access by a delegation of package in Altinn.'),
  DelegationRightAccessListValidationFail: auth(69, 403, 'DelegationCheck failed with error: The receiver does not have the right based on Access List delegation.'),
  DelegationRightResourceNotDelegable: auth(70, 403, 'DelegationCheck failed with error: The resource cannot be delegated to another user or entity.'),
  DelegationRightResourceIsMaskinPortenSchema: auth(71, 403, 'DelegationCheck failed with error: The resource is not delegable because it is a Maskinporten schema resource.'),
  AgentSystemUserClientNotFound: auth(79, 400, 'Client not found.'),
  AgentSystemUserClientMissingAccessPackages: auth(80, 400, 'Client does not have the accesspackages the agent system user requires'),
} as const satisfies Record<string, ProblemDescriptor>

export type ProblemName = keyof typeof Problems

/** The catalogue by code, for looking up what a code means. */
export const ProblemsByCode: ReadonlyMap<string, ProblemDescriptor> = new Map(
  Object.values(Problems).map((p) => [p.code, p]),
)

function vld(n: number, title: string): ValidationDescriptor {
  return { code: `AUTH.VLD-${String(n).padStart(5, '0')}`, title }
}

/** A validation error descriptor (one entry of `validationErrors`). */
export interface ValidationDescriptor {
  readonly code: string
  readonly title: string
}

/** Every `AUTH.VLD` validation error (`src/Core/Errors/ValidationErrors.cs`). */
export const ValidationErrors = {
  SystemRegisterInvalidOrgIdentifier: vld(0, 'the org number identifier is not valid ISO6523 identifier'),
  SystemRegisterInvalidSystemId: vld(1, 'The system id does not match the format orgnumber_xxxx...'),
  SystemRegisterSystemIdExists: vld(2, 'The system id already exists'),
  SystemRegisterResourceIdDoesNotExist: vld(3, "One or more resources specified in rights were not found in Altinn's resource register."),
  SystemRegisterDuplicateClientId: vld(4, 'One of the client id is already tagged with an existing system'),
  SystemRegisterInvalidRedirectUrlFormat: vld(5, 'One or more of the redirect urls format is not valid. The valid format is https://xxx.xx'),
  SystemRegisterDuplicateRights: vld(6, 'One or more duplicate rights found'),
  SystemRegisterDuplicateAccessPackages: vld(7, 'One or more duplicate access package(s) found'),
  SystemRegisterInvalidAccessPackage: vld(8, "One or all the accesspackage(s) is not found in altinn's access packages or is not delegable"),
  SystemRegisterInvalidResourceIdFormat: vld(9, 'One or more resource id is in wrong format. The valid format is urn:altinn:resource'),
  SystemRegisterDuplicateClientIdInBody: vld(11, 'Request contains duplicate client ids'),
  SystemRegisterSystemIdMismatch: vld(12, 'The system ID in the request body does not match the system ID in the URL'),
  SystemRegisterSystemIdHasSpaces: vld(13, 'System ID cannot have spaces in id (leading, trailing or in between the id)'),
  // The client-delegation API's own (SystemUserClientDelegationController): Altinn gives two descriptors the code
  // VLD-00014, one for a missing `agent` and one for an unknown one.
  AgentQueryParameterInvalid: vld(14, 'The agent query parameter is missing or invalid'),
  SystemUserIdNotFound: vld(14, 'System user not found'),
  SystemUserNotAgent: vld(15, 'SystemUser is not a valid system user of type agent'),
  ClientQueryParameterInvalid: vld(16, 'The client query parameter is missing or invalid'),
  SystemRegisterResourceNotDelegable: vld(17, 'One or more resources specified in rights is of resource type which is not delegable.'),
  SystemRegisterNotAssignablePackageOnVisibleSystem: vld(18, "Access packages meant for system user for client relations can't be used in combination with the flag isVisible: true"),
} as const satisfies Record<string, ValidationDescriptor>

/** The validation-problem wrapper's code and title (`STD-00000`). */
export const ValidationProblem = {
  code: 'STD-00000',
  status: 400,
  title: 'One or more validation errors occurred.',
} as const

/**
 * Every code an Altinn problem carries at its top level: the catalogue's `AUTH-xxxxx` and the validation problem's
 * `STD-00000` (whose `AUTH.VLD-xxxxx` details are in `validationErrors`).
 *
 * @example
 * ```ts
 * const code: ProblemCode = Problems.RequestStatusNotNew.code // 'AUTH-00013'
 * ```
 */
export type ProblemCode = (typeof Problems)[ProblemName]['code'] | (typeof ValidationProblem)['code']

/**
 * ProblemDetails v5.4.0 (Altinn/altinn-authorization-utils `AltinnProblemDetails.cs`, `StatusDescriptions.cs`)
 * writes `statusDescription` on every Altinn problem, the STD-00000 validation problem included: ASP.NET's wording
 * of the status, or its reason phrase for a status the table leaves out.
 */
const STATUS_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  411: 'Length Required',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  417: 'Expectation Failed',
  421: 'Misdirected Request',
  422: 'Unprocessable Entity',
  426: 'Upgrade Required',
  500: 'An error occurred while processing your request.',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
  505: 'HTTP Version Not Supported',
}

/** ASP.NET's reason phrases (`ReasonPhrases`) for the statuses the table above leaves out. */
const REASON_PHRASES: Readonly<Record<number, string>> = {
  402: 'Payment Required',
  418: "I'm a teapot",
  423: 'Locked',
  424: 'Failed Dependency',
  425: 'Too Early',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  451: 'Unavailable For Legal Reasons',
  506: 'Variant Also Negotiates',
  507: 'Insufficient Storage',
  508: 'Loop Detected',
  510: 'Not Extended',
  511: 'Network Authentication Required',
}

/**
 * The `statusDescription` Altinn's problems carry for a status (empty for a status ASP.NET has no phrase for).
 *
 * @example
 * ```ts
 * statusDescriptionOf(404) // 'Not Found'
 * statusDescriptionOf(500) // 'An error occurred while processing your request.'
 * ```
 */
export function statusDescriptionOf(status: number): string {
  return STATUS_DESCRIPTIONS[status] ?? REASON_PHRASES[status] ?? ''
}

/** The `type` of a problem with the given code, as Altinn writes it. */
export function problemType(code: string): string {
  return `urn:altinn:error:${code}`
}

/** Maskinporten error codes used in `error_description`. */
export const MaskinportenCodes = {
  /** No system user matched the grant's `authorization_details`. */
  NoSystemUser: 'MP-303',
  ClientAuthFailed: 'MP-100',
  InvalidAudience: 'MP-110',
} as const
