import { describe, expect, it } from 'vitest'
import { MAX_SHOWN_DEPTH, redactBody, redactJson, REDACTED } from '../../../mock-server/harness/redact.ts'

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXBhcnQ'

/** `{"a":{"a":...{"password":"hunter2","note":JWT}...}}`, `depth` objects deep. */
function nested(depth: number): string {
  return `${'{"a":'.repeat(depth - 1)}{"password":"hunter2","note":"${JWT}","kept":1}${'}'.repeat(depth - 1)}`
}

function innermost(value: unknown): Record<string, unknown> {
  let v = value as Record<string, unknown>
  while (v.a) v = v.a as Record<string, unknown>
  return v
}

describe('redaction at any depth', () => {
  it('redacts secrets 10 000 levels down in a parsed value, keeping what is not secret', () => {
    const out = innermost(redactJson(JSON.parse(nested(10_000))))

    expect(out).toEqual({ password: REDACTED, note: REDACTED, kept: 1 })
  })

  it('walks a 1 MB body nested 500 000 arrays deep without overflowing the stack', () => {
    const depth = 500_000
    const body = `${'['.repeat(depth)}"${JWT}"${']'.repeat(depth)}`
    expect(body.length).toBeGreaterThan(1_000_000)

    let v = redactJson(JSON.parse(body))
    for (let i = 0; i < depth; i++) v = (v as unknown[])[0]

    expect(v).toBe(REDACTED)
  })

  it('shows a body nested deeper than it can be written back as JSON text, still redacted', () => {
    const shown = redactBody(nested(3_000), 'application/json')

    expect(typeof shown).toBe('string')
    expect(shown).not.toContain('hunter2')
    expect(shown).not.toContain(JWT)
    expect(innermost(JSON.parse(shown as string))).toEqual({ password: REDACTED, note: REDACTED, kept: 1 })
    // The journal's answer is written with JSON.stringify, which this must survive.
    expect(() => JSON.stringify({ body: shown })).not.toThrow()
  })

  it('keeps a body of ordinary depth as JSON, and a key named __proto__ as data', () => {
    const shown = redactBody(`${nested(MAX_SHOWN_DEPTH - 1).slice(0, -1)},"__proto__":{"password":"x"}}`, 'application/json') as Record<string, unknown>

    expect(typeof shown).toBe('object')
    expect(Object.getPrototypeOf(shown)).toBe(Object.prototype)
    expect(Object.getOwnPropertyDescriptor(shown, '__proto__')?.value).toEqual({ password: REDACTED })
  })
})
