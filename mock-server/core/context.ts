/**
 * The context every core function takes first: the store, clock, where the mock lives, and its keys.
 */
import type { ControllableClock } from './clock.ts'
import type { Store } from './store.ts'
import type { MockRuntime } from './runtime.ts'
import type { Keys } from './token-types.ts'

/** Where each part of the mock is served. On one origin: all from it, Maskinporten under `/maskinporten/`. */
export interface MockUrls {
  /** Altinn platform (Authentication, PDP, the demo service, the control API), e.g. `http://127.0.0.1:5101`. */
  platformUrl: string
  /** The portal (`am.ui`), e.g. `http://127.0.0.1:5101`. */
  portalUrl: string
  /** Maskinporten's issuer, with its trailing slash, e.g. `http://127.0.0.1:5101/maskinporten/`. */
  maskinportenIssuer: string
  /** Where `/__mock` is served; the platform URL unless set. */
  controlUrl: string
}

export interface MockConfig extends MockUrls {
  /** Altinn's OpenID issuer: `<platformUrl>/authentication/api/v1/openid/`. */
  altinnIssuer: string
  /** Items per page in the request and system-user lists (Altinn's `PaginationOptions:Size`; 20 in TT02). */
  pageSize: number
  /** Lifetime of Maskinporten access tokens in seconds. */
  maskinportenTokenSeconds: number
  /** Lifetime of exchanged Altinn tokens in seconds (`JwtValidityMinutes`, 30). */
  altinnTokenSeconds: number
}

export interface MockContext {
  readonly config: MockConfig
  readonly clock: ControllableClock
  readonly keys: Keys
  /** The one owner of the state: reads through its views, writes in `store.write`. */
  readonly store: Store
  /** What the mock keeps besides its state while it runs (replay store, caches), shared by its origin views. */
  readonly runtime: MockRuntime
  /** New GUIDs (injectable for deterministic tests). */
  newId(): string
}

/** Strip trailing slashes so `${base}${path}` joins cleanly. */
export function trimSlash(url: string): string {
  // Most URLs have no trailing slash; those skip the regular expression (this runs on every status poll).
  return url.endsWith('/') ? url.replace(/\/+$/, '') : url
}
