/**
 * The descriptions the mock package carries as files, beside the ones it serves: `openapi/openapi.json` (the
 * OpenAPI document for the default seed at the default origin) and `seed/seed.schema.json` (the JSON Schema of seed
 * files). Both are made by the same code that serves them; `scripts/generate-openapi.ts` and
 * `scripts/generate-seed-schema.ts` write them, and a test fails when a committed file differs from what they give.
 *
 * @example
 * ```ts
 * writeFileSync(OPENAPI_FILE, openApiFileText(allRoutes))
 * ```
 */
import { fileURLToPath } from 'node:url'
import { createMockAltinn } from '../core/mock-altinn.ts'
import type { RouteDef } from '../kit/types.ts'
import { loadDefaultSeed } from '../seed/index.ts'
import { createOpenApiDocument } from './document.ts'
import { SEED_SCHEMA_FILE } from '../kit/paths.ts'
import { createSeedJsonSchema } from './seed-schema.ts'

/** The origin of the committed document: `npm start`'s. */
export const DEFAULT_DOCUMENT_ORIGIN = 'http://127.0.0.1:5101'

/** Where the committed files are. */
export const OPENAPI_FILE = fileURLToPath(new URL('./openapi.json', import.meta.url))
export const SEED_SCHEMA_FILE_PATH = fileURLToPath(new URL(`../seed/${SEED_SCHEMA_FILE}`, import.meta.url))

/** The commands that write them, for messages that say what to run. */
export const REGENERATE_OPENAPI = 'node --import tsx scripts/generate-openapi.ts'
export const REGENERATE_SEED_SCHEMA = 'node --import tsx scripts/generate-seed-schema.ts'

/**
 * The text of `openapi.json`: the document of the route table (the whole one, `allRoutes` of `table.ts`) for a mock
 * with the default seed at the default origin.
 *
 * @example
 * ```ts
 * JSON.parse(openApiFileText(allRoutes)).openapi // '3.1.0'
 * ```
 */
export function openApiFileText(routes: readonly RouteDef<any>[]): string {
  const mock = createMockAltinn({ seed: loadDefaultSeed(), origin: DEFAULT_DOCUMENT_ORIGIN })
  return `${JSON.stringify(createOpenApiDocument(mock, routes), null, 2)}\n`
}

/**
 * The text of `seed.schema.json`.
 *
 * @example
 * ```ts
 * JSON.parse(seedSchemaFileText()).title // 'Seed of the Altinn system-user mock'
 * ```
 */
export function seedSchemaFileText(): string {
  return `${JSON.stringify(createSeedJsonSchema(), null, 2)}\n`
}
