/**
 * Every route of Altinn's API the contract names, in one table: the system register, requests and system users
 * (`routes.ts`), change requests (`change-requests.ts`) and client delegation (`client-delegation.ts`). The mock
 * registers its API routes from this one table, so it serves exactly the paths the SDK calls.
 *
 * @example
 * ```ts
 * ApiRoutes.addClient.path // '/authentication/api/v1/enduser/systemuser/clients'
 * ```
 */
import { ChangeRequestRoutes } from './change-requests.ts'
import { ClientDelegationRoutes } from './client-delegation.ts'
import { Routes } from './routes.ts'

export const ApiRoutes = { ...Routes, ...ChangeRequestRoutes, ...ClientDelegationRoutes } as const

/** The name of a route of {@link ApiRoutes}. */
export type ApiRouteName = keyof typeof ApiRoutes
