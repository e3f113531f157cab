/**
 * Replay of grant assertions: an assertion is used once, however its signature is spelled or re-signed, after a
 * restart on the state file, and after the mock's clock is moved forward and back.
 */
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { exportJWK } from 'jose'
import { afterAll, describe, expect, it } from 'vitest'
import type { MockAltinn } from '../../mock-server/core/mock-altinn.ts'
import { getHarness } from '../../mock-server/harness/harness.ts'
import { openStateFile } from '../../mock-server/harness/persistence.ts'
import { createMockFetch } from '../../mock-server/fetch.ts'
import { startMockServer } from '../../mock-server/http/server.ts'
import { startInProcessMock } from '../../mock-server/msw.ts'
import { call } from '../support/api.ts'
import { anAssertion, postGrant, seededClient } from '../support/grants.ts'
import { transports, useMock, type Transport } from '../support/transports.ts'
import { SMARTCLOUD, STANDARD_CLIENT_ID } from '../../mock-server/seed/personas.ts'
import { type SigningClient } from '../support/client-assertion.ts'

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
/** The order of the P-256 group: `s` and `n - s` both verify. */
const P256_N = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551')

function withSignature(assertion: string, signature: string): string {
  const [h, p] = assertion.split('.')
  return `${h}.${p}.${signature}`
}

/** Other spellings of the same signature bytes: the unused low bits of the last character, and `=` padding. */
function respellings(assertion: string): string[] {
  const sig = assertion.split('.')[2]!
  const unusedBits = (sig.length * 6) % 8 // bits the last character carries beyond the bytes
  const last = B64URL.indexOf(sig.at(-1)!)
  const spellings: string[] = []
  for (let bit = 0; bit < unusedBits; bit++) spellings.push(sig.slice(0, -1) + B64URL[last ^ (1 << bit)])
  const padding = '='.repeat((4 - (sig.length % 4)) % 4)
  spellings.push(sig + padding, `${sig}=`)
  return [...new Set(spellings)].filter((s) => s !== sig).map((s) => withSignature(assertion, s))
}

/** The other valid ECDSA signature of the same content: (r, n - s). */
function malleated(assertion: string): string {
  const sig = Buffer.from(assertion.split('.')[2]!, 'base64url')
  const s = BigInt(`0x${sig.subarray(32).toString('hex')}`)
  const other = Buffer.concat([sig.subarray(0, 32), Buffer.from((P256_N - s).toString(16).padStart(64, '0'), 'hex')])
  return withSignature(assertion, other.toString('base64url'))
}

async function expectRefused(mock: MockAltinn, assertion: string, why: string) {
  const res = await postGrant(mock, assertion)
  expect(res.status, `${why}: ${res.text}`).toBe(400)
  expect(res.body.error, why).toBe('invalid_grant')
  expect(res.body.access_token, why).toBeUndefined()
}

describe.each(transports)('replayed grant assertions over %s', (transport) => {
  const t = useMock(transport)

  it('refuses an assertion without jti whose signature is respelled (low bits of its last character, = padding)', async () => {
    // Without a jti, an assertion is told apart by its content: each test signs its own.
    const assertion = await anAssertion(t.mock, seededClient(t.mock, STANDARD_CLIENT_ID), { jti: null, claims: { test: 'respelled' } })
    expect((await postGrant(t.mock, assertion)).status).toBe(200)

    const variants = respellings(assertion)

    expect(variants.length).toBeGreaterThanOrEqual(4)
    for (const variant of variants) await expectRefused(t.mock, variant, `respelled ${variant.slice(-6)}`)
  })

  it('refuses the second valid ECDSA signature (s and n - s) of an assertion already used', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const clientId = `replay-ec-${transport}`
    const registered = await call(t.baseUrl, 'POST', '/__mock/maskinporten/clients', {
      body: { clientId, orgNo: SMARTCLOUD, jwks: { keys: [{ ...(await exportJWK(publicKey)), kid: 'ec-1', alg: 'ES256' }] } },
    })
    expect(registered.status, registered.text).toBe(201)
    const client: SigningClient = { clientId, kid: 'ec-1', alg: 'ES256', privateKey }
    const assertion = await anAssertion(t.mock, client, { jti: null })
    expect((await postGrant(t.mock, assertion)).status).toBe(200)

    await expectRefused(t.mock, malleated(assertion), 'the same content signed as (r, n - s)')
  })

  it('refuses a used assertion after the clock is moved forward, a grant is made there, and the clock is moved back', async () => {
    const assertion = await anAssertion(t.mock, seededClient(t.mock, STANDARD_CLIENT_ID), { jti: null, claims: { test: 'clock' } })
    expect((await postGrant(t.mock, assertion)).status).toBe(200)

    expect((await call(t.baseUrl, 'POST', '/__mock/clock', { body: { advance: 'P1D' } })).status).toBe(200)
    // A grant a day later, when the first assertion has long expired by the mock's clock.
    expect((await postGrant(t.mock, await anAssertion(t.mock, seededClient(t.mock, STANDARD_CLIENT_ID)))).status).toBe(200)
    expect((await call(t.baseUrl, 'POST', '/__mock/clock', { body: { reset: true } })).status).toBe(200)

    await expectRefused(t.mock, assertion, 'used before the clock moved')
  })
})

describe.each(transports)('used assertions across a restart on the state file over %s', (transport: Transport) => {
  const dir = mkdtempSync(join(tmpdir(), 'mock-altinn-replay-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  /** A mock over the transport on the state file, at a fixed origin so assertions stay addressed to it. */
  async function startOnFile(path: string, port = 0): Promise<{ mock: MockAltinn; port: number; close(): Promise<void> }> {
    if (transport === 'http') {
      const running = await startMockServer({ port, stateFile: path })
      // A connection kept alive to the server before the restart is closed now; let fetch find that out on a read.
      for (let i = 0; i < 3 && (await fetch(`${running.url}/healthz`).then((r) => r.status, () => 0)) !== 200; i++);
      return { mock: running.mock, port: Number(new URL(running.url).port), close: () => running.close() }
    }
    if (transport === 'fetch') {
      const inProcess = createMockFetch()
      const file = openStateFile(inProcess.mock, path)
      getHarness(inProcess.mock).stateFile = file
      const globalFetch = globalThis.fetch
      globalThis.fetch = inProcess.fetch
      return {
        mock: inProcess.mock,
        port: 0,
        close: async () => {
          globalThis.fetch = globalFetch
          file.close()
        },
      }
    }
    const running = startInProcessMock({ origin: 'http://mock-altinn-replay.local' })
    const file = openStateFile(running.mock, path)
    getHarness(running.mock).stateFile = file
    return {
      mock: running.mock,
      port: 0,
      close: async () => {
        running.close()
        file.close()
      },
    }
  }

  it('refuses an assertion used before the restart, and still grants a new one', async () => {
    const path = join(dir, 'state')
    const first = await startOnFile(path)
    const withJti = await anAssertion(first.mock, seededClient(first.mock, STANDARD_CLIENT_ID))
    const withoutJti = await anAssertion(first.mock, seededClient(first.mock, STANDARD_CLIENT_ID), { jti: null })
    expect((await postGrant(first.mock, withJti)).status).toBe(200)
    expect((await postGrant(first.mock, withoutJti)).status).toBe(200)
    await first.close()

    const second = await startOnFile(path, first.port)
    try {
      expect(second.mock.config.maskinportenIssuer).toBe(first.mock.config.maskinportenIssuer)
      await expectRefused(second.mock, withJti, 'with a jti, used before the restart')
      await expectRefused(second.mock, withoutJti, 'without a jti, used before the restart')
      expect((await postGrant(second.mock, await anAssertion(second.mock, seededClient(second.mock, STANDARD_CLIENT_ID)))).status).toBe(200)
    } finally {
      await second.close()
    }
  })
})
