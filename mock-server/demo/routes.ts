/**
 * The routes of SmartCloud, the demo vendor (`/demo/smartcloud/...`): HTML pages and a form, never part of Altinn.
 * Served on the portal's origin, where the browser already is.
 */
import { answer, route } from '../kit/define.ts'
import { createFetchFunction } from '../kit/route-fetch.ts'
import type { Router } from '../kit/router.ts'
import type { HandlerContext, RouteDef } from '../kit/types.ts'
import { connectToAltinn, DEMO_PATHS, demoStyles, showDemoHome, showReceipt } from './smartcloud-pages.ts'

const altinnFailed = answer(502, 'Altinn or Maskinporten refused or failed SmartCloud\'s call: a SmartCloud page with the reason and the AUTH code.', 'html')
const cannotRun = answer(503, 'The seed in force has no one to play the part, or no Maskinporten client with a key for the system: a SmartCloud page that says so.', 'html')

/**
 * SmartCloud's pages. SmartCloud's back end calls Altinn through `vendorRouter`: the route table with the harness's
 * hooks, in this process, so its calls pass the same rules, fault rules and journal as any vendor's.
 *
 * @example
 * ```ts
 * createRouter([...portalRoutes, ...createDemoRoutes(() => createRouter(allRoutes, withHarness()))])
 * ```
 */
export function createDemoRoutes(vendorRouter: () => Router): RouteDef<any>[] {
  // SmartCloud's `fetch`: answered by this mock (the view of the call's own origin included).
  const altinnFor = (ctx: HandlerContext<any>) => createFetchFunction({ mock: ctx.mock, router: vendorRouter() })
  return [
    route('demoHome', 'GET', 'portal', DEMO_PATHS.home, { handle: showDemoHome }),
    route('demoStyles', 'GET', 'portal', DEMO_PATHS.styles, { handle: demoStyles }),
    route('demoConnect', 'POST', 'portal', DEMO_PATHS.connect, {
      form: true,
      problems: [
        answer(400, 'Neither story chosen (`historie` is `standard` or `agent`).', 'html'),
        answer(403, "The form carries no valid CSRF token (SmartCloud's double-submit cookie); no request was sent.", 'html'),
        altinnFailed,
        cannotRun,
      ],
      handle: (ctx) => connectToAltinn(ctx, altinnFor(ctx)),
    }),
    route('demoReceipt', 'GET', 'portal', DEMO_PATHS.receipt, {
      problems: [
        answer(400, 'The return URL carries no state of SmartCloud\'s, or an altered or expired one.', 'html'),
        answer(404, 'Altinn no longer has the request (deleted, or the mock was reset).', 'html'),
        altinnFailed,
        cannotRun,
      ],
      handle: (ctx) => showReceipt(ctx, altinnFor(ctx)),
    }),
  ]
}
