/**
 * The Express adapter: the `node:http` listener of `node-adapter.ts` as the one middleware of an Express app, for
 * those who embed the mock in an Express app of their own. `npm start` serves the listener without Express.
 */
import express, { type Express } from 'express'
import type { MockAltinn } from '../core/mock-altinn.ts'
import type { Router } from '../kit/router.ts'
import { createRequestListener } from './node-adapter.ts'

export { createRequestListener, sendRouteResponse } from './node-adapter.ts'

/**
 * An Express app for a mock: the request listener as its one middleware. `getMock` gives the mock once the server
 * listens.
 *
 * @example
 * ```ts
 * const app = createExpressApp(() => mock, createMockRouter(withHarness()))
 * outer.use(app)
 * ```
 */
export function createExpressApp(getMock: () => MockAltinn, router: Router): Express {
  const app = express()
  app.disable('x-powered-by')
  app.set('etag', false)
  const listener = createRequestListener(getMock, router)
  app.use((req, res) => listener(req, res))
  return app
}
