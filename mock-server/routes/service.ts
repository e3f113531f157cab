/**
 * The PDP (`/authorization/api/v1/authorize`) and the demo service "Krav og betalinger".
 */
import type { RouteDef } from './types.ts'

export const serviceRoutes: RouteDef<any>[] = []
