/**
 * A deep copy of plain data (objects, arrays, strings, numbers, booleans, null), as `structuredClone` makes it but
 * without its serialisation round trip, which cost more than the rest of storing a request. Anything that is not
 * plain data is handed to `structuredClone`.
 *
 * @example
 * ```ts
 * const rights = copyData(body.rights)
 * rights === body.rights // false; equal contents
 * ```
 */
export function copyData<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) return value.map(copyData) as T
  if (Object.getPrototypeOf(value) !== Object.prototype) return structuredClone(value)
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value)) out[key] = copyData((value as Record<string, unknown>)[key])
  return out as T
}
