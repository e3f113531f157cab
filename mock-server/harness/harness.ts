/**
 * The QA harness of one mock: its fault rules, its journal, the tokens it issued, and (with `--state-file`) its
 * saved state. Each mock has its own, so in-process mocks never share anything; the router reaches them
 * through {@link harnessHooks}.
 *
 * @example
 * ```ts
 * const mock = createMockAltinn({ seed: loadDefaultSeed() })
 * const router = createMockRouter(withHarness())
 * getHarness(mock).faults.add({ path: '/maskinporten/token', status: 503, times: 1 })
 * ```
 */
import { baseMockOf, type MockAltinn } from '../core/mock-altinn.ts'
import type { ExchangeInfo, RouterHooks } from '../kit/router.ts'
import type { RouteRequest, RouteResponse } from '../kit/types.ts'
import { createFaults, type Faults } from './faults.ts'
import { createIssuedTokens, type IssuedTokens } from './issued-tokens.ts'
import { createJournal, type Journal } from './journal.ts'
import type { StateFile } from './persistence.ts'

/** Everything the harness keeps for one mock. */
export interface Harness {
  readonly faults: Faults
  readonly journal: Journal
  readonly issuedTokens: IssuedTokens
  /** Set when the mock keeps its state in a file. */
  stateFile?: StateFile
}

export interface HarnessOptions {
  /** Calls the journal keeps (default 1 000). */
  journalCapacity?: number
  /** Decides probabilistic faults (default `Math.random`). */
  random?: () => number
}

// '.js', not '.ts': an augmentation's name is not rewritten in the published '.d.ts' files.
declare module '../core/mock-altinn.js' {
  interface MockParts {
    /** The harness of this mock (see `harness/harness.ts`), made on first use. */
    harness?: Harness
  }
}

/**
 * The harness of a mock, created on first use (options apply only then).
 *
 * @example
 * ```ts
 * getHarness(mock).journal.entries({ route: 'getRequest' })
 * ```
 */
export function getHarness(mock: MockAltinn, options: HarnessOptions = {}): Harness {
  // A view of the mock at another origin (a Host-derived one) shares the one harness of its base.
  return (baseMockOf(mock).parts.harness ??= {
    faults: createFaults(options.random ? { random: options.random } : {}),
    journal: createJournal(options.journalCapacity ? { capacity: options.journalCapacity } : {}),
    issuedTokens: createIssuedTokens(),
  })
}

/** Which fault answered a call (for the journal). */
const faultOf = new WeakMap<RouteRequest, string>()

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/**
 * Router hooks for the harness: the state file sees every call begin and end, faults answer before the route
 * runs, and the journal and the issued-token list record every call after it.
 */
const harnessHooks: Required<RouterHooks> = {
  before(mock, req, route) {
    const h = getHarness(mock)
    const refused = h.stateFile?.begin(req)
    if (refused) return refused
    const outcome = h.faults.match(mock, req, route)
    if (!outcome) return undefined
    faultOf.set(req, outcome.ruleId)
    if (outcome.delayMs > 0) return sleep(outcome.delayMs).then(() => outcome.response)
    return outcome.response
  },
  after(mock, req, res, info) {
    const h = getHarness(mock)
    // Saved first: a change that cannot be written turns the answer into a 503 before anyone records it.
    h.stateFile?.end(req, res)
    h.journal.record(mock, req, res, info, faultOf.get(req))
    h.issuedTokens.record(mock, req, res, info)
  },
}

/**
 * The harness hooks combined with a caller's own: the caller's `before` goes first (its answer wins), the
 * harness's `after` goes first (the state is saved before anything else sees the answer).
 *
 * @example
 * ```ts
 * createMockRouter(withHarness({ after: (mock, req, res) => console.log(res.status) }))
 * ```
 */
export function withHarness(hooks: RouterHooks = {}): RouterHooks {
  if (!hooks.before && !hooks.after) return harnessHooks
  return {
    async before(mock: MockAltinn, req: RouteRequest, route: string | undefined): Promise<RouteResponse | undefined> {
      const own = await hooks.before?.(mock, req, route)
      if (own) {
        // The state file still has to see the call begin, so its end is balanced.
        getHarness(mock).stateFile?.begin(req)
        return own
      }
      return harnessHooks.before(mock, req, route)
    },
    after(mock: MockAltinn, req: RouteRequest, res: RouteResponse, info: ExchangeInfo): void {
      harnessHooks.after(mock, req, res, info)
      hooks.after?.(mock, req, res, info)
    },
  }
}
