/**
 * The journal read from a test's side, over HTTP (or msw: the call goes wherever `fetch` goes). For an in-process
 * mock the journal is at hand directly: `inProcess.journal`.
 *
 * @example
 * ```ts
 * // ... run the client ...
 * expect(countCalls(await readJournal(baseUrl, { route: 'getRequest' }))).toBe(3)
 * ```
 */
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
