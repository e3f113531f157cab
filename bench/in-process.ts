/**
 * The in-process measurements, each in a fresh Node process started by `bench/run.ts` (so one measurement's
 * heap, JIT state or msw interception never colours another). Prints one JSON line.
 *
 * - `flow --seconds N --concurrency C`: the full standard flow over msw.
 * - `fetch-flow --seconds N --concurrency C`: the same flow through the mock's own `fetch` (`createMockFetch`): no
 *   server, no interception.
 * - `grant --seconds N --concurrency C`: the JWT-bearer grant through the route table (form, checks, replay store,
 *   token, harness hooks) beside jose's RS256 verify + RS256 sign with the same keys, in this one process.
 * - `second-instance`: how long `createInProcessMock` takes once one mock exists (the cost per test file).
 * - `store`: RSS with 100 000 requests and 10 000 system users stored (filled through the core's own functions),
 *   and the time of a list page and a status poll through the route table at 1 000 and at 100 000 requests.
 *
 * @example
 * ```sh
 * node --expose-gc --import tsx bench/in-process.ts store
 * ```
 */
import { createPublicKey, randomUUID, type KeyObject } from 'node:crypto'
import { parseArgs } from 'node:util'
import { compactVerify, SignJWT } from 'jose'
import { Scopes } from '../sdk/contract/index.ts'
import { encodePageToken } from '../mock-server/core/paging.ts'
import { approveRequest, createStandardRequest } from '../mock-server/core/requests.ts'
import { mintMaskinportenToken, verifyAccessToken } from '../mock-server/core/tokens.ts'
import { withHarness } from '../mock-server/harness/harness.ts'
import { createMockFetch } from '../mock-server/fetch.ts'
import { createInProcessMock, startInProcessMock } from '../mock-server/msw.ts'
import { createMockRouter } from '../mock-server/table.ts'
import { signClientAssertion, signingClientOf } from '../test/support/client-assertion.ts'
import { runFlows } from './lib/flow.ts'
import { AUTHENTICATION, aStandardRequest, grantBody, prepareVendor } from './lib/vendor.ts'
import { SMARTCLOUD, STADIG_KONSERT, STANDARD_CLIENT_ID, STANDARD_SYSTEM } from '../mock-server/seed/personas.ts'
import { ALL_VENDOR_SCOPES } from '../test/support/api.ts'

const ORIGIN = 'http://mock-altinn.local'

async function measureFlow(seconds: number, concurrency: number) {
  const running = startInProcessMock({ origin: ORIGIN })
  try {
    const vendor = await prepareVendor(ORIGIN)
    await runFlows(vendor, { seconds: Math.min(1, seconds), concurrency, prefix: 'warm' })
    return await runFlows(vendor, { seconds, concurrency, prefix: 'msw' })
  } finally {
    running.close()
  }
}

async function measureFetchFlow(seconds: number, concurrency: number) {
  const altinn = createMockFetch({ environment: ORIGIN })
  const vendor = await prepareVendor(ORIGIN, altinn.fetch)
  await runFlows(vendor, { seconds: Math.min(1, seconds), concurrency, prefix: 'warm', fetch: altinn.fetch })
  return runFlows(vendor, { seconds, concurrency, prefix: 'fetch', fetch: altinn.fetch })
}

/** Run `call` from `concurrency` callers for `seconds`; calls per second. */
async function perSecond(seconds: number, concurrency: number, call: (i: number) => Promise<void>): Promise<number> {
  let done = 0
  const started = performance.now()
  const deadline = started + seconds * 1000
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) await call(done++)
    }),
  )
  return done / ((performance.now() - started) / 1000)
}

async function measureGrant(seconds: number, concurrency: number) {
  const { mock } = createInProcessMock({ origin: ORIGIN })
  const router = createMockRouter(withHarness())
  const client = signingClientOf(mock.store.maskinportenClients.get(STANDARD_CLIENT_ID)!)
  const clientPublic = createPublicKey(client.privateKey as KeyObject)
  const sign = () => signClientAssertion(client, mock.config.maskinportenIssuer, Math.floor(mock.clock.now() / 1000), { lifetime: 120 })
  const presign = async (count: number) => {
    const out: string[] = []
    for (let i = 0; i < count; i += 64) out.push(...(await Promise.all(Array.from({ length: Math.min(64, count - i) }, sign))))
    return out
  }
  const url = new URL(`${mock.config.maskinportenIssuer}token`)
  const headers = { 'content-type': 'application/x-www-form-urlencoded' }
  const grant = (assertions: string[]) => async (i: number) => {
    const res = await router.dispatch(mock, { method: 'POST', url, headers, body: grantBody(assertions[i]!) })
    if (res.status !== 200) throw new Error(`grant: ${res.status} ${res.body}`)
  }
  // The crypto ceiling: what every grant must do, and nothing else (the same library and keys).
  const issuerKey = mock.keys.maskinporten
  const crypto = (assertions: string[]) => async (i: number) => {
    await compactVerify(assertions[i % assertions.length]!, clientPublic, { algorithms: ['RS256'] })
    const now = Math.floor(Date.now() / 1000)
    await new SignJWT({ scope: Scopes.kravOgBetalinger, iss: mock.config.maskinportenIssuer, client_amr: 'private_key_jwt', token_type: 'Bearer', exp: now + 599, iat: now, client_id: client.clientId, jti: randomUUID(), consumer: { authority: 'iso6523-actorid-upis', ID: `0192:${SMARTCLOUD}` } })
      .setProtectedHeader({ alg: 'RS256', kid: issuerKey.kid, typ: 'JWT' })
      .sign(issuerKey.privateKey)
  }
  const verifyPool = await presign(256)
  await perSecond(Math.min(1, seconds), concurrency, crypto(verifyPool)) // warm-up
  await perSecond(0.5, concurrency, grant(await presign(2_000)))
  const ceilings: number[] = []
  const grants: number[] = []
  for (let round = 0; round < 2; round++) {
    const ceiling = await perSecond(seconds, concurrency, crypto(verifyPool))
    ceilings.push(ceiling)
    // Fresh assertions for about `seconds` at the ceiling's pace (a grant never takes one twice).
    const assertions = await presign(Math.ceil(ceiling * seconds * 1.2))
    grants.push(
      await perSecond(seconds, concurrency, async (i) => {
        if (i >= assertions.length) throw new Error('ran out of pre-signed assertions')
        await grant(assertions)(i)
      }),
    )
  }
  return { grantPerSecond: Math.max(...grants), cryptoPerSecond: Math.max(...ceilings), concurrency }
}

function measureSecondInstance() {
  const t0 = performance.now()
  createInProcessMock()
  const firstMs = performance.now() - t0
  const times: number[] = []
  for (let i = 0; i < 20; i++) {
    const t = performance.now()
    createInProcessMock()
    times.push(performance.now() - t)
  }
  times.sort((a, b) => a - b)
  return { firstMs, secondMs: times[0]!, medianMs: times[Math.floor(times.length / 2)]!, maxMs: times[times.length - 1]! }
}

/** Microseconds per call: the fastest of several batches (other work on the machine only slows a batch down). */
async function microsPerCall(call: () => Promise<unknown>, batches = 7, perBatch = 500): Promise<number> {
  for (let i = 0; i < perBatch; i++) await call()
  let best = Infinity
  for (let b = 0; b < batches; b++) {
    const t = performance.now()
    for (let i = 0; i < perBatch; i++) await call()
    best = Math.min(best, ((performance.now() - t) * 1000) / perBatch)
  }
  return best
}

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc
  if (gc) {
    gc()
    gc()
  }
}

async function measureStore() {
  const { mock } = createInProcessMock({ origin: ORIGIN })
  const router = createMockRouter(withHarness())
  const { accessToken } = await mintMaskinportenToken(mock, { orgNo: SMARTCLOUD, scope: ALL_VENDOR_SCOPES })
  const caller = await verifyAccessToken(mock, accessToken)
  const headers = { authorization: `Bearer ${accessToken}` }
  collectGarbage()
  const baseline = process.memoryUsage()

  let requests = 0
  let systemUsers = 0
  const ids: string[] = []
  /** Fill up to `total` requests, approving one in ten (so 100 000 requests give 10 000 system users). */
  function fillTo(total: number): void {
    for (; requests < total; requests++) {
      const { request } = createStandardRequest(mock, caller, aStandardRequest(`bench-store-${requests}`))
      ids.push(request.id)
      if (requests % 10 === 0) {
        approveRequest(mock, request.id, { pid: STADIG_KONSERT })
        systemUsers++
      }
    }
  }

  async function timings() {
    const sorted = [...ids].sort()
    const pollId = ids[Math.floor(ids.length / 2)]!
    const pageToken = encodePageToken(sorted[Math.floor(sorted.length / 2)]!)
    const poll = new URL(`${ORIGIN}${AUTHENTICATION}/systemuser/request/vendor/${pollId}`)
    const page = new URL(`${ORIGIN}${AUTHENTICATION}/systemuser/request/vendor/bysystem/${STANDARD_SYSTEM}?token=${pageToken}`)
    const users = new URL(`${ORIGIN}${AUTHENTICATION}/systemuser/vendor/bysystem/${STANDARD_SYSTEM}`)
    const expect200 = async (url: URL) => {
      const res = await router.dispatch(mock, { method: 'GET', url, headers })
      if (res.status !== 200) throw new Error(`${url.pathname}: ${res.status} ${res.body}`)
    }
    return { pollMicros: await microsPerCall(() => expect200(poll)), listPageMicros: await microsPerCall(() => expect200(page)), systemUserPageMicros: await microsPerCall(() => expect200(users)) }
  }

  const fillStarted = performance.now()
  fillTo(1_000)
  const small = { requests, systemUsers, ...(await timings()) }
  fillTo(100_000)
  const fillSeconds = (performance.now() - fillStarted) / 1000
  const large = { requests, systemUsers, ...(await timings()) }
  collectGarbage()
  const filled = process.memoryUsage()
  if (mock.store.requests.size !== 100_000 || mock.store.systemUsers.size !== 10_000) throw new Error('the store was not filled as asked')
  return {
    small,
    large,
    fillSeconds,
    rssBaselineMb: baseline.rss / 2 ** 20,
    rssMb: filled.rss / 2 ** 20,
    heapUsedMb: filled.heapUsed / 2 ** 20,
  }
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { seconds: { type: 'string', default: '3' }, concurrency: { type: 'string', default: '4' } },
})
const what = positionals[0]
let result: unknown
if (what === 'flow') result = await measureFlow(Number(values.seconds), Number(values.concurrency))
else if (what === 'fetch-flow') result = await measureFetchFlow(Number(values.seconds), Number(values.concurrency))
else if (what === 'grant') result = await measureGrant(Number(values.seconds), Number(values.concurrency))
else if (what === 'second-instance') result = measureSecondInstance()
else if (what === 'store') result = await measureStore()
else throw new Error(`usage: in-process.ts flow|fetch-flow|grant|second-instance|store (got ${what})`)
console.log(JSON.stringify(result))
