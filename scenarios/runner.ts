/**
 * Runs a scenario step by step and reports each step once it has ended: `✔` with its time, or `✖` with the whole
 * error and the last HTTP exchanges the mock saw (tokens redacted). The first failing step ends the scenario; what
 * the scenario registered with `cleanup` runs after it either way, newest first, each as a step of its own.
 */
import type { Scenario, ScenarioContext, StepFn } from './define.ts'

export interface StepReport {
  title: string
  ok: boolean
  /** Whole milliseconds. */
  ms: number
  error?: string
}

export interface ScenarioReport {
  name: string
  summary: string
  ok: boolean
  /** Whole milliseconds. */
  ms: number
  /** When the scenario started (ISO 8601). */
  startedAt: string
  steps: StepReport[]
  error?: string
  /** The last calls the mock's journal recorded when a step failed (secrets redacted by the mock). */
  lastExchanges?: string[]
}

/** Where a run's progress goes: the CLI prints it, tests collect it. */
export interface ScenarioReporter {
  scenarioStart?(scenario: Scenario): void
  stepStart?(title: string): void
  stepEnd?(step: StepReport): void
  scenarioEnd?(report: ScenarioReport): void
}

/** Describe an error in full: its name, message, the fields that matter, and its causes. */
function describeError(e: unknown, depth = 0): string {
  if (!(e instanceof Error)) return String(e)
  const fields: string[] = []
  for (const key of ['status', 'code', 'error', 'traceId', 'validationErrors', 'body'] as const) {
    const v = (e as unknown as Record<string, unknown>)[key]
    if (v !== undefined && v !== null && !(typeof v === 'string' && e.message.includes(v))) fields.push(`${key}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
  }
  const cause = (e as { cause?: unknown }).cause
  return [
    `${e.name}: ${e.message}`,
    ...fields.map((f) => `  ${f}`),
    ...(cause && depth < 3 ? [`  caused by ${describeError(cause, depth + 1)}`] : []),
  ].join('\n')
}

/** The context a scenario needs from its environment: everything but `step` and `cleanup`, which the runner gives. */
export type ScenarioSetup = Omit<ScenarioContext, 'step' | 'cleanup'>

/**
 * Run one scenario with a ready context.
 *
 * @example
 * ```ts
 * const env = await openScenarioEnvironment({ transport: 'http' })
 * const report = await runScenario(findScenario('standard-approve')!, await env.context())
 * console.log(report.ok, report.steps.map((s) => `${s.title} ${s.ms} ms`))
 * ```
 */
export async function runScenario(scenario: Scenario, context: ScenarioSetup, reporter: ScenarioReporter = {}): Promise<ScenarioReport> {
  const steps: StepReport[] = []
  const startedAt = new Date().toISOString()
  const started = performance.now()
  const cleanups: { title: string; fn: () => unknown }[] = []
  reporter.scenarioStart?.(scenario)

  async function runStep<T>(title: string, fn: () => T | Promise<T>): Promise<{ value?: T; failed?: unknown }> {
    reporter.stepStart?.(title)
    const t0 = performance.now()
    try {
      const value = await fn()
      record({ title, ok: true, ms: elapsed(t0) })
      return { value }
    } catch (e) {
      record({ title, ok: false, ms: elapsed(t0), error: describeError(e) })
      return { failed: e }
    }
  }
  function record(report: StepReport) {
    steps.push(report)
    reporter.stepEnd?.(report)
  }

  const step: StepFn = async (title, fn) => {
    const outcome = await runStep(title, fn)
    if ('failed' in outcome) throw new StepFailed(title, outcome.failed)
    return outcome.value!
  }
  const cleanup = (title: string, fn: () => unknown) => void cleanups.push({ title, fn })

  let error: string | undefined
  try {
    await scenario.run({ ...context, step, cleanup })
  } catch (e) {
    if (e instanceof StepFailed) error = `step "${e.title}" failed: ${describeError(e.cause)}`
    else {
      // A check between steps: reported as a step of its own, so every failure has a step in every report.
      const last = steps.at(-1)?.title
      const title = last ? `checks after "${last}"` : 'checks before the first step'
      record({ title, ok: false, ms: 0, error: describeError(e) })
      error = `${title} failed: ${describeError(e)}`
    }
  }
  // Undo what the scenario changed on a mock it may share (the clock, what it created), whatever happened above.
  for (const { title, fn } of cleanups.reverse()) {
    const outcome = await runStep(title, fn)
    if ('failed' in outcome && error === undefined) error = `cleanup "${title}" failed: ${describeError(outcome.failed)}`
  }
  const lastExchanges = error === undefined ? undefined : (await context.control.journal(3).catch(() => [])).map(summarizeExchange)
  const report: ScenarioReport = {
    name: scenario.name,
    summary: scenario.summary,
    ok: error === undefined,
    ms: elapsed(started),
    startedAt,
    steps,
    ...(error ? { error } : {}),
    ...(lastExchanges?.length ? { lastExchanges } : {}),
  }
  reporter.scenarioEnd?.(report)
  return report
}

/** Whole milliseconds since `t0` (a `performance.now()` reading). */
function elapsed(t0: number): number {
  return Math.round(performance.now() - t0)
}

class StepFailed extends Error {
  constructor(
    readonly title: string,
    override readonly cause: unknown,
  ) {
    super(`step "${title}" failed`)
    this.name = 'StepFailed'
  }
}

/** Where the console reporter writes: a stream such as `process.stdout`, or any object with `write`. */
export interface ReporterStream {
  write(text: string): unknown
  isTTY?: boolean | undefined
  /** The terminal's width: the running step's line is cut to it, so rewriting it in place clears all of it. */
  columns?: number | undefined
}

export interface ConsoleReporterOptions {
  /** Default `process.stdout`. */
  stream?: ReporterStream
  /**
   * Show the running step and rewrite its line in place when it ends (default: when the stream is a terminal).
   * Otherwise (a CI log, a file) each step is one line, written when it ends.
   */
  live?: boolean
  /** Colour the marks and times (default: on a terminal, and never when the NO_COLOR variable is set). */
  color?: boolean
  /** The environment read for NO_COLOR (default `process.env`). */
  env?: NodeJS.ProcessEnv
}

/**
 * A reporter that prints as the steps run. Given a function, it writes plain lines to it (no colour, no rewriting).
 *
 * @example
 * ```ts
 * await runScenario(scenario, await env.context(), createConsoleReporter())                        // the terminal
 * await runScenario(scenario, await env.context(), createConsoleReporter({ stream: process.stderr }))
 * await runScenario(scenario, await env.context(), createConsoleReporter((line) => lines.push(line)))
 * ```
 */
export function createConsoleReporter(output: ((line: string) => void) | ConsoleReporterOptions = {}): ScenarioReporter {
  const options: ConsoleReporterOptions = typeof output === 'function' ? { stream: { write: (t: string) => output(t.replace(/\n$/, '')) }, live: false, color: false } : output
  const stream = options.stream ?? process.stdout
  const terminal = stream.isTTY === true
  const live = options.live ?? terminal
  const env = options.env ?? process.env
  const color = options.color ?? (terminal && !env.NO_COLOR)
  const paint = (code: string, text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text)
  const line = (text: string) => void stream.write(`${text}\n`)
  let showing = false
  return {
    scenarioStart: (s) => line(`\n${paint('1', s.name)}: ${s.summary}`),
    stepStart: (title) => {
      if (!live) return
      const width = stream.columns && stream.columns > 8 ? stream.columns - 5 : Infinity
      stream.write(`  ${paint('36', '▶')} ${title.length > width ? `${title.slice(0, width - 1)}…` : title}`)
      showing = true
    },
    stepEnd: (s) => {
      // On a terminal the running step's line becomes its outcome; elsewhere the outcome is the only line.
      if (showing) stream.write('\r\x1b[2K')
      showing = false
      line(`  ${s.ok ? paint('32', '✔') : paint('31', '✖')} ${s.title} ${paint('2', `(${s.ms} ms)`)}`)
      if (s.error) line(s.error.split('\n').map((l) => `      ${l}`).join('\n'))
    },
    scenarioEnd: (r) => {
      if (r.lastExchanges?.length) {
        line('    last HTTP exchanges seen by the mock (newest last):')
        for (const x of r.lastExchanges) line(`      ${x}`)
      }
      line(`  ${r.ok ? paint('32', 'passed') : paint('31', 'FAILED')} in ${r.ms} ms`)
    },
  }
}

/** One journal entry as a line: time, method, path, status, AUTH/MP code, route, and the mock's warning. */
function summarizeExchange(entry: unknown): string {
  if (typeof entry !== 'object' || entry === null) return String(entry)
  const e = entry as Record<string, unknown>
  const parts = [
    e.time,
    e.method,
    `${e.path}${e.query ? `?${String(e.query).slice(0, 80)}` : ''}`,
    '->',
    e.status,
    e.code,
    e.error,
    e.route ? `(${e.route})` : undefined,
    e.warning ? `warning: ${String(e.warning).slice(0, 300)}` : undefined,
  ]
  return parts.filter((p) => p !== undefined && p !== null && p !== '').join(' ')
}
