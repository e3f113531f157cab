/**
 * The token cache of one Maskinporten client: a token per key (scopes, organisation, external reference, issuer)
 * until shortly before it expires, and one grant in flight per key however many callers wait. A caller that aborts
 * stops waiting; the grant goes on for the others.
 */
import type { AccessToken } from './grant.ts'

/** How many tokens are kept before the stale ones are swept out. */
const SWEEP_AT = 500

interface CachedToken {
  token: AccessToken
  obtainedAt: number
}

/** The cache and its single flight. */
export interface TokenCache {
  /** The cached token for `key`, or the one grant in flight for it, or a new one from `produce`. */
  obtain(key: string, produce: () => Promise<AccessToken>, options: { forceRefresh?: boolean | undefined; signal?: AbortSignal | undefined }): Promise<AccessToken>
  /** Forget every cached token (grants in flight finish, and are cached). */
  clear(): void
}

/** Resolve `promise`, or reject with the signal's reason once it aborts (the shared work goes on for others). */
function raceWithSignal<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (v) => (signal.removeEventListener('abort', onAbort), resolve(v)),
      (e) => (signal.removeEventListener('abort', onAbort), reject(e)),
    )
  })
}

/**
 * A cache that renews a token `renewBeforeMs` before it expires, or at half its lifetime when that comes sooner
 * (a short-lived token is never served in its last half).
 */
export function createTokenCache(options: { now: () => number; renewBeforeMs: number }): TokenCache {
  const { now, renewBeforeMs } = options
  const cache = new Map<string, CachedToken>()
  const inflight = new Map<string, Promise<AccessToken>>()

  function isFresh(entry: CachedToken | undefined): entry is CachedToken {
    if (!entry) return false
    const expires = entry.token.expiresAt.getTime()
    const margin = Math.min(renewBeforeMs, (expires - entry.obtainedAt) / 2)
    return now() < expires - margin
  }

  function remember(key: string, token: AccessToken): void {
    if (cache.size >= SWEEP_AT) for (const [k, v] of cache) if (!isFresh(v)) cache.delete(k)
    cache.set(key, { token, obtainedAt: now() })
  }

  return {
    obtain(key, produce, callOptions) {
      const cached = cache.get(key)
      if (!callOptions.forceRefresh && isFresh(cached)) return Promise.resolve(cached.token)
      let pending = inflight.get(key)
      if (!pending) {
        pending = produce()
          .then((token) => (remember(key, token), token))
          .finally(() => inflight.delete(key))
        inflight.set(key, pending)
      }
      return raceWithSignal(pending, callOptions.signal)
    },
    clear() {
      cache.clear()
    },
  }
}
