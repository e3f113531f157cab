/**
 * SmartCloud, the demo vendor (`/demo/smartcloud/...`): the vendor's side of the seed guides, served by the mock so
 * both stories can be shown in a browser with no terminal. It is clearly not Altinn: its own look, its own header.
 *
 * - `GET /demo/smartcloud`: "Koble til Altinn" for a customer (a standard request) or an accounting firm (an agent
 *   request), each a form with a CSRF token (a double-submit cookie: SmartCloud keeps no sessions).
 * - `POST /demo/smartcloud/koble-til`: SmartCloud's back end creates the request with the SDK and sends the browser to
 *   its `confirmUrl` (303). Which request the browser started travels in the signed state of the `redirectUrl`, never in
 *   the server's memory; each connection gets an external reference of its own.
 * - `GET /demo/smartcloud/kvittering?state=`: the receipt page Altinn sends the person back to. The SDK verifies the
 *   state and reads the request from the API (the URL proves nothing), the page shows the outcome, and, once
 *   approved, "Krav og betalinger" read with a system-user token: the customer's claims, or for an accounting firm
 *   each client it may act for.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { AgentSystemUserRequest, RedirectState, SystemUserRequest } from 'altinn-systemuser-sdk'
import { Scopes, type TaxClaimsResponse } from 'altinn-systemuser-sdk/contract'
import { DEMO_RECEIPT_PATH, DEMO_SYSTEM_IDS, DEMO_VENDOR_PATH } from '../core/demo-vendor.ts'
import { clientRelationsOf, getOrganisation } from '../core/directory.ts'
import type { MockAltinn } from '../core/mock-altinn.ts'
import { empty, text } from '../kit/responses.ts'
import type { HandlerContext, RouteResponse } from '../kit/types.ts'
import { html, raw, type SafeHtml } from '../kit/html.ts'
import { formatDate, formatOrgNo } from '../kit/format.ts'
import { castOf, type DemoCast } from '../core/demo-cast.ts'
import type { FetchFunction } from '../kit/route-fetch.ts'
import { DemoSetupError, loadSdk, readClaims, smartCloudClient, type ClaimsAnswer } from './smartcloud-client.ts'

/**
 * The demo's paths.
 *
 * @example
 * ```ts
 * DEMO_PATHS.receipt // '/demo/smartcloud/kvittering'
 * ```
 */
export const DEMO_PATHS = {
  home: DEMO_VENDOR_PATH,
  connect: `${DEMO_VENDOR_PATH}/koble-til`,
  receipt: DEMO_RECEIPT_PATH,
  styles: `${DEMO_VENDOR_PATH}/smartcloud.css`,
} as const

const CSRF_COOKIE = 'SmartCloudCsrf'
const HEADER = 'SmartCloud (demo-leverandør, ikke Altinn)'

/**
 * SmartCloud's own look: plain, green, nothing like Altinn's blue.
 */
const SMARTCLOUD_CSS = `
:root { color-scheme: light; }
body { margin: 0; font-family: system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif; background: #f3f7f2; color: #17301b; line-height: 1.5; }
.sc-header { background: #1f6f3a; color: #fff; }
.sc-header__inner { max-width: 52rem; margin: 0 auto; padding: 0.9rem 1rem; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; align-items: baseline; justify-content: space-between; }
.sc-header a { color: #fff; }
.sc-brand { font-size: 1.3rem; font-weight: 700; letter-spacing: 0.02em; }
main { max-width: 52rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; box-sizing: border-box; }
h1, h2, h3, p, li, td, th, dd { overflow-wrap: anywhere; }
h1 { font-size: 1.7rem; margin: 0 0 0.75rem; }
h2 { font-size: 1.25rem; margin: 0 0 0.5rem; }
h3 { font-size: 1.05rem; margin: 1rem 0 0.25rem; }
.sc-cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: 1rem; }
.sc-card { background: #fff; border: 1px solid #cfe0cf; border-radius: 0.75rem; padding: 1.25rem; }
.sc-card form { margin: 1rem 0 0; }
.sc-button { display: inline-block; background: #1f6f3a; color: #fff; border: 0; border-radius: 2rem; padding: 0.6rem 1.3rem; font: inherit; font-weight: 600; cursor: pointer; text-decoration: none; }
.sc-button:hover, .sc-button:focus-visible { background: #17552c; }
.sc-button:focus-visible, a:focus-visible { outline: 3px solid #f0b400; outline-offset: 2px; }
.sc-secondary { background: #fff; color: #1f6f3a; border: 2px solid #1f6f3a; }
.sc-secondary:hover, .sc-secondary:focus-visible { background: #e6f1e6; }
.sc-outcome { border-radius: 0.75rem; padding: 1rem 1.25rem; margin: 0 0 1rem; border: 2px solid; background: #fff; }
.sc-outcome[data-outcome=accepted] { border-color: #1f6f3a; }
.sc-outcome[data-outcome=rejected], .sc-outcome[data-outcome=error] { border-color: #b3261e; }
.sc-outcome[data-outcome=pending] { border-color: #b07d00; }
.sc-facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0.5rem 0 0; }
.sc-facts dt { font-weight: 600; }
.sc-facts dd { margin: 0; }
.sc-table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { text-align: left; padding: 0.4rem 0.6rem; border-bottom: 1px solid #d9e6d9; vertical-align: top; }
td.sc-amount, th.sc-amount { text-align: right; white-space: nowrap; }
.sc-muted { color: #4a5d4d; font-size: 0.92rem; }
.sc-client { background: #fff; border: 1px solid #cfe0cf; border-radius: 0.75rem; padding: 1rem; margin: 0 0 1rem; }
@media (max-width: 30rem) { .sc-facts { grid-template-columns: 1fr; } }
`

/**
 * The headers of every SmartCloud page: its own style sheet only, no script; forms post to SmartCloud, and the
 * "Koble til Altinn" form's 303 goes on to Altinn's portal (Chromium applies `form-action` to that redirect).
 */
function pageHeaders(mock: MockAltinn): Record<string, string> {
  const portal = new URL(mock.config.portalUrl).origin
  return {
    'content-security-policy': `default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self' ${portal}; frame-ancestors 'none'; base-uri 'none'`,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  }
}

function isSecure(mock: MockAltinn): boolean {
  return new URL(mock.config.portalUrl).protocol === 'https:'
}

function page(mock: MockAltinn, title: string, content: SafeHtml, options: { status?: number; cookies?: string[] } = {}): RouteResponse {
  const body = html`${raw('<!doctype html>')}
<html lang="nb">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} - SmartCloud</title>
<link rel="stylesheet" href="${DEMO_PATHS.styles}">
</head>
<body>
<header class="sc-header">
<div class="sc-header__inner">
<span class="sc-brand">${HEADER}</span>
<nav aria-label="SmartCloud"><a href="${DEMO_PATHS.home}">SmartCloud</a> · <a href="/">Forsiden for mocken</a></nav>
</div>
</header>
<main id="main">
${content}
</main>
</body>
</html>
`
  const res = text(options.status ?? 200, body.toString(), 'text/html; charset=utf-8')
  return { ...res, headers: { ...res.headers, ...pageHeaders(mock), ...(options.cookies?.length ? { 'set-cookie': options.cookies } : {}) } }
}

function errorPage(mock: MockAltinn, status: number, title: string, message: string, code?: string): RouteResponse {
  return page(
    mock,
    title,
    html`<h1>${title}</h1>
<div class="sc-outcome" data-outcome="error" role="alert"><p>${message}</p>${code ? html`<p>Feilkode fra Altinn: <strong>${code}</strong></p>` : ''}</div>
<p><a class="sc-button sc-secondary" href="${DEMO_PATHS.home}">Tilbake til SmartCloud</a></p>`,
    { status },
  )
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return undefined
}

function sameToken(a: string | undefined | null, b: string | undefined | null): boolean {
  if (!a || !b || a.length !== b.length || !/^[A-Za-z0-9_-]{32,64}$/.test(a)) return false
  return timingSafeEqual(Buffer.from(a), Buffer.from(b))
}

// ---------------------------------------------------------------------------------------------------------
// The start page

function storyCard(kind: 'standard' | 'agent', cast: DemoCast, csrf: string): SafeHtml {
  const story = kind === 'standard' ? cast.standard : cast.agent
  const heading = kind === 'standard' ? 'For bedrifter' : 'For regnskapsførere'
  if (!story) {
    return html`<section class="sc-card" id="${kind}" aria-labelledby="${kind}-heading"><h2 id="${kind}-heading">${heading}</h2>
<p>Seeden har ingen som kan spille denne rollen, så denne delen av demoen er ikke tilgjengelig.</p></section>`
  }
  const party = kind === 'standard' ? cast.standard!.customer : cast.agent!.firm
  const intro =
    kind === 'standard'
      ? html`SmartCloud viser bedriftens skatte- og avgiftskrav. Kunde: <strong>${party.name}</strong> (org.nr. ${formatOrgNo(party.orgNo)}).`
      : html`SmartCloud viser skatte- og avgiftskravene til regnskapsførerens klienter. Regnskapsfører: <strong>${party.name}</strong> (org.nr. ${formatOrgNo(party.orgNo)}).`
  return html`<section class="sc-card" id="${kind}" aria-labelledby="${kind}-heading">
<h2 id="${kind}-heading">${heading}</h2>
<p>${intro}</p>
<p class="sc-muted">I Altinn logger du inn som <strong>${story.approver.name}</strong> og godkjenner.</p>
<form method="post" action="${DEMO_PATHS.connect}">
<input type="hidden" name="_csrf" value="${csrf}">
<input type="hidden" name="historie" value="${kind}">
<button class="sc-button" type="submit">Koble til Altinn</button>
</form>
</section>`
}

/**
 * `GET /demo/smartcloud`: SmartCloud's start page, with "Koble til Altinn" for each story.
 *
 * @example
 * ```ts
 * route('demoHome', 'GET', 'portal', DEMO_PATHS.home, { handle: showDemoHome })
 * ```
 */
export function showDemoHome(ctx: HandlerContext<any>): RouteResponse {
  const { mock } = ctx
  const known = readCookie(ctx.req.headers.cookie, CSRF_COOKIE)
  const csrf = known && /^[A-Za-z0-9_-]{32,64}$/.test(known) ? known : randomBytes(24).toString('base64url')
  const cookies = csrf === known ? [] : [`${CSRF_COOKIE}=${csrf}; Path=${DEMO_VENDOR_PATH}; HttpOnly; SameSite=Strict${isSecure(mock) ? '; Secure' : ''}`]
  const cast = castOf(mock)
  return page(
    mock,
    'Koble til Altinn',
    html`<h1>Koble SmartCloud til Altinn</h1>
<p>SmartCloud er et tenkt regnskapssystem, servert av mocken for å vise flyten i nettleseren. For å hente skatte- og avgiftskrav trenger SmartCloud en systemtilgang (systembruker) i Altinn. Trykk «Koble til Altinn», så sender SmartCloud en forespørsel og du godkjenner den i Altinn.</p>
<div class="sc-cards">
${storyCard('standard', cast, csrf)}
${storyCard('agent', cast, csrf)}
</div>`,
    { cookies },
  )
}

// ---------------------------------------------------------------------------------------------------------
// "Koble til Altinn"

/** The receipt URL with SmartCloud's signed state in its query (as the SDK's `buildRedirectUrl` makes it). */
async function receiptUrlFor(mock: MockAltinn, state: RedirectState, secret: Uint8Array): Promise<string> {
  const { signRedirectState } = await loadSdk()
  const url = new URL(DEMO_RECEIPT_PATH, `${new URL(mock.config.portalUrl).origin}/`)
  // `buildRedirectUrl` refuses http, as Altinn does (audit: AUTH.VLD-00005). The mock's own origin is http on
  // loopback, and core/demo-vendor.ts admits exactly this page there, so the state is signed with the same SDK function
  // and put in the query here.
  url.searchParams.set('state', signRedirectState(state, { secret }))
  return url.href
}

/**
 * `POST /demo/smartcloud/koble-til` with `historie=standard|agent` and the CSRF token: SmartCloud creates the request
 * with the SDK and sends the browser to its `confirmUrl`.
 *
 * @example
 * ```ts
 * route('demoConnect', 'POST', 'portal', DEMO_PATHS.connect, { form: true, handle: (ctx) => connectToAltinn(ctx, altinn) })
 * ```
 */
export async function connectToAltinn(ctx: HandlerContext<any>, altinn: FetchFunction): Promise<RouteResponse> {
  const { mock } = ctx
  const form = ctx.body instanceof URLSearchParams ? ctx.body : new URLSearchParams()
  if (!sameToken(form.get('_csrf'), readCookie(ctx.req.headers.cookie, CSRF_COOKIE)))
    return errorPage(mock, 403, 'Skjemaet kunne ikke sendes', 'Skjemaet manglet en gyldig sikkerhetsnøkkel, så SmartCloud sendte ingen forespørsel. Åpne SmartCloud på nytt og prøv igjen.')
  const kind = form.get('historie')
  if (kind !== 'standard' && kind !== 'agent') return errorPage(mock, 400, 'Ukjent valg', 'Velg «For bedrifter» eller «For regnskapsførere» på SmartClouds startside.')
  const cast = castOf(mock)
  const story = kind === 'standard' ? cast.standard : cast.agent
  if (!story) return errorPage(mock, 503, 'Demoen kan ikke kjøres', 'Seeden har ingen som kan spille denne rollen. Start mocken med standardseeden for å vise historien.')
  const partyOrgNo = kind === 'standard' ? cast.standard!.customer.orgNo : cast.agent!.firm.orgNo
  const system = mock.seed.systems.find((s) => s.id === story.systemId)!
  // Each connection its own external reference: the state names exactly the request this browser started.
  const externalRef = `smartcloud-${randomBytes(6).toString('hex')}`
  try {
    const { client, redirectSecret } = await smartCloudClient(mock, altinn, story.systemId)
    const redirectUrl = await receiptUrlFor(mock, { kind, systemId: story.systemId, partyOrgNo, externalRef }, redirectSecret)
    const { request } =
      kind === 'standard'
        ? await client.requests.create({ systemId: story.systemId, partyOrgNo, externalRef, rights: system.rights, ...(system.accessPackages.length ? { accessPackages: system.accessPackages } : {}), redirectUrl })
        : await client.agentRequests.create({ systemId: story.systemId, partyOrgNo, externalRef, accessPackages: system.accessPackages, redirectUrl })
    if (!request.confirmUrl) return errorPage(mock, 502, 'Altinn svarte uventet', 'Forespørselen kom tilbake uten en lenke til godkjenning (confirmUrl).')
    return empty(303, { location: request.confirmUrl, 'cache-control': 'no-store' })
  } catch (e) {
    return failure(mock, e, 'SmartCloud fikk ikke sendt forespørselen')
  }
}

async function failure(mock: MockAltinn, e: unknown, title: string): Promise<RouteResponse> {
  const { AltinnError, AltinnProblemError } = await loadSdk()
  if (e instanceof DemoSetupError) return errorPage(mock, 503, 'Demoen kan ikke kjøres', e.message)
  if (e instanceof AltinnProblemError) return errorPage(mock, 502, title, `Altinn avviste kallet (${e.status}): ${e.title ?? e.message}`, e.code)
  if (e instanceof AltinnError) return errorPage(mock, 502, title, `Altinn eller Maskinporten svarte ikke som ventet: ${e.message}`)
  throw e
}

// ---------------------------------------------------------------------------------------------------------
// The receipt

/** Kroner in bokmål; made on first use (loading the locale's data at start would slow every start). */
let nokFormat: Intl.NumberFormat | undefined
const nok = { format: (amount: number) => (nokFormat ??= new Intl.NumberFormat('nb-NO', { style: 'currency', currency: 'NOK', maximumFractionDigits: 0 })).format(amount) }
const CLAIM_STATUS: Record<string, string> = { open: 'Åpent', partiallyPaid: 'Delvis betalt', paid: 'Betalt' }

function claimsTable(claims: TaxClaimsResponse, label: string): SafeHtml {
  return html`<div class="sc-table-wrap"><table aria-label="${label}">
<thead><tr><th scope="col">Krav</th><th scope="col">Periode</th><th scope="col">Forfall</th><th scope="col">Status</th><th scope="col" class="sc-amount">Beløp</th></tr></thead>
<tbody>
${claims.claims.map((c) => html`<tr><td>${c.description}</td><td>${c.period}</td><td>${formatDate(Date.parse(c.dueDate))}</td><td>${CLAIM_STATUS[c.status] ?? c.status}</td><td class="sc-amount">${nok.format(c.amount)}</td></tr>`)}
</tbody>
<tfoot><tr><th scope="row" colspan="4">Sum</th><td class="sc-amount"><strong>${nok.format(claims.total)}</strong></td></tr></tfoot>
</table></div>`
}

function orgName(mock: MockAltinn, orgNo: string): string {
  return getOrganisation(mock, orgNo)?.name ?? orgNo
}

type AnyRequest = SystemUserRequest | AgentSystemUserRequest

function outcomeOf(request: AnyRequest): 'accepted' | 'rejected' | 'pending' | 'closed' {
  if (request.status === 'Accepted') return 'accepted'
  if (request.status === 'Rejected') return 'rejected'
  if (request.status === 'New' && !request.timedOut) return 'pending'
  return 'closed'
}

async function claimsPart(mock: MockAltinn, altinn: FetchFunction, request: AnyRequest, kind: 'standard' | 'agent'): Promise<SafeHtml> {
  const { client } = await smartCloudClient(mock, altinn, request.systemId)
  let accessToken: string
  try {
    ;({ accessToken } = await client.tokens.systemUser({ orgNo: request.partyOrgNo, externalRef: request.externalRef, scopes: [Scopes.kravOgBetalinger] }))
  } catch (e) {
    const { AltinnError } = await loadSdk()
    if (!(e instanceof AltinnError)) throw e
    return html`<section aria-labelledby="claims-heading"><h2 id="claims-heading">Krav og betalinger</h2>
<div class="sc-outcome" data-outcome="error" role="alert"><p>SmartCloud fikk ikke et systembruker-token fra Maskinporten, så kravene kan ikke vises. Systemtilgangen kan være slettet i Altinn.</p><p class="sc-muted">${e.message}</p></div></section>`
  }
  if (kind === 'standard') {
    const answer = await readClaims(mock, altinn, accessToken, request.partyOrgNo)
    return html`<section aria-labelledby="claims-heading"><h2 id="claims-heading">Krav og betalinger</h2>
<p>Hentet med SmartClouds systembruker for ${orgName(mock, request.partyOrgNo)} (org.nr. ${formatOrgNo(request.partyOrgNo)}).</p>
${claimsOrRefusal(answer, `Krav og betalinger for ${orgName(mock, request.partyOrgNo)}`)}</section>`
  }
  // The firm's clients as it registered them with SmartCloud (its client relationships); "Krav og betalinger" says,
  // for each, whether the system user may act for it: only clients added in Altinn pass.
  const clients = clientRelationsOf(mock, request.partyOrgNo).map((r) => r.clientOrgNo)
  const answers = await Promise.all(clients.map(async (orgNo) => ({ orgNo, answer: await readClaims(mock, altinn, accessToken, orgNo) })))
  const reachable = answers.filter((a) => a.answer.ok)
  const others = answers.filter((a) => !a.answer.ok)
  return html`<section aria-labelledby="claims-heading"><h2 id="claims-heading">Krav og betalinger for klientene</h2>
<p>Hentet med systembrukeren til ${orgName(mock, request.partyOrgNo)} (org.nr. ${formatOrgNo(request.partyOrgNo)}), for hver klient som er lagt til systemtilgangen i Altinn.</p>
${
  reachable.length
    ? html`<h3 id="clients-heading">Klienter SmartCloud kan handle for (${reachable.length})</h3>
<ul aria-labelledby="clients-heading">${reachable.map((a) => html`<li>${orgName(mock, a.orgNo)} (org.nr. ${formatOrgNo(a.orgNo)})</li>`)}</ul>
${reachable.map((a) => html`<div class="sc-client"><h3>${orgName(mock, a.orgNo)} <span class="sc-muted">(org.nr. ${formatOrgNo(a.orgNo)})</span></h3>${claimsOrRefusal(a.answer, `Krav og betalinger for ${orgName(mock, a.orgNo)}`)}</div>`)}`
    : html`<div class="sc-outcome" data-outcome="pending" role="status"><p>Ingen klienter er lagt til ennå. Logg inn i Altinn, åpne systemtilgangen og bruk «Legg til klient», og last så denne siden på nytt.</p></div>`
}
${
  others.length
    ? html`<h3 id="not-clients-heading">Ikke lagt til i Altinn</h3>
<ul aria-labelledby="not-clients-heading">${others.map((a) => html`<li>${orgName(mock, a.orgNo)} (org.nr. ${formatOrgNo(a.orgNo)})</li>`)}</ul>`
    : ''
}</section>`
}

function claimsOrRefusal(answer: ClaimsAnswer, label: string): SafeHtml {
  if (answer.ok) return claimsTable(answer.claims, label)
  return html`<div class="sc-outcome" data-outcome="error" role="alert"><p>Krav og betalinger svarte ${answer.status}: ${answer.reason}</p></div>`
}

/**
 * `GET /demo/smartcloud/kvittering?state=`: the outcome, read from Altinn, and the claims once approved.
 *
 * @example
 * ```ts
 * route('demoReceipt', 'GET', 'portal', DEMO_PATHS.receipt, { handle: (ctx) => showReceipt(ctx, altinn) })
 * ```
 */
export async function showReceipt(ctx: HandlerContext<any>, altinn: FetchFunction): Promise<RouteResponse> {
  const { mock } = ctx
  let outcome
  try {
    // Any SmartCloud system reads both kinds of request: the vendor is the same.
    const { client } = await smartCloudClient(mock, altinn, DEMO_SYSTEM_IDS.standard).catch(() => smartCloudClient(mock, altinn, DEMO_SYSTEM_IDS.agent))
    outcome = await client.handleRedirect(ctx.req.url)
  } catch (e) {
    const { AltinnProblemError, RedirectStateError } = await loadSdk()
    if (e instanceof RedirectStateError)
      return errorPage(mock, 400, 'Ugyldig lenke', `Lenken tilbake fra Altinn kan ikke brukes (${e.reason === 'expired' ? 'den er for gammel' : e.reason === 'missing' ? 'den mangler SmartClouds tilstand' : 'tilstanden er ikke SmartClouds'}). Start på nytt fra SmartCloud.`)
    if (e instanceof AltinnProblemError && e.status === 404)
      return errorPage(mock, 404, 'Fant ikke forespørselen', 'Altinn kjenner ikke forespørselen lenger: den kan være slettet, eller mocken er tilbakestilt. Start på nytt fra SmartCloud.', e.code)
    return failure(mock, e, 'SmartCloud fikk ikke lest svaret fra Altinn')
  }
  const { request, kind } = outcome
  const state = outcomeOf(request)
  const party = html`${orgName(mock, request.partyOrgNo)} (org.nr. ${formatOrgNo(request.partyOrgNo)})`
  const title = { accepted: 'SmartCloud er koblet til Altinn', rejected: 'Forespørselen ble avvist', pending: 'Venter på godkjenning i Altinn', closed: 'Forespørselen er lukket' }[state]
  const message = {
    accepted: html`${party} har godkjent systemtilgangen. SmartCloud kan nå hente data på vegne av virksomheten${kind === 'agent' ? ' og klientene som legges til' : ''}.`,
    rejected: html`${party} avviste forespørselen. SmartCloud har ingen tilgang. Du kan sende en ny forespørsel fra SmartCloud.`,
    pending: html`Forespørselen til ${party} er ikke behandlet ennå. Godkjenn eller avvis den i Altinn.`,
    closed: html`Forespørselen til ${party} er ${request.timedOut ? 'utløpt' : 'lukket'} (status ${request.status}). Send en ny forespørsel fra SmartCloud.`,
  }[state]
  let claims: SafeHtml | string = ''
  if (state === 'accepted') {
    try {
      claims = await claimsPart(mock, altinn, request, kind)
    } catch (e) {
      return failure(mock, e, 'SmartCloud fikk ikke hentet kravene')
    }
  }
  return page(
    mock,
    'Kvittering',
    html`<h1>${title}</h1>
<div class="sc-outcome" data-outcome="${state}" role="status">
<p>${message}</p>
<dl class="sc-facts">
<dt>Status i Altinn</dt><dd>${request.status}${request.timedOut ? ' (utløpt)' : ''}</dd>
<dt>Type</dt><dd>${kind === 'agent' ? 'Systemtilgang for klienter (agent)' : 'Systemtilgang'}</dd>
<dt>Virksomhet</dt><dd>${party}</dd>
<dt>Sendt</dt><dd>${formatDate(Date.parse(request.created))}</dd>
<dt>Forespørsel</dt><dd>${request.id}</dd>
</dl>
</div>
${state === 'pending' && request.confirmUrl ? html`<p><a class="sc-button" href="${request.confirmUrl}">Gå til Altinn for å godkjenne</a> <a class="sc-button sc-secondary" href="${ctx.req.url.pathname}${ctx.req.url.search}">Sjekk på nytt</a></p>` : ''}
${state === 'rejected' || state === 'closed' ? html`<p><a class="sc-button" href="${DEMO_PATHS.home}">Prøv på nytt</a></p>` : ''}
${state === 'accepted' && kind === 'agent' ? html`<p class="sc-muted">Legg til klienter i Altinn (logg inn, åpne systemtilgangen, «Legg til klient») og <a href="${ctx.req.url.pathname}${ctx.req.url.search}">last siden på nytt</a>.</p>` : ''}
${claims}`,
  )
}

/**
 * `GET /demo/smartcloud/smartcloud.css`.
 *
 * @example
 * ```ts
 * route('demoStyles', 'GET', 'portal', DEMO_PATHS.styles, { handle: demoStyles })
 * ```
 */
export function demoStyles(): RouteResponse {
  const res = text(200, SMARTCLOUD_CSS, 'text/css; charset=utf-8')
  return { ...res, headers: { ...res.headers, 'cache-control': 'public, max-age=3600', 'x-content-type-options': 'nosniff' } }
}
