/**
 * The security headers of every HTML page the mock serves: the portal's pages (and fault answers on its paths), and
 * the mock's own tool pages (the inspector, the API docs). Each CSP allows only what its pages use.
 *
 * @example
 * ```ts
 * return { ...res, headers: { ...res.headers, ...portalSecurityHeaders([]) } }
 * ```
 */
import type { MockContext } from '../core/context.ts'

/**
 * The Content-Security-Policy of every portal page: nothing but our own style sheets and font, no script at all (the
 * pages work without JavaScript). Forms may post only to the portal, and, on an approval page, to the origin of the
 * vendor's redirect URL, because Chromium applies `form-action` to the redirect that follows the decision.
 * Fault answers carry the same headers (`harness/faults.ts`).
 *
 * @example
 * ```ts
 * portalSecurityHeaders([])['content-security-policy'] // "default-src 'none'; style-src 'self'; ..."
 * ```
 */
export function portalSecurityHeaders(formActionOrigins: readonly string[]): Record<string, string> {
  const formAction = ["'self'", ...formActionOrigins].join(' ')
  return {
    'content-security-policy': `default-src 'none'; style-src 'self'; font-src 'self'; img-src 'self' data:; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  }
}

/**
 * The headers of the mock's own tool pages (the inspector, the API docs): a strict CSP that allows only the mock's
 * own script and the portal's style sheets, no framing, no sniffing, no caching.
 *
 * @example
 * ```ts
 * return { ...res, headers: { ...res.headers, ...toolSecurityHeaders(mock) } }
 * ```
 */
export function toolSecurityHeaders(mock: MockContext): Record<string, string> {
  // The style sheets are the portal's; with the parts on separate hosts (msw on TT02's names) they come from the portal's origin.
  const portalOrigin = new URL(mock.config.portalUrl).origin
  return {
    'content-security-policy': `default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self' ${portalOrigin}; font-src 'self' ${portalOrigin}; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    // Not no-referrer: with it a browser sends `Origin: null` on the page's own form posts, and where it sends no
    // Sec-Fetch-Site (plain http on a container name) the control guard could not tell them from a foreign page's.
    'referrer-policy': 'same-origin',
    'cache-control': 'no-store',
  }
}
