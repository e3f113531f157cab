/**
 * The `altinn-systemuser-mock` command (`npx altinn-systemuser-mock start`, `... scenario all`). In this repository
 * `npm start` and `npm run scenario` run it from source.
 *
 * Exit codes: 0 done (or stopped by Ctrl-C / SIGTERM), 1 the mock could not start or a scenario failed, 2 the
 * command line was wrong (one line on stderr says what).
 */
import { readFileSync } from 'node:fs'
import { parseCommandLine, UsageError } from './command-line.ts'
import { StateFileError } from './harness/persistence.ts'
import { isAllowedHostEntry, isLoopbackHost } from './http/host-check.ts'
import { isControlTokenValue } from './http/control-token.ts'
import { startMockServer, type StartOptions } from './http/server.ts'
import { loadDefaultSeed, loadSeedFile, SeedError } from './seed/index.ts'
import { loadOrCreateSigningKeys, SigningKeysError, withSigningKeys } from './seed/signing-keys.ts'

const PROGRAM = 'altinn-systemuser-mock'

const USAGE = `Usage: ${PROGRAM} <command> [options]

Commands:
  start              serve the whole mock (Altinn Authentication, Maskinporten, the portal, the demo service,
                     the control API) on one origin
  scenario <name>|all  run scripted flows against a mock (${PROGRAM} scenario --help lists them)

Options of start (a flag wins over its environment variable):
  --port N           port (PORT; default 5101, 0 picks a free one)
  --host H           address to bind (HOST; default 127.0.0.1; 0.0.0.0 in a container)
  --public-url URL   the origin clients use to reach the mock, put in every URL it hands out
                     (MOCK_ALTINN_PUBLIC_URL; default http://<host>:<port>, or the Host a client called when
                     bound to 0.0.0.0 or ::)
  --allowed-hosts A,B  more names calls may give as Host (MOCK_ALTINN_ALLOWED_HOSTS; any port; .example.org
                     for a name and all under it). The public URL's host, localhost and IP addresses are always
                     allowed; other Hosts get a 403 (DNS rebinding)
  --control-token T  the token the control API (/__mock) wants (MOCK_ALTINN_CONTROL_TOKEN; 16+ characters).
                     Bound to any address but loopback, the control API always wants one: without this
                     option one is generated and printed at start
  --seed FILE        your own seed, validated on load (MOCK_ALTINN_SEED; default: the README's personas)
  --state-file FILE  keep the state in this file across restarts (MOCK_ALTINN_STATE_FILE)
  --signing-keys FILE  sign tokens with this instance's own keys, read from FILE, or made on the first start and
                     written there (MOCK_ALTINN_SIGNING_KEYS); without it the mock signs with the default
                     seed's published test keys, which anyone can forge tokens with

  -h, --help         this text
  -v, --version      the version`

/** What `start` was asked for, after flags, environment and defaults. */
export interface StartCommand {
  options: StartOptions
  seedPath?: string
  /** Where the control token came from (`--control-token` or the environment variable), when it was given. */
  controlTokenFrom?: string
  /** The signing-keys file (`--signing-keys`), when given. */
  signingKeysPath?: string
}

/** Read `start`'s flags and environment; throws {@link UsageError} for a wrong flag or value. */
export function parseStartCommand(args: string[], env: NodeJS.ProcessEnv = process.env): StartCommand | 'help' {
  const { values, positionals } = parseCommandLine(args, {
    port: { type: 'string' },
    host: { type: 'string' },
    'public-url': { type: 'string' },
    'allowed-hosts': { type: 'string' },
    'control-token': { type: 'string' },
    seed: { type: 'string' },
    'state-file': { type: 'string' },
    'signing-keys': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  })
  if (values.help) return 'help'
  if (positionals.length) throw new UsageError(`start takes no arguments, only options; not "${positionals.join(' ')}"`)
  const pick = (flag: string, name: string): { value: string; from: string } | undefined => {
    const fromFlag = values[flag]
    if (typeof fromFlag === 'string') return { value: fromFlag, from: `--${flag}` }
    const fromEnv = env[name]
    return fromEnv === undefined || fromEnv === '' ? undefined : { value: fromEnv, from: name }
  }
  const port = pick('port', 'PORT')
  const host = pick('host', 'HOST')
  const publicUrl = pick('public-url', 'MOCK_ALTINN_PUBLIC_URL')
  const allowedHosts = pick('allowed-hosts', 'MOCK_ALTINN_ALLOWED_HOSTS')
  const controlToken = pick('control-token', 'MOCK_ALTINN_CONTROL_TOKEN')
  const seed = pick('seed', 'MOCK_ALTINN_SEED')
  const stateFile = pick('state-file', 'MOCK_ALTINN_STATE_FILE')
  const signingKeys = pick('signing-keys', 'MOCK_ALTINN_SIGNING_KEYS')
  const compactAfter = env.MOCK_ALTINN_STATE_COMPACT_BYTES

  const options: StartOptions = { host: host?.value ?? '127.0.0.1', port: 5101 }
  if (port) {
    if (!/^\d{1,5}$/.test(port.value) || Number(port.value) > 65535) throw new UsageError(`${port.from} must be a port number from 0 to 65535, not "${port.value}"`)
    options.port = Number(port.value)
  }
  if (host && !/^[A-Za-z0-9.:-]+$/.test(host.value)) throw new UsageError(`${host.from} must be a host name or an IP address, not "${host.value}"`)
  if (publicUrl) options.publicUrl = parsePublicUrl(publicUrl.value, publicUrl.from)
  if (allowedHosts) options.allowedHosts = parseAllowedHosts(allowedHosts.value, allowedHosts.from)
  if (controlToken) {
    // The value is a secret: the message never repeats it.
    if (!isControlTokenValue(controlToken.value)) throw new UsageError(`${controlToken.from} must be 16 to 512 visible characters without spaces`)
    options.controlToken = controlToken.value
  }
  if (stateFile) options.stateFile = stateFile.value
  if (compactAfter !== undefined && compactAfter !== '') {
    if (!/^\d+$/.test(compactAfter)) throw new UsageError(`MOCK_ALTINN_STATE_COMPACT_BYTES must be a number of bytes, not "${compactAfter}"`)
    options.stateFileCompactAfterBytes = Number(compactAfter)
  }
  return {
    options,
    ...(seed ? { seedPath: seed.value } : {}),
    ...(controlToken ? { controlTokenFrom: controlToken.from } : {}),
    ...(signingKeys ? { signingKeysPath: signingKeys.value } : {}),
  }
}

/** `a,b,.c`: host names or IP addresses without a port, `.name` for a name and every name under it. */
function parseAllowedHosts(value: string, from: string): string[] {
  const hosts = value.split(',').map((h) => h.trim()).filter(Boolean)
  if (!hosts.length) throw new UsageError(`${from} must list one or more host names, such as mock-altinn,.example.org`)
  const wrong = hosts.find((h) => !isAllowedHostEntry(h))
  if (wrong !== undefined) throw new UsageError(`${from} must list host names or IP addresses without a port, such as mock-altinn,.example.org; not "${wrong.replace(/[^\x20-\x7e]/g, '?').slice(0, 100)}"`)
  return hosts
}

/** A public URL is an origin: http(s), a host, maybe a port; no path, query or credentials. */
function parsePublicUrl(value: string, from: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new UsageError(`${from} must be a URL such as http://mock-altinn:5101, not "${value}"`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${from} must start with http:// or https://, not "${value}"`)
  if (url.username || url.password || url.search || url.hash || url.pathname !== '/') throw new UsageError(`${from} must be an origin only (scheme, host and port, no path), such as http://mock-altinn:5101; not "${value}"`)
  return url.origin
}

async function start(args: string[]): Promise<number> {
  const parsed = parseStartCommand(args)
  if (parsed === 'help') {
    console.log(USAGE)
    return 0
  }
  // A reader that goes away (`| head`) must not crash the mock with EPIPE.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e
  })
  const seedInForce = parsed.seedPath ? loadSeedFile(parsed.seedPath) : loadDefaultSeed()
  const ownKeys = parsed.signingKeysPath ? loadOrCreateSigningKeys(parsed.signingKeysPath) : undefined
  const seed = ownKeys ? withSigningKeys(seedInForce, ownKeys.keys) : seedInForce
  const running = await startMockServer({ ...parsed.options, seed })
  const u = running.url
  console.log(`Mock Altinn listening on ${u}`)
  const bind = parsed.options.host ?? '127.0.0.1'
  if (!isLoopbackHost(bind)) {
    // After the first line, which scripts read; on stderr, so it is seen even when stdout goes to a file.
    const token = running.controlToken!
    const shown = parsed.controlTokenFrom ? `the one given with ${parsed.controlTokenFrom} (not printed)` : token
    const t = parsed.controlTokenFrom ? '<token>' : token
    console.error(
      [
        `Warning: Mock Altinn is bound to ${bind}, an address other machines can reach: anyone who can reach it can use`,
        `  Altinn's paths on it. Its control API (/__mock, the inspector too) wants the control token:`,
        `  Control token    ${shown}`,
        `  Send it as "Authorization: Bearer ${t}" or "X-Mock-Control-Token: ${t}";`,
        `  in a browser open ${u}/__mock/ui?token=${t} once. Scenarios: --control-token ${t}`,
        `  Bind to 127.0.0.1 (--host) when only this machine needs the mock.`,
        ...(ownKeys
          ? []
          : [
              `  Tokens are signed with the default seed's published test keys: anyone with a copy of this project can`,
              `  forge tokens this mock accepts. Give it keys of its own with --signing-keys FILE (made on the first start).`,
            ]),
      ].join('\n'),
    )
  }
  if (running.originFromHost) console.log(`  Public URL       from each request's Host header (bound to ${bind}); set --public-url to fix one`)
  if (parsed.options.allowedHosts) console.log(`  Allowed hosts    ${parsed.options.allowedHosts.join(', ')} (besides the public URL's host, localhost and IP addresses)`)
  if (running.controlToken && isLoopbackHost(bind)) console.log(`  Control token    required by the control API (given with ${parsed.controlTokenFrom})`)
  console.log(`  Altinn API       ${u}/authentication/api/v1/`)
  console.log(`  Maskinporten     ${u}/maskinporten/  (issuer)`)
  console.log(`  Portal           ${u}/accessmanagement/ui/systemuser/overview`)
  console.log(`  Control API      ${u}/__mock/state   (inspector: ${u}/__mock/ui)`)
  console.log(`  Seed             ${parsed.seedPath ?? 'default (README personas)'}; GET ${u}/__mock/seed`)
  if (running.harness.stateFile) console.log(`  State file       ${running.harness.stateFile.path} (kept across restarts)`)
  if (ownKeys) console.log(`  Signing keys     ${parsed.signingKeysPath} (${ownKeys.created ? 'made now; keep the file with the state' : 'this instance\'s own'})`)
  console.log(`  Scenarios        ${PROGRAM} scenario all --base-url ${u}`)
  await new Promise<void>((resolve) => {
    let stopping = false
    const stop = (signal: string) => {
      if (stopping) return
      stopping = true
      console.log(`Mock Altinn stopping (${signal})`)
      void running.close().then(resolve)
    }
    process.on('SIGINT', () => stop('SIGINT'))
    process.on('SIGTERM', () => stop('SIGTERM'))
  })
  return 0
}

/** The version of the package this command came from. */
function version(): string {
  // Source (mock-server/cli.ts) and build (dist/mock-server/cli.js) sit at different depths below the package.
  for (const up of ['./', '../', '../../']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(`${up}package.json`, import.meta.url), 'utf8')) as { name?: string; version?: string }
      if (pkg.name === PROGRAM && pkg.version) return pkg.version
    } catch {
      // not at this depth
    }
  }
  return 'unknown'
}

/** Run the command line; resolves with the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  try {
    switch (command) {
      case 'start':
        return await start(rest)
      case 'scenario':
      case 'scenarios': {
        const { runScenarioCommand } = await import('../scenarios/command.ts')
        return await runScenarioCommand(rest, `${PROGRAM} scenario`)
      }
      case '-h':
      case '--help':
      case 'help':
        console.log(USAGE)
        return 0
      case '-v':
      case '--version':
        console.log(version())
        return 0
      case undefined:
        throw new UsageError(`name a command: start or scenario (${PROGRAM} --help)`)
      default:
        throw new UsageError(command.startsWith('-') ? `unknown option ${command}; options come after the command (${PROGRAM} start ${command} ...)` : `unknown command "${command}"; the commands are start and scenario`)
    }
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`${PROGRAM}: ${e.message} (see ${PROGRAM} --help)`)
      return 2
    }
    if (e instanceof SeedError) console.error(e.message)
    else if (e instanceof SigningKeysError) console.error(`Mock Altinn cannot start: ${e.message}`)
    else if (e instanceof StateFileError) console.error(`Mock Altinn cannot start: ${e.message}`)
    else if ((e as NodeJS.ErrnoException)?.code === 'EADDRINUSE') console.error('Mock Altinn cannot start: the port is in use. Stop the other process, or choose another port (--port 0 picks a free one).')
    else if ((e as NodeJS.ErrnoException)?.code === 'EADDRNOTAVAIL') console.error('Mock Altinn cannot start: this machine has no such address to bind; use --host 127.0.0.1 or 0.0.0.0.')
    else console.error(`${command === 'start' ? 'Mock Altinn cannot start' : 'Cannot run the scenarios'}: ${(e as Error)?.message ?? e}`)
    return 1
  }
}
