/**
 * The browser user: the end user's side clicked through the portal pages in Chromium, as a person would (log in
 * with TestID, choose whom to act for, press "Godkjenn"). Each action starts a fresh browser context, so each is a
 * new login, as in the seed guides. The browser never leaves the mock: the hop to SmartCloud's receipt page is
 * observed (the browser is sent there) and no request leaves the machine.
 */
import { existsSync } from 'node:fs'
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test'
import type { EnvironmentUrls } from 'altinn-systemuser-sdk/contract'
import type { UserDriver } from '../define.ts'

const CHROMIUM_ARGS = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run']
const TIMEOUT_MS = 15_000

/** Debian's Chromium (CHROMIUM_PATH, else /usr/bin/chromium), else Playwright's own. */
function chromiumExecutable(): string | undefined {
  return process.env.CHROMIUM_PATH || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined)
}

/** A portal refusal, with the AUTH code the page showed. */
class PortalRefusedError extends Error {
  constructor(
    readonly code: string | undefined,
    pageText: string,
  ) {
    super(`The portal refused${code ? ` with ${code}` : ''}: ${pageText.replace(/\s+/g, ' ').trim().slice(0, 300)}`)
    this.name = 'PortalRefusedError'
  }
}

/** Start Chromium and return a user driver for the portal at `urls.portalUrl`. */
export async function createBrowserUser(urls: EnvironmentUrls, controlToken?: string): Promise<UserDriver> {
  // The control API is read for names and facts the pages do not show; a mock bound beyond loopback wants its token.
  const controlHeaders: Record<string, string> = controlToken ? { 'x-mock-control-token': controlToken } : {}
  const executablePath = chromiumExecutable()
  const browser: Browser = await chromium.launch({ ...(executablePath ? { executablePath } : {}), args: CHROMIUM_ARGS })
  const portal = new URL(urls.portalUrl).origin
  const ui = `${urls.portalUrl.replace(/\/+$/, '')}/accessmanagement/ui/systemuser`
  const orgNames = new Map<string, string>()

  async function orgName(orgNo: string): Promise<string> {
    if (!orgNames.size) {
      const seed = (await (await fetch(`${urls.platformUrl}/__mock/seed`, { headers: controlHeaders })).json()) as { organisations: { orgNo: string; name: string }[] }
      for (const o of seed.organisations) orgNames.set(o.orgNo, o.name)
    }
    return orgNames.get(orgNo) ?? orgNo
  }

  async function withPage<T>(fn: (page: Page) => Promise<T>): Promise<T> {
    const context: BrowserContext = await browser.newContext()
    context.setDefaultTimeout(TIMEOUT_MS)
    const page = await context.newPage()
    await page.route((url) => url.origin !== portal, (route) => route.abort('blockedbyclient'))
    try {
      return await fn(page)
    } finally {
      await context.close()
    }
  }

  /** Log in with TestID by typing the person number, then act for the organisation when the portal asks. */
  async function logIn(page: Page, pid: string, orgNo?: string): Promise<void> {
    await page.getByLabel('Syntetisk fødselsnummer (11 siffer)').fill(pid)
    await page.getByRole('button', { name: 'Logg inn', exact: true }).click()
    await page.waitForLoadState()
    if (orgNo && (await page.getByRole('heading', { name: 'Hvem vil du representere?' }).count())) {
      await page.getByRole('button', { name: `Velg ${await orgName(orgNo)}`, exact: true }).click()
      await page.waitForLoadState()
    }
  }

  async function refusal(page: Page): Promise<PortalRefusedError> {
    const text = (await page.getByRole('main').textContent()) ?? ''
    return new PortalRefusedError(/AUTH-\d{5}/.exec(text)?.[0], text)
  }

  async function decide(confirmUrl: string, pid: string, button: 'Godkjenn' | 'Avvis'): Promise<{ landedOn?: string }> {
    return withPage(async (page) => {
      await page.goto(toPortal(confirmUrl))
      await logIn(page, pid)
      const action = page.getByRole('button', { name: button, exact: true })
      if (!(await action.count())) throw await refusal(page)
      // After the decision the portal logs the person out and sends the browser on with a 302: to the vendor's
      // redirectUrl (outside the mock, so the request is observed and not let out) or to the logged-out page.
      const sentAway = page.waitForRequest((r) => new URL(r.url()).origin !== portal).then((r) => r.url())
      const loggedOut = page.waitForURL((u) => u.origin === portal && u.pathname.endsWith('/loggedout')).then(() => undefined)
      await action.click({ noWaitAfter: true })
      const landed = await Promise.race([sentAway, loggedOut])
      sentAway.catch(() => undefined)
      loggedOut.catch(() => undefined)
      return landed ? { landedOn: landed } : {}
    })
  }

  /** confirmUrl points at the portal; keep its path and query on the portal origin we were given. */
  function toPortal(confirmUrl: string): string {
    const u = new URL(confirmUrl)
    return `${portal}${u.pathname}${u.search}`
  }

  async function expectStatus(page: Page, text: string): Promise<void> {
    const status = page.getByRole('status').filter({ hasText: text })
    try {
      await status.first().waitFor({ timeout: TIMEOUT_MS })
    } catch {
      throw await refusal(page)
    }
  }

  return {
    kind: 'browser',
    approve: (confirmUrl, pid) => decide(confirmUrl, pid, 'Godkjenn'),
    reject: (confirmUrl, pid) => decide(confirmUrl, pid, 'Avvis'),
    escalate: (confirmUrl, pid) =>
      withPage(async (page) => {
        await page.goto(toPortal(confirmUrl))
        await logIn(page, pid)
        const forward = page.getByRole('button', { name: 'Send til tilgangsstyrer' })
        if (!(await forward.count())) throw await refusal(page)
        await forward.click()
        await expectStatus(page, 'sendt til tilgangsstyrerne')
      }),
    listSystemUsers: (pid, orgNo) =>
      withPage(async (page) => {
        await page.goto(`${ui}/overview`)
        await logIn(page, pid, orgNo)
        const hrefs = await page.getByRole('main').locator('a[href*="/accessmanagement/ui/systemuser/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))
        return [...new Set(hrefs.map((h) => /systemuser\/([0-9a-f-]{36})$/i.exec(h)?.[1]).filter((x): x is string => !!x))]
      }),
    addClient: (systemUserId, clientOrgNo, pid) =>
      withPage(async (page) => {
        await page.goto(`${ui}/${systemUserId}/agentdelegation`)
        const facilitator = await facilitatorOf(systemUserId)
        await logIn(page, pid, facilitator)
        const add = page.getByRole('list', { name: 'Legg til klient' }).getByRole('button', { name: `Legg til ${await orgName(clientOrgNo)}`, exact: true })
        if (!(await add.count())) throw await refusal(page)
        await add.click()
        await expectStatus(page, 'er lagt til.')
      }),
    removeClient: (systemUserId, clientOrgNo, pid) =>
      withPage(async (page) => {
        await page.goto(`${ui}/${systemUserId}/agentdelegation`)
        await logIn(page, pid, await facilitatorOf(systemUserId))
        const name = await orgName(clientOrgNo)
        const remove = page.getByRole('list', { name: 'Klienter' }).getByRole('button', { name: new RegExp(`^Fjern ${escapeRegExp(name)}`) })
        if (!(await remove.count())) throw await refusal(page)
        await remove.first().click()
        await expectStatus(page, 'er fjernet.')
      }),
    deleteSystemUser: (systemUserId, pid, orgNo) =>
      withPage(async (page) => {
        await page.goto(`${ui}/${systemUserId}`)
        await logIn(page, pid, orgNo)
        const del = page.getByRole('button', { name: 'Slett systemtilgang' })
        if (!(await del.count())) throw await refusal(page)
        await del.click()
        // The portal asks first ("Vil du slette systemtilgangen?"); the same button on that page deletes.
        try {
          await page.getByRole('heading', { name: 'Vil du slette systemtilgangen?' }).waitFor({ timeout: TIMEOUT_MS })
        } catch {
          throw await refusal(page)
        }
        await page.getByRole('button', { name: 'Slett systemtilgang' }).click()
        await expectStatus(page, 'Systemtilgangen er slettet.')
      }),
    createSystemUser: (systemId, pid, orgNo) =>
      withPage(async (page) => {
        await page.goto(`${ui}/create?systemId=${encodeURIComponent(systemId)}`)
        await logIn(page, pid, orgNo)
        const create = page.getByRole('button', { name: 'Opprett systemtilgang' })
        if (!(await create.count())) throw await refusal(page)
        await create.click()
        await expectStatus(page, 'Systemtilgangen er opprettet.')
      }),
    close: () => browser.close(),
  }

  async function facilitatorOf(systemUserId: string): Promise<string | undefined> {
    const state = (await (await fetch(`${urls.platformUrl}/__mock/state`, { headers: controlHeaders })).json()) as { systemUsers: { id: string; reporteeOrgNo: string }[] }
    return state.systemUsers.find((u) => u.id === systemUserId)?.reporteeOrgNo
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
