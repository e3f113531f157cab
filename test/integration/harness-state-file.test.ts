import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readStateFile } from '../../mock-server/harness/persistence.ts'
import { A, vendorToken } from '../support/api.ts'
import { startMockProcess, type MockProcess } from '../support/mock-process.ts'
import { aStandardRequest } from '../support/builders.ts'

const dir = mkdtempSync(join(tmpdir(), 'mock-altinn-kill-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const ROUNDS = 3
const WRITERS = 4

/**
 * Create requests from several writers until the process dies. `firstAcknowledged` resolves at the first 201;
 * `done` resolves with every id that was acknowledged.
 */
function createUntilKilled(running: MockProcess, round: number): { firstAcknowledged: Promise<void>; done: Promise<string[]> } {
  let signalFirst!: () => void
  const firstAcknowledged = new Promise<void>((resolve) => (signalFirst = resolve))
  return { firstAcknowledged, done: write(running, round, signalFirst) }
}

async function write(running: MockProcess, round: number, onFirst: () => void): Promise<string[]> {
  const token = await vendorToken(running.url)
  const acknowledged: string[] = []
  let alive = true
  void running.exited.then(() => (alive = false))
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, writer) => {
      for (let i = 0; alive; i++) {
        try {
          const res = await fetch(`${running.url}${A}/systemuser/request/vendor`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify(aStandardRequest({ externalRef: `round-${round}-writer-${writer}-${i}` })),
          })
          const body = (await res.json()) as { id: string }
          if (res.status === 201) {
            acknowledged.push(body.id)
            onFirst()
          } else throw new Error(`unexpected ${res.status}`)
        } catch (e) {
          if (alive && !(e instanceof TypeError)) throw e // a call cut off by the kill fails in transit
        }
      }
    }),
  )
  return acknowledged
}

describe('the state file under kill -9', () => {
  it('never loses an acknowledged request and always loads again, while requests are created and the server is killed in a loop', async () => {
    const path = join(dir, 'state')
    const everAcknowledged: string[] = []
    for (let round = 0; round < ROUNDS; round++) {
      // No byte threshold: the log is compacted whenever it outgrows twice the snapshot, so kills land in compactions too.
      const { running, failed } = await startMockProcess(['--state-file', path], { MOCK_ALTINN_STATE_COMPACT_BYTES: '1' })
      expect(failed?.stderr ?? '').toBe('')
      const state = (await (await fetch(`${running!.url}/__mock/state`)).json()) as { requests: { id: string }[] }
      const ids = new Set(state.requests.map((r) => r.id))
      expect(everAcknowledged.filter((id) => !ids.has(id))).toEqual([])

      const writing = createUntilKilled(running!, round)
      await Promise.race([writing.firstAcknowledged, writing.done])
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.floor(Math.random() * 250)))
      running!.child.kill('SIGKILL')
      expect((await running!.exited).signal).toBe('SIGKILL')
      const acknowledged = await writing.done
      expect(acknowledged.length).toBeGreaterThan(0)
      everAcknowledged.push(...acknowledged)

      // Whatever the kill interrupted, the file reads: every acknowledged request is in it.
      const saved = readStateFile(path)!.store.requests
      expect(everAcknowledged.filter((id) => !saved.has(id))).toEqual([])
    }
  })
})
