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
  type CreateRequestSystemUserSchema,
  type RequestSystemResponse,
  type RouteTemplate,
  type SystemUserExternalDTO,
} from '../contract/index.ts'
import { AltinnContractError, SystemUserAlreadyExistsError, isAltinnProblem } from '../errors/index.ts'
import type { CallOptions, HttpClient, Logger } from '../http.ts'
import { pollUntil, type WaitOptions } from '../polling.ts'
import { parseRetryAfter } from '../retry.ts'
import { createOrResume, type CreateRequestResult } from './create-or-resume.ts'
import type { InputOf } from './inputs.ts'
import { paginate, type PageIterable } from './paginate.ts'

export type { CreateRequestResult } from './create-or-resume.ts'

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
 * What a standard request asks for (Altinn's `CreateRequestSystemUser`). Give `rights`, `accessPackages`, or both;
 * the end user must grant all.
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
export type CreateStandardRequestInput = InputOf<typeof CreateRequestSystemUserSchema>

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
export interface RequestFlavour<R extends RequestShape> {
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
 */
export function assertConfirmUrl(
  confirmUrl: string,
  where: { portalOrigin: string; portalPath: string; kind: string; method: string; url: string },
  redact: (text: string) => string,
): void {
  const { method, url } = where
  let confirm: URL
  try {
    confirm = new URL(confirmUrl)
  } catch {
    throw new AltinnContractError('confirmUrl is not an absolute URL', { method, url }, { redact })
  }
  if (confirm.origin !== where.portalOrigin) {
    throw new AltinnContractError(`confirmUrl points to ${confirm.origin}, not to the portal of this environment (${where.portalOrigin}); not handed out`, { method, url }, { redact })
  }
  if (!confirm.pathname.toLowerCase().startsWith(where.portalPath.toLowerCase())) {
    throw new AltinnContractError(`confirmUrl points to ${confirm.pathname}, not to the portal's ${where.kind} request page`, { method, url }, { redact })
  }
}

/** A required text argument, or a TypeError naming it. */
export function requireText(name: string, value: unknown): string {
  if (typeof value !== 'string' || !value) throw new TypeError(`${name} is required`)
  return value
}

function idOf(request: RequestRef): string {
  return requireText('request id', typeof request === 'string' ? request : request?.id)
}

/** Everything a request resource does but create: what the three kinds of request share. */
export type RequestReads<R> = Omit<RequestResource<R, never>, 'create'>

/**
 * The check of every request the SDK hands out: its `confirmUrl`, when it has one, is on the environment's portal
 * host and page (reference §2.1: `https://am.ui.{host}`).
 */
function confirmUrlCheck<R extends RequestShape>(spec: RequestFlavour<R>, deps: RequestResourceDeps): (request: R, method: string, url: string) => R {
  const portalOrigin = new URL(deps.portalUrl).origin
  return (request, method, url) => {
    if (request.confirmUrl === undefined || request.confirmUrl === null) return request
    assertConfirmUrl(request.confirmUrl, { portalOrigin, portalPath: spec.portalPath, kind: spec.kind, method, url }, deps.http.redactor.redact)
    return request
  }
}

/** The reads, list, delete and wait of one kind of request; every `confirmUrl` they hand out is checked. */
export function createRequestReads<R extends RequestShape>(spec: RequestFlavour<R>, deps: RequestResourceDeps): RequestReads<R> {
  const { http } = deps
  const checkConfirmUrl = confirmUrlCheck(spec, deps)

  async function read(route: RouteTemplate, params: Record<string, string>, options?: CallOptions, retry?: boolean) {
    const res = await http.send({ route, params, schema: spec.schema, ...(retry === undefined ? {} : { retry }) }, options)
    return { ...res, data: checkConfirmUrl(res.data, route.method, res.url) }
  }

  return {
    get: async (requestId, options) => (await read(spec.routes.get, { requestId: requireText('requestId', requestId) }, options)).data,
    async getByExternalRef(lookup, options) {
      const systemId = requireText('systemId', lookup?.systemId)
      const orgNo = requireText('orgNo', lookup.orgNo)
      // Altinn: a null or empty externalRef means the organisation number (reference §2.1); the path has no default.
      const externalRef = lookup.externalRef || orgNo
      return (await read(spec.routes.getByExternalRef, { systemId, orgNo, externalRef }, options)).data
    },
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
 * A request resource for standard or agent requests: the shared reads, and a create whose body is the request
 * (AUTH-00004 becomes {@link SystemUserAlreadyExistsError}; a create lost in transit is read back by its external
 * reference).
 */
export function createRequestResource<R extends RequestShape, I extends { systemId: string; partyOrgNo: string; externalRef?: string | null | undefined }>(
  spec: RequestFlavour<R>,
  deps: RequestResourceDeps,
): RequestResource<R, I> {
  const { http } = deps
  const reads = createRequestReads(spec, deps)
  const checkConfirmUrl = confirmUrlCheck(spec, deps)

  return {
    async create(input, options) {
      const systemId = requireText('systemId', input?.systemId)
      const orgNo = requireText('partyOrgNo', input.partyOrgNo)
      const externalRef = input.externalRef || orgNo
      const body = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined))
      return createOrResume(
        {
          what: `${spec.kind} request`,
          by: 'by external reference',
          fields: { systemId, orgNo },
          async post() {
            try {
              const res = await http.send({ route: spec.routes.create, json: body, schema: spec.schema, operation: `create ${spec.kind} request` }, options)
              return { request: checkConfirmUrl(res.data, 'POST', res.url), created: res.status === 201 }
            } catch (error) {
              if (isAltinnProblem(error, 'AUTH-00004')) {
                throw new SystemUserAlreadyExistsError(error, { systemId, orgNo, externalRef }, () => deps.findSystemUser({ systemId, orgNo, externalRef }))
              }
              throw error
            }
          },
          read: (call) => reads.getByExternalRef({ systemId, orgNo, externalRef }, call),
        },
        options,
        deps.logger,
      )
    },
    ...reads,
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
export const StandardRequests: RequestFlavour<SystemUserRequest> = {
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
