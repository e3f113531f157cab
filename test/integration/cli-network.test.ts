/**
 * The command as a user runs it, on the network: `--host 0.0.0.0` keeps its first line, warns on stderr and prints
 * the control token; `--allowed-hosts` and `--control-token` (and their variables) are honoured; a wrong value
 * stops the start with exit code 2 and one line, which never repeats a token.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { fetchThrough } from '../support/host-fetch.ts'
import { freePort, startMockProcess, type MockProcess } from '../support/mock-process.ts'
import { callAt } from '../support/api.ts'

const running: MockProcess[] = []

async function start(args: string[], env: Record<string, string> = {}): Promise<MockProcess> {
  const { running: p, failed } = await startMockProcess(args, env)
  if (!p) throw new Error(`the mock did not start: ${failed?.stderr}`)
  running.push(p)
  return p
}

/** Wait until the process has printed what `done` looks for (stderr may come after stdout's first line). */
async function waitForOutput(p: MockProcess, done: (p: MockProcess) => boolean): Promise<void> {
  for (let i = 0; i < 500 && !done(p); i++) await new Promise((r) => setTimeout(r, 20))
}

afterEach(async () => {
  for (const p of running.splice(0)) {
    p.child.kill('SIGTERM')
    await p.exited
  }
})

describe('the start command on the network', () => {
  it('bound to 0.0.0.0: the same first line with 127.0.0.1, a warning and a fresh token on stderr, and the control API wants it', async () => {
    const p = await start(['--host', '0.0.0.0'])
    await waitForOutput(p, (x) => x.stderr.includes('Bind to 127.0.0.1') && x.stdout.includes('  Scenarios '))
    const port = new URL(p.url).port
    expect(p.stdout.split('\n')[0]).toBe(`Mock Altinn listening on http://127.0.0.1:${port}`)
    expect(p.stdout).toContain("Public URL       from each request's Host header (bound to 0.0.0.0)")
    expect(p.stderr).toContain('Warning: Mock Altinn is bound to 0.0.0.0, an address other machines can reach')
    const token = /Control token {4}(\S+)/.exec(p.stderr)?.[1]
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/)
    expect(p.stderr).toContain(`/__mock/ui?token=${token}`)
    expect(p.stdout).not.toContain(token)

    expect((await fetch(`${p.url}/__mock/seed`)).status).toBe(401)
    expect((await fetch(`${p.url}/__mock/seed`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200)
    expect((await fetch(`${p.url}/healthz`)).status).toBe(200)
    // Any Host, each its own origin.
    const meta = await callAt(fetchThrough(Number(port)), `http://mock-altinn:${port}/maskinporten/.well-known/oauth-authorization-server`)
    expect(meta.body.issuer).toBe(`http://mock-altinn:${port}/maskinporten/`)
  })

  it('takes the token from MOCK_ALTINN_CONTROL_TOKEN and never prints it', async () => {
    const token = 'a-token-from-the-environment-42'
    const port = await freePort()
    const p = await start(['--host', '0.0.0.0', '--port', String(port), '--public-url', 'http://mock-altinn.test:5999'], { MOCK_ALTINN_CONTROL_TOKEN: token })
    await waitForOutput(p, (x) => x.stderr.includes('Bind to 127.0.0.1'))
    expect(p.stdout.split('\n')[0]).toBe('Mock Altinn listening on http://mock-altinn.test:5999')
    expect(p.stderr).toContain('Control token    the one given with MOCK_ALTINN_CONTROL_TOKEN (not printed)')
    expect(p.stdout + p.stderr).not.toContain(token)
    const via = fetchThrough(port)
    expect((await callAt(via, 'http://mock-altinn.test:5999/__mock/seed')).status).toBe(401)
    expect((await callAt(via, 'http://mock-altinn.test:5999/__mock/seed', 'GET', { headers: { 'x-mock-control-token': token } })).status).toBe(200)
    expect((await callAt(via, 'http://other.example:5999/healthz')).status).toBe(403)
  })

  it('honours --allowed-hosts on loopback, over MOCK_ALTINN_ALLOWED_HOSTS, and refuses other names', async () => {
    const p = await start(['--allowed-hosts', 'qa.example,.corp.example'], { MOCK_ALTINN_ALLOWED_HOSTS: 'env.example' })
    await waitForOutput(p, (x) => x.stdout.includes('  Scenarios '))
    const port = Number(new URL(p.url).port)
    expect(p.stdout).toContain('Allowed hosts    qa.example, .corp.example')
    expect(p.stderr).toBe('')
    const via = fetchThrough(port)
    expect((await callAt(via, `http://qa.example:${port}/__mock/seed`)).status).toBe(200)
    expect((await callAt(via, `http://ci.corp.example:${port}/healthz`)).status).toBe(200)
    expect((await callAt(via, `http://env.example:${port}/healthz`)).status).toBe(403)
    const refused = await callAt(via, `http://rebind.attacker.example:${port}/__mock/seed`)
    expect(refused.status).toBe(403)
    expect(refused.body.detail).toContain('--allowed-hosts')
    // On loopback the control API wants no token.
    expect((await fetch(`${p.url}/__mock/seed`)).status).toBe(200)
  })

  it.each([
    [['--allowed-hosts', 'qa.example:5101'], {}, '--allowed-hosts must list host names or IP addresses without a port'],
    [['--allowed-hosts', ' , '], {}, '--allowed-hosts must list one or more host names'],
    [[], { MOCK_ALTINN_ALLOWED_HOSTS: 'bad/host' }, 'MOCK_ALTINN_ALLOWED_HOSTS must list host names'],
    [['--control-token', 'short-secret'], {}, '--control-token must be 16 to 512 visible characters without spaces'],
    [[], { MOCK_ALTINN_CONTROL_TOKEN: 'has a space in it somewhere' }, 'MOCK_ALTINN_CONTROL_TOKEN must be 16 to 512 visible characters'],
  ] as [string[], Record<string, string>, string][])('exits 2 with one line for %j %j', async (args, env, message) => {
    const { running: p, failed } = await startMockProcess(args, env)
    p?.child.kill('SIGKILL')
    expect(p).toBeUndefined()
    expect(failed!.code).toBe(2)
    expect(failed!.stdout).toBe('')
    const lines = failed!.stderr.trimEnd().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain(message)
    expect(lines[0]).toMatch(/^altinn-systemuser-mock: .*\(see altinn-systemuser-mock --help\)$/)
    for (const secret of ['short-secret', 'has a space in it somewhere']) expect(lines[0]).not.toContain(secret)
  })
})
