/**
 * Tokens the mock issued recently (Maskinporten grants, `/__mock/tokens`, Altinn's exchange), for the
 * inspector: their decoded header and claims, never the compact token or its signature.
 *
 * @example
 * ```ts
 * const tokens = createIssuedTokens()
 * tokens.list()[0]?.claims.client_id
 * ```
 */
import type { MockAltinn } from '../core/mock-altinn.ts'
import type { ExchangeInfo } from '../kit/router.ts'
import type { RouteRequest, RouteResponse } from '../kit/types.ts'
import { peekClaims, peekHeader } from './token-facts.ts'

/** How many issued tokens are kept. */
const DEFAULT_ISSUED_TOKENS = 50

/** An issued token as the inspector shows it. */
export interface IssuedToken {
  /** When it was issued, by the mock's clock. */
  time: string
  /** The route that issued it (`maskinportenToken`, `controlTokens`, `exchangeToken`). */
  route: string
  /** `alg`, `kid`, `typ`. */
  header: Record<string, unknown>
  claims: Record<string, unknown>
}

/** The recently issued tokens of one mock. */
export interface IssuedTokens {
  /** Look at a finished call and keep the token it issued, if any. */
  record(mock: MockAltinn, req: RouteRequest, res: RouteResponse, info: ExchangeInfo): void
  /** Newest first. */
  list(): IssuedToken[]
  clear(): void
}

const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/

/** The compact token a successful answer carries: `access_token` in JSON, or the whole text body (the exchange). */
function tokenOf(res: RouteResponse, route: string | undefined): string | undefined {
  if (res.status !== 200 || !res.body) return undefined
  if (res.body.includes('"access_token"')) {
    try {
      const t = (JSON.parse(res.body) as { access_token?: unknown }).access_token
      return typeof t === 'string' ? t : undefined
    } catch {
      return undefined
    }
  }
  if (route === 'exchangeToken') {
    const text = res.body.trim().replace(/^"|"$/g, '')
    return JWT.test(text) ? text : undefined
  }
  return undefined
}

/**
 * Keep the last `capacity` issued tokens (decoded when read).
 *
 * @example
 * ```ts
 * const tokens = createIssuedTokens({ capacity: 10 })
 * ```
 */
export function createIssuedTokens(options: { capacity?: number } = {}): IssuedTokens {
  const capacity = Math.max(1, options.capacity ?? DEFAULT_ISSUED_TOKENS)
  // Only the decoded parts are kept: the compact token never stays in the harness.
  let kept: IssuedToken[] = []
  return {
    record(mock, _req, res, info) {
      const token = tokenOf(res, info.route)
      if (!token) return
      const claims = peekClaims(token)
      if (!claims) return
      kept.unshift({ time: new Date(mock.clock.now()).toISOString(), route: info.route ?? 'unknown', header: peekHeader(token) ?? {}, claims: claims as Record<string, unknown> })
      if (kept.length > capacity) kept.length = capacity
    },
    list: () => structuredClone(kept),
    clear() {
      kept = []
    },
  }
}
