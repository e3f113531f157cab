/**
 * Writes mock-server/seed/seed.schema.json: the JSON Schema of seed files (from the seed's zod schema), which the
 * default seed and your own seeds name with `"$schema"` so that editors complete and check them. Run it after
 * changing mock-server/seed/schema.ts (a test says when the file is behind):
 * `node --import tsx scripts/generate-seed-schema.ts`.
 */
import { writeFileSync } from 'node:fs'
import { SEED_SCHEMA_FILE_PATH, seedSchemaFileText } from '../mock-server/openapi/committed.ts'

writeFileSync(SEED_SCHEMA_FILE_PATH, seedSchemaFileText())
console.log(`wrote ${SEED_SCHEMA_FILE_PATH}`)
