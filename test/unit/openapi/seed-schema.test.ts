/**
 * The JSON Schema of seed files: made from the seed's zod schema, it takes the default seed, refuses broken seeds
 * as an editor would show them, and is committed as the generator makes it. The loader takes and ignores
 * `$schema`.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { describe, expect, it } from 'vitest'
import { REGENERATE_SEED_SCHEMA, SEED_SCHEMA_FILE_PATH, seedSchemaFileText } from '../../../mock-server/openapi/committed.ts'
import { createSeedJsonSchema } from '../../../mock-server/openapi/seed-schema.ts'
import { loadDefaultSeed, loadSeedFile, parseSeed } from '../../../mock-server/seed/index.ts'

const DEFAULT_SEED_FILE = new URL('../../../mock-server/seed/default-seed.json', import.meta.url)
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(createSeedJsonSchema())

/** The default seed file as written, with a change. */
function aSeed(change: (seed: any) => void = () => {}): any {
  const seed = JSON.parse(readFileSync(DEFAULT_SEED_FILE, 'utf8'))
  change(seed)
  return seed
}

function errorsOf(seed: unknown): { instancePath: string; keyword: string }[] {
  return validate(seed) ? [] : (validate.errors ?? []).map((e) => ({ instancePath: e.instancePath, keyword: e.keyword }))
}

describe('the JSON Schema of seed files', () => {
  it('takes the default seed, which names it with $schema', () => {
    const seed = aSeed()
    expect(seed.$schema).toBe('./seed.schema.json')
    expect(errorsOf(seed)).toEqual([])
  })

  it('takes a seed that leaves out what has a default', () => {
    expect(errorsOf({ keys: aSeed().keys })).toEqual([])
  })

  it('refuses a seed without a required field', () => {
    expect(errorsOf(aSeed((s) => delete s.keys))).toContainEqual({ instancePath: '', keyword: 'required' })
    expect(errorsOf(aSeed((s) => delete s.organisations[0].name))).toContainEqual({ instancePath: '/organisations/0', keyword: 'required' })
  })

  it('refuses a field of the wrong type', () => {
    expect(errorsOf(aSeed((s) => (s.systems[0].isVisible = 'yes')))).toContainEqual({ instancePath: '/systems/0/isVisible', keyword: 'type' })
    expect(errorsOf(aSeed((s) => (s.persons[0].relations = {})))).toContainEqual({ instancePath: '/persons/0/relations', keyword: 'type' })
  })

  it('refuses an organisation number that is not nine digits, and a person number that is not eleven', () => {
    expect(errorsOf(aSeed((s) => (s.organisations[0].orgNo = '31888270')))).toContainEqual({ instancePath: '/organisations/0/orgNo', keyword: 'pattern' })
    expect(errorsOf(aSeed((s) => (s.persons[0].pid = '0382715009x')))).toContainEqual({ instancePath: '/persons/0/pid', keyword: 'pattern' })
  })

  it('refuses a field it does not know, so a typo shows in the editor, but leaves a JWK open', () => {
    expect(errorsOf(aSeed((s) => (s.organisation = [])))).toContainEqual({ instancePath: '', keyword: 'additionalProperties' })
    expect(errorsOf(aSeed((s) => (s.systems[0].alowedRedirectUrls = [])))).toContainEqual({ instancePath: '/systems/0', keyword: 'additionalProperties' })
    expect(errorsOf(aSeed((s) => (s.keys.altinn.x5c = ['...'])))).toEqual([])
  })

  it('refuses an access package URN of the wrong form and an unknown resource type', () => {
    expect(errorsOf(aSeed((s) => (s.accessPackages[0].urn = 'regnskapsforer')))).toContainEqual({ instancePath: '/accessPackages/0/urn', keyword: 'pattern' })
    expect(errorsOf(aSeed((s) => (s.resources[0].resourceType = 'Website')))).toContainEqual({ instancePath: '/resources/0/resourceType', keyword: 'enum' })
  })

  it('leaves the check digits to the loader, which names the field', () => {
    const badCheckDigit = aSeed((s) => (s.organisations[7].orgNo = '315889546'))
    expect(errorsOf(badCheckDigit)).toEqual([])
    expect(() => parseSeed(badCheckDigit)).toThrow(/organisations\.7\.orgNo: must be a nine-digit organisation number with a valid MOD11 check digit/)
  })

  it('is committed as the generator makes it', () => {
    expect(readFileSync(SEED_SCHEMA_FILE_PATH, 'utf8') === seedSchemaFileText(), `mock-server/seed/seed.schema.json is behind the seed schema; regenerate it: ${REGENERATE_SEED_SCHEMA}`).toBe(true)
  })
})

describe('the seed loader and $schema', () => {
  it('takes a seed file that names its schema, and keeps $schema out of the seed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'seed-schema-'))
    const file = join(dir, 'seed.json')
    writeFileSync(file, JSON.stringify(aSeed((s) => (s.$schema = 'https://example.test/seed.schema.json'))))
    const seed = loadSeedFile(file)
    expect(seed).not.toHaveProperty('$schema')
    expect(seed.organisations).toEqual(loadDefaultSeed().organisations)
    expect(loadDefaultSeed()).not.toHaveProperty('$schema')
  })

  it('still refuses a $schema that is not a string', () => {
    expect(() => parseSeed(aSeed((s) => (s.$schema = 42)))).toThrow(/\$schema/)
  })
})
