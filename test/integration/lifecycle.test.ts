import { describe, expect, it } from 'vitest'
import { A, asVendor, call } from '../support/api.ts'
import { transports, useMock } from '../support/transports.ts'
import { CUSTOMER, SMARTCLOUD, STADIG_KONSERT, STANDARD_SYSTEM } from '../../mock-server/seed/personas.ts'
import { aStandardRequest } from '../support/builders.ts'

describe.each(transports)('the request lifecycle of reference §2.4 over %s', (transport) => {
  const t = useMock(transport)

  it('goes New -> Accepted with a system user whose id is the request id, and then refuses a second request with AUTH-00004', async () => {
    const vendor = asVendor(t.baseUrl)

    const created = await vendor.post(`${A}/systemuser/request/vendor`, aStandardRequest())
    expect(created.status).toBe(201)
    expect(created.body.status).toBe('New')
    expect(created.body.externalRef).toBe(CUSTOMER)
    expect(created.body.confirmUrl).toBe(`${t.urls.portalUrl}/accessmanagement/ui/systemuser/request?id=${created.body.id}&DONTCHOOSEREPORTEE=true`)
    expect(created.headers.get('location')).toBe(`${t.baseUrl}${A}/systemuser/request/${created.body.id}`)

    const again = await vendor.post(`${A}/systemuser/request/vendor`, aStandardRequest())
    expect(again.status).toBe(200)
    expect(again.body.id).toBe(created.body.id)

    const approved = await call(t.baseUrl, 'POST', `/__mock/requests/${created.body.id}/approve`, { body: { pid: STADIG_KONSERT } })
    expect(approved.status).toBe(200)
    expect(approved.body.systemUser.id).toBe(created.body.id)

    const polled = await vendor.get(`${A}/systemuser/request/vendor/${created.body.id}`)
    expect(polled.status).toBe(200)
    expect(polled.body.status).toBe('Accepted')

    const users = await vendor.get(`${A}/systemuser/vendor/bysystem/${STANDARD_SYSTEM}`)
    expect(users.status).toBe(200)
    expect(users.body.data.map((u: { id: string }) => u.id)).toEqual([created.body.id])
    expect(users.body.data[0]).toMatchObject({ reporteeOrgNo: CUSTOMER, externalRef: CUSTOMER, userType: 'standard', supplierOrgno: SMARTCLOUD })

    const third = await vendor.post(`${A}/systemuser/request/vendor`, aStandardRequest())
    expect(third.status).toBe(400)
    expect(third.body.code).toBe('AUTH-00004')
    expect(third.headers.get('content-type')).toContain('application/problem+json')
  })
})
