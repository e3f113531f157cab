/**
 * What the browser tests share: creating requests through the vendor API, keeping the browser
 * off the internet (the vendor's receipt page is answered locally), and screenshots kept as artifacts.
 */
import { expect, type APIRequestContext, type Page, type TestInfo } from '@playwright/test'
import { RECEIPT_URL, SMARTCLOUD } from '../../mock-server/seed/personas.ts'
import { A, ALL_VENDOR_SCOPES } from '../support/api.ts'
import { anAgentRequest, aStandardRequest } from '../support/builders.ts'

/** A vendor token for SmartCloud from the control API. */
export async function vendorToken(request: APIRequestContext): Promise<string> {
  const res = await request.post('/__mock/tokens', { data: { orgNo: SMARTCLOUD, scope: ALL_VENDOR_SCOPES } })
  expect(res.status()).toBe(200)
  return ((await res.json()) as { access_token: string }).access_token
}

/** Back to the seed. */
export async function resetMock(request: APIRequestContext): Promise<void> {
  expect((await request.post('/__mock/reset')).status()).toBe(204)
}

export interface CreatedRequest {
  id: string
  confirmUrl: string
  status: string
  redirectUrl?: string
}

/** SmartCloud asks TILFELDIG SUBTIL APE for a standard system user ("Krav og betalinger"). */
export async function createStandardRequest(request: APIRequestContext, overrides: Record<string, unknown> = {}): Promise<CreatedRequest> {
  const res = await request.post(`${A}/systemuser/request/vendor`, {
    headers: { authorization: `Bearer ${await vendorToken(request)}` },
    data: aStandardRequest({ redirectUrl: `${RECEIPT_URL}?state=abc123`, ...overrides }),
  })
  expect(res.status()).toBe(201)
  return (await res.json()) as CreatedRequest
}

/** SmartCloud asks the accounting firm for an agent system user (access package for its clients). */
export async function createAgentRequest(request: APIRequestContext, overrides: Record<string, unknown> = {}): Promise<CreatedRequest> {
  const res = await request.post(`${A}/systemuser/request/vendor/agent`, {
    headers: { authorization: `Bearer ${await vendorToken(request)}` },
    data: anAgentRequest({ redirectUrl: `${RECEIPT_URL}?agent=1`, ...overrides }),
  })
  expect(res.status()).toBe(201)
  return (await res.json()) as CreatedRequest
}

/** The mock's whole state (requests, system users, client delegations). */
export async function mockState(request: APIRequestContext): Promise<any> {
  const res = await request.get('/__mock/state')
  expect(res.status()).toBe(200)
  return res.json()
}

/**
 * Keep the browser on the mock: anything not on the mock's origin is refused, except SmartCloud's receipt page,
 * which is answered with a small local page (the "vendor's receipt" of the seed guides).
 */
export async function stayOffline(page: Page, baseURL: string): Promise<void> {
  const origin = new URL(baseURL).origin
  await page.route((url) => url.origin !== origin, (route) => route.abort('blockedbyclient'))
  await page.route('https://smartcloud.example/**', (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: '<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>SmartCloud</title></head><body><main><h1>Takk! SmartCloud har fått svar fra Altinn.</h1></main></body></html>',
    }),
  )
}

/** The TestID page: log in as a seeded person by name. */
export async function logInAs(page: Page, name: string): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Logg inn med TestID' })).toBeVisible()
  await page.getByRole('button', { name, exact: true }).click()
}

/** Choose whom to act for. */
export async function actFor(page: Page, organisation: string): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Hvem vil du representere?' })).toBeVisible()
  await page.getByRole('button', { name: `Velg ${organisation}`, exact: true }).click()
}

/** A full-page screenshot kept with the test's artifacts (test-results/...). */
export async function keepScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true })
}
