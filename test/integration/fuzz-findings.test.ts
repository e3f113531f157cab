/**
 * What fuzzing found, kept as tests over both transports.
 */
import { describe, expect, it } from 'vitest'
import { call } from '../support/api.ts'
import { transports, useMock } from '../support/transports.ts'

describe.each(transports)('findings of the fuzzer over %s', (transport) => {
  const t = useMock(transport)

  it('journals form fields named like Object\'s own members as data, and the journal still answers', async () => {
    for (const body of ['constructor', 'toString=1&toString=2', '__proto__=x', 'hasOwnProperty=1&valueOf=2']) {
      const res = await call(t.baseUrl, 'POST', '/accessmanagement/ui/login', { body, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
      expect(res.status).toBe(403) // no CSRF token: refused, as any form without one
    }
    const journal = await call(t.baseUrl, 'GET', '/__mock/journal?route=portalLoginSubmit')
    expect(journal.status, journal.text).toBe(200)
    expect(journal.body.entries.map((e: { request: { body: unknown } }) => e.request.body)).toEqual([
      { constructor: '' },
      { toString: ['1', '2'] },
      JSON.parse('{"__proto__":"x"}'),
      { hasOwnProperty: '1', valueOf: '2' },
    ])
  })
})
