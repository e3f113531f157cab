/**
 * The state file under damage: cut at any offset of its last lines, bytes flipped, records of the wrong shape,
 * links and FIFOs in its place. Every start either refuses with a clear message, or recovers with every
 * acknowledged change and the damaged part kept aside.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { encodeStateLine, readStateFile, StateFileError, type StateFile } from '../../../mock-server/harness/persistence.ts'
import { CUSTOMER } from '../../../mock-server/seed/personas.ts'
import { A } from '../../support/api.ts'
import { aStandardRequest } from '../../support/builders.ts'
import { useStateFiles } from '../../support/harnessed-mock.ts'

const REQUESTS = `${A}/systemuser/request/vendor`

const files = useStateFiles()
const start = (path: string) => files.open(path)
const stop = (h: { file: StateFile }) => files.close(h)

afterEach(() => {
  vi.restoreAllMocks()
})

/** A state file of a snapshot and one line per created request; the request ids in line order. */
async function aFileWithRequests(path: string, count: number): Promise<string[]> {
  const h = start(path)
  const token = await h.tokenFor()
  const ids: string[] = []
  for (let i = 0; i < count; i++) ids.push((await h.send('POST', REQUESTS, { token, json: aStandardRequest({ externalRef: `ref-${i}` }) })).json.id)
  stop(h)
  return ids
}

/** Byte offsets where each line starts, and the end. */
function lineStarts(content: Buffer): number[] {
  const starts = [0]
  for (let i = 0; i < content.length; i++) if (content[i] === 0x0a) starts.push(i + 1)
  return starts
}

function damagedCopies(): string[] {
  return readdirSync(files.dir).filter((f) => f.includes('.damaged-'))
}

describe('the state file under damage', () => {
  it('refuses to start over a cut snapshot (the only line after a start), and leaves the file as it was', async () => {
    const path = join(files.dir, 'state')
    await aFileWithRequests(path, 2)
    stop(start(path)) // a start compacts the log: the snapshot is now the only line
    truncateSync(path, readFileSync(path).length - 20)
    const before = readFileSync(path)

    let error: unknown
    try {
      start(path)
    } catch (e) {
      error = e
    }

    expect(error).toBeInstanceOf(StateFileError)
    expect((error as Error).message).toContain(path)
    expect((error as Error).message).toMatch(/damaged at line 1 of 1: the snapshot is cut short/)
    expect((error as Error).message).toMatch(/restore the file from a copy, or move it away to start from the seed/)
    expect(readFileSync(path).equals(before)).toBe(true)
  })

  it('keeps a cut last change line aside, says so on stderr, and starts with every change before it', async () => {
    const path = join(files.dir, 'state')
    const ids = await aFileWithRequests(path, 3)
    truncateSync(path, readFileSync(path).length - 20)
    const damaged = readFileSync(path)
    const stderr = vi.spyOn(console, 'error').mockImplementation(() => {})

    const h = start(path)

    expect([...h.mock.store.requests.keys()]).toEqual(ids.slice(0, 2))
    expect(h.file.recovery).toMatchObject({ line: 4, recordKept: false })
    expect(readFileSync(h.file.recovery!.copy).equals(damaged)).toBe(true)
    expect(damagedCopies()).toHaveLength(1)
    expect(stderr).toHaveBeenCalledWith(expect.stringMatching(/ended in a line cut short \(line 4, \d+ bytes\).*kept in .*\.damaged-/))
    stop(h)
    expect(start(path).file.recovery).toBeUndefined()
  })

  it('either refuses or recovers everything acknowledged, with the damaged part kept, wherever its last lines are cut or a byte flips', async () => {
    const path = join(files.dir, 'state')
    const ids = await aFileWithRequests(path, 3)
    const original = readFileSync(path)
    const starts = lineStarts(original) // [0, line 2, line 3, line 4, end]
    const lastLines = starts.length - 1 // 4: the snapshot and three changes
    vi.spyOn(console, 'error').mockImplementation(() => {})
    let refused = 0
    let recovered = 0

    const outcome = (damaged: Buffer, intactChanges: number, expected: { ids: string[]; kept: boolean }) => {
      writeFileSync(path, damaged)
      for (const f of damagedCopies()) rmSync(join(files.dir, f))
      let h: ReturnType<typeof start>
      try {
        h = start(path)
      } catch (e) {
        expect(e).toBeInstanceOf(StateFileError)
        expect((e as Error).message).toContain(path)
        expect((e as Error).message).toMatch(/line \d+ of \d+/)
        expect((e as Error).message).toMatch(/move it away|restore/)
        expect(readFileSync(path).equals(damaged), 'a refused start leaves the file as it was').toBe(true)
        refused++
        return
      }
      recovered++
      const loaded = [...h.mock.store.requests.keys()]
      expect(loaded.slice(0, intactChanges), 'every change on an intact line').toEqual(ids.slice(0, intactChanges))
      expect(loaded).toEqual(expected.ids)
      if (h.file.recovery) expect(readFileSync(h.file.recovery.copy).equals(damaged), 'the damaged file kept aside').toBe(true)
      else expect(expected.kept, 'nothing dropped without a copy kept').toBe(true)
      stop(h)
      expect(readStateFile(path)!.store.requests.size, 'the recovered file reads cleanly').toBe(loaded.length)
    }

    // Cuts at offsets of the last three lines (every 89th byte, and each line's first and last bytes).
    for (let line = lastLines - 2; line <= lastLines; line++) {
      const from = starts[line - 1]!
      const to = starts[line]!
      const offsets = new Set([from, from + 1, to - 2, to - 1])
      for (let at = from; at < to; at += 37) offsets.add(at)
      for (const at of offsets) {
        // Cut inside line `line`: the lines before it are intact; the cut one is dropped unless it was whole.
        const whole = at === to - 1 // only its newline is missing
        const changesBefore = line - 2
        outcome(original.subarray(0, at), changesBefore, { ids: ids.slice(0, whole ? changesBefore + 1 : changesBefore), kept: at === from || whole })
      }
    }
    // Flipped bytes in the last three lines (every 53rd byte, and each newline).
    for (let line = lastLines - 2; line <= lastLines; line++) {
      const from = starts[line - 1]!
      const to = starts[line]!
      const offsets = new Set([to - 1])
      for (let at = from; at < to; at += 19) offsets.add(at)
      for (const at of offsets) {
        const damaged = Buffer.from(original)
        damaged[at] = damaged[at]! ^ 0x04
        outcome(damaged, line - 2, { ids, kept: false })
      }
    }

    expect(refused).toBeGreaterThan(40)
    expect(recovered).toBeGreaterThan(30)
  })

  it('refuses records that read as JSON but have the wrong shape, naming the line and the field', async () => {
    const path = join(files.dir, 'state')
    const ids = await aFileWithRequests(path, 1)
    const [snapshotLine, changeLine] = readFileSync(path, 'utf8').split('\n')
    const change = JSON.parse(`{${changeLine!.slice('{"sum":"0123456789abcdef",'.length)}`)
    const snapshot = JSON.parse(`{${snapshotLine!.slice('{"sum":"0123456789abcdef",'.length)}`)
    const cases: [string, unknown, RegExp][] = [
      ['a status that is not one', { ...change, set: { requests: [[ids[0], { ...change.set.requests[0][1], status: 42 }]] } }, /line 2 of 2: set\.requests "[^"]+"\.status/],
      ['a record filed under another id', { ...change, set: { requests: [['not-its-id', change.set.requests[0][1]]] } }, /the record's own id is/],
      ['a clock shift past the end of time', { kind: 'change', clockOffset: 1e300 }, /line 2 of 2: clockOffset/],
      ['an organisation without a name', { kind: 'change', set: { organisations: [[CUSTOMER, { orgNo: CUSTOMER, name: null, partyId: 1, partyUuid: 'x' }]] } }, /organisations "312091437"\.name/],
      ['a collection the state does not have', { kind: 'change', set: { secrets: [] } }, /set\.secrets: not a collection/],
    ]
    for (const [, record, message] of cases) {
      writeFileSync(path, encodeStateLine(snapshot) + encodeStateLine(record as { kind: string }))
      expect(() => start(path)).toThrow(StateFileError)
      expect(() => start(path)).toThrow(message)
    }
    writeFileSync(path, encodeStateLine({ ...snapshot, nextSequenceNo: 'many' }))
    expect(() => start(path)).toThrow(/line 1 of 1: nextSequenceNo/)
  })

  it('reads a file of the earlier format (no checksums) and rewrites it in the current one', async () => {
    const path = join(files.dir, 'state')
    const ids = await aFileWithRequests(path, 2)
    const plain = readFileSync(path, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => `{${line.slice('{"sum":"0123456789abcdef",'.length)}`)
      .map((json, i) => (i === 0 ? JSON.stringify({ ...JSON.parse(json), version: 1 }) : json))
    writeFileSync(path, `${plain.join('\n')}\n`)

    const h = start(path)

    expect([...h.mock.store.requests.keys()]).toEqual(ids)
    expect(readFileSync(path, 'utf8')).toMatch(/^\{"sum":"[0-9a-f]{16}","kind":"snapshot","version":2,/)
  })

  it('answers the control API and the inspector after loading a file, never 500', async () => {
    const path = join(files.dir, 'state')
    await aFileWithRequests(path, 2)
    const h = start(path)

    for (const p of ['/__mock/state', '/__mock/ui', '/__mock/clock']) expect((await h.send('GET', p)).status, p).toBe(200)
  })
})

describe('the state file and what is put in its place', () => {
  it('refuses a symbolic link as the state file, and leaves its target alone', () => {
    const target = join(files.dir, 'elsewhere')
    writeFileSync(target, 'precious')
    symlinkSync(target, join(files.dir, 'state'))

    expect(() => start(join(files.dir, 'state'))).toThrow(/is a symbolic link\. The mock reads and writes only regular files, and never through a link/)
    expect(readFileSync(target, 'utf8')).toBe('precious')
  })

  it('refuses a FIFO as the state file at once instead of waiting on it', () => {
    const path = join(files.dir, 'state')
    execFileSync('mkfifo', [path])

    expect(() => start(path)).toThrow(/is a FIFO \(named pipe\)/)
  })

  it('never writes through a link planted at the temporary file, and removes the link', async () => {
    const path = join(files.dir, 'state')
    await aFileWithRequests(path, 1)
    const target = join(files.dir, 'elsewhere')
    writeFileSync(target, 'precious')
    symlinkSync(target, `${path}.tmp`)

    const h = start(path) // a start compacts through the temporary file

    expect(readFileSync(target, 'utf8')).toBe('precious')
    expect(existsSync(`${path}.tmp`)).toBe(false)
    expect(h.mock.store.requests.size).toBe(1)
  })

  it('refuses a link planted at the lock, and leaves its target alone', () => {
    const path = join(files.dir, 'state')
    const target = join(files.dir, 'elsewhere')
    writeFileSync(target, '999999999')
    symlinkSync(target, `${path}.lock`)

    expect(() => start(path)).toThrow(/lock of the state file .* is a symbolic link/)
    expect(readFileSync(target, 'utf8')).toBe('999999999')
  })
})
