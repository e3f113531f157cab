/**
 * The portal pages (`/accessmanagement/ui/...`): login, approval, overview, client delegation, self-service.
 */
import type { RouteDef } from './types.ts'

export const portalRoutes: RouteDef<any>[] = []
