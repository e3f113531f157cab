import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startMockProcess } from '../support/mock-process.ts'
import { SMARTCLOUD } from '../../mock-server/seed/personas.ts'

const dir = mkdtempSync(join(tmpdir(), 'mock-altinn-seed-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const defaultSeed = JSON.parse(readFileSync(new URL('../../mock-server/seed/default-seed.json', import.meta.url), 'utf8'))

function aSeedFile(name: string, content: unknown): string {
  const path = join(dir, name)
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content))
  return path
}

describe('starting with a seed file', () => {
  it('stops the start with a message naming each field of the wrong shape', async () => {
    const bad = structuredClone(defaultSeed)
    bad.organisations[0].orgNo = '123456789'
    bad.persons[1].pid = '01010112345'
    bad.systems[0].isVisible = 'yes'

    const { running, failed } = await startMockProcess(['--seed', aSeedFile('bad-shape.json', bad)])

    running?.child.kill('SIGKILL')
    expect(running).toBeUndefined()
    expect(failed!.code).toBe(1)
    expect(failed!.stdout).not.toContain('listening')
    expect(failed!.stderr).toContain(`The seed file ${join(dir, 'bad-shape.json')} is not valid:`)
    expect(failed!.stderr).toContain('organisations.0.orgNo: must be a nine-digit organisation number')
    expect(failed!.stderr).toContain('persons.1.pid: must be a synthetic (Tenor) person number')
    expect(failed!.stderr).toContain('systems.0.isVisible:')
  })

  it('stops the start with a message naming each reference to something the seed does not have', async () => {
    const bad = structuredClone(defaultSeed)
    bad.persons[0].relations[0].orgNo = '310055433'
    bad.clientRelations[0].roles = ['NOPE']
    bad.maskinportenClients.push({ clientId: 'no-key', orgNo: SMARTCLOUD, kid: 'k' })

    const { running, failed } = await startMockProcess(['--seed', aSeedFile('bad-refs.json', bad)])

    running?.child.kill('SIGKILL')
    expect(failed!.code).toBe(1)
    expect(failed!.stderr).toContain('persons.0.relations.0.orgNo: no organisation 310055433 in the seed')
    expect(failed!.stderr).toContain('clientRelations.0.roles.0: no role NOPE in the seed')
    expect(failed!.stderr).toMatch(/maskinportenClients\.\d+: give privateJwk or jwks/)
  })

  it('stops the start when MOCK_ALTINN_SEED names a file that is not JSON', async () => {
    const { running, failed } = await startMockProcess([], { MOCK_ALTINN_SEED: aSeedFile('broken.json', '{"organisations": [') })

    running?.child.kill('SIGKILL')
    expect(failed!.code).toBe(1)
    expect(failed!.stderr).toContain('not JSON')
  })

  it('serves a valid seed file, and GET /__mock/seed shows it', async () => {
    const own = structuredClone(defaultSeed)
    own.organisations.push({ orgNo: '310055433', name: 'EGEN KUNDE AS' })

    const { running } = await startMockProcess(['--seed', aSeedFile('own.json', own)])
    try {
      expect(running).toBeDefined()
      const seed = await (await fetch(`${running!.url}/__mock/seed`)).json()
      expect(seed.organisations).toContainEqual({ orgNo: '310055433', name: 'EGEN KUNDE AS', partyUuid: expect.stringMatching(/^[0-9a-f-]{36}$/) })
      expect(running!.stdout).toContain(`Seed             ${join(dir, 'own.json')}`)
    } finally {
      running?.child.kill('SIGTERM')
      await running?.exited
    }
  })
})
