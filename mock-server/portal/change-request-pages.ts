/**
 * The change-request page at `confirmUrl` (`systemuser/changerequest?id=`) and the decisions posted from it.
 *
 * Altinn (reference §4.1, §10; the access-management frontend's SystemUserChangeRequestPage and
 * ChangeRequestSystemUserService): the page shows the vendor's system, the organisation, and what would be added
 * and removed, with "Godkjenn oppdatert systemtilgang" / "Avvis" for an access manager of the system user's owner;
 * anyone else gets 403 AUTH-00066 (there is no forwarding of change requests). After either decision the person is
 * logged out and sent to the stored `redirectUrl` exactly as it is, with nothing appended; with none, to the
 * logged-out page.
 */
import { Problems, type AccessPackage, type Right } from 'altinn-systemuser-sdk/contract'
import { getChangeRequestForPortal } from '../core/change-requests.ts'
import { decideChangeInPortal } from '../core/portal-decisions.ts'
import { standingOf } from '../core/portal-queries.ts'
import { decisionRightsOf } from '../core/requests.ts'
import type { ChangeRequest } from '../core/state.ts'
import type { RouteResponse } from '../kit/types.ts'
import { packageTitles, rightTitles, systemName, vendorName } from './describe.ts'
import { html, type SafeHtml } from '../kit/html.ts'
import { PORTAL_PATHS } from '../kit/paths.ts'
import { csrfField, loggedOutCookies, messagePage, orgLabel, redirect, renderPage, toChooseActor, type SignedInRequest } from './page-kit.ts'
import { redirectOrigin, toLocationHeader } from './request-pages.ts'
import { endSession } from './session-store.ts'
import { describeProblem } from '../kit/format.ts'
import { T } from './texts.ts'

const PAGE = PORTAL_PATHS.changeRequest

/**
 * One "will be added / removed" list, headed as Altinn heads it (singular or plural), as a region named by its
 * heading; nothing when empty.
 */
function changeList(id: string, titles: string[], one: string, many: string): SafeHtml | string {
  if (!titles.length) return ''
  return html`<section class="portal-stack" aria-labelledby="${id}">
<h3 class="ds-heading" data-size="xs" id="${id}">${titles.length === 1 ? one : many}</h3>
<ul class="ds-list">${titles.map((t) => html`<li>${t}</li>`)}</ul>
</section>`
}

/** What the change does, in Altinn's order: packages added, packages removed, rights added, rights removed. */
function changeSections(p: SignedInRequest, r: { requiredRights: Right[]; unwantedRights: Right[]; requiredAccessPackages: AccessPackage[]; unwantedAccessPackages: AccessPackage[] }): SafeHtml {
  return html`<section aria-labelledby="change-heading" class="portal-stack">
<h2 class="ds-heading" data-size="sm" id="change-heading">${T.changeRequestListHeader}</h2>
${changeList('packages-added', packageTitles(p.mock, r.requiredAccessPackages), T.changeAddPackage, T.changeAddPackages)}
${changeList('packages-removed', packageTitles(p.mock, r.unwantedAccessPackages), T.changeRemovePackage, T.changeRemovePackages)}
${changeList('rights-added', rightTitles(p.mock, r.requiredRights), T.changeAddRight, T.changeAddRights)}
${changeList('rights-removed', rightTitles(p.mock, r.unwantedRights), T.changeRemoveRight, T.changeRemoveRights)}
</section>`
}

function standingAlert(standing: ReturnType<typeof standingOf>): SafeHtml {
  const message = standing === 'accepted' ? T.changeAccepted : standing === 'rejected' ? T.changeRejected : standing === 'denied' ? T.alreadyDenied : T.changeExpired
  return html`<div class="ds-alert" data-color="info" role="status"><p class="ds-paragraph">${message}</p></div>`
}

function decisionForms(p: SignedInRequest, request: ChangeRequest, skipLogout: boolean): SafeHtml {
  // Altinn's BFF posts to `changerequest/{partyId}/{id}/approve`: the party travels with the decision.
  const fields = html`${csrfField(p.session)}<input type="hidden" name="id" value="${request.id}"><input type="hidden" name="party" value="${request.partyOrgNo}">${skipLogout ? html`<input type="hidden" name="skiplogout" value="true">` : ''}`
  return html`<div class="portal-actions">
<form method="post" action="${PAGE}/approve">${fields}<button class="ds-button" data-variant="primary" type="submit">${T.changeApprove}</button></form>
<form method="post" action="${PAGE}/reject">${fields}<button class="ds-button" data-variant="tertiary" type="submit">${T.reject}</button></form>
</div>`
}

/**
 * `GET systemuser/changerequest?id=`.
 *
 * @example
 * ```ts
 * route('portalChangeRequest', 'GET', 'portal', PORTAL_PATHS.changeRequest, { handle: signedInPage(showChangeRequest) })
 * ```
 */
export function showChangeRequest(p: SignedInRequest): RouteResponse {
  const request = getChangeRequestForPortal(p.mock, p.query.get('id') ?? '')
  // Altinn's BFF read answers AUTH-00066 unless the person may manage access for the owner, and shows nothing.
  if (decisionRightsOf(p.mock, request, p.session.pid) !== 'decide') return messagePage(p, 403, T.refusedTitle, describeProblem(Problems.RequestUserIsNotAccessManager), Problems.RequestUserIsNotAccessManager.code)
  if (p.query.get('DONTCHOOSEREPORTEE')?.toLowerCase() === 'true') p.session.actingForOrgNo = request.partyOrgNo
  else if (!p.session.actingForOrgNo) return toChooseActor(p)
  else if (p.session.actingForOrgNo !== request.partyOrgNo) {
    return messagePage(
      p,
      Problems.PartyIdRequestMismatch.status,
      T.wrongActorTitle,
      `${describeProblem(Problems.PartyIdRequestMismatch)} Forespørselen gjelder ${orgLabel(p.mock, request.partyOrgNo)}.`,
      Problems.PartyIdRequestMismatch.code,
      html`<p class="ds-paragraph"><a class="ds-link" href="${PORTAL_PATHS.reportee}?next=${encodeURIComponent(p.here)}">${T.changeActor}</a></p>`,
    )
  }

  const system = systemName(p.mock, request.systemId)
  const party = orgLabel(p.mock, request.partyOrgNo)
  const standing = standingOf(p.mock, request)
  const skipLogout = p.query.get('skiplogout')?.toLowerCase() === 'true'
  const origin = redirectOrigin(request.redirectUrl)
  const user = p.mock.store.systemUsers.get(request.systemUserId)
  return renderPage(
    p,
    html`<h1 class="ds-heading" data-size="lg"><strong>${system}</strong> ${T.changeRequestHeadingSuffix}</h1>
<div class="portal-card portal-stack">
<p class="ds-paragraph">Gjennom systemtilgangen vil <strong>${system}</strong> kunne løse oppgaver på vegne av ${party}.</p>
<dl class="portal-facts">
<dt>${T.vendor}</dt><dd>${vendorName(p.mock, request.systemId)}</dd>
<dt>${T.system}</dt><dd>${system}</dd>
${user ? html`<dt>${T.integrationTitle}</dt><dd>${user.integrationTitle}</dd>` : ''}
<dt>${T.organisation}</dt><dd>${party}</dd>
</dl>
${changeSections(p, request)}
${standing !== 'open' ? standingAlert(standing) : decisionForms(p, request, skipLogout)}
</div>`,
    { title: T.changeRequestTitle, formActionOrigins: origin ? [origin] : [] },
  )
}

/**
 * `POST systemuser/changerequest/{approve|reject}` with `id`, `party` and the CSRF token. Every rule is the core's:
 * who may decide, the party, the status.
 *
 * @example
 * ```ts
 * route('portalChangeRequestApprove', 'POST', 'portal', `${PORTAL_PATHS.changeRequest}/approve`, { form: true, handle: formAction(decideChange('approve')) })
 * ```
 */
export function decideChange(action: 'approve' | 'reject') {
  return (p: SignedInRequest): RouteResponse => {
    const actingForOrgNo = p.form.get('party') || p.session.actingForOrgNo
    const request = decideChangeInPortal(p.mock, p.form.get('id') ?? '', action, { pid: p.session.pid, actingForOrgNo })
    if (p.form.get('skiplogout') === 'true') {
      p.session.flash = action === 'approve' ? T.changeApprovedFlash : T.changeRejectedFlash
      return redirect(PORTAL_PATHS.overview)
    }
    // Altinn: logged out in both redirect cases (cookie key `SystemuserChangeRequestId`); the redirect URL goes
    // out verbatim, with nothing appended.
    endSession(p.mock, p.session)
    return redirect(request.redirectUrl ? toLocationHeader(request.redirectUrl) : PORTAL_PATHS.loggedOut, loggedOutCookies(p))
  }
}
