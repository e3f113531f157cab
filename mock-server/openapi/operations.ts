/**
 * What the route table does not say about each route, for the API description: its tag and summary, its success
 * answers and their bodies, its query parameters, its form fields, and examples (from the seed). Everything else
 * comes from the route itself: method, path, surface, scopes, body schema, and what its rules can answer
 * (`problems` on the route). One entry per route name; a test fails when a route has none.
 *
 * @example
 * ```ts
 * operations.createRequest.responses[201]!.body // RequestSystemResponseSchema
 * ```
 */
import * as z from 'zod'
import {
  AccessPackageSchema,
  AgentRequestSystemResponseSchema,
  AltinnOpenIdConfigurationSchema,
  AuthorizationServerMetadataSchema,
  ByQueryParams,
  ChangeRequestQueryParams,
  ChangeRequestResponseSchema,
  ClientDelegationQueryParams,
  ClientDelegationResponseSchema,
  ClientInfoPaginatedSchema,
  JWT_BEARER_GRANT_TYPE,
  JwksSchema,
  PaginatedSchema,
  RegisteredSystemDTOSchema,
  RegisteredSystemResponseSchema,
  RequestSystemResponseSchema,
  RightSchema,
  SystemChangeLogSchema,
  SystemInternalIdSchema,
  SystemRegisterUpdateResultSchema,
  SystemUserExternalDTOSchema,
  SystemUserInternalDTOSchema,
  TaxClaimsResponseSchema,
  TokenResponseSchema,
  XacmlJsonResponseSchema,
} from 'altinn-systemuser-sdk/contract'
import { DRESS_MINST } from '../seed/personas.ts'
import { SeedSchema } from '../seed/schema.ts'
import { confirmUrlOf, type Examples } from './examples.ts'
import { named } from './schemas.ts'

/**
 * The tags, in the order the document and the docs page show them.
 *
 * @example
 * ```ts
 * Tags.control.name // 'Control API (mock only)'
 * ```
 */
export const Tags = {
  systemRegister: { name: 'System register', description: "The vendor's systems (Altinn: SystemRegisterController)." },
  requests: { name: 'System-user requests', description: 'Standard requests: the vendor asks a customer for a system user (Altinn: RequestSystemUserController).' },
  agentRequests: { name: 'Agent requests', description: 'Agent requests: an accounting firm is asked for access packages it may use for its clients.' },
  changeRequests: { name: 'Change requests', description: "More or fewer rights for an existing system user (Altinn: ChangeRequestSystemUserController)." },
  systemUsers: { name: 'System users', description: "The vendor's and Maskinporten's reads of system users (Altinn: SystemUserController)." },
  clientDelegation: {
    name: 'Client delegation',
    description:
      "An accounting firm's clients on its agent system users, for its client administration: a person's exchanged ID-porten token, or a client-administrator system user's token (Altinn: SystemUserClientDelegationController).",
  },
  maskinporten: { name: 'Maskinporten', description: "Maskinporten's metadata, keys and JWT-bearer grant; paths relative to the issuer." },
  tokens: { name: 'Token exchange and OpenID', description: "Altinn's token exchange and its OpenID metadata (Altinn: AuthenticationController, OpenIdController)." },
  pdp: { name: 'Authorization (PDP)', description: "Altinn's decision point for service owners." },
  service: { name: 'Demo service', description: 'A stand-in for "Krav og betalinger", the service a system-user token is used against.' },
  portal: { name: 'Portal pages', description: 'The Altinn portal pages (am.ui) where end users approve: server-rendered HTML, in bokmål.' },
  control: { name: 'Control API (mock only)', description: 'Drives the mock from tests and demos; never part of real Altinn.' },
  demo: { name: 'Front page and demo vendor (mock only)', description: "The mock's front page and SmartCloud, a demo vendor that shows the seed guides' stories in a browser; never part of real Altinn." },
} as const

export type TagKey = keyof typeof Tags

/** What a body is: JSON of a schema, or a kind of text, a font file, or nothing. */
export type Body = z.ZodType | 'html' | 'text' | 'css' | 'js' | 'font' | 'none'

/** A success answer. */
export interface Success {
  readonly description: string
  readonly body: Body
  /** The answer carries a `Location` header. */
  readonly location?: string
  readonly example?: (x: Examples) => unknown
}

export interface QueryParam {
  readonly name: string
  readonly description: string
  readonly required?: boolean
  readonly example?: (x: Examples) => string
}

export interface OperationDoc {
  readonly tag: TagKey
  readonly summary: string
  readonly description?: string
  readonly responses: Readonly<Record<number, Success>>
  readonly query?: readonly QueryParam[]
  /** Fields of an `application/x-www-form-urlencoded` body. */
  readonly form?: z.ZodType
  /** An optional JSON body the route reads itself (routes with a `body` schema need none here). */
  readonly optionalBody?: z.ZodType
  /** Examples of path parameters, where the parameter's name alone does not say which seeded value fits. */
  readonly params?: Readonly<Record<string, (x: Examples) => string>>
  readonly requestExample?: (x: Examples) => unknown
}

// ---------------------------------------------------------------------------------------------------------
// Shapes of answers that are not in the contract (lists, and the mock's own control API)

const RequestPage = named('RequestSystemResponsePaginated', PaginatedSchema(RequestSystemResponseSchema))
const AgentRequestPage = named('AgentRequestSystemResponsePaginated', PaginatedSchema(AgentRequestSystemResponseSchema))
const ChangeRequestPage = named('ChangeRequestResponsePaginated', PaginatedSchema(ChangeRequestResponseSchema))
const SystemUserPage = named('SystemUserExternalDTOPaginated', PaginatedSchema(SystemUserExternalDTOSchema))

const Anything = named('AnyObject', z.looseObject({}))
const Health = named('Health', z.object({ status: z.literal('ok') }))
const SeedView = named('SeedInForce', SeedSchema.omit({ keys: true, $schema: true }))
const StateView = named(
  'MockState',
  z.object({
    now: z.string(),
    systems: z.array(Anything),
    requests: z.array(Anything),
    changeRequests: z.array(Anything),
    systemUsers: z.array(Anything),
    clientDelegations: z.array(z.object({ systemUserId: z.string(), clientOrgNo: z.string(), addedAt: z.string(), addedBy: z.string().nullable() })),
  }),
)
const Decision = named(
  'ControlDecision',
  z.object({
    request: Anything,
    systemUser: SystemUserExternalDTOSchema.extend({ rights: z.array(RightSchema), accessPackages: z.array(AccessPackageSchema) }).partial({ rights: true, accessPackages: true }).optional(),
    decidedBy: z.string().optional(),
  }),
)
const Decider = named('ControlDecider', z.object({ pid: z.string().nullish() }))
const Clients = named('ControlClients', z.object({ systemUserId: z.string(), clients: z.array(z.string()) }))
const ClockView = named('ControlClock', z.object({ now: z.string(), shifted: z.boolean(), warning: z.string().optional() }))
const ResetOptions = named('ControlResetOptions', z.object({ keepClock: z.boolean().nullish() }))
const FaultList = named('ControlFaults', z.object({ faults: z.array(Anything) }))
const Journal = named('ControlJournal', z.object({ entries: z.array(Anything), total: z.number(), capacity: z.number() }))
const SeedAdded = named('ControlSeedAdded', z.object({ added: z.record(z.string(), z.number()) }))
const IssuedTokens = named('ControlIssuedTokens', z.object({ tokens: z.array(Anything) }))
const MaskinportenClient = named(
  'MaskinportenClient',
  z.object({ clientId: z.string(), orgNo: z.string(), kid: z.string(), jwks: z.object({ keys: z.array(Anything) }), scopes: z.array(z.string()) }),
)
const TokenForm = named('TokenGrantForm', z.object({ grant_type: z.literal(JWT_BEARER_GRANT_TYPE), assertion: z.string() }))
const PortalForm = named('PortalForm', z.looseObject({ _csrf: z.string() }))
const InspectorForm = named('InspectorForm', z.looseObject({ _csrf: z.string() }))

// ---------------------------------------------------------------------------------------------------------
// Small builders

const ok = (body: Body, description = 'OK', example?: (x: Examples) => unknown): Success => ({ description, body, ...(example ? { example } : {}) })
const noContent = (description = 'Done; no body.'): Success => ({ description, body: 'none' })
const redirect = (description: string): Success => ({ description, body: 'none', location: description })
const page = (summary: string, query: readonly QueryParam[] = []): OperationDoc => ({
  tag: 'portal',
  summary,
  responses: { 200: ok('html', 'The page.'), 302: redirect('Not logged in: to the login page; or no organisation chosen yet: to the choice of organisation.') },
  ...(query.length ? { query } : {}),
})
const form = (summary: string, done: string): OperationDoc => ({
  tag: 'portal',
  summary,
  form: PortalForm,
  responses: { 302: redirect(done) },
})
const control = (summary: string, responses: Record<number, Success>, more: Partial<OperationDoc> = {}): OperationDoc => ({ tag: 'control', summary, responses, ...more })

const pageToken: QueryParam = { name: 'token', description: 'The opaque token of the next page, from `links.next` of the page before.' }
const requestId: QueryParam = { name: 'id', description: 'The id of the request.', required: true, example: (x) => x.requestId }
const dontChoose: QueryParam = { name: 'DONTCHOOSEREPORTEE', description: '`true`: act for the request\'s party without the choice of organisation (as the `confirmUrl` says).', example: () => 'true' }

// ---------------------------------------------------------------------------------------------------------
// Examples of bodies

const standardRequest = (x: Examples) => ({ systemId: x.standardSystemId, partyOrgNo: x.customerOrgNo, rights: [x.right], redirectUrl: `${x.redirectUrl}?state=42` })
const standardAnswer = (x: Examples, withConfirmUrl = true) => ({
  id: x.requestId,
  integrationTitle: 'SmartCloud',
  externalRef: x.customerOrgNo,
  systemId: x.standardSystemId,
  partyOrgNo: x.customerOrgNo,
  rights: [x.right],
  accessPackages: [],
  status: 'New',
  redirectUrl: `${x.redirectUrl}?state=42`,
  ...(withConfirmUrl ? { confirmUrl: confirmUrlOf(x, 'standard', x.requestId) } : {}),
  escalated: false,
  created: x.created,
  timedOut: false,
})
const agentRequest = (x: Examples) => ({ systemId: x.agentSystemId, partyOrgNo: x.facilitatorOrgNo, accessPackages: [x.accessPackage], redirectUrl: x.redirectUrl })
const agentAnswer = (x: Examples, withConfirmUrl = true) => ({
  id: x.agentRequestId,
  integrationTitle: 'SmartCloud Regnskapsfører',
  externalRef: x.facilitatorOrgNo,
  systemId: x.agentSystemId,
  partyOrgNo: x.facilitatorOrgNo,
  accessPackages: [x.accessPackage],
  status: 'New',
  redirectUrl: x.redirectUrl,
  ...(withConfirmUrl ? { confirmUrl: confirmUrlOf(x, 'agent', x.agentRequestId) } : {}),
  escalated: false,
  created: x.created,
  timedOut: false,
})
const changeAnswer = (x: Examples) => ({
  id: x.changeRequestId,
  externalRef: x.customerOrgNo,
  systemId: x.standardSystemId,
  systemUserId: x.requestId,
  partyOrgNo: x.customerOrgNo,
  requiredRights: [],
  unwantedRights: [x.right],
  requiredAccessPackages: [],
  unwantedAccessPackages: [],
  status: 'New',
  confirmUrl: confirmUrlOf(x, 'change', x.changeRequestId),
  created: x.created,
  timedOut: false,
})
const systemUserAnswer = (x: Examples) => ({
  id: x.requestId,
  integrationTitle: 'SmartCloud',
  systemId: x.standardSystemId,
  productName: '',
  reporteeOrgNo: x.customerOrgNo,
  created: x.created,
  isDeleted: false,
  supplierName: '',
  supplierOrgno: x.vendorOrgNo,
  externalRef: x.customerOrgNo,
  userType: 'standard',
})
const page1 = <T>(item: T) => ({ links: {}, data: [item] })

// ---------------------------------------------------------------------------------------------------------
// Every route

/**
 * The description of every route, by the route's name (its operation id).
 *
 * @example
 * ```ts
 * operations.getRequest.summary // 'A request, by id'
 * ```
 */
export const operations: Readonly<Record<string, OperationDoc>> = {
  // System register
  createSystem: {
    tag: 'systemRegister',
    summary: 'Register a system',
    description: "The system's id must start with the vendor's organisation number and `_`. Answers the new internal id as a JSON string.",
    responses: { 200: ok(SystemInternalIdSchema, 'The internal id of the new system, as a JSON string.') },
    requestExample: (x) => ({
      id: `${x.vendorOrgNo}_example`,
      vendor: { authority: 'iso6523-actorid-upis', ID: `0192:${x.vendorOrgNo}` },
      name: { nb: 'Eksempel', nn: 'Eksempel', en: 'Example' },
      description: { nb: 'Et eksempelsystem', nn: 'Eit eksempelsystem', en: 'An example system' },
      rights: [x.right],
      clientId: ['0c6d1a2b-3e4f-4a5b-8c7d-9e0f1a2b3c4d'],
      isVisible: true,
      allowedRedirectUrls: [x.redirectUrl],
    }),
  },
  listSystems: { tag: 'systemRegister', summary: "The vendor's systems", responses: { 200: ok(z.array(RegisteredSystemDTOSchema)) } },
  getSystem: { tag: 'systemRegister', summary: 'One of the vendor\'s systems (deleted ones too)', responses: { 200: ok(RegisteredSystemResponseSchema) } },
  updateSystem: { tag: 'systemRegister', summary: 'Replace a system\'s registration', responses: { 200: ok(SystemRegisterUpdateResultSchema, 'Updated.') } },
  updateSystemRights: {
    tag: 'systemRegister',
    summary: "Replace a system's rights",
    responses: { 200: ok(SystemRegisterUpdateResultSchema, 'Updated.') },
    requestExample: (x) => [x.right],
  },
  updateSystemAccessPackages: {
    tag: 'systemRegister',
    summary: "Replace a system's access packages",
    responses: { 200: ok(SystemRegisterUpdateResultSchema, 'Updated.') },
    params: { systemId: (x) => x.agentSystemId },
    requestExample: (x) => [x.accessPackage],
  },
  deleteSystem: { tag: 'systemRegister', summary: 'Delete a system (soft; its client ids are released)', responses: { 200: ok(SystemRegisterUpdateResultSchema, 'Deleted.') } },
  getSystemChangelog: { tag: 'systemRegister', summary: "A system's change log", responses: { 200: ok(z.array(SystemChangeLogSchema)) } },
  listVisibleSystems: { tag: 'systemRegister', summary: 'Every visible system (what self-service offers)', responses: { 200: ok(z.array(RegisteredSystemDTOSchema)) } },
  getSystemPublic: { tag: 'systemRegister', summary: 'A system, as end users see it', responses: { 200: ok(RegisteredSystemDTOSchema) } },
  getSystemRights: { tag: 'systemRegister', summary: "A system's rights", responses: { 200: ok(z.array(RightSchema)) } },
  getSystemAccessPackages: {
    tag: 'systemRegister',
    summary: "A system's access packages",
    responses: { 200: ok(z.array(AccessPackageSchema)) },
    params: { systemId: (x) => x.agentSystemId },
  },

  // Standard requests
  createRequest: {
    tag: 'requests',
    summary: 'Ask a customer for a system user',
    description:
      'The triple (partyOrgNo, externalRef, systemId) identifies the request; `externalRef` defaults to `partyOrgNo`. The same triple again answers the existing request with 200, whatever its status, until the vendor deletes it. Send the customer to `confirmUrl`.',
    responses: {
      201: { ...ok(RequestSystemResponseSchema, 'Created.', (x) => standardAnswer(x)), location: 'The new request.' },
      200: ok(RequestSystemResponseSchema, 'A request with this triple exists already: that request, as it stands.', (x) => standardAnswer(x)),
    },
    requestExample: standardRequest,
  },
  getRequest: { tag: 'requests', summary: 'A request, by id', responses: { 200: ok(RequestSystemResponseSchema, 'OK', (x) => standardAnswer(x)) } },
  getRequestByExternalRef: {
    tag: 'requests',
    summary: 'A request, by its triple',
    responses: { 200: ok(RequestSystemResponseSchema, 'OK', (x) => standardAnswer(x)) },
  },
  listRequests: {
    tag: 'requests',
    summary: "A system's requests, a page at a time",
    responses: { 200: ok(RequestPage, 'A page; `links.next` is absent on the last one.', (x) => page1(standardAnswer(x, false))) },
    query: [pageToken],
  },
  deleteRequest: { tag: 'requests', summary: 'Delete a request (its triple may then be used again)', responses: { 202: noContent('Deleted; no body.') } },

  // Agent requests
  createAgentRequest: {
    tag: 'agentRequests',
    summary: 'Ask an accounting firm for an agent system user',
    description: 'Access packages only; each must be on the system and delegable through a client relationship. The same triple again answers the existing request with 200.',
    responses: {
      201: { ...ok(AgentRequestSystemResponseSchema, 'Created.', (x) => agentAnswer(x)), location: 'The new request.' },
      200: ok(AgentRequestSystemResponseSchema, 'A request with this triple exists already: that request, as it stands.', (x) => agentAnswer(x)),
    },
    requestExample: agentRequest,
  },
  getAgentRequest: {
    tag: 'agentRequests',
    summary: 'An agent request, by id',
    responses: { 200: ok(AgentRequestSystemResponseSchema, 'OK', (x) => agentAnswer(x)) },
    params: { requestId: (x) => x.agentRequestId },
  },
  getAgentRequestByExternalRef: {
    tag: 'agentRequests',
    summary: 'An agent request, by its triple',
    responses: { 200: ok(AgentRequestSystemResponseSchema, 'OK', (x) => agentAnswer(x)) },
    params: { systemId: (x) => x.agentSystemId, orgNo: (x) => x.facilitatorOrgNo, externalRef: (x) => x.facilitatorOrgNo },
  },
  listAgentRequests: {
    tag: 'agentRequests',
    summary: "A system's agent requests, a page at a time",
    responses: { 200: ok(AgentRequestPage, 'A page; `links.next` is absent on the last one.', (x) => page1(agentAnswer(x, false))) },
    params: { systemId: (x) => x.agentSystemId },
    query: [pageToken],
  },

  // Change requests
  createChangeRequest: {
    tag: 'changeRequests',
    summary: 'Ask the owner of a system user for more or fewer rights',
    description:
      'The vendor makes the change request\'s id (`correlation-id`, a new GUID); the same id again answers the change request as it stands (200). Four empty lists answer `NoChangeNeeded` at once (200) and store nothing.',
    responses: {
      201: { ...ok(ChangeRequestResponseSchema, 'Created.', changeAnswer), location: 'The new change request.' },
      200: ok(ChangeRequestResponseSchema, 'The change request of this correlation id as it stands, or `NoChangeNeeded`.'),
    },
    query: [
      { name: ChangeRequestQueryParams.correlationId, description: 'A new GUID of yours: the change request\'s id.', required: true, example: (x) => x.changeRequestId },
      { name: ChangeRequestQueryParams.systemUserId, description: 'The system user to change.', required: true, example: (x) => x.requestId },
    ],
    requestExample: (x) => ({ unwantedRights: [x.right] }),
  },
  getChangeRequest: {
    tag: 'changeRequests',
    summary: 'A change request, by id',
    responses: { 200: ok(ChangeRequestResponseSchema, 'OK', changeAnswer) },
    params: { requestId: (x) => x.changeRequestId },
  },
  getChangeRequestByExternalRef: { tag: 'changeRequests', summary: 'A change request, by its system user\'s triple', responses: { 200: ok(ChangeRequestResponseSchema) } },
  listChangeRequests: {
    tag: 'changeRequests',
    summary: "A system's change requests, a page at a time",
    responses: { 200: ok(ChangeRequestPage, 'A page; `links.next` is absent on the last one.') },
    query: [pageToken],
  },
  deleteChangeRequest: {
    tag: 'changeRequests',
    summary: 'Delete a change request',
    responses: { 202: noContent('Deleted; no body.') },
    params: { requestId: (x) => x.changeRequestId },
  },

  // System users
  listSystemUsers: {
    tag: 'systemUsers',
    summary: "A system's system users, a page at a time",
    responses: { 200: ok(SystemUserPage, 'A page; `links.next` is absent on the last one.', (x) => page1(systemUserAnswer(x))) },
    query: [pageToken],
  },
  getSystemUserByQuery: {
    tag: 'systemUsers',
    summary: 'A system user, by system, owner and external reference',
    responses: { 200: ok(SystemUserExternalDTOSchema, 'OK', systemUserAnswer) },
    query: [
      { name: ByQueryParams.systemId, description: 'The system.', required: true, example: (x) => x.standardSystemId },
      { name: ByQueryParams.orgNo, description: 'The organisation that owns the system user.', required: true, example: (x) => x.customerOrgNo },
      { name: ByQueryParams.externalRef, description: 'The external reference (the owner\'s organisation number unless the request named one).', example: (x) => x.customerOrgNo },
    ],
  },
  getSystemUserByExternalId: {
    tag: 'systemUsers',
    summary: "Maskinporten's lookup of a system user",
    description: '`productName` carries the system id here (Altinn: a temporary fix for Maskinporten).',
    responses: { 200: ok(SystemUserExternalDTOSchema) },
    query: [
      { name: 'clientId', description: 'The Maskinporten client.', required: true, example: (x) => x.clientId },
      { name: 'systemProviderOrgNo', description: 'The vendor.', required: true, example: (x) => x.vendorOrgNo },
      { name: 'systemUserOwnerOrgNo', description: 'The owner of the system user.', required: true, example: (x) => x.customerOrgNo },
      { name: 'externalRef', description: 'The external reference.' },
    ],
  },

  // Client delegation
  listAgentSystemUsers: {
    tag: 'clientDelegation',
    summary: "The organisation's agent system users",
    responses: { 200: ok(named('SystemUserInternalDTOList', z.array(SystemUserInternalDTOSchema))) },
    query: [{ name: ClientDelegationQueryParams.party, description: 'The organisation number of the owner (the accounting firm).', required: true, example: (x) => x.facilitatorOrgNo }],
  },
  listAvailableClients: {
    tag: 'clientDelegation',
    summary: 'The clients an agent system user may be given',
    description: "The firm's clients whose relationship carries every access package of the system user, given or not. `clientId` is the client's party UUID.",
    responses: { 200: ok(ClientInfoPaginatedSchema) },
    query: [{ name: ClientDelegationQueryParams.agent, description: 'The agent system user (a GUID).', example: (x) => x.agentRequestId }],
  },
  listClients: {
    tag: 'clientDelegation',
    summary: 'The clients of an agent system user',
    responses: { 200: ok(ClientInfoPaginatedSchema) },
    query: [{ name: ClientDelegationQueryParams.agent, description: 'The agent system user (a GUID).', example: (x) => x.agentRequestId }],
  },
  addClient: {
    tag: 'clientDelegation',
    summary: 'Give an agent system user a client',
    description: 'The rules of the portal\'s "Legg til klient" (AUTH-00079, AUTH-00080). No body; the same client again changes nothing.',
    responses: { 200: ok(ClientDelegationResponseSchema, 'The agent and the client, as sent.') },
    query: [
      { name: ClientDelegationQueryParams.agent, description: 'The agent system user (a GUID).', example: (x) => x.agentRequestId },
      { name: ClientDelegationQueryParams.client, description: "The client's party UUID.", example: () => '4f3c2b1a-0d9e-4c8b-a7f6-e5d4c3b2a190' },
    ],
  },
  removeClient: {
    tag: 'clientDelegation',
    summary: 'Take a client away from an agent system user',
    description: 'Altinn does not check first that the client was given: a client the system user does not have answers 200 as well.',
    responses: { 200: ok(ClientDelegationResponseSchema, 'The agent and the client, as sent.') },
    query: [
      { name: ClientDelegationQueryParams.agent, description: 'The agent system user (a GUID).', example: (x) => x.agentRequestId },
      { name: ClientDelegationQueryParams.client, description: "The client's party UUID.", example: () => '4f3c2b1a-0d9e-4c8b-a7f6-e5d4c3b2a190' },
    ],
  },

  // ID-porten (the mock's)
  idportenOpenIdConfiguration: {
    tag: 'tokens',
    summary: "The mock ID-porten's metadata (issuer `<origin>/idporten/`)",
    description: 'No login or token endpoint: a person\'s token comes from `POST /__mock/tokens/idporten`.',
    responses: { 200: ok(Anything) },
  },
  idportenJwks: { tag: 'tokens', summary: "The keys that verify the mock ID-porten's tokens", responses: { 200: ok(JwksSchema) } },

  // Maskinporten
  maskinportenMetadata: { tag: 'maskinporten', summary: "Maskinporten's metadata (RFC 8414)", responses: { 200: ok(AuthorizationServerMetadataSchema) } },
  maskinportenMetadataOnOrigin: {
    tag: 'maskinporten',
    summary: "Maskinporten's metadata where RFC 8414 §3.1 puts it for an issuer with a path",
    responses: { 200: ok(AuthorizationServerMetadataSchema) },
  },
  maskinportenJwks: { tag: 'maskinporten', summary: "The keys that verify Maskinporten's tokens", responses: { 200: ok(JwksSchema) } },
  maskinportenToken: {
    tag: 'maskinporten',
    summary: 'The JWT-bearer grant: a Maskinporten token (a system-user token with authorization_details)',
    description:
      'The assertion is a JWT signed with the client\'s key (RS256, RS384, RS512 or ES256, at most 120 seconds long): `aud` the issuer, `iss` the client id, `scope`, and for a system-user token `authorization_details: [{"type": "urn:altinn:systemuser", "systemuser_org": {"authority": "iso6523-actorid-upis", "ID": "0192:<orgno>"}}]`.',
    form: TokenForm,
    responses: { 200: ok(TokenResponseSchema, 'A token; not to be cached (`Cache-Control: no-store`).') },
    requestExample: () => ({ grant_type: JWT_BEARER_GRANT_TYPE, assertion: '<a JWT signed with the client\'s key>' }),
  },

  // Token exchange and OpenID
  exchangeToken: {
    tag: 'tokens',
    summary: 'Exchange a Maskinporten or ID-porten token for an Altinn token',
    description:
      'Send the Maskinporten token (`maskinporten`) or a person\'s ID-porten token (`id-porten`) as the bearer token. The answer is the Altinn token itself, as text.',
    responses: { 200: ok('text', 'The Altinn token (a JWT), as text.') },
    params: { provider: () => 'maskinporten' },
  },
  altinnOpenIdConfiguration: { tag: 'tokens', summary: "Altinn's OpenID discovery document", responses: { 200: ok(AltinnOpenIdConfigurationSchema) } },
  altinnJwks: { tag: 'tokens', summary: "The keys that verify Altinn's tokens", responses: { 200: ok(JwksSchema) } },

  // Decision point and the demo service
  authorize: {
    tag: 'pdp',
    summary: 'Decide whether a system user may act on a resource for a party (XACML 3.0 JSON profile)',
    responses: { 200: ok(XacmlJsonResponseSchema) },
    requestExample: (x) => ({
      Request: {
        AccessSubject: [{ Attribute: [{ AttributeId: 'urn:altinn:systemuser:uuid', Value: x.requestId }] }],
        Action: [{ Attribute: [{ AttributeId: 'urn:oasis:names:tc:xacml:1.0:action:action-id', Value: 'read' }] }],
        Resource: [
          {
            Attribute: [
              { AttributeId: 'urn:altinn:resource', Value: x.right.resource[0]?.value ?? 'ske-krav-og-betalinger' },
              { AttributeId: 'urn:altinn:organization:identifier-no', Value: x.customerOrgNo },
            ],
          },
        ],
      },
    }),
  },
  kravOgBetalinger: {
    tag: 'service',
    summary: "An organisation's tax claims, for a system user that may read them",
    responses: { 200: ok(TaxClaimsResponseSchema) },
  },

  // Portal pages
  portalHome: { tag: 'portal', summary: 'The portal: to the overview', responses: { 302: redirect('To the overview.') } },
  portalAsset: { tag: 'portal', summary: "The portal's style sheets (Digdir's design system)", responses: { 200: ok('css', 'The style sheet.') }, params: { name: () => 'designsystemet.css' } },
  portalLogin: { tag: 'portal', summary: 'Log in with TestID: pick a seeded person or type a synthetic person number', responses: { 200: ok('html', 'The page.') }, query: [{ name: 'next', description: 'Where to go after logging in (a path on this site).' }] },
  portalLoginSubmit: {
    tag: 'portal',
    summary: 'Log in',
    form: PortalForm,
    responses: { 302: redirect('Logged in: to `next`, or to the choice of organisation.') },
  },
  portalLogout: form('Log out', 'To the logged-out page.'),
  portalLoggedOut: { tag: 'portal', summary: 'Logged out', responses: { 200: ok('html', 'The page.') } },
  portalChooseActor: page('Choose the organisation to act for', [{ name: 'next', description: 'Where to go afterwards.' }]),
  portalChooseActorSubmit: form('Act for an organisation', 'To `next`, or to the overview.'),
  portalRequest: page('A standard request: approve, reject, or forward to the access managers', [requestId, dontChoose]),
  portalAgentRequest: page('An agent request: approve, reject, or forward to the access managers', [{ ...requestId, example: (x) => x.agentRequestId }, dontChoose]),
  portalApprove: form('Approve a standard request', "To the request's `redirectUrl` as stored (logged out), or to the logged-out page."),
  portalReject: form('Reject a standard request', "To the request's `redirectUrl` as stored (logged out), or to the logged-out page."),
  portalEscalate: form('Forward a standard request to the access managers', 'Back to the request page.'),
  portalAgentApprove: form('Approve an agent request', "To the request's `redirectUrl` as stored (logged out), or to the logged-out page."),
  portalAgentReject: form('Reject an agent request', "To the request's `redirectUrl` as stored (logged out), or to the logged-out page."),
  portalAgentEscalate: form('Forward an agent request to the access managers', 'Back to the request page.'),
  portalChangeRequest: page('A change request: approve or reject', [{ ...requestId, example: (x) => x.changeRequestId }, dontChoose]),
  portalChangeRequestApprove: form('Approve a change request', "To the change request's `redirectUrl` as stored (logged out), or to the logged-out page."),
  portalChangeRequestReject: form('Reject a change request', "To the change request's `redirectUrl` as stored (logged out), or to the logged-out page."),
  portalOverview: page("The organisation's system users and pending requests"),
  portalCreate: page('Create a system user without a request (self-service)', [{ name: 'systemId', description: 'The system chosen: the confirmation step.', example: (x) => x.standardSystemId }]),
  portalCreateSubmit: { ...form('Create the system user', "To the new system user's page."), responses: { 302: redirect("To the new system user's page."), 400: ok('html', 'A system user of this system exists already (AUTH-00004): the confirmation page with the reason.') } },
  portalSystemUser: { ...page("A system user's rights and packages"), params: { id: (x) => x.requestId } },
  portalDeleteSystemUser: { ...form('Delete a system user', 'To the overview.'), params: { id: (x) => x.requestId } },
  portalAgentDelegation: { ...page("An agent system user's clients"), params: { id: (x) => x.agentRequestId } },
  portalAddClient: { ...form('Add a client to an agent system user', "Back to the system user's clients."), params: { id: (x) => x.agentRequestId } },
  portalRemoveClient: { ...form('Remove a client from an agent system user', "Back to the system user's clients."), params: { id: (x) => x.agentRequestId } },
  portalDeleteSystemUserConfirm: { ...page('Confirm deleting a system user: the form that deletes it'), params: { id: (x) => x.requestId } },
  portalFont: { tag: 'portal', summary: "The portal's font (Inter, latin, from @fontsource/inter)", responses: { 200: ok('font', 'The font file (woff2).') }, params: { name: () => 'inter-latin-400-normal.woff2' } },
  portalNotFound: {
    tag: 'portal',
    summary: 'Any other path under the portal: a "page not found" page',
    description: 'The path parameter takes the rest of the path (one segment or more).',
    responses: { 404: ok('html', 'The page.') },
    params: { path: () => 'finnes-ikke' },
  },

  // The front page and the demo vendor
  frontPage: { tag: 'demo', summary: 'The front page: what this is, both stories to start, the personas, the links (bokmål)', responses: { 200: ok('html', 'The page.') } },
  demoHome: { tag: 'demo', summary: 'SmartCloud, the demo vendor: "Koble til Altinn" for a customer or an accounting firm', responses: { 200: ok('html', 'The page.') } },
  demoStyles: { tag: 'demo', summary: "SmartCloud's style sheet", responses: { 200: ok('css', 'The style sheet.') } },
  demoConnect: {
    tag: 'demo',
    summary: 'SmartCloud creates the request with the SDK and sends the browser to Altinn',
    form: named('SmartCloudConnectForm', z.object({ _csrf: z.string(), historie: z.enum(['standard', 'agent']) })),
    responses: { 303: redirect("To the request's `confirmUrl` in the portal.") },
  },
  demoReceipt: {
    tag: 'demo',
    summary: "SmartCloud's receipt page: the outcome read from the API, and the claims once approved",
    query: [{ name: 'state', description: "SmartCloud's signed state (the SDK's), naming the request the browser started.", required: true }],
    responses: { 200: ok('html', 'The page: approved (with the claims), rejected, or still pending.') },
  },

  // Control API
  healthz: control('Ready', { 200: ok(Health) }),
  controlSeed: control('The seed in force (with the test-only private keys of the Maskinporten clients)', { 200: ok(SeedView) }),
  controlReset: control(
    'Back to the seed and to real time, with no fault rules and an empty journal',
    { 204: noContent() },
    { description: 'Body optional: `{"keepClock": true}` leaves the clock where it is.', optionalBody: ResetOptions, requestExample: () => ({ keepClock: true }) },
  ),
  controlState: control('Everything the mock holds', { 200: ok(StateView) }),
  controlApprove: control(
    'Approve a request or a change request, with the portal\'s rules',
    { 200: ok(Decision, 'Approved: the request and its system user.') },
    { description: 'Body `{"pid": "<person>"}`, optional: by default a seeded person who may decide for the party.', optionalBody: Decider, requestExample: (x) => ({ pid: x.pid }) },
  ),
  controlReject: control('Reject a request or a change request', { 200: ok(Decision, 'Rejected.') }, { optionalBody: Decider, requestExample: (x) => ({ pid: x.pid }) }),
  controlEscalate: control('Forward a request to the access managers', { 200: ok(Decision, 'Forwarded (`escalated: true`).') }, { optionalBody: Decider, requestExample: (x) => ({ pid: x.pid }) }),
  controlDeleteSystemUser: control(
    'The end user removes a system user (its tokens stop at once)',
    { 204: noContent('Removed.') },
    { query: [{ name: 'pid', description: 'Who removes it (default: an access manager of the owner).' }], params: { id: (x) => x.requestId } },
  ),
  controlCreateSystemUser: control(
    'Create a system user without a request (self-service)',
    { 201: ok(SystemUserExternalDTOSchema, 'Created.') },
    { requestExample: (x) => ({ systemId: x.standardSystemId, orgNo: x.customerOrgNo }) },
  ),
  controlAddClient: control(
    'Add a client to an agent system user, with the portal\'s rules',
    { 200: ok(Clients, "The system user's clients.") },
    { params: { id: (x) => x.agentRequestId }, requestExample: (x) => ({ orgNo: x.clientOrgNo }) },
  ),
  controlRemoveClient: control(
    'Remove a client from an agent system user',
    { 200: ok(Clients, "The system user's clients.") },
    { params: { id: (x) => x.agentRequestId, orgNo: (x) => x.clientOrgNo }, query: [{ name: 'pid', description: 'Who removes it (default: a client administrator of the accounting firm).' }] },
  ),
  controlTokens: control(
    'A Maskinporten token minted without the grant',
    { 200: ok(TokenResponseSchema) },
    {
      description: 'A system-user token only where the grant\'s own lookup finds a system user for `authorization_details`.',
      requestExample: (x) => ({ orgNo: x.vendorOrgNo, scope: x.scope }),
    },
  ),
  controlIdPortenToken: control(
    "An ID-porten token for a person, standing in for the person's login",
    { 200: ok(TokenResponseSchema) },
    {
      description: 'For a seeded or any synthetic (Tenor) person: `pid`, `acr`, `amr`, `scope`, `client_id`, 120 seconds. Exchange it at `GET /authentication/api/v1/exchange/id-porten`.',
      requestExample: () => ({ pid: DRESS_MINST, scope: 'altinn:clientdelegations.read altinn:clientdelegations.write' }),
    },
  ),
  controlClockGet: control("The mock's time", { 200: ok(ClockView) }),
  controlClock: control(
    "Move the mock's clock",
    { 200: ok(ClockView, 'The new time.') },
    {
      description:
        '`{"advance": "P181D"}` (ISO 8601 duration or milliseconds), `{"set": "<ISO instant>"}` or `{"reset": true}`. A clock more than 120 s ahead of or 10 s behind real time gets a `warning` (and `X-Mock-Warning`): vendors on real time are refused by Maskinporten until it is put back.',
      requestExample: () => ({ advance: 'P181D' }),
    },
  ),
  controlFaultsList: control('The fault rules', { 200: ok(FaultList) }),
  controlFaultsAdd: control(
    'Make matching calls fail (status, Altinn problem, delay, dropped connection)',
    { 201: ok(Anything, 'The rule, with its id.') },
    { requestExample: () => ({ method: 'GET', path: '/authentication/api/v1/systemuser/request/vendor/*', status: 503, times: 2, retryAfter: 1 }) },
  ),
  controlFaultsClear: control('Remove every fault rule', { 204: noContent() }),
  controlFaultsRemove: control('Remove a fault rule', { 204: noContent() }),
  controlJournal: control(
    'The calls the mock answered, newest last (secrets redacted)',
    { 200: ok(Journal) },
    {
      query: ['path', 'status', 'since', 'after', 'limit', 'method', 'route', 'code', 'vendor', 'requestId', 'systemUser', 'fault'].map((name) => ({ name, description: `Only calls with this ${name} (see docs/control-api.md).` })),
    },
  ),
  controlJournalClear: control('Forget every call', { 204: noContent() }),
  controlSeedAdd: control('Add organisations, persons, systems, clients to the running mock and its seed', { 200: ok(SeedAdded, 'What was added, by kind.') }),
  controlIssuedTokens: control('The tokens issued lately, as decoded claims', { 200: ok(IssuedTokens) }),
  controlRegisterMaskinportenClient: control(
    'Register a Maskinporten client with your own key',
    { 201: ok(MaskinportenClient, 'Registered.') },
    { requestExample: (x) => ({ clientId: 'my-client', orgNo: x.vendorOrgNo, publicKeyPem: '-----BEGIN PUBLIC KEY-----\n…\n-----END PUBLIC KEY-----', scopes: [x.scope] }) },
  ),
  controlOpenApi: control('This document: the OpenAPI 3.1 description of everything the mock serves', { 200: ok(Anything, 'The document.') }),
  apiDocs: control('This document as a page', { 200: ok('html', 'The page.') }),
  apiDocsStyles: control("The docs page's style sheet", { 200: ok('css', 'The style sheet.') }),
  controlSeedSchema: control('The JSON Schema of seed files (name it with "$schema" in a seed file)', { 200: ok(Anything, 'The JSON Schema (draft 2020-12).') }),
  inspector: control('The inspector page: state, tokens, journal; create and decide requests, add and remove clients, delete system users, move the clock, reset', { 200: ok('html', 'The page.') }),
  inspectorScript: control("The inspector's script", { 200: ok('js', 'The script.') }),
  inspectorStyles: control("The inspector's style sheet", { 200: ok('css', 'The style sheet.') }),
  inspectorCreateRequest: control('Create a request as its system\'s vendor from the inspector (through the vendor API)', { 303: redirect('Back to the inspector, with the new request or the refusal\'s code.') }, { form: InspectorForm }),
  inspectorDecide: control('Approve or reject from the inspector (through the control API)', { 303: redirect('Back to the inspector, with the outcome.') }, { form: InspectorForm }),
  inspectorAddClient: control('Add a client to an agent system user from the inspector (through the control API)', { 303: redirect('Back to the inspector, with the outcome.') }, { form: InspectorForm }),
  inspectorRemoveClient: control('Remove a client from an agent system user from the inspector (through the control API)', { 303: redirect('Back to the inspector, with the outcome.') }, { form: InspectorForm }),
  inspectorDeleteSystemUser: control('Delete a system user from the inspector, once confirmed (through the control API)', { 303: redirect('Back to the inspector, with the outcome.') }, { form: InspectorForm }),
  inspectorClock: control('Move the clock from the inspector', { 303: redirect('Back to the inspector, with the outcome.') }, { form: InspectorForm }),
  inspectorReset: control('Reset from the inspector', { 303: redirect('Back to the inspector.') }, { form: InspectorForm }),
}
