/**
 * The inspector (`/__mock/ui`): one page that shows what the mock holds (systems, requests with their confirm
 * links, system users, client delegations, Maskinporten clients, the tokens issued lately, the fault rules and
 * the journal) and lets a tester approve or reject a request as a chosen person, move the clock, and reset.
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
import { ProblemsByCode } from 'altinn-systemuser-sdk/contract'
import { findAccessManager, getOrganisation } from '../core/directory.ts'
import type { MockAltinn } from '../core/mock-altinn.ts'
import { decisionRightsOf } from '../core/requests.ts'
import { ASSET_BASE } from '../portal/assets.ts'
import { html, raw, type SafeHtml } from '../portal/html.ts'
import { describeProblem } from '../portal/texts.ts'
import { stateView } from '../routes/control.ts'
import { refuseCrossSite } from '../routes/control-guard.ts'
import { empty, text } from '../routes/responses.ts'
import type { RouteRequest, RouteResponse } from '../routes/types.ts'
import { getHarness } from './harness.ts'
import { selectCalls } from './journal.ts'

/** Where the inspector lives. */
export const INSPECTOR_PATH = '/__mock/ui'
/** How often the page refreshes itself (seconds). */
export const INSPECTOR_REFRESH_SECONDS = 2
/** Journal entries shown (newest first). */
const JOURNAL_ROWS = 50

const tokens = new WeakMap<MockAltinn, string>()

/**
 * The CSRF token of a mock's inspector forms: random per mock, known only to pages it served.
 *
 * @example
 * ```ts
 * html`<input type="hidden" name="_csrf" value="${inspectorTokenOf(mock)}">`
 * ```
 */
export function inspectorTokenOf(mock: MockAltinn): string {
  let t = tokens.get(mock)
  if (!t) tokens.set(mock, (t = randomBytes(32).toString('base64url')))
  return t
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
export function backToInspector(outcome: { ok?: string; problem?: string }): RouteResponse {
  const q = new URLSearchParams(Object.entries(outcome).filter(([, v]) => v) as [string, string][])
  return empty(303, { location: `${INSPECTOR_PATH}${q.size ? `?${q}` : ''}`, 'cache-control': 'no-store' })
}

/**
 * The headers of the mock's own pages (the inspector, the API docs): a strict CSP that allows only the mock's own
 * script and the portal's style sheets, no framing, no sniffing, no caching.
 *
 * @example
 * ```ts
 * return { ...res, headers: { ...res.headers, ...inspectorSecurityHeaders(mock) } }
 * ```
 */
export function inspectorSecurityHeaders(mock: MockAltinn): Record<string, string> {
  return securityHeaders(mock)
}

function securityHeaders(mock: MockAltinn): Record<string, string> {
  // The style sheets are the portal's; with the parts on separate hosts (msw on TT02's names) they come from the portal's origin.
  const portalOrigin = new URL(mock.config.portalUrl).origin
  return {
    'content-security-policy': `default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self' ${portalOrigin}; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    // Not no-referrer: with it a browser sends `Origin: null` on the page's own form posts, and where it sends no
    // Sec-Fetch-Site (plain http on a container name) the control guard could not tell them from a foreign page's.
    'referrer-policy': 'same-origin',
    'cache-control': 'no-store',
  }
}

const OUTCOMES: Record<string, string> = {
  approved: 'Forespørselen er godkjent.',
  rejected: 'Forespørselen er avvist.',
  clock: 'Klokken er flyttet.',
  realtime: 'Klokken går i sann tid igjen.',
  reset: 'Tilbake til seed-dataene.',
}

function outcomeBanner(query: URLSearchParams): SafeHtml | string {
  const ok = query.get('ok')
  if (ok && OUTCOMES[ok]) return html`<div class="ds-alert" data-color="success" role="status"><p class="ds-paragraph">${OUTCOMES[ok]}</p></div>`
  const code = query.get('problem')
  if (code) {
    const d = ProblemsByCode.get(code)
    const message = d ? describeProblem(d) : code === 'clock' ? 'Ugyldig tid: bruk en ISO 8601-varighet som P181D eller PT2H.' : 'Handlingen ble avvist.'
    return html`<div class="ds-alert" data-color="danger" role="alert"><p class="ds-paragraph">${message}${d ? html` Feilkode: <strong>${d.code}</strong>` : ''}</p></div>`
  }
  return ''
}

function orgName(mock: MockAltinn, orgNo: string): string {
  return getOrganisation(mock, orgNo)?.name ?? orgNo
}

function section(id: string, title: string, count: number, body: SafeHtml): SafeHtml {
  return html`<section class="portal-card inspector-section" aria-labelledby="${id}">
<h2 class="ds-heading" data-size="sm" id="${id}">${title} <span class="inspector-count">(${count})</span></h2>
${count ? body : html`<p class="ds-paragraph portal-meta">Ingen.</p>`}
</section>`
}

function decisionForms(mock: MockAltinn, request: { id: string; partyOrgNo: string }, csrf: string): SafeHtml {
  const internal = mock.state.requests.get(request.id)
  const fallback = findAccessManager(mock, request.partyOrgNo)?.pid
  const people = [...mock.state.persons.values()]
  const field = `pid-${request.id}`
  return html`<form class="inspector-decide" method="post" action="${INSPECTOR_PATH}/requests/${request.id}/decide">
<input type="hidden" name="_csrf" value="${csrf}">
<label for="${field}">Som person</label>
<select class="ds-input" id="${field}" name="pid">
${people.map((p) => {
  const may = internal ? decisionRightsOf(mock, internal, p.pid) === 'decide' : false
  return html`<option value="${p.pid}"${p.pid === fallback ? raw(' selected') : ''}>${p.name} (${p.pid})${may ? ' – kan godkjenne' : ''}</option>`
})}
</select>
<button class="ds-button" data-size="sm" type="submit" name="decision" value="approve">Godkjenn</button>
<button class="ds-button" data-variant="secondary" data-size="sm" type="submit" name="decision" value="reject">Avvis</button>
</form>`
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
  // The portal's style sheets are calls too, but they would crowd out everything else on this page.
  const journal = selectCalls(h.journal.entries({ limit: JOURNAL_ROWS * 4 }).filter((e) => e.route !== 'portalAsset'), { limit: JOURNAL_ROWS }).reverse()
  const issued = h.issuedTokens.list()
  const faults = h.faults.list()
  const mpClients = [...mock.state.maskinportenClients.values()]
  const stateFile = h.stateFile

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
<a class="ds-link" href="/__mock/state">Tilstand (JSON)</a>
<a class="ds-link" href="/__mock/journal">Journal (JSON)</a>
<a class="ds-link" href="/__mock/docs">API</a>
</nav>
</div>
</header>
<main id="main" class="inspector-main">
<div class="portal-stack" id="inspector" data-refresh-seconds="${INSPECTOR_REFRESH_SECONDS}">
<h1 class="ds-heading" data-size="md">Inspektør</h1>
${outcomeBanner(query)}
<section class="portal-card" aria-labelledby="controls">
<h2 class="ds-heading" data-size="sm" id="controls">Klokke og tilstand</h2>
<p class="ds-paragraph">Tid i mocken: <strong><time datetime="${view.now}">${view.now}</time></strong> ${mock.clock.shifted ? html`<span class="ds-tag" data-color="warning" data-size="sm">flyttet</span>` : html`<span class="ds-tag" data-size="sm">sann tid</span>`}
${stateFile ? html` · Tilstandsfil: <code>${stateFile.path}</code>` : ''}</p>
<div class="portal-actions">
<form method="post" action="${INSPECTOR_PATH}/clock" class="inspector-inline">
<input type="hidden" name="_csrf" value="${csrf}">
<label for="advance">Flytt klokken (ISO 8601-varighet)</label>
<input class="ds-input" id="advance" name="advance" value="P181D" size="8" required>
<button class="ds-button" data-size="sm" type="submit">Flytt klokken</button>
</form>
<form method="post" action="${INSPECTOR_PATH}/clock">
<input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="reset" value="true">
<button class="ds-button" data-variant="secondary" data-size="sm" type="submit">Sann tid</button>
</form>
<form method="post" action="${INSPECTOR_PATH}/reset">
<input type="hidden" name="_csrf" value="${csrf}">
<button class="ds-button" data-variant="secondary" data-color="danger" data-size="sm" type="submit">Tilbakestill til seed</button>
</form>
<label class="inspector-inline"><input type="checkbox" id="auto-refresh" checked> Oppdater automatisk</label>
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
<td><code>${r.id}</code></td>
<td>${r.kind}</td>
<td>${r.systemId}</td>
<td>${orgName(mock, r.partyOrgNo)} <span class="portal-meta">${r.partyOrgNo}</span></td>
<td>${r.externalRef}</td>
<td><span class="ds-tag inspector-status" data-size="sm" data-color="${r.status === 'Accepted' ? 'success' : r.status === 'New' ? 'info' : 'danger'}">${r.status}</span>${r.timedOut ? html` <span class="ds-tag" data-size="sm" data-color="warning">timedOut</span>` : ''}${r.escalated ? html` <span class="ds-tag" data-size="sm">eskalert</span>` : ''}${r.isDeleted ? html` <span class="ds-tag" data-size="sm">slettet</span>` : ''}</td>
<td><time datetime="${r.created}">${r.created}</time>${r.decidedBy ? html`<br><span class="portal-meta">avgjort av ${r.decidedBy}</span>` : ''}</td>
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
<thead><tr><th scope="col">Id</th><th scope="col">Type</th><th scope="col">System</th><th scope="col">Eier</th><th scope="col">externalRef</th><th scope="col">Opprettet</th></tr></thead>
<tbody>
${view.systemUsers.map(
  (u) => html`<tr data-system-user-id="${u.id}"><td><code>${u.id}</code></td><td>${u.userType}</td><td>${u.systemId}</td><td>${orgName(mock, u.reporteeOrgNo)} <span class="portal-meta">${u.reporteeOrgNo}</span></td><td>${u.externalRef}</td><td>${u.created}</td></tr>`,
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
  (d) => html`<tr><td><code>${d.systemUserId}</code></td><td>${orgName(mock, d.clientOrgNo)} <span class="portal-meta">${d.clientOrgNo}</span></td><td>${d.addedAt}</td><td>${d.addedBy ?? ''}</td></tr>`,
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
  (s) => html`<tr><td>${s.id}${s.isDeleted ? html` <span class="ds-tag" data-size="sm">slettet</span>` : ''}</td><td>${orgName(mock, s.vendorOrgNo)}</td><td>${s.name.nb ?? ''}</td><td>${s.clientId.map((c) => html`<code>${c}</code> `)}</td><td>${s.isVisible ? 'ja' : 'nei'}</td></tr>`,
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
${mpClients.map((c) => html`<tr><td><code>${c.clientId}</code></td><td>${orgName(mock, c.orgNo)}</td><td>${c.kid}</td><td>${c.scopes.join(' ')}</td></tr>`)}
</tbody></table></div>`,
)}

${section(
  'tokens',
  'Utstedte tokens (dekodet, uten signatur)',
  issued.length,
  html`<ul class="portal-list">
${issued.map(
  (t) => html`<li><div><strong>${t.route}</strong> <span class="portal-meta">${t.time} · kid ${String(t.header.kid ?? '')}</span>
<pre class="inspector-pre">${JSON.stringify(t.claims, null, 2)}</pre></div></li>`,
)}
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
  `Journal (siste ${JOURNAL_ROWS}, uten stilark)`,
  journal.length,
  html`<div class="inspector-scroll"><table class="ds-table" data-size="sm">
<thead><tr><th scope="col">Tid</th><th scope="col">Kall</th><th scope="col">Status</th><th scope="col">Kode</th><th scope="col">Leverandør</th><th scope="col">ms</th></tr></thead>
<tbody>
${journal.map(
  (e) => html`<tr><td>${e.time}</td><td><code>${e.method} ${e.path}${e.query}</code>${e.route ? html` <span class="portal-meta">${e.route}</span>` : ''}${e.fault ? html` <span class="ds-tag" data-size="sm" data-color="warning">${e.fault}</span>` : ''}</td><td>${e.dropped ? 'brutt' : e.status}</td><td>${e.code ?? ''}</td><td>${e.vendor ?? ''}${e.systemUser ? html`<br><span class="portal-meta">${e.systemUser}</span>` : ''}</td><td>${e.durationMs.toFixed(1)}</td></tr>`,
)}
</tbody></table></div>`,
)}
</div>
</main>
</body>
</html>
`
  const res = text(200, body.toString(), 'text/html; charset=utf-8')
  return { ...res, headers: { ...res.headers, ...securityHeaders(mock) } }
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
  function inUse() {
    var el = document.activeElement
    return !!(el && el !== document.body && el.closest && el.closest('form'))
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

/** The inspector's own layout rules, on top of the portal's style sheets. */
export const INSPECTOR_CSS = `
main.inspector-main, .inspector-page .portal-header__inner { max-width: 96rem; }
.inspector-scroll { overflow-x: auto; }
.inspector-section table { width: 100%; font-size: 0.875rem; }
.inspector-section td { vertical-align: top; overflow-wrap: anywhere; }
.inspector-count { color: var(--ds-color-neutral-text-subtle, #4b5563); font-weight: 400; }
.inspector-decide { display: flex; flex-wrap: wrap; gap: 0.25rem 0.5rem; align-items: center; margin-top: 0.5rem; }
.inspector-decide select { max-width: 18rem; }
.inspector-inline { display: flex; gap: 0.5rem; align-items: center; margin: 0; }
.inspector-pre { margin: 0.25rem 0 0; font-size: 0.8rem; white-space: pre-wrap; overflow-wrap: anywhere; }
`
