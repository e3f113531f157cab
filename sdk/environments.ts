/**
 * Which Altinn the client talks to: a named environment (`'tt02'`, `'production'`) or your own three URLs
 * (the mock on one origin gives all three: `mockEnvironment('http://127.0.0.1:5101')`).
 *
 * @example
 * ```ts
 * import { resolveEnvironment } from './environments.ts'
 * resolveEnvironment('tt02').portalUrl // 'https://am.ui.tt02.altinn.no'
 * ```
 */
import { Environments, type EnvironmentName, type EnvironmentUrls } from './contract/index.ts'

/**
 * A named environment, or the URLs of any other deployment (a mock, an AT environment).
 *
 * @example
 * ```ts
 * const env: AltinnEnvironment = process.argv.includes('--prod') ? 'production' : 'tt02'
 * ```
 */
export type AltinnEnvironment = EnvironmentName | EnvironmentUrls

function checkUrl(name: string, value: unknown): URL {
  if (typeof value !== 'string' || !value) throw new TypeError(`environment.${name} must be an absolute URL`)
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new TypeError(`environment.${name} must be an absolute URL, got "${value.slice(0, 100)}"`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError(`environment.${name} must be an http(s) URL`)
  return url
}

/**
 * The URLs of an environment, checked and normalised (no trailing slash on the platform and portal URLs; the
 * Maskinporten issuer is kept exactly as given, since it must equal the issuer Maskinporten announces).
 *
 * @example
 * ```ts
 * resolveEnvironment({ platformUrl: 'http://127.0.0.1:5101/', maskinportenIssuer: 'http://127.0.0.1:5101/maskinporten/', portalUrl: 'http://127.0.0.1:5101' })
 * // { platformUrl: 'http://127.0.0.1:5101', maskinportenIssuer: 'http://127.0.0.1:5101/maskinporten/', portalUrl: 'http://127.0.0.1:5101' }
 * ```
 */
export function resolveEnvironment(environment: AltinnEnvironment): EnvironmentUrls {
  if (typeof environment === 'string') {
    if (!Object.hasOwn(Environments, environment)) {
      throw new TypeError(`Unknown environment "${String(environment).slice(0, 50)}": use 'tt02', 'production' or { platformUrl, maskinportenIssuer, portalUrl }`)
    }
    return { ...Environments[environment] }
  }
  if (!environment || typeof environment !== 'object') throw new TypeError("environment is required: 'tt02', 'production' or { platformUrl, maskinportenIssuer, portalUrl }")
  checkUrl('platformUrl', environment.platformUrl)
  checkUrl('maskinportenIssuer', environment.maskinportenIssuer)
  checkUrl('portalUrl', environment.portalUrl)
  return {
    platformUrl: environment.platformUrl.replace(/\/+$/, ''),
    maskinportenIssuer: environment.maskinportenIssuer,
    portalUrl: environment.portalUrl.replace(/\/+$/, ''),
  }
}
