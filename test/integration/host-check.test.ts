/**
 * DNS rebinding: a page on `rebind.attacker.example` whose name now resolves to 127.0.0.1 calls the mock from the
 * victim's browser, which sends `Host: rebind.attacker.example`. The HTTP server refuses such a Host before any
 * route runs (403, nothing changes) and says how to allow a name; loopback names, IP addresses, the public URL's
 * host and `allowedHosts` pass. In process (msw, fetch) there is no socket to rebind: nothing is checked there
 * (see host-derived-origin.test.ts).
 */
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMockServer, type RunningMockServer } from '../../mock-server/http/server.ts'
import { A, callAt } from '../support/api.ts'
import { fetchThrough } from '../support/host-fetch.ts'
import { aStandardRequest } from '../support/builders.ts'
import { grantAt } from '../support/grants.ts'
import { SMARTCLOUD } from '../../mock-server/seed/personas.ts'

/** Send raw bytes and read the whole answer (for HTTP/1.0 without a Host). */
function raw(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(text))
    let out = ''
    socket.on('data', (d) => (out += d.toString()))
    socket.on('end', () => resolve(out))
    socket.on('error', reject)
  })
}

describe('the Host check on a loopback bind, over http', () => {
  let server: RunningMockServer
  let via: typeof fetch
  let port: number

  beforeAll(async () => {
    server = await startMockServer({ host: '127.0.0.1', port: 0, allowedHosts: ['qa.example', '.corp.example'] })
    port = Number(new URL(server.url).port)
    via = fetchThrough(server.server)
  })
  afterAll(() => server.close())

  it('refuses Host: rebind.attacker.example on the control API with a 403 that says how to allow a name, and changes nothing', async () => {
    const before = server.mock.clock.now()
    for (const [method, path, body] of [
      ['GET', '/__mock/seed', undefined],
      ['POST', '/__mock/reset', undefined],
      ['POST', '/__mock/clock', { advance: 'P30D' }],
      ['POST', '/__mock/tokens', { orgNo: SMARTCLOUD, scope: 'altinn:authentication/systemuser.request.read' }],
    ] as const) {
      const res = await callAt(via, `http://rebind.attacker.example:${port}${path}`, method, body ? { body } : {})
      expect(res.status).toBe(403)
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/)
      expect(res.body).toMatchObject({ status: 403, title: 'Forbidden' })
      expect(res.body.detail).toContain(`"rebind.attacker.example:${port}" is not allowed`)
      expect(res.body.detail).toContain('--allowed-hosts')
      expect(res.body.detail).toContain('MOCK_ALTINN_ALLOWED_HOSTS')
      expect(res.text).not.toContain('access_token')
    }
    expect(server.mock.clock.now() - before).toBeLessThan(60_000)
    expect(server.harness.journal.entries()).toEqual([])
  })

  it('refuses it on a vendor route too, before the token or the body is looked at: nothing is created', async () => {
    const token = await grantAt(via, server.mock, `${server.url}/maskinporten/`)
    const res = await callAt(via, `http://rebind.attacker.example:${port}${A}/systemuser/request/vendor`, 'POST', { token, body: aStandardRequest() })
    expect(res.status).toBe(403)
    expect(res.body.detail).toContain('DNS rebinding')
    expect(server.mock.store.requests.size).toBe(0)
    const metadata = await callAt(via, `http://rebind.attacker.example/maskinporten/.well-known/oauth-authorization-server`)
    expect(metadata.status).toBe(403)
    // The same call under the mock's own name goes through.
    expect((await callAt(via, `${server.url}${A}/systemuser/request/vendor`, 'POST', { token, body: aStandardRequest() })).status).toBe(201)
    server.mock.reset()
  })

  it('lets loopback names, IP addresses and the public URL host in, with any port', async () => {
    for (const host of ['localhost', `localhost:${port}`, 'LOCALHOST:1', 'app.localhost', `127.0.0.1:${port}`, '127.0.0.1', `[::1]:${port}`, `10.1.2.3:${port}`]) {
      const res = await callAt(via, `http://${host}/__mock/seed`)
      expect(res.status, host).toBe(200)
    }
  })

  it('lets the allowedHosts in: a name, and a .name with every name under it', async () => {
    for (const host of [`qa.example:${port}`, 'QA.example', 'corp.example', 'build-7.ci.corp.example:8080']) {
      expect((await callAt(via, `http://${host}/__mock/seed`)).status, host).toBe(200)
    }
    for (const host of ['qa.example.evil.example', 'evilcorp.example', 'x.qa.example']) {
      expect((await callAt(via, `http://${host}/__mock/seed`)).status, host).toBe(403)
    }
  })

  it('answers those Hosts on the public URL all the same (it is fixed: 127.0.0.1 here)', async () => {
    const res = await callAt(via, `http://qa.example:${port}/maskinporten/.well-known/oauth-authorization-server`)
    expect(res.body.issuer).toBe(`${server.url}/maskinporten/`)
  })

  it('takes an HTTP/1.0 call without a Host for a local one when it came in on a loopback address', async () => {
    const answer = await raw(port, 'GET /__mock/seed HTTP/1.0\r\n\r\n')
    expect(answer).toMatch(/^HTTP\/1\.1 200 /)
    const refused = await raw(port, 'GET /healthz HTTP/1.0\r\nHost: rebind.attacker.example\r\n\r\n')
    expect(refused).toMatch(/^HTTP\/1\.1 403 /)
  })
})

describe('the Host check with a public URL, over http', () => {
  let server: RunningMockServer
  let via: typeof fetch

  beforeAll(async () => {
    server = await startMockServer({ host: '127.0.0.1', port: 0, publicUrl: 'http://mock-altinn.test:5999' })
    via = fetchThrough(server.server)
  })
  afterAll(() => server.close())

  it("lets the public URL's host in with any port, and refuses other names", async () => {
    expect((await callAt(via, 'http://mock-altinn.test:5999/healthz')).status).toBe(200)
    expect((await callAt(via, 'http://mock-altinn.test/healthz')).status).toBe(200)
    const refused = await callAt(via, 'http://mock-altinn.evil.example:5999/healthz')
    expect(refused.status).toBe(403)
    expect(refused.body.detail).toContain('(mock-altinn.test)')
  })
})
