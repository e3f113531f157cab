/**
 * The one route table: every path the mock serves, for both transports.
 */
import { changeRequestRoutes } from './change-requests.ts'
import { clientDelegationRoutes } from './client-delegation.ts'
import { controlRoutes } from './control.ts'
import { harnessRoutes } from './harness.ts'
import { idPortenRoutes } from './idporten.ts'
import { maskinportenRoutes } from './maskinporten.ts'
import { portalRoutes } from './portal.ts'
import { demoRoutes } from '../demo/routes.ts'
import { serviceRoutes } from './service.ts'
import { createRouter, type Router, type RouterHooks } from '../kit/router.ts'
import type { RouteDef } from '../kit/types.ts'
import { requestRoutes, systemRegisterRoutes, systemUserRoutes } from './vendor.ts'

/** Every route of the mock. */
export const allRoutes: readonly RouteDef<any>[] = [
  ...systemRegisterRoutes,
  ...requestRoutes,
  ...changeRequestRoutes,
  ...systemUserRoutes,
  ...clientDelegationRoutes,
  ...maskinportenRoutes,
  ...idPortenRoutes,
  ...serviceRoutes,
  ...portalRoutes,
  ...demoRoutes,
  ...controlRoutes,
  ...harnessRoutes,
]

/** A router over the whole table. */
export function createMockRouter(hooks?: RouterHooks): Router {
  return createRouter(allRoutes, hooks)
}

export type { RouteDef, RouteRequest, RouteResponse, HandlerContext } from '../kit/types.ts'
export { createRouter, MAX_BODY_BYTES, type Router, type RouterHooks } from '../kit/router.ts'
