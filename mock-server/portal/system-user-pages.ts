/**
 * The organisation's system users: the overview (`systemuser/overview`), one system user
 * (`systemuser/{id}`) with its rights, access packages and clients, deleting one, and creating one without a
 * request (`systemuser/create`).
 *
 * Altinn (reference §4.3, §4.4): only access managers delete and create; deleting revokes everything at once
 * (an agent system user loses its client delegations too), so the system's tokens stop working.
 */
import { Problems } from 'altinn-systemuser-sdk/contract'
import { isAccessManager, isClientAdministrator } from '../core/directory.ts'
import { problem, type AnyMockError, type ProblemError } from '../core/errors.ts'
import { getSystemUserOfOrganisation, listPendingRequestsOf, listSystemUsersOfOrganisation, mayViewSystemUsers } from '../core/portal-queries.ts'
import { listVisibleSystems } from '../core/system-register.ts'
import { clientsOf, createSystemUserSelfService, deleteSystemUser } from '../core/system-users.ts'
import type { SystemUserRecord } from '../core/state.ts'
import type { ErrorPage, HandlerContext, RouteResponse } from '../kit/types.ts'
import { accessSections, systemName, vendorName } from './describe.ts'
import { html, type SafeHtml } from '../kit/html.ts'
import { PORTAL_PATHS } from '../kit/paths.ts'
import { csrfField, messagePage, orgLabel, portalRequestOf, problemAlert, redirect, renderPage, showErrorPage, toChooseActor, type SignedInRequest } from './page-kit.ts'
import { requestPagePath } from './request-pages.ts'
import { describeProblem, formatDate, formatOrgNo } from '../kit/format.ts'
import { T } from './texts.ts'

/** The organisation the person acts for, after checking they may see its system users. */
function actingFor(p: SignedInRequest): { orgNo: string } | { response: RouteResponse } {
  const orgNo = p.session.actingForOrgNo
  if (!orgNo) return { response: toChooseActor(p) }
  if (!mayViewSystemUsers(p.mock, p.session.pid, orgNo)) return { response: messagePage(p, 403, T.refusedTitle, `${T.mayNotView} (${orgLabel(p.mock, orgNo)})`) }
  return { orgNo }
}

function userTitle(p: SignedInRequest, u: SystemUserRecord): string {
  return u.integrationTitle || systemName(p.mock, u.systemId)
}

function userList(p: SignedInRequest, users: SystemUserRecord[], empty: string, label: string): SafeHtml {
  if (!users.length) return html`<p class="ds-paragraph">${empty}</p>`
  return html`<ul class="portal-list" aria-label="${label}">
${users.map((u) => {
  const clients = u.type === 'agent' ? clientsOf(p.mock, u.id).length : undefined
  return html`<li><span><a class="ds-link" href="${PORTAL_PATHS.systemUser(u.id)}">${userTitle(p, u)}</a><br>
<span class="portal-meta">${systemName(p.mock, u.systemId)} · ${vendorName(p.mock, u.systemId)}${clients !== undefined ? ` · ${clients} ${clients === 1 ? 'klient' : 'klienter'}` : ''}</span></span></li>`
})}
</ul>`
}

/**
 * `GET systemuser/overview`: standard and agent system users of the organisation acted for, and (for access
 * managers) requests waiting for them.
 *
 * @example
 * ```ts
 * route('portalOverview', 'GET', 'portal', PORTAL_PATHS.overview, { handle: signedInPage(showOverview) })
 * ```
 */
export function showOverview(p: SignedInRequest): RouteResponse {
  const who = actingFor(p)
  if ('response' in who) return who.response
  const { standard, agent } = listSystemUsersOfOrganisation(p.mock, who.orgNo)
  const manager = isAccessManager(p.mock, p.session.pid, who.orgNo)
  const pending = manager ? listPendingRequestsOf(p.mock, who.orgNo) : []
  return renderPage(
    p,
    html`<h1 class="ds-heading" data-size="lg">${T.overviewTitle}</h1>
<p class="ds-paragraph">${orgLabel(p.mock, who.orgNo)}</p>
${manager ? html`<p class="ds-paragraph"><a class="ds-button" data-variant="primary" href="${PORTAL_PATHS.create}">${T.newSystemUser}</a></p>` : ''}
${
  pending.length
    ? html`<section aria-labelledby="pending-heading" class="portal-stack">
<h2 class="ds-heading" data-size="md" id="pending-heading">${T.pendingRequests}</h2>
<ul class="portal-list" aria-label="${T.pendingRequests}">
${pending.map((r) => html`<li><a class="ds-link" href="${requestPagePath(r.kind)}?id=${r.id}">${systemName(p.mock, r.systemId)}</a><span class="portal-meta">${vendorName(p.mock, r.systemId)} · ${formatDate(r.created)}</span></li>`)}
</ul>
</section>`
    : ''
}
<section aria-labelledby="standard-heading" class="portal-stack">
<h2 class="ds-heading" data-size="md" id="standard-heading">${T.standardUsersHeading}</h2>
${userList(p, standard, T.noStandardUsers, T.standardUsers)}
</section>
<section aria-labelledby="agent-heading" class="portal-stack">
<h2 class="ds-heading" data-size="md" id="agent-heading">${T.agentUsers}</h2>
${userList(p, agent, T.noAgentUsers, T.agentUsers)}
</section>`,
    { title: T.overviewTitle },
  )
}

/**
 * `GET systemuser/{id}`: one system user of the organisation acted for (404 AUTH-00015 for another's).
 *
 * @example
 * ```ts
 * route('portalSystemUser', 'GET', 'portal', `${UI}/systemuser/{id}`, { handle: signedInPage(showSystemUser) })
 * ```
 */
export function showSystemUser(p: SignedInRequest): RouteResponse {
  const who = actingFor(p)
  if ('response' in who) return who.response
  const user = getSystemUserOfOrganisation(p.mock, p.ctx.params.id ?? '', who.orgNo)
  const manager = isAccessManager(p.mock, p.session.pid, who.orgNo)
  const clientAdmin = isClientAdministrator(p.mock, p.session.pid, who.orgNo)
  const title = userTitle(p, user)
  return renderPage(
    p,
    html`<h1 class="ds-heading" data-size="lg">${title}</h1>
<div class="portal-card portal-stack">
<dl class="portal-facts">
<dt>${T.system}</dt><dd>${systemName(p.mock, user.systemId)}</dd>
<dt>${T.vendor}</dt><dd>${vendorName(p.mock, user.systemId)}</dd>
<dt>${T.type}</dt><dd>${user.type === 'agent' ? T.typeAgent : T.typeStandard}</dd>
<dt>${T.organisation}</dt><dd>${orgLabel(p.mock, user.reporteeOrgNo)}</dd>
<dt>${T.createdAt}</dt><dd>${formatDate(user.created)}</dd>
</dl>
${accessSections(p.mock, user.rights, user.accessPackages, { showRights: user.type === 'standard' })}
${user.type === 'agent' ? clientSection(p, user, clientAdmin) : ''}
${
  manager
    ? html`<form method="get" action="${PORTAL_PATHS.systemUser(user.id)}/delete">
<div class="portal-actions"><button class="ds-button" data-variant="secondary" data-color="danger" type="submit">${T.deleteSystemUser}</button></div>
</form>`
    : ''
}
</div>
<p class="ds-paragraph"><a class="ds-link" href="${PORTAL_PATHS.overview}">${T.backToOverview}</a></p>`,
    { title },
  )
}

function clientSection(p: SignedInRequest, user: SystemUserRecord, clientAdmin: boolean): SafeHtml {
  const clients = clientsOf(p.mock, user.id)
  return html`<section aria-labelledby="clients-heading">
<h2 class="ds-heading" data-size="sm" id="clients-heading">${T.clients}</h2>
${
  clients.length
    ? html`<ul class="ds-list" aria-label="${T.clients}">${clients.map((c) => html`<li>${orgLabel(p.mock, c)}</li>`)}</ul>`
    : html`<p class="ds-paragraph">${T.noClients}</p>`
}
${clientAdmin ? html`<p class="ds-paragraph"><a class="ds-button" data-variant="secondary" href="${PORTAL_PATHS.agentDelegation(user.id)}">${T.manageClients}</a></p>` : ''}
</section>`
}

/**
 * `GET systemuser/{id}/delete`: the confirmation step before deleting, with its own form (CSRF token of the session).
 * Works without JavaScript. Only access managers of the owner get the form (AUTH-00024 otherwise, as the delete would).
 *
 * @example
 * ```ts
 * route('portalDeleteSystemUserConfirm', 'GET', 'portal', `${UI}/systemuser/{id}/delete`, { handle: signedInPage(showDeleteConfirm) })
 * ```
 */
export function showDeleteConfirm(p: SignedInRequest): RouteResponse {
  const who = actingFor(p)
  if ('response' in who) return who.response
  const user = getSystemUserOfOrganisation(p.mock, p.ctx.params.id ?? '', who.orgNo)
  if (!isAccessManager(p.mock, p.session.pid, who.orgNo)) {
    const refused = Problems.DeleteSystemUserNotOwned
    return messagePage(p, refused.status, T.refusedTitle, describeProblem(refused), refused.code)
  }
  const title = userTitle(p, user)
  const clients = user.type === 'agent' ? clientsOf(p.mock, user.id).length : 0
  return renderPage(
    p,
    html`<h1 class="ds-heading" data-size="lg">${T.deleteConfirmTitle}</h1>
<div class="portal-card portal-stack">
<div class="ds-alert" data-color="warning" role="status">
<p class="ds-paragraph">${T.deleteConfirmText(title, orgLabel(p.mock, user.reporteeOrgNo))}</p>
${clients ? html`<p class="ds-paragraph">${T.deleteConfirmClients(clients)}</p>` : ''}
</div>
<dl class="portal-facts">
<dt>${T.system}</dt><dd>${systemName(p.mock, user.systemId)}</dd>
<dt>${T.vendor}</dt><dd>${vendorName(p.mock, user.systemId)}</dd>
<dt>${T.organisation}</dt><dd>${orgLabel(p.mock, user.reporteeOrgNo)}</dd>
</dl>
<form method="post" action="${PORTAL_PATHS.systemUser(user.id)}/delete">${csrfField(p.session)}
<div class="portal-actions"><button class="ds-button" data-variant="primary" data-color="danger" type="submit">${T.deleteSystemUser}</button>
<a class="ds-link" href="${PORTAL_PATHS.systemUser(user.id)}">${T.cancel}</a></div>
</form>
</div>`,
    { title: T.deleteConfirmTitle },
  )
}

/**
 * `POST systemuser/{id}/delete`: the core checks that the person is an access manager of the owner (AUTH-00024)
 * and removes the system user, its request and (agent) its clients.
 *
 * @example
 * ```ts
 * route('portalDeleteSystemUser', 'POST', 'portal', `${UI}/systemuser/{id}/delete`, { form: true, handle: formAction(submitDelete) })
 * ```
 */
export function submitDelete(p: SignedInRequest): RouteResponse {
  const orgNo = p.session.actingForOrgNo
  if (!orgNo) return toChooseActor(p)
  const user = getSystemUserOfOrganisation(p.mock, p.ctx.params.id ?? '', orgNo)
  deleteSystemUser(p.mock, user.id, p.session.pid)
  p.session.flash = T.deleted
  return redirect(PORTAL_PATHS.overview)
}

function visibleSystem(p: SignedInRequest, systemId: string) {
  const system = listVisibleSystems(p.mock).find((s) => s.systemId === systemId)
  if (!system) throw problem(Problems.SystemIdNotFound)
  return system
}

function requireManager(p: SignedInRequest, orgNo: string): RouteResponse | undefined {
  if (isAccessManager(p.mock, p.session.pid, orgNo)) return undefined
  return messagePage(p, 403, T.refusedTitle, `Bare tilgangsstyrere kan opprette systemtilganger for ${orgLabel(p.mock, orgNo)}.`, Problems.RequestUserIsNotAccessManager.code)
}

function confirmCreatePage(p: SignedInRequest, orgNo: string, systemId: string, error?: ProblemError): RouteResponse {
  const system = visibleSystem(p, systemId)
  const name = system.name.nb || system.systemId
  return renderPage(
    p,
    html`<h1 class="ds-heading" data-size="lg">${T.confirmCreateTitle}</h1>
${error ? problemAlert(error) : ''}
<div class="portal-card portal-stack">
<p class="ds-paragraph">Gjennom systemtilgangen vil <strong>${name}</strong> kunne løse oppgaver på vegne av ${orgLabel(p.mock, orgNo)}.</p>
<dl class="portal-facts">
<dt>${T.vendor}</dt><dd>${vendorName(p.mock, system.systemId)}</dd>
<dt>${T.system}</dt><dd>${name}</dd>
</dl>
${accessSections(p.mock, system.rights, system.accessPackages, { showRights: true })}
<form method="post" action="${PORTAL_PATHS.create}">${csrfField(p.session)}<input type="hidden" name="systemId" value="${system.systemId}">
<div class="portal-actions"><button class="ds-button" data-variant="primary" type="submit">${T.createButton}</button>
<a class="ds-link" href="${PORTAL_PATHS.create}">Velg et annet system</a></div>
</form>
</div>`,
    { title: T.confirmCreateTitle, ...(error ? { status: error.descriptor.status } : {}) },
  )
}

/**
 * `GET systemuser/create[?systemId=]`: choose a visible system, then see what it gets and confirm.
 *
 * @example
 * ```ts
 * route('portalCreate', 'GET', 'portal', PORTAL_PATHS.create, { handle: signedInPage(showCreate) })
 * ```
 */
export function showCreate(p: SignedInRequest): RouteResponse {
  const who = actingFor(p)
  if ('response' in who) return who.response
  const refused = requireManager(p, who.orgNo)
  if (refused) return refused
  const chosen = p.query.get('systemId')
  if (chosen) return confirmCreatePage(p, who.orgNo, chosen)
  const systems = listVisibleSystems(p.mock)
  return renderPage(
    p,
    html`<h1 class="ds-heading" data-size="lg">${T.createTitle}</h1>
<p class="ds-paragraph">${T.createIntro}</p>
${
  systems.length
    ? html`<form method="get" action="${PORTAL_PATHS.create}" class="portal-card">
<fieldset class="ds-fieldset">
<legend class="ds-label">${T.chooseSystem}</legend>
${systems.map(
  (s, i) => html`<div class="ds-field portal-radio"><input class="ds-input" type="radio" name="systemId" id="system-${i}" value="${s.systemId}"${i === 0 ? html` checked` : ''}>
<label class="ds-label" for="system-${i}">${s.name.nb || s.systemId} <span class="portal-meta">(${vendorName(p.mock, s.systemId)}, org.nr. ${formatOrgNo(s.systemVendorOrgNumber)})</span></label></div>`,
)}
</fieldset>
<div class="portal-actions"><button class="ds-button" data-variant="primary" type="submit">${T.next}</button></div>
</form>`
    : html`<p class="ds-paragraph">${T.noSystems}</p>`
}`,
    { title: T.createTitle },
  )
}

/**
 * `POST systemuser/create` with `systemId`: every right and package of the system delegated (core); a refusal is
 * shown by {@link showCreateRefused}.
 *
 * @example
 * ```ts
 * route('portalCreatePost', 'POST', 'portal', PORTAL_PATHS.create, { form: true, errorPage: showCreateRefused, handle: formAction(submitCreate) })
 * ```
 */
export function submitCreate(p: SignedInRequest): RouteResponse {
  const orgNo = p.session.actingForOrgNo
  if (!orgNo) return toChooseActor(p)
  const user = createSystemUserSelfService(p.mock, p.session.pid, orgNo, p.form.get('systemId') ?? '')
  p.session.flash = T.created
  return redirect(PORTAL_PATHS.systemUser(user.id))
}

/**
 * The create form's error page: AUTH-00004 (the organisation has a system user of this system already) on the
 * confirm page the form came from, with the alert above it; any other refusal as the portal's error page. AUTH-00004
 * comes only after the system was found visible, so the confirm page can show it.
 *
 * @example
 * ```ts
 * route('portalCreateSubmit', 'POST', 'portal', PORTAL_PATHS.create, { form: true, errorPage: showCreateRefused, handle: formAction(submitCreate) })
 * ```
 */
export function showCreateRefused(ctx: HandlerContext<any>, page: ErrorPage, error: AnyMockError): RouteResponse {
  const p = portalRequestOf(ctx)
  const orgNo = p.session?.actingForOrgNo
  if (error.kind === 'problem' && error.descriptor.code === Problems.SystemUserAlreadyExists.code && p.session?.pid && orgNo)
    return confirmCreatePage(p as SignedInRequest, orgNo, p.form.get('systemId') ?? '', error)
  return showErrorPage(ctx, page)
}
