import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createClock, type ControllableClock } from '../../../mock-server/core/clock.ts'
import { readStateFile, StateFileError, type StateFile } from '../../../mock-server/harness/persistence.ts'
import { CLIENTS, CUSTOMER, DRESS_MINST, STADIG_KONSERT, STANDARD_SYSTEM } from '../../../mock-server/seed/personas.ts'
import { A } from '../../support/api.ts'
import { anAgentRequest, aStandardRequest } from '../../support/builders.ts'
import { useStateFiles } from '../../support/harnessed-mock.ts'

const REQUESTS = `${A}/systemuser/request/vendor`
const NEW_ORG = '314239458'

const files = useStateFiles()

function restart(h: { file: StateFile }, path: string, options: { clock?: ControllableClock } = {}) {
  files.close(h)
  return files.open(path, options)
}

function lineCount(path: string): number {
  return readFileSync(path, 'utf8').split('\n').filter(Boolean).length
}

describe('the state file', () => {
  it('keeps requests, system users, client delegations and the sequence across a restart, with working indexes', async () => {
    const path = join(files.dir, 'state')
    const h = files.open(path)
    const token = await h.tokenFor()
    const standard = (await h.send('POST', REQUESTS, { token, json: aStandardRequest() })).json
    const agent = (await h.send('POST', `${REQUESTS}/agent`, { token, json: anAgentRequest() })).json
    expect((await h.send('POST', `/__mock/requests/${standard.id}/approve`, { json: { pid: STADIG_KONSERT } })).status).toBe(200)
    expect((await h.send('POST', `/__mock/requests/${agent.id}/approve`, { json: { pid: DRESS_MINST } })).status).toBe(200)
    expect((await h.send('POST', `/__mock/systemusers/${agent.id}/clients`, { json: { orgNo: CLIENTS[0], pid: DRESS_MINST } })).status).toBe(200)

    const after = restart(h, path)
    const token2 = await after.tokenFor()

    expect((await after.send('GET', `${REQUESTS}/${standard.id}`, { token: token2 })).json).toMatchObject({ id: standard.id, status: 'Accepted' })
    expect((await after.send('GET', `${REQUESTS}/byexternalref/${STANDARD_SYSTEM}/${CUSTOMER}/${CUSTOMER}`, { token: token2 })).json.id).toBe(standard.id)
    const users = await after.send('GET', `${A}/systemuser/vendor/bysystem/${STANDARD_SYSTEM}`, { token: token2 })
    expect(users.json.data.map((u: { id: string }) => u.id)).toEqual([standard.id])
    expect((await after.send('POST', REQUESTS, { token: token2, json: aStandardRequest() })).json.code).toBe('AUTH-00004')
    expect([...after.mock.store.clientDelegations.get(agent.id)!.keys()]).toEqual([CLIENTS[0]])
    expect(after.mock.store.snapshot().nextSequenceNo).toBe(h.mock.store.snapshot().nextSequenceNo)
  })

  it('has each answered change on disk before the answer, one line per change', async () => {
    const path = join(files.dir, 'state')
    const h = files.open(path)
    const token = await h.tokenFor()
    const ids: string[] = []
    for (const ref of ['a', 'b', 'c']) {
      const res = await h.send('POST', REQUESTS, { token, json: aStandardRequest({ externalRef: ref }) })
      ids.push(res.json.id)
      expect([...readStateFile(path)!.store.requests.keys()]).toEqual(ids)
    }
    expect(lineCount(path)).toBe(4)
  })

  it('writes nothing for reads', async () => {
    const path = join(files.dir, 'state')
    const h = files.open(path)
    const token = await h.tokenFor()
    const { json } = await h.send('POST', REQUESTS, { token, json: aStandardRequest() })
    const size = statSync(path).size

    for (let i = 0; i < 20; i++) await h.send('GET', `${REQUESTS}/${json.id}`, { token })
    await h.send('GET', '/__mock/state')

    expect(statSync(path).size).toBe(size)
  })

  it('ignores a last line a crash cut short', async () => {
    const path = join(files.dir, 'state')
    const h = files.open(path)
    const { json } = await h.send('POST', REQUESTS, { token: await h.tokenFor(), json: aStandardRequest() })
    files.close(h)
    appendFileSync(path, '{"kind":"change","set":{"requests":[["0b9e2f50-0000-40')

    const after = files.open(path)

    expect([...after.mock.store.requests.keys()]).toEqual([json.id])
    expect(lineCount(path)).toBe(1)
  })

  it('reads the old file when a crash during compaction left a partial temporary file beside it', async () => {
    const path = join(files.dir, 'state')
    const h = files.open(path)
    const { json } = await h.send('POST', REQUESTS, { token: await h.tokenFor(), json: aStandardRequest() })
    files.close(h)
    writeFileSync(`${path}.tmp`, '{"kind":"snapshot","version":1,"collections":{"requ')

    const after = files.open(path)

    expect([...after.mock.store.requests.keys()]).toEqual([json.id])
  })

  it('refuses to start over a file damaged before its last line, naming the line', async () => {
    const path = join(files.dir, 'state')
    const h = files.open(path)
    const token = await h.tokenFor()
    await h.send('POST', REQUESTS, { token, json: aStandardRequest({ externalRef: 'a' }) })
    await h.send('POST', REQUESTS, { token, json: aStandardRequest({ externalRef: 'b' }) })
    files.close(h)
    const lines = readFileSync(path, 'utf8').split('\n')
    lines[1] = lines[1]!.slice(0, 20)
    writeFileSync(path, lines.join('\n'))

    expect(() => files.open(path)).toThrow(StateFileError)
    expect(() => files.open(path)).toThrow(/damaged at line 2 of 3/)
  })

  it('refuses a file that is not a state file, or of another format version', () => {
    const path = join(files.dir, 'state')
    writeFileSync(path, '{"organisations": []}\n')
    expect(() => files.open(path)).toThrow(/first line is not a snapshot/)
    writeFileSync(path, '{"kind":"snapshot","version":99}\n')
    expect(() => files.open(path)).toThrow(/format version 99/)
  })

  it('starts from the seed on an empty file', () => {
    const path = join(files.dir, 'state')
    writeFileSync(path, '')

    const h = files.open(path)

    expect(h.mock.store.systems.has(STANDARD_SYSTEM)).toBe(true)
    expect(lineCount(path)).toBe(1)
  })

  it('saves a reset as a fresh snapshot', async () => {
    const path = join(files.dir, 'state')
    const h = files.open(path)
    await h.send('POST', REQUESTS, { token: await h.tokenFor(), json: aStandardRequest() })
    expect((await h.send('POST', '/__mock/reset')).status).toBe(204)

    expect(lineCount(path)).toBe(1)
    const after = restart(h, path)
    expect(after.mock.store.requests.size).toBe(0)
  })

  it('keeps seed additions across a restart and a reset after it', async () => {
    const path = join(files.dir, 'state')
    const h = files.open(path)
    const added = await h.send('POST', '/__mock/seed', { json: { organisations: [{ orgNo: NEW_ORG, name: 'NY KUNDE AS' }] } })
    expect(added.status).toBe(200)

    const after = restart(h, path)
    expect(after.mock.store.organisations.get(NEW_ORG)?.name).toBe('NY KUNDE AS')
    await after.send('POST', '/__mock/reset')
    expect(after.mock.store.organisations.has(NEW_ORG)).toBe(true)
    expect(after.mock.seed.organisations.map((o) => o.orgNo)).toContain(NEW_ORG)
  })

  it('keeps the clock where the control API moved it', async () => {
    const path = join(files.dir, 'state')
    const h = files.open(path, { clock: createClock() })
    await h.send('POST', '/__mock/clock', { json: { advance: 'P181D' } })

    const after = restart(h, path, { clock: createClock() })

    expect(after.mock.clock.shifted).toBe(true)
    expect(after.mock.clock.now() - Date.now()).toBeGreaterThan(180 * 24 * 3600_000)
    await after.send('POST', '/__mock/clock', { json: { reset: true } })
    expect(restart(after, path, { clock: createClock() }).mock.clock.shifted).toBe(false)
  })

  it('compacts the log into one snapshot once it outgrows it, and reads the same state back', async () => {
    const path = join(files.dir, 'state')
    const h = files.open(path, { compactAfterBytes: 1 })
    const token = await h.tokenFor()
    // Each change line holds only the rows written (about 500 bytes a request); the snapshot about 20 kB.
    for (let i = 0; i < 100; i++) await h.send('POST', REQUESTS, { token, json: aStandardRequest({ externalRef: `ref-${i}` }) })

    expect(h.file.stats().compactions).toBeGreaterThan(1)
    expect(readStateFile(path)!.store.requests.size).toBe(100)
    expect([...restart(h, path).mock.store.requests.keys()]).toEqual([...h.mock.store.requests.keys()])
  })

  it('saves a write made from code, outside any call, at once', () => {
    const path = join(files.dir, 'state')
    const h = files.open(path)
    h.mock.store.write((tx) => tx.put('organisations', { ...h.mock.store.organisations.get(CUSTOMER)!, name: 'NYTT NAVN AS' }))

    expect(readStateFile(path)!.store.organisations.get(CUSTOMER)!.name).toBe('NYTT NAVN AS')
  })

  it('refuses a file another live process holds', () => {
    const path = join(files.dir, 'state')
    writeFileSync(`${path}.lock`, String(process.ppid))

    expect(() => files.open(path)).toThrow(/in use by another process \(pid \d+\)/)
  })

  it('takes over the lock of a process that is gone', () => {
    const path = join(files.dir, 'state')
    writeFileSync(`${path}.lock`, '999999999')

    expect(files.open(path).mock.store.systems.size).toBeGreaterThan(0)
    expect(readFileSync(`${path}.lock`, 'utf8')).toBe(String(process.pid))
  })
})
