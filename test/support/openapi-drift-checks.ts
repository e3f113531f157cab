/**
 * What the drift guard holds answers to, in a compact form: for each operation and status, the media types it may
 * carry (with a validator for JSON ones) and the problem and validation codes listed. Made from the mock's OpenAPI
 * document with response objects read closed, and compiled to one module of standalone validators, so that each
 * test file only loads it: the global setup (openapi-drift-setup.ts) makes it once per run and caches it by the
 * document's hash under node_modules/.cache.
 *
 * @example
 * ```ts
 * const checks = compileDriftChecks() // { operations, validatorsFile }
 * ```
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Ajv2020 } from 'ajv/dist/2020.js'
import standaloneModule from 'ajv/dist/standalone/index.js'
import { resolveUrls } from '../../mock-server/core/mock-altinn.ts'
import { DEFAULT_DOCUMENT_ORIGIN } from '../../mock-server/openapi/committed.ts'
import { createOpenApiDocument, type OpenApiOperation } from '../../mock-server/openapi/document.ts'
import { operations as describedOperations } from '../../mock-server/openapi/operations.ts'
import { allRoutes } from '../../mock-server/table.ts'
import { loadDefaultSeed } from '../../mock-server/seed/index.ts'

/** One status of an operation: media type to the name of its validator (JSON) or null (other text), and the codes. */
export interface StatusCheck {
  media: Record<string, string | null>
  codes: string[]
  validation: string[]
}

export interface DriftChecks {
  /** By operation id (the route's name): statuses as strings. Routes without an entry in operations.ts are left out. */
  operations: Record<string, Record<string, StatusCheck>>
  /** A CommonJS module exporting each validator by name. */
  validatorsFile: string
}

// A CommonJS module whose export is the function (and its `default`): either may arrive, depending on the loader.
type StandaloneCode = (ajv: Ajv2020, refs: Record<string, string>) => string
const standaloneCode = ((standaloneModule as unknown as { default?: StandaloneCode }).default ?? standaloneModule) as unknown as StandaloneCode

const CACHE_DIR = fileURLToPath(new URL('../../node_modules/.cache/altinn-mock-openapi-drift/', import.meta.url))

function isJson(media: string): boolean {
  return media === 'application/json' || media.endsWith('+json')
}

/**
 * Make the checks (or find them cached for the same document).
 *
 * @example
 * ```ts
 * project.provide('openapiDrift', compileDriftChecks())
 * ```
 */
export function compileDriftChecks(): DriftChecks {
  const doc = createOpenApiDocument({ config: resolveUrls(DEFAULT_DOCUMENT_ORIGIN), seed: loadDefaultSeed() }, allRoutes, { closedObjects: true })
  const schemaNames = new Map<string, string>()
  const operations: DriftChecks['operations'] = {}
  for (const item of Object.values(doc.paths)) {
    for (const [key, value] of Object.entries(item)) {
      if (key === 'servers') continue
      const op = value as OpenApiOperation
      if (!describedOperations[op.operationId]) continue
      const statuses: Record<string, StatusCheck> = {}
      for (const [status, response] of Object.entries(op.responses)) {
        const media: Record<string, string | null> = {}
        for (const [type, content] of Object.entries(response.content ?? {})) {
          if (!isJson(type)) {
            media[type] = null
            continue
          }
          const schema = JSON.stringify(content.schema)
          let name = schemaNames.get(schema)
          if (!name) schemaNames.set(schema, (name = `v${schemaNames.size}`))
          media[type] = name
        }
        statuses[status] = { media, codes: response['x-problem-codes'] ?? [], validation: response['x-validation-codes'] ?? [] }
      }
      operations[op.operationId] = statuses
    }
  }
  const components = JSON.stringify(doc.components.schemas)
  const hash = createHash('sha256').update(components).update(JSON.stringify([...schemaNames])).digest('hex').slice(0, 24)
  const validatorsFile = join(CACHE_DIR, `validators-${hash}.cjs`)
  if (!existsSync(validatorsFile)) {
    const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false, code: { source: true } })
    ajv.addSchema({ $id: 'openapi', components: { schemas: doc.components.schemas } })
    // References in the document point into it; here they point into the schema added above.
    for (const [schema, name] of schemaNames) ajv.addSchema({ $id: name, ...JSON.parse(schema.replaceAll('"#/components/', '"openapi#/components/')) })
    const code = standaloneCode(ajv, Object.fromEntries([...schemaNames.values()].map((name) => [name, name])))
    mkdirSync(CACHE_DIR, { recursive: true })
    // Older documents' validators are of no further use.
    for (const old of readdirSync(CACHE_DIR)) if (old.startsWith('validators-') && old.endsWith('.cjs')) rmSync(join(CACHE_DIR, old), { force: true })
    // Written aside, then renamed: a test file that loads it meanwhile never reads half a module.
    const partial = `${validatorsFile}.${process.pid}.tmp`
    writeFileSync(partial, code)
    renameSync(partial, validatorsFile)
  }
  return { operations, validatorsFile }
}
