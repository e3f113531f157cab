/**
 * Saved state (`--state-file path`): the whole state kept across restarts, with nothing acknowledged ever lost.
 *
 * The file is an append-only log of JSON lines. The first line is a snapshot of the primary collections of
 * `State` (the derived indexes are rebuilt on load), the seed additions and the clock's offset; each later line
 * holds the records one call changed. A change is written and `fdatasync`ed in the router's `after` hook,
 * which runs before the adapter writes the answer: a call that was answered is on disk. A crash can only cut
 * the last line short, and a cut last line is ignored on load; anything else that does not read stops the
 * start with a message, never a silent empty start.
 *
 * The log is compacted (snapshot to a temporary file, fsync, rename, fsync the directory) at every start, at
 * every reset, and when it has grown past twice the snapshot; each step leaves a complete file behind.
 *
 * Changes are captured without touching the rules: the primary Maps are replaced by maps that note each key
 * read or written while a changing call (any method but GET/HEAD) is in flight, and those records are written
 * when it ends.
 *
 * @example
 * ```ts
 * const stateFile = openStateFile(mock, '/var/tmp/mock-altinn.state')
 * // router hooks: stateFile.begin(req) before, stateFile.end(req, res) after
 * stateFile.close()
 * ```
 */
import { closeSync, existsSync, fdatasyncSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync, writeSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import type { ControllableClock } from '../core/clock.ts'
import type { MockAltinn } from '../core/mock-altinn.ts'
import { createState, rebuildIndexes, type ClientRelation, type State } from '../core/state.ts'
import { httpProblem } from '../routes/responses.ts'
import type { RouteRequest, RouteResponse } from '../routes/types.ts'
import type { Seed } from '../seed/index.ts'

/** The format version written in every snapshot. */
export const STATE_FILE_VERSION = 1

/** The collections saved record by record; everything else in `State` is derived from them. */
export const PRIMARY_COLLECTIONS = [
  'organisations',
  'persons',
  'resources',
  'accessPackages',
  'roles',
  'systems',
  'requests',
  'changeRequests',
  'systemUsers',
  'clientDelegations',
  'maskinportenClients',
] as const

type CollectionName = (typeof PRIMARY_COLLECTIONS)[number]
type Entries = [string, unknown][]

interface SnapshotRecord {
  kind: 'snapshot'
  version: number
  savedAt: string
  clockOffset: number | null
  seedParts: Partial<Seed>[]
  nextSequenceNo: number
  clientRelations: ClientRelation[]
  collections: Partial<Record<CollectionName, Entries>>
}

interface ChangeRecord {
  kind: 'change'
  set?: Partial<Record<CollectionName, Entries>>
  delete?: Partial<Record<CollectionName, string[]>>
  nextSequenceNo?: number
  clientRelations?: ClientRelation[]
  clockOffset?: number | null
  seedParts?: Partial<Seed>[]
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

/** An open state file, attached to one mock. */
export interface StateFile {
  readonly path: string
  /** A call begins (router `before`): changing calls are tracked. Answers 503 when the file can no longer be written. */
  begin(req: RouteRequest): RouteResponse | undefined
  /** A call ends (router `after`): its changes are written and synced before the answer goes out. */
  end(req: RouteRequest, res: RouteResponse): void
  /** Run code that changes the state outside a call (from a test, say) and save what it changed. */
  track<T>(change: () => T): T
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

/** A Map that tells its owner which keys a changing call touched. */
class TrackedMap<K, V> extends Map<K, V> {
  // A plain (not #private) field: Map's constructor calls `set` before subclass fields exist.
  touch?: (key: K) => void

  override get(key: K): V | undefined {
    const v = super.get(key)
    if (v !== undefined) this.touch?.(key)
    return v
  }

  override set(key: K, value: V): this {
    this.touch?.(key)
    return super.set(key, value)
  }

  override delete(key: K): boolean {
    this.touch?.(key)
    return super.delete(key)
  }

  override clear(): void {
    for (const k of super.keys()) this.touch?.(k)
    super.clear()
  }
}

function encodeValue(name: CollectionName, value: unknown): unknown {
  return name === 'clientDelegations' ? [...(value as Map<string, unknown>).entries()] : value
}

function decodeValue(name: CollectionName, value: unknown): unknown {
  return name === 'clientDelegations' ? new Map(value as Entries) : value
}

function collectionsOf(state: State): Partial<Record<CollectionName, Entries>> {
  const out: Partial<Record<CollectionName, Entries>> = {}
  for (const name of PRIMARY_COLLECTIONS) {
    const map = state[name] as Map<string, unknown>
    out[name] = [...Map.prototype.entries.call(map)].map(([k, v]) => [k, encodeValue(name, v)] as [string, unknown])
  }
  return out
}

function writeAll(fd: number, text: string): void {
  const buf = Buffer.from(text, 'utf8')
  let off = 0
  while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off)
}

/** Write a whole file so that a crash leaves either the old file or the new one, complete. */
function writeFileAtomically(path: string, text: string): void {
  const tmp = `${path}.tmp`
  const fd = openSync(tmp, 'w')
  try {
    writeAll(fd, text)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  renameSync(tmp, path)
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

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function checkEntries(v: unknown, where: string): void {
  if (v === undefined) return
  if (!isObject(v)) throw new Error(`${where} must be an object of collections`)
  for (const [name, entries] of Object.entries(v)) {
    if (!(PRIMARY_COLLECTIONS as readonly string[]).includes(name)) throw new Error(`${where} names an unknown collection "${name}"`)
    if (!Array.isArray(entries)) throw new Error(`${where}.${name} must be a list`)
    for (const e of entries) {
      if (where.endsWith('delete')) {
        if (typeof e !== 'string') throw new Error(`${where}.${name} must list keys`)
      } else if (!Array.isArray(e) || e.length !== 2 || typeof e[0] !== 'string') throw new Error(`${where}.${name} must list [key, record] pairs`)
    }
  }
}

/** Read and check every line; a cut last line is dropped. */
function readRecords(path: string): { snapshot: SnapshotRecord; changes: ChangeRecord[]; droppedTail: boolean } | undefined {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (e) {
    throw new StateFileError(`The state file ${path} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`)
  }
  if (text.length === 0) return undefined // an empty file (e.g. made with `touch`): start from the seed
  const lines = text.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  // The last line may be one a crash cut short (with or without its newline, or padded with NULs by the file
  // system): it was never acknowledged, so it is dropped when it does not read.
  const tail = lines.pop()!
  let droppedTail = false
  const records: unknown[] = []
  lines.forEach((line, i) => {
    try {
      records.push(JSON.parse(line))
    } catch {
      throw new StateFileError(
        `The state file ${path} is damaged at line ${i + 1} of ${lines.length + (tail ? 1 : 0)} (not a JSON record). ` +
          `The mock does not start over saved state it cannot read: move the file away to start from the seed, or restore it.`,
      )
    }
  })
  if (tail) {
    try {
      records.push(JSON.parse(tail))
    } catch {
      droppedTail = true // the last write was cut short by a crash: it was never acknowledged
    }
  }
  if (!records.length) {
    if (droppedTail) return undefined
    throw new StateFileError(`The state file ${path} has no records.`)
  }
  const [first, ...rest] = records
  try {
    if (!isObject(first) || first.kind !== 'snapshot') throw new Error('the first line is not a snapshot (is this a state file of Mock Altinn?)')
    if (first.version !== STATE_FILE_VERSION) throw new Error(`it has format version ${String(first.version)}; this mock reads version ${STATE_FILE_VERSION}`)
    if (typeof first.nextSequenceNo !== 'number' || !Array.isArray(first.clientRelations) || !Array.isArray(first.seedParts)) throw new Error('the snapshot is incomplete')
    checkEntries(first.collections, 'snapshot.collections')
    rest.forEach((r, i) => {
      if (!isObject(r) || r.kind !== 'change') throw new Error(`line ${i + 2} is not a change record`)
      checkEntries(r.set, `line ${i + 2}: set`)
      checkEntries(r.delete, `line ${i + 2}: delete`)
    })
  } catch (e) {
    if (e instanceof StateFileError) throw e
    throw new StateFileError(`The state file ${path} cannot be used: ${(e as Error).message}. Move it away to start from the seed.`)
  }
  return { snapshot: first as unknown as SnapshotRecord, changes: rest as ChangeRecord[], droppedTail }
}

/** Build the state a snapshot and its changes describe. */
function replay(snapshot: SnapshotRecord, changes: ChangeRecord[]): { state: State; seedParts: Partial<Seed>[]; clockOffset: number | null } {
  const state = createState({} as Seed, 0)
  const seedParts = [...snapshot.seedParts]
  let clockOffset = snapshot.clockOffset
  for (const name of PRIMARY_COLLECTIONS) {
    const map = state[name] as Map<string, unknown>
    for (const [k, v] of snapshot.collections[name] ?? []) map.set(k, decodeValue(name, v))
  }
  state.clientRelations = snapshot.clientRelations
  state.nextSequenceNo = snapshot.nextSequenceNo
  for (const c of changes) {
    for (const [name, entries] of Object.entries(c.set ?? {}) as [CollectionName, Entries][]) {
      const map = state[name] as Map<string, unknown>
      for (const [k, v] of entries) map.set(k, decodeValue(name, v))
    }
    for (const [name, keys] of Object.entries(c.delete ?? {}) as [CollectionName, string[]][]) {
      const map = state[name] as Map<string, unknown>
      for (const k of keys) map.delete(k)
    }
    if (c.nextSequenceNo !== undefined) state.nextSequenceNo = c.nextSequenceNo
    if (c.clientRelations !== undefined) state.clientRelations = c.clientRelations
    if (c.clockOffset !== undefined) clockOffset = c.clockOffset
    if (c.seedParts) seedParts.push(...c.seedParts)
  }
  rebuildIndexes(state)
  return { state, seedParts, clockOffset }
}

/**
 * Read a state file without opening it for writing: the state it holds (indexes rebuilt), the seed additions
 * and the clock offset; undefined for an empty file. For tools and tests.
 *
 * @throws StateFileError when the file cannot be read or is damaged.
 * @example
 * ```ts
 * readStateFile('state.jsonl')?.state.requests.size
 * ```
 */
export function readStateFile(file: string): { state: State; seedParts: Partial<Seed>[]; clockOffset: number | null } | undefined {
  const loaded = readRecords(resolve(file))
  return loaded ? replay(loaded.snapshot, loaded.changes) : undefined
}

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

/** One process per state file: a second mock on the same file would interleave its lines. */
function takeLock(lockPath: string, path: string): void {
  try {
    writeFileSync(lockPath, String(process.pid), { flag: 'wx' })
    return
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new StateFileError(`The state file ${path} cannot be locked (${(e as NodeJS.ErrnoException).code}).`)
  }
  const owner = Number(readFileSync(lockPath, 'utf8').trim())
  if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner))
    throw new StateFileError(`The state file ${path} is in use by another process (pid ${owner}). Stop it, or use another --state-file.`)
  writeFileSync(lockPath, String(process.pid)) // the owner is gone (a crash): take over
}

/**
 * Load the state file into the mock (or create it from the mock's current state), then keep it up to date.
 *
 * @throws StateFileError when the file cannot be read, is damaged, or is in use by another process.
 * @example
 * ```ts
 * const mock = createMockAltinn({ seed: loadDefaultSeed(), origin: 'http://127.0.0.1:5101' })
 * const stateFile = openStateFile(mock, 'state.jsonl')
 * ```
 */
export function openStateFile(mock: MockAltinn, file: string, options: StateFileOptions = {}): StateFile {
  const path = resolve(file)
  if (!existsSync(dirname(path))) throw new StateFileError(`The folder of the state file ${path} does not exist.`)
  const lockPath = `${path}.lock`
  takeLock(lockPath, path)
  try {
    return attach(mock, path, lockPath, options)
  } catch (e) {
    try {
      unlinkSync(lockPath)
    } catch {
      // nothing to release
    }
    throw e
  }
}

function attach(mock: MockAltinn, path: string, lockPath: string, options: StateFileOptions): StateFile {
  const compactAfter = options.compactAfterBytes ?? 1024 * 1024
  const clock = mock.clock
  const seedParts: Partial<Seed>[] = []

  // 1. Load what was saved (seed additions first: they shape what a later reset returns to).
  const loaded = existsSync(path) ? readRecords(path) : undefined
  if (loaded) {
    const { state, seedParts: parts, clockOffset } = replay(loaded.snapshot, loaded.changes)
    for (const part of parts) {
      mock.addSeed(part)
      seedParts.push(part)
    }
    mock.state = state
    if (clockOffset === null || clockOffset === undefined) clock.reset()
    else clock.set(Date.now() + clockOffset)
  }

  // 2. Track changes from now on.
  let current = mock.state
  const inFlight = new Set<RouteRequest>()
  let forced = 0
  const dirty = new Map<CollectionName, Set<string>>()
  let pendingSeedParts: Partial<Seed>[] = []
  let clockDirty = false
  let lastSequenceNo = 0
  let lastRelations = ''
  let fd = -1
  let logBytes = 0
  let snapshotBytes = 0
  let compactions = 0
  let broken: string | undefined
  let closed = false

  const tracking = () => inFlight.size > 0 || forced > 0

  function wrap(state: State): void {
    for (const name of PRIMARY_COLLECTIONS) {
      const original = state[name] as Map<string, unknown>
      const tracked: TrackedMap<string, unknown> = original instanceof TrackedMap ? original : new TrackedMap<string, unknown>(Map.prototype.entries.call(original) as Iterable<[string, unknown]>)
      tracked.touch = (key) => {
        if (!tracking()) return
        let keys = dirty.get(name)
        if (!keys) dirty.set(name, (keys = new Set()))
        keys.add(key)
      }
      ;(state as unknown as Record<string, unknown>)[name] = tracked
    }
    lastSequenceNo = state.nextSequenceNo
    lastRelations = JSON.stringify(state.clientRelations)
  }

  function clockOffset(): number | null {
    return clock.shifted ? clock.now() - Date.now() : null
  }

  function snapshotText(): string {
    const record: SnapshotRecord = {
      kind: 'snapshot',
      version: STATE_FILE_VERSION,
      savedAt: new Date().toISOString(),
      clockOffset: clockOffset(),
      seedParts,
      nextSequenceNo: current.nextSequenceNo,
      clientRelations: current.clientRelations,
      collections: collectionsOf(current),
    }
    return `${JSON.stringify(record)}\n`
  }

  function compact(): void {
    const text = snapshotText()
    if (fd >= 0) closeSync(fd)
    fd = -1
    writeFileAtomically(path, text)
    fd = openSync(path, 'a')
    snapshotBytes = Buffer.byteLength(text)
    logBytes = 0
    dirty.clear()
    pendingSeedParts = []
    clockDirty = false
    lastSequenceNo = current.nextSequenceNo
    lastRelations = JSON.stringify(current.clientRelations)
    compactions++
  }

  function flush(): void {
    if (closed) return
    const record: ChangeRecord = { kind: 'change' }
    let any = false
    if (dirty.size) {
      const set: Partial<Record<CollectionName, Entries>> = {}
      const del: Partial<Record<CollectionName, string[]>> = {}
      for (const [name, keys] of dirty) {
        const map = current[name] as Map<string, unknown>
        for (const k of keys) {
          // Map.prototype.get: reading for the log must not mark the key again.
          const v = Map.prototype.get.call(map, k)
          if (v !== undefined) (set[name] ??= []).push([k, encodeValue(name, v)])
          else (del[name] ??= []).push(k)
        }
      }
      if (Object.keys(set).length) record.set = set
      if (Object.keys(del).length) record.delete = del
      any = true
    }
    if (current.nextSequenceNo !== lastSequenceNo) {
      record.nextSequenceNo = current.nextSequenceNo
      any = true
    }
    const relations = JSON.stringify(current.clientRelations)
    if (relations !== lastRelations) {
      record.clientRelations = current.clientRelations
      any = true
    }
    if (clockDirty) {
      record.clockOffset = clockOffset()
      any = true
    }
    if (pendingSeedParts.length) {
      record.seedParts = pendingSeedParts
      any = true
    }
    if (!any) return
    const line = `${JSON.stringify(record)}\n`
    writeAll(fd, line)
    fdatasyncSync(fd)
    dirty.clear()
    pendingSeedParts = []
    clockDirty = false
    lastSequenceNo = current.nextSequenceNo
    lastRelations = relations
    logBytes += Buffer.byteLength(line)
    if (logBytes > compactAfter && logBytes > 2 * snapshotBytes) compact()
  }

  wrap(current)
  // `reset()` replaces the whole state: track the new one and save it as a fresh snapshot.
  Object.defineProperty(mock, 'state', {
    configurable: true,
    enumerable: true,
    get: () => current,
    set(next: State) {
      current = next
      wrap(next)
      dirty.clear()
      if (!closed) compact()
    },
  })
  const addSeed = mock.addSeed.bind(mock)
  mock.addSeed = (part) => {
    forced++
    try {
      addSeed(part)
    } finally {
      forced--
    }
    seedParts.push(part)
    pendingSeedParts.push(part)
    flush()
  }
  // Clock moves are saved with the call that made them, or at once when made from code.
  const clockMoved = () => {
    clockDirty = true
    if (!tracking() && !closed) flush()
  }
  const patchClock = (c: ControllableClock) => {
    const { advance, set, reset } = c
    c.advance = (ms) => (advance.call(c, ms), clockMoved())
    c.set = (t) => (set.call(c, t), clockMoved())
    c.reset = () => (reset.call(c), clockMoved())
  }
  patchClock(clock)

  // 3. Start from a compact file: the loaded log (and any cut tail) becomes one snapshot.
  compact()

  return {
    path,
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
    track(change) {
      forced++
      try {
        return change()
      } finally {
        forced--
        flush()
      }
    },
    compact,
    close() {
      if (closed) return
      try {
        flush()
      } finally {
        closed = true
        if (fd >= 0) closeSync(fd)
        fd = -1
        try {
          unlinkSync(lockPath)
        } catch {
          // already gone
        }
      }
    },
    stats: () => ({ bytes: snapshotBytes + logBytes, logBytes, snapshotBytes, compactions }),
  }
}
