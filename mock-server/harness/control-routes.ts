/**
 * The control API (`/__mock`): never part of real Altinn. It drives the mock from tests and demos with the same
 * rules as the real paths: approving here checks the same rights and answers the same AUTH codes as the portal.
 */
import * as z from 'zod'
import { ASSERTION_CLOCK_SKEW_SECONDS, MAX_ASSERTION_LIFETIME_SECONDS, OAuthErrorSchema, Problems, SystemUserAuthorizationDetailSchema } from 'altinn-systemuser-sdk/contract'
import { isSupportedInstant, parseDuration } from '../core/clock.ts'
import { clientAdministratorFor, deciderFor, deciderForRequest } from '../core/deciders.ts'
import { getOrganisation } from '../core/directory.ts'
import { modelStateError, problem } from '../core/errors.ts'
import { fromIso6523, isGuid } from '../core/identifiers.ts'
import type { MockAltinn } from '../core/mock-altinn.ts'
import * as changes from '../core/change-requests.ts'
import * as requests from '../core/requests.ts'
import * as users from '../core/system-users.ts'
import { mintMaskinportenToken } from '../core/tokens.ts'
import { describeNoSystemUser } from '../core/maskinporten.ts'
import { resetMock, type ResetOptions } from './reset.ts'
import { stateView } from './state-view.ts'
import { bindJson } from '../kit/binding.ts'
import { answer, route } from '../kit/define.ts'
import { empty, httpProblem, json } from '../kit/responses.ts'
import type { RouteDef } from '../kit/types.ts'

const PidBody = z.object({ pid: z.string().nullish() }).nullish()
const SelfServiceBody = z.object({ systemId: z.string(), orgNo: z.string(), pid: z.string().nullish(), integrationTitle: z.string().nullish() })
const ClientBody = z.object({ orgNo: z.string(), pid: z.string().nullish() })
const TokenBody = z.object({
  orgNo: z.string(),
  scope: z.string(),
  clientId: z.string().nullish(),
  authorization_details: z.array(SystemUserAuthorizationDetailSchema).nullish(),
})
const ResetBody = z.object({ keepClock: z.boolean().nullish() }).nullish()
const ClockBody = z.object({ advance: z.union([z.string(), z.number()]).nullish(), set: z.string().nullish(), reset: z.boolean().nullish() })

type OAuthError = z.infer<typeof OAuthErrorSchema>

// What each route's own rules can answer, for the API description: the portal's rules and AUTH codes.
const badPid = answer(400, 'The body is not {"pid": "<person number>"}.')
const decisionRules = [Problems.RequestNotFound, Problems.ReporteeOrgNoNotFound, Problems.RequestUserIsNotAccessManager, Problems.RequestStatusNotNew]
const approvalRules = [
  ...decisionRules,
  Problems.SystemUserAlreadyExists,
  Problems.SystemIdNotFound,
  Problems.SystemNameNotFound,
  Problems.SystemUserNotFound,
  Problems.RightsNotFoundOrNotDelegable,
  Problems.AccessPackageNotFound,
  Problems.AccessPackageNotDelegableStandard,
  Problems.AccessPackageNotDelegableAgent,
  Problems.DelegationRightResourceIsMaskinPortenSchema,
  Problems.AccessPackageDelegationMissingRequiredAccess,
]
const clientRules = [Problems.SystemUserNotFound, Problems.AgentSystemUserExpectedAgentUserType, Problems.AgentSystemUserFailedToGetClientsForbidden]

/**
 * The change request a control-API decision is about, when the id is not a request's: the two live in separate
 * tables in Altinn, and a request of the id wins here.
 */
function changeRequestOf(mock: MockAltinn, id: string) {
  const guid = requests.parseGuid(id)
  const request = guid ? mock.store.requests.get(guid) : undefined
  return request && !request.isDeleted ? undefined : changes.findChangeRequest(mock, id)
}

function requestView(mock: MockAltinn, r: ReturnType<typeof requests.getRequestForPortal>) {
  return r.kind === 'agent' ? requests.toAgentRequestResponse(mock, r, true, true) : { ...requests.toRequestResponse(mock, r), escalated: r.escalated }
}

/**
 * Errors of `/__mock/tokens`: a problem like every control-API error, carrying Maskinporten's own `error` and
 * `error_description` as extension members, so code that reads either shape understands it.
 */
function oauthError(status: number, body: OAuthError) {
  return httpProblem(status, body.error, body.error_description ?? undefined, { error: body.error, ...(body.error_description ? { error_description: body.error_description } : {}) })
}

export const controlRoutes: RouteDef<any>[] = [
  route('healthz', 'GET', 'platform', '/healthz', { handle: () => json(200, { status: 'ok' }) }),
  route('controlSeed', 'GET', 'control', '/__mock/seed', {
    handle: ({ mock }) => {
      const { keys: _keys, ...seed } = mock.seed
      // Every organisation has a party UUID, the id the client-delegation API names clients by: one the seed left
      // out is shown as the mock derived it.
      const organisations = seed.organisations.map((o) => ({ ...o, partyUuid: o.partyUuid ?? mock.store.organisations.get(o.orgNo)?.partyUuid }))
      return json(200, { ...seed, organisations })
    },
  }),
  route('controlReset', 'POST', 'control', '/__mock/reset', {
    problems: [answer(400, 'The body is not {"keepClock": true|false} (or empty).')],
    // Back to the seed and to real time, with no faults and an empty journal (harness/reset.ts says what is kept).
    handle: ({ mock, req, warnings }) => (resetMock(mock, resetOptionsOf(req.body, warnings)), empty(204)),
  }),
  route('controlState', 'GET', 'control', '/__mock/state', { handle: ({ mock }) => json(200, stateView(mock)) }),
  route('controlApprove', 'POST', 'control', '/__mock/requests/{id}/approve', {
    problems: [badPid, ...approvalRules],
    handle: ({ mock, params, req }) => {
      const change = changeRequestOf(mock, params.id!)
      if (change) {
        const pid = deciderFor(mock, change.partyOrgNo, pidOf(req.body) || undefined)
        const user = changes.approveChangeRequest(mock, change.id, { pid })
        // The system user as it is now, with the rights and packages the change gave it.
        const systemUser = { ...users.toSystemUserExternalDTO(user), rights: user.rights, accessPackages: user.accessPackages }
        return json(200, { request: changes.toChangeRequestResponse(mock, changes.getChangeRequestForPortal(mock, change.id), 'single'), systemUser, decidedBy: pid })
      }
      const pid = deciderForRequest(mock, params.id!, pidOf(req.body) || undefined)
      const user = requests.approveRequest(mock, params.id!, { pid })
      return json(200, { request: requestView(mock, requests.getRequestForPortal(mock, params.id!)), systemUser: users.toSystemUserExternalDTO(user), decidedBy: pid })
    },
  }),
  route('controlReject', 'POST', 'control', '/__mock/requests/{id}/reject', {
    problems: [badPid, ...decisionRules],
    handle: ({ mock, params, req }) => {
      const change = changeRequestOf(mock, params.id!)
      if (change) {
        const pid = deciderFor(mock, change.partyOrgNo, pidOf(req.body) || undefined)
        return json(200, { request: changes.toChangeRequestResponse(mock, changes.rejectChangeRequest(mock, change.id, { pid }), 'single'), decidedBy: pid })
      }
      const pid = deciderForRequest(mock, params.id!, pidOf(req.body) || undefined)
      const r = requests.rejectRequest(mock, params.id!, { pid })
      return json(200, { request: requestView(mock, r), decidedBy: pid })
    },
  }),
  route('controlEscalate', 'POST', 'control', '/__mock/requests/{id}/escalate', {
    problems: [answer(400, 'No "pid": give the person who forwards the request.'), ...decisionRules],
    handle: ({ mock, params, req }) => {
      const pid = pidOf(req.body)
      if (!pid) return httpProblem(400, 'Bad Request', 'Give "pid": the person who forwards the request.')
      const r = requests.escalateRequest(mock, params.id!, { pid })
      return json(200, { request: requestView(mock, r) })
    },
  }),
  route('controlDeleteSystemUser', 'DELETE', 'control', '/__mock/systemusers/{id}', {
    problems: [Problems.SystemUserNotFound, Problems.DeleteSystemUserNotOwned],
    handle: ({ mock, params, query }) => {
      const user = users.getActiveSystemUser(mock, guidOr404(params.id!))
      users.deleteSystemUser(mock, user.id, deciderFor(mock, user.reporteeOrgNo, query.get('pid'), 'give ?pid=', Problems.DeleteSystemUserNotOwned))
      return empty(204)
    },
  }),
  route('controlCreateSystemUser', 'POST', 'control', '/__mock/systemusers', {
    body: SelfServiceBody,
    problems: [
      Problems.ReporteeOrgNoNotFound,
      Problems.RequestUserIsNotAccessManager,
      Problems.SystemIdNotFound,
      Problems.SystemUserAlreadyExists,
      Problems.AccessPackageDelegationMissingRequiredAccess,
    ],
    handle: ({ mock, body }) => {
      // The portal's self-service creation (reference §4.3), with the same rules: a visible system, every right and
      // package delegated, externalRef = the organisation number, AUTH-00004 when one exists.
      const pid = deciderFor(mock, body.orgNo, body.pid)
      const user = users.createSystemUserSelfService(mock, pid, body.orgNo, body.systemId, body.integrationTitle ?? undefined)
      return json(201, users.toSystemUserExternalDTO(user))
    },
  }),
  route('controlAddClient', 'POST', 'control', '/__mock/systemusers/{id}/clients', {
    body: ClientBody,
    problems: [...clientRules, Problems.AccessPackageNotFound, Problems.AgentSystemUserClientNotFound, Problems.AgentSystemUserClientMissingAccessPackages],
    handle: ({ mock, params, body }) => {
      const user = users.getActiveSystemUser(mock, guidOr404(params.id!))
      const pid = clientAdministratorFor(mock, user.reporteeOrgNo, body.pid)
      users.addClient(mock, user.id, body.orgNo, pid)
      return json(200, { systemUserId: user.id, clients: users.clientsOf(mock, user.id) })
    },
  }),
  route('controlRemoveClient', 'DELETE', 'control', '/__mock/systemusers/{id}/clients/{orgNo}', {
    problems: [...clientRules, Problems.AgentSystemUserDelegationNotFound],
    handle: ({ mock, params, query }) => {
      const user = users.getActiveSystemUser(mock, guidOr404(params.id!))
      const pid = clientAdministratorFor(mock, user.reporteeOrgNo, query.get('pid'), 'give ?pid=')
      users.removeClient(mock, user.id, params.orgNo!, pid)
      return json(200, { systemUserId: user.id, clients: users.clientsOf(mock, user.id) })
    },
  }),
  route('controlTokens', 'POST', 'control', '/__mock/tokens', {
    body: TokenBody,
    problems: [
      answer(400, 'invalid_request (orgNo or authorization_details), or invalid_altinn_customer_configuration when no system user matches (as the grant answers MP-303); Maskinporten\'s `error` and `error_description` are members of the problem.'),
    ],
    handle: async ({ mock, body }) => {
      if (!getOrganisation(mock, body.orgNo) && !/^\d{9}$/.test(body.orgNo))
        return oauthError(400, { error: 'invalid_request', error_description: 'orgNo must be a nine-digit organisation number.' })
      const details = body.authorization_details ?? undefined
      let authorizationDetails: unknown[] | undefined
      let clientId = body.clientId ?? undefined
      if (details && details.length) {
        if (details.length !== 1) return oauthError(400, { error: 'invalid_request', error_description: 'Only one system user per token (one entry in authorization_details).' })
        const d = details[0]!
        const owner = fromIso6523(d.systemuser_org.ID)
        if (!owner) return oauthError(400, { error: 'invalid_request', error_description: 'systemuser_org.ID must be 0192:<organisation number>.' })
        const found = users.lookupSystemUserForVendor(mock, { orgNo: body.orgNo, clientId, systemUserOwnerOrgNo: owner, externalRef: d.externalRef ?? null })
        if ('systemUser' in found) {
          clientId = found.clientId
          authorizationDetails = [{ type: d.type, systemuser_org: d.systemuser_org, systemuser_id: [found.systemUser.id], system_id: found.system.id, ...(d.externalRef ? { externalRef: d.externalRef } : {}) }]
        } else return oauthError(400, { error: 'invalid_altinn_customer_configuration', error_description: describeNoSystemUser(found.reason) })
      }
      const minted = await mintMaskinportenToken(mock, {
        orgNo: body.orgNo,
        scope: body.scope,
        ...(clientId ? { clientId } : {}),
        ...(authorizationDetails ? { authorizationDetails } : {}),
      })
      return json(200, { access_token: minted.accessToken, token_type: 'Bearer', expires_in: minted.expiresIn, scope: body.scope })
    },
  }),
  route('controlClockGet', 'GET', 'control', '/__mock/clock', { handle: ({ mock, warnings }) => clockAnswer(mock, warnings) }),
  route('controlClock', 'POST', 'control', '/__mock/clock', {
    body: ClockBody,
    problems: [answer(400, 'Neither "advance", "set" nor "reset"; a duration or instant that cannot be read; or a time outside 1970 to 9999.')],
    handle: ({ mock, body, warnings }) => {
      if (body.reset) mock.clock.reset()
      else if (body.set != null) {
        const t = Date.parse(body.set)
        if (Number.isNaN(t)) return httpProblem(400, 'Bad Request', `"set" must be an ISO 8601 instant, e.g. 2026-12-24T12:00:00Z.`)
        if (!isSupportedInstant(t)) return outOfRange()
        mock.clock.set(t)
      } else if (body.advance != null) {
        const ms = typeof body.advance === 'number' ? body.advance : parseDuration(body.advance)
        if (ms === undefined || !Number.isFinite(ms)) return httpProblem(400, 'Bad Request', `"advance" must be milliseconds or an ISO 8601 duration such as P181D or PT2H.`)
        // Checked before the clock moves, so a refused call leaves the time as it was.
        if (!isSupportedInstant(mock.clock.now() + ms)) return outOfRange()
        mock.clock.advance(ms)
      } else return httpProblem(400, 'Bad Request', 'Give "advance" (P181D or milliseconds), "set" (an ISO instant) or "reset": true.')
      return clockAnswer(mock, warnings)
    },
  }),
]

/**
 * The clock as `GET` and `POST /__mock/clock` answer it: `now`, `shifted`, and a `warning` (also sent as
 * `X-Mock-Warning`) when the clock is so far from real time that Maskinporten refuses what a vendor signs on a
 * clock that follows real time: more than an assertion's longest lifetime ahead (its `exp` has passed by the
 * mock's clock) or more than the allowed skew behind (its `iat` lies in the future).
 */
function clockAnswer(mock: MockAltinn, warnings: string[]) {
  const now = mock.clock.now()
  // Compared with the machine's time only once the clock was moved: a clock that was never moved is on time by
  // definition, whatever it started at (a test's fixed clock).
  const aheadMs = mock.clock.shifted ? now - Date.now() : 0
  const warning = clockWarning(aheadMs)
  if (warning) warnings.push(warning)
  return json(200, { now: new Date(now).toISOString(), shifted: mock.clock.shifted, ...(warning ? { warning } : {}) })
}

function clockWarning(aheadMs: number): string | undefined {
  const ahead = aheadMs > MAX_ASSERTION_LIFETIME_SECONDS * 1000
  if (!ahead && aheadMs >= -ASSERTION_CLOCK_SKEW_SECONDS * 1000) return undefined
  return (
    `The mock's clock is ${describeSpan(Math.abs(aheadMs))} ${ahead ? 'ahead of' : 'behind'} real time: Maskinporten refuses the assertions of any ` +
    `vendor whose clock follows real time (MP-100, ${ahead ? 'the JWT has expired' : 'iat is in the future'}), so their tokens fail until the clock is put ` +
    `back with POST /__mock/clock {"reset": true} (POST /__mock/reset does it too, and puts the state back to the seed).`
  )
}

/** A span of time in words, to the largest two units: "181 days", "2 hours 5 minutes", "40 seconds". */
function describeSpan(ms: number): string {
  const units: [string, number][] = [['day', 86_400_000], ['hour', 3_600_000], ['minute', 60_000], ['second', 1000]]
  const parts: string[] = []
  let rest = Math.round(ms / 1000) * 1000
  for (const [name, size] of units) {
    const n = Math.floor(rest / size)
    rest -= n * size
    if (n > 0 || parts.length) parts.push(`${n} ${name}${n === 1 ? '' : 's'}`)
    if (parts.length === 2) break
  }
  return parts.filter((p) => !p.startsWith('0 ')).join(' ') || '0 seconds'
}

function outOfRange() {
  return httpProblem(400, 'Bad Request', 'The clock must stay between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z.')
}

function guidOr404(id: string): string {
  if (!isGuid(id)) throw problem(Problems.SystemUserNotFound)
  return id
}

/**
 * The optional body of `POST /__mock/reset`: none (or an empty one) resets everything; `{"keepClock": true}` leaves
 * the clock where it is. Field names bind as everywhere else (case-insensitively, unknown ones named in a warning).
 */
function resetOptionsOf(raw: string | undefined, warnings: string[]): ResetOptions {
  if (!raw || !raw.trim()) return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    throw modelStateError({ $: ['The body must be empty or JSON like {"keepClock": true}.'] })
  }
  const bound = bindJson(ResetBody, parsed)
  if (!bound.ok) throw modelStateError({ '$.keepClock': ['"keepClock" must be true or false, e.g. {"keepClock": true}.'] })
  if (bound.ignored.length) warnings.push(`ignored unknown field(s): ${bound.ignored.slice(0, 20).join(', ')}`)
  return { keepClock: bound.value?.keepClock === true }
}

/** The optional `{"pid"}` body of approve and reject; an empty or unparsable body means "the default person". */
function pidOf(raw: string | undefined): string | undefined {
  if (!raw || !raw.trim()) return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    throw modelStateError({ $: ['The body must be JSON like {"pid": "03827150095"}.'] })
  }
  const result = PidBody.safeParse(parsed)
  if (!result.success) throw modelStateError({ '$.pid': ['"pid" must be a string, e.g. {"pid": "03827150095"}.'] })
  return result.data?.pid ?? undefined
}
