/**
 * The store: the one owner of the mock's state. Every collection, its indexes and its paging live here; the rules
 * read through the store's read-only views and write only inside {@link Store.write}, with the verbs of a
 * {@link StoreTransaction} (put, remove, take a sequence number, add a seed part). Nothing else holds a Map of
 * state.
 *
 * "Where is this written, and is it saved?" has one answer: a write is a transaction here. A transaction that
 * throws is undone before the error leaves `write` (every change it made, to rows and to indexes, is rolled back
 * from its undo log), so a refused call changes nothing by construction. A transaction that returns is committed:
 * every listener of {@link Store.subscribe} gets one {@link StoreCommit} naming what it wrote. Saved state
 * (`harness/persistence.ts`) is one such listener: it appends the commits to its log, replays them on start
 * ({@link Store.restore}) and compacts them into a {@link StoreSnapshot}.
 *
 * The interface is small on purpose: a shared backend (a database behind several mock processes) would implement
 * {@link Store} and leave every rule as it is.
 *
 * Rows are replaced, never changed in place: a rule that changes a request puts `{ ...request, status }`. The
 * views hand out the stored rows themselves (no copies on the hot paths), typed read-only.
 *
 * @example
 * ```ts
 * const store = createStore(seed, Date.now())
 * store.write((tx) => tx.put('requests', { ...store.requests.get(id)!, status: 'Accepted' }))
 * store.subscribe((commit) => console.log(commit.set?.requests?.length, 'requests written'))
 * ```
 */
import type { Seed } from '../seed/schema.ts'
import { createSortedKeys, insertKey, keysFrom, removeKey, type SortedKeys } from './paging.ts'
import {
  requestKey,
  rowsOfSeed,
  systemUserKey,
  type AccessPackageDef,
  type ChangeRequest,
  type ClientDelegation,
  type ClientRelation,
  type MaskinportenClient,
  type Organisation,
  type Person,
  type RegisteredSystem,
  type RequestKind,
  type ResourceDef,
  type RoleDef,
  type SystemUserRecord,
  type RequestRecord,
} from './state.ts'

/** The row type of each collection, by the collection's name (the names a state file uses). */
export interface Collections {
  organisations: Organisation
  persons: Person
  resources: ResourceDef
  /** By package name (the last URN part). */
  accessPackages: AccessPackageDef
  roles: RoleDef
  systems: RegisteredSystem
  requests: RequestRecord
  /** By id (the vendor's correlation id), deleted ones included. */
  changeRequests: ChangeRequest
  systemUsers: SystemUserRecord
  /** An agent system user's clients, by system user id, then by client organisation number. */
  clientDelegations: ReadonlyMap<string, ClientDelegation>
  maskinportenClients: MaskinportenClient
}

export type CollectionName = keyof Collections

/** Every collection, in the order a snapshot lists them. */
export const COLLECTION_NAMES: readonly CollectionName[] = [
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
]

/** The key a row is stored under (client delegations are stored by system user id, given to `put`). */
const KEY_OF: { [C in Exclude<CollectionName, 'clientDelegations'>]: (row: Collections[C]) => string } = {
  organisations: (r) => r.orgNo,
  persons: (r) => r.pid,
  resources: (r) => r.id,
  accessPackages: (r) => r.name,
  roles: (r) => r.code,
  systems: (r) => r.id,
  requests: (r) => r.id,
  changeRequests: (r) => r.id,
  systemUsers: (r) => r.id,
  maskinportenClients: (r) => r.clientId,
}

/** What one committed transaction wrote: rows put (whole) and keys removed, by collection, and the counters. */
export interface StoreCommit {
  set?: { [C in CollectionName]?: [string, Collections[C]][] }
  delete?: { [C in CollectionName]?: string[] }
  /** The next system-user sequence number, when the transaction took one. */
  nextSequenceNo?: number
  /** The whole list, when the transaction changed it. */
  clientRelations?: ClientRelation[]
  /** Seed parts added (they shape what a reset returns to). */
  seedParts?: Partial<Seed>[]
  /** Set when the transaction was a reset: everything before it is replaced by the seed in force. */
  reset?: true
}

/** Everything the store holds, as plain data: what a state file's snapshot records. */
export interface StoreSnapshot {
  collections: { [C in CollectionName]?: [string, Collections[C]][] }
  clientRelations: ClientRelation[]
  nextSequenceNo: number
  seedParts: Partial<Seed>[]
}

/** The store's read-only side: what every rule, page and inspector reads. */
export interface StoreReader {
  readonly organisations: ReadonlyMap<string, Organisation>
  readonly persons: ReadonlyMap<string, Person>
  readonly resources: ReadonlyMap<string, ResourceDef>
  readonly accessPackages: ReadonlyMap<string, AccessPackageDef>
  readonly roles: ReadonlyMap<string, RoleDef>
  readonly systems: ReadonlyMap<string, RegisteredSystem>
  readonly requests: ReadonlyMap<string, RequestRecord>
  readonly changeRequests: ReadonlyMap<string, ChangeRequest>
  readonly systemUsers: ReadonlyMap<string, SystemUserRecord>
  readonly clientDelegations: ReadonlyMap<string, ReadonlyMap<string, ClientDelegation>>
  readonly maskinportenClients: ReadonlyMap<string, MaskinportenClient>
  readonly clientRelations: readonly ClientRelation[]
  /** The live request holding `kind|partyOrgNo|externalRef|systemId` (the newest, when several share it). */
  requestIdByKey(kind: RequestKind, partyOrgNo: string, externalRef: string, systemId: string): string | undefined
  /** Request ids of one kind and system in ascending order, from the first one >= `from` (deleted ones too). */
  requestIdsFrom(kind: RequestKind, systemId: string, from?: string): Iterable<string>
  /** The active system user of `reporteeOrgNo|externalRef|systemId`. */
  activeSystemUserId(reporteeOrgNo: string, externalRef: string, systemId: string): string | undefined
  /** A system's system users (deleted ones too) in `sequenceNo` order. */
  systemUsersOfSystem(systemId: string): readonly SystemUserRecord[]
  /** The clients of a system user (empty when it has none). */
  clientsOf(systemUserId: string): ReadonlyMap<string, ClientDelegation>
  /** The seed in force: the start seed plus every added part (what a reset returns to). */
  readonly seed: Seed
  /** Bumped by every reset: what was read before it (a portal session, say) is of another state. */
  readonly generation: number
}

/** The verbs of a write. Reads inside a transaction see its own writes. */
export interface StoreTransaction {
  /** Insert or replace a row (client delegations: the whole client map of `key`, the system user's id). */
  put<C extends Exclude<CollectionName, 'clientDelegations'>>(collection: C, row: Collections[C]): void
  put(collection: 'clientDelegations', row: ReadonlyMap<string, ClientDelegation>, key: string): void
  /** Remove a row for good (rows with `isDeleted` are soft-deleted by putting them with it set). */
  remove(collection: CollectionName, key: string): void
  /** The next system-user sequence number (taken: the next call gets the one after). */
  takeSequenceNo(): number
  /** Add or widen a client relation (roles and packages are merged into an existing one). */
  addClientRelation(relation: ClientRelation): void
  /** End a client relation (the facilitator no longer has the client). */
  removeClientRelation(facilitatorOrgNo: string, clientOrgNo: string): void
  /** Add a seed part: its rows now, and to the seed in force (a reset keeps it). */
  addSeed(part: Partial<Seed>, now: number): void
}

export interface Store extends StoreReader {
  /**
   * Run `change` as one transaction: committed when it returns, undone when it throws (the error is rethrown).
   * A `write` inside another joins it.
   */
  write<T>(change: (tx: StoreTransaction) => T): T
  /** Replace everything by what the seed in force describes (systems registered as if created at `now`). */
  reset(now: number): void
  /** Be told of every commit; returns the function that stops it. */
  subscribe(listener: (commit: StoreCommit) => void): () => void
  /** Everything, as plain data. */
  snapshot(): StoreSnapshot
  /** Replace everything by a snapshot and the commits after it (loading saved state); not a commit itself. */
  restore(snapshot: StoreSnapshot, commits?: Iterable<StoreCommit>): void
}

type Undo = () => void

interface Pending {
  undo: Undo[]
  touched: Map<CollectionName, Set<string>>
  sequenceTaken: boolean
  relationsChanged: boolean
  seedParts: Partial<Seed>[]
}

const EMPTY_CLIENTS: ReadonlyMap<string, ClientDelegation> = new Map()
const NO_USERS: readonly SystemUserRecord[] = []

/**
 * A store holding what `seed` describes.
 *
 * @example
 * ```ts
 * const store = createStore(loadDefaultSeed(), Date.now())
 * store.systems.get('318882703_smartcloud')?.isVisible // true
 * ```
 */
export function createStore(startSeed: Seed, now: number): Store {
  let seed = startSeed
  /** The parts added to the start seed, in order (the seed in force is the start seed with these). */
  let addedParts: Partial<Seed>[] = []
  let generation = 0
  const tables = new Map<CollectionName, Map<string, unknown>>(COLLECTION_NAMES.map((c) => [c, new Map()]))
  const table = <C extends CollectionName>(c: C) => tables.get(c) as Map<string, Collections[C]>
  let clientRelations: ClientRelation[] = []
  let nextSequenceNo = 1
  // Indexes, kept by `apply` alone.
  let requestsBySystem = new Map<string, SortedKeys>()
  let requestsByKey = new Map<string, string>()
  let systemUsersBySystem = new Map<string, SystemUserRecord[]>()
  let activeSystemUsersByKey = new Map<string, string>()
  const listeners = new Set<(commit: StoreCommit) => void>()
  let pending: Pending | undefined

  /** Record how to put back what is about to change (only inside a transaction). */
  const remember = (undo: Undo) => pending?.undo.push(undo)

  function setIndex<K, V>(map: Map<K, V>, key: K, value: V | undefined): void {
    const before = map.get(key)
    if (before === value) return
    remember(() => (before === undefined ? map.delete(key) : map.set(key, before)))
    if (value === undefined) map.delete(key)
    else map.set(key, value)
  }

  /** The newest live request of a key other than `except` (Altinn has no unique key on the triple; audit §2 D8). */
  function heirOf(key: string, kind: RequestKind, systemId: string, except: string): string | undefined {
    let heir: RequestRecord | undefined
    const ids = requestsBySystem.get(`${kind}|${systemId}`)
    if (!ids) return undefined
    for (const id of keysFrom(ids)) {
      const r = table('requests').get(id)!
      if (id !== except && !r.isDeleted && requestKey(r.kind, r.partyOrgNo, r.externalRef, r.systemId) === key && (!heir || r.created >= heir.created)) heir = r
    }
    return heir?.id
  }

  function indexRequest(before: RequestRecord | undefined, after: RequestRecord | undefined): void {
    const row = (after ?? before)!
    const listKey = `${row.kind}|${row.systemId}`
    const key = requestKey(row.kind, row.partyOrgNo, row.externalRef, row.systemId)
    if (!before) {
      let ids = requestsBySystem.get(listKey)
      if (!ids) setIndex(requestsBySystem, listKey, (ids = createSortedKeys()))
      const list = ids
      insertKey(list, row.id)
      remember(() => removeKey(list, row.id))
      // A new live request takes its key, even from an older live one.
      if (!row.isDeleted) setIndex(requestsByKey, key, row.id)
      return
    }
    if (!after) {
      const list = requestsBySystem.get(listKey)
      if (list && removeKey(list, row.id)) remember(() => insertKey(list, row.id))
      if (requestsByKey.get(key) === row.id) setIndex(requestsByKey, key, heirOf(key, row.kind, row.systemId, row.id))
      return
    }
    if (after.isDeleted && requestsByKey.get(key) === row.id) setIndex(requestsByKey, key, heirOf(key, row.kind, row.systemId, row.id))
    else if (!after.isDeleted && before.isDeleted && requestsByKey.get(key) === undefined) setIndex(requestsByKey, key, row.id)
  }

  function indexSystemUser(before: SystemUserRecord | undefined, after: SystemUserRecord | undefined): void {
    const row = (after ?? before)!
    const key = systemUserKey(row.reporteeOrgNo, row.externalRef, row.systemId)
    let list = systemUsersBySystem.get(row.systemId)
    if (!list) setIndex(systemUsersBySystem, row.systemId, (list = []))
    const users = list
    const at = users.findIndex((u) => u.id === row.id)
    if (at >= 0) {
      const old = users[at]!
      if (after) users[at] = after
      else users.splice(at, 1)
      remember(() => (after ? (users[at] = old) : users.splice(at, 0, old)))
    } else if (after) {
      // Sequence numbers only grow, so a new user goes last (restoring saved state sorts once instead).
      let i = users.length
      while (i > 0 && users[i - 1]!.sequenceNo > after.sequenceNo) i--
      users.splice(i, 0, after)
      remember(() => users.splice(users.indexOf(after), 1))
    }
    if (after && !after.isDeleted) setIndex(activeSystemUsersByKey, key, after.id)
    else if (activeSystemUsersByKey.get(key) === row.id) setIndex(activeSystemUsersByKey, key, undefined)
  }

  /** Change one row and its indexes; remembers how to undo both. */
  function apply(c: CollectionName, key: string, after: unknown): void {
    const map = tables.get(c)!
    const before = map.get(key)
    if (before === after) return
    if (after === undefined) map.delete(key)
    else map.set(key, after)
    remember(() => (before === undefined ? map.delete(key) : map.set(key, before)))
    if (c === 'requests') indexRequest(before as RequestRecord | undefined, after as RequestRecord | undefined)
    else if (c === 'systemUsers') indexSystemUser(before as SystemUserRecord | undefined, after as SystemUserRecord | undefined)
    if (pending) {
      let keys = pending.touched.get(c)
      if (!keys) pending.touched.set(c, (keys = new Set()))
      keys.add(key)
    }
  }

  function mergeRelation(relation: ClientRelation): void {
    const at = clientRelations.findIndex((x) => x.facilitatorOrgNo === relation.facilitatorOrgNo && x.clientOrgNo === relation.clientOrgNo)
    const before = clientRelations
    const existing = clientRelations[at]
    const merged: ClientRelation = existing
      ? { ...existing, roles: [...new Set([...existing.roles, ...relation.roles])], accessPackages: [...new Set([...existing.accessPackages, ...relation.accessPackages])] }
      : { ...relation, roles: [...relation.roles], accessPackages: [...relation.accessPackages] }
    clientRelations = existing ? clientRelations.map((x, i) => (i === at ? merged : x)) : [...clientRelations, merged]
    remember(() => (clientRelations = before))
    if (pending) pending.relationsChanged = true
  }

  function addRows(part: Partial<Seed>, at: number): void {
    const rows = rowsOfSeed(part, at)
    for (const c of COLLECTION_NAMES) {
      if (c === 'clientDelegations') continue
      for (const row of rows[c as keyof typeof rows] ?? []) apply(c, (KEY_OF[c] as (r: unknown) => string)(row), row)
    }
    for (const r of part.clientRelations ?? []) mergeRelation(r)
  }

  const tx: StoreTransaction = {
    put(collection: CollectionName, row: unknown, key?: string) {
      if (collection === 'clientDelegations') {
        if (key === undefined) throw new TypeError('put(clientDelegations) needs the system user id as its key')
        apply(collection, key, (row as ReadonlyMap<string, ClientDelegation>).size ? row : undefined)
      } else apply(collection, (KEY_OF[collection] as (r: unknown) => string)(row), row)
    },
    remove(collection, key) {
      apply(collection, key, undefined)
    },
    takeSequenceNo() {
      const n = nextSequenceNo++
      remember(() => (nextSequenceNo = n))
      if (pending) pending.sequenceTaken = true
      return n
    },
    addClientRelation: mergeRelation,
    removeClientRelation(facilitatorOrgNo, clientOrgNo) {
      const before = clientRelations
      clientRelations = clientRelations.filter((x) => x.facilitatorOrgNo !== facilitatorOrgNo || x.clientOrgNo !== clientOrgNo)
      if (clientRelations.length === before.length) return
      remember(() => (clientRelations = before))
      if (pending) pending.relationsChanged = true
    },
    addSeed(part, at) {
      const before = seed
      const beforeParts = addedParts
      seed = mergeSeed(seed, part)
      addedParts = [...addedParts, part]
      remember(() => ((seed = before), (addedParts = beforeParts)))
      pending?.seedParts.push(part)
      addRows(part, at)
    },
  } as StoreTransaction

  function commitOf(p: Pending): StoreCommit | undefined {
    const commit: StoreCommit = {}
    for (const [c, keys] of p.touched) {
      const map = tables.get(c)!
      for (const k of keys) {
        const row = map.get(k)
        if (row === undefined) ((commit.delete ??= {})[c] ??= []).push(k)
        else (((commit.set ??= {}) as Record<string, [string, unknown][]>)[c] ??= []).push([k, row])
      }
    }
    if (p.sequenceTaken) commit.nextSequenceNo = nextSequenceNo
    if (p.relationsChanged) commit.clientRelations = clientRelations
    if (p.seedParts.length) commit.seedParts = p.seedParts
    return Object.keys(commit).length ? commit : undefined
  }

  function publish(commit: StoreCommit): void {
    for (const listener of listeners) listener(commit)
  }

  function clearAll(): void {
    for (const map of tables.values()) map.clear()
    clientRelations = []
    nextSequenceNo = 1
    requestsBySystem = new Map()
    requestsByKey = new Map()
    systemUsersBySystem = new Map()
    activeSystemUsersByKey = new Map()
    generation++
  }

  /** Rebuild the indexes from the rows (after loading saved state): one sort instead of an insert per row. */
  function rebuildIndexes(): void {
    const idsBySystem = new Map<string, string[]>()
    for (const r of table('requests').values()) {
      const listKey = `${r.kind}|${r.systemId}`
      let list = idsBySystem.get(listKey)
      if (!list) idsBySystem.set(listKey, (list = []))
      list.push(r.id)
      // In insertion order, so the newest of several live requests of a key holds it.
      if (!r.isDeleted) requestsByKey.set(requestKey(r.kind, r.partyOrgNo, r.externalRef, r.systemId), r.id)
    }
    for (const [listKey, list] of idsBySystem) requestsBySystem.set(listKey, createSortedKeys(list.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))))
    const users = [...table('systemUsers').values()].sort((a, b) => a.sequenceNo - b.sequenceNo)
    for (const u of users) {
      let list = systemUsersBySystem.get(u.systemId)
      if (!list) systemUsersBySystem.set(u.systemId, (list = []))
      list.push(u)
      if (!u.isDeleted) activeSystemUsersByKey.set(systemUserKey(u.reporteeOrgNo, u.externalRef, u.systemId), u.id)
    }
  }

  function load(at: number): void {
    clearAll()
    addRows(seed, at)
  }

  const store: Store = {
    organisations: table('organisations'),
    persons: table('persons'),
    resources: table('resources'),
    accessPackages: table('accessPackages'),
    roles: table('roles'),
    systems: table('systems'),
    requests: table('requests'),
    changeRequests: table('changeRequests'),
    systemUsers: table('systemUsers'),
    clientDelegations: table('clientDelegations'),
    maskinportenClients: table('maskinportenClients'),
    get clientRelations() {
      return clientRelations
    },
    get seed() {
      return seed
    },
    get generation() {
      return generation
    },
    requestIdByKey: (kind, partyOrgNo, externalRef, systemId) => requestsByKey.get(requestKey(kind, partyOrgNo, externalRef, systemId)),
    requestIdsFrom(kind, systemId, from) {
      const ids = requestsBySystem.get(`${kind}|${systemId}`)
      return ids ? keysFrom(ids, from) : []
    },
    activeSystemUserId: (reporteeOrgNo, externalRef, systemId) => activeSystemUsersByKey.get(systemUserKey(reporteeOrgNo, externalRef, systemId)),
    systemUsersOfSystem: (systemId) => systemUsersBySystem.get(systemId) ?? NO_USERS,
    clientsOf: (systemUserId) => table('clientDelegations').get(systemUserId) ?? EMPTY_CLIENTS,

    write<T>(change: (t: StoreTransaction) => T): T {
      if (pending) return change(tx)
      const p: Pending = { undo: [], touched: new Map(), sequenceTaken: false, relationsChanged: false, seedParts: [] }
      pending = p
      let result: T
      try {
        result = change(tx)
      } catch (e) {
        pending = undefined
        for (let i = p.undo.length - 1; i >= 0; i--) p.undo[i]!()
        throw e
      }
      pending = undefined
      const commit = commitOf(p)
      if (commit) publish(commit)
      return result
    },
    reset(at) {
      if (pending) throw new Error('reset() cannot run inside a transaction')
      load(at)
      publish({ reset: true })
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    snapshot() {
      const collections: StoreSnapshot['collections'] = {}
      for (const c of COLLECTION_NAMES) (collections as Record<string, unknown>)[c] = [...tables.get(c)!.entries()]
      return { collections, clientRelations, nextSequenceNo, seedParts: addedParts }
    },
    restore(snapshot, commits = []) {
      if (pending) throw new Error('restore() cannot run inside a transaction')
      seed = startSeed
      addedParts = []
      const addPart = (part: Partial<Seed>) => {
        seed = mergeSeed(seed, part)
        addedParts = [...addedParts, part]
      }
      snapshot.seedParts.forEach(addPart)
      clearAll()
      const put = (c: CollectionName, entries: [string, unknown][] | undefined) => {
        for (const [k, v] of entries ?? []) tables.get(c)!.set(k, v)
      }
      for (const c of COLLECTION_NAMES) put(c, snapshot.collections[c])
      clientRelations = snapshot.clientRelations
      nextSequenceNo = snapshot.nextSequenceNo
      for (const commit of commits) {
        commit.seedParts?.forEach(addPart)
        for (const c of COLLECTION_NAMES) {
          put(c, commit.set?.[c] as [string, unknown][] | undefined)
          for (const k of commit.delete?.[c] ?? []) tables.get(c)!.delete(k)
        }
        if (commit.nextSequenceNo !== undefined) nextSequenceNo = commit.nextSequenceNo
        if (commit.clientRelations !== undefined) clientRelations = commit.clientRelations
      }
      rebuildIndexes()
    },
  }

  load(now)
  return store
}

/** The seed with a part's items appended (the mock's own keys never change). */
export function mergeSeed(seed: Seed, part: Partial<Seed>): Seed {
  const merged = { ...seed }
  for (const key of ['organisations', 'persons', 'resources', 'accessPackages', 'roles', 'clientRelations', 'systems', 'maskinportenClients'] as const) {
    const items = part[key]
    if (items?.length) (merged as Record<string, unknown>)[key] = [...seed[key], ...items]
  }
  return merged
}

