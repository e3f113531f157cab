/**
 * The agent story of the seed guide shown with no terminal, in Chromium: the front page, SmartCloud's "Koble til
 * Altinn" for the accounting firm, DRESS MINST approving and adding clients in the portal, and SmartCloud's receipt
 * listing the clients it may act for, with their claims.
 */
import { expect, test } from '@playwright/test'
import { actFor, keepScreenshot, logInAs, mockState, resetMock } from './portal-support.ts'
import { startStory } from './demo-support.ts'
import { AGENT_SYSTEM, DRESS_MINST, FACILITATOR, LYSEGRONN_FLEKKETE_ELG, SPRUDLENDE_HOFLIG_MAKE } from '../../mock-server/seed/personas.ts'

test.beforeEach(async ({ request }) => {
  // Whole stories through several pages: room for a busy machine.
  test.setTimeout(90_000)
  await resetMock(request)
})

test('DRESS MINST approves SmartCloud for the accounting firm and adds clients; SmartCloud\'s receipt lists them with their claims', async ({ page, request }, testInfo) => {
  await startStory(page, 'agent')
  await logInAs(page, 'DRESS MINST')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Godkjenn systemtilgang for dine klienter')
  await keepScreenshot(page, testInfo, '01-approve-agent-request')
  await page.getByRole('button', { name: 'Godkjenn' }).click()

  await expect(page).toHaveURL(/\/demo\/smartcloud\/kvittering\?state=v1\./)
  const receipt = page.url()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('SmartCloud er koblet til Altinn')
  await expect(page.getByRole('main')).toContainText('Ingen klienter er lagt til ennå.')
  await keepScreenshot(page, testInfo, '02-smartcloud-receipt-no-clients')

  await page.goto('/accessmanagement/ui/systemuser/overview')
  await logInAs(page, 'DRESS MINST')
  await actFor(page, 'TILBAKEHOLDEN USYMMETRISK TIGER AS')
  await page.getByRole('list', { name: 'Systemtilganger for klienter' }).getByRole('link', { name: 'SmartCloud Regnskapsfører' }).click()
  await page.getByRole('link', { name: 'Legg til klient' }).click()
  const addList = page.getByRole('list', { name: 'Legg til klient' })
  await addList.getByRole('button', { name: 'Legg til LYSEGRØNN FLEKKETE ELG AS' }).click()
  await expect(page.getByRole('status')).toContainText('er lagt til.')
  await page.getByRole('list', { name: 'Legg til klient' }).getByRole('button', { name: 'Legg til SPRUDLENDE HØFLIG MÅKE AS' }).click()
  await expect(page.getByRole('list', { name: 'Klienter' }).getByRole('listitem')).toHaveCount(2)
  await keepScreenshot(page, testInfo, '03-clients-added')

  await page.goto(receipt)
  const reachable = page.getByRole('list', { name: 'Klienter SmartCloud kan handle for (2)' })
  await expect(reachable.getByRole('listitem')).toHaveText(['LYSEGRØNN FLEKKETE ELG AS (org.nr. 315 465 222)', 'SPRUDLENDE HØFLIG MÅKE AS (org.nr. 312 659 298)'])
  await expect(page.getByRole('table', { name: 'Krav og betalinger for LYSEGRØNN FLEKKETE ELG AS' })).toBeVisible()
  await expect(page.getByRole('table', { name: 'Krav og betalinger for SPRUDLENDE HØFLIG MÅKE AS' })).toBeVisible()
  await expect(page.getByRole('list', { name: 'Ikke lagt til i Altinn' }).getByRole('listitem')).toHaveText(['MODIG KLOK OTER AS (org.nr. 316 948 219)'])
  await keepScreenshot(page, testInfo, '04-smartcloud-receipt-with-clients')

  const state = await mockState(request)
  const id = state.requests[0].id
  expect(state.requests[0]).toMatchObject({ systemId: AGENT_SYSTEM, partyOrgNo: FACILITATOR, status: 'Accepted', decidedBy: DRESS_MINST })
  expect(state.clientDelegations.filter((d: { systemUserId: string }) => d.systemUserId === id).map((d: { clientOrgNo: string }) => d.clientOrgNo).sort()).toEqual([SPRUDLENDE_HOFLIG_MAKE, LYSEGRONN_FLEKKETE_ELG])
})

test('the portal header holds a long organisation name on a narrow screen, and unknown portal pages answer in the portal\'s look', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 320, height: 700 })
  await page.goto('/accessmanagement/ui/systemuser/overview')
  await logInAs(page, 'DRESS MINST')
  await actFor(page, 'TILBAKEHOLDEN USYMMETRISK TIGER AS')
  await expect(page.getByRole('banner')).toContainText('TILBAKEHOLDEN USYMMETRISK TIGER AS')
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320)
  await keepScreenshot(page, testInfo, '01-narrow-header')

  const res = await page.goto('/accessmanagement/ui/finnes-ikke/side')
  expect(res!.status()).toBe(404)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Fant ikke siden')
  await expect(page.getByRole('banner')).toContainText('TILBAKEHOLDEN USYMMETRISK TIGER AS')
  await keepScreenshot(page, testInfo, '02-not-found')
})
