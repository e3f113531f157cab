/**
 * Adding to the seed at run time (`POST /__mock/seed`): a partial seed, validated exactly like a seed file
 * (references may point at the seed in force), then added to the running state and to the seed a reset
 * returns to.
 *
 * @example
 * ```ts
 * const part = parseSeedPart(mock.seed, { organisations: [{ orgNo: '314239458', name: 'NY KUNDE AS' }] })
 * mock.addSeed(part)
 * ```
 */
import { HttpProblemError } from '../core/errors.ts'
import { checkSeed, describeSeedIssues, type Seed } from '../seed/index.ts'

/** The parts of a seed that may be added at run time (the mock's signing keys may not). */
export const SEED_PART_KEYS = ['organisations', 'persons', 'resources', 'accessPackages', 'roles', 'clientRelations', 'systems', 'maskinportenClients'] as const

export type SeedPartKey = (typeof SEED_PART_KEYS)[number]

/** Most items in one addition (a seed is data for tests, not a bulk import). */
const MAX_SEED_PART_ITEMS = 10_000

/**
 * Validate a partial seed against the seed in force. Messages name each bad field by its place in the part
 * (`organisations.0.orgNo: ...`).
 *
 * @throws HttpProblemError (400, `errors` naming every problem), as `POST /__mock/seed` answers.
 * @example
 * ```ts
 * parseSeedPart(mock.seed, { clientRelations: [{ facilitatorOrgNo: '310989312', clientOrgNo: '311574000', roles: ['REGN'] }] })
 * ```
 */
export function parseSeedPart(existing: Seed, input: unknown): Partial<Seed> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw invalidAddition(['(root): must be an object such as {"organisations": [...]}'])
  const issues: string[] = []
  const given = input as Record<string, unknown>
  let count = 0
  for (const [key, value] of Object.entries(given)) {
    if (key === 'keys') issues.push('keys: the mock\'s signing keys cannot change at run time (start with another seed file)')
    else if (!(SEED_PART_KEYS as readonly string[]).includes(key)) issues.push(`${key}: not a part of a seed (use ${SEED_PART_KEYS.join(', ')})`)
    else if (!Array.isArray(value)) issues.push(`${key}: must be a list`)
    else count += value.length
  }
  if (!issues.length && count === 0) issues.push(`(root): nothing to add; give at least one of ${SEED_PART_KEYS.join(', ')}`)
  if (count > MAX_SEED_PART_ITEMS) issues.push(`(root): at most ${MAX_SEED_PART_ITEMS} items at a time`)
  if (issues.length) throw invalidAddition(issues)

  // Validate the seed as it would be with the part added; an issue's index past the existing items is in the part.
  const merged: Record<string, unknown> = { ...existing }
  for (const key of SEED_PART_KEYS) if (Array.isArray(given[key])) merged[key] = [...existing[key], ...(given[key] as unknown[])]
  const checked = checkSeed(merged)
  if ('issues' in checked) throw invalidAddition(checked.issues.map((issue) => renumber(issue, existing)))
  const parsed = checked.seed
  const part: Partial<Seed> = {}
  for (const key of SEED_PART_KEYS) {
    if (Array.isArray(given[key])) (part as Record<string, unknown>)[key] = parsed[key].slice(existing[key].length)
  }
  return part
}

/** The control API's answer to an addition that is not valid: every issue in `errors`, and all of them in `detail`. */
function invalidAddition(issues: string[]): HttpProblemError {
  return new HttpProblemError(400, 'The seed addition is not valid.', describeSeedIssues(issues, 'seed addition'), { errors: issues })
}

/** `organisations.12.orgNo: ...` with 10 existing organisations -> `organisations.2.orgNo: ...`. */
function renumber(issue: string, existing: Seed): string {
  const m = /^(\w+)\.(\d+)(.*)$/s.exec(issue)
  if (!m || !(SEED_PART_KEYS as readonly string[]).includes(m[1]!)) return issue
  const key = m[1] as SeedPartKey
  const index = Number(m[2])
  const before = existing[key].length
  return index >= before ? `${key}.${index - before}${m[3]}` : `${key} (in the seed in force) ${index}${m[3]}`
}
