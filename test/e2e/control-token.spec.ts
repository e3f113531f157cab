/**
 * In Chromium: a mock bound to 0.0.0.0 wants its control token. Opening the inspector with `?token=` once sets an
 * HttpOnly, SameSite=Strict cookie and lands on the clean URL; the inspector's own forms then work; a browser
 * without the cookie gets the 401 problem.
 */
import { expect, test } from '@playwright/test'
import { startMockServer, type RunningMockServer } from '../../mock-server/http/server.ts'

const TOKEN = 'e2e-control-token-0123456789abcdef'
let server: RunningMockServer
let origin: string

test.beforeAll(async () => {
  server = await startMockServer({ host: '0.0.0.0', port: 0, controlToken: TOKEN })
  // Any Host is answered for its own origin in this mode; the browser uses a name, as a tester on the network would.
  origin = `http://mock-altinn.localhost:${new URL(server.url).port}`
})
test.afterAll(() => server.close())

test('the inspector opens with ?token= once, keeps the token out of the address bar, and its forms work with the cookie', async ({ page, context }) => {
  await page.goto(`${origin}/__mock/ui?token=${TOKEN}`)
  expect(page.url()).toBe(`${origin}/__mock/ui`)
  await expect(page.getByRole('heading', { name: 'Inspektør', level: 1 })).toBeVisible()

  const cookie = (await context.cookies(`${origin}/__mock/ui`)).find((c) => c.name === 'mock_altinn_control')!
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/__mock' })
  expect(cookie.value).not.toContain(TOKEN)

  await page.getByRole('button', { name: 'Tilbakestill' }).first().click()
  await expect(page).toHaveURL(/\/__mock\/ui\?ok=reset$/)
  await expect(page.getByRole('heading', { name: 'Inspektør', level: 1 })).toBeVisible()
})

test('a browser without the cookie, or with a wrong token, gets the 401 problem that says how to get in', async ({ page }) => {
  const plain = await page.goto(`${origin}/__mock/ui`)
  expect(plain!.status()).toBe(401)
  expect(await page.locator('body').innerText()).toContain('/__mock/ui?token=<token>')
  const wrong = await page.goto(`${origin}/__mock/ui?token=not-it`)
  expect(wrong!.status()).toBe(401)
  // Altinn's own pages need nothing.
  expect((await page.goto(`${origin}/accessmanagement/ui/login`))!.status()).toBe(200)
})
