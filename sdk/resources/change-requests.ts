/**
 * `client.changeRequests`: change requests for an existing standard system user (reference §10). Ask the owner to
 * add rights or access packages (`required…`) or take them away (`unwanted…`); the owner's access manager approves
 * at the `confirmUrl`, and the system user has the new set at once.
 *
 * A change request is named by your own correlation id (a new GUID per change; the SDK makes one when you give
 * none). Sending the same correlation id again returns the change request as it stands, whatever its status.
 *
 * @example
 * ```ts
 * const { request } = await client.changeRequests.create({
 *   systemUserId,
 *   requiredRights: [{ resource: [{ id: 'urn:altinn:resource', value: 'ske-krav-og-betalinger' }] }],
 *   redirectUrl: 'https://smartcloud.example/receipt',
 * })
 * if (request.status === 'New') sendTheCustomerTo(request.confirmUrl)
 * const decided = await client.changeRequests.waitForDecision(request)
 * ```
 */
import {
  ChangeRequestQueryParams,
  ChangeRequestResponseSchema,
  ChangeRequestRoutes,
  PortalPaths,
  type ChangeRequestResponse,
  type ChangeRequestSystemUserSchema,
} from '../contract/index.ts'
import type { CallOptions } from '../http.ts'
import type { WaitOptions } from '../polling.ts'
import { createOrResume, type CreateRequestResult } from './create-or-resume.ts'
import type { InputOf } from './inputs.ts'
import type { PageIterable } from './paginate.ts'
import {
  assertConfirmUrl,
  createRequestReads,
  requireText,
  type ExternalRefLookup,
  type RequestFlavour,
  type RequestRef,
  type RequestResourceDeps,
} from './system-user-requests.ts'

/**
 * A change request as Altinn returns it. `id` is your correlation id; `confirmUrl` is on single reads and on
 * create (empty for `NoChangeNeeded`, which Altinn answers at once and never stores).
 *
 * @example
 * ```ts
 * const change: SystemUserChangeRequest = await client.changeRequests.get(correlationId)
 * console.log(change.status, change.requiredRights)
 * ```
 */
export type SystemUserChangeRequest = ChangeRequestResponse

/**
 * What a change request asks for: Altinn's `ChangeRequestSystemUser` (the four lists and the redirect URL), and the
 * system user and correlation id, which go in the query. Give at least one list, or Altinn answers `NoChangeNeeded`
 * at once. Required rights and packages must be on the system; unwanted ones need not be.
 *
 * @example
 * ```ts
 * const input: CreateChangeRequestInput = {
 *   systemUserId: '505f8488-3d48-4c15-8e21-35cb9432f815',
 *   requiredRights: [{ resource: [{ id: 'urn:altinn:resource', value: 'ske-krav-og-betalinger' }] }],
 *   unwantedRights: [{ resource: [{ id: 'urn:altinn:resource', value: 'ske-skattegrunnlag' }] }],
 * }
 * ```
 */
export interface CreateChangeRequestInput extends InputOf<typeof ChangeRequestSystemUserSchema> {
  /** The system user to change (for a vendor-created one, the id of the request that created it). */
  systemUserId: string
  /**
   * A new GUID naming this change, never the system user's id. The SDK makes one when you give none; keep it
   * (it is `request.id`) to read the change request later or to send the same create again safely.
   */
  correlationId?: string | undefined
}

/**
 * `client.changeRequests`.
 *
 * @example
 * ```ts
 * for await (const change of client.changeRequests.list('318882703_smartcloud')) console.log(change.id, change.status)
 * ```
 */
export interface ChangeRequestResource {
  /**
   * Ask the system user's owner for a change. `created` is true when Altinn answered 201; false when it returned
   * the change request of this correlation id as it stands (200) or answered `NoChangeNeeded` (all lists empty).
   * A POST that fails in transit (no answer, or our timeout) is resumed by reading the correlation id, never sent
   * again; if it is not there, the original error is thrown and calling `create` again with the same
   * `correlationId` is safe.
   */
  create(input: CreateChangeRequestInput, options?: CallOptions): Promise<CreateRequestResult<SystemUserChangeRequest>>
  /** Read a change request by its id (your correlation id). */
  get(changeRequestId: string, options?: CallOptions): Promise<SystemUserChangeRequest>
  /**
   * Read a change request by the system user's (system, owner, external reference). Altinn's mapping here leaves the
   * two package lists empty; read by id for them.
   */
  getByExternalRef(lookup: ExternalRefLookup, options?: CallOptions): Promise<SystemUserChangeRequest>
  /** Every change request of a system (all statuses), page by page. Items carry no `confirmUrl`. */
  list(systemId: string, options?: CallOptions): PageIterable<SystemUserChangeRequest>
  /** Delete a change request (soft delete; its correlation id cannot be used again). */
  delete(changeRequestId: string, options?: CallOptions): Promise<void>
  /**
   * Poll until the owner has decided: resolves once the status is no longer `New` (Accepted, Rejected, …).
   * Altinn's read by id does not carry the 180-day `timedOut` flag, so give `timeoutMs`. Throws only when
   * `timeoutMs` passes or `signal` aborts.
   */
  waitForDecision(request: RequestRef, options?: WaitOptions<SystemUserChangeRequest>): Promise<SystemUserChangeRequest>
}

/**
 * The change kind: `systemuser/changerequest/vendor...` and the portal's `systemuser/changerequest` page.
 *
 * @example
 * ```ts
 * ChangeRequests.routes.get.path // '/authentication/api/v1/systemuser/changerequest/vendor/{requestId}'
 * ```
 */
export const ChangeRequests: RequestFlavour<SystemUserChangeRequest> = {
  kind: 'change',
  schema: ChangeRequestResponseSchema,
  routes: {
    create: ChangeRequestRoutes.createChangeRequest,
    get: ChangeRequestRoutes.getChangeRequest,
    getByExternalRef: ChangeRequestRoutes.getChangeRequestByExternalRef,
    list: ChangeRequestRoutes.listChangeRequests,
    delete: ChangeRequestRoutes.deleteChangeRequest,
  },
  portalPath: PortalPaths.changeRequest,
}

/**
 * Build `client.changeRequests`: the reads, the list, the delete and the wait are those of every request; the
 * create is its own (the system user and the correlation id go in the query).
 *
 * @example
 * ```ts
 * const changeRequests = createChangeRequestResource({ http, portalUrl, findSystemUser })
 * ```
 */
export function createChangeRequestResource(deps: RequestResourceDeps): ChangeRequestResource {
  const { http } = deps
  const portalOrigin = new URL(deps.portalUrl).origin
  const reads = createRequestReads(ChangeRequests, deps)

  return {
    async create(input, options) {
      const systemUserId = requireText('systemUserId', input?.systemUserId)
      const correlationId = input.correlationId ?? globalThis.crypto.randomUUID()
      requireText('correlationId', correlationId)
      if (correlationId.toLowerCase() === systemUserId.toLowerCase()) throw new TypeError('correlationId must be a new id, not the system user\'s id')
      const { systemUserId: _s, correlationId: _c, ...lists } = input
      const body = Object.fromEntries(Object.entries(lists).filter(([, v]) => v !== undefined))
      return createOrResume(
        {
          what: 'change request',
          by: 'by its correlation id',
          fields: { systemUserId },
          async post() {
            const res = await http.send(
              {
                route: ChangeRequests.routes.create,
                query: { [ChangeRequestQueryParams.correlationId]: correlationId, [ChangeRequestQueryParams.systemUserId]: systemUserId },
                json: body,
                schema: ChangeRequests.schema,
                operation: 'create change request',
              },
              options,
            )
            // `NoChangeNeeded` comes with an empty confirmUrl: there is nothing to confirm.
            if (res.data.confirmUrl) {
              const where = { portalOrigin, portalPath: ChangeRequests.portalPath, kind: 'change', method: 'POST', url: res.url }
              assertConfirmUrl(res.data.confirmUrl, where, http.redactor.redact)
            }
            return { request: res.data, created: res.status === 201 }
          },
          // The correlation id names the change, so the read by id is the truth.
          read: (call) => reads.get(correlationId, call),
        },
        options,
        deps.logger,
      )
    },
    ...reads,
  }
}
