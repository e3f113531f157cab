/**
 * The numbers of the seed's parties: organisation numbers (MOD11) and synthetic person numbers (Tenor: month + 80).
 * A seed is checked with them when it is loaded, and the rules check what callers send with the same functions
 * (`core/identifiers.ts` hands them on), so the two can never disagree.
 */

const ORG_WEIGHTS = [3, 2, 7, 6, 5, 4, 3, 2]

/**
 * Whether a string is a nine-digit Norwegian organisation number with a valid MOD11 check digit.
 *
 * @example
 * ```ts
 * isValidOrgNo('318882703') // true
 * ```
 */
export function isValidOrgNo(value: string): boolean {
  if (!/^\d{9}$/.test(value)) return false
  const digits = [...value].map(Number)
  const sum = ORG_WEIGHTS.reduce((acc, w, i) => acc + w * digits[i]!, 0)
  const rest = sum % 11
  const check = rest === 0 ? 0 : 11 - rest
  return check !== 10 && check === digits[8]
}

const K1 = [3, 7, 6, 1, 8, 9, 4, 5, 2]
const K2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]

function pidCheckDigitsHold(value: string): boolean {
  const d = [...value].map(Number)
  const c1 = (11 - (K1.reduce((a, w, i) => a + w * d[i]!, 0) % 11)) % 11
  if (c1 === 10 || c1 !== d[9]) return false
  const c2 = (11 - (K2.reduce((a, w, i) => a + w * d[i]!, 0) % 11)) % 11
  return c2 !== 10 && c2 === d[10]
}

/**
 * Whether a string is a synthetic person number as Tenor (Skatteetaten's test data) writes them: eleven
 * digits, the month plus 80, and both check digits valid. Real person numbers are refused.
 *
 * @example
 * ```ts
 * isSyntheticPid('03827150095') // true (month 82 = February + 80)
 * ```
 */
export function isSyntheticPid(value: string): boolean {
  if (!/^\d{11}$/.test(value)) return false
  const month = Number(value.slice(2, 4))
  if (month < 81 || month > 92) return false
  let day = Number(value.slice(0, 2))
  if (day > 40) day -= 40 // D-numbers
  if (day < 1 || day > 31) return false
  return pidCheckDigitsHold(value)
}
