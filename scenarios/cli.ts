/**
 * `npm run scenario -- <name>|all [--transport http|msw] [--user api|browser] [--base-url URL] [--json]`
 *
 * Runs scenarios step by step; the exit code is 0 only when every step of every scenario held.
 */
import { parseArgs } from 'node:util'
import { openScenarioEnvironment, type Transport, type UserKind } from './environment.ts'
import { findScenario, scenarios } from './index.ts'
import { createConsoleReporter, runScenario, type ScenarioReport } from './runner.ts'

const USAGE = `Usage: npm run scenario -- <name>|all [--transport http|msw] [--user api|browser] [--base-url URL] [--json]

Scenarios:
${scenarios.map((s) => `  ${s.name.padEnd(28)} ${s.summary}`).join('\n')}

  --transport http   (default) a real HTTP mock: started on a free port, or the one at --base-url
  --transport msw    the mock in this process, on the real TT02 host names (intercepted, never reached)
  --user api         (default) the end user decides through the control API
  --user browser     the end user clicks through the portal pages in Chromium (needs http)
  --json             print a machine-readable report instead of the steps`

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      transport: { type: 'string' },
      user: { type: 'string' },
      'base-url': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help || positionals.length !== 1) {
    console.log(USAGE)
    return values.help ? 0 : 2
  }
  const transport = (values.transport ?? 'http') as Transport
  const user = (values.user ?? 'api') as UserKind
  if (!['http', 'msw'].includes(transport)) return fail(`--transport must be http or msw, not "${transport}"`)
  if (!['api', 'browser'].includes(user)) return fail(`--user must be api or browser, not "${user}"`)
  const name = positionals[0]!
  const selected = name === 'all' ? scenarios : [findScenario(name)].filter((s) => s !== undefined)
  if (!selected.length) return fail(`No scenario "${name}". Known: ${scenarios.map((s) => s.name).join(', ')}, all`)

  const env = await openScenarioEnvironment({ transport, user, ...(values['base-url'] ? { baseUrl: values['base-url'] } : {}) })
  const reporter = values.json ? {} : createConsoleReporter()
  if (!values.json) console.log(`Running ${selected.length} scenario(s) over ${transport} with the ${user} user against ${env.urls.platformUrl}`)
  const reports: ScenarioReport[] = []
  try {
    for (const scenario of selected) reports.push(await runScenario(scenario, await env.context(), reporter))
  } finally {
    await env.close()
  }
  const failed = reports.filter((r) => !r.ok)
  if (values.json) console.log(JSON.stringify({ transport, user, platformUrl: env.urls.platformUrl, ok: failed.length === 0, scenarios: reports }, null, 2))
  else console.log(`\n${reports.length - failed.length} of ${reports.length} scenario(s) passed${failed.length ? `; failed: ${failed.map((r) => r.name).join(', ')}` : ''}`)
  return failed.length ? 1 : 0
}

function fail(message: string): number {
  console.error(`${message}\n\n${USAGE}`)
  return 2
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`Cannot run the scenarios: ${(e as Error)?.message ?? e}`)
    process.exit(1)
  },
)
