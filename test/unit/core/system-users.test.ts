import { describe, expect, it } from 'vitest'
import { Problems } from '../../../sdk/contract/index.ts'
import { decodePageToken, encodePageToken } from '../../../mock-server/core/paging.ts'
import * as requests from '../../../mock-server/core/requests.ts'
import * as users from '../../../mock-server/core/system-users.ts'
import type { MockAltinn } from '../../../mock-server/core/mock-altinn.ts'
import { aCaller, aMock, expectPlain, expectProblem, expectUnauthorized } from '../../support/core.ts'
import { AGENT_SYSTEM, CUSTOMER, DRESS_MINST, FACILITATOR, KONKURRENT, SMARTCLOUD, STADIG_KONSERT, STANDARD_SYSTEM } from '../../../mock-server/seed/personas.ts'
import { anAgentRequest, aStandardRequest } from '../../support/builders.ts'

/** `n` approved standard system users of the seeded system for TILFELDIG SUBTIL APE, with externalRefs ref-00 .. */
function approveMany(mock: MockAltinn, n: number): string[] {
  const ids: string[] = []
  for (let i = 0; i < n; i++) {
    const { request } = requests.createStandardRequest(mock, aCaller(), aStandardRequest({ externalRef: `ref-${String(i).padStart(2, '0')}` }))
    requests.approveRequest(mock, request.id, { pid: STADIG_KONSERT })
    ids.push(request.id)
  }
  return ids
}

/** Follow the pages of a list the way a vendor follows links.next. */
function readAllPages<T extends { id: string }>(list: (token: string | undefined) => { items: T[]; nextKey?: string | number }): { ids: string[]; pageSizes: number[] } {
  const ids: string[] = []
  const pageSizes: number[] = []
  let token: string | undefined
  for (let guard = 0; guard < 100; guard++) {
    const page = list(token)
    ids.push(...page.items.map((i) => i.id))
    pageSizes.push(page.items.length)
    if (page.nextKey === undefined) return { ids, pageSizes }
    token = encodePageToken(page.nextKey)
  }
  throw new Error('the pages never ended')
}

describe('listing system users by system (GET systemuser/vendor/bysystem/{id})', () => {
  it('pages 25 system users as 20 + 5 by sequence number, none lost or repeated', () => {
    const mock = aMock()
    const created = approveMany(mock, 25)
    const { ids, pageSizes } = readAllPages((token) => users.listSystemUsersForVendor(mock, aCaller(), STANDARD_SYSTEM, token))
    expect(pageSizes).toEqual([20, 5])
    expect(ids).toEqual(created)
  })

  it('continues from the sequence number of the first user of the next page (nothing skipped at the boundary)', () => {
    const mock = aMock()
    approveMany(mock, 21)
    const first = users.listSystemUsersForVendor(mock, aCaller(), STANDARD_SYSTEM, undefined)
    const twentyFirst = mock.store.systemUsersOfSystem(STANDARD_SYSTEM)[20]!
    expect(first.nextKey).toBe(twentyFirst.sequenceNo)
    expect(decodePageToken(encodePageToken(first.nextKey!), 'number')).toBe(twentyFirst.sequenceNo)
  })

  it('leaves out deleted system users and lists both types of the system', () => {
    const mock = aMock()
    const [a, b] = approveMany(mock, 2)
    users.deleteSystemUser(mock, a!, STADIG_KONSERT)
    expect(users.listSystemUsersForVendor(mock, aCaller(), STANDARD_SYSTEM, undefined).items.map((u) => u.id)).toEqual([b])
    const agent = requests.createAgentRequest(mock, aCaller(), anAgentRequest()).request
    requests.approveRequest(mock, agent.id, { pid: DRESS_MINST })
    expect(users.listSystemUsersForVendor(mock, aCaller(), AGENT_SYSTEM, undefined).items.map((u) => u.type)).toEqual(['agent'])
  })

  it('answers AUTH-00011 for another vendor\'s or an unknown system, and a bodiless 401 without a consumer', () => {
    expectProblem(() => users.listSystemUsersForVendor(aMock(), aCaller({ orgNo: KONKURRENT }), STANDARD_SYSTEM, undefined), Problems.SystemIdNotFound)
    expectProblem(() => users.listSystemUsersForVendor(aMock(), aCaller(), `${SMARTCLOUD}_nope`, undefined), Problems.SystemIdNotFound)
    expectUnauthorized(() => users.listSystemUsersForVendor(aMock(), aCaller({ orgNo: undefined }), STANDARD_SYSTEM, undefined))
  })

  it('answers ASP.NET\'s 400 for a token it did not issue', () => {
    expectPlain(() => users.listSystemUsersForVendor(aMock(), aCaller(), STANDARD_SYSTEM, 'bm90LWEtbnVtYmVy'), 400)
    expectPlain(() => users.listSystemUsersForVendor(aMock(), aCaller(), STANDARD_SYSTEM, '!!!'), 400)
  })

  it('shows a system user as the external DTO of Altinn PR #1650', () => {
    const mock = aMock()
    const [id] = approveMany(mock, 1)
    const [dto] = users.listSystemUsersForVendor(mock, aCaller(), STANDARD_SYSTEM, undefined).items.map((u) => users.toSystemUserExternalDTO(u))
    expect(dto).toEqual({
      id,
      integrationTitle: 'SmartCloud',
      systemId: STANDARD_SYSTEM,
      productName: '',
      reporteeOrgNo: CUSTOMER,
      created: '2026-03-02T09:00:00.000Z',
      isDeleted: false,
      supplierName: '',
      supplierOrgno: SMARTCLOUD,
      externalRef: 'ref-00',
      userType: 'standard',
    })
  })
})

describe('listing requests by system (GET systemuser/request/vendor/bysystem/{id})', () => {
  it('pages 25 requests as 20 + 5 by id, none lost or repeated (without Altinn\'s skip at each boundary)', () => {
    const mock = aMock()
    const created: string[] = []
    for (let i = 0; i < 25; i++) created.push(requests.createStandardRequest(mock, aCaller(), aStandardRequest({ externalRef: `ref-${i}` })).request.id)
    const { ids, pageSizes } = readAllPages((token) => requests.listRequestsForVendor(mock, aCaller(), 'standard', STANDARD_SYSTEM, token))
    expect(pageSizes).toEqual([20, 5])
    expect(ids).toEqual([...created].sort())
  })

  it('pages the same way with a page size of 1 and deleted requests in between', () => {
    const mock = aMock({ pageSize: 1 })
    const created: string[] = []
    for (let i = 0; i < 5; i++) created.push(requests.createStandardRequest(mock, aCaller(), aStandardRequest({ externalRef: `ref-${i}` })).request.id)
    requests.deleteRequestForVendor(mock, aCaller(), created[1]!)
    requests.deleteRequestForVendor(mock, aCaller(), created[3]!)
    const { ids } = readAllPages((token) => requests.listRequestsForVendor(mock, aCaller(), 'standard', STANDARD_SYSTEM, token))
    expect(ids).toEqual([created[0], created[2], created[4]].sort())
  })

  it('answers ASP.NET\'s 400 for a token that is not one of ours', () => {
    expectPlain(() => requests.listRequestsForVendor(aMock(), aCaller(), 'standard', STANDARD_SYSTEM, encodePageToken(20)), 400)
  })
})

describe('finding a system user by query (GET systemuser/vendor/byquery)', () => {
  it('finds it with external-ref defaulting to the org number', () => {
    const mock = aMock()
    const { request } = requests.createStandardRequest(mock, aCaller(), aStandardRequest())
    requests.approveRequest(mock, request.id, { pid: STADIG_KONSERT })
    expect(users.getSystemUserByQuery(mock, aCaller(), STANDARD_SYSTEM, CUSTOMER, undefined).id).toBe(request.id)
    expect(users.getSystemUserByQuery(mock, aCaller(), STANDARD_SYSTEM, CUSTOMER, '').id).toBe(request.id)
    expect(users.getSystemUserByQuery(mock, aCaller(), STANDARD_SYSTEM, CUSTOMER, CUSTOMER).id).toBe(request.id)
  })

  it('needs the externalRef the request was created with', () => {
    const mock = aMock()
    const { request } = requests.createStandardRequest(mock, aCaller(), aStandardRequest({ externalRef: 'avdeling-2' }))
    requests.approveRequest(mock, request.id, { pid: STADIG_KONSERT })
    expect(users.getSystemUserByQuery(mock, aCaller(), STANDARD_SYSTEM, CUSTOMER, 'avdeling-2').id).toBe(request.id)
    expect(expectPlain(() => users.getSystemUserByQuery(mock, aCaller(), STANDARD_SYSTEM, CUSTOMER, undefined), 404).text).toBeUndefined()
  })

  it('answers an empty 404 to a vendor who is not the supplier, and a bodiless 401 without a consumer', () => {
    const mock = aMock()
    const { request } = requests.createAgentRequest(mock, aCaller(), anAgentRequest())
    requests.approveRequest(mock, request.id, { pid: DRESS_MINST })
    expect(users.getSystemUserByQuery(mock, aCaller(), AGENT_SYSTEM, FACILITATOR, undefined).type).toBe('agent')
    expectPlain(() => users.getSystemUserByQuery(mock, aCaller({ orgNo: KONKURRENT }), AGENT_SYSTEM, FACILITATOR, undefined), 404)
    expectUnauthorized(() => users.getSystemUserByQuery(mock, aCaller({ orgNo: undefined }), AGENT_SYSTEM, FACILITATOR, undefined))
  })

  it('answers 404 once the end user has deleted the system user, and a new request for the triple is then created afresh', () => {
    const mock = aMock()
    const { request } = requests.createStandardRequest(mock, aCaller(), aStandardRequest())
    requests.approveRequest(mock, request.id, { pid: STADIG_KONSERT })
    users.deleteSystemUser(mock, request.id, STADIG_KONSERT)
    expectPlain(() => users.getSystemUserByQuery(mock, aCaller(), STANDARD_SYSTEM, CUSTOMER, undefined), 404)
    expectProblem(() => requests.getRequestForVendor(mock, aCaller(), request.id), Problems.RequestNotFound)
    expect(requests.createStandardRequest(mock, aCaller(), aStandardRequest()).created).toBe(true)
  })
})
