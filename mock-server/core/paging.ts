/**
 * Altinn's paging: an opaque `token` (base64url, no padding, of the JSON of the continuation key) and
 * `links.next` as an absolute URL. The key is the first item of the next page, read with `>=`, so no item is
 * skipped at a page boundary. Two deliberate deviations (docs/altinn-differences.md, audit §2 D11 and D22):
 * Altinn's request lists read the next page with `r.id > @continue_from` after `Page.Create` has made the token
 * from that page's first item, so they skip one item at each boundary (RequestRepository.cs
 * `GetAllRequestsBySystem`); and its change-request list ignores the token, so `next` leads back to page one.
 */
import { modelStateError } from './errors.ts'

/** Encode a continuation key as Altinn's opaque token. */
export function encodePageToken(key: string | number): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url')
}

/** Decode a token; a token that is not one of ours is a 400, as ASP.NET answers a value it cannot bind. */
export function decodePageToken<T extends 'string' | 'number'>(token: string, kind: T): T extends 'string' ? string : number {
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))
  } catch {
    value = undefined
  }
  if (typeof value !== kind) throw modelStateError({ token: [`The value '${token.slice(0, 100)}' is not valid.`] })
  return value as T extends 'string' ? string : number
}

/** Index of the first element >= key in a sorted array. */
export function lowerBound<T>(sorted: readonly T[], key: T, compare: (a: T, b: T) => number = (a, b) => (a < b ? -1 : a > b ? 1 : 0)): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (compare(sorted[mid]!, key) < 0) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * Keys in ascending order, kept in chunks of a bounded size: an insert moves at most a chunk's keys, so it costs
 * the same with 1 000 or 100 000 keys (one sorted array moved half of them on every insert, with random GUIDs).
 * Plain data, so a copy of the state compares and clones like the rest.
 */
export interface SortedKeys {
  chunks: string[][]
  size: number
}

/** Keys per chunk before it is split in two. */
const MAX_CHUNK = 512

/**
 * A sorted key list, from keys already in ascending order.
 *
 * @example
 * ```ts
 * const ids = createSortedKeys(['a', 'c'])
 * insertKey(ids, 'b')
 * [...keysFrom(ids, 'b')] // ['b', 'c']
 * ```
 */
export function createSortedKeys(sorted: readonly string[] = []): SortedKeys {
  const chunks: string[][] = []
  for (let i = 0; i < sorted.length; i += MAX_CHUNK / 2) chunks.push(sorted.slice(i, i + MAX_CHUNK / 2))
  return { chunks, size: sorted.length }
}

/** Index of the chunk a key belongs in: the last whose first key is <= key (0 when none is). */
function chunkFor(list: SortedKeys, key: string): number {
  let lo = 0
  let hi = list.chunks.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (list.chunks[mid]![0]! <= key) lo = mid + 1
    else hi = mid
  }
  return Math.max(0, lo - 1)
}

/**
 * Insert a key, keeping the order.
 *
 * @example
 * ```ts
 * insertKey(ctx.store.requestsBySystem.get(listKey)!, request.id)
 * ```
 */
export function insertKey(list: SortedKeys, key: string): void {
  list.size++
  if (list.chunks.length === 0) {
    list.chunks.push([key])
    return
  }
  const at = chunkFor(list, key)
  const chunk = list.chunks[at]!
  chunk.splice(lowerBound(chunk, key), 0, key)
  if (chunk.length > MAX_CHUNK) list.chunks.splice(at + 1, 0, chunk.splice(MAX_CHUNK / 2))
}

/** Remove a key; false when it was not there. */
export function removeKey(list: SortedKeys, key: string): boolean {
  if (list.chunks.length === 0) return false
  const at = chunkFor(list, key)
  const chunk = list.chunks[at]!
  const i = lowerBound(chunk, key)
  if (chunk[i] !== key) return false
  chunk.splice(i, 1)
  if (chunk.length === 0) list.chunks.splice(at, 1)
  list.size--
  return true
}

/**
 * The keys from the first one >= `from` (from the start without it), in order.
 *
 * @example
 * ```ts
 * for (const id of keysFrom(ids, decodePageToken(token, 'string'))) ...
 * ```
 */
export function* keysFrom(list: SortedKeys, from?: string): Generator<string> {
  let at = from === undefined ? 0 : chunkFor(list, from)
  let i = from === undefined || list.chunks.length === 0 ? 0 : lowerBound(list.chunks[at]!, from)
  for (; at < list.chunks.length; at++, i = 0) {
    const chunk = list.chunks[at]!
    for (; i < chunk.length; i++) yield chunk[i]!
  }
}

/** One page: the items and, when more follow, the key of the first item of the next page. */
export interface Page<T> {
  items: T[]
  nextKey?: string | number
}
