/**
 * Logging in and out, and choosing whom to act for. The login plays ID-porten's TestID: pick a seeded person or
 * type a synthetic person number (only synthetic ones: Tenor's month + 80 with valid check digits).
 *
 * Altinn: after ID-porten the portal asks whom to act for ("Velg aktør"), unless the link says
 * `DONTCHOOSEREPORTEE=true` (reference §4.1); logging out ends the Altinn session.
 */
import { organisationsOfPerson } from '../core/directory.ts'
import { isSyntheticPid } from '../core/identifiers.ts'
import { html } from '../kit/html.ts'
import { PORTAL_PATHS } from '../kit/paths.ts'
import {
  csrfField,
  loggedOutCookies,
  messagePage,
  redirect,
  renderPage,
  safeNext,
  sessionCookies,
  type PortalRequest,
  type SignedInRequest,
} from './page-kit.ts'
import { createSession, endSession, type PortalSession } from './session-store.ts'
import { formatOrgNo } from '../kit/format.ts'
import { T } from './texts.ts'
import type { RouteResponse } from '../kit/types.ts'

function nextField(next: string | undefined) {
  return next ? html`<input type="hidden" name="next" value="${next}">` : ''
}

function loginPage(p: PortalRequest, session: PortalSession, next: string | undefined, error: string | undefined, status: number, cookies: string[]): RouteResponse {
  const people = [...p.mock.store.persons.values()]
  return renderPage(
    p,
    html`<h1 class="ds-heading" data-size="lg">${T.loginTitle}</h1>
<p class="ds-paragraph">${T.loginIntro}</p>
${error ? html`<div class="ds-alert" data-color="danger" role="alert"><p class="ds-paragraph">${error}</p></div>` : ''}
<section class="portal-card" aria-labelledby="people-heading">
<h2 class="ds-heading" data-size="sm" id="people-heading">${T.loginPeople}</h2>
<form method="post" action="${PORTAL_PATHS.login}">
${csrfField(session)}${nextField(next)}
<div class="portal-people">
${people.map((person) => html`<button class="ds-button" data-variant="secondary" type="submit" name="pid" value="${person.pid}">${person.name}</button>`)}
</div>
</form>
</section>
<section class="portal-card" aria-labelledby="pid-heading">
<h2 class="ds-heading" data-size="sm" id="pid-heading">${T.loginPidHeading}</h2>
<form method="post" action="${PORTAL_PATHS.login}">
${csrfField(session)}${nextField(next)}
<div class="ds-field">
<label class="ds-label" for="pid">${T.loginPidLabel}</label>
<p class="ds-paragraph portal-meta" id="pid-help">${T.loginPidHelp}</p>
<input class="ds-input" id="pid" name="pid" type="text" inputmode="numeric" autocomplete="off" maxlength="11" aria-describedby="pid-help">
</div>
<div class="portal-actions"><button class="ds-button" data-variant="primary" type="submit">${T.loginButton}</button></div>
</form>
</section>`,
    { title: T.loginTitle, status, cookies, anonymous: true },
  )
}

/**
 * `GET .../login?next=`: the TestID page, with an anonymous session whose CSRF token the form carries. Like
 * TestID, it always lets you pick a person, also when someone is logged in (logging in replaces the session).
 *
 * @example
 * ```ts
 * route('portalLogin', 'GET', 'portal', PORTAL_PATHS.login, { handle: publicPage(showLogin) })
 * ```
 */
export function showLogin(p: PortalRequest): RouteResponse {
  const next = safeNext(p.query.get('next'))
  if (p.session && !p.session.pid) return loginPage(p, p.session, next, undefined, 200, [])
  const session = createSession(p.mock)
  return loginPage(p, session, next, undefined, 200, sessionCookies(p, session))
}

/**
 * `POST .../login`: a synthetic person number logs in; the anonymous session is replaced by a new one (new id,
 * new CSRF token). A post without the anonymous session's token logs nobody in.
 *
 * @example
 * ```ts
 * route('portalLoginSubmit', 'POST', 'portal', PORTAL_PATHS.login, { form: true, handle: anonymousFormAction(submitLogin) })
 * ```
 */
export function submitLogin(p: PortalRequest): RouteResponse {
  const next = safeNext(p.form.get('next'))
  if (!p.session) {
    const fresh = createSession(p.mock)
    return loginPage(p, fresh, next, T.loginExpired, 403, sessionCookies(p, fresh))
  }
  const pid = (p.form.get('pid') ?? '').replace(/\s+/g, '')
  if (!isSyntheticPid(pid)) {
    const shown = pid.slice(0, 20) || '(tomt)'
    return loginPage(p, p.session, next, `«${shown}» ${T.loginRefused}`, 400, [])
  }
  endSession(p.mock, p.session)
  const session = createSession(p.mock, { pid })
  return redirect(next ?? PORTAL_PATHS.reportee, sessionCookies(p, session))
}

/**
 * `POST .../logout`: end the session.
 *
 * @example
 * ```ts
 * route('portalLogout', 'POST', 'portal', PORTAL_PATHS.logout, { form: true, handle: formAction(submitLogout) })
 * ```
 */
export function submitLogout(p: SignedInRequest): RouteResponse {
  endSession(p.mock, p.session)
  return redirect(PORTAL_PATHS.loggedOut, loggedOutCookies(p))
}

/**
 * `GET .../loggedout`: where a person lands after logging out when there is nowhere else to go.
 *
 * @example
 * ```ts
 * route('portalLoggedOut', 'GET', 'portal', PORTAL_PATHS.loggedOut, { handle: publicPage(showLoggedOut) })
 * ```
 */
export function showLoggedOut(p: PortalRequest): RouteResponse {
  return renderPage(
    p,
    html`<h1 class="ds-heading" data-size="lg">${T.loggedOutTitle}</h1>
<p class="ds-paragraph">${T.loggedOutText}</p>
<p class="ds-paragraph"><a class="ds-link" href="${PORTAL_PATHS.login}">${T.loginAgain}</a></p>`,
    { title: T.loggedOutTitle, anonymous: true },
  )
}

/**
 * `GET .../reportee?next=`: the organisations the person has roles or access packages in.
 *
 * @example
 * ```ts
 * route('portalChooseActor', 'GET', 'portal', PORTAL_PATHS.reportee, { handle: signedInPage(showChooseActor) })
 * ```
 */
export function showChooseActor(p: SignedInRequest): RouteResponse {
  const next = safeNext(p.query.get('next'))
  const orgs = organisationsOfPerson(p.mock, p.session.pid)
  return renderPage(
    p,
    html`<h1 class="ds-heading" data-size="lg">${T.chooseActorTitle}</h1>
${
  orgs.length
    ? html`<p class="ds-paragraph">${T.chooseActorIntro}</p>
<form method="post" action="${PORTAL_PATHS.reportee}">
${csrfField(p.session)}${nextField(next)}
<ul class="portal-list" aria-label="${T.chooseActorTitle}">
${orgs.map(
  (o) => html`<li><span>${o.name} <span class="portal-meta">org.nr. ${formatOrgNo(o.orgNo)}</span></span>
<button class="ds-button" data-variant="${o.orgNo === p.session.actingForOrgNo ? 'primary' : 'secondary'}" type="submit" name="orgNo" value="${o.orgNo}">${T.choose}<span class="ds-sr-only"> ${o.name}</span></button></li>`,
)}
</ul>
</form>`
    : html`<div class="ds-alert" data-color="info" role="status"><p class="ds-paragraph">${T.noActors}</p></div>`
}`,
    { title: T.chooseActorTitle },
  )
}

/**
 * `POST .../reportee`: act for one of the person's organisations, then go on.
 *
 * @example
 * ```ts
 * route('portalChooseActorSubmit', 'POST', 'portal', PORTAL_PATHS.reportee, { form: true, handle: formAction(submitChooseActor) })
 * ```
 */
export function submitChooseActor(p: SignedInRequest): RouteResponse {
  const orgNo = p.form.get('orgNo') ?? ''
  if (!organisationsOfPerson(p.mock, p.session.pid).some((o) => o.orgNo === orgNo))
    return messagePage(p, 403, T.chooseActorTitle, 'Du kan bare representere virksomheter der du har en rolle eller tilgang.')
  p.session.actingForOrgNo = orgNo
  return redirect(safeNext(p.form.get('next')) ?? PORTAL_PATHS.overview)
}
