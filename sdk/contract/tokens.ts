/**
 * The token side of the wire contract: Maskinporten's JWT-bearer grant and metadata (reference §7.1), Altinn's
 * token exchange and OpenID metadata (§7.2), the decision point (§13), and the "Krav og betalinger" service that
 * a system-user token is finally used against.
 *
 * @example
 * ```ts
 * import { JWT_BEARER_GRANT_TYPE, TokenRoutes, XacmlAttributeIds } from './tokens.ts'
 * const body = new URLSearchParams({ grant_type: JWT_BEARER_GRANT_TYPE, assertion })
 * ```
 */
import * as z from 'zod'
import { OrgIdentifierSchema } from './schemas.ts'
import { Scopes, type RouteTemplate } from './routes.ts'

/** RFC 7523's grant type, the only one Maskinporten's token endpoint takes. */
export const JWT_BEARER_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:jwt-bearer'

/** `authorization_details[].type` of a system-user grant (reference §7.1). */
export const SYSTEM_USER_DETAIL_TYPE = 'urn:altinn:systemuser'

/** The authority of `consumer` and `systemuser_org` (ISO 6523, Norwegian organisation numbers under `0192:`). */
export const ISO6523_ACTORID_UPIS = 'iso6523-actorid-upis'

/**
 * The members of a JSON Web Key that are private (RFC 7518 §6.2.2 for EC, §6.3.2 for RSA, §6.4 for `oct`; RFC 8037
 * for OKP): what a public key never carries, what the mock refuses in a registered key, and what no log shows.
 *
 * @example
 * ```ts
 * const isPrivate = PRIVATE_JWK_MEMBERS.some((member) => member in jwk)
 * ```
 */
export const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const

/**
 * Algorithms a grant assertion may be signed with. Maskinporten's docs list RS256, RS384 and RS512; ES256 is
 * accepted for clients registered with an EC key.
 */
export const ASSERTION_SIGNING_ALGS = ['RS256', 'RS384', 'RS512', 'ES256'] as const
export type AssertionSigningAlg = (typeof ASSERTION_SIGNING_ALGS)[number]

/** Longest lifetime Maskinporten accepts for a grant assertion: `exp - iat <= 120` seconds. */
export const MAX_ASSERTION_LIFETIME_SECONDS = 120

/** How far `iat` may lie ahead of Maskinporten's clock ("less than 10 seconds ahead/after our clock"). */
export const ASSERTION_CLOCK_SKEW_SECONDS = 10

/** The `error` values Maskinporten answers a grant with. */
export const MaskinportenErrors = {
  invalidRequest: 'invalid_request',
  invalidClient: 'invalid_client',
  invalidGrant: 'invalid_grant',
  invalidScope: 'invalid_scope',
  unsupportedGrantType: 'unsupported_grant_type',
  /** No system user matched the grant's `authorization_details` (`MaskinportenCodes.NoSystemUser` in the description). */
  invalidAltinnCustomerConfiguration: 'invalid_altinn_customer_configuration',
} as const
export type MaskinportenError = (typeof MaskinportenErrors)[keyof typeof MaskinportenErrors]

/** One entry of `authorization_details` in an issued system-user token (reference §7.1). */
export const SystemUserTokenDetailSchema = z.object({
  type: z.literal(SYSTEM_USER_DETAIL_TYPE),
  systemuser_org: OrgIdentifierSchema,
  systemuser_id: z.array(z.string()),
  system_id: z.string(),
  externalRef: z.string().nullish(),
})
export type SystemUserTokenDetail = z.infer<typeof SystemUserTokenDetailSchema>

/** RFC 8414 metadata of Maskinporten (`/.well-known/oauth-authorization-server`). */
export const AuthorizationServerMetadataSchema = z.looseObject({
  issuer: z.string(),
  token_endpoint: z.string(),
  jwks_uri: z.string(),
  grant_types_supported: z.array(z.string()).nullish(),
  token_endpoint_auth_methods_supported: z.array(z.string()).nullish(),
  token_endpoint_auth_signing_alg_values_supported: z.array(z.string()).nullish(),
  authorization_details_types_supported: z.array(z.string()).nullish(),
})
export type AuthorizationServerMetadata = z.infer<typeof AuthorizationServerMetadataSchema>

/** Altinn's OpenID discovery document (Altinn: `OpenIdController`, `DiscoveryDocument`). */
export const AltinnOpenIdConfigurationSchema = z.looseObject({
  issuer: z.string(),
  authorization_endpoint: z.string().nullish(),
  token_endpoint: z.string().nullish(),
  jwks_uri: z.string(),
  response_types_supported: z.array(z.string()).nullish(),
  subject_types_supported: z.array(z.string()).nullish(),
  id_token_signing_alg_values_supported: z.array(z.string()).nullish(),
})
export type AltinnOpenIdConfiguration = z.infer<typeof AltinnOpenIdConfigurationSchema>

/** A JSON Web Key Set of public keys. */
export const JwksSchema = z.object({ keys: z.array(z.looseObject({ kty: z.string(), kid: z.string().nullish() })) })
export type Jwks = z.infer<typeof JwksSchema>

/** Providers of `GET exchange/{provider}`, matched case-insensitively (reference §7.2). */
export const TokenExchangeProviders = ['maskinporten', 'id-porten', 'altinnstudio'] as const
export type TokenExchangeProvider = (typeof TokenExchangeProviders)[number]

/** Claims the exchange adds to an Altinn token (reference §7.2). */
export const AltinnTokenClaims = {
  orgNumber: 'urn:altinn:orgNumber',
  authenticateMethod: 'urn:altinn:authenticatemethod',
  authLevel: 'urn:altinn:authlevel',
  org: 'urn:altinn:org',
} as const

// ---------------------------------------------------------------------------------------------------------
// The decision point (reference §13): XACML 3.0 JSON profile, as Altinn's `XacmlJsonRequestRoot` binds it

/** Attribute ids a system-user decision request uses. */
export const XacmlAttributeIds = {
  systemUserUuid: 'urn:altinn:systemuser:uuid',
  actionId: 'urn:oasis:names:tc:xacml:1.0:action:action-id',
  resource: 'urn:altinn:resource',
  organizationNumber: 'urn:altinn:organization:identifier-no',
  partyId: 'urn:altinn:partyid',
  partyUuid: 'urn:altinn:party:uuid',
} as const

export const XacmlDecisions = ['Permit', 'Deny', 'NotApplicable', 'Indeterminate'] as const
export type XacmlDecision = (typeof XacmlDecisions)[number]

/** `urn:oasis:names:tc:xacml:1.0:status:*` codes of a result. */
export const XacmlStatusCodes = {
  ok: 'urn:oasis:names:tc:xacml:1.0:status:ok',
  missingAttribute: 'urn:oasis:names:tc:xacml:1.0:status:missing-attribute',
  syntaxError: 'urn:oasis:names:tc:xacml:1.0:status:syntax-error',
} as const

export const XacmlJsonAttributeSchema = z.object({
  AttributeId: z.string(),
  Value: z.string(),
  DataType: z.string().nullish(),
  Issuer: z.string().nullish(),
  IncludeInResult: z.boolean().nullish(),
})
export type XacmlJsonAttribute = z.infer<typeof XacmlJsonAttributeSchema>

export const XacmlJsonCategorySchema = z.object({
  CategoryId: z.string().nullish(),
  /** Referenced from `MultiRequests.RequestReference[].ReferenceId`. */
  Id: z.string().nullish(),
  Attribute: z.array(XacmlJsonAttributeSchema).nullish(),
})
export type XacmlJsonCategory = z.infer<typeof XacmlJsonCategorySchema>

export const XacmlJsonMultiRequestsSchema = z.object({
  RequestReference: z.array(z.object({ ReferenceId: z.array(z.string()) })),
})

export const XacmlJsonRequestSchema = z.object({
  ReturnPolicyIdList: z.boolean().nullish(),
  CombinedDecision: z.boolean().nullish(),
  AccessSubject: z.array(XacmlJsonCategorySchema).nullish(),
  Action: z.array(XacmlJsonCategorySchema).nullish(),
  Resource: z.array(XacmlJsonCategorySchema).nullish(),
  Category: z.array(XacmlJsonCategorySchema).nullish(),
  MultiRequests: XacmlJsonMultiRequestsSchema.nullish(),
})
export type XacmlJsonRequest = z.infer<typeof XacmlJsonRequestSchema>

/** Body of `POST /authorization/api/v1/authorize`. */
export const XacmlJsonRequestRootSchema = z.object({ Request: XacmlJsonRequestSchema })
export type XacmlJsonRequestRoot = z.infer<typeof XacmlJsonRequestRootSchema>

/** One decision of the answer (camelCase on the wire). */
export const XacmlJsonResultSchema = z.looseObject({
  decision: z.enum(XacmlDecisions),
  status: z
    .looseObject({
      statusMessage: z.string().nullish(),
      statusCode: z.looseObject({ value: z.string() }).nullish(),
    })
    .nullish(),
})
export type XacmlJsonResult = z.infer<typeof XacmlJsonResultSchema>

/** Answer of the decision point, `{"response": [{"decision": "Permit", ...}]}`. */
export const XacmlJsonResponseSchema = z.object({ response: z.array(XacmlJsonResultSchema) })
export type XacmlJsonResponse = z.infer<typeof XacmlJsonResponseSchema>

// ---------------------------------------------------------------------------------------------------------
// "Krav og betalinger"

/** The resource the service asks the decision point about. */
export const KRAV_OG_BETALINGER_RESOURCE = 'ske-krav-og-betalinger'

export const TaxClaimStatuses = ['open', 'partiallyPaid', 'paid'] as const
export type TaxClaimStatus = (typeof TaxClaimStatuses)[number]

/** One (synthetic) tax claim. Amounts are whole NOK. */
export const TaxClaimSchema = z.object({
  id: z.string(),
  type: z.string(),
  description: z.string(),
  period: z.string(),
  amount: z.number(),
  currency: z.literal('NOK'),
  dueDate: z.string(),
  status: z.enum(TaxClaimStatuses),
})
export type TaxClaim = z.infer<typeof TaxClaimSchema>

/** `GET /service/krav-og-betalinger/{orgNo}`: the organisation's claims and their sum. */
export const TaxClaimsResponseSchema = z.object({
  orgNo: z.string(),
  claims: z.array(TaxClaimSchema),
  total: z.number(),
})
export type TaxClaimsResponse = z.infer<typeof TaxClaimsResponseSchema>

/** Why the service refused (403, or 400 for a malformed organisation number). */
export const ServiceDenialSchema = z.object({
  error: z.string(),
  reason: z.string(),
  decision: z.enum(XacmlDecisions).nullish(),
})
export type ServiceDenial = z.infer<typeof ServiceDenialSchema>

// ---------------------------------------------------------------------------------------------------------
// Routes

/**
 * Routes of the token side that are not part of Altinn Authentication's own table.
 *
 * `maskinportenMetadataOnOrigin` is where RFC 8414 §3.1 puts the metadata of an issuer with a path
 * (`<origin>/maskinporten/`): between the host and the path. openid-client's `discovery(..., { algorithm:
 * 'oauth2' })` asks there.
 */
export const TokenRoutes = {
  maskinportenMetadataOnOrigin: { method: 'GET', surface: 'platform', path: '/.well-known/oauth-authorization-server/maskinporten' },
  authorize: { method: 'POST', surface: 'platform', path: '/authorization/api/v1/authorize' },
  kravOgBetalinger: { method: 'GET', surface: 'platform', path: '/service/krav-og-betalinger/{orgNo}', scopes: [Scopes.kravOgBetalinger] },
} as const satisfies Record<string, RouteTemplate>
