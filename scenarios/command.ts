/**
 * `altinn-systemuser-mock scenario <name>|all [--transport http|msw] [--user api|browser] [--base-url URL]
 * [--control-token T] [--json] [--json-file F] [--junit F]` (in this repository: `npm run scenario -- ...`).
 *
 * Runs scenarios step by step; the exit code is 0 only when every step of every scenario held, 1 when one failed
 * (or the run could not start), 2 when the command line was wrong.
 *
 * Output: on a terminal each step shows while it runs and its line becomes `✔` or `✖` when it ends; in a log (not a
 * terminal) each step is one line, written when it ends; colour only on a terminal and never with NO_COLOR. With
 * `--json` stdout carries the JSON report and nothing else (progress goes to stderr). `--json-file` and `--junit`
 * write the reports to files, whatever stdout shows: the robust choice in CI, where `npm run` prints its own lines
 * on stdout first (`npm run --silent` leaves them out).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { parseCommandLine, UsageError } from '../mock-server/command-line.ts'
import { openScenarioEnvironment, type ScenarioEnvironment, type Transport, type UserKind } from './environment.ts'
import { findScenario, scenarios } from './index.ts'
import { createRunReport, toJsonReport, toJUnitXml, type RunReport } from './report.ts'
import { createConsoleReporter, runScenario, type ScenarioReport } from './runner.ts'

/** The usage text of the scenario command, under the program name it was started as. */
function scenarioUsage(program: string): string {
  return `Usage: ${program} <name>|all [--transport http|msw] [--user api|browser] [--base-url URL] [--control-token T]
       [--json] [--json-file FILE] [--junit FILE]

Scenarios:
${scenarios.map((s) => `  ${s.name.padEnd(28)} ${s.summary}`).join('\n')}

  --transport http   (default) a real HTTP mock: started on a free port, or the one at --base-url
  --transport msw    the mock in this process, on the real TT02 host names (intercepted, never reached; needs msw)
  --user api         (default) the end user decides through the control API
  --user browser     the end user clicks through the portal pages in Chromium (needs http and @playwright/test)
  --base-url URL     a mock that is already running, e.g. http://127.0.0.1:5101 (runs leave it as they found it)
  --control-token T  that mock's control token, when it wants one (it printed it at start; MOCK_ALTINN_CONTROL_TOKEN)
  --json             print the JSON report on stdout and nothing else (progress goes to stderr); under npm use
                     npm run --silent, since npm prints its own lines on stdout first
  --json-file FILE   write the JSON report to FILE (the steps still print)
  --junit FILE       write a JUnit XML report to FILE (GitHub, GitLab, Jenkins)

Exit code 0 when every scenario held, 1 when one failed or the run could not start, 2 for a wrong command line.`
}

/** Where the run's reports go, from the command line. */
interface Outputs {
  jsonOnStdout: boolean
  jsonFile: string | undefined
  junitFile: string | undefined
}

/**
 * Run the scenario command with its arguments (after `scenario`). Resolves with the exit code; throws
 * {@link UsageError} for a wrong command line, and the reason when the run cannot start (after writing the reports
 * that say so).
 *
 * @example
 * ```ts
 * process.exitCode = await runScenarioCommand(['all', '--junit', 'reports/scenarios.xml'])
 * ```
 */
export async function runScenarioCommand(args: string[], program = 'altinn-systemuser-mock scenario', env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { values, positionals } = parseCommandLine(args, {
    transport: { type: 'string' },
    user: { type: 'string' },
    'base-url': { type: 'string' },
    'control-token': { type: 'string' },
    json: { type: 'boolean' },
    'json-file': { type: 'string' },
    junit: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  })
  if (values.help) {
    console.log(scenarioUsage(program))
    return 0
  }
  const outputs: Outputs = { jsonOnStdout: values.json === true, jsonFile: fileOption(values['json-file'], '--json-file'), junitFile: fileOption(values.junit, '--junit') }
  if (positionals.length === 2 && outputs.jsonOnStdout && /\.json$/i.test(positionals[1]!))
    throw new UsageError(`--json prints the report on stdout; to write it to ${positionals[1]}, use --json-file ${positionals[1]}`)
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

  // With --json, stdout is the report's alone: progress, and anything else that would print there, goes to stderr.
  const progress = outputs.jsonOnStdout ? process.stderr : process.stdout
  const say = (line: string) => void progress.write(`${line}\n`)
  const restoreConsole = outputs.jsonOnStdout ? sendConsoleToStderr() : () => {}
  const startedAt = new Date().toISOString()
  const t0 = performance.now()
  const facts = { transport, user, startedAt }
  let environment: ScenarioEnvironment
  try {
    try {
      environment = await openScenarioEnvironment({ transport, user, ...(baseUrl ? { baseUrl, ...(controlToken ? { controlToken } : {}) } : {}) })
    } catch (e) {
      // The reports still say what happened, so CI shows the reason next to the tests.
      writeReports(createRunReport({ ...facts, platformUrl: baseUrl, ms: Math.round(performance.now() - t0), error: (e as Error)?.message ?? String(e) }, []), outputs)
      throw e
    }
    say(`Running ${selected.length} scenario(s) over ${transport} with the ${user} user against ${environment.urls.platformUrl}`)
    if (environment.clockAtStart?.warning)
      say(`Note: ${environment.clockAtStart.warning} The scenarios' vendors sign in the mock's time, so they are not refused.`)
    const reporter = createConsoleReporter({ stream: progress, env })
    const reports: ScenarioReport[] = []
    try {
      for (const scenario of selected) reports.push(await runScenario(scenario, await environment.context(), reporter))
    } finally {
      await environment.close()
    }
    const run = createRunReport({ ...facts, platformUrl: environment.urls.platformUrl, ms: Math.round(performance.now() - t0) }, reports)
    say(`\n${run.passed} of ${reports.length} scenario(s) passed in ${run.ms} ms${run.failed ? `; failed: ${reports.filter((r) => !r.ok).map((r) => r.name).join(', ')}` : ''}`)
    writeReports(run, outputs, say)
    return run.ok ? 0 : 1
  } finally {
    restoreConsole()
  }
}

function fileOption(value: string | boolean | undefined, option: string): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || !value.trim() || value.startsWith('-')) throw new UsageError(`${option} needs a file name, e.g. ${option} reports/scenarios.${option === '--junit' ? 'xml' : 'json'}`)
  return resolve(value)
}

function writeReports(run: RunReport, outputs: Outputs, say?: (line: string) => void): void {
  if (outputs.jsonOnStdout) process.stdout.write(toJsonReport(run))
  for (const [file, text] of [
    [outputs.jsonFile, () => toJsonReport(run)],
    [outputs.junitFile, () => toJUnitXml(run)],
  ] as const) {
    if (!file) continue
    try {
      mkdirSync(dirname(file), { recursive: true })
      writeFileSync(file, text())
      say?.(`Report written to ${file}`)
    } catch (e) {
      throw new Error(`Cannot write the report ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; give a file in a folder you may write to.`)
    }
  }
}

/** Route console.log and console.info to stderr until the returned function is called. */
function sendConsoleToStderr(): () => void {
  const { log, info } = console
  console.log = (...a: unknown[]) => console.error(...a)
  console.info = (...a: unknown[]) => console.error(...a)
  return () => {
    console.log = log
    console.info = info
  }
}
