/**
 * The scenario command as a QA engineer and a CI job run it: processes of their own against one mock that is also
 * a process (`npx altinn-systemuser-mock start`), never reset between runs. Runs leave the mock as they found it,
 * so `scenario all --base-url` passes twice in a row, also after the README's curl tour; `--json` is JSON on stdout
 * however it is started; `--junit` is JUnit XML that CI reads.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { UsageError } from '../../mock-server/command-line.ts'
import { runScenarioCommand } from '../../scenarios/command.ts'
import { scenarios } from '../../scenarios/index.ts'
import { elementsNamed, parseStrictXml } from '../support/strict-xml.ts'
import { freePort, startMockProcess, type MockProcess } from '../support/mock-process.ts'
import { CUSTOMER, STANDARD_SYSTEM } from '../../mock-server/seed/personas.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const ALL = scenarios.length

interface Ran {
  code: number | null
  stdout: string
  stderr: string
}

/** Run a command in the repository and collect what it printed; stdout is a pipe, as in a CI log. */
function run(command: string, args: string[], env: Record<string, string> = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.once('error', reject)
    child.once('close', (code) => resolve({ code, stdout, stderr }))
  })
}

const scenarioCli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'mock-server/cli.ts', 'scenario', ...args])

async function control(mock: MockProcess, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${mock.url}/__mock${path}`, { method, ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}) })
  const text = await res.text()
  return text ? JSON.parse(text) : undefined
}

/** The shell blocks of a README section, from its heading to the next one. */
function shellBlocksOf(readme: string, heading: string): string[] {
  const start = readme.indexOf(`\n## ${heading}\n`)
  expect(start, `README section "${heading}"`).toBeGreaterThan(-1)
  const end = readme.indexOf('\n## ', start + 1)
  const section = readme.slice(start, end === -1 ? undefined : end)
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!)
}

/**
 * The README's curl tour as one shell script against `base`: the tour's commands as written, with the mock's URL
 * for `BASE`, and `ID` read from the answers (the README asks the reader to paste it).
 */
function curlTourScript(base: string): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const tour = shellBlocksOf(readme, 'A first tour with curl')
  const changeRequest = shellBlocksOf(readme, 'Control API (`/__mock`)').filter((b) => b.includes('changerequest'))
  expect(tour.length).toBeGreaterThanOrEqual(3)
  expect(changeRequest).toHaveLength(1)
  const script = [...tour, ...changeRequest].join('\n')
  expect(script).toContain('BASE=http://127.0.0.1:5101')
  expect(script).toContain('ID=<the id from the answer>')
  return [
    'set -e',
    'LOG=$(mktemp)',
    // Every answer is kept, so the id the reader would copy can be read back.
    'curl() { command curl "$@" | tee -a "$LOG"; echo >> "$LOG"; }',
    script
      .replace('BASE=http://127.0.0.1:5101', `BASE=${base}`)
      .replace('ID=<the id from the answer>', `ID=$(grep -o '"id":"[0-9a-f-]\\{36\\}"' "$LOG" | head -1 | cut -d'"' -f4)`),
  ].join('\n')
}

// Each case starts processes of its own (the mock once, then the command, npm, bash), which takes seconds on a busy machine.
describe('the scenario command against one running mock', { timeout: 120_000 }, () => {
  let mock: MockProcess
  let dir: string
  beforeAll(async () => {
    const started = await startMockProcess([])
    if (!started.running) throw new Error(`the mock did not start: ${JSON.stringify(started.failed)}`)
    mock = started.running
    dir = mkdtempSync(join(tmpdir(), 'scenario-cli-'))
  })
  afterAll(async () => {
    mock?.child.kill('SIGTERM')
    await mock?.exited
    rmSync(dir, { recursive: true, force: true })
  })

  it('passes "all" twice in a row, and leaves the clock on real time', async () => {
    for (const round of [1, 2]) {
      const ran = await scenarioCli('all', '--base-url', mock.url)
      expect(ran.stdout, `round ${round}: ${ran.stdout}${ran.stderr}`).toMatch(new RegExp(`\\n${ALL} of ${ALL} scenario\\(s\\) passed in \\d+ ms\\n`))
      expect(ran.code, `round ${round}`).toBe(0)
      const clock = await control(mock, 'GET', '/clock')
      expect(clock.shifted, `round ${round}`).toBe(false)
      expect(clock.warning).toBeUndefined()
    }
  })

  it('passes "all" twice after the README\'s curl tour, whose system user for TILFELDIG SUBTIL APE stays as the tour left it', async () => {
    const tour = await run('bash', ['-c', curlTourScript(mock.url)])
    expect(tour.code, tour.stderr).toBe(0)
    const made = (await control(mock, 'GET', '/state')).systemUsers.filter(
      (u: { systemId: string; reporteeOrgNo: string; externalRef: string; isDeleted: boolean }) =>
        u.systemId === STANDARD_SYSTEM && u.reporteeOrgNo === CUSTOMER && u.externalRef === CUSTOMER && !u.isDeleted,
    )
    expect(made).toHaveLength(1)

    for (const round of [1, 2]) {
      const ran = await scenarioCli('all', '--base-url', mock.url)
      expect(ran.code, `round ${round}: ${ran.stdout}${ran.stderr}`).toBe(0)
      expect(ran.stdout).toContain(`${ALL} of ${ALL} scenario(s) passed`)
    }
    const after = (await control(mock, 'GET', '/state')).systemUsers.find((u: { id: string }) => u.id === made[0].id)
    expect(after).toMatchObject({ isDeleted: false, externalRef: CUSTOMER })
  })

  it('prints one line per step, when it ends, in a log; no colour, no rewriting, whole milliseconds', async () => {
    const ran = await scenarioCli('request-timeout', '--base-url', mock.url)
    expect(ran.code).toBe(0)
    const lines = ran.stdout.split('\n')
    expect(lines.filter((l) => l.includes('▶'))).toEqual([])
    expect(ran.stdout).not.toMatch(/\x1b|\r/)
    const steps = lines.filter((l) => l.startsWith('  ✔ '))
    expect(steps.map((l) => l.replace(/ \(\d+ ms\)$/, ''))).toEqual([
      '  ✔ SmartCloud sends a system-user request',
      '  ✔ the clock passes 180 days and a bit (P181D)',
      '  ✔ SmartCloud reads the request: status New, timedOut true',
      '  ✔ waitForDecision ends with the timed-out request',
      '  ✔ the clock goes back 181 days, to where it was',
    ])
    expect(steps.every((l) => / \(\d+ ms\)$/.test(l))).toBe(true)
  })

  it('prints only the JSON report on stdout with --json, started directly or through npm run --silent', async () => {
    for (const ran of [
      await scenarioCli('resume-pending-request', '--base-url', mock.url, '--json'),
      await run('npm', ['run', '--silent', 'scenario', '--', 'resume-pending-request', '--base-url', mock.url, '--json']),
    ]) {
      expect(ran.code, ran.stderr).toBe(0)
      const report = JSON.parse(ran.stdout)
      expect(report).toMatchObject({ transport: 'http', user: 'api', platformUrl: mock.url, ok: true, passed: 1, failed: 0 })
      expect(report.scenarios.map((s: { name: string }) => s.name)).toEqual(['resume-pending-request'])
      const steps = report.scenarios[0].steps as { title: string; ok: boolean; ms: number }[]
      expect(steps.map((s) => s.title)).toEqual([
        'SmartCloud sends a system-user request (201)',
        'SmartCloud sends it again and gets the same request (200)',
        'SmartCloud finds it by its external reference',
      ])
      expect([report.ms, report.scenarios[0].ms, ...steps.map((s) => s.ms)].every((ms) => Number.isInteger(ms) && ms >= 0)).toBe(true)
      // The progress is on stderr, for the log.
      expect(ran.stderr).toContain('✔ SmartCloud finds it by its external reference')
    }
  })

  it('writes the JSON report to a file with --json-file while the steps print as usual', async () => {
    const file = join(dir, 'reports', 'scenarios.json')
    const ran = await scenarioCli('redirect-not-allowed', '--base-url', mock.url, '--json-file', file)
    expect(ran.code).toBe(0)
    expect(ran.stdout).toContain('✔ the allowed URL with a query of SmartCloud\'s own is accepted')
    expect(ran.stdout).toContain(`Report written to ${file}`)
    const report = JSON.parse(readFileSync(file, 'utf8'))
    expect(report.ok).toBe(true)
    expect(report.scenarios[0].steps).toHaveLength(4)
  })

  it('writes JUnit XML with --junit: well-formed, counts that match, and a failure with the error for a scenario a fault broke', async () => {
    const junit = join(dir, 'junit.xml')
    const json = join(dir, 'run.json')
    // Creating an agent request fails once, with text that needs escaping.
    await control(mock, 'POST', '/faults', {
      method: 'POST',
      path: '/authentication/api/v1/systemuser/request/vendor/agent',
      status: 400,
      body: { type: 'about:blank', title: 'Broken <on> purpose & "quoted"', status: 400, code: 'AUTH-00011' },
      times: 1,
    })

    const ran = await scenarioCli('all', '--base-url', mock.url, '--junit', junit, '--json-file', json)

    expect(ran.code).toBe(1)
    expect(ran.stdout).toContain(`${ALL - 1} of ${ALL} scenario(s) passed`)
    const report = JSON.parse(readFileSync(json, 'utf8')) as { scenarios: { name: string; ok: boolean; steps: { title: string; ok: boolean; ms: number }[] }[] }
    const root = parseStrictXml(readFileSync(junit, 'utf8'))
    expect(root.name).toBe('testsuites')
    const steps = report.scenarios.flatMap((s) => s.steps)
    expect(Number(root.attributes.tests)).toBe(steps.length)
    expect(Number(root.attributes.failures)).toBe(steps.filter((s) => !s.ok).length)
    expect(root.attributes.failures).toBe('1')

    const suites = elementsNamed(root, 'testsuite')
    expect(suites.map((s) => s.attributes.name)).toEqual(report.scenarios.map((s) => s.name))
    for (const suite of suites) {
      const scenario = report.scenarios.find((s) => s.name === suite.attributes.name)!
      const cases = elementsNamed(suite, 'testcase')
      expect(Number(suite.attributes.tests)).toBe(cases.length)
      expect(cases.map((c) => c.attributes.name)).toEqual(scenario.steps.map((s) => s.title))
      expect(cases.map((c) => c.attributes.time)).toEqual(scenario.steps.map((s) => (s.ms / 1000).toFixed(3)))
      expect(Number(suite.attributes.failures)).toBe(elementsNamed(suite, 'failure').length)
      expect(suite.attributes.time).toMatch(/^\d+\.\d{3}$/)
    }
    const [failure] = elementsNamed(root, 'failure')
    const failedCase = elementsNamed(root, 'testcase').find((c) => c.children.includes(failure!))!
    expect(failedCase.attributes).toMatchObject({ classname: 'scenarios.agent-approve-with-clients', name: expect.stringContaining('SmartCloud sends an agent request') })
    expect(failure!.attributes.message).toContain('AUTH-00011')
    expect(failure!.text).toContain('Broken <on> purpose & "quoted"')
    expect(failure!.text).toContain('last HTTP exchanges seen by the mock')
  })

  it('points --json with a file name at --json-file', async () => {
    await expect(runScenarioCommand(['all', '--json', 'out.json'])).rejects.toThrow(new UsageError('--json prints the report on stdout; to write it to out.json, use --json-file out.json'))
    await expect(runScenarioCommand(['all', '--junit'])).rejects.toThrow(UsageError)
  })

  it('still writes the reports, and valid JSON on stdout, when no mock answers at --base-url', async () => {
    const url = `http://127.0.0.1:${await freePort()}`
    const junit = join(dir, 'nomock.xml')
    const ran = await scenarioCli('all', '--base-url', url, '--json', '--junit', junit)
    expect(ran.code).toBe(1)
    expect(JSON.parse(ran.stdout)).toMatchObject({ ok: false, scenarios: [], error: expect.stringContaining(`No mock answers at ${url}`) })
    const root = parseStrictXml(readFileSync(junit, 'utf8'))
    expect(root.attributes).toMatchObject({ tests: '1', failures: '1' })
    expect(elementsNamed(root, 'failure')[0]!.attributes.message).toContain('start it with npx altinn-systemuser-mock start')
  })
})

describe('examples/standard-flow.ts with no mock listening', { timeout: 60_000 }, () => {
  it('says so in one line, with the command that starts one', async () => {
    const url = `http://127.0.0.1:${await freePort()}`
    const ran = await run(process.execPath, ['--import', 'tsx', 'examples/standard-flow.ts', url])
    expect(ran.code).toBe(1)
    expect(ran.stderr).toBe(`No mock answers at ${url}: start it with npx altinn-systemuser-mock start\n`)
    expect(ran.stdout).toBe('')
  })
})
