/**
 * What the demo's browser tests share: starting a story from the front page, and a record of every request the
 * browser makes, to show that nothing leaves the mock's origin.
 */
import { expect, type Page } from '@playwright/test'

/** From the front page to SmartCloud, then "Koble til Altinn" in the story's section: lands on Altinn's login. */
export async function startStory(page: Page, story: 'standard' | 'agent'): Promise<void> {
  await page.goto('/')
  await expect(page.getByRole('heading', { level: 1, name: 'Mock av Altinn systembruker' })).toBeVisible()
  await page.getByRole('link', { name: story === 'standard' ? 'Start standardhistorien' : 'Start agenthistorien' }).click()
  await expect(page.getByRole('banner')).toContainText('SmartCloud (demo-leverandør, ikke Altinn)')
  const section = page.getByRole('region', { name: story === 'standard' ? 'For bedrifter' : 'For regnskapsførere' })
  await section.getByRole('button', { name: 'Koble til Altinn' }).click()
}

/** Every URL the page asks for from now on (documents, style sheets, fonts, anything). */
export function recordRequests(page: Page): string[] {
  const urls: string[] = []
  page.on('request', (r) => urls.push(r.url()))
  return urls
}

/** Every recorded request went to the mock's own origin. */
export function expectOnlyOwnOrigin(urls: readonly string[], baseURL: string): void {
  const origin = new URL(baseURL).origin
  expect(urls.length).toBeGreaterThan(0)
  expect(urls.filter((u) => new URL(u).origin !== origin)).toEqual([])
}
