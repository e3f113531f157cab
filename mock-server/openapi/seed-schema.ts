/**
 * The JSON Schema of seed files, made from the seed's zod schema (`SeedSchema`) with `z.toJSONSchema`, so that an
 * editor completes and checks a seed file that names it with `"$schema"`. It reads the seed as it is written
 * (defaults make fields optional) and, unlike the loader, refuses fields it does not know, so that a typo shows in
 * the editor; the check digits of organisation and person numbers only the loader checks.
 *
 * @example
 * ```ts
 * import { createSeedJsonSchema } from './seed-schema.ts'
 * writeFileSync('seed.schema.json', JSON.stringify(createSeedJsonSchema(), null, 2))
 * ```
 */
import * as z from 'zod'
import { SeedSchema } from '../seed/schema.ts'
import type { JsonSchema } from './schemas.ts'


const PART_DESCRIPTIONS: Record<string, string> = {
  organisations: 'Organisations (the Central Coordinating Register as the mock knows it).',
  persons: 'Persons who log in to the portal, with their roles and access packages per organisation.',
  resources: 'Resources of the Resource Registry that rights may name.',
  accessPackages: 'Access packages: whether they may go to a standard system user (isAssignable) or through a client relationship (isDelegable), and the resources they grant.',
  roles: 'ER roles and the access packages each carries.',
  clientRelations: 'Client relationships: the accounting firm (facilitator), the client, and the roles or packages between them.',
  systems: 'Systems in the system register.',
  maskinportenClients: 'Maskinporten clients: client id, organisation, key id, a test-only private JWK or public keys, allowed scopes.',
  keys: "The mock's own signing keys (test-only): Maskinporten's and Altinn's, pinned so tokens verify across restarts.",
}

let cached: JsonSchema | undefined

/**
 * The JSON Schema (draft 2020-12) of a seed file.
 *
 * @example
 * ```ts
 * new Ajv2020().compile(createSeedJsonSchema())(JSON.parse(text))
 * ```
 */
export function createSeedJsonSchema(): JsonSchema {
  if (cached) return structuredClone(cached)
  const schema = z.toJSONSchema(SeedSchema, {
    io: 'input',
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema }) => {
      // z.object() drops unknown fields when loading; the editor names them instead. A loose object (a JWK) stays open.
      const def = zodSchema._zod.def as { type: string; catchall?: unknown }
      if (def.type === 'object' && def.catchall === undefined) jsonSchema.additionalProperties = false
    },
  }) as JsonSchema
  const properties = schema.properties as Record<string, JsonSchema>
  for (const [key, description] of Object.entries(PART_DESCRIPTIONS)) if (properties[key]) properties[key] = { description, ...properties[key] }
  cached = {
    $schema: schema.$schema,
    title: 'Seed of the Altinn system-user mock',
    description:
      'Everything the mock knows at start and after POST /__mock/reset: organisations, persons, resources, access packages, roles, client relationships, systems, Maskinporten clients and its own keys. Start the mock with it: npm start -- --seed <file>.',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  }
  return structuredClone(cached)
}

let text: string | undefined

/**
 * The JSON Schema of seed files as JSON text, made once.
 *
 * @example
 * ```ts
 * text(200, seedJsonSchemaText(), 'application/json; charset=utf-8')
 * ```
 */
export function seedJsonSchemaText(): string {
  text ??= JSON.stringify(createSeedJsonSchema())
  return text
}
