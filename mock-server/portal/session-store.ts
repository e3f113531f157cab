/**
 * Portal sessions: what the mock ID-porten login leaves behind. One store per mock instance (kept beside it,
 * not in its domain state), a random id in an HttpOnly, SameSite=Lax cookie, a CSRF token per session.
 *
 * A session starts anonymous when the login page is shown (so the login form itself carries a CSRF token) and
 * is replaced by a new one with a new id when the person logs in, so an id planted before login is worthless.
 *
 * Session lifetimes use the wall clock, not the mock's controllable clock: advancing the mock 181 days to
 * time a request out should not also log the tester out. Going back to the seed (`POST /__mock/reset`) ends
 * every session, as the people and organisations they referred to are new.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { MockAltinn } from '../core/mock-altinn.ts'
import { UI } from '../kit/paths.ts'

/** The cookie that carries the session id. */
export const SESSION_COOKIE = 'AltinnPortalSession'
/** Where the cookie is sent: only the portal's pages. */
const SESSION_COOKIE_PATH = UI
/** Altinn ends an idle session after 30 minutes. */
const IDLE_MS = 30 * 60 * 1000
/** Sessions kept per mock; the oldest go first, so a flood of anonymous visits cannot exhaust memory. */
const MAX_SESSIONS = 5000

export interface PortalSession {
  readonly id: string
  /** Per session, random; every form that changes state must send it back. */
  readonly csrfToken: string
  /** The logged-in person (absent while anonymous). */
  pid?: string
  /** The organisation the person acts for (the "reportee"). */
  actingForOrgNo?: string
  /** A one-time notice for the next page ("Klienten er lagt til"). */
  flash?: string
  lastSeen: number
  /** The store's generation when the session began; a reset bumps it and so ends the session. */
  readonly generation: number
}

// '.js', not '.ts': an augmentation's name is not rewritten in the published '.d.ts' files.
declare module '../core/mock-altinn.js' {
  interface MockParts {
    /** The portal's sessions by id (see `portal/session-store.ts`). */
    portalSessions?: Map<string, PortalSession>
  }
}

function storeOf(mock: MockAltinn): Map<string, PortalSession> {
  return (mock.parts.portalSessions ??= new Map())
}

function newSecret(): string {
  return randomBytes(32).toString('base64url')
}

/**
 * Start a session (anonymous, or for a person) and return it; the caller sets the cookie.
 *
 * @example
 * ```ts
 * const session = createSession(mock, { pid: '03827150095' })
 * ```
 */
export function createSession(mock: MockAltinn, init: { pid?: string; actingForOrgNo?: string } = {}): PortalSession {
  const store = storeOf(mock)
  while (store.size >= MAX_SESSIONS) store.delete(store.keys().next().value!)
  const session: PortalSession = { id: newSecret(), csrfToken: newSecret(), lastSeen: Date.now(), generation: mock.store.generation, ...init }
  store.set(session.id, session)
  return session
}

/**
 * The live session named by the request's cookie header, if any (an idle one is ended here).
 *
 * @example
 * ```ts
 * const session = findSession(mock, req.headers.cookie)
 * ```
 */
export function findSession(mock: MockAltinn, cookieHeader: string | undefined): PortalSession | undefined {
  const id = readCookie(cookieHeader, SESSION_COOKIE)
  if (!id) return undefined
  const store = storeOf(mock)
  const session = store.get(id)
  if (!session) return undefined
  const now = Date.now()
  if (now - session.lastSeen > IDLE_MS || session.generation !== mock.store.generation) {
    store.delete(id)
    return undefined
  }
  session.lastSeen = now
  return session
}

/**
 * End a session (log out).
 *
 * @example
 * ```ts
 * endSession(mock, session)
 * ```
 */
export function endSession(mock: MockAltinn, session: PortalSession | undefined): void {
  if (session) storeOf(mock).delete(session.id)
}

/**
 * Whether a submitted CSRF token is the session's, compared in constant time.
 *
 * @example
 * ```ts
 * isValidCsrfToken(session, form.get('_csrf')) // false for a forged form
 * ```
 */
export function isValidCsrfToken(session: PortalSession | undefined, submitted: string | null | undefined): boolean {
  if (!session || typeof submitted !== 'string') return false
  const expected = Buffer.from(session.csrfToken, 'utf8')
  const given = Buffer.from(submitted, 'utf8')
  if (given.length !== expected.length) return false
  return timingSafeEqual(given, expected)
}

/**
 * The `Set-Cookie` value for a session; `Secure` when the portal is served over https.
 *
 * @example
 * ```ts
 * sessionCookie(session, true) // 'AltinnPortalSession=...; Path=/accessmanagement/ui; HttpOnly; SameSite=Lax; Secure'
 * ```
 */
export function sessionCookie(session: PortalSession, secure: boolean): string {
  return `${SESSION_COOKIE}=${session.id}; Path=${SESSION_COOKIE_PATH}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`
}

/**
 * The `Set-Cookie` value that removes the session cookie.
 *
 * @example
 * ```ts
 * clearedSessionCookie(false)
 * ```
 */
export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=${SESSION_COOKIE_PATH}; HttpOnly; SameSite=Lax; Max-Age=0${secure ? '; Secure' : ''}`
}

/**
 * One cookie's value from a `Cookie` header (the first one wins if a name repeats, as most servers read it).
 * Pairs are split on `;` and also on `,`, which no cookie value may contain: some clients join repeated
 * cookie headers with a comma.
 *
 * @example
 * ```ts
 * readCookie('a=1; AltinnPortalSession=xyz', 'AltinnPortalSession') // 'xyz'
 * ```
 */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined
  for (const part of header.split(/[;,]\s*/)) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || undefined
  }
  return undefined
}
