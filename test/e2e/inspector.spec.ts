import { expect, test } from '@playwright/test'
import { createStandardRequest, keepScreenshot, mockState, resetMock, stayOffline } from './portal-support.ts'

const STADIG_KONSERT = '03827150095'
const FREMMED_TURIST = '08866650188'

test.beforeEach(async ({ page, request, baseURL }) => {
  await resetMock(request)
  await stayOffline(page, baseURL!)
})

test('the inspector shows a request appear and change status as it is approved there and rejected through the API', async ({ page, request }, testInfo) => {
  await page.goto('/__mock/ui')
  await expect(page.getByRole('heading', { name: 'Inspektør', level: 1 })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Forespørsler (0)' })).toBeVisible()

  const first = await createStandardRequest(request, { externalRef: 'inspector-1' })
  const row = page.locator(`tr[data-request-id="${first.id}"]`)
  await expect(row).toBeVisible()
  await expect(row.locator('.inspector-status')).toHaveText('New')
  await expect(row.getByRole('link', { name: 'confirmUrl' })).toHaveAttribute('href', first.confirmUrl)
  await keepScreenshot(page, testInfo, 'inspector-new-request')

  await row.getByLabel('Som person').selectOption(STADIG_KONSERT)
  await row.getByRole('button', { name: 'Godkjenn' }).click()

  await expect(page.getByRole('status')).toContainText('Forespørselen er godkjent.')
  await expect(page.locator(`tr[data-request-id="${first.id}"] .inspector-status`)).toHaveText('Accepted')
  await expect(page.locator(`tr[data-system-user-id="${first.id}"]`)).toBeVisible()
  expect((await mockState(request)).requests.find((r: { id: string }) => r.id === first.id)).toMatchObject({ status: 'Accepted', decidedBy: STADIG_KONSERT })

  const second = await createStandardRequest(request, { externalRef: 'inspector-2' })
  await expect(page.locator(`tr[data-request-id="${second.id}"] .inspector-status`)).toHaveText('New')
  expect((await request.post(`/__mock/requests/${second.id}/reject`, { data: { pid: STADIG_KONSERT } })).status()).toBe(200)
  await expect(page.locator(`tr[data-request-id="${second.id}"] .inspector-status`)).toHaveText('Rejected')
  await keepScreenshot(page, testInfo, 'inspector-decided')
})

test('the inspector refuses a decision by a person without the right, with the AUTH code', async ({ page, request }) => {
  const created = await createStandardRequest(request, { externalRef: 'inspector-refused' })
  await page.goto('/__mock/ui')
  const row = page.locator(`tr[data-request-id="${created.id}"]`)

  await row.getByLabel('Som person').selectOption(FREMMED_TURIST)
  await row.getByRole('button', { name: 'Godkjenn' }).click()

  await expect(page.getByRole('alert')).toContainText('AUTH-00066')
  await expect(page.locator(`tr[data-request-id="${created.id}"] .inspector-status`)).toHaveText('New')
})

test('the inspector moves the clock past 180 days, goes back to real time, and resets to the seed', async ({ page, request }) => {
  const created = await createStandardRequest(request, { externalRef: 'inspector-clock' })
  await page.goto('/__mock/ui')
  const row = page.locator(`tr[data-request-id="${created.id}"]`)
  await expect(row.getByText('timedOut')).toHaveCount(0)

  await page.getByLabel('Flytt klokken (ISO 8601-varighet)').fill('P181D')
  await page.getByRole('button', { name: 'Flytt klokken' }).click()
  await expect(page.getByRole('status')).toContainText('Klokken er flyttet.')
  await expect(row.getByText('timedOut')).toBeVisible()
  await expect(page.getByText('flyttet', { exact: true })).toBeVisible()

  await page.getByRole('button', { name: 'Sann tid' }).click()
  await expect(page.getByText('sann tid', { exact: true })).toBeVisible()
  await expect(row.getByText('timedOut')).toHaveCount(0)

  await page.getByRole('button', { name: 'Tilbakestill til seed' }).click()
  await expect(page.getByRole('status')).toContainText('Tilbake til seed-dataene.')
  await expect(page.getByRole('heading', { name: 'Forespørsler (0)' })).toBeVisible()
})

test('the inspector refuses a form posted from another site', async ({ request, baseURL }) => {
  const res = await request.post('/__mock/ui/reset', { form: { _csrf: 'guessed' }, headers: { origin: 'https://evil.example' }, maxRedirects: 0 })
  expect(res.status()).toBe(403)
  const withoutToken = await request.post('/__mock/ui/reset', { form: {}, headers: { origin: new URL(baseURL!).origin }, maxRedirects: 0 })
  expect(withoutToken.status()).toBe(403)
})
