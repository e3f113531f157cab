/**
 * Identifiers: organisation numbers (MOD11), synthetic person numbers (Tenor: month + 80), GUIDs, and the
 * ISO 6523 `0192:` form Altinn uses for organisations in tokens and the system register.
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

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Whether a string is a GUID in the 8-4-4-4-12 form (any version, as ASP.NET's `Guid` binding accepts). */
export function isGuid(value: string): boolean {
  return GUID.test(value)
}

/** `0192:<orgNo>` as Altinn writes an organisation in `vendor.ID`, `consumer.ID` and `systemuser_org.ID`. */
export function toIso6523(orgNo: string): string {
  return `0192:${orgNo}`
}

/** The organisation number in `0192:<orgNo>`, or undefined when the value is not of that form. */
export function fromIso6523(id: string | undefined | null): string | undefined {
  if (typeof id !== 'string') return undefined
  const m = /^0192:(\d{9})$/.exec(id)
  return m ? m[1] : undefined
}

/** The authority Altinn names in ISO 6523 organisation identifiers. */
export const ISO6523_AUTHORITY = 'iso6523-actorid-upis'
