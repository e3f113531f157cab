/**
 * `--signing-keys FILE`: a shared instance signs with keys of its own, made on the first start and kept in the
 * file, so the default seed's published test keys forge nothing there.
 */
import { createPrivateKey } from 'node:crypto'
import { lstatSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SignJWT } from 'jose'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { loadDefaultSeed } from '../../mock-server/seed/index.ts'
import { loadOrCreateSigningKeys, SigningKeysError } from '../../mock-server/seed/signing-keys.ts'
import { Scopes } from '../../sdk/contract/index.ts'
import { startMockProcess, type MockProcess } from '../support/mock-process.ts'
import { SMARTCLOUD, STANDARD_SYSTEM } from '../../mock-server/seed/personas.ts'

const dir = mkdtempSync(join(tmpdir(), 'mock-signing-keys-'))
const running: MockProcess[] = []

afterEach(async () => {
  for (const p of running.splice(0)) {
    p.child.kill('SIGTERM')
    await p.exited
  }
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function start(args: string[]): Promise<MockProcess> {
  const { running: p, failed } = await startMockProcess(args)
  if (!p) throw new Error(`the mock did not start: ${failed?.stderr}`)
  running.push(p)
  return p
}

/** Wait until the process has printed its whole banner (the first line resolves the start). */
async function banner(p: MockProcess): Promise<string> {
  for (let i = 0; i < 500 && !p.stdout.includes('  Scenarios '); i++) await new Promise((r) => setTimeout(r, 20))
  return p.stdout
}

async function kidsOf(url: string): Promise<string[]> {
  const jwks = (await (await fetch(`${url}/maskinporten/jwk`)).json()) as { keys: { kid: string }[] }
  return jwks.keys.map((k) => k.kid)
}

/** A vendor token for SmartCloud signed with the default seed's Maskinporten key, as anyone with the project could. */
async function forgedToken(issuer: string): Promise<string> {
  const jwk = loadDefaultSeed().keys.maskinporten as JsonWebKey & { kid: string }
  return new SignJWT({ scope: Scopes.requestRead, consumer: { authority: 'iso6523-actorid-upis', ID: `0192:${SMARTCLOUD}` }, client_id: 'forged' })
    .setProtectedHeader({ alg: 'RS256', kid: jwk.kid })
    .setIssuer(issuer)
    .setIssuedAt()
    .setExpirationTime('2m')
    .sign(createPrivateKey({ key: jwk as unknown as import('node:crypto').JsonWebKey, format: 'jwk' }))
}

describe('--signing-keys', () => {
  it('makes keys on the first start, keeps them in the file (0600), and signs with them from then on', async () => {
    const file = join(dir, 'first.keys.json')
    const first = await start(['--signing-keys', file])
    expect(lstatSync(file).mode & 0o777).toBe(0o600)
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { kid: string; d: string }>
    expect(Object.keys(saved).sort()).toEqual(['altinn', 'idporten', 'maskinporten'])
    const defaultKid = (loadDefaultSeed().keys.maskinporten as { kid: string }).kid
    expect(await kidsOf(first.url)).toEqual([saved.maskinporten!.kid])
    expect(saved.maskinporten!.kid).not.toBe(defaultKid)
    expect(await banner(first)).toContain(`Signing keys     ${file} (made now; keep the file with the state)`)

    // A token the mock minted verifies; after a restart on the same file it still does.
    const minted = await fetch(`${first.url}/__mock/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ orgNo: SMARTCLOUD, scope: Scopes.requestRead }) })
    const { access_token: token } = (await minted.json()) as { access_token: string }
    first.child.kill('SIGTERM')
    await first.exited
    running.splice(0)
    const second = await start(['--port', new URL(first.url).port, '--signing-keys', file])
    expect(await banner(second)).toContain(`Signing keys     ${file} (this instance's own)`)
    expect(await kidsOf(second.url)).toEqual([saved.maskinporten!.kid])
    const read = await fetch(`${second.url}/authentication/api/v1/systemuser/request/vendor/bysystem/${STANDARD_SYSTEM}`, { headers: { authorization: `Bearer ${token}` } })
    expect(read.status).toBe(200)
  })

  it('refuses a token signed with the default seed\'s published key, which a mock without the option accepts', async () => {
    const own = await start(['--signing-keys', join(dir, 'forge.keys.json')])
    const plain = await start([])
    const path = `/authentication/api/v1/systemuser/request/vendor/bysystem/${STANDARD_SYSTEM}`
    const onOwn = await fetch(`${own.url}${path}`, { headers: { authorization: `Bearer ${await forgedToken(`${own.url}/maskinporten/`)}` } })
    expect(onOwn.status).toBe(401)
    const onPlain = await fetch(`${plain.url}${path}`, { headers: { authorization: `Bearer ${await forgedToken(`${plain.url}/maskinporten/`)}` } })
    expect(onPlain.status).toBe(200)
  })

  it('names the option in the warning of a non-loopback start without it', async () => {
    const p = await start(['--host', '0.0.0.0'])
    for (let i = 0; i < 500 && !p.stderr.includes('--signing-keys'); i++) await new Promise((r) => setTimeout(r, 20))
    expect(p.stderr).toContain("Tokens are signed with the default seed's published test keys")
    expect(p.stderr).toContain('--signing-keys FILE')
  })

  it('stops the start with the file and what to do when the file is not usable', async () => {
    const notJson = join(dir, 'broken.keys.json')
    writeFileSync(notJson, '{"maskinporten":')
    const broken = await startMockProcess(['--signing-keys', notJson])
    expect(broken.failed?.code).toBe(1)
    expect(broken.failed?.stderr).toContain(`Mock Altinn cannot start: The signing keys in ${notJson} are not JSON`)
    expect(broken.failed?.stderr).toContain('Move the file away and start again to make new keys.')

    const wrongShape = join(dir, 'shape.keys.json')
    writeFileSync(wrongShape, JSON.stringify({ maskinporten: { kty: 'EC' } }))
    expect(() => loadOrCreateSigningKeys(wrongShape)).toThrow(SigningKeysError)

    const link = join(dir, 'link.keys.json')
    symlinkSync(join(dir, 'first.keys.json'), link)
    expect(() => loadOrCreateSigningKeys(link)).toThrow(/not a regular file/)
  })
})
