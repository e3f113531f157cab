/**
 * The HTTP adapter: one `node:http` request listener that hands every request to the route table. Bodies are
 * read only for methods that carry one, with a 1 MB limit; nothing else runs on the hot path. `npm start` serves
 * this listener as it is: an Express router stack in front of it cost more than half the throughput of a status
 * poll (BENCHMARKS.md), and loading Express a tenth of a second of the start. `express-adapter.ts` mounts the same
 * listener in an Express app, for those who embed the mock in their own.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { MockAltinn } from '../core/mock-altinn.ts'
import { MAX_BODY_BYTES, type Router } from '../kit/router.ts'
import type { RouteRequest, RouteResponse } from '../kit/types.ts'

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

function readBody(req: IncomingMessage): Promise<{ body?: string | undefined; tooLarge: boolean }> {
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

function toHeaders(req: IncomingMessage): Record<string, string | undefined> {
  // Node joins repeated headers itself except `set-cookie`, which it gives as an array; only then is a copy needed.
  const given = req.headers
  for (const k in given) {
    if (Array.isArray(given[k])) {
      const headers: Record<string, string | undefined> = {}
      for (const [name, v] of Object.entries(given)) headers[name] = Array.isArray(v) ? v.join(', ') : v
      return headers
    }
  }
  return given as Record<string, string | undefined>
}

/**
 * Write a route response to a `node:http` response (an Express response is one).
 *
 * @example
 * ```ts
 * sendRouteResponse(res, { status: 204 })
 * ```
 */
export function sendRouteResponse(res: ServerResponse, out: RouteResponse): void {
  if (out.drop) {
    // A fault asked for a dropped connection: the client sees a reset, not an answer.
    res.socket?.destroy()
    return
  }
  res.statusCode = out.status
  for (const [k, v] of Object.entries(out.headers ?? {})) res.setHeader(k, v)
  res.end(out.bytes ?? out.body ?? undefined)
}

/** What a server adds around the route table (see `server.ts`); an embedding Express app needs neither. */
export interface RequestListenerOptions {
  /**
   * Runs first on every call, before its body is read: the mock that answers it (a server bound to every address
   * answers each Host for its own origin), or a refusal to send instead (a Host that is not allowed).
   */
  admit?(req: IncomingMessage): { mock: MockAltinn; refused?: undefined } | { refused: RouteResponse; mock?: undefined }
  /**
   * Runs once the call's URL is known, before its body is read and before routing: an answer returned here is sent
   * instead (the control API's token). It may drop headers the router and the journal must not see.
   */
  guard?(req: RouteRequest): RouteResponse | undefined
}

/**
 * The `node:http` request listener for a mock. `getMock` gives the mock once the server listens (its origin is
 * known only then).
 *
 * @example
 * ```ts
 * const server = createServer(createRequestListener(() => mock, createMockRouter(withHarness())))
 * ```
 */
export function createRequestListener(
  getMock: () => MockAltinn,
  router: Router,
  options: RequestListenerOptions = {},
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { admit, guard } = options
  return async (req, res) => {
    try {
      let mock: MockAltinn
      if (admit) {
        const admitted = admit(req)
        if (admitted.refused) return sendRouteResponse(res, admitted.refused)
        mock = admitted.mock
      } else mock = getMock()
      // Mounted in an Express app, `originalUrl` is the path as it came (Express strips a mount prefix from `url`).
      const path = (req as { originalUrl?: string }).originalUrl ?? req.url ?? '/'
      const routeReq: RouteRequest = {
        method: req.method ?? 'GET',
        url: new URL(`${mock.config.platformUrl}${path.startsWith('/') ? '' : '/'}${path}`),
        headers: toHeaders(req),
      }
      const refused = guard?.(routeReq)
      if (refused) return sendRouteResponse(res, refused)
      if (BODY_METHODS.has(routeReq.method)) {
        const { body, tooLarge } = await readBody(req)
        if (body !== undefined) routeReq.body = body
        if (tooLarge) routeReq.bodyTooLarge = true
      }
      sendRouteResponse(res, await router.dispatch(mock, routeReq))
    } catch (e) {
      if (!res.headersSent) {
        res.statusCode = 400
        res.end()
      }
    }
  }
}
