/**
 * The portal pages (`/accessmanagement/ui/...`): login, approval, overview, client delegation, self-service.
 * Server-rendered HTML from `mock-server/portal/`; every page and form checks the session, the CSRF token and
 * the person's rights on the server.
 */
import { PortalPaths } from 'altinn-systemuser-sdk/contract'
import { changeClient, showAgentDelegation } from '../portal/agent-delegation-pages.ts'
import { decideChange, showChangeRequest } from '../portal/change-request-pages.ts'
import { ASSET_BASE, getAsset } from '../portal/assets.ts'
import { showChooseActor, showLoggedOut, showLogin, submitChooseActor, submitLogin, submitLogout } from '../portal/login-pages.ts'
import { anonymousFormAction, formAction, PATHS, publicPage, redirect, signedInPage, UI } from '../portal/page-kit.ts'
import { decide, showRequest } from '../portal/request-pages.ts'
import { showCreate, showOverview, showSystemUser, submitCreate, submitDelete } from '../portal/system-user-pages.ts'
import { route } from './define.ts'
import { httpProblem, text } from './responses.ts'
import type { RouteDef } from './types.ts'

const decisions = (['standard', 'agent'] as const).flatMap((kind) =>
  (['approve', 'reject', 'escalate'] as const).map((action) =>
    route(`portal${kind === 'agent' ? 'Agent' : ''}${action[0]!.toUpperCase()}${action.slice(1)}`, 'POST', 'portal', `${kind === 'agent' ? PATHS.agentRequest : PATHS.request}/${action}`, {
      form: true,
      handle: formAction(decide(kind, action)),
    }),
  ),
)

export const portalRoutes: RouteDef<any>[] = [
  route('portalHome', 'GET', 'portal', UI, { handle: () => redirect(PATHS.overview) }),
  route('portalAsset', 'GET', 'portal', `${ASSET_BASE}/{name}`, {
    handle: ({ params }) => {
      const asset = getAsset(params.name ?? '')
      if (!asset) return httpProblem(404, 'Not Found', 'No such asset.')
      const res = text(200, asset.body, asset.contentType)
      return { ...res, headers: { ...res.headers, 'cache-control': 'public, max-age=3600', 'x-content-type-options': 'nosniff' } }
    },
  }),
  route('portalLogin', 'GET', 'portal', PATHS.login, { handle: publicPage(showLogin) }),
  route('portalLoginSubmit', 'POST', 'portal', PATHS.login, { form: true, handle: anonymousFormAction(submitLogin) }),
  route('portalLogout', 'POST', 'portal', PATHS.logout, { form: true, handle: formAction(submitLogout) }),
  route('portalLoggedOut', 'GET', 'portal', PATHS.loggedOut, { handle: publicPage(showLoggedOut) }),
  route('portalChooseActor', 'GET', 'portal', PATHS.reportee, { handle: signedInPage(showChooseActor) }),
  route('portalChooseActorSubmit', 'POST', 'portal', PATHS.reportee, { form: true, handle: formAction(submitChooseActor) }),
  route('portalRequest', 'GET', 'portal', PATHS.request, { handle: signedInPage(showRequest('standard')) }),
  route('portalAgentRequest', 'GET', 'portal', PATHS.agentRequest, { handle: signedInPage(showRequest('agent')) }),
  ...decisions,
  route('portalChangeRequest', 'GET', 'portal', PortalPaths.changeRequest, { handle: signedInPage(showChangeRequest) }),
  route('portalChangeRequestApprove', 'POST', 'portal', `${PortalPaths.changeRequest}/approve`, { form: true, handle: formAction(decideChange('approve')) }),
  route('portalChangeRequestReject', 'POST', 'portal', `${PortalPaths.changeRequest}/reject`, { form: true, handle: formAction(decideChange('reject')) }),
  route('portalOverview', 'GET', 'portal', PATHS.overview, { handle: signedInPage(showOverview) }),
  route('portalCreate', 'GET', 'portal', PATHS.create, { handle: signedInPage(showCreate) }),
  route('portalCreateSubmit', 'POST', 'portal', PATHS.create, { form: true, handle: formAction(submitCreate) }),
  route('portalSystemUser', 'GET', 'portal', `${UI}/systemuser/{id}`, { handle: signedInPage(showSystemUser) }),
  route('portalDeleteSystemUser', 'POST', 'portal', `${UI}/systemuser/{id}/delete`, { form: true, handle: formAction(submitDelete) }),
  route('portalAgentDelegation', 'GET', 'portal', `${UI}/systemuser/{id}/agentdelegation`, { handle: signedInPage(showAgentDelegation) }),
  route('portalAddClient', 'POST', 'portal', `${UI}/systemuser/{id}/agentdelegation/add`, { form: true, handle: formAction(changeClient('add')) }),
  route('portalRemoveClient', 'POST', 'portal', `${UI}/systemuser/{id}/agentdelegation/remove`, { form: true, handle: formAction(changeClient('remove')) }),
]
