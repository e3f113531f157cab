/**
 * `altinn-systemuser-mock scenario <name>|all [--transport http|msw] [--user api|browser] [--base-url URL] [--control-token T] [--json]`
 * (in this repository: `npm run scenario -- ...`).
 *
 * Runs scenarios step by step; the exit code is 0 only when every step of every scenario held, 1 when one failed,
 * 2 when the command line was wrong.
 */
import { parseCommandLine, UsageError } from '../mock-server/command-line.ts'
import { openScenarioEnvironment, type Transport, type UserKind } from './environment.ts'
import { findScenario, scenarios } from './index.ts'
import { createConsoleReporter, runScenario, type ScenarioReport } from './runner.ts'

/** The usage text of the scenario command, under the program name it was started as. */
export function scenarioUsage(program: string): string {
  return `Usage: ${program} <name>|all [--transport http|msw] [--user api|browser] [--base-url URL] [--control-token T] [--json]

Scenarios:
${scenarios.map((s) => `  ${s.name.padEnd(28)} ${s.summary}`).join('\n')}

  --transport http   (default) a real HTTP mock: started on a free port, or the one at --base-url
  --transport msw    the mock in this process, on the real TT02 host names (intercepted, never reached; needs msw)
  --user api         (default) the end user decides through the control API
  --user browser     the end user clicks through the portal pages in Chromium (needs http and @playwright/test)
  --base-url URL     a mock that is already running, e.g. http://127.0.0.1:5101
  --control-token T  that mock's control token, when it wants one (it printed it at start; MOCK_ALTINN_CONTROL_TOKEN)
  --json             print a machine-readable report instead of the steps`
}

/**
 * Run the scenario command with its arguments (after `scenario`). Resolves with the exit code; throws
 * {@link UsageError} for a wrong command line.
 */
export async function runScenarioCommand(args: string[], program = 'altinn-systemuser-mock scenario', env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { values, positionals } = parseCommandLine(args, {
    transport: { type: 'string' },
    user: { type: 'string' },
    'base-url': { type: 'string' },
    'control-token': { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  })
  if (values.help) {
    console.log(scenarioUsage(program))
    return 0
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `one scenario name or all, not "${positionals.join(' ')}"` : `name a scenario or all (${program} --help lists them)`)
  const transport = (values.transport ?? 'http') as Transport
  const user = (values.user ?? 'api') as UserKind
  if (!['http', 'msw'].includes(transport)) throw new UsageError(`--transport must be http or msw, not "${transport}"`)
  if (!['api', 'browser'].includes(user)) throw new UsageError(`--user must be api or browser, not "${user}"`)
  const baseUrl = values['base-url'] as string | undefined
  if (baseUrl !== undefined && !/^https?:\/\/[^/]+/i.test(baseUrl)) throw new UsageError(`--base-url must be an http(s) URL such as http://127.0.0.1:5101, not "${baseUrl}"`)
  // A flag wins over the environment; the value is a secret, so no message repeats it.
  const controlToken = (values['control-token'] as string | undefined) ?? (env.MOCK_ALTINN_CONTROL_TOKEN || undefined)
  if (controlToken !== undefined && !/^[\x21-\x7e]{1,512}$/.test(controlToken))
    throw new UsageError(`${values['control-token'] !== undefined ? '--control-token' : 'MOCK_ALTINN_CONTROL_TOKEN'} must be visible characters without spaces`)
  if (values['control-token'] !== undefined && !baseUrl) throw new UsageError('--control-token goes with --base-url (the mock the scenarios start themselves needs none)')
  const name = positionals[0]!
  const selected = name === 'all' ? scenarios : [findScenario(name)].filter((s) => s !== undefined)
  if (!selected.length) throw new UsageError(`no scenario "${name}"; known: ${scenarios.map((s) => s.name).join(', ')}, all`)

  const environment = await openScenarioEnvironment({ transport, user, ...(baseUrl ? { baseUrl, ...(controlToken ? { controlToken } : {}) } : {}) })
  const reporter = values.json ? {} : createConsoleReporter()
  if (!values.json) console.log(`Running ${selected.length} scenario(s) over ${transport} with the ${user} user against ${environment.urls.platformUrl}`)
  const reports: ScenarioReport[] = []
  try {
    for (const scenario of selected) reports.push(await runScenario(scenario, await environment.context(), reporter))
  } finally {
    await environment.close()
  }
  const failed = reports.filter((r) => !r.ok)
  if (values.json) console.log(JSON.stringify({ transport, user, platformUrl: environment.urls.platformUrl, ok: failed.length === 0, scenarios: reports }, null, 2))
  else console.log(`\n${reports.length - failed.length} of ${reports.length} scenario(s) passed${failed.length ? `; failed: ${failed.map((r) => r.name).join(', ')}` : ''}`)
  return failed.length ? 1 : 0
}
