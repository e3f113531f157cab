/**
 * A page on another site tries everything a browser lets it send to the mock without asking: form posts (text/plain
 * with a JSON-looking body, urlencoded, multipart) to the control API and to the inspector's forms, `fetch` in
 * `no-cors` mode, `navigator.sendBeacon`, and an `<img>` of the journal. Every one is refused, and afterwards the
 * mock's state is as it was and no request was decided.
 *
 * The "other site" is a small node:http server started here, reached two ways: as `localhost` (another site:
 * Chromium sends `Sec-Fetch-Site: cross-site`) and as `127.0.0.1` on its own port (the same site, another
 * application: `Sec-Fetch-Site: same-site`).
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect, test, type APIRequestContext, type Page } from '@playwright/test'
import { createStandardRequest, mockState, resetMock } from './portal-support.ts'
import { STADIG_KONSERT } from '../../mock-server/seed/personas.ts'

let attacker: Server
let attackerPort: number
/** The pages the other site serves, by path. */
const pages = new Map<string, string>()

test.beforeAll(async () => {
  attacker = createServer((req, res) => {
    const page = pages.get(new URL(req.url ?? '/', 'http://attacker').pathname)
    res.writeHead(page ? 200 : 404, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
    res.end(page ?? 'not found')
  })
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve))
  attackerPort = (attacker.address() as AddressInfo).port
})

test.afterAll(async () => {
  await new Promise<void>((resolve) => attacker.close(() => resolve()))
})

test.beforeEach(async ({ request }) => {
  await resetMock(request)
})

/** The state without its clock reading, and the clock's shift, as the control API shows them to curl. */
async function observable(request: APIRequestContext) {
  const { now: _now, ...state } = await mockState(request)
  const clock = await (await request.get('/__mock/clock')).json()
  const faults = await (await request.get('/__mock/faults')).json()
  return { state, shifted: clock.shifted, faults }
}

/** A page that posts a form to `action` as soon as it loads. */
function autoSubmittingForm(action: string, enctype: string, fields: [string, string][]): string {
  const inputs = fields.map(([name, value]) => `<input type="hidden" name='${name}' value='${value}'>`).join('')
  return `<!doctype html><html><body><form method="post" action="${action}" enctype="${enctype}">${inputs}</form><script>document.forms[0].submit()</script></body></html>`
}

/** A call the browser sent to the mock, as the DevTools protocol saw it: the header it added and the status it got. */
interface Sent {
  url?: string
  method?: string
  site?: string | undefined
  status?: number
}

/**
 * Watch what the page sends, through the DevTools protocol: Playwright's own events miss the status of an answer
 * the browser keeps from the page (Chromium's opaque-response blocking of a JSON answer to an `<img>`) and the
 * `Sec-Fetch-Site` of a `no-cors` fetch.
 */
async function watchNetwork(page: Page): Promise<Map<string, Sent>> {
  const sent = new Map<string, Sent>()
  const update = (id: string, part: Sent) => sent.set(id, { ...sent.get(id), ...part })
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Network.enable')
  cdp.on('Network.requestWillBeSent', (e) => update(e.requestId, { url: e.request.url, method: e.request.method }))
  cdp.on('Network.requestWillBeSentExtraInfo', (e) => update(e.requestId, { site: e.headers['sec-fetch-site'] ?? e.headers['Sec-Fetch-Site'] }))
  cdp.on('Network.responseReceivedExtraInfo', (e) => update(e.requestId, { status: e.statusCode }))
  return sent
}

for (const { site, host } of [
  { site: 'cross-site', host: 'localhost' },
  { site: 'same-site', host: '127.0.0.1' },
] as const) {
  test(`a ${site} page cannot approve, reset, move the clock, add faults, use the inspector's forms or read the journal`, async ({ page, request, baseURL }) => {
    const mock = new URL(baseURL!).origin
    const other = `http://${host}:${attackerPort}`
    const created = await createStandardRequest(request, { externalRef: `cross-site-${site}` })
    const approve = `${mock}/__mock/requests/${created.id}/approve`
    const before = await observable(request)
    const network = await watchNetwork(page)
    const answers: { what: string; sent: Sent }[] = []
    /** Wait for the mock's answer to the one call an attack made, and keep what the browser sent and got. */
    const answerOf = async (what: string, url: string, method: string, known: number) => {
      const calls = () => [...network.values()].filter((c) => c.url === url && c.method === method)
      await expect.poll(() => calls().length > known && calls().at(-1)!.status !== undefined, what).toBe(true)
      answers.push({ what, sent: calls().at(-1)! })
    }
    const callsTo = (url: string, method: string) => [...network.values()].filter((c) => c.url === url && c.method === method).length

    // Form posts: each page submits itself as it loads, and the browser shows the mock's answer.
    const forms: [string, string, string, [string, string][]][] = [
      ['text/plain approval with a JSON-looking body', approve, 'text/plain', [[`{"pid":"${STADIG_KONSERT}","x":"`, '"}']]],
      ['urlencoded approval', approve, 'application/x-www-form-urlencoded', [['pid', STADIG_KONSERT]]],
      ['urlencoded reset', `${mock}/__mock/reset`, 'application/x-www-form-urlencoded', []],
      ['multipart clock move', `${mock}/__mock/clock`, 'multipart/form-data', [['advance', 'P181D']]],
      ['inspector decision', `${mock}/__mock/ui/requests/${created.id}/decide`, 'application/x-www-form-urlencoded', [['pid', STADIG_KONSERT], ['decision', 'approve'], ['_csrf', 'guessed']]],
      ['inspector reset', `${mock}/__mock/ui/reset`, 'application/x-www-form-urlencoded', [['_csrf', 'guessed']]],
    ]
    for (const [i, [what, action, enctype, fields]] of forms.entries()) {
      pages.set(`/form-${i}`, autoSubmittingForm(action, enctype, fields))
      const known = callsTo(action, 'POST')
      const shown = page.waitForResponse((r) => r.url() === action && r.request().method() === 'POST')
      await page.goto(`${other}/form-${i}`)
      // The page the browser shows is the mock's refusal (read now: the next navigation forgets it).
      expect(await (await shown).json(), what).toMatchObject({ status: 403, detail: expect.stringContaining('only same-origin requests and tools such as curl') })
      await answerOf(what, action, 'POST', known)
    }

    // Script on the other site's page: fetch without CORS, a beacon, an image. The page never sees these answers.
    pages.set('/script', '<!doctype html><html><body><h1>Nothing to see</h1></body></html>')
    await page.goto(`${other}/script`)
    const journal = `${mock}/__mock/journal?limit=5`
    const scripted: [string, string, string, (args: { approve: string; mock: string; journal: string; pid: string }) => unknown][] = [
      ['no-cors fetch approval (text/plain)', approve, 'POST', ({ approve, pid }) => fetch(approve, { method: 'POST', mode: 'no-cors', body: JSON.stringify({ pid }) })],
      ['no-cors fetch approval (a blob without a type)', approve, 'POST', ({ approve, pid }) => fetch(approve, { method: 'POST', mode: 'no-cors', body: new Blob([JSON.stringify({ pid })]) })],
      ['no-cors fetch reset without a body', `${mock}/__mock/reset`, 'POST', ({ mock }) => fetch(`${mock}/__mock/reset`, { method: 'POST', mode: 'no-cors' })],
      ['no-cors fetch fault rule', `${mock}/__mock/faults`, 'POST', ({ mock }) => fetch(`${mock}/__mock/faults`, { method: 'POST', mode: 'no-cors', body: '{"path":"*","status":500}' })],
      ['sendBeacon approval', approve, 'POST', ({ approve, pid }) => navigator.sendBeacon(approve, JSON.stringify({ pid }))],
      [
        '<img> of the journal',
        journal,
        'GET',
        ({ journal }) =>
          new Promise((resolve) => {
            const img = new Image()
            img.onload = img.onerror = () => resolve(undefined)
            img.src = journal
          }),
      ],
    ]
    for (const [what, url, method, attack] of scripted) {
      const known = callsTo(url, method)
      await page.evaluate(attack, { approve, mock, journal, pid: STADIG_KONSERT })
      await answerOf(what, url, method, known)
    }

    expect(answers.map((a) => a.what)).toEqual([...forms, ...scripted].map(([what]) => what))
    for (const { what, sent } of answers) expect({ status: sent.status, site: sent.site }, what).toEqual({ status: 403, site })
    const after = await observable(request)
    expect(after).toEqual(before)
    expect(after.state.requests).toEqual([expect.objectContaining({ id: created.id, status: 'New', decidedBy: null })])
    expect(after.state.systemUsers).toEqual([])
  })
}

test('the inspector\'s own forms still work from its page', async ({ page, request }) => {
  const created = await createStandardRequest(request, { externalRef: 'cross-site-own-inspector' })
  await page.goto('/__mock/ui')
  const row = page.locator(`tr[data-request-id="${created.id}"]`)

  await row.getByLabel('Som person').selectOption(STADIG_KONSERT)
  await row.getByRole('button', { name: 'Godkjenn' }).click()

  await expect(page.getByRole('status')).toContainText('Forespørselen er godkjent.')
  expect((await mockState(request)).requests).toEqual([expect.objectContaining({ id: created.id, status: 'Accepted', decidedBy: STADIG_KONSERT })])
})
