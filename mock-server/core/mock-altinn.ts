/**
 * `createMockAltinn`: one independent, in-memory Altinn (state, clock, keys, where it is served). Cheap to
 * create: keys come from the seed, so nothing is generated at start.
 *
 * @example
 * ```ts
 * import { createMockAltinn } from './mock-altinn.ts'
 * const mock = createMockAltinn({ origin: 'http://127.0.0.1:5101' })
 * mock.store.systems.get('318882703_smartcloud')
 * ```
 */
import { randomUUID } from 'node:crypto'
import { MASKINPORTEN_PATH_ON_ORIGIN, ALTINN_OPENID_ISSUER_PATH } from 'altinn-systemuser-sdk/contract'
import { createClock, type ControllableClock } from './clock.ts'
import { trimSlash, type MockConfig, type MockContext, type MockUrls } from './context.ts'
import { createRuntime } from './runtime.ts'
import { createStore } from './store.ts'
import { createIdPortenSigningKey, importSigningKey } from './tokens.ts'
import type { Seed } from '../seed/schema.ts'

export interface MockAltinnOptions {
  /** The validated seed (see `loadDefaultSeed` / `parseSeed`). */
  seed: Seed
  /** One origin for everything, e.g. `http://127.0.0.1:5101` (Maskinporten at `<origin>/maskinporten/`). */
  origin?: string
  /** Or each part on its own host, e.g. the real TT02 names for in-process interception. */
  urls?: Partial<MockUrls>
  clock?: ControllableClock
  /** Items per list page (default 20, as in TT02). */
  pageSize?: number
  /** GUID source (default `crypto.randomUUID`). */
  newId?: () => string
}

/**
 * What the parts above the core keep for one mock while it runs: the harness, the portal's sessions, the
 * inspector's form token, the demo's redirect secret. Each part declares its own slot, by declaration merging in
 * its own module, so the core names none of them:
 *
 * ```ts
 * declare module '../core/mock-altinn.js' {
 *   interface MockParts { harness?: Harness }
 * }
 * ```
 *
 * Each origin view has its own (portal sessions belong to an origin, and go when the view is dropped); a part that
 * belongs to the one mock keeps its slot on {@link baseMockOf}'s.
 */
export interface MockParts {}

/** One mock Altinn: the core context plus reset and seed additions. */
export interface MockAltinn extends MockContext {
  readonly seed: Seed
  /** What the harness, the portal, the inspector and the demo keep for this mock (see {@link MockParts}). */
  readonly parts: MockParts
  /** Back to the seed (the clock is left as it is; reset it separately). */
  reset(): void
  /** Add organisations, persons, relations, systems or clients to the running state and to the seed in force (a reset keeps them). */
  addSeed(part: Partial<Seed>): void
}

/** Resolve where each part is served, from one origin or explicit URLs. */
export function resolveUrls(origin: string | undefined, urls: Partial<MockUrls> = {}): MockUrls {
  const base = trimSlash(origin ?? urls.platformUrl ?? 'http://127.0.0.1:5101')
  const platformUrl = trimSlash(urls.platformUrl ?? base)
  return {
    platformUrl,
    portalUrl: trimSlash(urls.portalUrl ?? base),
    maskinportenIssuer: urls.maskinportenIssuer ?? `${base}${MASKINPORTEN_PATH_ON_ORIGIN}/`,
    controlUrl: trimSlash(urls.controlUrl ?? platformUrl),
  }
}

/** The configuration for these URLs; the rest (page size, token lifetimes) from `like` or the defaults. */
function configFor(urls: MockUrls, like: Partial<MockConfig> = {}): MockConfig {
  return {
    ...urls,
    altinnIssuer: `${urls.platformUrl}${ALTINN_OPENID_ISSUER_PATH}`,
    pageSize: like.pageSize ?? 20,
    maskinportenTokenSeconds: like.maskinportenTokenSeconds ?? 599,
    altinnTokenSeconds: like.altinnTokenSeconds ?? 30 * 60,
  }
}

export function createMockAltinn(options: MockAltinnOptions): MockAltinn {
  const config = configFor(resolveUrls(options.origin, options.urls), options.pageSize ? { pageSize: options.pageSize } : {})
  const clock = options.clock ?? createClock()
  const seed = options.seed
  const keys = {
    maskinporten: importSigningKey(seed.keys.maskinporten as JsonWebKey & { kid?: string }, 'mock-maskinporten'),
    altinn: importSigningKey(seed.keys.altinn as JsonWebKey & { kid?: string }, 'mock-altinn'),
    idporten: createIdPortenSigningKey(seed.keys.idporten as (JsonWebKey & { kid?: string }) | undefined),
  }
  // The store keeps the seed in force: the start seed plus what `addSeed` added, so a reset keeps the additions.
  const store = createStore(seed, clock.now())
  return {
    config,
    clock,
    keys,
    get seed() {
      return store.seed
    },
    store,
    runtime: createRuntime(),
    parts: {},
    newId: options.newId ?? randomUUID,
    reset: () => store.reset(clock.now()),
    addSeed: (part) => store.write((tx) => tx.addSeed(part, clock.now())),
  }
}

/** Each origin view's mock, for {@link baseMockOf}. */
const baseOfView = new WeakMap<MockAltinn, MockAltinn>()

/**
 * The same mock served at another origin: every URL it hands out (issuers, `confirmUrl`, `Location`, `links.next`)
 * names `origin`, while the store, clock, keys, seed, ids and the harness are the base mock's: a reset, a seed
 * addition or a write made through the view is the base's.
 *
 * The HTTP server uses views when it is bound to every address without a public URL: each call is answered for
 * the origin its `Host` names, as navikt/mock-oauth2-server does for its issuer.
 *
 * @example
 * ```ts
 * const mock = createMockAltinn({ seed, origin: 'http://127.0.0.1:5101' })
 * const view = createOriginView(mock, 'http://mock-altinn:5101')
 * view.config.maskinportenIssuer // 'http://mock-altinn:5101/maskinporten/'
 * view.store === mock.store // true
 * ```
 */
export function createOriginView(base: MockAltinn, origin: string): MockAltinn {
  const root = baseMockOf(base)
  const config = configFor(resolveUrls(origin), root.config)
  const view: MockAltinn = {
    config,
    clock: root.clock,
    // The same key objects: tokens one view signs verify at another view only when their issuer names it, and an
    // assertion is remembered against replay across all of them.
    keys: root.keys,
    get seed() {
      return root.seed
    },
    store: root.store,
    runtime: root.runtime,
    parts: {},
    newId: () => root.newId(),
    reset: () => root.reset(),
    addSeed: (part) => root.addSeed(part),
  }
  baseOfView.set(view, root)
  return view
}

/**
 * The mock a view was made from (see {@link createOriginView}), or the mock itself. What belongs to the one mock
 * rather than to one origin (the harness: faults, journal, state file) is keyed by this.
 *
 * @example
 * ```ts
 * baseMockOf(createOriginView(mock, 'http://mock-altinn:5101')) === mock // true
 * ```
 */
export function baseMockOf(mock: MockAltinn): MockAltinn {
  return baseOfView.get(mock) ?? mock
}
