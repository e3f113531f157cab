/**
 * The standard story of the seed guide shown with no terminal, in Chromium: the front page, SmartCloud's "Koble til
 * Altinn", STADIG KONSERT approving (or rejecting) in the portal, and SmartCloud's receipt with the outcome and the
 * claims; and every request of it staying on the mock's origin, the Inter font included.
 */
import { expect, test } from '@playwright/test'
import { actFor, keepScreenshot, logInAs, mockState, resetMock } from './portal-support.ts'
import { expectOnlyOwnOrigin, recordRequests, startStory } from './demo-support.ts'
import { CUSTOMER, STADIG_KONSERT, STANDARD_SYSTEM } from '../../mock-server/seed/personas.ts'

test.beforeEach(async ({ request }) => {
  // Whole stories through several pages: room for a busy machine.
  test.setTimeout(90_000)
  await resetMock(request)
})

test('STADIG KONSERT approves SmartCloud from the front page on, and SmartCloud\'s receipt shows the claims of TILFELDIG SUBTIL APE', async ({ page, request, baseURL }, testInfo) => {
  const asked = recordRequests(page)
  await page.goto('/')
  await keepScreenshot(page, testInfo, '01-front-page')
  await startStory(page, 'standard')
  await keepScreenshot(page, testInfo, '02-login')
  await logInAs(page, 'STADIG KONSERT')

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('SmartCloud ønsker å opprette en systemtilgang')
  await expect(page.getByRole('main')).toContainText('TILFELDIG SUBTIL APE (org.nr. 312 091 437)')
  await keepScreenshot(page, testInfo, '03-approve-request')
  await page.getByRole('button', { name: 'Godkjenn' }).click()

  await expect(page).toHaveURL(/\/demo\/smartcloud\/kvittering\?state=v1\./)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('SmartCloud er koblet til Altinn')
  await expect(page.getByRole('status')).toContainText('Accepted')
  const claims = page.getByRole('table', { name: 'Krav og betalinger for TILFELDIG SUBTIL APE' })
  await expect(claims).toBeVisible()
  await expect(claims.getByRole('row')).not.toHaveCount(0)
  await expect(claims).toContainText('Sum')
  await keepScreenshot(page, testInfo, '04-smartcloud-receipt')

  const state = await mockState(request)
  expect(state.requests).toHaveLength(1)
  expect(state.requests[0]).toMatchObject({ systemId: STANDARD_SYSTEM, partyOrgNo: CUSTOMER, status: 'Accepted', decidedBy: STADIG_KONSERT })

  // As the guide ends: STADIG KONSERT logs in again and finds the system user of TILFELDIG SUBTIL APE.
  await page.goto('/accessmanagement/ui/systemuser/overview')
  await logInAs(page, 'STADIG KONSERT')
  await actFor(page, 'TILFELDIG SUBTIL APE')
  await expect(page.getByRole('list', { name: 'Systemtilganger', exact: true }).getByRole('link', { name: 'SmartCloud' })).toBeVisible()
  await expect(page.getByRole('heading', { level: 2, name: 'Standard systemtilganger' })).toBeVisible()
  await keepScreenshot(page, testInfo, '05-overview')

  // The pages ask for Inter, and get it from the mock.
  expect(await page.evaluate(async () => (await document.fonts.load('16px Inter')).length)).toBeGreaterThan(0)
  expect(asked.some((u) => u.endsWith('/accessmanagement/ui/assets/fonts/inter-latin-400-normal.woff2'))).toBe(true)
  expectOnlyOwnOrigin(asked, baseURL!)
})

test('STADIG KONSERT rejects: SmartCloud\'s receipt says so and shows no claims', async ({ page, request }, testInfo) => {
  await startStory(page, 'standard')
  await logInAs(page, 'STADIG KONSERT')
  await page.getByRole('button', { name: 'Avvis' }).click()

  await expect(page).toHaveURL(/\/demo\/smartcloud\/kvittering\?state=/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Forespørselen ble avvist')
  await expect(page.getByRole('status')).toContainText('Rejected')
  await expect(page.getByRole('table')).toHaveCount(0)
  await keepScreenshot(page, testInfo, '01-smartcloud-receipt-rejected')
  expect((await mockState(request)).requests[0]).toMatchObject({ status: 'Rejected', decidedBy: STADIG_KONSERT })

  await page.getByRole('link', { name: 'Prøv på nytt' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Koble SmartCloud til Altinn')
})

test('every request of the front page and of the portal pages goes to the mock\'s own origin', async ({ page, baseURL }) => {
  const asked = recordRequests(page)
  for (const path of ['/', '/accessmanagement/ui/login', '/accessmanagement/ui/finnes-ikke', '/demo/smartcloud']) {
    await page.goto(path)
    await page.waitForLoadState('networkidle')
  }
  expect(asked.filter((u) => u.includes('/assets/fonts/'))).not.toHaveLength(0)
  expectOnlyOwnOrigin(asked, baseURL!)
})
