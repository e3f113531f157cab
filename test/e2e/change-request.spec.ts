/**
 * A change request in Chromium: SmartCloud's system user for TILFELDIG SUBTIL APE may read "Skattegrunnlag";
 * SmartCloud asks to add "Krav og betalinger" and drop "Skattegrunnlag"; STADIG KONSERT opens the confirmUrl, sees
 * what changes, approves, and lands on SmartCloud's receipt exactly as stored; the system user has the new rights.
 */
import { randomUUID } from 'node:crypto'
import { expect, test, type APIRequestContext } from '@playwright/test'
import { keepScreenshot, logInAs, mockState, resetMock, stayOffline, vendorToken } from './portal-support.ts'
import { CUSTOMER, KRAV, RECEIPT_URL, SKATTEGRUNNLAG, SMARTCLOUD, STADIG_KONSERT } from '../../mock-server/seed/personas.ts'

const SYSTEM = `${SMARTCLOUD}_krav_og_grunnlag`
const right = (value: string) => ({ resource: [{ id: 'urn:altinn:resource', value }] })

/** SmartCloud registers a system with two rights and gets an approved system user with "Skattegrunnlag" only. */
async function aSystemUserWithSkattegrunnlag(request: APIRequestContext, token: string): Promise<string> {
  const headers = { authorization: `Bearer ${token}` }
  const registered = await request.post('/authentication/api/v1/systemregister/vendor', {
    headers,
    data: {
      id: SYSTEM,
      vendor: { authority: 'iso6523-actorid-upis', ID: `0192:${SMARTCLOUD}` },
      name: { nb: 'SmartCloud Skatt', nn: 'SmartCloud Skatt', en: 'SmartCloud Tax' },
      description: { nb: 'Krav og skattegrunnlag', nn: 'Krav og skattegrunnlag', en: 'Claims and tax basis' },
      rights: [right(KRAV), right(SKATTEGRUNNLAG)],
      clientId: [randomUUID()],
      isVisible: true,
      allowedRedirectUrls: [RECEIPT_URL],
    },
  })
  expect(registered.status()).toBe(200)
  const created = await request.post('/authentication/api/v1/systemuser/request/vendor', { headers, data: { systemId: SYSTEM, partyOrgNo: CUSTOMER, rights: [right(SKATTEGRUNNLAG)] } })
  expect(created.status()).toBe(201)
  const { id } = (await created.json()) as { id: string }
  expect((await request.post(`/__mock/requests/${id}/approve`, { data: {} })).status()).toBe(200)
  return id
}

test.beforeEach(async ({ page, request, baseURL }) => {
  await resetMock(request)
  await stayOffline(page, baseURL!)
})

test('STADIG KONSERT approves SmartCloud\'s change request and lands on the receipt; the system user has the changed rights', async ({ page, request }, testInfo) => {
  const token = await vendorToken(request)
  const systemUserId = await aSystemUserWithSkattegrunnlag(request, token)
  const correlationId = randomUUID()
  const asked = await request.post(`/authentication/api/v1/systemuser/changerequest/vendor?correlation-id=${correlationId}&system-user-id=${systemUserId}`, {
    headers: { authorization: `Bearer ${token}` },
    data: { requiredRights: [right(KRAV)], unwantedRights: [right(SKATTEGRUNNLAG)], redirectUrl: `${RECEIPT_URL}?change=${correlationId}` },
  })
  expect(asked.status()).toBe(201)
  const { confirmUrl } = (await asked.json()) as { confirmUrl: string }

  await page.goto(confirmUrl)
  await logInAs(page, 'STADIG KONSERT')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('SmartCloud Skatt ber om godkjenning til å gjøre endringer i systemtilgang')
  const main = page.getByRole('main')
  await expect(main).toContainText('TILFELDIG SUBTIL APE')
  await expect(main.getByRole('heading', { name: 'Dette vil endres i systemtilgangen:' })).toBeVisible()
  await expect(main.getByRole('region', { name: 'Denne enkelttjenesten vil legges til' }).getByRole('listitem')).toHaveText(['Krav og betalinger'])
  await expect(main.getByRole('region', { name: 'Denne enkelttjenesten vil fjernes' }).getByRole('listitem')).toHaveText(['Skattegrunnlag'])
  await expect(page.getByRole('button', { name: 'Avvis' })).toBeVisible()
  await keepScreenshot(page, testInfo, '01-change-request')

  await page.getByRole('button', { name: 'Godkjenn oppdatert systemtilgang' }).click()
  await page.waitForURL(`${RECEIPT_URL}?change=${correlationId}`)
  expect(page.url()).toBe(`${RECEIPT_URL}?change=${correlationId}`)
  await expect(page.getByRole('heading', { name: 'Takk! SmartCloud har fått svar fra Altinn.' })).toBeVisible()
  await keepScreenshot(page, testInfo, '02-vendor-receipt')

  const state = await mockState(request)
  expect(state.changeRequests.find((r: { id: string }) => r.id === correlationId)).toMatchObject({ status: 'Accepted', decidedBy: STADIG_KONSERT })
  expect(state.systemUsers.find((u: { id: string }) => u.id === systemUserId).rights).toEqual([right(KRAV)])
})
