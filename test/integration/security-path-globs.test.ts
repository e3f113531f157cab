import { afterEach, describe, expect, it } from 'vitest'
import { getHarness } from '../../mock-server/harness/harness.ts'
import { call } from '../support/api.ts'
import { transports, useMock } from '../support/transports.ts'

/** A pattern that takes a backtracking regular-expression engine exponential time on a path of a's. */
const CATASTROPHIC = '/(a+)+$/'

/** Record every RegExp built while `run` runs (by `new RegExp(...)` or `RegExp(...)`). */
async function regexpsBuiltDuring(run: () => Promise<void>): Promise<string[]> {
  const built: string[] = []
  const Original = globalThis.RegExp
  globalThis.RegExp = new Proxy(Original, {
    construct(target, args) {
      built.push(String(args[0]))
      return Reflect.construct(target, args)
    },
    apply(target, self, args) {
      built.push(String(args[0]))
      return Reflect.apply(target, self, args)
    },
  })
  try {
    await run()
  } finally {
    globalThis.RegExp = Original
  }
  return built
}

describe.each(transports)('path patterns over %s', (transport) => {
  const t = useMock(transport)
  afterEach(() => {
    getHarness(t.mock).faults.clear()
    getHarness(t.mock).journal.clear()
  })

  it('answers a catastrophic-backtracking pattern on the journal and in a fault rule with 400 saying to use a glob, without ever compiling it', async () => {
    await call(t.baseUrl, 'GET', `/${'a'.repeat(28)}!`)
    let journal!: Awaited<ReturnType<typeof call>>
    let fault!: Awaited<ReturnType<typeof call>>

    const built = await regexpsBuiltDuring(async () => {
      journal = await call(t.baseUrl, 'GET', `/__mock/journal?path=${encodeURIComponent(CATASTROPHIC)}`)
      fault = await call(t.baseUrl, 'POST', '/__mock/faults', { body: { path: CATASTROPHIC, status: 503 } })
    })

    expect(journal.status).toBe(400)
    expect(journal.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    expect(JSON.stringify(journal.body)).toMatch(/use a glob/)
    expect(fault.status).toBe(400)
    expect(JSON.stringify(fault.body)).toMatch(/use a glob/)
    expect(built.filter((source) => source.includes('a+)+'))).toEqual([])
    expect((await call(t.baseUrl, 'GET', '/__mock/faults')).body.faults).toEqual([])
  })

  it('still takes the documented globs: a fault on everything under a path, a journal filter with a star', async () => {
    const added = await call(t.baseUrl, 'POST', '/__mock/faults', { body: { method: 'GET', path: '/accessmanagement/ui/*', status: 503, times: 1 } })
    expect(added.status).toBe(201)
    expect((await call(t.baseUrl, 'GET', '/accessmanagement/ui/systemuser/overview')).status).toBe(503)
    await call(t.baseUrl, 'GET', '/healthz')

    const selected = await call(t.baseUrl, 'GET', `/__mock/journal?path=${encodeURIComponent('*/HEALTHZ')}`)

    expect(selected.status).toBe(200)
    expect(selected.body.entries.map((e: { path: string }) => e.path)).toEqual(['/healthz'])
  })
})
