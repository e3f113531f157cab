import { describe, expect, it } from 'vitest'
import { createMockAltinn } from '../../../mock-server/core/mock-altinn.ts'
import { loadDefaultSeed } from '../../../mock-server/seed/index.ts'
import {
  clearedSessionCookie,
  createSession,
  endSession,
  findSession,
  isValidCsrfToken,
  readCookie,
  SESSION_COOKIE,
  sessionCookie,
} from '../../../mock-server/portal/session-store.ts'
import { STADIG_KONSERT } from '../../../mock-server/seed/personas.ts'

const seed = loadDefaultSeed()
const aMock = () => createMockAltinn({ seed, origin: 'http://127.0.0.1:5101' })
const cookieFor = (id: string) => `other=1; ${SESSION_COOKIE}=${id}`

describe('portal sessions', () => {
  it('finds a session by its cookie in the mock that made it, and in no other mock', () => {
    const mock = aMock()
    const session = createSession(mock, { pid: STADIG_KONSERT })
    expect(findSession(mock, cookieFor(session.id))).toBe(session)
    expect(findSession(aMock(), cookieFor(session.id))).toBeUndefined()
  })

  it('gives every session its own random id and CSRF token', () => {
    const mock = aMock()
    const ids = new Set<string>()
    for (let i = 0; i < 50; i++) {
      const s = createSession(mock)
      ids.add(s.id)
      ids.add(s.csrfToken)
    }
    expect(ids.size).toBe(100)
  })

  it('ends a session at logout and when the mock goes back to the seed', () => {
    const mock = aMock()
    const a = createSession(mock, { pid: STADIG_KONSERT })
    endSession(mock, a)
    expect(findSession(mock, cookieFor(a.id))).toBeUndefined()
    const b = createSession(mock, { pid: STADIG_KONSERT })
    mock.reset()
    expect(findSession(mock, cookieFor(b.id))).toBeUndefined()
  })

  it('accepts only the session\'s own CSRF token', () => {
    const mock = aMock()
    const s = createSession(mock)
    expect(isValidCsrfToken(s, s.csrfToken)).toBe(true)
    expect(isValidCsrfToken(s, createSession(mock).csrfToken)).toBe(false)
    expect(isValidCsrfToken(s, `${s.csrfToken}a`)).toBe(false)
    expect(isValidCsrfToken(s, '')).toBe(false)
    expect(isValidCsrfToken(s, null)).toBe(false)
    expect(isValidCsrfToken(undefined, s.csrfToken)).toBe(false)
  })

  it('reads the first cookie of a name, also from headers joined with commas', () => {
    expect(readCookie(`a=1; ${SESSION_COOKIE}=first; ${SESSION_COOKIE}=second`, SESSION_COOKIE)).toBe('first')
    expect(readCookie(`${SESSION_COOKIE}=first, ${SESSION_COOKIE}=second`, SESSION_COOKIE)).toBe('first')
    expect(readCookie('a=1', SESSION_COOKIE)).toBeUndefined()
    expect(readCookie(`${SESSION_COOKIE}=`, SESSION_COOKIE)).toBeUndefined()
    expect(readCookie(undefined, SESSION_COOKIE)).toBeUndefined()
  })

  it('writes the cookie HttpOnly and SameSite=Lax, Secure over https, and clears it with Max-Age=0', () => {
    const s = createSession(aMock())
    expect(sessionCookie(s, false)).toBe(`${SESSION_COOKIE}=${s.id}; Path=/accessmanagement/ui; HttpOnly; SameSite=Lax`)
    expect(sessionCookie(s, true)).toMatch(/; Secure$/)
    expect(clearedSessionCookie(false)).toBe(`${SESSION_COOKIE}=; Path=/accessmanagement/ui; HttpOnly; SameSite=Lax; Max-Age=0`)
  })

  it('keeps at most a bounded number of sessions per mock, dropping the oldest', () => {
    const mock = aMock()
    const first = createSession(mock, { pid: STADIG_KONSERT })
    for (let i = 0; i < 5000; i++) createSession(mock)
    expect(findSession(mock, cookieFor(first.id))).toBeUndefined()
  })
})
