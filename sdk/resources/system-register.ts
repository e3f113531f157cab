/**
 * `client.systemRegister`: your systems in Altinn's system register (reference §1). TT02 and production have
 * separate registers, so a system is registered in each.
 *
 * @example
 * ```ts
 * const system = await client.systemRegister.get('318882703_smartcloud')
 * await client.systemRegister.updateRights(system.id, [{ resource: [{ id: 'urn:altinn:resource', value: 'ske-krav-og-betalinger' }] }])
 * ```
 */
import * as z from 'zod'
import {
  RegisteredSystemDTOSchema,
  RegisteredSystemResponseSchema,
  Routes,
  SystemChangeLogSchema,
  SystemInternalIdSchema,
  SystemRegisterUpdateResultSchema,
  type AccessPackage,
  type RegisterSystemRequestSchema,
  type RegisteredSystemDTO,
  type RegisteredSystemResponse,
  type Right,
  type SystemChangeLog,
} from '../contract/index.ts'
import { AltinnError, AltinnHttpError, AltinnProblemError } from '../errors/index.ts'
import type { CallOptions, HttpClient } from '../http.ts'
import type { InputOf } from './inputs.ts'
import type { PageIterable } from './paginate.ts'

/** The body Altinn takes to register or replace a system (`RegisterSystemRequest`). */
type RegisterSystemInput = InputOf<typeof RegisterSystemRequestSchema>

/**
 * A system to register or replace (Altinn's `RegisterSystemRequest`). `vendor` may be left out: it defaults to the
 * organisation number before the `_` in `id`.
 *
 * @example
 * ```ts
 * const system: SystemInput = { id: '318882703_smartcloud', name: { nb: 'SmartCloud' }, description: { nb: 'Regnskap' }, rights: [] }
 * ```
 */
export type SystemInput = Omit<RegisterSystemInput, 'vendor'> & Partial<Pick<RegisterSystemInput, 'vendor'>>

/**
 * Your systems in the system register.
 *
 * @example
 * ```ts
 * const register: SystemRegisterResource = client.systemRegister
 * await register.updateAccessPackages('318882703_smartcloud', [{ urn: 'urn:altinn:accesspackage:skattegrunnlag' }])
 * ```
 */
export interface SystemRegisterResource {
  /** Register a system (`POST systemregister/vendor`); resolves with Altinn's internal id of it. */
  create(system: SystemInput, options?: CallOptions): Promise<{ internalId: string }>
  /** One of your systems, deleted ones included (`isDeleted`). */
  get(systemId: string, options?: CallOptions): Promise<RegisteredSystemResponse>
  /** Your systems that are not deleted (one page: Altinn does not paginate this list). */
  list(options?: CallOptions): PageIterable<RegisteredSystemDTO>
  /** Replace a system entirely: rights, packages, client ids and redirect URLs all come from `system`. */
  update(systemId: string, system: SystemInput, options?: CallOptions): Promise<void>
  /** The rights on a system (read from the vendor view; the public `GET /{id}/rights` needs the end-user portal scope). */
  getRights(systemId: string, options?: CallOptions): Promise<Right[]>
  /** Replace the rights on a system. */
  updateRights(systemId: string, rights: readonly Right[], options?: CallOptions): Promise<void>
  /** The access packages on a system (read from the vendor view). */
  getAccessPackages(systemId: string, options?: CallOptions): Promise<AccessPackage[]>
  /** Replace the access packages on a system. */
  updateAccessPackages(systemId: string, accessPackages: readonly AccessPackage[], options?: CallOptions): Promise<void>
  /** Delete (soft-delete) a system; its client ids are released. */
  delete(systemId: string, options?: CallOptions): Promise<void>
  /** What changed on a system, and by whom. */
  changelog(systemId: string, options?: CallOptions): Promise<SystemChangeLog[]>
}

function withVendor(system: SystemInput): RegisterSystemInput {
  if (!system || typeof system.id !== 'string' || !system.id) throw new TypeError('system.id is required, e.g. "318882703_smartcloud"')
  if (system.vendor) return { ...system, vendor: system.vendor }
  const orgNo = system.id.split('_')[0]
  // Altinn: the system id must start with the vendor's org number and an underscore (AUTH.VLD-00001).
  return { ...system, vendor: { authority: 'iso6523-actorid-upis', ID: `0192:${orgNo}` } }
}

function requireId(systemId: string): string {
  if (typeof systemId !== 'string' || !systemId) throw new TypeError('systemId is required')
  return systemId
}

async function expectSucceeded(promise: Promise<{ data: { succeeded: boolean } }>, what: string): Promise<void> {
  const { data } = await promise
  if (!data.succeeded) throw new AltinnError(`Altinn answered that the ${what} did not succeed; read the system back (client.systemRegister.get) to see what holds`)
}

/**
 * Build `client.systemRegister` over the SDK's HTTP client.
 *
 * @example
 * ```ts
 * const register = createSystemRegisterResource(http)
 * for await (const s of register.list()) console.log(s.systemId)
 * ```
 */
export function createSystemRegisterResource(http: HttpClient): SystemRegisterResource {
  const get = async (systemId: string, options?: CallOptions) =>
    (await http.send({ route: Routes.getSystem, params: { systemId: requireId(systemId) }, schema: RegisteredSystemResponseSchema }, options)).data

  return {
    async create(system, options) {
      const { data } = await http.send({ route: Routes.createSystem, json: withVendor(system), schema: SystemInternalIdSchema }, options)
      return { internalId: data }
    },
    get,
    list(options) {
      async function* pages(): AsyncGenerator<readonly RegisteredSystemDTO[]> {
        yield (await http.send({ route: Routes.listSystems, schema: z.array(RegisteredSystemDTOSchema) }, options)).data
      }
      return {
        [Symbol.asyncIterator]: async function* () {
          for await (const page of pages()) yield* page
        },
        pages,
        toArray: async () => {
          const all: RegisteredSystemDTO[] = []
          for await (const page of pages()) all.push(...page)
          return all
        },
      }
    },
    update(systemId, system, options) {
      return expectSucceeded(
        http.send({ route: Routes.updateSystem, params: { systemId: requireId(systemId) }, json: withVendor(system), schema: SystemRegisterUpdateResultSchema }, options),
        'update',
      )
    },
    async getRights(systemId, options) {
      return (await get(systemId, options)).rights
    },
    updateRights(systemId, rights, options) {
      return expectSucceeded(
        http.send({ route: Routes.updateSystemRights, params: { systemId: requireId(systemId) }, json: rights, schema: SystemRegisterUpdateResultSchema }, options),
        'rights update',
      )
    },
    async getAccessPackages(systemId, options) {
      return (await get(systemId, options)).accessPackages
    },
    updateAccessPackages(systemId, accessPackages, options) {
      return expectSucceeded(
        http.send(
          { route: Routes.updateSystemAccessPackages, params: { systemId: requireId(systemId) }, json: accessPackages, schema: SystemRegisterUpdateResultSchema },
          options,
        ),
        'access package update',
      )
    },
    async delete(systemId, options) {
      try {
        await expectSucceeded(http.send({ route: Routes.deleteSystem, params: { systemId: requireId(systemId) }, schema: SystemRegisterUpdateResultSchema }, options), 'delete')
      } catch (e) {
        // Altinn: DELETE answers a bodiless 400 when the system had no client ids, although the delete is
        // committed (reference §1.2). Ask for the truth before calling it a failure.
        if (e instanceof AltinnHttpError && !(e instanceof AltinnProblemError) && e.status === 400 && !e.bodyText) {
          const system = await get(systemId, options).catch(() => undefined)
          if (system?.isDeleted) return
        }
        throw e
      }
    },
    async changelog(systemId, options) {
      return (await http.send({ route: Routes.getSystemChangelog, params: { systemId: requireId(systemId) }, schema: z.array(SystemChangeLogSchema) }, options)).data
    },
  }
}

