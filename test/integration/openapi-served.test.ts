/**
 * The mock describes itself over every transport: its OpenAPI document at the public origin of the call, a docs
 * page of it with everything escaped and nothing from elsewhere, and the JSON Schema of seed files.
 */
import { describe, expect, it } from 'vitest'
import { createMockAltinn } from '../../mock-server/core/mock-altinn.ts'
import { renderApiDocs } from '../../mock-server/openapi/docs-page.ts'
import { loadDefaultSeed, parseSeed } from '../../mock-server/seed/index.ts'
import { allRoutes } from '../../mock-server/table.ts'
import { Environments } from '../../sdk/contract/index.ts'
import { call } from '../support/api.ts'
import { transports, useMock } from '../support/transports.ts'

describe.each(transports)('the API description over %s', (transport) => {
  const t = useMock(transport)

  it("answers the OpenAPI 3.1 document at /__mock/openapi.json, with the mock's public URLs as its servers", async () => {
    const res = await call(t.baseUrl, 'GET', '/__mock/openapi.json')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    expect(res.body.openapi).toBe('3.1.0')
    expect(res.body.servers).toEqual([expect.objectContaining({ url: t.urls.platformUrl })])
    expect(res.body.paths['/token'].servers).toEqual([expect.objectContaining({ url: t.urls.maskinportenIssuer.replace(/\/$/, '') })])
    expect(res.body.paths['/authentication/api/v1/systemuser/request/vendor'].post.operationId).toBe('createRequest')
    expect(res.body.components.securitySchemes.maskinporten.flows.clientCredentials.tokenUrl).toBe(`${t.urls.maskinportenIssuer}token`)
  })

  it('answers the docs page with the strict CSP of the inspector, a section per tag and an anchor per operation', async () => {
    const res = await call(t.baseUrl, 'GET', '/__mock/docs')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    const portal = new URL(t.urls.portalUrl).origin
    expect(res.headers.get('content-security-policy')).toBe(
      `default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self' ${portal}; font-src 'self' ${portal}; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
    )
    expect(res.headers.get('x-frame-options')).toBe('DENY')
    const page = res.text
    expect(page).toContain('id="tag-system-user-requests"')
    expect(page).toContain('id="tag-control-api-mock-only"')
    expect(page).toContain('id="op-createRequest"')
    expect(page).toContain('<code>altinn:authentication/systemuser.request.write</code>')
    expect(page).toContain('<code class="docs-code">AUTH-00021</code>')
    expect(page).toContain('id="schema-RequestSystemResponse"')
    expect(page).not.toMatch(/<script/i)
  })

  it('loads nothing on the docs page from anywhere but the mock', async () => {
    const page = (await call(t.baseUrl, 'GET', '/__mock/docs')).text
    const portal = new URL(t.urls.portalUrl).origin
    const urls = [...page.matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => m[1]!)
    expect(urls.length).toBeGreaterThan(50)
    for (const url of urls) expect(url.startsWith('#') || url.startsWith('/') || url.startsWith(portal) || url === 'data:,', url).toBe(true)
    const styles = [...page.matchAll(/<link rel="stylesheet" href="([^"]+)">/g)].map((m) => m[1]!)
    for (const href of styles) expect((await call(t.baseUrl, 'GET', href.startsWith('/') ? `${t.baseUrl}${href}` : href)).status, href).toBe(200)
  })

  it('answers the JSON Schema of seed files at /__mock/seed.schema.json', async () => {
    const res = await call(t.baseUrl, 'GET', '/__mock/seed.schema.json')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', title: 'Seed of the Altinn system-user mock', required: ['keys'] })
  })

  it('links the docs from the inspector', async () => {
    expect((await call(t.baseUrl, 'GET', '/__mock/ui')).text).toContain('<a class="ds-link" href="/__mock/docs">API</a>')
  })
})

describe('the docs page and what the seed puts in it', () => {
  it("shows a seed's values as text, never as markup", async () => {
    const seed = structuredClone(loadDefaultSeed())
    seed.systems[0]!.allowedRedirectUrls = ['https://smartcloud.example/"><script>alert(1)</script>']
    const mock = createMockAltinn({ seed: parseSeed(seed), urls: Environments.tt02 })
    const page = String(renderApiDocs(mock, allRoutes).body)
    expect(page).not.toContain('<script>alert(1)</script>')
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(page).toContain('href="https://am.ui.tt02.altinn.no/accessmanagement/ui/assets/designsystemet.css"')
  })
})
