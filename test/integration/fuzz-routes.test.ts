/**
 * A smaller run of `npm run fuzz` on every `npm test`: generated calls to every route, in-process and over HTTP,
 * never answered with a 5xx, never throwing, and never changing the state when refused. The checks themselves are
 * tested too, against targets that misbehave on purpose.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { allRoutes } from '../../mock-server/table.ts'
import { caseFor, createInProcessTarget, fuzz, preparePools, renderSummary, runCase, type FuzzTarget } from '../../scripts/fuzz.ts'

const seed = Math.floor(Math.random() * 2 ** 31)

describe('generated calls to every route', () => {
  it('get no 5xx in-process, throw nothing, and change nothing when refused', async () => {
    const summary = await fuzz({ cases: allRoutes.length * 5, httpShare: 0, seed, batch: 215 })
    const report = `seed ${seed}\n${renderSummary(summary)}`
    expect(summary.cases, report).toBe(allRoutes.length * 5)
    expect(summary.routesHit, report).toBe(allRoutes.length)
    expect(summary.failures, report).toEqual([])
    expect({ serverErrors: summary.serverErrors, crashes: summary.crashes, stateChanges: summary.stateChanges }, report).toEqual({ serverErrors: 0, crashes: 0, stateChanges: 0 })
    // Calls must get past the guards, not only bounce off them.
    expect(summary.byClass['2xx'] ?? 0, report).toBeGreaterThan(summary.cases / 10)
  })

  it('get no 5xx over HTTP either, and leave the server answering', async () => {
    const summary = await fuzz({ cases: 150, httpShare: 1, seed: seed + 1, batch: 150 })
    const report = `seed ${seed + 1}\n${renderSummary(summary)}`
    expect(summary.byTarget, report).toEqual({ http: 150 })
    expect(summary.failures, report).toEqual([])
    expect(summary.serverErrors + summary.crashes + summary.stateChanges, report).toBe(0)
  })

  it('ends its report with the line the script promises', async () => {
    const summary = await fuzz({ cases: 20, httpShare: 0, seed })
    expect(renderSummary(summary).split('\n').at(-1)).toBe('server errors: 0')
  })
})

describe('the fuzzer\'s checks', () => {
  const route = allRoutes.find((r) => r.name === 'getRequest')!
  const aCase = () => fc.sample(caseFor(route), { numRuns: 1, seed: 7 })[0]!

  function targetThat(answer: (target: FuzzTarget) => { status: number; body: string }): FuzzTarget {
    const real = createInProcessTarget()
    return { kind: 'in-process', mock: real.mock, send: async () => answer(real), close: real.close }
  }

  it('report a 5xx as a server error', async () => {
    const target = targetThat(() => ({ status: 503, body: 'down' }))
    const outcome = await runCase(target, await preparePools(target.mock), aCase())
    expect(outcome.status).toBe(503)
    expect(outcome.failure).toMatch(/^503 for GET /)
  })

  it('report a refused call that changed the state', async () => {
    const target = targetThat((t) => {
      t.mock.reset() // the seed has no requests: the pools' requests are gone
      return { status: 404, body: '' }
    })
    const outcome = await runCase(target, await preparePools(target.mock), aCase())
    expect(outcome.failure).toMatch(/refused with 404 but changed the state/)
  })

  it('accept a refused call that changed nothing, and an accepted call that changed something', async () => {
    const refused = targetThat(() => ({ status: 401, body: '' }))
    expect(await runCase(refused, await preparePools(refused.mock), aCase())).toEqual({ status: 401 })
    const accepted = targetThat((t) => {
      t.mock.reset()
      return { status: 200, body: '{}' }
    })
    expect(await runCase(accepted, await preparePools(accepted.mock), aCase())).toEqual({ status: 200 })
  })

  it('report a target that throws as a crash', async () => {
    const target = targetThat(() => {
      throw new Error('boom')
    })
    expect(await runCase(target, await preparePools(target.mock), aCase())).toEqual({ status: -1, failure: 'threw: boom' })
  })
})
