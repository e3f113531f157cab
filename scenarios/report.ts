/**
 * A scenario run as the reports CI reads: the JSON report (`--json`, `--json-file`) and JUnit XML (`--junit`),
 * which GitHub (test-reporter actions), GitLab (`artifacts:reports:junit`) and Jenkins (`junit` step) show as tests.
 *
 * JUnit layout: `<testsuites>` for the run, one `<testsuite>` per scenario, one `<testcase>` per step (class name
 * `scenarios.<scenario>`), a `<failure>` with the step's whole error and the last calls the mock saw on the step
 * that failed. Times in seconds with three decimals. A run that could not start (no mock at `--base-url`) is one
 * suite `setup` with one failing case, so CI shows why instead of an empty report.
 *
 * @example
 * ```ts
 * const run = createRunReport({ transport: 'http', user: 'api', platformUrl }, reports)
 * writeFileSync('scenarios.xml', toJUnitXml(run))
 * ```
 */
import { hostname } from 'node:os'
import type { ScenarioReport } from './runner.ts'

/** The whole run: where it ran, whether every scenario held, and each scenario's report. */
export interface RunReport {
  transport: string
  user: string
  platformUrl: string | undefined
  ok: boolean
  /** When the run started (ISO 8601). */
  startedAt: string
  /** Whole milliseconds. */
  ms: number
  passed: number
  failed: number
  scenarios: ScenarioReport[]
  /** Why the run could not start, when it could not (then `scenarios` is empty). */
  error?: string
}

export interface RunFacts {
  transport: string
  user: string
  platformUrl?: string | undefined
  startedAt: string
  ms: number
  error?: string | undefined
}

/**
 * The run's report from its scenarios' reports.
 *
 * @example
 * ```ts
 * createRunReport({ transport: 'http', user: 'api', platformUrl, startedAt, ms: 840 }, reports).ok
 * ```
 */
export function createRunReport(facts: RunFacts, scenarios: ScenarioReport[]): RunReport {
  const failed = scenarios.filter((s) => !s.ok).length
  return {
    transport: facts.transport,
    user: facts.user,
    platformUrl: facts.platformUrl,
    ok: failed === 0 && facts.error === undefined,
    startedAt: facts.startedAt,
    ms: facts.ms,
    passed: scenarios.length - failed,
    failed,
    scenarios,
    ...(facts.error !== undefined ? { error: facts.error } : {}),
  }
}

/** The JSON report, as `--json` prints it and `--json-file` writes it. */
export function toJsonReport(run: RunReport): string {
  return `${JSON.stringify(run, null, 2)}\n`
}

// ---------------------------------------------------------------------------------------------------------
// JUnit XML

/** Characters XML 1.0 cannot carry at all (even escaped): C0 controls but tab, LF and CR; lone surrogates; U+FFFE/F. */
const NOT_XML = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g
/** ANSI colour and cursor sequences, which an error text may carry from elsewhere. */
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]/g

function clean(text: string): string {
  return text.replace(ANSI, '').replace(NOT_XML, '\uFFFD')
}

/** Text content: `&`, `<`, `>` escaped (`>` too, so `]]>` can never appear). */
export function escapeXmlText(text: string): string {
  return clean(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** An attribute value in double quotes; tabs and line breaks as references, since parsers fold them to spaces otherwise. */
export function escapeXmlAttribute(text: string): string {
  return escapeXmlText(text).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;')
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3)
}

/** An ISO instant as JUnit's `timestamp` wants it: no zone designator, no fraction (the Ant schema's xs:dateTime pattern). */
function junitTimestamp(iso: string): string {
  return iso.replace(/\.\d+Z$|Z$/, '')
}

function attributes(values: Record<string, string | number | undefined>): string {
  return Object.entries(values)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXmlAttribute(String(v))}"`)
    .join('')
}

function failure(error: string, extra: readonly string[] = []): string {
  const [first = 'failed'] = error.split('\n')
  const type = /^([A-Za-z][\w.]*):/.exec(first)?.[1]
  const body = [error, ...(extra.length ? ['', 'last HTTP exchanges seen by the mock (newest last):', ...extra.map((x) => `  ${x}`)] : [])].join('\n')
  return `<failure${attributes({ message: first.slice(0, 1000), type: type ?? 'AssertionError' })}>${escapeXmlText(body)}</failure>`
}

/**
 * The run as JUnit XML.
 *
 * @example
 * ```ts
 * writeFileSync('scenarios.xml', toJUnitXml(run))
 * ```
 */
export function toJUnitXml(run: RunReport): string {
  const host = hostname()
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>']
  const tests = run.scenarios.reduce((n, s) => n + s.steps.length, 0) + (run.error !== undefined ? 1 : 0)
  const failures = run.scenarios.reduce((n, s) => n + s.steps.filter((t) => !t.ok).length, 0) + (run.error !== undefined ? 1 : 0)
  lines.push(`<testsuites${attributes({ name: 'altinn-systemuser-mock scenarios', tests, failures, errors: 0, skipped: 0, time: seconds(run.ms), timestamp: junitTimestamp(run.startedAt) })}>`)
  const properties = [
    ['transport', run.transport],
    ['user', run.user],
    ['platformUrl', run.platformUrl],
  ]
    .filter(([, v]) => v !== undefined)
    .map(([name, value]) => `      <property${attributes({ name, value })}/>`)
  if (run.error !== undefined) {
    lines.push(`  <testsuite${attributes({ name: 'setup', tests: 1, failures: 1, errors: 0, skipped: 0, time: seconds(run.ms), timestamp: junitTimestamp(run.startedAt), hostname: host })}>`)
    lines.push(`    <testcase${attributes({ classname: 'scenarios.setup', name: 'the scenarios can start', time: seconds(run.ms) })}>`)
    lines.push(`      ${failure(run.error)}`)
    lines.push('    </testcase>')
    lines.push('  </testsuite>')
  }
  for (const s of run.scenarios) {
    const failed = s.steps.filter((t) => !t.ok).length
    lines.push(`  <testsuite${attributes({ name: s.name, tests: s.steps.length, failures: failed, errors: 0, skipped: 0, time: seconds(s.ms), timestamp: junitTimestamp(s.startedAt), hostname: host })}>`)
    lines.push('    <properties>', `      <property${attributes({ name: 'summary', value: s.summary })}/>`, ...properties, '    </properties>')
    const firstFailure = s.steps.findIndex((t) => !t.ok)
    s.steps.forEach((t, i) => {
      const open = `    <testcase${attributes({ classname: `scenarios.${s.name}`, name: t.title, time: seconds(t.ms) })}`
      if (t.ok) lines.push(`${open}/>`)
      else lines.push(`${open}>`, `      ${failure(t.error ?? 'failed', i === firstFailure ? (s.lastExchanges ?? []) : [])}`, '    </testcase>')
    })
    lines.push('  </testsuite>')
  }
  lines.push('</testsuites>')
  return `${lines.join('\n')}\n`
}
