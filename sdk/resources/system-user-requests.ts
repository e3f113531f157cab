/**
 * `client.requests`: standard system-user requests (reference §2), and the machinery `client.agentRequests`
 * shares (reference §3): idempotent create, resuming a create that failed in transit, lookup by external
 * reference, paginated lists, delete, and waiting for the end user's decision.
 *
 * @example
 * ```ts
 * const { request, created } = await client.requests.create({
 *   systemId: '318882703_smartcloud',
 *   partyOrgNo: '312091437',
 *   rights: [{ resource: [{ id: 'urn:altinn:resource', value: 'ske-krav-og-betalinger' }] }],
 * })
 * console.log(created ? 'new' : 'existing', request.confirmUrl)
 * const decided = await client.requests.waitForDecision(request, { timeoutMs: 10 * 60_000 })
 * ```
 */
import type { z } from 'zod'
import {
  PortalPaths,
  RequestSystemResponseSchema,
  Routes,
  type AccessPackage,
  type RequestSystemResponse,
  type RouteTemplate,
  type Right,
  type SystemUserExternalDTO,
} from '../contract/index.ts'
import {
  AltinnContractError,
  AltinnNetworkError,
  AltinnTimeoutError,
  SystemUserAlreadyExistsError,
  isAltinnProblem,
} from '../errors.ts'
import { parseRetryAfter, type CallOptions, type HttpClient, type Logger } from '../http.ts'
import { pollUntil, type WaitOptions } from '../polling.ts'
import { paginate, type PageIterable } from './paginate.ts'

/**
 * A standard system-user request as Altinn returns it. `confirmUrl` is present on single reads and on create.
 *
 * @example
 * ```ts
 * const request: SystemUserRequest = await client.requests.get(id)
 * console.log(request.status, request.confirmUrl)
 * ```
 */
export type SystemUserRequest = RequestSystemResponse

/**
 * What a standard request asks for. Give `rights`, `accessPackages`, or both; the end user must grant all.
 *
 * @example
 * ```ts
 * const input: CreateStandardRequestInput = {
 *   systemId: '318882703_smartcloud',
 *   partyOrgNo: '312091437',
 *   rights: [{ resource: [{ id: 'urn:altinn:resource', value: 'ske-krav-og-betalinger' }] }],
 *   redirectUrl: 'https://smartcloud.example/receipt',
 * }
 * ```
 */
export interface CreateStandardRequestInput {
  systemId: string
  /** The customer's organisation number: who will own the system user. */
  partyOrgNo: string
  /** Your reference, when you need several system users per system and customer. Defaults to `partyOrgNo`. */
  externalRef?: string | undefined
  rights?: readonly Right[] | undefined
  accessPackages?: readonly AccessPackage[] | undefined
  /** Where Altinn sends the user afterwards; must match one of the system's `allowedRedirectUrls` (scheme, host, path). */
  redirectUrl?: string | undefined
  /** Name shown to the end user; defaults to the system's Norwegian name. */
  integrationTitle?: string | undefined
}

/**
 * The result of `create`.
 *
 * @example
 * ```ts
 * const { request, created, resumed }: CreateRequestResult<SystemUserRequest> = await client.requests.create(input)
 * ```
 */
export interface CreateRequestResult<R> {
  request: R
  /** True when Altinn answered 201 (this call made it); false when it returned an existing request (200). */
  created: boolean
  /**
   * True when the POST failed in transit and the request was found by its external reference instead of being
   * posted again. `created` is then false: the SDK did not see who made it.
   */
  resumed: boolean
}

/**
 * How to find a request by its external reference.
 *
 * @example
 * ```ts
 * await client.requests.getByExternalRef({ systemId: '318882703_smartcloud', orgNo: '312091437' })
 * ```
 */
export interface ExternalRefLookup {
  systemId: string
  /** The request's `partyOrgNo` (the customer, or the facilitator for agent requests). */
  orgNo: string
  /** Defaults to `orgNo`, as Altinn defaults it when a request is created without one. */
  externalRef?: string | undefined
}

/**
 * A request's id, or the request itself.
 *
 * @example
 * ```ts
 * await client.requests.waitForDecision('505f8488-3d48-4c15-8e21-35cb9432f815')
 * await client.requests.waitForDecision(request)
 * ```
 */
export type RequestRef = string | { readonly id: string }

/**
 * The operations standard and agent requests share.
 *
 * @example
 * ```ts
 * async function reset(requests: RequestResource<SystemUserRequest, CreateStandardRequestInput>, id: string) {
 *   await requests.delete(id)
 * }
 * ```
 */
export interface RequestResource<R, I> {
  /**
   * Ask a customer for a system user. Idempotent per (system, organisation, external reference): the same
   * triple returns the existing request with `created: false`, whatever its status. Throws
   * {@link SystemUserAlreadyExistsError} (AUTH-00004) when a system user already exists for the triple.
   * A POST that fails in transit (no answer, or our timeout) is resumed with {@link getByExternalRef}, never
   * sent again; if the request is not found, the original error is thrown and calling `create` again is safe.
   */
  create(input: I, options?: CallOptions): Promise<CreateRequestResult<R>>
  /** Read a request by id (its `confirmUrl` recomputed by Altinn). */
  get(requestId: string, options?: CallOptions): Promise<R>
  /** Read a request by (system, organisation, external reference). */
  getByExternalRef(lookup: ExternalRefLookup, options?: CallOptions): Promise<R>
  /** Every request of a system (all statuses), page by page. Items carry no `confirmUrl`. */
  list(systemId: string, options?: CallOptions): PageIterable<R>
  /** Delete a request (soft delete; a new create with the same triple then makes a new one). */
  delete(requestId: string, options?: CallOptions): Promise<void>
  /**
   * Poll until the end user has decided: resolves with the request once it is no longer `New` (Accepted,
   * Rejected, Denied, Timedout) or `timedOut` is set. Rejected and timed-out requests are results, not errors.
   * Throws only when `timeoutMs` passes ({@link AltinnTimeoutError}) or `signal` aborts; transient failures
   * between polls are ridden out, with backoff and `Retry-After`.
   */
  waitForDecision(request: RequestRef, options?: WaitOptions<R>): Promise<R>
}

/**
 * Whether the end user has decided (or the request can no longer be decided).
 *
 * @example
 * ```ts
 * if (isDecided(request)) console.log(request.status)
 * ```
 */
export function isDecided(request: { status: string; timedOut?: boolean | null | undefined }): boolean {
  return request.status !== 'New' || request.timedOut === true
}

/**
 * The fields every kind of request has that the SDK relies on.
 *
 * @example
 * ```ts
 * const decided = (r: RequestShape) => r.status !== 'New' || r.timedOut === true
 * ```
 */
export interface RequestShape {
  id: string
  status: string
  timedOut?: boolean | null | undefined
  confirmUrl?: string | null | undefined
}

/**
 * What differs between standard and agent requests (an internal seam, exported for the agent module).
 *
 * @example
 * ```ts
 * createRequestResource(StandardRequests, deps)
 * ```
 */
export interface RequestKind<R extends RequestShape> {
  kind: 'standard' | 'agent' | 'change'
  schema: z.ZodType<R>
  routes: { create: RouteTemplate; get: RouteTemplate; getByExternalRef: RouteTemplate; list: RouteTemplate; delete: RouteTemplate }
  /** The portal page the `confirmUrl` must point at. */
  portalPath: string
}

/**
 * What a request resource needs from the client.
 *
 * @example
 * ```ts
 * createStandardRequestResource({ http, portalUrl: 'https://am.ui.tt02.altinn.no', findSystemUser: systemUsers.find })
 * ```
 */
export interface RequestResourceDeps {
  http: HttpClient
  portalUrl: string
  findSystemUser: (lookup: { systemId: string; orgNo: string; externalRef?: string }, options?: CallOptions) => Promise<SystemUserExternalDTO | undefined>
  logger?: Logger | undefined
}

/**
 * Refuse a `confirmUrl` that is not on the environment's portal (`https://am.ui.{host}`, reference §2.1) or not on
 * the portal page of its kind of request, so a customer is never sent elsewhere.
 *
 * @example
 * ```ts
 * assertConfirmUrl(request.confirmUrl, { portalOrigin: 'https://am.ui.tt02.altinn.no', portalPath: PortalPaths.request, kind: 'standard', method: 'GET', url })
 * ```
 */
export function assertConfirmUrl(confirmUrl: string, where: { portalOrigin: string; portalPath: string; kind: string; method: string; url: string }): void {
  const { method, url } = where
  let confirm: URL
  try {
    confirm = new URL(confirmUrl)
  } catch {
    throw new AltinnContractError('confirmUrl is not an absolute URL', { method, url })
  }
  if (confirm.origin !== where.portalOrigin) {
    throw new AltinnContractError(`confirmUrl points to ${confirm.origin}, not to the portal of this environment (${where.portalOrigin}); not handed out`, { method, url })
  }
  if (!confirm.pathname.toLowerCase().startsWith(where.portalPath.toLowerCase())) {
    throw new AltinnContractError(`confirmUrl points to ${confirm.pathname}, not to the portal's ${where.kind} request page`, { method, url })
  }
}

function requireText(name: string, value: unknown): string {
  if (typeof value !== 'string' || !value) throw new TypeError(`${name} is required`)
  return value
}

function idOf(request: RequestRef): string {
  return requireText('request id', typeof request === 'string' ? request : request?.id)
}

/**
 * Build a request resource for one kind of request.
 *
 * @example
 * ```ts
 * const requests = createRequestResource(StandardRequests, { http, portalUrl, findSystemUser })
 * ```
 */
export function createRequestResource<R extends RequestShape, I extends { systemId: string; partyOrgNo: string; externalRef?: string | undefined }>(
  spec: RequestKind<R>,
  deps: RequestResourceDeps,
): RequestResource<R, I> {
  const { http, logger } = deps
  const portalOrigin = new URL(deps.portalUrl).origin

  /** The SDK only hands out a confirmUrl on the environment's portal host (reference §2.1: `https://am.ui.{host}`). */
  function checkConfirmUrl(request: R, method: string, url: string): R {
    if (request.confirmUrl === undefined || request.confirmUrl === null) return request
    assertConfirmUrl(request.confirmUrl, { portalOrigin, portalPath: spec.portalPath, kind: spec.kind, method, url })
    return request
  }

  async function read(route: RouteTemplate, params: Record<string, string>, options?: CallOptions, retry?: boolean) {
    const res = await http.send({ route, params, schema: spec.schema, ...(retry === false ? { retry: false } : {}) }, options)
    return { ...res, data: checkConfirmUrl(res.data, route.method, res.url) }
  }

  const get = async (requestId: string, options?: CallOptions) => (await read(spec.routes.get, { requestId: requireText('requestId', requestId) }, options)).data

  const getByExternalRef = async (lookup: ExternalRefLookup, options?: CallOptions) => {
    const systemId = requireText('systemId', lookup?.systemId)
    const orgNo = requireText('orgNo', lookup.orgNo)
    // Altinn: a null or empty externalRef means the organisation number (reference §2.1); the path has no default.
    const externalRef = lookup.externalRef || orgNo
    return (await read(spec.routes.getByExternalRef, { systemId, orgNo, externalRef }, options)).data
  }

  return {
    async create(input, options) {
      const systemId = requireText('systemId', input?.systemId)
      const orgNo = requireText('partyOrgNo', input.partyOrgNo)
      const externalRef = input.externalRef || orgNo
      const body = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined))
      try {
        const res = await http.send({ route: spec.routes.create, json: body, schema: spec.schema, operation: `create ${spec.kind} request` }, options)
        return { request: checkConfirmUrl(res.data, 'POST', res.url), created: res.status === 201, resumed: false }
      } catch (error) {
        if (isAltinnProblem(error, 'AUTH-00004')) {
          throw new SystemUserAlreadyExistsError(error, { systemId, orgNo, externalRef }, () => deps.findSystemUser({ systemId, orgNo, externalRef }))
        }
        if (!(error instanceof AltinnNetworkError || error instanceof AltinnTimeoutError)) throw error
        // The POST may or may not have reached Altinn. Altinn keys requests by (system, org, external ref), so
        // the truth is one GET away; posting again blindly is what the design forbids.
        logger?.warn?.(`create ${spec.kind} request failed in transit (${error.name}); looking it up by external reference`, { systemId, orgNo })
        try {
          const request = await getByExternalRef({ systemId, orgNo, externalRef }, options?.signal ? { signal: options.signal } : {})
          return { request, created: false, resumed: true }
        } catch (lookupError) {
          if (options?.signal?.aborted) throw options.signal.reason
          if (isAltinnProblem(lookupError, 'AUTH-00010')) logger?.warn?.('The request was not created; calling create again is safe', { systemId, orgNo })
          throw error
        }
      }
    },
    get,
    getByExternalRef,
    list(systemId, options) {
      return paginate(
        http,
        { route: spec.routes.list, params: { systemId: requireText('systemId', systemId) }, item: spec.schema, check: (r) => void checkConfirmUrl(r, 'GET', spec.routes.list.path) },
        options,
      )
    },
    async delete(requestId, options) {
      try {
        await http.send({ route: spec.routes.delete, params: { requestId: requireText('requestId', requestId) }, responseType: 'none' }, options)
      } catch (error) {
        // A retried DELETE whose first attempt did land finds the request gone (AUTH-00010): that is success.
        if (isAltinnProblem(error, 'AUTH-00010') && error.attempts > 1) return
        throw error
      }
    },
    async waitForDecision(request, options = {}) {
      const requestId = idOf(request)
      return pollUntil(
        async ({ signal, timeoutMs }) => {
          // One attempt per poll: the loop itself rides out transient failures, with Retry-After.
          // Each poll gets the usual deadline of a call, or less when the wait's own deadline is nearer.
          const res = await read(spec.routes.get, { requestId }, { signal, timeoutMs: Math.min(timeoutMs, http.defaultTimeoutMs) }, false)
          return { value: res.data, retryAfterSeconds: parseRetryAfter(res.headers.get('retry-after')) }
        },
        isDecided,
        { ...options, operation: 'waitForDecision' },
      )
    },
  }
}

/**
 * The standard kind: `systemuser/request/vendor...` and the portal's `systemuser/request` page.
 *
 * @example
 * ```ts
 * StandardRequests.routes.create.path // '/authentication/api/v1/systemuser/request/vendor'
 * ```
 */
export const StandardRequests: RequestKind<SystemUserRequest> = {
  kind: 'standard',
  schema: RequestSystemResponseSchema,
  routes: {
    create: Routes.createRequest,
    get: Routes.getRequest,
    getByExternalRef: Routes.getRequestByExternalRef,
    list: Routes.listRequests,
    delete: Routes.deleteRequest,
  },
  portalPath: PortalPaths.request,
}

/**
 * `client.requests`.
 *
 * @example
 * ```ts
 * const requests: StandardRequestResource = client.requests
 * ```
 */
export type StandardRequestResource = RequestResource<SystemUserRequest, CreateStandardRequestInput>

/**
 * Build `client.requests`.
 *
 * @example
 * ```ts
 * const requests = createStandardRequestResource({ http, portalUrl, findSystemUser })
 * ```
 */
export function createStandardRequestResource(deps: RequestResourceDeps): StandardRequestResource {
  return createRequestResource<SystemUserRequest, CreateStandardRequestInput>(StandardRequests, deps)
}
