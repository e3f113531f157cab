/**
 * The portal pages (`/accessmanagement/ui/...`): login, approval, overview, client delegation, self-service.
 * Server-rendered HTML from `mock-server/portal/`; every page and form checks the session, the CSRF token and
 * the person's rights on the server.
 */
import { Problems } from 'altinn-systemuser-sdk/contract'
import { ASSET_BASE, FONT_BASE, PORTAL_PATHS, UI } from '../kit/paths.ts'
import { changeClient, showAgentDelegation } from './agent-delegation-pages.ts'
import { decideChange, showChangeRequest } from './change-request-pages.ts'
import { getAsset, getFont } from './assets.ts'
import { showFrontPage } from './front-page.ts'
import { showChooseActor, showLoggedOut, showLogin, submitChooseActor, submitLogin, submitLogout } from './login-pages.ts'
import { anonymousFormAction, formAction, publicPage, redirect, showErrorPage, showNotFound, signedInPage } from './page-kit.ts'
import { decide, showRequest } from './request-pages.ts'
import { showCreate, showCreateRefused, showDeleteConfirm, showOverview, showSystemUser, submitCreate, submitDelete } from './system-user-pages.ts'
import { answer, route } from '../kit/define.ts'
import { httpProblem, text } from '../kit/responses.ts'
import type { RouteDef, RouteProblem } from '../kit/types.ts'

// What each page and form can answer besides success, for the API description: problems show as pages with their
// AUTH code, with the problem's status.
const csrf = answer(403, 'The form carries no valid CSRF token of the session; nothing changed.', 'html')
const mayNotView = answer(403, 'The person may not see the system users of the organisation they act for.', 'html')
const requestPage = [Problems.RequestNotFound, Problems.RequestUserIsNotAccessManager]
const decisionRules = [
  Problems.PartyIdRequestMismatch,
  Problems.ReporteeOrgNoNotFound,
  Problems.RequestUserIsNotAccessManager,
  Problems.RequestStatusNotNew,
  Problems.SystemUserAlreadyExists,
  Problems.SystemIdNotFound,
  Problems.SystemNameNotFound,
  Problems.RightsNotFoundOrNotDelegable,
  Problems.AccessPackageNotFound,
  Problems.DelegationRightResourceIsMaskinPortenSchema,
  Problems.AccessPackageDelegationMissingRequiredAccess,
]
const decisionProblems: Record<'standard' | 'agent', readonly RouteProblem[]> = {
  standard: [csrf, Problems.RequestNotFound, Problems.AccessPackageNotDelegableStandard, ...decisionRules],
  agent: [csrf, Problems.AgentRequestNotFound, Problems.NotAnAgentRequest, Problems.PartyIdAgentRequestMismatch, Problems.AccessPackageNotDelegableAgent, ...decisionRules],
}
const changeDecision = [csrf, ...decisionRules, Problems.SystemUserNotFound, Problems.AccessPackageNotDelegableStandard]
const systemUserPage = [mayNotView, Problems.SystemUserNotFound]
const clientRules = [
  csrf,
  ...systemUserPage,
  Problems.AgentSystemUserExpectedAgentUserType,
  Problems.AgentSystemUserFailedToGetClientsForbidden,
  Problems.AccessPackageNotFound,
  Problems.AgentSystemUserClientNotFound,
  Problems.AgentSystemUserClientMissingAccessPackages,
  Problems.AgentSystemUserDelegationNotFound,
]

const decisions = (['standard', 'agent'] as const).flatMap((kind) =>
  (['approve', 'reject', 'escalate'] as const).map((action) =>
    route(`portal${kind === 'agent' ? 'Agent' : ''}${action[0]!.toUpperCase()}${action.slice(1)}`, 'POST', 'portal', `${kind === 'agent' ? PORTAL_PATHS.agentRequest : PORTAL_PATHS.request}/${action}`, {
      form: true,
      problems: decisionProblems[kind],
      handle: formAction(decide(kind, action)),
    }),
  ),
)

const pages: RouteDef<any>[] = [
  // The mock's own front page (not Altinn's): what this is, the two stories to start, the personas, the links.
  route('frontPage', 'GET', 'portal', '/', { handle: publicPage(showFrontPage) }),
  route('portalHome', 'GET', 'portal', UI, { handle: () => redirect(PORTAL_PATHS.overview) }),
  route('portalAsset', 'GET', 'portal', `${ASSET_BASE}/{name}`, {
    problems: [answer(404, 'No style sheet of this name.')],
    handle: ({ params }) => {
      const asset = getAsset(params.name ?? '')
      if (!asset) return httpProblem(404, 'Not Found', 'No such asset.')
      const res = text(200, String(asset.body), asset.contentType)
      return { ...res, headers: { ...res.headers, 'cache-control': 'public, max-age=3600', 'x-content-type-options': 'nosniff' } }
    },
  }),
  route('portalFont', 'GET', 'portal', `${FONT_BASE}/{name}`, {
    problems: [answer(404, 'No font file of this name.')],
    handle: ({ params }) => {
      const font = getFont(params.name ?? '')
      if (!font) return httpProblem(404, 'Not Found', 'No such font file.')
      // The files of one version of the package never change.
      return { status: 200, headers: { 'content-type': font.contentType, 'cache-control': 'public, max-age=86400', 'x-content-type-options': 'nosniff' }, bytes: font.body as Uint8Array<ArrayBuffer> }
    },
  }),
  // Any other page under the portal's path: a page in the portal's look, not the API's JSON 404.
  route('portalNotFound', 'GET', 'portal', `${UI}/{path}`, { rest: true, problems: [answer(404, 'No portal page at this path.', 'html')], handle: publicPage(showNotFound) }),
  route('portalLogin', 'GET', 'portal', PORTAL_PATHS.login, { handle: publicPage(showLogin) }),
  route('portalLoginSubmit', 'POST', 'portal', PORTAL_PATHS.login, {
    form: true,
    problems: [answer(400, 'Not a synthetic person number: the login page again, with the reason.', 'html'), answer(403, 'The login form has expired (no CSRF token of the session): a fresh login page.', 'html')],
    handle: anonymousFormAction(submitLogin) }),
  route('portalLogout', 'POST', 'portal', PORTAL_PATHS.logout, { form: true, problems: [csrf], handle: formAction(submitLogout) }),
  route('portalLoggedOut', 'GET', 'portal', PORTAL_PATHS.loggedOut, { handle: publicPage(showLoggedOut) }),
  route('portalChooseActor', 'GET', 'portal', PORTAL_PATHS.reportee, { handle: signedInPage(showChooseActor) }),
  route('portalChooseActorSubmit', 'POST', 'portal', PORTAL_PATHS.reportee, {
    form: true,
    problems: [csrf, answer(403, 'The person has no role or access in that organisation.', 'html')],
    handle: formAction(submitChooseActor) }),
  route('portalRequest', 'GET', 'portal', PORTAL_PATHS.request, { problems: [...requestPage, Problems.PartyIdRequestMismatch], handle: signedInPage(showRequest('standard')) }),
  route('portalAgentRequest', 'GET', 'portal', PORTAL_PATHS.agentRequest, {
    problems: [Problems.AgentRequestNotFound, Problems.NotAnAgentRequest, Problems.RequestUserIsNotAccessManager, Problems.PartyIdAgentRequestMismatch],
    handle: signedInPage(showRequest('agent')) }),
  ...decisions,
  route('portalChangeRequest', 'GET', 'portal', PORTAL_PATHS.changeRequest, { problems: [...requestPage, Problems.PartyIdRequestMismatch], handle: signedInPage(showChangeRequest) }),
  route('portalChangeRequestApprove', 'POST', 'portal', `${PORTAL_PATHS.changeRequest}/approve`, { form: true, problems: changeDecision, handle: formAction(decideChange('approve')) }),
  route('portalChangeRequestReject', 'POST', 'portal', `${PORTAL_PATHS.changeRequest}/reject`, { form: true, problems: changeDecision, handle: formAction(decideChange('reject')) }),
  route('portalOverview', 'GET', 'portal', PORTAL_PATHS.overview, { problems: [mayNotView], handle: signedInPage(showOverview) }),
  route('portalCreate', 'GET', 'portal', PORTAL_PATHS.create, { problems: [mayNotView, Problems.RequestUserIsNotAccessManager, Problems.SystemIdNotFound], handle: signedInPage(showCreate) }),
  route('portalCreateSubmit', 'POST', 'portal', PORTAL_PATHS.create, {
    form: true,
    problems: [
      csrf,
      Problems.ReporteeOrgNoNotFound,
      Problems.RequestUserIsNotAccessManager,
      Problems.SystemIdNotFound,
      Problems.SystemUserAlreadyExists,
      Problems.AccessPackageDelegationMissingRequiredAccess,
    ],
    // AUTH-00004 shows on the confirm page the form came from.
    errorPage: showCreateRefused,
    handle: formAction(submitCreate) }),
  route('portalSystemUser', 'GET', 'portal', `${UI}/systemuser/{id}`, { problems: systemUserPage, handle: signedInPage(showSystemUser) }),
  route('portalDeleteSystemUserConfirm', 'GET', 'portal', `${UI}/systemuser/{id}/delete`, {
    problems: [...systemUserPage, Problems.DeleteSystemUserNotOwned],
    handle: signedInPage(showDeleteConfirm),
  }),
  route('portalDeleteSystemUser', 'POST', 'portal', `${UI}/systemuser/{id}/delete`, { form: true, problems: [csrf, ...systemUserPage, Problems.DeleteSystemUserNotOwned], handle: formAction(submitDelete) }),
  route('portalAgentDelegation', 'GET', 'portal', `${UI}/systemuser/{id}/agentdelegation`, {
    problems: [...systemUserPage, Problems.AgentSystemUserExpectedAgentUserType, Problems.AgentSystemUserFailedToGetClientsForbidden],
    handle: signedInPage(showAgentDelegation) }),
  route('portalAddClient', 'POST', 'portal', `${UI}/systemuser/{id}/agentdelegation/add`, { form: true, problems: clientRules, handle: formAction(changeClient('add')) }),
  route('portalRemoveClient', 'POST', 'portal', `${UI}/systemuser/{id}/agentdelegation/remove`, { form: true, problems: clientRules, handle: formAction(changeClient('remove')) }),
]

/**
 * Every page shows a refused action as a page in the portal's look ({@link showErrorPage}), never as JSON; a route
 * that shows one on the page it came from says so with its own `errorPage`.
 */
export const portalRoutes: RouteDef<any>[] = pages.map((def) => ({ errorPage: showErrorPage, ...def }))
