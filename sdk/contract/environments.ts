/**
 * Where Altinn and Maskinporten live in each environment (reference: conventions; §7.1).
 *
 * @example
 * ```ts
 * import { Environments } from './environments.ts'
 * Environments.tt02.platformUrl // 'https://platform.tt02.altinn.no'
 * ```
 */

/** The three hosts a vendor talks to. */
export interface EnvironmentUrls {
  /** Altinn platform, e.g. `https://platform.tt02.altinn.no`. */
  platformUrl: string
  /** Maskinporten's issuer with its trailing slash, e.g. `https://test.maskinporten.no/`. */
  maskinportenIssuer: string
  /** The Altinn portal (`am.ui`) where end users approve, e.g. `https://am.ui.tt02.altinn.no`. */
  portalUrl: string
}

export const Environments = {
  tt02: {
    platformUrl: 'https://platform.tt02.altinn.no',
    maskinportenIssuer: 'https://test.maskinporten.no/',
    portalUrl: 'https://am.ui.tt02.altinn.no',
  },
  production: {
    platformUrl: 'https://platform.altinn.no',
    maskinportenIssuer: 'https://maskinporten.no/',
    portalUrl: 'https://am.ui.altinn.no',
  },
} as const satisfies Record<string, EnvironmentUrls>

export type EnvironmentName = keyof typeof Environments

/** The URLs of the mock served on one origin (Maskinporten under `/maskinporten/`). */
export function mockEnvironment(origin: string): EnvironmentUrls {
  const base = origin.replace(/\/+$/, '')
  return { platformUrl: base, maskinportenIssuer: `${base}/maskinporten/`, portalUrl: base }
}
