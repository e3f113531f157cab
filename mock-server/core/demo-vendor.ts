/**
 * SmartCloud, the demo vendor the mock serves under `/demo/smartcloud/` so that the seed guides' stories can be
 * shown in a browser from start to finish: its two systems of the default seed, and the one rule of Altinn's the
 * mock bends for it.
 *
 * Altinn admits a request's `redirectUrl` only when it matches one of the system's `allowedRedirectUrls` on scheme,
 * host, port and path (AuthenticationHelper.cs:684-698, AUTH-00026 and AUTH-00021), and a system's allowed URLs must
 * be absolute https (AUTH.VLD-00005, audit 2026-11, validation table). The demo's receipt page lives on the mock's
 * own origin, which is `http://` on loopback and is known only once the mock is started, so no seeded URL can name
 * it. The narrowest exception: a request of one of SmartCloud's demo systems may name exactly the receipt page on
 * the mock's own portal origin (any query: the SDK's signed state travels there). Every other system, origin, path
 * or scheme is held to Altinn's rule as before.
 *
 * @example
 * ```ts
 * isDemoReceiptRedirect(mock, '318882703_smartcloud', `${mock.config.portalUrl}/demo/smartcloud/kvittering?state=v1.x.y`) // true
 * isDemoReceiptRedirect(mock, '315889545_konkurrent', `${mock.config.portalUrl}/demo/smartcloud/kvittering`) // false
 * ```
 */
import { AGENT_SYSTEM, STANDARD_SYSTEM } from '../seed/personas.ts'
import type { MockContext } from './context.ts'

/**
 * Where the demo vendor's pages are served on the mock's own origin.
 *
 * @example
 * ```ts
 * DEMO_VENDOR_PATH // '/demo/smartcloud'
 * ```
 */
export const DEMO_VENDOR_PATH = '/demo/smartcloud'

/**
 * The demo vendor's receipt page: where the portal sends the person after Godkjenn or Avvis.
 *
 * @example
 * ```ts
 * `${mock.config.portalUrl}${DEMO_RECEIPT_PATH}?state=...`
 * ```
 */
export const DEMO_RECEIPT_PATH = `${DEMO_VENDOR_PATH}/kvittering`

/**
 * SmartCloud's systems in the default seed: the standard one and the one for accounting firms (agent).
 *
 * @example
 * ```ts
 * mock.store.systems.get(DEMO_SYSTEM_IDS.agent)
 * ```
 */
export const DEMO_SYSTEM_IDS = {
  standard: STANDARD_SYSTEM,
  agent: AGENT_SYSTEM,
} as const

/**
 * Whether a request's redirect URL is the demo's receipt page on this mock's own origin, asked for by one of the demo
 * systems: the exception to Altinn's redirect rule described above. Credentials in the URL never pass.
 *
 * @example
 * ```ts
 * if (!isDemoReceiptRedirect(ctx, system.id, body.redirectUrl)) validateRedirect(system, body.redirectUrl)
 * ```
 */
export function isDemoReceiptRedirect(ctx: MockContext, systemId: string, redirectUrl: string | null | undefined): boolean {
  if (!redirectUrl || (systemId !== DEMO_SYSTEM_IDS.standard && systemId !== DEMO_SYSTEM_IDS.agent)) return false
  let url: URL
  let own: URL
  try {
    url = new URL(redirectUrl)
    own = new URL(ctx.config.portalUrl)
  } catch {
    return false
  }
  if (url.username || url.password) return false
  return url.origin === own.origin && url.pathname === DEMO_RECEIPT_PATH
}
