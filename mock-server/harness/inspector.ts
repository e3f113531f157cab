/**
 * The inspector (`/__mock/ui`): one page that shows what the mock holds (systems, requests with their confirm
 * links, system users, client delegations, Maskinporten clients, the tokens issued lately, the fault rules and
 * the journal) and lets a tester drive both stories: create a request as a vendor, approve or reject it as a
 * chosen person, add and remove an agent system user's clients, delete a system user, move the clock and put it
 * back, and reset. Each action is a call to its API twin (`inspector-actions.ts`), so the page follows the API's
 * rules and shows a refusal with its AUTH code.
 *
 * Built like the portal's pages: the portal's escaping `html` template and Digdir's design-system CSS. It keeps
 * itself up to date with a small same-origin script (a meta refresh when scripts are off) and a strict CSP;
 * every form carries the mock's CSRF token and is refused from another site.
 *
 * @example
 * ```ts
 * renderInspector(mock, new URLSearchParams()) // the whole page
 * ```
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { ASSERTION_CLOCK_SKEW_SECONDS, MAX_ASSERTION_LIFETIME_SECONDS, ProblemsByCode } from 'altinn-systemuser-sdk/contract'
import { defaultClientAdministratorOf, defaultDeciderOf } from '../core/deciders.ts'
import { clientRelationsOf, getOrganisation, getPerson } from '../core/directory.ts'
import type { MockAltinn } from '../core/mock-altinn.ts'
import { confirmUrlOf, decisionRightsOf } from '../core/requests.ts'
import { html, raw, type SafeHtml } from '../kit/html.ts'
import { CUSTOMER, FACILITATOR } from '../seed/personas.ts'
import { toolSecurityHeaders } from '../kit/page-headers.ts'
import { ASSET_BASE, INSPECTOR_PATH } from '../kit/paths.ts'
import { describeProblem, formatOrgNo } from '../kit/format.ts'
import { stateView } from './state-view.ts'
import { refuseCrossSite } from '../kit/control-guard.ts'
import { empty, text } from '../kit/responses.ts'
import type { RouteRequest, RouteResponse } from '../kit/types.ts'
import { getHarness } from './harness.ts'
import type { InspectorOutcome } from './inspector-actions.ts'
import { selectCalls } from './journal.ts'

/** How often the page refreshes itself (seconds). */
const INSPECTOR_REFRESH_SECONDS = 2
/** Journal entries shown (newest first). */
const JOURNAL_ROWS = 50

// '.js', not '.ts': an augmentation's name is not rewritten in the published '.d.ts' files.
declare module '../core/mock-altinn.js' {
  interface MockParts {
    /** The CSRF token of the inspector's forms. */
    inspectorToken?: string
  }
}

/**
 * The CSRF token of a mock's inspector forms: random per mock, known only to pages it served.
 *
 * @example
 * ```ts
 * html`<input type="hidden" name="_csrf" value="${inspectorTokenOf(mock)}">`
 * ```
 */
export function inspectorTokenOf(mock: MockAltinn): string {
  return (mock.parts.inspectorToken ??= randomBytes(32).toString('base64url'))
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/**
 * Refuse a form post that did not come from the inspector itself: a missing or wrong CSRF token, or a browser
 * that says the post came from another site. Answers the refusal, or undefined when the post may go on.
 *
 * @example
 * ```ts
 * const refused = refuseForeignPost(mock, req, form)
 * if (refused) return refused
 * ```
 */
export function refuseForeignPost(mock: MockAltinn, req: RouteRequest, form: URLSearchParams): RouteResponse | undefined {
  // The router refuses another site's calls to the whole control surface already; the same rule again here keeps
  // the forms safe on their own.
  const refused = refuseCrossSite(req)
  if (refused) return refused
  const token = form.get('_csrf') ?? ''
  if (!sameToken(token, inspectorTokenOf(mock))) return text(403, 'The form is not from this inspector (CSRF token missing or wrong); reload /__mock/ui and try again.')
  return undefined
}

/**
 * Back to the page after an action (303: the browser GETs it), with what happened as a code, never as text.
 *
 * @example
 * ```ts
 * return backToInspector({ ok: 'approved' }) // 303 to /__mock/ui?ok=approved
 * ```
 */
export function backToInspector(outcome: InspectorOutcome): RouteResponse {
  const q = new URLSearchParams(Object.entries(outcome).filter(([, v]) => v) as [string, string][])
  return empty(303, { location: `${INSPECTOR_PATH}${q.size ? `?${q}` : ''}`, 'cache-control': 'no-store' })
}

const OUTCOMES: Record<string, string> = {
  created: 'Forespørselen er opprettet.',
  approved: 'Forespørselen er godkjent.',
  rejected: 'Forespørselen er avvist.',
  clientAdded: 'Klienten er lagt til.',
  clientRemoved: 'Klienten er fjernet.',
  deleted: 'Systembrukeren er slettet.',
  clock: 'Klokken er flyttet.',
  realtime: 'Klokken går i sann tid igjen.',
  reset: 'Tilbake til seed-dataene og sann tid.',
}

/** The inspector's own refusals (not from Altinn's catalogue). */
const OWN_PROBLEMS: Record<string, string> = {
  clock: 'Ugyldig tid: bruk en ISO 8601-varighet som PT2H, P1D eller -PT30M, eller millisekunder. Klokken må holde seg mellom 1970 og år 9999.',
  token: 'Leverandøren fikk ikke et token fra Maskinporten. Se journalen for årsaken.',
  create: 'Forespørselen ble ikke opprettet. Se journalen for svaret fra API-et.',
  decision: 'Velg Godkjenn eller Avvis.',
  client: 'Klienten ble ikke endret. Se journalen for svaret fra API-et.',
  delete: 'Systembrukeren ble ikke slettet. Se journalen for svaret fra API-et.',
  confirm: 'Slettingen ble ikke bekreftet. Trykk «Slett» og så «Ja, slett systembrukeren».',
}

/** A warning the clock gives while vendors' assertions are refused. */
const CLOCK_WARNING =
  'Klokken er så langt fra sann tid at Maskinporten avviser assertions fra leverandører som følger sann tid (MP-100): tokenene deres feiler til klokken settes tilbake. Trykk «Tilbake til sann tid».'

function outcomeBanner(mock: MockAltinn, query: URLSearchParams): SafeHtml | string {
  const ok = query.get('ok')
  const warning = query.get('warn') === '1' ? html`<p class="ds-paragraph">${CLOCK_WARNING}</p>` : ''
  if (ok && OUTCOMES[ok]) {
    const id = query.get('request') ?? ''
    const request = id ? mock.store.requests.get(id) : undefined
    const detail = request
      ? html` <code class="inspector-nowrap">${request.id}</code> · <a class="ds-link" href="${confirmUrlOf(mock, request)}">confirmUrl</a>`
      : ''
    return html`<div class="ds-alert" data-color="${warning ? 'warning' : 'success'}" role="status"><p class="ds-paragraph">${OUTCOMES[ok]}${detail}</p>${warning}</div>`
  }
  const code = query.get('problem')
  if (code) {
    const d = ProblemsByCode.get(code)
    const own = OWN_PROBLEMS[code]
    const shown = d?.code ?? (/^[A-Z]{2,20}-\d{5}$/.test(code) ? code : undefined)
    const message = d ? describeProblem(d) : (own ?? 'Handlingen ble avvist.')
    return html`<div class="ds-alert" data-color="danger" role="alert"><p class="ds-paragraph">${message}${shown ? html` Feilkode: <strong>${shown}</strong>` : ''}</p></div>`
  }
  return ''
}

function orgName(mock: MockAltinn, orgNo: string): string {
  return getOrganisation(mock, orgNo)?.name ?? orgNo
}

/** An organisation by name with its number as Altinn writes it. */
function org(mock: MockAltinn, orgNo: string): SafeHtml {
  const name = getOrganisation(mock, orgNo)?.name
  return html`${name ?? ''} <span class="portal-meta inspector-nowrap">${formatOrgNo(orgNo)}</span>`
}

/** A person by name with the number, or the bare number when the seed does not know it. */
function person(mock: MockAltinn, pid: string): SafeHtml {
  const name = getPerson(mock, pid)?.name
  return name ? html`${name} <span class="portal-meta inspector-nowrap">${pid}</span>` : html`<span class="inspector-nowrap">${pid}</span>`
}

/** A long value with only its first and last characters shown. */
function shortened(value: string): string {
  return value.length > 14 ? `${value.slice(0, 6)}…${value.slice(-6)}` : value
}

/** How far the mock's clock is from real time, in bokmål: "181 dager foran", "2 timer 5 minutter bak". */
function describeOffset(ms: number): string {
  const units: [string, string, number][] = [['dag', 'dager', 86_400_000], ['time', 'timer', 3_600_000], ['minutt', 'minutter', 60_000], ['sekund', 'sekunder', 1000]]
  const parts: string[] = []
  let rest = Math.round(Math.abs(ms) / 1000) * 1000
  for (const [one, many, size] of units) {
    const n = Math.floor(rest / size)
    rest -= n * size
    if (n > 0) parts.push(`${n} ${n === 1 ? one : many}`)
    if (parts.length === 2) break
  }
  return parts.length ? `${parts.join(' ')} ${ms > 0 ? 'foran' : 'bak'} sann tid` : 'på sann tid'
}

function section(id: string, title: string, count: number, body: SafeHtml): SafeHtml {
  return html`<section class="portal-card inspector-section" aria-labelledby="${id}">
<h2 class="ds-heading" data-size="sm" id="${id}">${title} <span class="inspector-count">(${count})</span></h2>
${count ? body : html`<p class="ds-paragraph portal-meta">Ingen.</p>`}
</section>`
}

function personOptions(mock: MockAltinn, selected: string | undefined, mark?: (pid: string) => string): SafeHtml[] {
  return [...mock.store.persons.values()].map(
    (p) => html`<option value="${p.pid}"${p.pid === selected ? raw(' selected') : ''}>${p.name} (${p.pid})${mark ? mark(p.pid) : ''}</option>`,
  )
}

function decisionForms(mock: MockAltinn, request: { id: string; partyOrgNo: string }, csrf: string): SafeHtml {
  const internal = mock.store.requests.get(request.id)
  const fallback = defaultDeciderOf(mock, request.partyOrgNo)
  const field = `pid-${request.id}`
  const mark = (pid: string) => (internal && decisionRightsOf(mock, internal, pid) === 'decide' ? ' – kan godkjenne' : '')
  return html`<form class="inspector-decide" method="post" action="${INSPECTOR_PATH}/requests/${request.id}/decide">
<input type="hidden" name="_csrf" value="${csrf}">
<label for="${field}">Som person</label>
<select class="ds-input" id="${field}" name="pid">
${personOptions(mock, fallback, mark)}
</select>
<button class="ds-button" data-size="sm" type="submit" name="decision" value="approve">Godkjenn</button>
<button class="ds-button" data-variant="secondary" data-size="sm" type="submit" name="decision" value="reject">Avvis</button>
</form>`
}

function createForm(mock: MockAltinn, csrf: string, kind: 'standard' | 'agent'): SafeHtml {
  const systems = [...mock.store.systems.values()].filter((s) => !s.isDeleted && (kind === 'agent' ? s.accessPackages.length > 0 : s.rights.length > 0))
  // The seed's two stories: SmartCloud asks TILFELDIG SUBTIL APE for a right, and TILBAKEHOLDEN USYMMETRISK TIGER AS
  // (an accountant) for an access package for its clients.
  const preferredSystem = kind === 'agent' ? systems.find((s) => s.accessPackages.some((p) => /regnskapsforer/.test(p.urn)) && /_agent$/.test(s.id)) : systems.find((s) => !/_(agent|clientadmin)$/.test(s.id))
  const preferredParty = kind === 'agent' ? FACILITATOR : CUSTOMER
  const orgs = [...mock.store.organisations.values()]
  const title = kind === 'agent' ? 'Klientforespørsel (agent)' : 'Standardforespørsel'
  const what = (s: (typeof systems)[number]) =>
    kind === 'agent' ? s.accessPackages.map((p) => p.urn.replace('urn:altinn:accesspackage:', '')).join(', ') : s.rights.flatMap((r) => r.resource.map((x) => x.value)).join(', ')
  return html`<form class="inspector-create" method="post" action="${INSPECTOR_PATH}/requests">
<input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="kind" value="${kind}">
<h3 class="ds-heading" data-size="2xs">${title}</h3>
<label for="create-${kind}-system">System (${kind === 'agent' ? 'tilgangspakker' : 'rettigheter'})</label>
<select class="ds-input" id="create-${kind}-system" name="systemId">
${systems.map((s) => html`<option value="${s.id}"${s === preferredSystem ? raw(' selected') : ''}>${s.name.nb ?? s.id} – ${orgName(mock, s.vendorOrgNo)} (${what(s)})</option>`)}
</select>
<label for="create-${kind}-party">Kunde</label>
<select class="ds-input" id="create-${kind}-party" name="partyOrgNo">
${orgs.map((o) => html`<option value="${o.orgNo}"${o.orgNo === preferredParty ? raw(' selected') : ''}>${o.name} (${formatOrgNo(o.orgNo)})</option>`)}
</select>
<label for="create-${kind}-ref">externalRef (valgfri)</label>
<input class="ds-input" id="create-${kind}-ref" name="externalRef" maxlength="255" autocomplete="off">
<button class="ds-button" data-size="sm" type="submit">Opprett ${kind === 'agent' ? 'klientforespørsel' : 'standardforespørsel'}</button>
</form>`
}

function clientCell(mock: MockAltinn, user: { id: string; reporteeOrgNo: string; isDeleted: boolean }, csrf: string): SafeHtml {
  const delegated = [...(mock.store.clientDelegations.get(user.id)?.values() ?? [])]
  const taken = new Set(delegated.map((c) => c.clientOrgNo))
  const available = clientRelationsOf(mock, user.reporteeOrgNo).filter((r) => !taken.has(r.clientOrgNo))
  const admin = defaultClientAdministratorOf(mock, user.reporteeOrgNo)
  const removeList = delegated.length
    ? html`<ul class="inspector-clients">${delegated.map(
        (c) => html`<li data-client="${c.clientOrgNo}">${org(mock, c.clientOrgNo)}${user.isDeleted ? '' : html`
<form method="post" action="${INSPECTOR_PATH}/systemusers/${user.id}/clients/remove" class="inspector-inline">
<input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="orgNo" value="${c.clientOrgNo}">${admin ? html`<input type="hidden" name="pid" value="${admin}">` : ''}
<button class="ds-button" data-variant="tertiary" data-size="sm" type="submit" aria-label="Fjern ${orgName(mock, c.clientOrgNo)}">Fjern</button>
</form>`}</li>`,
      )}</ul>`
    : html`<span class="portal-meta">Ingen klienter.</span>`
  if (user.isDeleted) return removeList
  return html`${removeList}
<form method="post" action="${INSPECTOR_PATH}/systemusers/${user.id}/clients" class="inspector-decide">
<input type="hidden" name="_csrf" value="${csrf}">
<label for="client-${user.id}">Klient</label>
<select class="ds-input" id="client-${user.id}" name="orgNo">
${available.map((r) => html`<option value="${r.clientOrgNo}">${orgName(mock, r.clientOrgNo)} (${formatOrgNo(r.clientOrgNo)})</option>`)}
${available.length ? '' : html`<option value="">Ingen flere klienter</option>`}
</select>
<label for="client-pid-${user.id}">Som person</label>
<select class="ds-input" id="client-pid-${user.id}" name="pid">
${personOptions(mock, admin)}
</select>
<button class="ds-button" data-size="sm" type="submit">Legg til klient</button>
</form>`
}

function deleteConfirmation(mock: MockAltinn, id: string, csrf: string): SafeHtml | string {
  const user = mock.store.systemUsers.get(id)
  if (!user || user.isDeleted) return ''
  return html`<section class="ds-alert inspector-confirm" data-color="warning" aria-labelledby="confirm-delete" id="confirm">
<h2 class="ds-heading" data-size="xs" id="confirm-delete">Slette systembrukeren?</h2>
<p class="ds-paragraph"><code class="inspector-nowrap">${user.id}</code> (${user.systemId}) hos ${org(mock, user.reporteeOrgNo)}. Leverandøren får ikke lenger token for den, og klientene den har, mister tilgangen.</p>
<div class="portal-actions">
<form method="post" action="${INSPECTOR_PATH}/systemusers/${user.id}/delete">
<input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="confirm" value="yes">
<button class="ds-button" data-color="danger" data-size="sm" type="submit">Ja, slett systembrukeren</button>
</form>
<a class="ds-link" href="${INSPECTOR_PATH}">Avbryt</a>
</div>
</section>`
}

/**
 * The inspector page.
 *
 * @example
 * ```ts
 * const res = renderInspector(mock, new URLSearchParams('ok=approved'))
 * ```
 */
export function renderInspector(mock: MockAltinn, query: URLSearchParams): RouteResponse {
  const view = stateView(mock)
  const h = getHarness(mock)
  const csrf = inspectorTokenOf(mock)
  const portal = new URL(mock.config.portalUrl).origin
  const requests = [...view.requests].reverse()
  // The portal's style sheets and fonts are calls too, but they would crowd out everything else on this page.
  const journal = selectCalls(h.journal.entries({ limit: JOURNAL_ROWS * 4 }).filter((e) => e.route !== 'portalAsset' && e.route !== 'portalFont'), { limit: JOURNAL_ROWS }).reverse()
  const issued = h.issuedTokens.list()
  const faults = h.faults.list()
  const mpClients = [...mock.store.maskinportenClients.values()]
  const stateFile = h.stateFile
  const now = mock.clock.now()
  // Compared with the machine's time only once the clock was moved, as GET /__mock/clock does.
  const offset = mock.clock.shifted ? now - Date.now() : 0
  const refused = offset > MAX_ASSERTION_LIFETIME_SECONDS * 1000 || offset < -ASSERTION_CLOCK_SKEW_SECONDS * 1000
  const confirmDelete = query.get('confirmDelete')

  const body = html`${raw('<!doctype html>')}
<html lang="nb" data-color-scheme="light" data-size="md">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Inspektør - Mock Altinn</title>
<link rel="icon" href="data:,">
<noscript><meta http-equiv="refresh" content="${INSPECTOR_REFRESH_SECONDS}"></noscript>
<link rel="stylesheet" href="${portal}${ASSET_BASE}/theme.css">
<link rel="stylesheet" href="${portal}${ASSET_BASE}/designsystemet.css">
<link rel="stylesheet" href="${portal}${ASSET_BASE}/portal.css">
<link rel="stylesheet" href="${INSPECTOR_PATH}/inspector.css">
<script src="${INSPECTOR_PATH}/inspector.js" defer></script>
</head>
<body class="inspector-page">
<header class="portal-header">
<div class="portal-header__inner">
<a class="portal-brand" href="${INSPECTOR_PATH}">Mock Altinn <span class="ds-tag" data-color="warning" data-size="sm">Inspektør</span></a>
<nav class="portal-user" aria-label="Lenker">
<a class="ds-link" href="${mock.config.portalUrl}/accessmanagement/ui/systemuser/overview">Portalen</a>
<a class="ds-link" href="#journal">Journal</a>
<a class="ds-link" href="/__mock/state">Tilstand (JSON)</a>
<a class="ds-link" href="/__mock/journal">Journal (JSON)</a>
<a class="ds-link" href="/__mock/docs">API</a>
</nav>
</div>
</header>
<main id="main" class="inspector-main">
<div class="portal-stack" id="inspector" data-refresh-seconds="${INSPECTOR_REFRESH_SECONDS}">
<h1 class="ds-heading" data-size="md">Inspektør</h1>
<nav class="inspector-toc" aria-label="På denne siden">
<a class="ds-link" href="#create">Ny forespørsel</a> <a class="ds-link" href="#requests">Forespørsler</a> <a class="ds-link" href="#systemusers">Systembrukere</a> <a class="ds-link" href="#tokens">Tokens</a> <a class="ds-link" href="#journal">Journal</a>
</nav>
${outcomeBanner(mock, query)}
${confirmDelete ? deleteConfirmation(mock, confirmDelete, csrf) : ''}
<section class="portal-card" aria-labelledby="controls">
<h2 class="ds-heading" data-size="sm" id="controls">Klokke og tilstand</h2>
<p class="ds-paragraph">Tid i mocken: <strong><time datetime="${view.now}" class="inspector-nowrap">${view.now}</time></strong> ${mock.clock.shifted ? html`<span class="ds-tag" data-color="warning" data-size="sm">flyttet</span>` : html`<span class="ds-tag" data-size="sm">sann tid</span>`}
<span class="inspector-offset">(${describeOffset(offset)})</span>
${stateFile ? html` · Tilstandsfil: <code>${stateFile.path}</code>` : ''}</p>
${refused ? html`<div class="ds-alert" data-color="warning" role="alert"><p class="ds-paragraph">${CLOCK_WARNING}</p></div>` : ''}
<div class="portal-actions">
<form method="post" action="${INSPECTOR_PATH}/clock" class="inspector-inline">
<input type="hidden" name="_csrf" value="${csrf}">
<label for="advance">Flytt klokken (ISO 8601-varighet)</label>
<input class="ds-input" id="advance" name="advance" placeholder="f.eks. PT2H" size="10" required autocomplete="off">
<button class="ds-button" data-size="sm" type="submit">Flytt klokken</button>
</form>
<form method="post" action="${INSPECTOR_PATH}/clock">
<input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="reset" value="true">
<button class="ds-button" data-variant="secondary" data-size="sm" type="submit">Tilbake til sann tid</button>
</form>
<form method="post" action="${INSPECTOR_PATH}/reset">
<input type="hidden" name="_csrf" value="${csrf}">
<button class="ds-button" data-variant="secondary" data-color="danger" data-size="sm" type="submit">Tilbakestill til seed</button>
</form>
<label class="inspector-inline"><input type="checkbox" id="auto-refresh" checked> Oppdater automatisk</label>
</div>
<p class="ds-paragraph portal-meta">Flytter du klokken mer enn ${MAX_ASSERTION_LIFETIME_SECONDS} sekunder frem (eller mer enn ${ASSERTION_CLOCK_SKEW_SECONDS} sekunder tilbake), avviser Maskinporten tokenforespørslene til leverandører som følger sann tid.</p>
</section>

<section class="portal-card" aria-labelledby="create">
<h2 class="ds-heading" data-size="sm" id="create">Ny forespørsel som leverandør</h2>
<p class="ds-paragraph portal-meta">Går gjennom leverandør-API-et med et token fra Maskinporten-mocken, med alle rettighetene eller tilgangspakkene til systemet.</p>
<div class="inspector-create-grid">
${createForm(mock, csrf, 'standard')}
${createForm(mock, csrf, 'agent')}
</div>
</section>

${section(
  'requests',
  'Forespørsler',
  requests.length,
  html`<div class="inspector-scroll"><table class="ds-table" data-size="sm">
<thead><tr><th scope="col">Id</th><th scope="col">Type</th><th scope="col">System</th><th scope="col">Kunde</th><th scope="col">externalRef</th><th scope="col">Status</th><th scope="col">Opprettet</th><th scope="col">Handling</th></tr></thead>
<tbody>
${requests.map(
  (r) => html`<tr data-request-id="${r.id}">
<td><code class="inspector-nowrap">${r.id}</code></td>
<td>${r.kind}</td>
<td class="inspector-nowrap">${r.systemId}</td>
<td>${org(mock, r.partyOrgNo)}</td>
<td class="inspector-wrap">${r.externalRef}</td>
<td><span class="ds-tag inspector-status" data-size="sm" data-color="${r.status === 'Accepted' ? 'success' : r.status === 'New' ? 'info' : 'danger'}">${r.status}</span>${r.timedOut ? html` <span class="ds-tag" data-size="sm" data-color="warning">timedOut</span>` : ''}${r.escalated ? html` <span class="ds-tag" data-size="sm">eskalert</span>` : ''}${r.isDeleted ? html` <span class="ds-tag" data-size="sm">slettet</span>` : ''}</td>
<td><time datetime="${r.created}" class="inspector-nowrap">${r.created}</time>${r.decidedBy ? html`<br><span class="portal-meta">avgjort av ${person(mock, r.decidedBy)}</span>` : ''}</td>
<td><a class="ds-link" href="${r.confirmUrl}">confirmUrl</a>${r.status === 'New' && !r.isDeleted ? decisionForms(mock, r, csrf) : ''}</td>
</tr>`,
)}
</tbody></table></div>`,
)}

${section(
  'systemusers',
  'Systembrukere',
  view.systemUsers.length,
  html`<div class="inspector-scroll"><table class="ds-table" data-size="sm">
<thead><tr><th scope="col">Id</th><th scope="col">Type</th><th scope="col">System</th><th scope="col">Eier</th><th scope="col">externalRef</th><th scope="col">Opprettet</th><th scope="col">Klienter</th><th scope="col">Handling</th></tr></thead>
<tbody>
${view.systemUsers.map(
  (u) => html`<tr data-system-user-id="${u.id}"><td><code class="inspector-nowrap">${u.id}</code>${u.isDeleted ? html` <span class="ds-tag" data-size="sm">slettet</span>` : ''}</td><td>${u.userType}</td><td class="inspector-nowrap">${u.systemId}</td><td>${org(mock, u.reporteeOrgNo)}</td><td class="inspector-wrap">${u.externalRef}</td><td><time datetime="${u.created}" class="inspector-nowrap">${u.created}</time></td>
<td>${u.userType === 'agent' ? clientCell(mock, u, csrf) : html`<span class="portal-meta">–</span>`}</td>
<td>${u.isDeleted ? '' : html`<a class="ds-link" href="${INSPECTOR_PATH}?confirmDelete=${u.id}#confirm">Slett…</a>`}</td></tr>`,
)}
</tbody></table></div>`,
)}

${section(
  'delegations',
  'Klientdelegeringer',
  view.clientDelegations.length,
  html`<div class="inspector-scroll"><table class="ds-table" data-size="sm">
<thead><tr><th scope="col">Systembruker</th><th scope="col">Klient</th><th scope="col">Lagt til</th><th scope="col">Av</th></tr></thead>
<tbody>
${view.clientDelegations.map(
  (d) => html`<tr><td><code class="inspector-nowrap">${d.systemUserId}</code></td><td>${org(mock, d.clientOrgNo)}</td><td><time datetime="${d.addedAt}" class="inspector-nowrap">${d.addedAt}</time></td><td>${d.addedBy ? person(mock, d.addedBy) : ''}</td></tr>`,
)}
</tbody></table></div>`,
)}

${section(
  'systems',
  'Systemer',
  view.systems.length,
  html`<div class="inspector-scroll"><table class="ds-table" data-size="sm">
<thead><tr><th scope="col">Id</th><th scope="col">Leverandør</th><th scope="col">Navn</th><th scope="col">Klient-id-er</th><th scope="col">Synlig</th></tr></thead>
<tbody>
${view.systems.map(
  (s) => html`<tr><td class="inspector-nowrap">${s.id}${s.isDeleted ? html` <span class="ds-tag" data-size="sm">slettet</span>` : ''}</td><td>${org(mock, s.vendorOrgNo)}</td><td>${s.name.nb ?? ''}</td><td>${s.clientId.map((c) => html`<code class="inspector-nowrap">${c}</code> `)}</td><td>${s.isVisible ? 'ja' : 'nei'}</td></tr>`,
)}
</tbody></table></div>`,
)}

${section(
  'mpclients',
  'Maskinporten-klienter',
  mpClients.length,
  html`<div class="inspector-scroll"><table class="ds-table" data-size="sm">
<thead><tr><th scope="col">Klient-id</th><th scope="col">Virksomhet</th><th scope="col">kid</th><th scope="col">Scopes</th></tr></thead>
<tbody>
${mpClients.map((c) => html`<tr><td><code class="inspector-nowrap">${c.clientId}</code></td><td>${org(mock, c.orgNo)}</td><td class="inspector-nowrap">${c.kid}</td><td class="inspector-wrap">${c.scopes.join(' ')}</td></tr>`)}
</tbody></table></div>`,
)}

${section(
  'tokens',
  'Utstedte tokens (dekodet, uten signatur)',
  issued.length,
  html`<ul class="portal-list inspector-tokens">
${issued.map((t) => {
  const jti = String(t.claims.jti ?? '')
  const who = String(t.claims.client_id ?? t.claims.pid ?? '')
  return html`<li><details><summary><strong>${t.route}</strong> <span class="portal-meta"><time class="inspector-nowrap">${t.time}</time> · ${shortened(who)} · jti <code>${shortened(jti)}</code></span></summary>
<pre class="inspector-pre">${JSON.stringify(t.claims, null, 2)}</pre>
<p class="portal-meta">kid ${String(t.header.kid ?? '')}</p></details></li>`
})}
</ul>`,
)}

${section(
  'faults',
  'Feilinjeksjon',
  faults.length,
  html`<ul class="portal-list">${faults.map((f) => html`<li><code>${f.id}</code> <span>${f.method ?? '*'} ${f.path ?? ''}${f.route ? ` (${f.route})` : ''} → ${f.drop ? 'brutt forbindelse' : (f.status ?? f.problem ?? `${f.delayMs} ms`)}</span> <span class="portal-meta">${f.remaining === undefined ? 'uten grense' : `${f.remaining} igjen`} · ${f.hits} treff</span></li>`)}</ul>`,
)}

${section(
  'journal',
  `Journal (siste ${JOURNAL_ROWS}, uten stilark og skrifter)`,
  journal.length,
  html`<div class="inspector-scroll"><table class="ds-table" data-size="sm">
<thead><tr><th scope="col">Tid</th><th scope="col">Kall</th><th scope="col">Status</th><th scope="col">Kode</th><th scope="col">Leverandør</th><th scope="col">ms</th></tr></thead>
<tbody>
${journal.map(
  (e) => html`<tr><td><time class="inspector-nowrap">${e.time}</time></td><td class="inspector-wrap"><code>${e.method} ${e.path}${e.query}</code>${e.route ? html` <span class="portal-meta">${e.route}</span>` : ''}${e.fault ? html` <span class="ds-tag" data-size="sm" data-color="warning">${e.fault}</span>` : ''}</td><td>${e.dropped ? 'brutt' : e.status}</td><td class="inspector-nowrap">${e.code ?? ''}</td><td>${e.vendor ? org(mock, e.vendor) : ''}${e.systemUser ? html`<br><code class="portal-meta inspector-nowrap">${e.systemUser}</code>` : ''}</td><td>${e.durationMs.toFixed(1)}</td></tr>`,
)}
</tbody></table></div>`,
)}
</div>
</main>
</body>
</html>
`
  const res = text(200, body.toString(), 'text/html; charset=utf-8')
  return { ...res, headers: { ...res.headers, ...toolSecurityHeaders(mock) } }
}

/**
 * The page's script: every few seconds it fetches the page again and swaps in the new content, unless the
 * tester is using a form or turned updates off. No inline code: the CSP allows only this file.
 */
export const INSPECTOR_SCRIPT = `'use strict'
;(function () {
  var root = document.getElementById('inspector')
  if (!root) return
  var seconds = Number(root.getAttribute('data-refresh-seconds')) || 2
  var busy = false
  function enabled() {
    var box = document.getElementById('auto-refresh')
    return !box || box.checked
  }
  // A field the tester changed (a person picked, a duration typed) and left: swapping the page in would undo it.
  function changed() {
    var fields = document.querySelectorAll('#inspector form select, #inspector form input')
    for (var i = 0; i < fields.length; i++) {
      var f = fields[i]
      if (f.type === 'hidden') continue
      if (f.tagName === 'SELECT') {
        // A select shows its first option when none is marked selected.
        var initial = 0
        for (var j = 0; j < f.options.length; j++) if (f.options[j].defaultSelected) initial = j
        if (f.options.length && f.selectedIndex !== initial) return true
      } else if (f.value !== f.defaultValue) return true
    }
    return false
  }
  function inUse() {
    var el = document.activeElement
    return !!(el && el !== document.body && el.closest && el.closest('form')) || changed()
  }
  async function refresh() {
    if (busy || document.hidden || !enabled() || inUse()) return
    busy = true
    try {
      var res = await fetch(location.pathname + location.search, { headers: { accept: 'text/html' }, cache: 'no-store', credentials: 'same-origin' })
      if (!res.ok) return
      var doc = new DOMParser().parseFromString(await res.text(), 'text/html')
      var next = doc.getElementById('inspector')
      var current = document.getElementById('inspector')
      if (next && current && enabled() && !inUse()) {
        var box = next.querySelector('#auto-refresh')
        if (box) box.checked = true
        current.replaceWith(document.importNode(next, true))
      }
    } catch (e) {
      // The mock may be restarting; try again next time.
    } finally {
      busy = false
    }
  }
  setInterval(refresh, seconds * 1000)
})()
`

/**
 * The inspector's own layout rules, on top of the portal's style sheets. Words stay whole: ids, dates and codes
 * never break, only long free text (paths, externalRef, scopes) may break anywhere, and a table wider than the
 * screen scrolls sideways instead.
 */
export const INSPECTOR_CSS = `
main.inspector-main, .inspector-page .portal-header__inner { max-width: 96rem; }
.inspector-scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
.inspector-section table { width: 100%; font-size: 0.875rem; }
.inspector-section td { vertical-align: top; overflow-wrap: normal; word-break: normal; }
.inspector-nowrap { white-space: nowrap; }
.inspector-wrap { overflow-wrap: anywhere; min-width: 10rem; }
.inspector-count { color: var(--ds-color-neutral-text-subtle, #4b5563); font-weight: 400; }
.inspector-toc { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; }
.inspector-decide { display: flex; flex-wrap: wrap; gap: 0.25rem 0.5rem; align-items: center; margin-top: 0.5rem; }
.inspector-decide select { max-width: 18rem; }
.inspector-inline { display: flex; gap: 0.5rem; align-items: center; margin: 0; }
.inspector-offset { color: var(--ds-color-neutral-text-subtle, #4b5563); }
.inspector-create-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); gap: 1rem 2rem; }
.inspector-create { display: flex; flex-direction: column; gap: 0.25rem; align-items: flex-start; }
.inspector-create select, .inspector-create input { width: 100%; max-width: 32rem; }
.inspector-create button { margin-top: 0.5rem; }
.inspector-clients { list-style: none; margin: 0; padding: 0; }
.inspector-clients li { display: flex; flex-wrap: wrap; gap: 0.25rem 0.5rem; align-items: center; }
.inspector-tokens summary { cursor: pointer; }
.inspector-pre { margin: 0.25rem 0 0; font-size: 0.8rem; white-space: pre-wrap; overflow-wrap: anywhere; }
`
