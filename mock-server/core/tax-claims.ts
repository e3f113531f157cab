/**
 * Synthetic tax claims for the "Krav og betalinger" stand-in: the same organisation always gets the same claims
 * (derived from a hash of its number, not from the clock or a random source), so tests and demos can assert them.
 * Kinds and due dates follow the Norwegian tax calendar; every amount is made up.
 */
import { createHash } from 'node:crypto'
import type { TaxClaim, TaxClaimStatus, TaxClaimsResponse } from 'altinn-systemuser-sdk/contract'
import { deterministicGuid } from './state.ts'

interface ClaimSlot {
  type: string
  description: string
  period: string
  dueDate: string
  /** Typical size in NOK; the amount varies around it. */
  scale: number
}

const YEAR = 2026

/** Every claim an organisation could have this year, one per kind and term. */
const SLOTS: readonly ClaimSlot[] = [
  // Merverdiavgift: six two-month terms (the 3rd is due 31 August).
  ...['04-10', '06-10', '08-31', '10-10', '12-10', `${YEAR + 1}-02-10`].map((due, i) => ({
    type: 'Merverdiavgift',
    description: `Merverdiavgift ${i + 1}. termin ${YEAR}`,
    period: `${YEAR}-T${i + 1}`,
    dueDate: due.length > 5 ? due : `${YEAR}-${due}`,
    scale: 90_000,
  })),
  // Arbeidsgiveravgift and forskuddstrekk: six terms, due the 15th after each term.
  ...['Arbeidsgiveravgift', 'Forskuddstrekk'].flatMap((type) =>
    ['03-15', '05-15', '07-15', '09-15', '11-15', `${YEAR + 1}-01-15`].map((due, i) => ({
      type,
      description: `${type} ${i + 1}. termin ${YEAR}`,
      period: `${YEAR}-T${i + 1}`,
      dueDate: due.length > 5 ? due : `${YEAR}-${due}`,
      scale: type === 'Arbeidsgiveravgift' ? 40_000 : 110_000,
    })),
  ),
  // Forskuddsskatt for companies: two terms.
  ...['02-15', '04-15'].map((due, i) => ({
    type: 'Forskuddsskatt',
    description: `Forskuddsskatt ${i + 1}. termin ${YEAR}`,
    period: `${YEAR}-T${i + 1}`,
    dueDate: `${YEAR}-${due}`,
    scale: 150_000,
  })),
  { type: 'Restskatt', description: `Restskatt for inntektsåret ${YEAR - 1}`, period: `${YEAR - 1}`, dueDate: `${YEAR}-11-20`, scale: 60_000 },
]

const STATUSES: readonly TaxClaimStatus[] = ['open', 'open', 'open', 'partiallyPaid', 'paid']

/** A stream of pseudo-random 32-bit numbers from an organisation number (SHA-256 in counter mode). */
function numbersFrom(seed: string): () => number {
  let counter = 0
  let block = Buffer.alloc(0)
  let offset = 0
  return () => {
    if (offset + 4 > block.length) {
      block = createHash('sha256').update(`${seed}:${counter++}`).digest()
      offset = 0
    }
    const n = block.readUInt32BE(offset)
    offset += 4
    return n
  }
}

const cache = new Map<string, TaxClaimsResponse>()
const CACHE_LIMIT = 10_000

/**
 * The organisation's claims (2 to 5, sorted by due date) and their total in NOK. The answer is frozen (cached).
 *
 * @example
 * ```ts
 * taxClaimsOf('312091437') // { orgNo: '312091437', claims: [{ type: 'Merverdiavgift', amount: 84213, ... }], total: ... }
 * taxClaimsOf('312091437').total === taxClaimsOf('312091437').total // always
 * ```
 */
export function taxClaimsOf(orgNo: string): Readonly<TaxClaimsResponse> {
  const hit = cache.get(orgNo)
  if (hit) return hit
  const next = numbersFrom(`krav-og-betalinger:${orgNo}`)
  const count = 2 + (next() % 4)
  // Pick distinct slots: a partial Fisher-Yates shuffle driven by the stream.
  const pool = [...SLOTS]
  const picked: ClaimSlot[] = []
  for (let i = 0; i < count; i++) {
    const j = i + (next() % (pool.length - i))
    ;[pool[i], pool[j]] = [pool[j]!, pool[i]!]
    picked.push(pool[i]!)
  }
  picked.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.type.localeCompare(b.type))
  const claims: TaxClaim[] = picked.map((slot) => ({
    id: deterministicGuid(`krav:${orgNo}:${slot.type}:${slot.period}`),
    type: slot.type,
    description: slot.description,
    period: slot.period,
    // Between 0.25 and 1.75 times the slot's scale, in whole kroner.
    amount: Math.round(slot.scale * (0.25 + (next() % 1500) / 1000)),
    currency: 'NOK',
    dueDate: slot.dueDate,
    status: STATUSES[next() % STATUSES.length]!,
  }))
  const result: TaxClaimsResponse = { orgNo, claims, total: claims.reduce((sum, c) => sum + c.amount, 0) }
  // Frozen, so the cached answer can be handed out as it is.
  for (const c of claims) Object.freeze(c)
  Object.freeze(claims)
  Object.freeze(result)
  if (cache.size >= CACHE_LIMIT) cache.clear()
  cache.set(orgNo, result)
  return result
}
