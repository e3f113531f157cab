/**
 * The ceiling: a bare `node:http` server answering the same JSON bodies as the mock, with nothing else (no
 * routing, no token, no state). It serialises the body on every call as the mock does, and a POST reads and
 * parses its JSON body, so it does the least work any Node server answering these calls must do.
 *
 * Run by `bench/run.ts` in its own process: `BENCH_CEILING_BODIES='{"poll":{...},"create":{...}}'`.
 *
 * @example
 * ```sh
 * BENCH_CEILING_BODIES='{"poll":{"id":"x"},"create":{"id":"x"}}' node --import tsx bench/ceiling-server.ts
 * ```
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

const bodies = JSON.parse(process.env.BENCH_CEILING_BODIES ?? '{}') as { poll?: unknown; create?: unknown }
const poll = bodies.poll ?? {}
const create = bodies.create ?? {}
const JSON_TYPE = 'application/json; charset=utf-8'

const server = createServer((req, res) => {
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': JSON_TYPE })
    res.end(JSON.stringify(poll))
    return
  }
  const chunks: Buffer[] = []
  req.on('data', (chunk: Buffer) => chunks.push(chunk))
  req.on('end', () => {
    let parsed: unknown
    try {
      parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'))
    } catch {
      parsed = undefined
    }
    res.writeHead(parsed === undefined ? 400 : 201, { 'content-type': JSON_TYPE, location: 'http://127.0.0.1/x' })
    res.end(JSON.stringify(create))
  })
})
server.keepAliveTimeout = 5_000
server.listen(0, '127.0.0.1', () => {
  console.log(`Ceiling listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`)
})
process.on('SIGINT', () => process.exit(0))
process.on('SIGTERM', () => {
  server.close(() => process.exit(0))
  server.closeAllConnections()
})
