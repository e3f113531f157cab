import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createInProcessMock } from '../../mock-server/msw.ts'
import { A, call, vendorToken } from '../support/api.ts'
import { aStandardRequest } from '../support/builders.ts'

const REQUESTS = `${A}/systemuser/request/vendor`

describe('in-process mocks side by side', () => {
  const a = createInProcessMock({ origin: 'http://altinn-a.test' })
  const b = createInProcessMock({ origin: 'http://altinn-b.test' })
  const server = setupServer(...a.handlers, ...b.handlers)
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterAll(() => server.close())

  it('keep their own state, faults, journal and clock', async () => {
    const baseA = a.mock.config.platformUrl
    const baseB = b.mock.config.platformUrl
    a.faults.add({ path: '/healthz', status: 503 })
    b.mock.clock.advance(181 * 24 * 3600_000)

    const created = await call(baseA, 'POST', REQUESTS, { token: await vendorToken(baseA), body: aStandardRequest() })

    expect(created.status).toBe(201)
    expect(created.body.timedOut).toBe(false)
    expect(a.mock.store.requests.size).toBe(1)
    expect(b.mock.store.requests.size).toBe(0)
    expect((await call(baseB, 'GET', `${REQUESTS}/${created.body.id}`, { token: await vendorToken(baseB) })).body.code).toBe('AUTH-00010')
    expect((await call(baseA, 'GET', '/healthz')).status).toBe(503)
    expect((await call(baseB, 'GET', '/healthz')).status).toBe(200)
    expect(b.faults.list()).toEqual([])
    expect(a.journal.entries().map((e) => e.route)).toEqual(['controlTokens', 'createRequest', 'healthz'])
    expect(b.journal.entries().map((e) => e.route)).toEqual(['controlTokens', 'getRequest', 'healthz'])
    expect(a.mock.clock.shifted).toBe(false)
  })

  it('do not share seed additions or a reset', async () => {
    a.mock.addSeed({ organisations: [{ orgNo: '310055433', name: 'BARE I A AS' }] })
    b.mock.reset()

    expect(a.mock.store.organisations.has('310055433')).toBe(true)
    expect(a.mock.store.requests.size).toBe(1)
    expect(b.mock.store.organisations.has('310055433')).toBe(false)
    expect(b.mock.seed.organisations.some((o) => o.orgNo === '310055433')).toBe(false)
  })
})
