/**
 * `npm run soak`: many vendors at once against one mock over HTTP, for a bounded time. Each vendor creates
 * requests (standard and agent, and the same triple again), polls them, has them approved, rejected or deletes
 * them, and remembers what it was told. At the end the mock's state (`GET /__mock/state`) must hold exactly what
 * the vendors saw: nothing lost, nothing doubled, every status as last answered, one system user per approval.
 *
 * Options: `--seconds N` (default 30), `--vendors N` (default 50), `--base-url URL` (soak a mock that is already
 * running; by default `npm start` is started on a free port and stopped afterwards). Exits 1 when anything was
 * lost, doubled or answered unexpectedly.
 *
 * @example
 * ```sh
 * npm run soak
 * npm run soak -- --seconds 10 --vendors 20
 * ```
 */
import { parseArgs } from 'node:util'
import { Scopes } from '../sdk/contract/index.ts'
import { startMockProcess, type ChildServer } from './lib/processes.ts'
import { aStandardRequest, AUTHENTICATION } from './lib/vendor.ts'
import { SMARTCLOUD } from '../mock-server/seed/personas.ts'
import { ALL_VENDOR_SCOPES, call } from '../test/support/api.ts'
import { anAgentRequest } from '../test/support/builders.ts'

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '30' }, vendors: { type: 'string', default: '50' }, 'base-url': { type: 'string' } } })
const SECONDS = Number(values.seconds)
const VENDORS = Number(values.vendors)
if (!(SECONDS > 0 && SECONDS <= 3600)) throw new Error('--seconds must be between 1 and 3600')
if (!(Number.isInteger(VENDORS) && VENDORS > 0 && VENDORS <= 1000)) throw new Error('--vendors must be a whole number from 1 to 1000')

type Status = 'New' | 'Accepted' | 'Rejected'

/** A request as its vendor knows it. */
interface Known {
  id: string
  externalRef: string
  kind: 'standard' | 'agent'
  status: Status
  deleted: boolean
}

/** What the vendors did and saw. */
interface Counts {
  created: number
  recreated: number
  polls: number
  approved: number
  rejected: number
  deleted: number
  /** Answers that were not what the vendor had reason to expect. */
  unexpected: number
  errors: string[]
}

const counts: Counts = { created: 0, recreated: 0, polls: 0, approved: 0, rejected: 0, deleted: 0, unexpected: 0, errors: [] }

function note(problem: string): void {
  counts.unexpected++
  if (counts.errors.length < 20) counts.errors.push(problem)
}

async function send(method: string, url: string, token: string | undefined, body?: unknown): Promise<{ status: number; body: any }> {
  return call(url, method, '', { ...(token ? { token } : {}), ...(body !== undefined ? { body } : {}) })
}

/** One vendor: its own external references, so nobody else decides its requests. */
async function runVendor(baseUrl: string, token: string, vendor: number, deadline: number, known: Known[]): Promise<void> {
  let next = 0
  const mine: Known[] = []
  const pick = (filter: (k: Known) => boolean) => {
    const candidates = mine.filter(filter)
    return candidates[Math.floor(Math.random() * candidates.length)]
  }
  while (Date.now() < deadline) {
    const roll = Math.random()
    try {
      if (roll < 0.3 || mine.length === 0) {
        const kind = Math.random() < 0.2 ? 'agent' : 'standard'
        const externalRef = `soak-${vendor}-${next++}`
        const body =
          kind === 'agent'
            ? anAgentRequest({ externalRef })
            : aStandardRequest(externalRef)
        const res = await send('POST', `${baseUrl}${AUTHENTICATION}/systemuser/request/vendor${kind === 'agent' ? '/agent' : ''}`, token, body)
        if (res.status !== 201 || res.body?.status !== 'New') note(`create ${externalRef}: ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`)
        else {
          const k: Known = { id: res.body.id, externalRef, kind, status: 'New', deleted: false }
          mine.push(k)
          known.push(k)
          counts.created++
        }
      } else if (roll < 0.4) {
        // The same triple again: the same request back (200), or AUTH-00004 once a system user exists for it.
        const k = pick((x) => !x.deleted && x.kind === 'standard')
        if (!k) continue
        const res = await send('POST', `${baseUrl}${AUTHENTICATION}/systemuser/request/vendor`, token, aStandardRequest(k.externalRef))
        counts.recreated++
        if (k.status === 'Accepted' ? res.body?.code !== 'AUTH-00004' : res.status !== 200 || res.body?.id !== k.id) note(`re-create ${k.externalRef} (${k.status}): ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`)
      } else if (roll < 0.75) {
        const k = pick((x) => !x.deleted)
        if (!k) continue
        const res = await send('GET', `${baseUrl}${AUTHENTICATION}/systemuser/request/vendor/${k.kind === 'agent' ? 'agent/' : ''}${k.id}`, token)
        counts.polls++
        if (res.status !== 200 || res.body?.status !== k.status) note(`poll ${k.id}: expected ${k.status}, got ${res.status} ${res.body?.status ?? ''}`)
      } else if (roll < 0.92) {
        const k = pick((x) => !x.deleted && x.status === 'New')
        if (!k) continue
        const approve = Math.random() < 0.6
        const res = await send('POST', `${baseUrl}/__mock/requests/${k.id}/${approve ? 'approve' : 'reject'}`, undefined)
        if (res.status !== 200) note(`${approve ? 'approve' : 'reject'} ${k.id}: ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`)
        else {
          k.status = approve ? 'Accepted' : 'Rejected'
          if (approve) counts.approved++
          else counts.rejected++
        }
      } else {
        const k = pick((x) => !x.deleted && x.status === 'New')
        if (!k) continue
        const res = await send('DELETE', `${baseUrl}${AUTHENTICATION}/systemuser/request/vendor/${k.id}`, token)
        if (res.status !== 202) note(`delete ${k.id}: ${res.status}`)
        else {
          k.deleted = true
          counts.deleted++
        }
      }
    } catch (e) {
      note(`network: ${(e as Error).message}`)
    }
  }
}

interface StateView {
  requests: { id: string; externalRef: string; status: Status; isDeleted: boolean; kind: string }[]
  systemUsers: { id: string; externalRef?: string }[]
}

/** Compare what the vendors saw with the mock's state. */
function reconcile(known: Known[], state: StateView) {
  const ours = state.requests.filter((r) => r.externalRef.startsWith('soak-'))
  const byId = new Map<string, number>()
  const storedById = new Map<string, StateView['requests'][number]>()
  for (const r of ours) {
    byId.set(r.id, (byId.get(r.id) ?? 0) + 1)
    storedById.set(r.id, r)
  }
  const lost: string[] = []
  const mismatched: string[] = []
  for (const k of known) {
    const stored = storedById.get(k.id)
    if (!stored) lost.push(k.id)
    else if (stored.isDeleted !== k.deleted || (!k.deleted && stored.status !== k.status)) mismatched.push(`${k.id}: saw ${k.deleted ? 'deleted' : k.status}, stored ${stored.isDeleted ? 'deleted' : stored.status}`)
  }
  const knownIds = new Set(known.map((k) => k.id))
  const strangers = ours.filter((r) => !knownIds.has(r.id)).map((r) => r.id)
  const doubledIds = [...byId].filter(([, n]) => n > 1).map(([id]) => id)
  // One live request per triple, and one system user per approval (with the request's id).
  const liveTriples = new Map<string, number>()
  for (const r of ours) if (!r.isDeleted) liveTriples.set(`${r.kind}|${r.externalRef}`, (liveTriples.get(`${r.kind}|${r.externalRef}`) ?? 0) + 1)
  const doubledTriples = [...liveTriples].filter(([, n]) => n > 1).map(([t]) => t)
  const approvedIds = new Set(known.filter((k) => k.status === 'Accepted').map((k) => k.id))
  const users = state.systemUsers.filter((u) => approvedIds.has(u.id) || (u.externalRef ?? '').startsWith('soak-'))
  const userIds = new Set(users.map((u) => u.id))
  const missingUsers = [...approvedIds].filter((id) => !userIds.has(id))
  return { stored: ours.length, lost, mismatched, strangers, doubled: [...doubledIds, ...doubledTriples], systemUsers: users.length, missingUsers, extraUsers: users.length - userIds.size + [...userIds].filter((id) => !approvedIds.has(id)).length }
}

async function main(): Promise<void> {
  let server: ChildServer | undefined
  const baseUrl = values['base-url']?.replace(/\/+$/, '') ?? (server = await startMockProcess()).url
  try {
    process.stderr.write(`soaking ${baseUrl} with ${VENDORS} vendors for ${SECONDS} s ...\n`)
    const tokens = await Promise.all(
      Array.from({ length: VENDORS }, async () => {
        const res = await send('POST', `${baseUrl}/__mock/tokens`, undefined, { orgNo: SMARTCLOUD, scope: `${ALL_VENDOR_SCOPES} ${Scopes.requestRead}` })
        if (res.status !== 200) throw new Error(`POST /__mock/tokens: ${res.status} ${JSON.stringify(res.body)}`)
        return res.body.access_token as string
      }),
    )
    const known: Known[] = []
    const started = Date.now()
    const deadline = started + SECONDS * 1000
    await Promise.all(tokens.map((token, i) => runVendor(baseUrl, token, i, deadline, known)))
    const elapsed = (Date.now() - started) / 1000
    const state = (await send('GET', `${baseUrl}/__mock/state`, undefined)).body as StateView
    const r = reconcile(known, state)
    const calls = counts.created + counts.recreated + counts.polls + counts.approved + counts.rejected + counts.deleted + counts.unexpected
    console.log(`${VENDORS} vendors for ${elapsed.toFixed(1)} s: ${calls} calls (${(calls / elapsed).toFixed(0)}/s)`)
    console.log(`  created ${counts.created}, created again ${counts.recreated}, polled ${counts.polls}, approved ${counts.approved}, rejected ${counts.rejected}, deleted ${counts.deleted}`)
    console.log(`  in the state: ${r.stored} requests, ${r.systemUsers} system users (one per approval: ${r.missingUsers.length === 0 && r.extraUsers === 0 ? 'yes' : 'no'})`)
    console.log(`  unexpected answers: ${counts.unexpected}`)
    for (const e of counts.errors) console.log(`    ${e}`)
    console.log(`  lost: ${r.lost.length}, doubled: ${r.doubled.length}, status differs: ${r.mismatched.length}, unknown to the vendors: ${r.strangers.length}, system users missing: ${r.missingUsers.length}, extra: ${r.extraUsers}`)
    for (const m of [...r.lost, ...r.doubled, ...r.mismatched, ...r.strangers].slice(0, 10)) console.log(`    ${m}`)
    const ok = counts.unexpected === 0 && r.lost.length === 0 && r.doubled.length === 0 && r.mismatched.length === 0 && r.strangers.length === 0 && r.missingUsers.length === 0 && r.extraUsers === 0
    console.log(ok ? 'nothing lost or doubled' : 'FAILED: see above')
    process.exitCode = ok ? 0 : 1
  } finally {
    await server?.stop()
  }
}

await main()
