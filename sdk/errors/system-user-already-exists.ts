import type { SystemUserExternalDTO } from '../contract/index.ts'
import { detailsOf } from './http-error.ts'
import { AltinnProblemError, problemOf } from './problem-error.ts'

/**
 * How to find the system user that made a create fail with AUTH-00004.
 *
 * @example
 * ```ts
 * const { systemId, orgNo, externalRef }: ExistingSystemUserRef = error.existing
 * ```
 */
export interface ExistingSystemUserRef {
  systemId: string
  orgNo: string
  /** The external reference the request used (the organisation number when none was given). */
  externalRef: string
}

/**
 * AUTH-00004: an active system user already exists for (system, organisation, external reference), so Altinn
 * refuses a new request. Treat it as "already connected": {@link SystemUserAlreadyExistsError.findSystemUser}
 * fetches it with `GET systemuser/vendor/byquery` (reference §11.4).
 *
 * @example
 * ```ts
 * try {
 *   await client.requests.create({ systemId, partyOrgNo, rights })
 * } catch (e) {
 *   if (e instanceof SystemUserAlreadyExistsError) {
 *     const user = await e.findSystemUser()
 *     console.log('already connected as', user?.id)
 *   } else throw e
 * }
 * ```
 */
export class SystemUserAlreadyExistsError extends AltinnProblemError {
  readonly existing: ExistingSystemUserRef
  readonly #find: () => Promise<SystemUserExternalDTO | undefined>

  constructor(source: AltinnProblemError, existing: ExistingSystemUserRef, find: () => Promise<SystemUserExternalDTO | undefined>) {
    // The source's texts are redacted already; the message below names only the triple.
    super(
      detailsOf(source),
      problemOf(source),
      `A system user already exists for system ${existing.systemId}, organisation ${existing.orgNo} and external reference ` +
        `${existing.externalRef} (AUTH-00004). Look it up with client.systemUsers.find({ systemId, orgNo, externalRef }) ` +
        `or error.findSystemUser(); to connect again, the customer must delete it first, or use another externalRef.`,
    )
    this.name = 'SystemUserAlreadyExistsError'
    this.existing = existing
    this.#find = find
  }

  /** The existing system user, read from `GET systemuser/vendor/byquery`; undefined if it is gone meanwhile. */
  findSystemUser(): Promise<SystemUserExternalDTO | undefined> {
    return this.#find()
  }
}
