/**
 * The harness controls from a test's side, over HTTP (or msw: the calls go wherever `fetch` goes). For an
 * in-process mock the same things are at hand directly: `inProcess.faults`, `inProcess.journal`.
 *
 * @example
 * ```ts
 * await addFault(baseUrl, { method: 'GET', path: '/authentication/api/v1/systemuser/request/vendor/' + '*', status: 503, times: 2, retryAfter: 1 })
 * // ... run the client ...
 * expect(countCalls(await readJournal(baseUrl, { route: 'getRequest' }))).toBe(3)
 * ```
 */
import type { FaultRule, FaultSpec } from './faults.ts'
import type { JournalEntry, JournalFilter } from './journal.ts'

async function send(url: string, init: RequestInit, fetchImpl: typeof fetch): Promise<Response> {
  const res = await fetchImpl(url, init)
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${new URL(url).pathname} answered ${res.status}: ${(await res.text()).slice(0, 500)}`)
  return res
}

/**
 * The journal's entries (oldest first) as `GET /__mock/journal` gives them, filtered.
 *
 * @example
 * ```ts
 * const polls = await readJournal('http://127.0.0.1:5101', { route: 'getRequest', status: 200 })
 * ```
 */
export async function readJournal(controlUrl: string, filter: JournalFilter = {}, fetchImpl: typeof fetch = fetch): Promise<JournalEntry[]> {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(filter)) {
    if (v === undefined) continue
    if (Array.isArray(v)) v.forEach((x) => q.append(k, String(x)))
    else q.set(k, String(v))
  }
  const query = q.size ? `?${q}` : ''
  const res = await send(`${controlUrl.replace(/\/+$/, '')}/__mock/journal${query}`, { method: 'GET' }, fetchImpl)
  return ((await res.json()) as { entries: JournalEntry[] }).entries
}

/**
 * Forget every call in the journal.
 *
 * @example
 * ```ts
 * await clearJournal(baseUrl)
 * ```
 */
export async function clearJournal(controlUrl: string, fetchImpl: typeof fetch = fetch): Promise<void> {
  await send(`${controlUrl.replace(/\/+$/, '')}/__mock/journal`, { method: 'DELETE' }, fetchImpl)
}

/**
 * Add a fault rule; answers the rule with its id.
 *
 * @example
 * ```ts
 * const rule = await addFault(baseUrl, { path: '/maskinporten/token', status: 400, body: { error: 'invalid_grant' }, times: 1 })
 * ```
 */
export async function addFault(controlUrl: string, spec: FaultSpec, fetchImpl: typeof fetch = fetch): Promise<FaultRule> {
  const res = await send(
    `${controlUrl.replace(/\/+$/, '')}/__mock/faults`,
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) },
    fetchImpl,
  )
  return (await res.json()) as FaultRule
}

/**
 * The fault rules in force, with their remaining counts.
 *
 * @example
 * ```ts
 * const [rule] = await listFaults(baseUrl) // rule.remaining
 * ```
 */
export async function listFaults(controlUrl: string, fetchImpl: typeof fetch = fetch): Promise<FaultRule[]> {
  const res = await send(`${controlUrl.replace(/\/+$/, '')}/__mock/faults`, { method: 'GET' }, fetchImpl)
  return ((await res.json()) as { faults: FaultRule[] }).faults
}

/**
 * Remove every fault rule.
 *
 * @example
 * ```ts
 * afterEach(() => clearFaults(baseUrl))
 * ```
 */
export async function clearFaults(controlUrl: string, fetchImpl: typeof fetch = fetch): Promise<void> {
  await send(`${controlUrl.replace(/\/+$/, '')}/__mock/faults`, { method: 'DELETE' }, fetchImpl)
}
