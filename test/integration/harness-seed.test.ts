import { describe, expect, it } from 'vitest'
import { A, call, vendorToken } from '../support/api.ts'
import { transports, useMock } from '../support/transports.ts'
import { FACILITATOR, SMARTCLOUD } from '../../mock-server/seed/personas.ts'
import { aStandardRequest } from '../support/builders.ts'

const REQUESTS = `${A}/systemuser/request/vendor`

/** A new customer with its own daglig leder (synthetic numbers, valid check digits). */
function aCustomerAddition(orgNo: string, pid: string) {
  return {
    organisations: [{ orgNo, name: `KUNDE ${orgNo} AS` }],
    persons: [{ pid, name: `LEDER ${pid}`, relations: [{ orgNo, roles: ['DAGL'], accessPackages: ['tilgangsstyrer'] }] }],
  }
}

describe.each(transports)('adding to the seed at run time over %s', (transport) => {
  const t = useMock(transport)

  it('adds a customer and its manager who can then approve a request, kept across reset and shown in the seed in force', async () => {
    const added = await call(t.baseUrl, 'POST', '/__mock/seed', { body: aCustomerAddition('310055433', '12859000280') })
    expect(added.status).toBe(200)
    expect(added.body).toEqual({ added: { organisations: 1, persons: 1 } })

    const approve = async () => {
      const created = await call(t.baseUrl, 'POST', REQUESTS, { token: await vendorToken(t.baseUrl), body: aStandardRequest({ partyOrgNo: '310055433' }) })
      expect(created.status).toBe(201)
      return call(t.baseUrl, 'POST', `/__mock/requests/${created.body.id}/approve`, { body: { pid: '12859000280' } })
    }
    expect((await approve()).status).toBe(200)

    expect((await call(t.baseUrl, 'POST', '/__mock/reset')).status).toBe(204)
    expect((await call(t.baseUrl, 'GET', '/__mock/state')).body.requests).toEqual([])
    expect((await approve()).status).toBe(200)
    const seed = (await call(t.baseUrl, 'GET', '/__mock/seed')).body
    // The seed in force names each organisation's party UUID, derived when the addition gave none.
    expect(seed.organisations).toContainEqual({ orgNo: '310055433', name: 'KUNDE 310055433 AS', partyUuid: t.mock.store.organisations.get('310055433')!.partyUuid })
    expect(seed.persons.map((p: { pid: string }) => p.pid)).toContain('12859000280')
    expect(seed.keys).toBeUndefined()
  })

  it('adds a client relationship to a seeded accounting firm', async () => {
    await call(t.baseUrl, 'POST', '/__mock/seed', { body: { organisations: [{ orgNo: '310095028', name: 'NY KLIENT AS' }] } })

    const res = await call(t.baseUrl, 'POST', '/__mock/seed', { body: { clientRelations: [{ facilitatorOrgNo: FACILITATOR, clientOrgNo: '310095028', roles: ['REGN'] }] } })

    expect(res.status).toBe(200)
    expect(t.mock.store.clientRelations).toContainEqual({ facilitatorOrgNo: FACILITATOR, clientOrgNo: '310095028', roles: ['REGN'], accessPackages: [] })
  })

  it('refuses an addition with 400 naming each bad field, and changes nothing', async () => {
    const before = (await call(t.baseUrl, 'GET', '/__mock/seed')).body

    const res = await call(t.baseUrl, 'POST', '/__mock/seed', {
      body: { organisations: [{ orgNo: '123456789', name: '' }, { orgNo: SMARTCLOUD, name: 'AGAIN AS' }], systems: [{ id: 'x' }] },
    })

    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^organisations\.0\.orgNo: /),
        expect.stringMatching(/^organisations\.0\.name: /),
        expect.stringMatching(/^systems\.0\.vendorOrgNo: /),
      ]),
    )
    expect((await call(t.baseUrl, 'GET', '/__mock/seed')).body).toEqual(before)
    expect((await call(t.baseUrl, 'POST', '/__mock/seed', { body: 'not json' })).status).toBe(400)
    expect((await call(t.baseUrl, 'POST', '/__mock/seed', { body: { keys: {} } })).body.errors[0]).toContain('cannot change at run time')
  })
})
