/**
 * The decision point (`/authorization/api/v1/authorize`, reference §13) and the "Krav og betalinger" stand-in
 * that asks it, on every call, whether the token's system user may read the organisation's claims.
 */
import { KRAV_OG_BETALINGER_RESOURCE, Scopes, ServiceDenialSchema, TokenRoutes, XacmlJsonRequestRootSchema, type ServiceDenial } from 'altinn-systemuser-sdk/contract'
import { isValidOrgNo } from '../core/identifiers.ts'
import { decideForSystemUser, evaluateXacmlRequest } from '../core/pdp.ts'
import { taxClaimsOf } from '../core/tax-claims.ts'
import { systemUserOf } from '../core/tokens.ts'
import { answer, route } from '../kit/define.ts'
import { json } from '../kit/responses.ts'
import type { RouteDef } from '../kit/types.ts'

const { authorize, kravOgBetalinger } = TokenRoutes

function deny(status: 400 | 403, body: ServiceDenial) {
  return json(status, body)
}

export const serviceRoutes: RouteDef<any>[] = [
  // Service owners call it with their own token and a subscription key; the mock asks for neither (reference §13).
  route('authorize', authorize.method, authorize.surface, authorize.path, {
    body: XacmlJsonRequestRootSchema,
    problems: [answer(400, 'The XACML request cannot be evaluated (a category, attribute or reference is missing).')],
    handle: ({ mock, body }) => json(200, { response: evaluateXacmlRequest(mock, body.Request) }),
  }),

  // A Maskinporten or exchanged Altinn token is verified by the router (bodiless 401 otherwise); the scope and the
  // decision are checked here so that a refusal says why.
  route('kravOgBetalinger', kravOgBetalinger.method, kravOgBetalinger.surface, kravOgBetalinger.path, {
    auth: 'vendor',
    problems: [
      answer(400, 'invalid_request: the organisation number is not nine digits with a valid check digit.', ServiceDenialSchema),
      answer(403, "insufficient_scope (the token's scope lacks skatteetaten:kravogbetalinger), or access_denied (not a system-user token, or the decision point does not permit it).", ServiceDenialSchema),
    ],
    handle: ({ mock, caller, params }) => {
      if (!caller.scopes.has(Scopes.kravOgBetalinger))
        return deny(403, { error: 'insufficient_scope', reason: `The token's scope does not include ${Scopes.kravOgBetalinger}.` })
      const systemUser = systemUserOf(caller.claims)
      if (!systemUser)
        return deny(403, { error: 'access_denied', reason: 'The token does not name a system user (authorization_details of type urn:altinn:systemuser); ask Maskinporten for a system-user token.' })
      const orgNo = params.orgNo ?? ''
      if (!isValidOrgNo(orgNo)) return deny(400, { error: 'invalid_request', reason: 'The organisation number must be nine digits with a valid MOD11 check digit.' })
      const outcome = decideForSystemUser(mock, { systemUserId: systemUser.id, action: 'read', resource: KRAV_OG_BETALINGER_RESOURCE, partyOrgNo: orgNo })
      if (outcome.decision !== 'Permit') return deny(403, { error: 'access_denied', decision: outcome.decision, reason: `Not permitted: ${outcome.reason}.` })
      return json(200, taxClaimsOf(orgNo))
    },
  }),
]
