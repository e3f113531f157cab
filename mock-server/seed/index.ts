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
import { createRequire } from 'node:module'
import { parseSeed, SeedError, type Seed } from './schema.ts'

export { checkSeed, describeSeedIssues, parseSeed, SeedError, SeedSchema, type Seed, type SeedInput } from './schema.ts'

/**
 * Found through the package's own `exports` (a self-reference), so the same code finds it from the sources, from the
 * compiled files and from the bundled command in `dist/bin/`.
 */
const DEFAULT_SEED_PATH = createRequire(import.meta.url).resolve('altinn-systemuser-mock/default-seed.json')
let defaultSeed: Seed | undefined

/** The default seed, parsed once per process (it is read-only; every mock builds its own state from it). */
export function loadDefaultSeed(): Seed {
  defaultSeed ??= parseSeed(JSON.parse(readFileSync(DEFAULT_SEED_PATH, 'utf8')), 'default seed')
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
