/**
 * How a scenario run is told: the runner's reports (whole milliseconds, cleanups that run whatever happened, every
 * failure on a step), the console reporter on a terminal and in a log, and the JUnit XML CI reads.
 */
import { describe, expect, it } from 'vitest'
import type { ControlClient } from '../../../scenarios/control.ts'
import { defineScenario, type Scenario } from '../../../scenarios/define.ts'
import { createRunReport, escapeXmlAttribute, escapeXmlText, toJUnitXml } from '../../../scenarios/report.ts'
import { createConsoleReporter, runScenario, type ReporterStream, type ScenarioReport, type ScenarioSetup } from '../../../scenarios/runner.ts'
import { elementsNamed, parseStrictXml } from '../../support/strict-xml.ts'

/** A context with nothing behind it but a journal: these scenarios call nothing else. */
function aSetup(): ScenarioSetup {
  const control = { journal: async () => [{ time: '2026-01-01T00:00:00.000Z', method: 'GET', path: '/x', status: 403, warning: 'the token lacks the scope' }] } as unknown as ControlClient
  return { control } as unknown as ScenarioSetup
}

function aScenario(run: Scenario['run'], name = 'a-scenario'): Scenario {
  return defineScenario({ name, summary: 'what it shows', run })
}

function aStream(isTTY: boolean, columns?: number): ReporterStream & { text: string } {
  const stream = {
    text: '',
    isTTY,
    columns,
    write(t: string) {
      stream.text += t
      return true
    },
  }
  return stream
}

describe('runScenario', () => {
  it('reports every time in whole milliseconds', async () => {
    const report = await runScenario(
      aScenario(async ({ step }) => {
        await step('one', () => new Promise((r) => setTimeout(r, 3)))
        await step('two', () => 2)
      }),
      aSetup(),
    )
    expect(report.ok).toBe(true)
    expect([report.ms, ...report.steps.map((s) => s.ms)].every(Number.isInteger)).toBe(true)
    expect(report.startedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
  })

  it('runs the cleanups after a failing step, newest first, each as a step, and keeps the first error', async () => {
    const order: string[] = []
    const report = await runScenario(
      aScenario(async ({ step, cleanup }) => {
        await step('moves the clock', () => order.push('moved'))
        cleanup('puts the clock back', () => order.push('clock back'))
        cleanup('deletes what it made', () => order.push('deleted'))
        await step('breaks', () => {
          throw new Error('broken on purpose')
        })
        await step('never runs', () => order.push('never'))
      }),
      aSetup(),
    )
    expect(order).toEqual(['moved', 'deleted', 'clock back'])
    expect(report.steps.map((s) => [s.title, s.ok])).toEqual([
      ['moves the clock', true],
      ['breaks', false],
      ['deletes what it made', true],
      ['puts the clock back', true],
    ])
    expect(report.error).toBe('step "breaks" failed: Error: broken on purpose')
    expect(report.lastExchanges).toEqual(['2026-01-01T00:00:00.000Z GET /x -> 403 warning: the token lacks the scope'])
  })

  it('fails a scenario whose cleanup fails', async () => {
    const report = await runScenario(
      aScenario(async ({ step, cleanup }) => {
        await step('works', () => 1)
        cleanup('cannot undo', () => Promise.reject(new Error('the mock is gone')))
      }),
      aSetup(),
    )
    expect(report.ok).toBe(false)
    expect(report.error).toBe('cleanup "cannot undo" failed: Error: the mock is gone')
    expect(report.steps.at(-1)).toMatchObject({ title: 'cannot undo', ok: false })
  })

  it('reports a check between steps as a failing step of its own', async () => {
    const report = await runScenario(
      aScenario(async ({ step }) => {
        await step('lands somewhere', () => 'https://elsewhere.example')
        throw new Error('expected the receipt page')
      }),
      aSetup(),
    )
    expect(report.steps.map((s) => [s.title, s.ok])).toEqual([
      ['lands somewhere', true],
      ['checks after "lands somewhere"', false],
    ])
    expect(report.error).toContain('expected the receipt page')
  })
})

describe('the console reporter', () => {
  const twoSteps = aScenario(async ({ step }) => {
    await step('first step', () => 1)
    await step('second step', () => {
      throw new Error('no')
    })
  })

  it('writes each step once, when it ends, and nothing else for it, in a log', async () => {
    const out = aStream(false)
    await runScenario(twoSteps, aSetup(), createConsoleReporter({ stream: out, env: {} }))
    expect(out.text).not.toMatch(/\x1b|\r|▶/)
    const steps = out.text.split('\n').filter((l) => /^ {2}[✔✖] /.test(l))
    expect(steps.map((l) => l.replace(/\(\d+ ms\)$/, '(t)'))).toEqual(['  ✔ first step (t)', '  ✖ second step (t)'])
    expect(out.text).toContain('      Error: no\n')
    expect(out.text).toMatch(/ {2}FAILED in \d+ ms\n$/)
  })

  it('shows the running step on a terminal and rewrites its line in place when it ends, in colour', async () => {
    const out = aStream(true, 200)
    await runScenario(twoSteps, aSetup(), createConsoleReporter({ stream: out, env: {} }))
    expect(out.text).toContain('  \x1b[36m▶\x1b[0m first step\r\x1b[2K  \x1b[32m✔\x1b[0m first step \x1b[2m(')
    expect(out.text).toContain('\r\x1b[2K  \x1b[31m✖\x1b[0m second step')
    expect(out.text.match(/▶/g)).toHaveLength(2)
  })

  it('uses no colour on a terminal when NO_COLOR is set, and still rewrites the line', async () => {
    const out = aStream(true, 200)
    await runScenario(twoSteps, aSetup(), createConsoleReporter({ stream: out, env: { NO_COLOR: '1' } }))
    expect(out.text).not.toContain('\x1b[3')
    expect(out.text).toContain('  ▶ first step\r\x1b[2K  ✔ first step (')
  })

  it('cuts a running step to the terminal width, so the rewrite clears all of it', async () => {
    const out = aStream(true, 30)
    const long = 'a step whose title is much wider than the terminal it runs in'
    await runScenario(aScenario(async ({ step }) => void (await step(long, () => 1))), aSetup(), createConsoleReporter({ stream: out, env: { NO_COLOR: '1' } }))
    expect(out.text).toContain('  ▶ a step whose title is mu…\r')
    expect(out.text).toContain(`  ✔ ${long} (`)
  })

  it('writes plain lines to a function', async () => {
    const lines: string[] = []
    await runScenario(twoSteps, aSetup(), createConsoleReporter((l) => lines.push(l)))
    expect(lines.filter((l) => l.startsWith('  ✔') || l.startsWith('  ✖')).map((l) => l.split(' (')[0])).toEqual(['  ✔ first step', '  ✖ second step'])
  })
})

describe('the JUnit report', () => {
  const nasty = 'a <b> & "c" \'d\'\ttab\x1b[31m red\x1b[0m \x07bell \uD800 lone'

  function aReport(overrides: Partial<ScenarioReport> = {}): ScenarioReport {
    return {
      name: 'standard-approve',
      summary: `summary ${nasty}`,
      ok: false,
      ms: 1234,
      startedAt: '2026-11-29T08:00:00.123Z',
      steps: [
        { title: 'SmartCloud sends a request', ok: true, ms: 161 },
        { title: `step ${nasty}`, ok: false, ms: 7, error: `AltinnProblemError: ${nasty}\n  status: 400` },
      ],
      error: 'step failed',
      lastExchanges: ['2026-11-29T08:00:00.200Z POST /x -> 400 AUTH-00011'],
      ...overrides,
    }
  }

  /** A report that passed: no error, no last exchanges. */
  function withoutFailure(report: ScenarioReport): ScenarioReport {
    const { error: _error, lastExchanges: _lastExchanges, ...passed } = report
    return passed
  }

  it('escapes text and attributes so that any error text gives well-formed XML', () => {
    expect(escapeXmlText('a < b && c > d ]]>')).toBe('a &lt; b &amp;&amp; c &gt; d ]]&gt;')
    expect(escapeXmlAttribute('say "hi"\n\'there\'\t')).toBe('say &quot;hi&quot;&#10;&apos;there&apos;&#9;')
    expect(escapeXmlText('\x1b[31mred\x1b[0m \x00 \uDC00')).toBe('red \uFFFD \uFFFD')
  })

  it('has one suite per scenario and one case per step, times in seconds with three decimals, the failure with its whole text', () => {
    const run = createRunReport({ transport: 'http', user: 'api', platformUrl: 'http://127.0.0.1:5101', startedAt: '2026-11-29T08:00:00.000Z', ms: 2000 }, [
      aReport(),
      withoutFailure(aReport({ name: 'standard-reject', ok: true, steps: [{ title: 'one', ok: true, ms: 1 }] })),
    ] as ScenarioReport[])
    const xml = toJUnitXml(run)
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true)
    const root = parseStrictXml(xml)
    expect(root.attributes).toMatchObject({ name: 'altinn-systemuser-mock scenarios', tests: '3', failures: '1', errors: '0', time: '2.000', timestamp: '2026-11-29T08:00:00' })
    const [first, second] = elementsNamed(root, 'testsuite')
    expect(first!.attributes).toMatchObject({ name: 'standard-approve', tests: '2', failures: '1', time: '1.234', timestamp: '2026-11-29T08:00:00' })
    expect(second!.attributes).toMatchObject({ name: 'standard-reject', tests: '1', failures: '0', time: '1.234' })
    const cases = elementsNamed(first!, 'testcase')
    expect(cases.map((c) => [c.attributes.classname, c.attributes.time])).toEqual([
      ['scenarios.standard-approve', '0.161'],
      ['scenarios.standard-approve', '0.007'],
    ])
    expect(cases[1]!.attributes.name).toBe('step a <b> & "c" \'d\'\ttab red \uFFFDbell \uFFFD lone')
    const [failure] = elementsNamed(cases[1]!, 'failure')
    expect(failure!.attributes.type).toBe('AltinnProblemError')
    expect(failure!.attributes.message).toBe('AltinnProblemError: a <b> & "c" \'d\'\ttab red \uFFFDbell \uFFFD lone')
    expect(failure!.text).toContain('\n  status: 400\n\nlast HTTP exchanges seen by the mock (newest last):\n  2026-11-29T08:00:00.200Z POST /x -> 400 AUTH-00011')
    const properties = Object.fromEntries(elementsNamed(first!, 'property').map((p) => [p.attributes.name, p.attributes.value]))
    expect(properties).toMatchObject({ transport: 'http', user: 'api', platformUrl: 'http://127.0.0.1:5101' })
  })

  it('is one failing setup case when the run could not start', () => {
    const run = createRunReport({ transport: 'http', user: 'api', startedAt: '2026-11-29T08:00:00.000Z', ms: 12, error: 'No mock answers at http://127.0.0.1:1 & more' }, [])
    expect(run.ok).toBe(false)
    const root = parseStrictXml(toJUnitXml(run))
    expect(root.attributes).toMatchObject({ tests: '1', failures: '1' })
    expect(elementsNamed(root, 'testcase')[0]!.attributes).toMatchObject({ classname: 'scenarios.setup', name: 'the scenarios can start', time: '0.012' })
    expect(elementsNamed(root, 'failure')[0]!.attributes.message).toBe('No mock answers at http://127.0.0.1:1 & more')
  })

  it('is refused by the strict reader when it is not well-formed (the reader itself is strict)', () => {
    expect(() => parseStrictXml('<a><b></a></b>')).toThrow(/closes/)
    expect(() => parseStrictXml('<a x="1 & 2"/>')).toThrow(/raw < or &/)
    expect(() => parseStrictXml('<a>x</a><b/>')).toThrow(/second root/)
    expect(() => parseStrictXml('<a x="1" x="2"/>')).toThrow(/twice/)
    expect(() => parseStrictXml('<a>\x07</a>')).toThrow(/forbids/)
  })
})
