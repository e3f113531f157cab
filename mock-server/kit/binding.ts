/**
 * JSON binding as ASP.NET's System.Text.Json does it for Altinn: property names match case-insensitively and
 * unknown properties are ignored. The mock also reports each ignored property (a likely typo) so the vendor's
 * tests can see it in `X-Mock-Warning`.
 */
import type { z } from 'zod'

interface Def {
  type: string
  innerType?: z.ZodType
  in?: z.ZodType
  element?: z.ZodType
  shape?: Record<string, z.ZodType>
  catchall?: z.ZodType
  valueType?: z.ZodType
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional'])
/** Keys that would reach an object's prototype if copied naively. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** What binding needs to know of an object schema, worked out once per schema rather than on every call. */
const objectFactsByDef = new WeakMap<Def, { byLower: Map<string, string>; keepsUnknown: boolean }>()

function objectFacts(def: Def): { byLower: Map<string, string>; keepsUnknown: boolean } {
  let facts = objectFactsByDef.get(def)
  if (!facts) {
    facts = {
      byLower: new Map(Object.keys(def.shape!).map((k) => [k.toLowerCase(), k])),
      keepsUnknown: def.catchall !== undefined && defOf(def.catchall).type !== 'never',
    }
    objectFactsByDef.set(def, facts)
  }
  return facts
}

function bind(schema: z.ZodType, value: unknown, path: string, ignored: string[]): unknown {
  const def = defOf(schema)
  if (WRAPPERS.has(def.type) && def.innerType) return bind(def.innerType, value, path, ignored)
  if (def.type === 'pipe' && def.in) return bind(def.in, value, path, ignored)
  if (def.type === 'array' && def.element && Array.isArray(value)) return value.map((v, i) => bind(def.element!, v, `${path}[${i}]`, ignored))
  if (def.type === 'record' && def.valueType && isPlainObject(value)) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) {
      if (FORBIDDEN_KEYS.has(k)) ignored.push(`${path}.${k}`)
      else out[k] = bind(def.valueType, v, `${path}.${k}`, ignored)
    }
    return out
  }
  if (def.type === 'object' && def.shape && isPlainObject(value)) {
    const shape = def.shape
    const { byLower, keepsUnknown } = objectFacts(def)
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) {
      const target = Object.hasOwn(shape, k) ? k : byLower.get(k.toLowerCase())
      if (target && !FORBIDDEN_KEYS.has(target)) out[target] = bind(shape[target]!, v, `${path}.${target}`, ignored)
      else if (keepsUnknown && !FORBIDDEN_KEYS.has(k)) out[k] = v
      else ignored.push(`${path}.${k}`)
    }
    return out
  }
  return value
}

/** The result of binding: the value or ASP.NET-style errors, and the ignored paths. */
export type BindResult<T> = { ok: true; value: T; ignored: string[] } | { ok: false; errors: Record<string, string[]>; ignored: string[] }

/**
 * Bind parsed JSON to a schema: rename keys case-insensitively, drop unknown ones (listing them), validate.
 *
 * @example
 * ```ts
 * bindJson(CreateRequestSystemUserSchema, { SYSTEMID: 'x', partyorgno: '1', tpyo: 1 })
 * // { ok: true, value: { systemId: 'x', partyOrgNo: '1' }, ignored: ['$.tpyo'] }
 * ```
 */
export function bindJson<T>(schema: z.ZodType<T>, input: unknown): BindResult<T> {
  const ignored: string[] = []
  const bound = bind(schema, input, '$', ignored)
  const result = schema.safeParse(bound)
  if (result.success) return { ok: true, value: result.data, ignored }
  const errors: Record<string, string[]> = {}
  for (const issue of result.error.issues) {
    const key = issue.path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : `${acc}.${String(p)}`), '$')
    const message = describeIssue(issue, valueAt(bound, issue.path), key)
    ;(errors[key] ??= []).push(message)
  }
  return { ok: false, errors, ignored }
}

/** The value at an issue's path in the bound input (own properties only, so a hostile key cannot reach a prototype). */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined
    value = (value as Record<PropertyKey, unknown>)[key]
  }
  return value
}

/**
 * ASP.NET's two messages: a missing (or null) required member is "The X field is required.", a value of the
 * wrong JSON type is "The JSON value could not be converted to ...". A `null` for a value type (a `bool`, a
 * number) is the second: System.Text.Json cannot make one from it (audit §2 D21, `isVisible`). zod 4 does not put
 * the input on its issues, so the value is looked up in the bound input.
 */
function describeIssue(issue: z.core.$ZodIssue, received: unknown, key: string): string {
  if (issue.code === 'invalid_type') {
    const field = issue.path.length ? String(issue.path[issue.path.length - 1]) : 'body'
    const valueType = issue.expected === 'boolean' || issue.expected === 'number'
    if (received === undefined || (received === null && !valueType)) return `The ${field} field is required.`
    const got = received === null ? 'null' : Array.isArray(received) ? 'an array' : typeof received === 'object' ? 'an object' : `a ${typeof received}`
    return `The JSON value could not be converted to ${issue.expected}: got ${got}. Path: ${key}.`
  }
  return issue.message
}
