/**
 * Clients of an agent system user (`systemuser/{id}/agentdelegation`): the system user with its clients, and
 * "Legg til klient" with the facilitator's clients whose relationship covers every access package of it.
 *
 * Altinn (reference §5): only a client administrator of the facilitator may do this (checked here for the
 * page and by the core for every change); AUTH-00079 / AUTH-00080 when a client does not qualify.
 */
import { Problems } from 'altinn-systemuser-sdk/contract'
import { isClientAdministrator } from '../core/directory.ts'
import { problem } from '../core/errors.ts'
import { getSystemUserOfOrganisation, listEligibleClients } from '../core/portal-queries.ts'
import type { SystemUserRecord } from '../core/state.ts'
import { addClient, clientsOf, removeClient } from '../core/system-users.ts'
import type { RouteResponse } from '../kit/types.ts'
import { packageTitles, systemName } from './describe.ts'
import { html } from '../kit/html.ts'
import { PORTAL_PATHS } from '../kit/paths.ts'
import { csrfField, messagePage, orgLabel, redirect, renderPage, toChooseActor, type SignedInRequest } from './page-kit.ts'
import { describeProblem, formatOrgNo } from '../kit/format.ts'
import { T } from './texts.ts'

/** The agent system user of the organisation acted for, when the person administers its clients. */
function agentOf(p: SignedInRequest): { user: SystemUserRecord } | { response: RouteResponse } {
  const orgNo = p.session.actingForOrgNo
  if (!orgNo) return { response: toChooseActor(p) }
  const user = getSystemUserOfOrganisation(p.mock, p.ctx.params.id ?? '', orgNo)
  if (user.type !== 'agent') throw problem(Problems.AgentSystemUserExpectedAgentUserType)
  if (!isClientAdministrator(p.mock, p.session.pid, orgNo)) {
    const forbidden = Problems.AgentSystemUserFailedToGetClientsForbidden
    return { response: messagePage(p, forbidden.status, T.refusedTitle, `${describeProblem(forbidden)} (${orgLabel(p.mock, orgNo)})`, forbidden.code) }
  }
  return { user }
}

/**
 * `GET systemuser/{id}/agentdelegation`.
 *
 * @example
 * ```ts
 * route('portalAgentDelegation', 'GET', 'portal', `${UI}/systemuser/{id}/agentdelegation`, { handle: signedInPage(showAgentDelegation) })
 * ```
 */
export function showAgentDelegation(p: SignedInRequest): RouteResponse {
  const found = agentOf(p)
  if ('response' in found) return found.response
  const { user } = found
  const title = user.integrationTitle || systemName(p.mock, user.systemId)
  const clients = clientsOf(p.mock, user.id)
  const addable = listEligibleClients(p.mock, user).filter((c) => !c.added)
  const base = PORTAL_PATHS.agentDelegation(user.id)
  return renderPage(
    p,
    html`<h1 class="ds-heading" data-size="lg">${T.agentDelegationTitle}: ${title}</h1>
<p class="ds-paragraph">${systemName(p.mock, user.systemId)} · ${T.accessPackages}: ${packageTitles(p.mock, user.accessPackages).join(', ')}</p>
<section class="portal-card portal-stack" aria-labelledby="clients-heading">
<h2 class="ds-heading" data-size="md" id="clients-heading">${T.clients}</h2>
${
  clients.length
    ? html`<ul class="portal-list" aria-label="${T.clients}">
${clients.map(
  (c) => html`<li><span>${orgLabel(p.mock, c)}</span>
<form method="post" action="${base}/remove">${csrfField(p.session)}<input type="hidden" name="clientOrgNo" value="${c}">
<button class="ds-button" data-variant="tertiary" data-color="danger" type="submit">${T.remove}<span class="ds-sr-only"> ${orgLabel(p.mock, c)}</span></button></form></li>`,
)}
</ul>`
    : html`<p class="ds-paragraph">${T.noClients}</p>`
}
</section>
<section class="portal-card portal-stack" aria-labelledby="add-heading">
<h2 class="ds-heading" data-size="md" id="add-heading">${T.addClient}</h2>
<p class="ds-paragraph">${T.addClientIntro}</p>
${
  addable.length
    ? html`<ul class="portal-list" aria-label="${T.addClient}">
${addable.map(
  (c) => html`<li><span>${c.organisation.name} <span class="portal-meta">org.nr. ${formatOrgNo(c.organisation.orgNo)}</span></span>
<form method="post" action="${base}/add">${csrfField(p.session)}<input type="hidden" name="clientOrgNo" value="${c.organisation.orgNo}">
<button class="ds-button" data-variant="secondary" type="submit">${T.add}<span class="ds-sr-only"> ${c.organisation.name}</span></button></form></li>`,
)}
</ul>`
    : html`<p class="ds-paragraph">${T.noEligibleClients}</p>`
}
</section>
<p class="ds-paragraph"><a class="ds-link" href="${PORTAL_PATHS.systemUser(user.id)}">${T.backToSystemUser}</a></p>`,
    { title: `${T.agentDelegationTitle}: ${title}` },
  )
}

/**
 * `POST systemuser/{id}/agentdelegation/add` and `.../remove` with `clientOrgNo`: the core's rules decide.
 *
 * @example
 * ```ts
 * route('portalAddClient', 'POST', 'portal', `${UI}/systemuser/{id}/agentdelegation/add`, { form: true, handle: formAction(changeClient('add')) })
 * ```
 */
export function changeClient(action: 'add' | 'remove') {
  return (p: SignedInRequest): RouteResponse => {
    const orgNo = p.session.actingForOrgNo
    if (!orgNo) return toChooseActor(p)
    const user = getSystemUserOfOrganisation(p.mock, p.ctx.params.id ?? '', orgNo)
    const client = p.form.get('clientOrgNo') ?? ''
    if (action === 'add') addClient(p.mock, user.id, client, p.session.pid)
    else removeClient(p.mock, user.id, client, p.session.pid)
    p.session.flash = `${orgLabel(p.mock, client)} ${action === 'add' ? T.clientAdded : T.clientRemoved}`
    return redirect(PORTAL_PATHS.agentDelegation(user.id))
  }
}
