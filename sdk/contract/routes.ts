/**
 * Route templates of the wire contract: Altinn's real paths, the scope each one needs, and the host
 * ("surface") it lives on. The SDK builds URLs from these and the mock registers its routes from these, so the
 * two cannot drift apart.
 *
 * @example
 * ```ts
 * import { Routes, buildPath } from './routes.ts'
 * buildPath(Routes.getRequest.path, { requestId: 'b1f3…' })
 * // '/authentication/api/v1/systemuser/request/vendor/b1f3…'
 * ```
 */

/** Which host a route belongs to. `maskinporten` paths are relative to the issuer URL. */
export type Surface = 'platform' | 'portal' | 'maskinporten' | 'control'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH'

/** One route of the contract. */
export interface RouteTemplate {
  readonly method: HttpMethod
  readonly surface: Surface
  /** Path template with `{name}` placeholders (one path segment each). */
  readonly path: string
  /** Any one of these scopes is enough (Altinn's `RequireScopeAnyOf`); absent when the route needs none. */
  readonly scopes?: readonly string[]
}

/** Scopes Altinn's policies accept (reference §0, §9). */
export const Scopes = {
  systemRegisterWrite: 'altinn:authentication/systemregister.write',
  systemRegisterAdmin: 'altinn:authentication/systemregister.admin',
  requestWrite: 'altinn:authentication/systemuser.request.write',
  requestRead: 'altinn:authentication/systemuser.request.read',
  systemUserLookup: 'altinn:maskinporten/systemuser.read',
  portal: 'altinn:portal/enduser',
  clientDelegationsRead: 'altinn:clientdelegations.read',
  clientDelegationsWrite: 'altinn:clientdelegations.write',
  kravOgBetalinger: 'skatteetaten:kravogbetalinger',
} as const

const systemRegister = [Scopes.systemRegisterWrite, Scopes.systemRegisterAdmin] as const
const requestWrite = [Scopes.requestWrite] as const
const requestRead = [Scopes.requestRead] as const

const A = '/authentication/api/v1'

function route(method: HttpMethod, path: string, scopes?: readonly string[], surface: Surface = 'platform'): RouteTemplate {
  return scopes ? { method, surface, path, scopes } : { method, surface, path }
}

/** The vendor-facing API and the other routes the SDK calls. */
export const Routes = {
  // System register (vendor), reference §1.2
  createSystem: route('POST', `${A}/systemregister/vendor`, systemRegister),
  listSystems: route('GET', `${A}/systemregister/vendor`, systemRegister),
  getSystem: route('GET', `${A}/systemregister/vendor/{systemId}`, systemRegister),
  updateSystem: route('PUT', `${A}/systemregister/vendor/{systemId}`, systemRegister),
  updateSystemRights: route('PUT', `${A}/systemregister/vendor/{systemId}/rights`, systemRegister),
  updateSystemAccessPackages: route('PUT', `${A}/systemregister/vendor/{systemId}/accesspackages`, systemRegister),
  deleteSystem: route('DELETE', `${A}/systemregister/vendor/{systemId}`, systemRegister),
  getSystemChangelog: route('GET', `${A}/systemregister/vendor/{systemId}/changelog`, systemRegister),
  // System register (portal scope)
  listVisibleSystems: route('GET', `${A}/systemregister`, [Scopes.portal]),
  getSystemPublic: route('GET', `${A}/systemregister/{systemId}`, [Scopes.portal]),
  getSystemRights: route('GET', `${A}/systemregister/{systemId}/rights`, [Scopes.portal]),
  getSystemAccessPackages: route('GET', `${A}/systemregister/{systemId}/accesspackages`, [Scopes.portal]),

  // Standard requests, reference §2
  createRequest: route('POST', `${A}/systemuser/request/vendor`, requestWrite),
  getRequest: route('GET', `${A}/systemuser/request/vendor/{requestId}`, requestRead),
  getRequestByExternalRef: route('GET', `${A}/systemuser/request/vendor/byexternalref/{systemId}/{orgNo}/{externalRef}`, requestRead),
  listRequests: route('GET', `${A}/systemuser/request/vendor/bysystem/{systemId}`, requestRead),
  deleteRequest: route('DELETE', `${A}/systemuser/request/vendor/{requestId}`, requestWrite),

  // Agent requests, reference §3
  createAgentRequest: route('POST', `${A}/systemuser/request/vendor/agent`, requestWrite),
  getAgentRequest: route('GET', `${A}/systemuser/request/vendor/agent/{requestId}`, requestRead),
  getAgentRequestByExternalRef: route('GET', `${A}/systemuser/request/vendor/agent/byexternalref/{systemId}/{orgNo}/{externalRef}`, requestRead),
  listAgentRequests: route('GET', `${A}/systemuser/request/vendor/agent/bysystem/{systemId}`, requestRead),

  // System users (vendor), reference §6
  listSystemUsers: route('GET', `${A}/systemuser/vendor/bysystem/{systemId}`, systemRegister),
  getSystemUserByQuery: route('GET', `${A}/systemuser/vendor/byquery`, requestWrite),
  getSystemUserByExternalId: route('GET', `${A}/systemuser/byExternalId`, [Scopes.systemUserLookup]),

  // Tokens, reference §7
  exchangeToken: route('GET', `${A}/exchange/{provider}`),
  altinnOpenIdConfiguration: route('GET', `${A}/openid/.well-known/openid-configuration`),
  altinnJwks: route('GET', `${A}/openid/.well-known/openid-configuration/jwks`),
  maskinportenMetadata: route('GET', '/.well-known/oauth-authorization-server', undefined, 'maskinporten'),
  maskinportenJwks: route('GET', '/jwk', undefined, 'maskinporten'),
  maskinportenToken: route('POST', '/token', undefined, 'maskinporten'),
} as const satisfies Record<string, RouteTemplate>

export type RouteName = keyof typeof Routes

/** Query parameter names of `GET systemuser/vendor/byquery` (kebab-case, as Altinn names them). */
export const ByQueryParams = { systemId: 'system-id', orgNo: 'orgno', externalRef: 'external-ref' } as const

/** Portal paths (the `am.ui` host), reference §4.1. */
export const PortalPaths = {
  request: '/accessmanagement/ui/systemuser/request',
  agentRequest: '/accessmanagement/ui/systemuser/agentrequest',
  changeRequest: '/accessmanagement/ui/systemuser/changerequest',
  overview: '/accessmanagement/ui/systemuser/overview',
  create: '/accessmanagement/ui/systemuser/create',
} as const

/** The path of the Maskinporten issuer on a single-origin deployment such as the mock. */
export const MASKINPORTEN_PATH_ON_ORIGIN = '/maskinporten'

/** The Altinn OpenID issuer path on the platform host. */
export const ALTINN_OPENID_ISSUER_PATH = `${A}/openid/`

/**
 * Fill a path template. Each value is percent-encoded as one path segment, so a hostile value cannot add
 * segments or a query.
 *
 * @example
 * ```ts
 * buildPath('/a/{systemId}', { systemId: '318882703_smartcloud' }) // '/a/318882703_smartcloud'
 * ```
 */
export function buildPath(template: string, params: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name]
    if (value === undefined) throw new TypeError(`Missing path parameter "${name}" for ${template}`)
    return encodeURIComponent(value)
  })
}
