/**
 * The full standard flow as a vendor lives it, timed end to end: create a request, the customer approves it
 * (control API), poll it, get a system-user token with the JWT-bearer grant, call the service with it. The same
 * code runs over HTTP, in-process over msw, and through the mock's own `fetch`: only where `fetch` lands differs.
 */
import { Scopes } from '../../sdk/contract/index.ts'
import { aStandardRequest, AUTHENTICATION, grantBody, signAssertion, type Vendor } from './vendor.ts'
import { CUSTOMER } from '../../mock-server/seed/personas.ts'

/** What a bounded run of flows measured. */
export interface FlowFigures {
  flows: number
  perSecond: number
  /** Milliseconds for one whole flow. */
  p50: number
  p99: number
  failures: number
  /** The first failure, to say what went wrong. */
  firstFailure?: string
}

const JSON_HEADERS = { 'content-type': 'application/json' }
const FORM_HEADERS = { 'content-type': 'application/x-www-form-urlencoded' }

async function expectStatus(res: Response, status: number, step: string): Promise<any> {
  const text = await res.text()
  if (res.status !== status) throw new Error(`${step}: ${res.status} ${text.slice(0, 200)}`)
  return text ? JSON.parse(text) : undefined
}

/**
 * One standard flow for a fresh external reference; throws with the step that failed.
 *
 * @example
 * ```ts
 * await runOneFlow(vendor, 'bench-flow-1') // the global fetch; or pass the mock's: runOneFlow(vendor, 'bench-flow-1', altinn.fetch)
 * ```
 */
async function runOneFlow(vendor: Vendor, externalRef: string, fetch: typeof globalThis.fetch = globalThis.fetch): Promise<void> {
  const auth = { authorization: `Bearer ${vendor.token}` }
  const created = await expectStatus(
    await fetch(`${vendor.baseUrl}${AUTHENTICATION}/systemuser/request/vendor`, {
      method: 'POST',
      headers: { ...JSON_HEADERS, ...auth },
      body: JSON.stringify(aStandardRequest(externalRef)),
    }),
    201,
    'create',
  )
  await expectStatus(await fetch(`${vendor.baseUrl}/__mock/requests/${created.id}/approve`, { method: 'POST' }), 200, 'approve')
  const polled = await expectStatus(await fetch(`${vendor.baseUrl}${AUTHENTICATION}/systemuser/request/vendor/${created.id}`, { headers: auth }), 200, 'poll')
  if (polled.status !== 'Accepted') throw new Error(`poll: status ${polled.status}`)
  const assertion = await signAssertion(vendor, { scope: Scopes.kravOgBetalinger, systemUserOrg: CUSTOMER, externalRef })
  const granted = await expectStatus(await fetch(`${vendor.issuer}token`, { method: 'POST', headers: FORM_HEADERS, body: grantBody(assertion) }), 200, 'grant')
  await expectStatus(
    await fetch(`${vendor.baseUrl}/service/krav-og-betalinger/${CUSTOMER}`, { headers: { authorization: `Bearer ${granted.access_token}` } }),
    200,
    'service call',
  )
}

/**
 * Percentile of sorted numbers (nearest rank).
 *
 * @example
 * ```ts
 * percentile([1, 2, 3, 4], 0.5) // 2
 * ```
 */
function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!
}

/**
 * Run flows from `concurrency` vendors at once for `seconds`, each with its own external reference.
 *
 * @example
 * ```ts
 * const figures = await runFlows(vendor, { seconds: 3, concurrency: 4, prefix: 'http' })
 * const inProcess = await runFlows(vendor, { seconds: 3, concurrency: 4, prefix: 'fetch', fetch: altinn.fetch })
 * ```
 */
export async function runFlows(vendor: Vendor, options: { seconds: number; concurrency: number; prefix: string; fetch?: typeof globalThis.fetch }): Promise<FlowFigures> {
  const durations: number[] = []
  let failures = 0
  let firstFailure: string | undefined
  let n = 0
  const started = performance.now()
  const deadline = started + options.seconds * 1000
  async function loop(): Promise<void> {
    while (performance.now() < deadline) {
      const t0 = performance.now()
      try {
        await runOneFlow(vendor, `${options.prefix}-${process.pid}-${n++}`, options.fetch)
        durations.push(performance.now() - t0)
      } catch (e) {
        failures++
        firstFailure ??= (e as Error).message
      }
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, loop))
  const elapsed = (performance.now() - started) / 1000
  durations.sort((a, b) => a - b)
  return {
    flows: durations.length,
    perSecond: durations.length / elapsed,
    p50: percentile(durations, 0.5),
    p99: percentile(durations, 0.99),
    failures,
    ...(firstFailure ? { firstFailure } : {}),
  }
}
