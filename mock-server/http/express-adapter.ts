/**
 * The Express adapter: one middleware that hands every request to the route table. Bodies are read only for
 * methods that carry one, with a 1 MB limit; nothing else runs on the hot path.
 */
import express, { type Express, type Request, type Response } from 'express'
import type { MockAltinn } from '../core/mock-altinn.ts'
import { MAX_BODY_BYTES, type Router, type RouteRequest, type RouteResponse } from '../routes/index.ts'

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

function readBody(req: Request): Promise<{ body?: string; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let tooLarge = false
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) tooLarge = true
      else chunks.push(chunk)
    })
    req.on('end', () => resolve(tooLarge ? { tooLarge } : { body: size ? Buffer.concat(chunks).toString('utf8') : undefined, tooLarge }))
    req.on('error', reject)
  })
}

function toHeaders(req: Request): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {}
  for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v
  return headers
}

/** Write a route response to Express. */
export function sendRouteResponse(res: Response, out: RouteResponse): void {
  if (out.drop) {
    // A fault asked for a dropped connection: the client sees a reset, not an answer.
    res.socket?.destroy()
    return
  }
  res.status(out.status)
  for (const [k, v] of Object.entries(out.headers ?? {})) res.setHeader(k, v)
  res.end(out.body ?? undefined)
}

/**
 * Build the Express app for a mock. `getOrigin` gives the origin requests are resolved against (known once the
 * server listens).
 */
export function createExpressApp(getMock: () => MockAltinn, router: Router): Express {
  const app = express()
  app.disable('x-powered-by')
  app.set('etag', false)
  app.use(async (req: Request, res: Response) => {
    const mock = getMock()
    try {
      const { body, tooLarge } = BODY_METHODS.has(req.method) ? await readBody(req) : { body: undefined, tooLarge: false }
      const routeReq: RouteRequest = {
        method: req.method,
        url: new URL(`${mock.config.platformUrl}${req.originalUrl.startsWith('/') ? '' : '/'}${req.originalUrl}`),
        headers: toHeaders(req),
        ...(body !== undefined ? { body } : {}),
        ...(tooLarge ? { bodyTooLarge: true } : {}),
      }
      sendRouteResponse(res, await router.dispatch(mock, routeReq))
    } catch (e) {
      if (!res.headersSent) res.status(400).end()
    }
  })
  return app
}
