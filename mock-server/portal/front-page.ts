/**
 * The front page (`/`), in bokmål and in the portal's look: what this is (a local mock of Altinn system users for
 * testing, not Altinn), the seed guides' two stories to start in the browser, who plays which part (from the seed in
 * force), and where everything else is. Nothing on it loads from another origin.
 */
import { DEMO_VENDOR_PATH } from '../core/demo-vendor.ts'
import { castOf, type CastOrganisation, type CastPerson, type DemoCast } from '../core/demo-cast.ts'
import { html, type SafeHtml } from '../kit/html.ts'
import { API_DOCS_PATH, INSPECTOR_PATH, OPENAPI_PATH, PORTAL_PATHS } from '../kit/paths.ts'
import type { RouteResponse } from '../kit/types.ts'
import { renderPage, type PortalRequest } from './page-kit.ts'
import { formatOrgNo } from '../kit/format.ts'
import { T } from './texts.ts'

/** The package the README belongs to, named on the page (the README itself is a file, not a link to the internet). */
const PACKAGE_NAME = 'altinn-systemuser-mock'

interface Row {
  name: string
  number: SafeHtml
  part: SafeHtml
}

function orgRow(org: CastOrganisation, part: SafeHtml): Row {
  return { name: org.name, number: html`org.nr. ${formatOrgNo(org.orgNo)}`, part }
}

function personRow(person: CastPerson, part: SafeHtml): Row {
  return { name: person.name, number: html`fødselsnr. ${person.pid}`, part }
}

function titles(person: CastPerson): string {
  return person.titles.length ? person.titles.join(', ') : 'Ingen roller'
}

/** Every persona with its part, in the order the stories meet them. */
function castRows(cast: DemoCast): Row[] {
  const rows: Row[] = []
  const { vendor, standard, agent, stranger } = cast
  if (vendor) rows.push(orgRow(vendor, html`Leverandøren (systemleverandør) i begge historiene: sender forespørslene og leser kravene.`))
  if (standard) {
    rows.push(orgRow(standard.customer, html`Kunden i standardhistorien: får forespørselen om systemtilgang.`))
    rows.push(personRow(standard.approver, html`${titles(standard.approver)} i ${standard.customer.name}. Logger inn i Altinn og godkjenner (eller avviser) forespørselen for ${standard.customer.name}.`))
  }
  if (agent) {
    rows.push(orgRow(agent.firm, html`Regnskapsføreren i agenthistorien: får forespørselen om systemtilgang for sine klienter.`))
    rows.push(personRow(agent.approver, html`${titles(agent.approver)} i ${agent.firm.name}. Godkjenner forespørselen og legger til klienter med «Legg til klient».`))
    for (const client of agent.clients) rows.push(orgRow(client, html`Klient av ${agent.firm.name}. Kan legges til systemtilgangen.`))
  }
  if (standard?.employee)
    rows.push(personRow(standard.employee, html`${titles(standard.employee)} i ${standard.customer.name}, uten rett til å styre tilganger: kan bare sende forespørselen videre til tilgangsstyrerne (AUTH-00066).`))
  if (stranger) rows.push(personRow(stranger, html`Uten tilknytning til noen virksomhet: får ikke se forespørselen (AUTH-00066).`))
  return rows
}

function storySection(cast: DemoCast): SafeHtml {
  const { standard, agent } = cast
  return html`<section class="portal-stack" aria-labelledby="stories-heading">
<h2 class="ds-heading" data-size="md" id="stories-heading">Vis historiene i nettleseren</h2>
<p class="ds-paragraph">Begge historiene fra brukerveiledningene for systembruker, fra start til slutt: SmartCloud (en demo-leverandør som mocken også serverer) ber om tilgang, du godkjenner i Altinn-portalen, og SmartCloud viser kvitteringen og kravene.</p>
<div class="portal-columns">
${
  standard
    ? html`<section class="portal-card portal-stack" aria-labelledby="standard-story-heading">
<h3 class="ds-heading" data-size="sm" id="standard-story-heading">Standard systembruker</h3>
<ol class="ds-list">
<li>Hos SmartCloud, under «For bedrifter»: trykk «Koble til Altinn».</li>
<li>Logg inn som <strong>${standard.approver.name}</strong>.</li>
<li>Godkjenn forespørselen fra ${standard.systemName} for ${standard.customer.name} (eller avvis den).</li>
<li>Tilbake hos SmartCloud: kvitteringen og kravene til ${standard.customer.name}.</li>
</ol>
<p class="ds-paragraph"><a class="ds-button" data-variant="primary" href="${DEMO_VENDOR_PATH}#standard">Start standardhistorien</a></p>
</section>`
    : html`<p class="ds-paragraph">Seeden har ingen kunde med tilgangsstyrer for standardhistorien.</p>`
}
${
  agent
    ? html`<section class="portal-card portal-stack" aria-labelledby="agent-story-heading">
<h3 class="ds-heading" data-size="sm" id="agent-story-heading">Agent systembruker (klienter)</h3>
<ol class="ds-list">
<li>Hos SmartCloud, under «For regnskapsførere»: trykk «Koble til Altinn».</li>
<li>Logg inn som <strong>${agent.approver.name}</strong> og godkjenn forespørselen for ${agent.firm.name}.</li>
<li>Logg inn igjen, velg ${agent.firm.name}, åpne systemtilgangen og bruk «Legg til klient».</li>
<li>Last kvitteringen hos SmartCloud på nytt: klientene og kravene deres.</li>
</ol>
<p class="ds-paragraph"><a class="ds-button" data-variant="primary" href="${DEMO_VENDOR_PATH}#agent">Start agenthistorien</a></p>
</section>`
    : html`<p class="ds-paragraph">Seeden har ingen regnskapsfører med klientadministrator for agenthistorien.</p>`
}
</div>
</section>`
}

function castSection(cast: DemoCast): SafeHtml {
  const rows = castRows(cast)
  return html`<section class="portal-stack" aria-labelledby="cast-heading">
<h2 class="ds-heading" data-size="md" id="cast-heading">Testpersoner og virksomheter</h2>
<p class="ds-paragraph">Syntetiske testdata fra seeden (Tenor-stil): ingen av dem finnes i virkeligheten. Velg personen på innloggingssiden «${T.loginTitle}».</p>
<div class="portal-table-wrap">
<table class="ds-table" data-border="true">
<caption class="ds-sr-only">Hvem som spiller hvilken rolle i historiene</caption>
<thead><tr><th scope="col">Navn</th><th scope="col">Nummer</th><th scope="col">Rolle i historiene</th></tr></thead>
<tbody>
${rows.map((r) => html`<tr><th scope="row">${r.name}</th><td class="portal-nowrap">${r.number}</td><td>${r.part}</td></tr>`)}
</tbody>
</table>
</div>
</section>`
}

function linksSection(): SafeHtml {
  return html`<section class="portal-stack" aria-labelledby="links-heading">
<h2 class="ds-heading" data-size="md" id="links-heading">Verktøy og dokumentasjon</h2>
<ul class="portal-list">
<li><span><a class="ds-link" href="${PORTAL_PATHS.overview}">Altinn-portalen (mock)</a><br><span class="portal-meta">Logg inn med TestID, godkjenn forespørsler, se og slett systemtilganger, legg til klienter.</span></span></li>
<li><span><a class="ds-link" href="${DEMO_VENDOR_PATH}">SmartCloud (demo-leverandør)</a><br><span class="portal-meta">Leverandørens side av historiene: «Koble til Altinn» og kvitteringen.</span></span></li>
<li><span><a class="ds-link" href="${INSPECTOR_PATH}">Inspektøren</a><br><span class="portal-meta">Tilstanden, tokenene og kallene mocken har sett; godkjenn, avvis, flytt klokken, tilbakestill.</span></span></li>
<li><span><a class="ds-link" href="${API_DOCS_PATH}">API-dokumentasjonen</a><br><span class="portal-meta">Alle stiene mocken svarer på, med statuser og AUTH-koder (maskinlesbar: <a class="ds-link" href="${OPENAPI_PATH}">${OPENAPI_PATH}</a>).</span></span></li>
<li><span>README<br><span class="portal-meta">I pakken <code>${PACKAGE_NAME}</code>: <code>node_modules/${PACKAGE_NAME}/README.md</code> (i kildekoden: <code>README.md</code> og <code>mock-server/README.md</code>).</span></span></li>
</ul>
</section>`
}

/**
 * `GET /`: the front page.
 *
 * @example
 * ```ts
 * route('frontPage', 'GET', 'portal', '/', { handle: publicPage(showFrontPage) })
 * ```
 */
export function showFrontPage(p: PortalRequest): RouteResponse {
  const cast = castOf(p.mock)
  return renderPage(
    p,
    html`<h1 class="ds-heading" data-size="lg">Mock av Altinn systembruker</h1>
<div class="ds-alert" data-color="info" role="note">
<p class="ds-paragraph"><strong>Dette er ikke Altinn.</strong> Det er en lokal mock av Altinns systembrukere (systemtilganger), Maskinporten og Altinn-portalen, for å teste integrasjoner. Den svarer med Altinns egne stier, felt og feilkoder, men alt den vet om er testdata, og ingenting her når Altinn.</p>
</div>
${storySection(cast)}
${castSection(cast)}
${linksSection()}`,
    { title: 'Mock av Altinn systembruker' },
  )
}
