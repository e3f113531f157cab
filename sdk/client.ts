/**
 * `createAltinnClient(options)`: one object with everything a vendor needs, configured once. The SDK never
 * reads environment variables; pass what it needs here.
 *
 * @example
 * ```ts
 * import { createAltinnClient } from './client.ts'
 * const client = createAltinnClient({
 *   environment: 'tt02',
 *   maskinporten: { clientId: process.env.MP_CLIENT_ID!, key: process.env.MP_KEY_PEM!, kid: 'smartcloud-2026' },
 * })
 * const { request } = await client.requests.create({ systemId: '318882703_smartcloud', partyOrgNo: '312091437', rights })
 * ```
 */
import { Routes, type EnvironmentUrls } from './contract/index.ts'
import { resolveEnvironment, type AltinnEnvironment } from './environments.ts'
import { AltinnContractError } from './errors/index.ts'
import { createHttpClient, type HttpClient, type Logger, type CallOptions } from './http.ts'
import { createTokenProvider, type MaskinportenClientOptions, type TokenProvider } from './maskinporten/index.ts'
import { createRedactor } from './redaction.ts'
import type { RetryOptions } from './retry.ts'
import {
  buildRedirectUrl as buildSignedRedirectUrl,
  handleRedirect as handleSignedRedirect,
  type RedirectOutcome,
  type RedirectState,
} from './redirect.ts'
import { createAgentRequestResource, type AgentRequestResource } from './resources/agent-requests.ts'
import { createChangeRequestResource, type ChangeRequestResource } from './resources/change-requests.ts'
import { createClientDelegationResource, type ClientDelegationResource, type ClientDelegationTokenSource } from './resources/client-delegation.ts'
import { createStandardRequestResource, type StandardRequestResource } from './resources/system-user-requests.ts'
import { createSystemRegisterResource, type SystemRegisterResource } from './resources/system-register.ts'
import { createSystemUsersResource, type SystemUsersResource } from './resources/system-users.ts'

/**
 * Bring your own tokens: called for every API call with the scope the route needs (e.g.
 * `['altinn:authentication/systemuser.request.read']`). Return a bearer token with that scope for your
 * organisation; cache it yourself.
 *
 * @example
 * ```ts
 * const accessToken: AccessTokenProvider = async ({ scopes }) => myTokenCache.get(scopes[0]!)
 * createAltinnClient({ environment: 'tt02', accessToken })
 * ```
 */
export type AccessTokenProvider = (request: { scopes: readonly string[]; signal?: AbortSignal | undefined }) => string | Promise<string>

/**
 * Everything `createAltinnClient` takes.
 *
 * @example
 * ```ts
 * const options: AltinnClientOptions = {
 *   environment: 'tt02',
 *   maskinporten: { clientId: 'a3f1c0de-…', key: privatePem, kid: 'smartcloud-2026' },
 *   redirectSecret: process.env.REDIRECT_SECRET,
 * }
 * ```
 */
export interface AltinnClientOptions {
  /** `'tt02'`, `'production'`, or `{ platformUrl, maskinportenIssuer, portalUrl }` (e.g. `mockEnvironment(origin)`). */
  environment: AltinnEnvironment
  /** Your Maskinporten client. Needed for `client.tokens`, and for API calls unless `accessToken` is given. */
  maskinporten?: MaskinportenClientOptions | undefined
  /** Your own vendor tokens for the API calls, instead of the SDK's Maskinporten grants. */
  accessToken?: AccessTokenProvider | undefined
  /** Exchange vendor tokens for Altinn tokens before calling the API (reference §7.2). Default false. */
  exchangeToAltinnToken?: boolean | undefined
  /** Secret that signs the state in redirect URLs (at least 32 bytes). Needed for the redirect helpers. */
  redirectSecret?: string | Uint8Array | undefined
  /**
   * The tokens of `client.clientDelegation`: `{ systemUser: { orgNo } }` for a client-administrator system user of
   * that organisation (needs `maskinporten`), or `{ accessToken }` for a person's exchanged ID-porten token. Without
   * it, use `client.clientDelegation.withTokens(...)`.
   */
  clientDelegation?: ClientDelegationTokenSource | undefined
  /** Deadline per API call, all attempts together (default 30 000 ms). */
  timeoutMs?: number | undefined
  /** How idempotent calls and Maskinporten grants are retried (default: 2 retries, 300 ms doubling, `Retry-After` up to 30 s). */
  retry?: RetryOptions | undefined
  /** A fetch to use instead of the global one. */
  fetch?: typeof fetch | undefined
  /** Where the SDK logs retries, resumptions and token grants (redacted). */
  logger?: Logger | undefined
  /**
   * Clock in epoch milliseconds for assertions and token expiry (default `Date.now`). Set it when the
   * authorization server's clock is moved, e.g. the mock's `POST /__mock/clock`.
   */
  now?: (() => number) | undefined
}

/**
 * The client: resources, tokens and the redirect helpers.
 *
 * @example
 * ```ts
 * const client: AltinnClient = createAltinnClient({ environment: 'tt02', maskinporten })
 * const users = await client.systemUsers.list('318882703_smartcloud').toArray()
 * ```
 */
export interface AltinnClient {
  /** The URLs in use. */
  readonly environment: Readonly<EnvironmentUrls>
  /** Maskinporten tokens for the vendor and for customers' system users. */
  readonly tokens: TokenProvider
  /** Your systems in the system register. */
  readonly systemRegister: SystemRegisterResource
  /** Standard system-user requests. */
  readonly requests: StandardRequestResource
  /** Agent (client) system-user requests. */
  readonly agentRequests: AgentRequestResource
  /** Change requests: more or fewer rights and access packages for an existing standard system user. */
  readonly changeRequests: ChangeRequestResource
  /** The system users of your systems. */
  readonly systemUsers: SystemUsersResource
  /** An accounting firm's clients on its agent system users (Altinn's client-delegation API). */
  readonly clientDelegation: ClientDelegationResource
  /**
   * Exchange a person's ID-porten token for an Altinn token (`GET exchange/id-porten`), for an end-user system that
   * calls Altinn for the person who logged in. The Altinn token lives as long as the ID-porten token.
   */
  exchangeIdPortenToken(idPortenToken: string, options?: CallOptions): Promise<string>
  /**
   * A `redirectUrl` for a request: `allowedUrl` (one of the system's allowed redirect URLs) with a signed state
   * naming the request. Needs `redirectSecret`.
   */
  buildRedirectUrl(allowedUrl: string, state: RedirectState): string
  /**
   * Handle the user's return to a URL made by {@link buildRedirectUrl}: verify the state and read the request
   * from the API (the URL itself proves nothing). Needs `redirectSecret`.
   */
  handleRedirect(url: string | URL, options?: CallOptions & { maxAgeMs?: number }): Promise<RedirectOutcome>
}

const noTokens: TokenProvider = {
  vendor: () => Promise.reject(new TypeError('client.tokens needs createAltinnClient({ maskinporten: { clientId, key } })')),
  systemUser: () => Promise.reject(new TypeError('client.tokens needs createAltinnClient({ maskinporten: { clientId, key } })')),
  clear: () => undefined,
}

/**
 * Create a client for one environment and one Maskinporten client (or your own tokens).
 *
 * @example
 * ```ts
 * const client = createAltinnClient({ environment: mockEnvironment('http://127.0.0.1:5101'), maskinporten: { clientId, key: privateJwk } })
 * for await (const user of client.systemUsers.list('318882703_smartcloud')) console.log(user.id)
 * ```
 */
export function createAltinnClient(options: AltinnClientOptions): AltinnClient {
  if (!options || typeof options !== 'object') throw new TypeError('createAltinnClient needs options: { environment, maskinporten | accessToken }')
  const environment = Object.freeze(resolveEnvironment(options.environment))
  if (!options.maskinporten && !options.accessToken) {
    throw new TypeError('createAltinnClient needs maskinporten: { clientId, key } or an accessToken provider')
  }
  if (options.accessToken !== undefined && typeof options.accessToken !== 'function') throw new TypeError('accessToken must be a function that returns a bearer token')
  // This client's secrets (its tokens and assertions, and the tokens your providers return) are redacted from this
  // client's errors and log lines; another client in the process neither sees nor keeps them.
  const redactor = createRedactor()

  // The token exchange is an Altinn call with the provider's token as bearer; it goes through the same HTTP
  // client, so it gets the same deadline, retries (a GET) and error mapping.
  let http: HttpClient | undefined
  const exchangeFrom = async (provider: 'maskinporten' | 'id-porten', original: string, call: CallOptions) => {
    const { data } = await http!.send<string>(
      { route: Routes.exchangeToken, params: { provider }, bearer: original, responseType: 'text', operation: 'token exchange' },
      call,
    )
    const token = data.trim().startsWith('"') ? (JSON.parse(data) as unknown) : data.trim()
    if (typeof token !== 'string' || token.split('.').length !== 3) {
      throw new AltinnContractError('The token exchange did not answer with a JWT', { method: 'GET', url: Routes.exchangeToken.path }, { redact: redactor.redact })
    }
    redactor.remember(token)
    return token
  }
  const exchange = (maskinportenToken: string, call: CallOptions) => exchangeFrom('maskinporten', maskinportenToken, call)

  const tokens: TokenProvider = options.maskinporten
    ? createTokenProvider(
        {
          ...options.maskinporten,
          issuer: environment.maskinportenIssuer,
          exchange,
          fetch: options.fetch,
          logger: options.logger,
          timeoutMs: options.timeoutMs,
          retry: options.retry,
          now: options.now,
        },
        redactor,
      )
    : noTokens

  const ownTokens = options.accessToken
  const exchangeForApi = options.exchangeToAltinnToken === true
  http = createHttpClient({
    platformUrl: environment.platformUrl,
    timeoutMs: options.timeoutMs,
    retry: options.retry,
    fetch: options.fetch,
    logger: options.logger,
    redactor,
    token: async (scopes, { signal }) => {
      // Altinn accepts any one of a route's scopes (RequireScopeAnyOf); ask for the first, the least powerful
      // (systemregister.write rather than .admin).
      const needed = [scopes[0]!]
      if (ownTokens) {
        const token = await ownTokens({ scopes: needed, signal })
        if (typeof token !== 'string' || !token) throw new TypeError('The accessToken provider must return a non-empty string')
        redactor.remember(token)
        return token
      }
      return (await tokens.vendor(needed, { signal, exchange: exchangeForApi })).accessToken
    },
  })

  // The client-delegation API takes no vendor token: its own HTTP client per token source (client-delegation.ts).
  const httpFor = (source: ClientDelegationTokenSource): HttpClient => {
    let token: (scopes: readonly string[], call: { signal?: AbortSignal | undefined }) => Promise<string>
    if (source && typeof source === 'object' && 'systemUser' in source && source.systemUser) {
      const { orgNo, externalRef, exchange: exchangeIt } = source.systemUser
      if (typeof orgNo !== 'string' || !orgNo) throw new TypeError('clientDelegation: { systemUser: { orgNo } } needs the organisation that owns the client-administrator system user')
      if (!options.maskinporten) throw new TypeError('clientDelegation: { systemUser } needs createAltinnClient({ maskinporten }): the system-user token comes from your Maskinporten client')
      token = async (scopes, { signal }) =>
        (await tokens.systemUser({ orgNo, externalRef, scopes: [scopes[0]!] }, { signal, exchange: exchangeIt !== false })).accessToken
    } else if (source && typeof source === 'object' && 'accessToken' in source && typeof source.accessToken === 'function') {
      const provider = source.accessToken
      token = async (scopes, { signal }) => {
        const t = await provider({ scopes: [scopes[0]!], signal })
        if (typeof t !== 'string' || !t) throw new AltinnContractError('The clientDelegation accessToken provider returned no token', { method: 'GET', url: '' }, { redact: redactor.redact })
        redactor.remember(t)
        return t
      }
    } else throw new TypeError('clientDelegation needs { systemUser: { orgNo } } or { accessToken: (request) => token }')
    return createHttpClient({ platformUrl: environment.platformUrl, timeoutMs: options.timeoutMs, retry: options.retry, fetch: options.fetch, logger: options.logger, redactor, token })
  }

  const systemUsers = createSystemUsersResource(http)
  const deps = { http, portalUrl: environment.portalUrl, findSystemUser: systemUsers.find, logger: options.logger }
  const requests = createStandardRequestResource(deps)
  const agentRequests = createAgentRequestResource(deps)
  const changeRequests = createChangeRequestResource(deps)

  const redirectSecret = () => {
    if (options.redirectSecret === undefined) throw new TypeError('The redirect helpers need createAltinnClient({ redirectSecret })')
    return options.redirectSecret
  }

  return {
    environment,
    tokens,
    systemRegister: createSystemRegisterResource(http),
    requests,
    agentRequests,
    changeRequests,
    systemUsers,
    clientDelegation: createClientDelegationResource({ httpFor, source: options.clientDelegation }),
    exchangeIdPortenToken: (idPortenToken, call = {}) => {
      if (typeof idPortenToken !== 'string' || !idPortenToken) return Promise.reject(new TypeError('exchangeIdPortenToken needs the ID-porten access token'))
      redactor.remember(idPortenToken)
      return exchangeFrom('id-porten', idPortenToken, call)
    },
    buildRedirectUrl: (allowedUrl, state) => buildSignedRedirectUrl(allowedUrl, state, { secret: redirectSecret() }),
    handleRedirect: (url, call = {}) =>
      handleSignedRedirect(url, { ...call, secret: redirectSecret() }, { standard: requests.getByExternalRef, agent: agentRequests.getByExternalRef }),
  }
}
