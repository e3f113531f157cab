import { expect, test } from '@playwright/test'
import { createStandardRequest, keepScreenshot, mockState, resetMock, stayOffline } from './portal-support.ts'
import { CUSTOMER, DRESS_MINST, FACILITATOR, FREMMED_TURIST, LYSEGRONN_FLEKKETE_ELG, STADIG_KONSERT, STANDARD_SYSTEM } from '../../mock-server/seed/personas.ts'


test.beforeEach(async ({ page, request, baseURL }) => {
  await resetMock(request)
  await stayOffline(page, baseURL!)
})

test('the inspector shows a request appear and change status as it is approved there and rejected through the API', async ({ page, request }, testInfo) => {
  test.slow()
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

test('the inspector moves the clock past 180 days with a warning, goes back to real time, and resets to the seed', async ({ page, request }, testInfo) => {
  // A whole story in one browser test, on a machine that may be busy: more time, never a timed assertion.
  test.slow()
  const created = await createStandardRequest(request, { externalRef: 'inspector-clock' })
  await page.goto('/__mock/ui')
  const row = page.locator(`tr[data-request-id="${created.id}"]`)
  await expect(row.getByText('timedOut')).toHaveCount(0)
  const advance = page.getByLabel('Flytt klokken (ISO 8601-varighet)')
  await expect(advance).toHaveValue('')
  await expect(page.getByText('(på sann tid)')).toBeVisible()

  await advance.fill('P181D')
  await page.getByRole('button', { name: 'Flytt klokken' }).click()
  await expect(page.getByRole('status')).toContainText('Klokken er flyttet.')
  await expect(page.getByRole('status')).toContainText('Maskinporten avviser assertions')
  await expect(page.getByText(/181 dager.* foran sann tid/)).toBeVisible()
  await expect(row.getByText('timedOut')).toBeVisible()
  await expect(page.getByText('flyttet', { exact: true })).toBeVisible()
  await keepScreenshot(page, testInfo, 'inspector-clock-moved')

  await page.getByRole('button', { name: 'Tilbake til sann tid' }).click()
  await expect(page.getByRole('status')).toContainText('Klokken går i sann tid igjen.')
  await expect(page.getByText('sann tid', { exact: true })).toBeVisible()
  await expect(page.getByText('(på sann tid)')).toBeVisible()
  await expect(row.getByText('timedOut')).toHaveCount(0)
  expect((await (await request.get('/__mock/clock')).json()).shifted).toBe(false)

  await page.getByRole('button', { name: 'Tilbakestill til seed' }).click()
  await expect(page.getByRole('status')).toContainText('Tilbake til seed-dataene')
  await expect(page.getByRole('heading', { name: 'Forespørsler (0)' })).toBeVisible()
})

test('the inspector creates a standard request as SmartCloud, and approves it as STADIG KONSERT', async ({ page, request }, testInfo) => {
  // A whole story in one browser test, on a machine that may be busy: more time, never a timed assertion.
  test.slow()
  await page.goto('/__mock/ui')
  const form = page.locator('form.inspector-create').filter({ hasText: 'Standardforespørsel' })
  await expect(form.getByLabel('System (rettigheter)')).toHaveValue(STANDARD_SYSTEM)
  await expect(form.getByLabel('Kunde')).toHaveValue(CUSTOMER)
  await form.getByLabel('externalRef (valgfri)').fill('demo-standard')
  await form.getByRole('button', { name: 'Opprett standardforespørsel' }).click()

  await expect(page.getByRole('status')).toContainText('Forespørselen er opprettet.')
  const id = new URL(page.url()).searchParams.get('request')!
  const created = (await mockState(request)).requests.find((r: { id: string }) => r.id === id)
  expect(created).toMatchObject({ kind: 'standard', partyOrgNo: CUSTOMER, externalRef: 'demo-standard', status: 'New' })
  await expect(page.getByRole('status').getByRole('link', { name: 'confirmUrl' })).toHaveAttribute('href', created.confirmUrl)
  const row = page.locator(`tr[data-request-id="${id}"]`)
  await expect(row).toContainText('TILFELDIG SUBTIL APE 312 091 437')
  await keepScreenshot(page, testInfo, 'inspector-created')

  await row.getByLabel('Som person').selectOption(STADIG_KONSERT)
  await row.getByRole('button', { name: 'Godkjenn' }).click()
  await expect(page.getByRole('status')).toContainText('Forespørselen er godkjent.')
  await expect(page.locator(`tr[data-request-id="${id}"] .inspector-status`)).toHaveText('Accepted')
  await expect(page.locator(`tr[data-request-id="${id}"]`)).toContainText('avgjort av STADIG KONSERT')
})

test('the inspector creates an agent request, approves it as DRESS MINST, adds a client and removes it', async ({ page, request }, testInfo) => {
  // A whole story in one browser test, on a machine that may be busy: more time, never a timed assertion.
  test.slow()
  await page.goto('/__mock/ui')
  const form = page.locator('form.inspector-create').filter({ hasText: 'Klientforespørsel' })
  await expect(form.getByLabel('Kunde')).toHaveValue(FACILITATOR)
  await form.getByRole('button', { name: 'Opprett klientforespørsel' }).click()
  await expect(page.getByRole('status')).toContainText('Forespørselen er opprettet.')
  const id = new URL(page.url()).searchParams.get('request')!

  const row = page.locator(`tr[data-request-id="${id}"]`)
  await row.getByLabel('Som person').selectOption(DRESS_MINST)
  await row.getByRole('button', { name: 'Godkjenn' }).click()
  await expect(page.locator(`tr[data-request-id="${id}"] .inspector-status`)).toHaveText('Accepted')

  const user = page.locator(`tr[data-system-user-id="${id}"]`)
  await user.getByLabel('Klient', { exact: true }).selectOption(LYSEGRONN_FLEKKETE_ELG)
  await user.getByLabel('Som person').selectOption(DRESS_MINST)
  await user.getByRole('button', { name: 'Legg til klient' }).click()
  await expect(page.getByRole('status')).toContainText('Klienten er lagt til.')
  await expect(page.locator(`tr[data-system-user-id="${id}"] li[data-client="${LYSEGRONN_FLEKKETE_ELG}"]`)).toContainText('LYSEGRØNN FLEKKETE ELG AS 315 465 222')
  expect((await mockState(request)).clientDelegations).toEqual([expect.objectContaining({ systemUserId: id, clientOrgNo: LYSEGRONN_FLEKKETE_ELG, addedBy: DRESS_MINST })])
  await keepScreenshot(page, testInfo, 'inspector-client-added')

  await page.locator(`tr[data-system-user-id="${id}"]`).getByRole('button', { name: 'Fjern LYSEGRØNN FLEKKETE ELG AS' }).click()
  await expect(page.getByRole('status')).toContainText('Klienten er fjernet.')
  await expect(page.locator(`tr[data-system-user-id="${id}"] li[data-client="${LYSEGRONN_FLEKKETE_ELG}"]`)).toHaveCount(0)
  expect((await mockState(request)).clientDelegations).toEqual([])
})

test('the inspector deletes a system user only after the confirmation', async ({ page, request }) => {
  const created = await createStandardRequest(request, { externalRef: 'inspector-delete' })
  expect((await request.post(`/__mock/requests/${created.id}/approve`, { data: { pid: STADIG_KONSERT } })).status()).toBe(200)
  await page.goto('/__mock/ui')

  await page.locator(`tr[data-system-user-id="${created.id}"]`).getByRole('link', { name: 'Slett…' }).click()
  await expect(page.getByRole('heading', { name: 'Slette systembrukeren?' })).toBeVisible()
  expect((await mockState(request)).systemUsers.find((u: { id: string }) => u.id === created.id).isDeleted).toBe(false)

  await page.getByRole('button', { name: 'Ja, slett systembrukeren' }).click()
  await expect(page.getByRole('status')).toContainText('Systembrukeren er slettet.')
  await expect(page.locator(`tr[data-system-user-id="${created.id}"]`)).toContainText('slettet')
  expect((await mockState(request)).systemUsers.find((u: { id: string }) => u.id === created.id).isDeleted).toBe(true)
})

test('the inspector refuses a form posted from another site', async ({ request, baseURL }) => {
  const res = await request.post('/__mock/ui/reset', { form: { _csrf: 'guessed' }, headers: { origin: 'https://evil.example' }, maxRedirects: 0 })
  expect(res.status()).toBe(403)
  const withoutToken = await request.post('/__mock/ui/reset', { form: {}, headers: { origin: new URL(baseURL!).origin }, maxRedirects: 0 })
  expect(withoutToken.status()).toBe(403)
})
