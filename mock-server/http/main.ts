/**
 * `npm start`: the whole mock on one origin. `HOST` (default 127.0.0.1), `PORT` (default 5101, 0 = any free port),
 * `--seed file.json` (or `MOCK_ALTINN_SEED`), `--state-file path` (or `MOCK_ALTINN_STATE_FILE`): keep the state across restarts.
 */
import { parseArgs } from 'node:util'
import { StateFileError } from '../harness/persistence.ts'
import { loadDefaultSeed, loadSeedFile, SeedError } from '../seed/index.ts'
import { startMockServer } from './server.ts'

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { seed: { type: 'string' }, 'state-file': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: false,
  })
  if (values.help) {
    console.log('Usage: npm start -- [--seed file.json] [--state-file path]\n  HOST (default 127.0.0.1), PORT (default 5101; 0 picks a free port)')
    return
  }
  const seedPath = values.seed ?? process.env.MOCK_ALTINN_SEED
  const seed = seedPath ? loadSeedFile(seedPath) : loadDefaultSeed()
  const port = process.env.PORT === undefined || process.env.PORT === '' ? 5101 : Number(process.env.PORT)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not "${process.env.PORT}"`)
  const stateFile = values['state-file'] ?? (process.env.MOCK_ALTINN_STATE_FILE || undefined)
  const compactAfter = process.env.MOCK_ALTINN_STATE_COMPACT_BYTES
  if (compactAfter !== undefined && !/^\d+$/.test(compactAfter)) throw new Error(`MOCK_ALTINN_STATE_COMPACT_BYTES must be a number of bytes, not "${compactAfter}"`)
  const running = await startMockServer({
    host: process.env.HOST || '127.0.0.1',
    port,
    seed,
    ...(stateFile ? { stateFile } : {}),
    ...(compactAfter ? { stateFileCompactAfterBytes: Number(compactAfter) } : {}),
  })
  const u = running.url
  console.log(`Mock Altinn listening on ${u}`)
  console.log(`  Altinn API       ${u}/authentication/api/v1/`)
  console.log(`  Maskinporten     ${u}/maskinporten/  (issuer)`)
  console.log(`  Portal           ${u}/accessmanagement/ui/systemuser/overview`)
  console.log(`  Control API      ${u}/__mock/state   (inspector: ${u}/__mock/ui)`)
  console.log(`  Seed             ${seedPath ?? 'default (README personas)'}; GET ${u}/__mock/seed`)
  if (running.harness.stateFile) console.log(`  State file       ${running.harness.stateFile.path} (kept across restarts)`)
  console.log(`  Scenarios        npm run scenario -- all --base-url ${u}`)
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`Mock Altinn stopping (${signal})`)
    running.close().then(() => process.exit(0))
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

main().catch((e: unknown) => {
  if (e instanceof SeedError) console.error(e.message)
  else if (e instanceof StateFileError) console.error(`Mock Altinn cannot start: ${e.message}`)
  else if ((e as NodeJS.ErrnoException)?.code === 'EADDRINUSE') console.error(`Mock Altinn cannot start: the port is in use. Stop the other process or set PORT (PORT=0 picks a free one).`)
  else console.error(`Mock Altinn cannot start: ${(e as Error)?.message ?? e}`)
  process.exit(1)
})
