/**
 * Maskinporten (metadata, JWKS, the JWT-bearer grant), Altinn's token exchange and OpenID metadata.
 */
import type { RouteDef } from './types.ts'

export const maskinportenRoutes: RouteDef<any>[] = []
