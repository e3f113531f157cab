/**
 * The agent story of the seed guide, in Chromium: DRESS MINST approves SmartCloud's agent request for the
 * accounting firm, adds clients with "Legg til klient", removes one, and sees the system user with its client;
 * and a hostile integration title stays text.
 */
import { expect, test } from '@playwright/test'
import { actFor, createAgentRequest, keepScreenshot, logInAs, mockState, resetMock, stayOffline } from './portal-support.ts'
import { AGENT_SYSTEM, RECEIPT_URL, SPRUDLENDE_HOFLIG_MAKE } from '../../mock-server/seed/personas.ts'

test.beforeEach(async ({ page, request, baseURL }) => {
  await resetMock(request)
  await stayOffline(page, baseURL!)
})

test('DRESS MINST approves the agent request, adds two clients, removes one, and sees the system user with one client', async ({ page, request }, testInfo) => {
  const created = await createAgentRequest(request)
  expect(created.confirmUrl).toContain('/accessmanagement/ui/systemuser/agentrequest?id=')

  await page.goto(created.confirmUrl)
  await logInAs(page, 'DRESS MINST')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Godkjenn systemtilgang for dine klienter')
  const main = page.getByRole('main')
  await expect(main).toContainText('TILBAKEHOLDEN USYMMETRISK TIGER AS')
  await expect(main.getByRole('heading', { name: 'Tilgangspakker' })).toBeVisible()
  await expect(main.getByRole('listitem').filter({ hasText: 'Regnskapsfører med signeringsrettighet' })).toBeVisible()
  await keepScreenshot(page, testInfo, '01-approve-agent-request')

  await page.getByRole('button', { name: 'Godkjenn' }).click()
  await page.waitForURL(`${RECEIPT_URL}?agent=1`)
  expect(page.url()).toBe(`${RECEIPT_URL}?agent=1`)
  await keepScreenshot(page, testInfo, '02-vendor-receipt')

  await page.goto('/accessmanagement/ui/systemuser/overview')
  await logInAs(page, 'DRESS MINST')
  await actFor(page, 'TILBAKEHOLDEN USYMMETRISK TIGER AS')
  const agentList = page.getByRole('list', { name: 'Systemtilganger for klienter' })
  await expect(agentList.getByRole('listitem')).toHaveCount(1)
  await expect(agentList).toContainText('0 klienter')
  await keepScreenshot(page, testInfo, '03-overview-with-client-delegation')

  await agentList.getByRole('link', { name: 'SmartCloud Regnskapsfører' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'SmartCloud Regnskapsfører' })).toBeVisible()
  await expect(page.getByRole('main')).toContainText('Ingen klienter er lagt til ennå.')
  await keepScreenshot(page, testInfo, '04-system-user-details')

  await page.getByRole('link', { name: 'Legg til klient' }).click()
  const addList = page.getByRole('list', { name: 'Legg til klient' })
  // Only the firm's clients whose relationship (REGN) covers the package; UAVHENGIG STILLE REV is no client.
  await expect(addList.getByRole('listitem')).toHaveCount(3)
  await expect(addList).not.toContainText('UAVHENGIG STILLE REV')
  await keepScreenshot(page, testInfo, '05-add-clients')

  await addList.getByRole('button', { name: 'Legg til LYSEGRØNN FLEKKETE ELG AS' }).click()
  await expect(page.getByRole('status')).toContainText('LYSEGRØNN FLEKKETE ELG AS (org.nr. 315 465 222) er lagt til.')
  await page.getByRole('list', { name: 'Legg til klient' }).getByRole('button', { name: 'Legg til SPRUDLENDE HØFLIG MÅKE AS' }).click()
  const clients = page.getByRole('list', { name: 'Klienter' })
  await expect(clients.getByRole('listitem')).toHaveCount(2)
  await keepScreenshot(page, testInfo, '06-clients-added')

  await clients.getByRole('button', { name: 'Fjern LYSEGRØNN FLEKKETE ELG AS (org.nr. 315 465 222)' }).click()
  await expect(page.getByRole('status')).toContainText('er fjernet.')
  await expect(page.getByRole('list', { name: 'Klienter' }).getByRole('listitem')).toHaveCount(1)

  await page.getByRole('link', { name: 'Tilbake til systemtilgangen' }).click()
  const shownClients = page.getByRole('list', { name: 'Klienter' })
  await expect(shownClients.getByRole('listitem')).toHaveText(['SPRUDLENDE HØFLIG MÅKE AS (org.nr. 312 659 298)'])
  await keepScreenshot(page, testInfo, '07-system-user-with-clients')

  const state = await mockState(request)
  const systemUser = state.systemUsers.find((u: { systemId: string }) => u.systemId === AGENT_SYSTEM)
  expect(systemUser).toMatchObject({ id: created.id, userType: 'agent', isDeleted: false })
  expect(state.clientDelegations.filter((d: { systemUserId: string }) => d.systemUserId === created.id).map((d: { clientOrgNo: string }) => d.clientOrgNo)).toEqual([SPRUDLENDE_HOFLIG_MAKE])
})

test('a hostile integration title stays inert text on the approval page, the overview and the details', async ({ page, request }, testInfo) => {
  const hostile = '<img src=x onerror=alert(1)>'
  const created = await createAgentRequest(request, { integrationTitle: hostile })
  const dialogs: string[] = []
  page.on('dialog', (d) => {
    dialogs.push(d.message())
    void d.dismiss()
  })

  await page.goto(created.confirmUrl)
  await logInAs(page, 'DRESS MINST')
  await expect(page.getByRole('main').getByText(hostile, { exact: true })).toBeVisible()
  await expect(page.locator('img')).toHaveCount(0)
  await keepScreenshot(page, testInfo, '01-hostile-title-on-request')

  await page.getByRole('button', { name: 'Godkjenn' }).click()
  await page.waitForURL(`${RECEIPT_URL}?agent=1`)

  await page.goto('/accessmanagement/ui/systemuser/overview')
  await logInAs(page, 'DRESS MINST')
  await actFor(page, 'TILBAKEHOLDEN USYMMETRISK TIGER AS')
  await page.getByRole('link', { name: hostile }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(hostile)
  await expect(page).toHaveTitle(`${hostile} - Altinn`)
  await expect(page.locator('img')).toHaveCount(0)
  await keepScreenshot(page, testInfo, '02-hostile-title-on-details')

  expect(dialogs).toEqual([])
})
