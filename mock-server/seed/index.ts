/**
 * Loading seeds: the default one (the personas of the README) and seed files given with `--seed`.
 *
 * @example
 * ```ts
 * import { loadDefaultSeed, loadSeedFile } from './index.ts'
 * const seed = process.argv[2] ? loadSeedFile(process.argv[2]) : loadDefaultSeed()
 * ```
 */
import { readFileSync } from 'node:fs'
import { parseSeed, SeedError, type Seed } from './schema.ts'

export { parseSeed, SeedError, SeedSchema, type Seed, type SeedInput } from './schema.ts'

const DEFAULT_SEED_URL = new URL('./default-seed.json', import.meta.url)
let defaultSeed: Seed | undefined

/** The default seed, parsed once per process (it is read-only; every mock builds its own state from it). */
export function loadDefaultSeed(): Seed {
  defaultSeed ??= parseSeed(JSON.parse(readFileSync(DEFAULT_SEED_URL, 'utf8')), 'default seed')
  return defaultSeed
}

/** Read and validate a seed file; throws {@link SeedError} with every bad field, or when the file is unreadable. */
export function loadSeedFile(path: string): Seed {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (e) {
    throw new SeedError([`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`], `seed file ${path}`)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    throw new SeedError([`not JSON: ${(e as Error).message}`], `seed file ${path}`)
  }
  return parseSeed(json, `seed file ${path}`)
}
