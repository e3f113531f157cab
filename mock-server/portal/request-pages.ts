/**
 * The approval pages at `confirmUrl`: `systemuser/request?id=` (standard) and `systemuser/agentrequest?id=`
 * (agent), and the decisions posted from them.
 *
 * Altinn (reference §4.1, §4.2): the page shows the vendor's system, the organisation, the rights and access
 * packages, and "Godkjenn" / "Avvis" to an access manager; a person related to the organisation who may not
 * approve can forward the request to its access managers (escalate); anyone else gets 403 AUTH-00066. After
 * either decision the person is logged out and sent to the request's `redirectUrl` exactly as stored, with no
 * parameters added; with none, to the logged-out page.
 */
import { Problems } from 'altinn-systemuser-sdk/contract'
import { decideInPortal } from '../core/portal-decisions.ts'
import { getRequestOfKind, standingOf } from '../core/portal-queries.ts'
import { decisionRightsOf } from '../core/requests.ts'
import type { RequestKind, RequestRecord } from '../core/state.ts'
import type { RouteResponse } from '../kit/types.ts'
import { accessSections, systemName, vendorName } from './describe.ts'
import { html, type SafeHtml } from '../kit/html.ts'
import { PORTAL_PATHS } from '../kit/paths.ts'
import { csrfField, loggedOutCookies, messagePage, orgLabel, redirect, renderPage, toChooseActor, type SignedInRequest } from './page-kit.ts'
import { endSession } from './session-store.ts'
import { describeProblem } from '../kit/format.ts'
import { T } from './texts.ts'

/**
 * The page path of a kind of request.
 *
 * @example
 * ```ts
 * requestPagePath('agent') // '/accessmanagement/ui/systemuser/agentrequest'
 * ```
 */
export function requestPagePath(kind: RequestKind): string {
  return kind === 'agent' ? PORTAL_PATHS.agentRequest : PORTAL_PATHS.request
}

/**
 * The stored redirect URL as a `Location` value. A URL as vendors write it goes out unchanged; only characters
 * a header cannot carry (controls, spaces, non-ASCII) are percent-encoded, as a browser would do on following it.
 *
 * @example
 * ```ts
 * toLocationHeader('https://smartcloud.example/receipt?navn=Ål') // 'https://smartcloud.example/receipt?navn=%C3%85l'
 * ```
 */
export function toLocationHeader(url: string): string {
  let out = ''
  for (const ch of url.replace(/[\t\n\r]/g, '')) {
    const code = ch.codePointAt(0)!
    out += code > 0x20 && code < 0x7f ? ch : [...Buffer.from(ch, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('')
  }
  return out
}

/**
 * The origin of the vendor's redirect URL, when it is one a CSP `form-action` can name safely.
 *
 * @example
 * ```ts
 * redirectOrigin('https://smartcloud.example/receipt?x=1') // 'https://smartcloud.example'
 * ```
 */
export function redirectOrigin(url: string | undefined): string | undefined {
  if (!url) return undefined
  try {
    const origin = new URL(url).origin
    return /^https?:\/\/(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i.test(origin) ? origin : undefined
  } catch {
    return undefined
  }
}

function standingAlert(standing: ReturnType<typeof standingOf>): SafeHtml {
  const message =
    standing === 'accepted' ? T.alreadyAccepted : standing === 'rejected' ? T.alreadyRejected : standing === 'denied' ? T.alreadyDenied : T.expired
  return html`<div class="ds-alert" data-color="info" role="status"><p class="ds-paragraph">${message}</p></div>`
}

function decisionForms(p: SignedInRequest, kind: RequestKind, request: RequestRecord, skipLogout: boolean): SafeHtml {
  const path = requestPagePath(kind)
  // Altinn's BFF posts to `request/{partyId}/{requestId}/approve`: the party travels with the decision.
  const fields = html`${csrfField(p.session)}<input type="hidden" name="id" value="${request.id}"><input type="hidden" name="party" value="${request.partyOrgNo}">${skipLogout ? html`<input type="hidden" name="skiplogout" value="true">` : ''}`
  return html`<div class="portal-actions">
<form method="post" action="${path}/approve">${fields}<button class="ds-button" data-variant="primary" type="submit">${T.approve}</button></form>
<form method="post" action="${path}/reject">${fields}<button class="ds-button" data-variant="secondary" type="submit">${T.reject}</button></form>
</div>`
}

function escalationPart(p: SignedInRequest, kind: RequestKind, request: RequestRecord): SafeHtml {
  const party = orgLabel(p.mock, request.partyOrgNo)
  if (request.escalated) return html`<div class="ds-alert" data-color="success" role="status"><p class="ds-paragraph">${T.escalated}</p></div>`
  return html`<div class="ds-alert" data-color="warning" role="status">
<p class="ds-paragraph">${describeProblem(Problems.RequestUserIsNotAccessManager)} Du er ikke tilgangsstyrer i ${party}. Du kan sende forespørselen videre til tilgangsstyrerne, som kan godkjenne eller avvise den.</p>
<p class="ds-paragraph">${T.errorCode}: <strong>${Problems.RequestUserIsNotAccessManager.code}</strong></p>
</div>
<form method="post" action="${requestPagePath(kind)}/escalate">${csrfField(p.session)}<input type="hidden" name="id" value="${request.id}"><input type="hidden" name="party" value="${request.partyOrgNo}">
<div class="portal-actions"><button class="ds-button" data-variant="primary" type="submit">${T.escalateButton}</button></div>
</form>`
}

/**
 * `GET systemuser/request?id=` and `GET systemuser/agentrequest?id=`.
 *
 * @example
 * ```ts
 * route('portalRequest', 'GET', 'portal', PORTAL_PATHS.request, { handle: signedInPage(showRequest('standard')) })
 * ```
 */
export function showRequest(kind: RequestKind) {
  return (p: SignedInRequest): RouteResponse => {
    const request = getRequestOfKind(p.mock, p.query.get('id') ?? '', kind)
    const rights = decisionRightsOf(p.mock, request, p.session.pid)
    // Altinn: no relation at all answers 403 AUTH-00066, and the page shows nothing of the request.
    if (rights === 'none') return messagePage(p, 403, T.refusedTitle, T.refusedText, Problems.RequestUserIsNotAccessManager.code)
    if (p.query.get('DONTCHOOSEREPORTEE')?.toLowerCase() === 'true') p.session.actingForOrgNo = request.partyOrgNo
    else if (!p.session.actingForOrgNo) return toChooseActor(p)
    else if (p.session.actingForOrgNo !== request.partyOrgNo) {
      const mismatch = kind === 'agent' ? Problems.PartyIdAgentRequestMismatch : Problems.PartyIdRequestMismatch
      return messagePage(
        p,
        mismatch.status,
        T.wrongActorTitle,
        `${describeProblem(mismatch)} Forespørselen gjelder ${orgLabel(p.mock, request.partyOrgNo)}.`,
        mismatch.code,
        html`<p class="ds-paragraph"><a class="ds-link" href="${PORTAL_PATHS.reportee}?next=${encodeURIComponent(p.here)}">${T.changeActor}</a></p>`,
      )
    }

    const system = systemName(p.mock, request.systemId)
    const party = orgLabel(p.mock, request.partyOrgNo)
    const standing = standingOf(p.mock, request)
    const title = kind === 'agent' ? T.agentRequestTitle : `${system} ${T.requestTitleSuffix}`
    const skipLogout = p.query.get('skiplogout')?.toLowerCase() === 'true'
    const origin = redirectOrigin(request.redirectUrl)
    return renderPage(
      p,
      html`<h1 class="ds-heading" data-size="lg">${kind === 'agent' ? T.agentRequestTitle : html`<strong>${system}</strong> ${T.requestTitleSuffix}`}</h1>
<div class="portal-card portal-stack">
<p class="ds-paragraph">${
        kind === 'agent'
          ? html`<strong>${system}</strong> ønsker tilgang til å løse oppgaver for klientene til ${party}. Etter at du har godkjent, velger du hvilke klienter systemet skal få tilgang til.`
          : html`Gjennom systemtilgangen vil <strong>${system}</strong> kunne løse oppgaver på vegne av ${party}.`
      }</p>
<dl class="portal-facts">
<dt>${T.vendor}</dt><dd>${vendorName(p.mock, request.systemId)}</dd>
<dt>${T.system}</dt><dd>${system}</dd>
<dt>${T.integrationTitle}</dt><dd>${request.integrationTitle}</dd>
<dt>${T.organisation}</dt><dd>${party}</dd>
</dl>
${accessSections(p.mock, request.rights, request.accessPackages, { showRights: kind === 'standard' })}
${
  standing !== 'open'
    ? standingAlert(standing)
    : rights === 'escalate'
      ? escalationPart(p, kind, request)
      : html`${request.escalated ? html`<div class="ds-alert" data-color="info" role="status"><p class="ds-paragraph">${T.escalatedForManager}</p></div>` : ''}${decisionForms(p, kind, request, skipLogout)}`
}
</div>`,
      { title, formActionOrigins: origin ? [origin] : [] },
    )
  }
}

/**
 * `POST systemuser/{request|agentrequest}/{approve|reject|escalate}` with `id`, `party` and the CSRF token. Every
 * rule is the core's: who may decide, the party, the status.
 *
 * @example
 * ```ts
 * route('portalApprove', 'POST', 'portal', `${PORTAL_PATHS.request}/approve`, { form: true, handle: formAction(decide('standard', 'approve')) })
 * ```
 */
export function decide(kind: RequestKind, action: 'approve' | 'reject' | 'escalate') {
  return (p: SignedInRequest): RouteResponse => {
    // The party the page was shown for (as in Altinn's approve path), else the one the session acts for; the
    // core answers a party that is not the request's with AUTH-00041 / AUTH-00042 and checks the person's rights.
    const actingForOrgNo = p.form.get('party') || p.session.actingForOrgNo
    const request = decideInPortal(p.mock, kind, p.form.get('id') ?? '', action, { pid: p.session.pid, actingForOrgNo })
    if (action === 'escalate') return redirect(`${requestPagePath(kind)}?id=${encodeURIComponent(request.id)}`)
    if (p.form.get('skiplogout') === 'true') {
      p.session.flash = action === 'approve' ? 'Forespørselen er godkjent.' : 'Forespørselen er avvist.'
      return redirect(PORTAL_PATHS.overview)
    }
    // Altinn: logged out in both redirect cases; the redirect URL goes out verbatim, with nothing appended.
    endSession(p.mock, p.session)
    return redirect(request.redirectUrl ? toLocationHeader(request.redirectUrl) : PORTAL_PATHS.loggedOut, loggedOutCookies(p))
  }
}
