/**
 * A `fetch` that reaches a server at one socket address whatever host the URL names, and sends the URL's host as
 * `Host`: what a client in another container sees when it calls `http://mock-altinn:5101` (Node's own fetch
 * always sends the host it connected to). Redirects are never followed; a body is read whole.
 *
 * @example
 * ```ts
 * const viaMockAltinn = fetchThrough(server.server)
 * await viaMockAltinn('http://mock-altinn:5101/healthz') // reaches 127.0.0.1:<port> with Host: mock-altinn:5101
 * ```
 */
import { request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A fetch whose every call goes to `server` (or to `port` on `address`), with the URL's host in `Host`. */
export function fetchThrough(server: Server | number, address = '127.0.0.1'): typeof fetch {
  const port = typeof server === 'number' ? server : (server.address() as AddressInfo).port
  return (async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const req = new Request(input, init)
    const url = new URL(req.url)
    const body = req.body ? Buffer.from(await req.arrayBuffer()) : undefined
    const headers: Record<string, string> = {}
    req.headers.forEach((v, k) => (headers[k] = v))
    headers.host = url.host
    if (body) headers['content-length'] = String(body.length)
    return new Promise<Response>((resolve, reject) => {
      const out = request({ host: address, port, method: req.method, path: `${url.pathname}${url.search}`, headers, signal: req.signal }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('error', reject)
        res.on('end', () => {
          const h = new Headers()
          for (const [k, v] of Object.entries(res.headers)) {
            if (Array.isArray(v)) v.forEach((x) => h.append(k, x))
            else if (v !== undefined) h.set(k, v)
          }
          const status = res.statusCode ?? 500
          const nullBody = status === 204 || status === 304 || req.method === 'HEAD'
          resolve(new Response(nullBody ? null : Buffer.concat(chunks), { status, headers: h }))
        })
      })
      out.on('error', reject)
      out.end(body)
    })
  }) as typeof fetch
}
