import { describe, expect, it } from 'vitest'
import { compilePathFilter, compilePathPattern, PathPatternError } from '../../../mock-server/harness/path-pattern.ts'

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

  it('refuses a value between slashes with regex syntax, saying to use a glob, and never compiles it', () => {
    const built: unknown[] = []
    const Original = globalThis.RegExp
    globalThis.RegExp = new Proxy(Original, {
      construct(target, args) {
        built.push(args[0])
        return Reflect.construct(target, args)
      },
      apply(target, self, args) {
        built.push(args[0])
        return Reflect.apply(target, self, args)
      },
    })
    try {
      for (const p of ['/token$/', '/(a+)+$/', '/request\\/vendor\\/[0-9a-f-]{36}$/', '/^x/i']) {
        expect(() => compilePathPattern(p)).toThrow(PathPatternError)
        expect(() => compilePathPattern(p)).toThrow(/use a glob/)
        expect(() => compilePathFilter(p)).toThrow(/use a glob/)
      }
    } finally {
      globalThis.RegExp = Original
    }
    expect(built).toEqual([])
  })

  it('matches globs with several stars, leftmost first, and a double star like a single one', () => {
    expect(compilePathPattern('*/token').test('/maskinporten/token')).toBe(true)
    expect(compilePathPattern('*/token').test('/maskinporten/token/x')).toBe(false)
    expect(compilePathPattern('/a/*/c/*/e').test('/a/b/c/d/e')).toBe(true)
    expect(compilePathPattern('/a/*/c/*/e').test('/a/c/e')).toBe(false)
    expect(compilePathPattern('/a/**/e').test('/a/b/c/d/e')).toBe(true)
    expect(compilePathPattern('*ab*ab*').test('xabab')).toBe(true)
    expect(compilePathPattern('*ab*ab*').test('xaba')).toBe(false)
    expect(compilePathPattern('ab*ba').test('aba')).toBe(false)
    expect(compilePathPattern('*').test('')).toBe(true)
  })

  it('answers a pattern built to make a backtracking matcher explode by looking at each character a bounded number of times', () => {
    const path = `/${'a'.repeat(5000)}`
    expect(compilePathPattern(`${'*a'.repeat(200)}*b`).test(path)).toBe(false)
    expect(compilePathPattern('/(a+)+$').test(path)).toBe(false)
  })

  it('filters the journal by text the path contains when there is no star', () => {
    expect(compilePathFilter('systemuser/REQUEST').test('/authentication/api/v1/systemuser/request/vendor')).toBe(true)
    expect(compilePathFilter('/maskinporten/').test('/maskinporten/token')).toBe(true)
    expect(compilePathFilter('/healthz').test('/maskinporten/token')).toBe(false)
  })

  it('does not treat regex metacharacters in a wildcard path as syntax', () => {
    const p = compilePathPattern('/a.b/*')
    expect(p.test('/a.b/c')).toBe(true)
    expect(p.test('/aXb/c')).toBe(false)
  })

  it('refuses an empty, overlong or invalid pattern with a readable reason', () => {
    expect(() => compilePathPattern('')).toThrow('empty')
    expect(() => compilePathPattern(`/${'a'.repeat(600)}`)).toThrow('longer than 500')
    expect(() => compilePathPattern('/(unclosed$/')).toThrow('regular expressions are not accepted')
  })
})
