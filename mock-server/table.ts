/**
 * The one route table: every path the mock serves, for every transport (the HTTP server, msw, the mock's `fetch`).
 * It is assembled here, at the top, from each part's own route list: Altinn's APIs (`routes/`), the portal
 * (`portal/`), the demo vendor (`demo/`), the control API and the inspector (`harness/`), and the mock's description
 * of itself (`openapi/`), which describes this very table. What a part needs of the assembled table is handed to it
 * here: the inspector's forms call the table without hooks, and the demo vendor calls it with the harness's hooks,
 * as any vendor's calls go.
 *
 * @example
 * ```ts
 * const router = createMockRouter(withHarness())
 * const res = await router.dispatch(mock, { method: 'GET', url: new URL('http://127.0.0.1:5101/healthz'), headers: {} })
 * ```
 */
import { createDemoRoutes } from './demo/routes.ts'
import { controlRoutes } from './harness/control-routes.ts'
import { withHarness } from './harness/harness.ts'
import { createInspectorRoutes, harnessRoutes } from './harness/harness-routes.ts'
import { route } from './kit/define.ts'
import { API_DOCS_CSS_PATH, API_DOCS_PATH, OPENAPI_PATH, SEED_SCHEMA_PATH } from './kit/paths.ts'
import { assetResponse, text } from './kit/responses.ts'
import { createRouter, type Router, type RouterHooks } from './kit/router.ts'
import type { RouteDef } from './kit/types.ts'
import { API_DOCS_CSS, renderApiDocs } from './openapi/docs-page.ts'
import { openApiJsonOf } from './openapi/document.ts'
import { seedJsonSchemaText } from './openapi/seed-schema.ts'
import { portalRoutes } from './portal/routes.ts'
import { changeRequestRoutes } from './routes/change-requests.ts'
import { clientDelegationRoutes } from './routes/client-delegation.ts'
import { idPortenRoutes } from './routes/idporten.ts'
import { maskinportenRoutes } from './routes/maskinporten.ts'
import { serviceRoutes } from './routes/service.ts'
import { requestRoutes, systemRegisterRoutes, systemUserRoutes } from './routes/vendor.ts'

/** The table without hooks, for the inspector's forms; made on first use (the table must exist first). */
let plainRouter: Router | undefined
/** The table with the harness's hooks, for the demo vendor's calls to Altinn; made on first use. */
let vendorRouter: Router | undefined

/** The mock describes itself: its OpenAPI document, that document as a page, and the JSON Schema of seed files. */
const selfDescriptionRoutes: RouteDef<any>[] = [
  route('controlOpenApi', 'GET', 'control', OPENAPI_PATH, { handle: ({ mock }) => text(200, openApiJsonOf(mock, allRoutes), 'application/json; charset=utf-8') }),
  route('apiDocs', 'GET', 'control', API_DOCS_PATH, { handle: ({ mock }) => renderApiDocs(mock, allRoutes) }),
  route('apiDocsStyles', 'GET', 'control', API_DOCS_CSS_PATH, { handle: () => assetResponse(API_DOCS_CSS, 'text/css; charset=utf-8') }),
  route('controlSeedSchema', 'GET', 'control', SEED_SCHEMA_PATH, { handle: () => text(200, seedJsonSchemaText(), 'application/json; charset=utf-8') }),
]

/** Every route of the mock. */
export const allRoutes: readonly RouteDef<any>[] = [
  ...systemRegisterRoutes,
  ...requestRoutes,
  ...changeRequestRoutes,
  ...systemUserRoutes,
  ...clientDelegationRoutes,
  ...maskinportenRoutes,
  ...idPortenRoutes,
  ...serviceRoutes,
  ...portalRoutes,
  ...createDemoRoutes(() => (vendorRouter ??= createRouter(allRoutes, withHarness()))),
  ...controlRoutes,
  ...harnessRoutes,
  ...selfDescriptionRoutes,
  ...createInspectorRoutes(() => (plainRouter ??= createRouter(allRoutes))),
]

/**
 * A router over the whole table.
 *
 * @example
 * ```ts
 * const router = createMockRouter(withHarness({ after: (mock, req, res) => console.log(res.status) }))
 * ```
 */
export function createMockRouter(hooks?: RouterHooks): Router {
  return createRouter(allRoutes, hooks)
}
