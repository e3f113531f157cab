/**
 * Identifiers as the rules read them: organisation and person numbers (checked as the seed checks them, see
 * `seed/identifiers.ts`), GUIDs, and the ISO 6523 `0192:` form Altinn uses for organisations in tokens and the
 * system register.
 */
export { isSyntheticPid, isValidOrgNo } from '../seed/identifiers.ts'

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
