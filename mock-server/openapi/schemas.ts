/**
 * JSON Schemas for the OpenAPI document, made from the contract's zod schemas with `z.toJSONSchema`: every schema
 * the document uses becomes a component under `#/components/schemas`, named after the contract's export
 * (`RequestSystemResponseSchema` is `RequestSystemResponse`), so nothing is written twice and nested shapes are
 * references.
 *
 * A schema can read differently as a request body (its input: defaults make fields optional, unknown fields are
 * ignored as Altinn's binding ignores them) and as a response (its output: every field the mock writes). Both are
 * converted; where they differ, the request side is the component `<Name>Input`.
 *
 * @example
 * ```ts
 * const components = createSchemaComponents()
 * const body = components.ref(CreateRequestSystemUserSchema, 'input')   // { $ref: '#/components/schemas/CreateRequestSystemUser~input' }
 * const answer = components.ref(RequestSystemResponseSchema, 'output')  // { $ref: '#/components/schemas/RequestSystemResponse' }
 * const { schemas, resolveRefs } = components.build()
 * resolveRefs(document) // the `~input` placeholders become `<Name>` or `<Name>Input`
 * ```
 */
import * as z from 'zod'
import * as contract from 'altinn-systemuser-sdk/contract'

/** A JSON Schema as plain data. */
export type JsonSchema = Record<string, unknown>

export type SchemaSide = 'input' | 'output'

const COMPONENTS = '#/components/schemas/'
const INPUT_MARK = '~input'

let contractNames: Map<z.ZodType, string> | undefined

/** The contract's exported schemas by object, named without their `Schema` suffix. */
function namesOfContractSchemas(): Map<z.ZodType, string> {
  if (!contractNames) {
    contractNames = new Map()
    for (const [key, value] of Object.entries(contract)) {
      if (value instanceof z.ZodType && key.endsWith('Schema') && !contractNames.has(value)) contractNames.set(value, key.slice(0, -'Schema'.length))
    }
  }
  return contractNames
}

/**
 * Give a schema of the mock's own (not the contract's) a component name.
 *
 * @example
 * ```ts
 * const ClockSchema = named('ClockAnswer', z.object({ now: z.string(), shifted: z.boolean() }))
 * ```
 */
export function named<T extends z.ZodType>(name: string, schema: T): T {
  ownNames.set(schema, name)
  return schema
}
const ownNames = new Map<z.ZodType, string>()

/** A component name for a schema: its own, or a fallback (a route's name and what the schema is there). */
function nameOf(schema: z.ZodType, fallback: string | undefined): string {
  const name = ownNames.get(schema) ?? namesOfContractSchemas().get(schema) ?? fallback
  if (!name) throw new TypeError('A schema of the API description has no name: pass one with named() or a fallback.')
  return name
}

export interface SchemaComponents {
  /** A reference to the schema as a component (an array of a named schema stays an inline array of references). */
  ref(schema: z.ZodType, side: SchemaSide, fallbackName?: string): JsonSchema
  /**
   * Convert every schema referenced so far. `resolveRefs` rewrites the input placeholders of a document in place.
   * With `closedObjects`, response objects keep `additionalProperties: false` (the drift guard's stricter reading).
   */
  build(options?: { closedObjects?: boolean }): { schemas: Record<string, JsonSchema>; resolveRefs(value: unknown): void }
}

/**
 * Collect the schemas an API description references, then convert them all at once.
 *
 * @example
 * ```ts
 * const components = createSchemaComponents()
 * ```
 */
export function createSchemaComponents(): SchemaComponents {
  const used = new Map<string, z.ZodType>()
  const sides = new Map<string, Set<SchemaSide>>()

  // A schema without a name of its own keeps the first fallback it was given, wherever else it is used.
  const fallbackNames = new Map<z.ZodType, string>()

  function use(schema: z.ZodType, side: SchemaSide, fallback?: string): string {
    const name = nameOf(schema, fallbackNames.get(schema) ?? fallback)
    if (!ownNames.has(schema) && !namesOfContractSchemas().has(schema)) fallbackNames.set(schema, name)
    const known = used.get(name)
    if (known && known !== schema) throw new TypeError(`Two different schemas are both named ${name} in the API description.`)
    used.set(name, schema)
    let s = sides.get(name)
    if (!s) sides.set(name, (s = new Set()))
    s.add(side)
    return name
  }

  return {
    ref(schema, side, fallbackName) {
      if (schema instanceof z.ZodArray && !ownNames.has(schema) && !namesOfContractSchemas().has(schema)) {
        const element = schema.element as z.ZodType
        return { type: 'array', items: this.ref(element, side, fallbackName ? `${fallbackName}Item` : undefined) }
      }
      const name = use(schema, side, fallbackName)
      return { $ref: `${COMPONENTS}${name}${side === 'input' ? INPUT_MARK : ''}` }
    },
    build(options = {}) {
      // Every contract schema goes into the registries, so that a nested one (a Right inside a request) is a
      // reference rather than a copy; those nothing refers to are dropped at the end.
      const all = new Map<z.ZodType, string>([...namesOfContractSchemas()])
      for (const [name, schema] of used) all.set(schema, name)
      const convert = (io: SchemaSide) => {
        const registry = z.registry<{ id: string }>()
        for (const [schema, name] of all) registry.add(schema, { id: name })
        const { schemas } = z.toJSONSchema(registry, {
          io,
          unrepresentable: 'any',
          uri: (id) => `${COMPONENTS}${id}${io === 'input' ? INPUT_MARK : ''}`,
        }) as { schemas: Record<string, JsonSchema> }
        for (const s of Object.values(schemas)) {
          delete s.$schema
          delete s.$id
          if (io === 'output' && !options.closedObjects) openObjects(s)
        }
        // What a loose object holds is open too: a problem's `validationErrors` carry Altinn's extension members.
        if (io === 'output' && options.closedObjects) {
          const open = new Set<string>()
          const pending = Object.keys(schemas).filter((name) => isLoose(schemas[name]!))
          while (pending.length) {
            const name = pending.pop()!
            if (open.has(name)) continue
            open.add(name)
            openObjects(schemas[name])
            for (const ref of refsIn(schemas[name])) pending.push(ref.replace(INPUT_MARK, ''))
          }
        }
        return schemas
      }
      const output = convert('output')
      const input = convert('input')
      // Where a schema reads the same both ways, one component; otherwise the request side is `<Name>Input`.
      const inputNames = new Map<string, string>()
      const inputName = (name: string) => {
        let n = inputNames.get(name)
        if (n === undefined) inputNames.set(name, (n = JSON.stringify(unmark(input[name])) === JSON.stringify(output[name]) ? name : `${name}Input`))
        return n
      }
      const rewrite = (value: unknown): void => {
        if (Array.isArray(value)) value.forEach(rewrite)
        else if (value && typeof value === 'object') {
          const o = value as Record<string, unknown>
          if (typeof o.$ref === 'string' && o.$ref.endsWith(INPUT_MARK)) o.$ref = `${COMPONENTS}${inputName(o.$ref.slice(COMPONENTS.length, -INPUT_MARK.length))}`
          for (const v of Object.values(o)) rewrite(v)
        }
      }
      // Only what the document reaches: start from the schemas it referenced, follow references.
      const sourceOf = new Map<string, JsonSchema>()
      for (const name of Object.keys(output)) {
        sourceOf.set(name, output[name]!)
        const asInput = inputName(name)
        if (asInput !== name) sourceOf.set(asInput, input[name]!)
      }
      const schemas: Record<string, JsonSchema> = {}
      const pending: string[] = []
      const want = (component: string) => {
        if (!(component in schemas) && !pending.includes(component)) pending.push(component)
      }
      for (const [name, s] of sides) for (const side of s) want(side === 'input' ? inputName(name) : name)
      while (pending.length) {
        const component = pending.shift()!
        const copy = structuredClone(sourceOf.get(component)!)
        rewrite(copy)
        schemas[component] = copy
        for (const ref of refsIn(copy)) want(ref)
      }
      return { schemas: sortKeys(schemas), resolveRefs: rewrite }
    },
  }
}

/** The input conversion with its placeholders taken out, to compare it with the output conversion. */
function unmark(schema: JsonSchema | undefined): unknown {
  return JSON.parse(JSON.stringify(schema ?? {}).replaceAll(INPUT_MARK, ''))
}

/** An object schema that allows fields it does not name (`z.looseObject`). */
function isLoose(schema: JsonSchema): boolean {
  return schema.type === 'object' && schema.additionalProperties !== undefined && schema.additionalProperties !== false
}

/** Component names a schema refers to. */
function refsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refsIn(v, out))
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>
    if (typeof o.$ref === 'string' && o.$ref.startsWith(COMPONENTS)) out.push(o.$ref.slice(COMPONENTS.length))
    for (const v of Object.values(o)) refsIn(v, out)
  }
  return out
}

/**
 * Responses are described open (`additionalProperties` left out): a client generated from the document must
 * accept fields Altinn adds later, as the SDK does (tolerant reader). The drift guard reads them closed.
 */
function openObjects(value: unknown): void {
  if (Array.isArray(value)) value.forEach(openObjects)
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>
    if (o.type === 'object' && o.additionalProperties === false) delete o.additionalProperties
    for (const v of Object.values(o)) openObjects(v)
  }
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)))
}
