/**
 * Altinn's paging: an opaque `token` (base64url, no padding, of the JSON of the continuation key) and
 * `links.next` as an absolute URL. The key is the first item of the next page, read with `>=`, so no item is
 * skipped at a page boundary (Altinn's request lists skip one there; the mock does not copy that bug).
 */
import { PlainHttpError } from './errors.ts'

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
  if (typeof value !== kind) throw new PlainHttpError(400, undefined, { token: [`The value '${token.slice(0, 100)}' is not valid.`] })
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

/** Insert into a sorted array, keeping it sorted. */
export function insertSorted(sorted: string[], key: string): void {
  sorted.splice(lowerBound(sorted, key), 0, key)
}

/** One page: the items and, when more follow, the key of the first item of the next page. */
export interface Page<T> {
  items: T[]
  nextKey?: string | number
}
