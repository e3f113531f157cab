/**
 * `client.systemUsers`: the system users of your systems (reference §6). Listing needs the
 * `systemregister.write` scope and finding one needs `systemuser.request.write` (Altinn's choices, §11.5);
 * the SDK asks for the right one.
 *
 * @example
 * ```ts
 * const user = await client.systemUsers.find({ systemId: '318882703_smartcloud', orgNo: '312091437' })
 * for await (const u of client.systemUsers.list('318882703_smartcloud')) console.log(u.reporteeOrgNo, u.userType)
 * ```
 */
import { ByQueryParams, Routes, SystemUserExternalDTOSchema, type SystemUserExternalDTO } from '../contract/index.ts'
import { isAltinnHttpError } from '../errors/index.ts'
import type { CallOptions, HttpClient } from '../http.ts'
import { paginate, type PageIterable } from './paginate.ts'

/**
 * A system user as vendors see it. Its `id` equals the id of the request that created it.
 *
 * @example
 * ```ts
 * const user: SystemUser | undefined = await client.systemUsers.find({ systemId, orgNo: '312091437' })
 * ```
 */
export type SystemUser = SystemUserExternalDTO

/**
 * Which system user to find.
 *
 * @example
 * ```ts
 * await client.systemUsers.find({ systemId: '318882703_smartcloud', orgNo: '312091437', externalRef: 'kunde-1' })
 * ```
 */
export interface SystemUserLookup {
  systemId: string
  /** The owner: the customer (standard) or the facilitator (agent). */
  orgNo: string
  /** Defaults to `orgNo` (Altinn's default). */
  externalRef?: string | undefined
}

/**
 * The system users of your systems.
 *
 * @example
 * ```ts
 * const users: SystemUsersResource = client.systemUsers
 * for await (const user of users.list('318882703_smartcloud')) console.log(user.reporteeOrgNo)
 * ```
 */
export interface SystemUsersResource {
  /** Every active system user (standard and agent) of a system, page by page. */
  list(systemId: string, options?: CallOptions): PageIterable<SystemUser>
  /** The active system user for (system, owner, external reference), or undefined when there is none. */
  find(lookup: SystemUserLookup, options?: CallOptions): Promise<SystemUser | undefined>
}

/**
 * Build `client.systemUsers`.
 *
 * @example
 * ```ts
 * const users = createSystemUsersResource(http)
 * ```
 */
export function createSystemUsersResource(http: HttpClient): SystemUsersResource {
  return {
    list(systemId, options) {
      if (typeof systemId !== 'string' || !systemId) throw new TypeError('systemId is required')
      return paginate(http, { route: Routes.listSystemUsers, params: { systemId }, item: SystemUserExternalDTOSchema }, options)
    },
    async find(lookup, options) {
      if (!lookup || typeof lookup.systemId !== 'string' || !lookup.systemId || typeof lookup.orgNo !== 'string' || !lookup.orgNo) {
        throw new TypeError('find({ systemId, orgNo }) needs both')
      }
      try {
        const { data } = await http.send(
          {
            route: Routes.getSystemUserByQuery,
            query: { [ByQueryParams.systemId]: lookup.systemId, [ByQueryParams.orgNo]: lookup.orgNo, [ByQueryParams.externalRef]: lookup.externalRef || undefined },
            schema: SystemUserExternalDTOSchema,
          },
          options,
        )
        return data
      } catch (e) {
        // Altinn: byquery answers a bodiless 404 when no active system user of yours matches (reference §6.2).
        if (isAltinnHttpError(e, 404)) return undefined
        throw e
      }
    },
  }
}
