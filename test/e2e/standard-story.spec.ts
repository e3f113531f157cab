/**
 * The standard story of the seed guide, in Chromium: STADIG KONSERT approves SmartCloud's request, lands on
 * SmartCloud's receipt, logs in again for TILFELDIG SUBTIL APE and finds the system user; and the paths around
 * it (escalation, refusal, rejection, self-service, deletion).
 */
import { expect, test } from '@playwright/test'
import { actFor, createStandardRequest, keepScreenshot, logInAs, mockState, resetMock, stayOffline } from './portal-support.ts'
import { CUSTOMER, FREMMED_TURIST, RECEIPT_URL, SMARTCLOUD, STADIG_KONSERT, STANDARD_SYSTEM } from '../../mock-server/seed/personas.ts'

test.beforeEach(async ({ page, request, baseURL }) => {
  await resetMock(request)
  await stayOffline(page, baseURL!)
})

test('STADIG KONSERT approves the request, lands on the receipt exactly as stored, and sees the system user for TILFELDIG SUBTIL APE', async ({ page, request }, testInfo) => {
  const created = await createStandardRequest(request)

  await page.goto(created.confirmUrl)
  await keepScreenshot(page, testInfo, '01-login')
  await logInAs(page, 'STADIG KONSERT')

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('SmartCloud ønsker å opprette en systemtilgang')
  const main = page.getByRole('main')
  await expect(main).toContainText('TILFELDIG SUBTIL APE')
  await expect(main.getByRole('heading', { name: 'Rettigheter' })).toBeVisible()
  await expect(main.getByRole('listitem').filter({ hasText: 'Krav og betalinger' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Avvis' })).toBeVisible()
  await keepScreenshot(page, testInfo, '02-approve-request')

  await page.getByRole('button', { name: 'Godkjenn' }).click()
  await page.waitForURL(`${RECEIPT_URL}?state=abc123`)
  expect(page.url()).toBe(`${RECEIPT_URL}?state=abc123`)
  await expect(page.getByRole('heading', { name: 'Takk! SmartCloud har fått svar fra Altinn.' })).toBeVisible()
  await keepScreenshot(page, testInfo, '03-vendor-receipt')

  const state = await mockState(request)
  expect(state.requests.find((r: { id: string }) => r.id === created.id)).toMatchObject({ status: 'Accepted', decidedBy: STADIG_KONSERT })

  // Logged out by the decision: the overview asks for a login again, then whom to act for.
  await page.goto('/accessmanagement/ui/systemuser/overview')
  await logInAs(page, 'STADIG KONSERT')
  await expect(page.getByRole('heading', { name: 'Hvem vil du representere?' })).toBeVisible()
  await keepScreenshot(page, testInfo, '04-choose-actor')
  await actFor(page, 'TILFELDIG SUBTIL APE')
  await expect(page.getByRole('heading', { level: 1, name: 'Systemtilganger' })).toBeVisible()
  const standardList = page.getByRole('list', { name: 'Systemtilganger', exact: true })
  await expect(standardList.getByRole('link', { name: 'SmartCloud' })).toBeVisible()
  await keepScreenshot(page, testInfo, '05-overview')

  await standardList.getByRole('link', { name: 'SmartCloud' }).click()
  await expect(page).toHaveURL(new RegExp(`/accessmanagement/ui/systemuser/${created.id}$`))
  await expect(page.getByRole('main')).toContainText('Krav og betalinger')
  await expect(page.getByRole('main')).toContainText(`org.nr. ${CUSTOMER.slice(0, 3)} ${CUSTOMER.slice(3, 6)} ${CUSTOMER.slice(6)}`)
  await keepScreenshot(page, testInfo, '06-system-user-details')
})

test('FLITTIG ANSATT, an employee without access-manager rights, can only forward the request to the access managers', async ({ page, request }, testInfo) => {
  const created = await createStandardRequest(request)
  await page.goto(created.confirmUrl)
  await logInAs(page, 'FLITTIG ANSATT')

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('SmartCloud ønsker å opprette en systemtilgang')
  await expect(page.getByRole('main')).toContainText('AUTH-00066')
  await expect(page.getByRole('button', { name: 'Godkjenn' })).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Avvis' })).toHaveCount(0)
  await keepScreenshot(page, testInfo, '01-escalate-only')

  await page.getByRole('button', { name: 'Send til tilgangsstyrer' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'sendt til tilgangsstyrerne' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Send til tilgangsstyrer' })).toHaveCount(0)
  await keepScreenshot(page, testInfo, '02-escalated')

  const state = await mockState(request)
  expect(state.requests.find((r: { id: string }) => r.id === created.id)).toMatchObject({ status: 'New', escalated: true })
})

test('FREMMED TURIST, with no relation to the organisation, is refused with AUTH-00066 and sees nothing of the request', async ({ page, request }, testInfo) => {
  const created = await createStandardRequest(request)
  await page.goto(created.confirmUrl)
  // Typed instead of picked: a real-looking number is refused, FREMMED TURIST's synthetic one is accepted.
  await page.getByLabel('Syntetisk fødselsnummer (11 siffer)').fill('08026650188')
  await page.getByRole('button', { name: 'Logg inn', exact: true }).click()
  await expect(page.getByRole('alert')).toContainText('er ikke et syntetisk fødselsnummer')
  await keepScreenshot(page, testInfo, '00-real-number-refused')
  await page.getByLabel('Syntetisk fødselsnummer (11 siffer)').fill(FREMMED_TURIST)
  await page.getByRole('button', { name: 'Logg inn', exact: true }).click()

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Du har ikke tilgang')
  await expect(page.getByRole('alert')).toContainText('AUTH-00066')
  await expect(page.getByRole('main')).not.toContainText('Krav og betalinger')
  await expect(page.getByRole('button', { name: 'Godkjenn' })).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Send til tilgangsstyrer' })).toHaveCount(0)
  await keepScreenshot(page, testInfo, '01-refused')

  const state = await mockState(request)
  expect(state.requests.find((r: { id: string }) => r.id === created.id)).toMatchObject({ status: 'New', escalated: false })
})

test('a rejected request shows as rejected, with no buttons, when it is opened again', async ({ page, request }, testInfo) => {
  const created = await createStandardRequest(request)
  await page.goto(created.confirmUrl)
  await logInAs(page, 'STADIG KONSERT')
  await page.getByRole('button', { name: 'Avvis' }).click()
  await page.waitForURL(`${RECEIPT_URL}?state=abc123`)

  expect((await mockState(request)).requests.find((r: { id: string }) => r.id === created.id).status).toBe('Rejected')

  await page.goto(created.confirmUrl)
  await logInAs(page, 'STADIG KONSERT')
  await expect(page.getByRole('status').filter({ hasText: 'Forespørselen er allerede avvist.' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Godkjenn' })).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Avvis' })).toHaveCount(0)
  await keepScreenshot(page, testInfo, '01-already-rejected')
})

test('a forged form without the CSRF token changes nothing, from the same site or from another one', async ({ page, request }, testInfo) => {
  const created = await createStandardRequest(request)
  await page.goto(created.confirmUrl)
  await logInAs(page, 'STADIG KONSERT')
  await expect(page.getByRole('button', { name: 'Godkjenn' })).toBeVisible()

  // The same browser session, a form without the hidden token.
  const forged = await page.request.post('/accessmanagement/ui/systemuser/request/approve', { form: { id: created.id }, maxRedirects: 0 })
  expect(forged.status()).toBe(403)
  expect(await forged.text()).toContain('Skjemaet kunne ikke sendes')

  // Another site's page posting to the portal: the session cookie (SameSite=Lax) does not go with it.
  const portalOrigin = new URL(page.url()).origin
  await page.route('https://evil.example/**', (route) =>
    route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><html lang="en"><body><form method="post" action="${portalOrigin}/accessmanagement/ui/systemuser/request/approve"><input type="hidden" name="id" value="${created.id}"><input type="hidden" name="_csrf" value="guessed"><button>Win a prize</button></form></body></html>`,
    }),
  )
  await page.goto('https://evil.example/prize')
  await page.getByRole('button', { name: 'Win a prize' }).click()
  await expect(page.getByRole('heading', { name: 'Skjemaet kunne ikke sendes' })).toBeVisible()
  await keepScreenshot(page, testInfo, '01-forged-form-refused')

  const state = await mockState(request)
  expect(state.requests.find((r: { id: string }) => r.id === created.id)).toMatchObject({ status: 'New' })
  expect(state.systemUsers).toEqual([])
})

test('STADIG KONSERT creates a system user without a request, sees AUTH-00004 on a second try, and deletes it so its tokens stop', async ({ page, request }, testInfo) => {
  await page.goto('/accessmanagement/ui/systemuser/create')
  await logInAs(page, 'STADIG KONSERT')
  await actFor(page, 'TILFELDIG SUBTIL APE')

  await expect(page.getByRole('heading', { level: 1, name: 'Opprett systemtilgang' })).toBeVisible()
  const systems = page.getByRole('group', { name: 'Velg system' })
  // SmartCloud's visible systems: the standard one and the client-administration one; the agent system is not visible.
  await expect(systems.getByRole('radio')).toHaveCount(2)
  await expect(systems.getByRole('radio', { name: /Regnskapsfører/ })).toHaveCount(0)
  await systems.getByRole('radio', { name: /^SmartCloud(?! Klientadministrasjon)/ }).check()
  await keepScreenshot(page, testInfo, '01-choose-system')
  await page.getByRole('button', { name: 'Neste' }).click()

  await expect(page.getByRole('heading', { level: 1, name: 'Godkjenn opprettelse av systemtilgang' })).toBeVisible()
  await expect(page.getByRole('main')).toContainText('Krav og betalinger')
  await keepScreenshot(page, testInfo, '02-confirm-create')
  await page.getByRole('button', { name: 'Opprett systemtilgang' }).click()

  await expect(page.getByRole('status')).toHaveText('Systemtilgangen er opprettet.')
  await expect(page.getByRole('heading', { level: 1, name: 'SmartCloud' })).toBeVisible()
  await keepScreenshot(page, testInfo, '03-created')
  const systemUserId = page.url().split('/').pop()!

  const systemUserToken = () =>
    request.post('/__mock/tokens', {
      data: {
        orgNo: SMARTCLOUD,
        scope: 'skatteetaten:kravogbetalinger',
        authorization_details: [{ type: 'urn:altinn:systemuser', systemuser_org: { authority: 'iso6523-actorid-upis', ID: `0192:${CUSTOMER}` } }],
      },
    })
  expect((await systemUserToken()).status()).toBe(200)

  await page.goto(`/accessmanagement/ui/systemuser/create?systemId=${STANDARD_SYSTEM}`)
  await page.getByRole('button', { name: 'Opprett systemtilgang' }).click()
  await expect(page.getByRole('alert')).toContainText('AUTH-00004')
  await expect(page.getByRole('alert')).toContainText('Det finnes allerede en systemtilgang')
  await keepScreenshot(page, testInfo, '04-already-exists')

  await page.goto(`/accessmanagement/ui/systemuser/${systemUserId}`)
  await page.getByRole('button', { name: 'Slett systemtilgang' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vil du slette systemtilgangen?')
  await keepScreenshot(page, testInfo, '05-confirm-delete')
  await page.getByRole('button', { name: 'Slett systemtilgang' }).click()
  await expect(page.getByRole('status')).toContainText('Systemtilgangen er slettet.')
  await expect(page.getByRole('main')).toContainText('Virksomheten har ingen systemtilganger.')
  await keepScreenshot(page, testInfo, '06-deleted')

  const state = await mockState(request)
  expect(state.systemUsers.find((u: { id: string }) => u.id === systemUserId)).toMatchObject({ isDeleted: true })
  const afterDelete = await systemUserToken()
  expect(afterDelete.status()).toBe(400)
  expect((await afterDelete.json()).error).toBe('invalid_altinn_customer_configuration')
})

test('the request page fits a phone-sized screen', async ({ page, request }, testInfo) => {
  await page.setViewportSize({ width: 360, height: 740 })
  const created = await createStandardRequest(request)
  await page.goto(created.confirmUrl)
  await logInAs(page, 'STADIG KONSERT')
  const approve = page.getByRole('button', { name: 'Godkjenn' })
  await approve.scrollIntoViewIfNeeded()
  await expect(approve).toBeInViewport({ ratio: 1 })
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  expect(overflow).toBeLessThanOrEqual(0)
  await keepScreenshot(page, testInfo, '01-request-on-phone')
})
