/**
 * Who a token or an assertion speaks for, read without verifying it: for matching faults and labelling journal
 * entries only (the router verifies tokens for real before any rule runs). Never returns the token itself.
 */
import { decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose'
import { fromIso6523 } from '../core/identifiers.ts'
import type { MockAltinn } from '../core/mock-altinn.ts'
import type { AccessTokenClaims } from '../core/tokens.ts'
import type { RouteRequest } from '../kit/types.ts'

/** The parties a call concerns. */
export interface TokenFacts {
  /** The vendor: the consumer organisation (or the organisation of the Maskinporten client). */
  vendor?: string
  clientId?: string
  /** The system user named in `authorization_details`. */
  systemUser?: string
  /** The organisation that owns that system user (the customer). */
  systemUserOrg?: string
}

/**
 * The payload of a compact JWS, or undefined when it is not one. Nothing is verified.
 *
 * @example
 * ```ts
 * peekClaims('eyJ...')?.client_id
 * ```
 */
export function peekClaims(token: string | undefined): AccessTokenClaims | undefined {
  if (!token) return undefined
  try {
    return decodeJwt(token) as AccessTokenClaims
  } catch {
    return undefined
  }
}

/**
 * The protected header of a compact JWS (alg, kid, typ), or undefined.
 *
 * @example
 * ```ts
 * peekHeader(token)?.kid
 * ```
 */
export function peekHeader(token: string): Record<string, unknown> | undefined {
  try {
    return decodeProtectedHeader(token) as Record<string, unknown>
  } catch {
    return undefined
  }
}

/**
 * The parties named by access-token claims (Maskinporten or Altinn issuer) or by a grant assertion.
 *
 * @example
 * ```ts
 * factsOfClaims(mock, peekClaims(token)) // { vendor: '318882703', clientId: '...', systemUser: '...' }
 * ```
 */
export function factsOfClaims(mock: MockAltinn | undefined, claims: JWTPayload | undefined): TokenFacts {
  if (!claims) return {}
  const c = claims as AccessTokenClaims & { systemuser_id?: unknown; systemuser_org?: { ID?: string } }
  const facts: TokenFacts = {}
  const clientId = typeof c.client_id === 'string' ? c.client_id : typeof c.iss === 'string' && c.aud !== undefined && !c.consumer ? c.iss : undefined
  if (clientId) facts.clientId = clientId
  const vendor = fromIso6523(c.consumer?.ID) ?? (clientId ? mock?.store.maskinportenClients.get(clientId)?.orgNo : undefined)
  if (vendor) facts.vendor = vendor
  const detail = Array.isArray(c.authorization_details) ? (c.authorization_details[0] as Record<string, unknown> | undefined) : undefined
  const ids = detail?.systemuser_id ?? c.systemuser_id
  if (Array.isArray(ids) && typeof ids[0] === 'string') facts.systemUser = ids[0]
  const org = (detail?.systemuser_org as { ID?: string } | undefined)?.ID ?? c.systemuser_org?.ID
  const owner = fromIso6523(org)
  if (owner) facts.systemUserOrg = owner
  return facts
}

/**
 * The bearer token of a request, or the assertion of a form grant: the credential a call presents.
 */
function credentialOf(req: RouteRequest): string | undefined {
  const auth = req.headers.authorization
  if (auth) {
    const m = /^Bearer\s+(\S+)/i.exec(auth)
    if (m) return m[1]
  }
  if (req.body && (req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    const form = new URLSearchParams(req.body)
    return form.get('assertion') ?? form.get('client_assertion') ?? undefined
  }
  return undefined
}

/**
 * The parties a request's own credential names (unverified).
 *
 * @example
 * ```ts
 * factsOfRequest(mock, req).vendor // '318882703'
 * ```
 */
export function factsOfRequest(mock: MockAltinn, req: RouteRequest): TokenFacts {
  return factsOfClaims(mock, peekClaims(credentialOf(req)))
}
