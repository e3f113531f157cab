import { describe, expect, it } from 'vitest'
import { compilePathPattern } from '../../mock-server/harness/path-pattern.ts'

describe('fault and journal path patterns', () => {
  it('matches a wildcard across slashes and ignores case, as ASP.NET routes do', () => {
    const p = compilePathPattern('/authentication/api/v1/systemuser/request/vendor/*')
    expect(p.test('/authentication/api/v1/systemuser/request/vendor/0b9e2f50-0000-4000-a000-000000000001')).toBe(true)
    expect(p.test('/Authentication/API/v1/systemuser/request/vendor/agent/x')).toBe(true)
    expect(p.test('/authentication/api/v1/systemuser/request/vendor')).toBe(false)
    expect(p.test('/authentication/api/v1/systemuser/vendor/bysystem/x')).toBe(false)
  })

  it('matches a path without wildcards exactly, trailing slash included', () => {
    expect(compilePathPattern('/maskinporten/token').test('/maskinporten/token')).toBe(true)
    expect(compilePathPattern('/maskinporten/token').test('/maskinporten/token/x')).toBe(false)
    expect(compilePathPattern('/maskinporten/').test('/maskinporten/')).toBe(true)
    expect(compilePathPattern('/maskinporten/').test('/maskinporten/token')).toBe(false)
  })

  it('reads a value between slashes with regex syntax as a regular expression searched in the path', () => {
    const p = compilePathPattern('/token$/')
    expect(p.test('/maskinporten/token')).toBe(true)
    expect(p.test('/maskinporten/token/x')).toBe(false)
    expect(compilePathPattern('/request\\/vendor\\/[0-9a-f-]{36}$/').test('/authentication/api/v1/systemuser/request/vendor/0b9e2f50-0000-4000-a000-000000000001')).toBe(true)
  })

  it('does not treat regex metacharacters in a wildcard path as syntax', () => {
    const p = compilePathPattern('/a.b/*')
    expect(p.test('/a.b/c')).toBe(true)
    expect(p.test('/aXb/c')).toBe(false)
  })

  it('refuses an empty, overlong or invalid pattern with a readable reason', () => {
    expect(() => compilePathPattern('')).toThrow('empty')
    expect(() => compilePathPattern(`/${'a'.repeat(600)}`)).toThrow('longer than 500')
    expect(() => compilePathPattern('/(unclosed$/')).toThrow('regular expression is not valid')
  })
})
