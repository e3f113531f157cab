/**
 * Saved state (`--state-file path`): the whole state kept across restarts, with nothing acknowledged ever lost.
 *
 * The file is an append-only log of JSON lines. The first line is a snapshot of the primary collections of
 * `State` (the derived indexes are rebuilt on load), the seed additions, the clock's offset and the used grant
 * assertions; each later line holds what one call changed. Every line starts with a checksum of the rest
 * (`{"sum":"<16 hex>",...}`), so a changed byte anywhere is found, not loaded. A change is written and
 * `fdatasync`ed in the router's `after` hook, which runs before the adapter writes the answer: a call that was
 * answered is on disk.
 *
 * What a start does with damage:
 * - a last line cut short (the write a crash interrupted; it was never acknowledged) is left out, after the whole
 *   file as it was is copied to `<file>.damaged-<time>` and the damage is reported on stderr;
 * - anything else that does not read (the snapshot, a line before the last, a checksum that does not match, a
 *   record of the wrong shape) stops the start with a {@link StateFileError} naming the file, the line and what
 *   to do. The mock never starts over saved state it cannot read.
 *
 * The file, its `.tmp` and its `.lock` are never followed through a symbolic link, and must be regular files: a
 * link, a FIFO or a directory at those paths is refused at start (or, for a stale `.tmp`, removed: unlinking
 * removes the link, never its target). Files are created with `O_EXCL | O_NOFOLLOW`, mode 0600 (a state file
 * holds the seed's test-only private keys).
 *
 * The log is compacted (snapshot to a temporary file, fsync, rename, fsync the directory) at every start, at
 * every reset, and when it has grown past twice the snapshot; each step leaves a complete file behind.
 *
 * The file is the store's write journal (`core/store.ts`): every commit of the store, the clock's moves and the
 * used grant assertions are recorded as they happen. The commits of a changing call (any method but GET/HEAD)
 * are written together, as one line, when it ends; a commit made outside a call (from a test, say) at once.
 * Nothing of the mock is replaced or wrapped: the state file listens.
 *
 * @example
 * ```ts
 * const stateFile = openStateFile(mock, '/var/tmp/mock-altinn.state')
 * // router hooks: stateFile.begin(req) before, stateFile.end(req, res) after
 * stateFile.close()
 * ```
 */
import { createHash } from 'node:crypto'
import { closeSync, constants, fdatasyncSync, fstatSync, fsyncSync, lstatSync, openSync, readFileSync, readSync, renameSync, statSync, unlinkSync, writeSync, type Stats } from 'node:fs'
import { basename, dirname, resolve } from 'node:path'
import type { MockAltinn } from '../core/mock-altinn.ts'
import type { ClientDelegation, ClientRelation } from '../core/state.ts'
import { COLLECTION_NAMES, createStore, type Collections, type StoreCommit, type StoreReader, type StoreSnapshot } from '../core/store.ts'
import { httpProblem } from '../kit/responses.ts'
import type { RouteRequest, RouteResponse } from '../kit/types.ts'
import type { Seed } from '../seed/index.ts'
import { checkStateRecord, type CollectionName } from './state-records.ts'


/** The format version written in every snapshot (2: every line carries a checksum; 1, without, is still read). */
const STATE_FILE_VERSION = 2
const READABLE_VERSIONS: readonly number[] = [1, 2]

type Entries = [string, unknown][]
type UsedAssertionEntries = [string, number][]

interface SnapshotRecord {
  kind: 'snapshot'
  version: number
  savedAt: string
  clockOffset: number | null
  seedParts: Partial<Seed>[]
  nextSequenceNo: number
  clientRelations: ClientRelation[]
  collections: Partial<Record<CollectionName, Entries>>
  usedAssertions?: UsedAssertionEntries
}

interface ChangeRecord {
  kind: 'change'
  set?: Partial<Record<CollectionName, Entries>>
  delete?: Partial<Record<CollectionName, string[]>>
  nextSequenceNo?: number
  clientRelations?: ClientRelation[]
  clockOffset?: number | null
  seedParts?: Partial<Seed>[]
  usedAssertions?: UsedAssertionEntries
}

/**
 * A state file that cannot be used; the message says which file, where, and what to do.
 *
 * @example
 * ```ts
 * try { openStateFile(mock, path) } catch (e) { if (e instanceof StateFileError) console.error(e.message) }
 * ```
 */
export class StateFileError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'StateFileError'
  }
}

/** What a start did with a damaged last line. */
export interface StateFileRecovery {
  /** The line (1-based) that was damaged: the file's last. */
  line: number
  /** Its length in bytes. */
  bytes: number
  /** Whether its record was whole (only its line end was damaged) and so was kept. */
  recordKept: boolean
  /** Where the file as it was before the start is kept. */
  copy: string
}

/** An open state file, attached to one mock. */
export interface StateFile {
  readonly path: string
  /** Set when the start found a damaged last line: what was done, and where the file as it was is kept. */
  readonly recovery: StateFileRecovery | undefined
  /** A call begins (router `before`): changing calls are tracked. Answers 503 when the file can no longer be written. */
  begin(req: RouteRequest): RouteResponse | undefined
  /** A call ends (router `after`): its changes are written and synced before the answer goes out. */
  end(req: RouteRequest, res: RouteResponse): void
  /** Rewrite the file as one snapshot. */
  compact(): void
  /** Flush, release the lock and close the file. */
  close(): void
  /** Sizes, for the inspector and tests. */
  stats(): { bytes: number; logBytes: number; snapshotBytes: number; compactions: number }
}

export interface StateFileOptions {
  /** Compact when the log has grown past this many bytes and past twice the snapshot (default 1 MiB). */
  compactAfterBytes?: number
}

/** A collection's rows as a file holds them: client delegations as `[clientOrgNo, delegation]` pairs. */
function encodeRow(name: CollectionName, row: unknown): unknown {
  return name === 'clientDelegations' ? [...(row as ReadonlyMap<string, ClientDelegation>).entries()] : row
}

function decodeRow(name: CollectionName, row: unknown): unknown {
  return name === 'clientDelegations' ? new Map(row as [string, ClientDelegation][]) : row
}

function encodeEntries(name: CollectionName, entries: readonly (readonly [string, unknown])[]): Entries {
  return entries.map(([k, v]) => [k, encodeRow(name, v)])
}

function decodeEntries(name: CollectionName, entries: Entries | undefined): [string, never][] | undefined {
  return entries?.map(([k, v]) => [k, decodeRow(name, v) as never])
}

/** The store's snapshot as a file's snapshot record, and back. */
function snapshotRecordOf(snapshot: StoreSnapshot, clockOffset: number | null, usedAssertions: UsedAssertionEntries): SnapshotRecord {
  const collections: SnapshotRecord['collections'] = {}
  for (const name of COLLECTION_NAMES) collections[name] = encodeEntries(name, snapshot.collections[name] ?? [])
  return {
    kind: 'snapshot',
    version: STATE_FILE_VERSION,
    savedAt: new Date().toISOString(),
    clockOffset,
    seedParts: snapshot.seedParts,
    nextSequenceNo: snapshot.nextSequenceNo,
    clientRelations: snapshot.clientRelations,
    collections,
    usedAssertions,
  }
}

function storeSnapshotOf(record: SnapshotRecord): StoreSnapshot {
  const collections: StoreSnapshot['collections'] = {}
  for (const name of COLLECTION_NAMES) (collections as Record<string, unknown>)[name] = decodeEntries(name, record.collections[name])
  return { collections, clientRelations: record.clientRelations, nextSequenceNo: record.nextSequenceNo, seedParts: record.seedParts }
}

function storeCommitOf(record: ChangeRecord): StoreCommit {
  const commit: StoreCommit = {}
  for (const name of COLLECTION_NAMES) {
    const set = decodeEntries(name, record.set?.[name])
    if (set) ((commit.set ??= {}) as Record<string, unknown>)[name] = set
    const del = record.delete?.[name]
    if (del) (commit.delete ??= {})[name] = del
  }
  if (record.nextSequenceNo !== undefined) commit.nextSequenceNo = record.nextSequenceNo
  if (record.clientRelations !== undefined) commit.clientRelations = record.clientRelations
  if (record.seedParts) commit.seedParts = record.seedParts
  return commit
}

const SUM_PREFIX = '{"sum":"'
const SUM_CHARS = 16

function sumOf(json: string): string {
  return createHash('sha256').update(json).digest('hex').slice(0, SUM_CHARS)
}

/**
 * One record as a line of the state file: its JSON with a checksum of that JSON first,
 * `{"sum":"<16 hex of SHA-256>",<the record's own members>}` and a newline. For tools that write state files.
 *
 * @example
 * ```ts
 * encodeStateLine({ kind: 'change', nextSequenceNo: 7 }) // '{"sum":"…","kind":"change","nextSequenceNo":7}\n'
 * ```
 */
export function encodeStateLine(record: { kind: string }): string {
  const json = JSON.stringify(record)
  return `${SUM_PREFIX}${sumOf(json)}",${json.slice(1)}\n`
}

/** The record of a line, or why it cannot be read. `sealed`: the file's lines carry checksums (version 2). */
function decodeLine(line: string, sealed: boolean): { record: unknown } | { problem: string } {
  let json = line
  if (sealed) {
    if (!line.startsWith(SUM_PREFIX) || line.slice(SUM_PREFIX.length + SUM_CHARS, SUM_PREFIX.length + SUM_CHARS + 2) !== '",')
      return { problem: 'it does not start with its checksum' }
    json = `{${line.slice(SUM_PREFIX.length + SUM_CHARS + 2)}`
    if (sumOf(json) !== line.slice(SUM_PREFIX.length, SUM_PREFIX.length + SUM_CHARS)) return { problem: 'its checksum does not match its content' }
  }
  try {
    return { record: JSON.parse(json) }
  } catch {
    return { problem: 'it is not a JSON record' }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Files: never through a link, never anything but a regular file

const NO_FOLLOW = constants.O_NOFOLLOW ?? 0
const NON_BLOCKING = constants.O_NONBLOCK ?? 0
const CREATE_NEW = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NO_FOLLOW
const FILE_MODE = 0o600

function describeKind(st: Stats): string {
  if (st.isSymbolicLink()) return 'a symbolic link'
  if (st.isFIFO()) return 'a FIFO (named pipe)'
  if (st.isDirectory()) return 'a directory'
  if (st.isSocket()) return 'a socket'
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device'
  return 'not a regular file'
}

/** The file's status without following a link, or undefined when nothing is there. */
function lstatOrNone(path: string): Stats | undefined {
  try {
    return lstatSync(path)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw e
  }
}

/** Refuse anything at `path` but a regular file (a link, a FIFO that would block every read, a directory). */
function requireRegularOrNone(path: string, what: string, advice: string): boolean {
  const st = lstatOrNone(path)
  if (!st) return false
  if (!st.isFile()) throw new StateFileError(`${what} ${path} is ${describeKind(st)}. The mock reads and writes only regular files, and never through a link: ${advice}`)
  return true
}

/** Read a regular file without following a link or blocking on a FIFO put there after the check. */
function readRegularFile(path: string, maxBytes = Infinity): Buffer {
  const fd = openSync(path, constants.O_RDONLY | NO_FOLLOW | NON_BLOCKING)
  try {
    const st = fstatSync(fd)
    if (!st.isFile()) throw new StateFileError(`${path} is ${describeKind(st)}; the mock reads only regular files.`)
    if (maxBytes === Infinity) return readFileSync(fd)
    const buf = Buffer.alloc(Math.min(maxBytes, st.size))
    const n = buf.length ? readSync(fd, buf, 0, buf.length, 0) : 0
    return buf.subarray(0, n)
  } finally {
    closeSync(fd)
  }
}

function writeAll(fd: number, text: string | Buffer): void {
  const buf = typeof text === 'string' ? Buffer.from(text, 'utf8') : text
  let off = 0
  while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off)
}

/** Create a new file (never an existing one, never through a link), write it whole and sync it. */
function writeNewFile(path: string, content: string | Buffer): void {
  const fd = openSync(path, CREATE_NEW, FILE_MODE)
  try {
    writeAll(fd, content)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

function syncDirectory(path: string): void {
  try {
    const dir = openSync(dirname(path), 'r')
    try {
      fsyncSync(dir)
    } finally {
      closeSync(dir)
    }
  } catch {
    // Some file systems do not let a directory be synced; the rename itself is still atomic.
  }
}

/** Write a whole file so that a crash leaves either the old file or the new one, complete. */
function writeFileAtomically(path: string, text: string): void {
  const tmp = `${path}.tmp`
  // A temporary file left by a crash, or anything put there: removed, not written through (unlinking a link
  // removes the link itself); a directory there is refused.
  const st = lstatOrNone(tmp)
  if (st?.isDirectory()) throw new StateFileError(`${tmp} is a directory; remove it so the state file can be rewritten.`)
  if (st) unlinkSync(tmp)
  writeNewFile(tmp, text)
  renameSync(tmp, path)
  syncDirectory(path)
}

/** Copy the file as it was next to it, under a name no other file has. */
function keepAside(path: string, content: Buffer): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  for (let i = 0; ; i++) {
    const copy = `${path}.damaged-${stamp}${i ? `-${i}` : ''}`
    try {
      writeNewFile(copy, content)
      syncDirectory(copy)
      return copy
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || i >= 100) throw e
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Reading

const WHAT_TO_DO = 'The mock does not start over saved state it cannot read: restore the file from a copy, or move it away to start from the seed.'

interface LoadedFile {
  snapshot: SnapshotRecord
  changes: ChangeRecord[]
  /** The last line was damaged (see {@link StateFileRecovery}). */
  damage?: { line: number; bytes: number; recordKept: boolean }
}

/** Read and check every line. */
function parseFile(path: string, content: Buffer): LoadedFile | undefined {
  if (content.length === 0) return undefined // an empty file (e.g. made with `touch`): start from the seed
  const text = content.toString('utf8')
  const lines = text.split('\n')
  // The last line without its newline is what a crash can leave: a write cut short (with or without NULs the file
  // system padded it with). It was never acknowledged: the answer waits for the whole line to be synced.
  const fragment = lines.pop()!
  const total = lines.length + (fragment ? 1 : 0)
  const damaged = (line: number, why: string) => new StateFileError(`The state file ${path} is damaged at line ${line} of ${total}: ${why}. ${WHAT_TO_DO}`)

  const firstLine = lines[0] ?? fragment
  const sealed = firstLine.startsWith(SUM_PREFIX)
  const records: unknown[] = []
  lines.forEach((line, i) => {
    const decoded = decodeLine(line, sealed)
    if ('problem' in decoded) throw damaged(i + 1, decoded.problem)
    records.push(decoded.record)
  })
  let damage: LoadedFile['damage']
  if (fragment) {
    const line = lines.length + 1
    const bytes = Buffer.byteLength(fragment)
    const whole = decodeLine(fragment, sealed)
    // The record whole but its newline changed into another byte: the record is kept.
    const lessEnd = 'problem' in whole && fragment.length > 1 ? decodeLine(fragment.slice(0, -1), sealed) : undefined
    if ('record' in whole) records.push(whole.record)
    else if (lessEnd && 'record' in lessEnd) {
      records.push(lessEnd.record)
      damage = { line, bytes, recordKept: true }
    } else if (line === 1) {
      // The snapshot is written whole (temporary file, then rename) and never appended to: a cut one is damage.
      throw damaged(1, `the snapshot is cut short or changed (${whole.problem})`)
    } else damage = { line, bytes, recordKept: false }
  }

  const [first, ...rest] = records
  const version = (first as { version?: unknown } | undefined)?.version
  if ((first as { kind?: unknown } | undefined)?.kind === 'snapshot' && !READABLE_VERSIONS.includes(version as number))
    throw new StateFileError(`The state file ${path} cannot be used: it has format version ${String(version)}; this mock reads versions ${READABLE_VERSIONS.join(' and ')}. Use the mock that wrote it, or move the file away to start from the seed.`)
  if (version === 1 && sealed) throw damaged(1, 'a version 1 snapshot with a checksum')
  if (typeof version === 'number' && version >= 2 && !sealed) throw damaged(1, 'it does not start with its checksum')
  records.forEach((record, i) => {
    const problem = checkStateRecord(record, i + 1)
    if (problem) throw new StateFileError(`The state file ${path} cannot be used: line ${i + 1} of ${total}: ${problem}. ${WHAT_TO_DO}`)
  })
  return { snapshot: first as SnapshotRecord, changes: rest as ChangeRecord[], ...(damage ? { damage } : {}) }
}

/** Read the state file at `path`: undefined when there is none, or it is empty. */
function loadFile(path: string): { loaded: LoadedFile | undefined; content: Buffer } | undefined {
  if (!requireRegularOrNone(path, 'The state file', 'give the path of the file itself, or of one that does not exist yet.')) return undefined
  let content: Buffer
  try {
    content = readRegularFile(path)
  } catch (e) {
    if (e instanceof StateFileError) throw e
    throw new StateFileError(`The state file ${path} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`)
  }
  return { loaded: parseFile(path, content), content }
}

interface Replayed {
  /** The saved state, read-only. */
  store: StoreReader
  seedParts: Partial<Seed>[]
  clockOffset: number | null
  usedAssertions: UsedAssertionEntries
}

/** What a snapshot and its changes hold, apart from the store's own data. */
function replayExtras(snapshot: SnapshotRecord, changes: ChangeRecord[]): Omit<Replayed, 'store'> {
  const seedParts = [...snapshot.seedParts]
  const usedAssertions = [...(snapshot.usedAssertions ?? [])]
  let clockOffset = snapshot.clockOffset
  for (const c of changes) {
    if (c.clockOffset !== undefined) clockOffset = c.clockOffset
    if (c.seedParts) seedParts.push(...c.seedParts)
    if (c.usedAssertions) usedAssertions.push(...c.usedAssertions)
  }
  return { seedParts, clockOffset, usedAssertions }
}

/** A seed with nothing in it: what a file read on its own is replayed over (its seed parts are in the file). */
const NOTHING: Seed = { organisations: [], persons: [], resources: [], accessPackages: [], roles: [], clientRelations: [], systems: [], maskinportenClients: [], keys: {} } as unknown as Seed

/**
 * Read a state file without opening it for writing: the state it holds (on top of an empty seed, with the
 * seed additions it saved), the seed additions, the clock offset and the used assertions; undefined for an empty
 * file. A damaged last line is left out (and not kept aside: nothing is written). For tools and tests.
 *
 * @throws StateFileError when the file cannot be read or is damaged.
 * @example
 * ```ts
 * readStateFile('state.jsonl')?.store.requests.size
 * ```
 */
export function readStateFile(file: string): Replayed | undefined {
  const loaded = loadFile(resolve(file))?.loaded
  if (!loaded) return undefined
  const store = createStore(NOTHING, 0)
  store.restore(storeSnapshotOf(loaded.snapshot), loaded.changes.map(storeCommitOf))
  return { store, ...replayExtras(loaded.snapshot, loaded.changes) }
}

// ---------------------------------------------------------------------------------------------------------
// The lock: one process per state file

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
  // A killed process its parent has not reaped yet still answers signal 0; on Linux its state says it is gone.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return !/^\d+ \(.*\) [ZX] /s.test(stat)
  } catch {
    return true
  }
}

function createLock(lockPath: string): boolean {
  try {
    writeNewFile(lockPath, String(process.pid))
    return true
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw new StateFileError(`The lock ${lockPath} of the state file cannot be made (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`)
  }
}

/** One process per state file: a second mock on the same file would interleave its lines. */
function takeLock(lockPath: string, path: string): void {
  if (createLock(lockPath)) return
  requireRegularOrNone(lockPath, 'The lock of the state file', `remove ${basename(lockPath)} if no mock uses ${path}.`)
  const owner = Number(readRegularFile(lockPath, 32).toString('utf8').trim())
  if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner))
    throw new StateFileError(`The state file ${path} is in use by another process (pid ${owner}). Stop it, or use another --state-file.`)
  // The owner is gone (a crash): take over with a new lock file, never by writing into what is there.
  unlinkSync(lockPath)
  if (!createLock(lockPath)) throw new StateFileError(`The state file ${path} was locked by another process as this one started. Stop it, or use another --state-file.`)
}

function releaseLock(lockPath: string): void {
  try {
    // Only our own lock: a regular file with our pid (never whatever was put there since).
    if (lstatOrNone(lockPath)?.isFile() && Number(readRegularFile(lockPath, 32).toString('utf8').trim()) === process.pid) unlinkSync(lockPath)
  } catch {
    // already gone
  }
}

/**
 * Load the state file into the mock (or create it from the mock's current state), then keep it up to date.
 *
 * @throws StateFileError when the file cannot be read, is damaged, is not a regular file, or is in use by another
 * process.
 * @example
 * ```ts
 * const mock = createMockAltinn({ seed: loadDefaultSeed(), origin: 'http://127.0.0.1:5101' })
 * const stateFile = openStateFile(mock, 'state.jsonl')
 * ```
 */
export function openStateFile(mock: MockAltinn, file: string, options: StateFileOptions = {}): StateFile {
  const path = resolve(file)
  let folder: Stats | undefined
  try {
    folder = statSync(dirname(path))
  } catch {
    folder = undefined
  }
  if (!folder?.isDirectory()) throw new StateFileError(`The folder of the state file ${path} does not exist.`)
  // Checked before the lock is taken: a FIFO or a link here is refused at once, whoever holds the lock.
  requireRegularOrNone(path, 'The state file', 'give the path of the file itself, or of one that does not exist yet.')
  const lockPath = `${path}.lock`
  takeLock(lockPath, path)
  try {
    return attach(mock, path, lockPath, options)
  } catch (e) {
    releaseLock(lockPath)
    if (e instanceof StateFileError) throw e
    throw new StateFileError(`The state file ${path} cannot be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`)
  }
}

function attach(mock: MockAltinn, path: string, lockPath: string, options: StateFileOptions): StateFile {
  const compactAfter = options.compactAfterBytes ?? 1024 * 1024
  const { clock, store } = mock
  const used = mock.runtime.usedAssertions

  // 1. Load what was saved.
  const file = loadFile(path)
  let recovery: StateFileRecovery | undefined
  if (file?.loaded?.damage) {
    // Before anything is compacted: the file as it was, kept aside, and said out loud.
    const { line, bytes, recordKept } = file.loaded.damage
    const copy = keepAside(path, file.content)
    recovery = { line, bytes, recordKept, copy }
    console.error(
      recordKept
        ? `[mock-altinn] The state file ${path} ended in a line whose line end was damaged (line ${line}); its record was whole and is kept. The file as it was is in ${copy}.`
        : `[mock-altinn] The state file ${path} ended in a line cut short (line ${line}, ${bytes} bytes): a change being written when the mock stopped, never acknowledged. The mock starts without it. The file as it was is kept in ${copy}; remove that copy once you no longer need it.`,
    )
  }
  if (file?.loaded) {
    const { snapshot, changes } = file.loaded
    store.restore(storeSnapshotOf(snapshot), changes.map(storeCommitOf))
    const { clockOffset, usedAssertions } = replayExtras(snapshot, changes)
    if (clockOffset === null || clockOffset === undefined) clock.reset()
    else clock.set(Date.now() + clockOffset)
    used.restore(usedAssertions, clock.now() / 1000)
  }

  // 2. Record what happens from now on: the store's commits, the clock's moves, the used assertions.
  const inFlight = new Set<RouteRequest>()
  /** What is not written yet: rows by collection and key (undefined: removed), and the rest of the record. */
  let rows = new Map<CollectionName, Map<string, unknown>>()
  let pending: Omit<ChangeRecord, 'kind' | 'set' | 'delete'> = {}
  let fd = -1
  let logBytes = 0
  let snapshotBytes = 0
  let compactions = 0
  let broken: string | undefined
  let closed = false

  const clockOffset = (): number | null => (clock.shifted ? clock.now() - Date.now() : null)

  function compact(): void {
    const text = encodeStateLine(snapshotRecordOf(store.snapshot(), clockOffset(), used.entries()))
    if (fd >= 0) closeSync(fd)
    fd = -1
    writeFileAtomically(path, text)
    fd = openSync(path, constants.O_WRONLY | constants.O_APPEND | NO_FOLLOW)
    snapshotBytes = Buffer.byteLength(text)
    logBytes = 0
    rows = new Map()
    pending = {}
    compactions++
  }

  function flush(): void {
    if (closed || (rows.size === 0 && Object.keys(pending).length === 0)) return
    const record: ChangeRecord = { kind: 'change' }
    for (const [name, byKey] of rows) {
      for (const [k, v] of byKey) {
        if (v === undefined) ((record.delete ??= {})[name] ??= []).push(k)
        else ((record.set ??= {})[name] ??= []).push([k, encodeRow(name, v)])
      }
    }
    Object.assign(record, pending)
    const line = encodeStateLine(record)
    writeAll(fd, line)
    fdatasyncSync(fd)
    rows = new Map()
    pending = {}
    logBytes += Buffer.byteLength(line)
    if (logBytes > compactAfter && logBytes > 2 * snapshotBytes) compact()
  }

  /** Outside a call, what was recorded is written at once; inside one, when the call ends. */
  const flushOutsideCalls = () => {
    if (inFlight.size === 0 && !closed) flush()
  }

  const stopStore = store.subscribe((commit) => {
    if (closed) return
    // A reset replaces everything: the file starts over as one snapshot.
    if (commit.reset) return compact()
    for (const name of COLLECTION_NAMES) {
      const set = commit.set?.[name] as [string, Collections[typeof name]][] | undefined
      const del = commit.delete?.[name]
      if (!set && !del) continue
      let byKey = rows.get(name)
      if (!byKey) rows.set(name, (byKey = new Map()))
      for (const [k, v] of set ?? []) byKey.set(k, v)
      for (const k of del ?? []) byKey.set(k, undefined)
    }
    if (commit.nextSequenceNo !== undefined) pending.nextSequenceNo = commit.nextSequenceNo
    if (commit.clientRelations !== undefined) pending.clientRelations = commit.clientRelations as ClientRelation[]
    if (commit.seedParts) pending.seedParts = [...(pending.seedParts ?? []), ...commit.seedParts]
    flushOutsideCalls()
  })
  // Clock moves are saved with the call that made them, or at once when made from code.
  const stopClock = clock.watch(() => {
    pending.clockOffset = clockOffset()
    flushOutsideCalls()
  })
  // A used grant assertion is saved with the grant that used it (before the token goes out), or at once from code.
  const remembered = (id: string, exp: number) => {
    pending.usedAssertions = [...(pending.usedAssertions ?? []), [id, exp]]
    flushOutsideCalls()
  }
  used.onRemember = remembered

  // 3. Start from a compact file: the loaded log (without a damaged tail) becomes one snapshot.
  compact()

  return {
    path,
    recovery,
    begin(req) {
      if (req.method === 'GET' || req.method === 'HEAD') return undefined
      if (broken) return httpProblem(503, 'Service Unavailable', `The mock cannot save changes to its state file (${broken}); restart it.`)
      inFlight.add(req)
      return undefined
    },
    end(req, res) {
      if (!inFlight.delete(req)) return
      try {
        flush()
      } catch (e) {
        // The answer must not claim a change the file does not hold.
        broken = (e as NodeJS.ErrnoException).code ?? (e as Error).message
        console.error(`[mock-altinn] cannot write the state file ${path}: ${broken}`)
        const failed = httpProblem(503, 'Service Unavailable', `The change could not be saved to the state file (${broken}).`)
        res.status = failed.status
        res.headers = failed.headers ?? {}
        res.body = failed.body ?? ''
      }
    },
    compact,
    close() {
      if (closed) return
      try {
        flush()
      } finally {
        closed = true
        stopStore()
        stopClock()
        if (used.onRemember === remembered) used.onRemember = undefined
        if (fd >= 0) closeSync(fd)
        fd = -1
        releaseLock(lockPath)
      }
    },
    stats: () => ({ bytes: snapshotBytes + logBytes, logBytes, snapshotBytes, compactions }),
  }
}
