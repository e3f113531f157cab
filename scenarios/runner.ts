/**
 * Runs a scenario step by step: each step is printed as it starts (`▶`), when it holds (`✔` with its time) or when
 * it fails (`✖` with the whole error and the last HTTP exchanges the mock saw, tokens redacted). The first failing
 * step ends the scenario.
 */
import type { Scenario, ScenarioContext, StepFn } from './define.ts'

export interface StepReport {
  title: string
  ok: boolean
  ms: number
  error?: string
}

export interface ScenarioReport {
  name: string
  summary: string
  ok: boolean
  ms: number
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
export function describeError(e: unknown, depth = 0): string {
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

/** Run one scenario with a ready context (minus `step`, which the runner provides). */
export async function runScenario(
  scenario: Scenario,
  context: Omit<ScenarioContext, 'step'>,
  reporter: ScenarioReporter = {},
): Promise<ScenarioReport> {
  const steps: StepReport[] = []
  const started = performance.now()
  reporter.scenarioStart?.(scenario)
  const step: StepFn = async (title, fn) => {
    reporter.stepStart?.(title)
    const t0 = performance.now()
    try {
      const value = await fn()
      const report = { title, ok: true, ms: performance.now() - t0 }
      steps.push(report)
      reporter.stepEnd?.(report)
      return value
    } catch (e) {
      const report = { title, ok: false, ms: performance.now() - t0, error: describeError(e) }
      steps.push(report)
      reporter.stepEnd?.(report)
      throw new StepFailed(title, e)
    }
  }
  let error: string | undefined
  let lastExchanges: string[] | undefined
  try {
    await scenario.run({ ...context, step })
  } catch (e) {
    error = e instanceof StepFailed ? `step "${e.title}" failed: ${describeError(e.cause)}` : describeError(e)
    lastExchanges = (await context.control.journal(3).catch(() => [])).map(summarizeExchange)
  }
  const report: ScenarioReport = {
    name: scenario.name,
    summary: scenario.summary,
    ok: error === undefined,
    ms: performance.now() - started,
    steps,
    ...(error ? { error } : {}),
    ...(lastExchanges?.length ? { lastExchanges } : {}),
  }
  reporter.scenarioEnd?.(report)
  return report
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

/** A reporter that prints to a stream as the steps run. */
export function createConsoleReporter(write: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): ScenarioReporter {
  return {
    scenarioStart: (s) => write(`\n${s.name}: ${s.summary}`),
    stepStart: (title) => write(`  ▶ ${title}`),
    stepEnd: (s) => {
      write(`  ${s.ok ? '✔' : '✖'} ${s.title} (${Math.round(s.ms)} ms)`)
      if (s.error) write(s.error.split('\n').map((l) => `      ${l}`).join('\n'))
    },
    scenarioEnd: (r) => {
      if (r.lastExchanges?.length) {
        write('    last HTTP exchanges seen by the mock (newest last):')
        for (const x of r.lastExchanges) write(`      ${x}`)
      }
      write(`  ${r.ok ? 'passed' : 'FAILED'} in ${Math.round(r.ms)} ms`)
    },
  }
}

/** One journal entry as a line: time, method, path, status, AUTH/MP code, route. */
export function summarizeExchange(entry: unknown): string {
  if (typeof entry !== 'object' || entry === null) return String(entry)
  const e = entry as Record<string, unknown>
  const parts = [e.time, e.method, `${e.path}${e.query ? `?${String(e.query).slice(0, 80)}` : ''}`, '->', e.status, e.code, e.error, e.route ? `(${e.route})` : undefined]
  return parts.filter((p) => p !== undefined && p !== null && p !== '').join(' ')
}
