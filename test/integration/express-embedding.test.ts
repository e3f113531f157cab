/**
 * The Express adapter: a vendor embeds the mock in an Express app of its own; the same route table answers there.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMockAltinn, type MockAltinn } from '../../mock-server/core/mock-altinn.ts'
import { createExpressApp } from '../../mock-server/http/express-adapter.ts'
import { createMockRouter } from '../../mock-server/table.ts'
import { loadDefaultSeed } from '../../mock-server/seed/index.ts'
import { A, asVendor, call } from '../support/api.ts'
import { STADIG_KONSERT } from '../../mock-server/seed/personas.ts'
import { aStandardRequest } from '../support/builders.ts'

describe('the mock inside an Express app of the vendor', () => {
  let server: Server
  let mock: MockAltinn
  let baseUrl: string

  beforeAll(async () => {
    const outer = express()
    outer.get('/my-own-route', (_req, res) => {
      res.json({ mine: true })
    })
    outer.use(createExpressApp(() => mock, createMockRouter()))
    server = createServer(outer)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    mock = createMockAltinn({ seed: loadDefaultSeed(), origin: baseUrl })
  })
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })

  it("answers Altinn's paths through the route table and leaves the app's own routes alone", async () => {
    expect((await call(baseUrl, 'GET', '/my-own-route')).body).toEqual({ mine: true })
    expect((await call(baseUrl, 'GET', '/healthz')).status).toBe(200)

    const vendor = asVendor(baseUrl)
    const created = await vendor.post(`${A}/systemuser/request/vendor`, aStandardRequest())
    expect(created.status).toBe(201)
    expect(created.body.confirmUrl).toBe(`${baseUrl}/accessmanagement/ui/systemuser/request?id=${created.body.id}&DONTCHOOSEREPORTEE=true`)

    const approved = await call(baseUrl, 'POST', `/__mock/requests/${created.body.id}/approve`, { body: { pid: STADIG_KONSERT } })
    expect(approved.status).toBe(200)
    expect((await vendor.get(`${A}/systemuser/request/vendor/${created.body.id}`)).body.status).toBe('Accepted')
  })

  it('answers a malformed body with a problem, not an Express error page', async () => {
    const vendor = asVendor(baseUrl)
    const res = await vendor.post(`${A}/systemuser/request/vendor`, '{"systemId":')
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
    expect(res.body.errors.$[0]).toContain('could not be parsed')
  })
})
