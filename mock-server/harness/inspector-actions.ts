/**
 * What the inspector's forms do. Each one is a call to the mock's own API, dispatched in process through `table`,
 * the route table both transports use, without its hooks (the form post itself is journalled, faults apply to it,
 * and the calls it makes are the implementation of that one post): the vendor API for a new request (with a token
 * minted as `POST /__mock/tokens` mints it) and the control API for everything else. So a form follows exactly the rules, defaults and AUTH codes
 * of its API twin, and there is no second copy of any rule here.
 *
 * @example
 * ```ts
 * const outcome = await addClientFromInspector(table, mock, systemUserId, { orgNo: '315465222' })
 * return backToInspector(outcome) // 303 to /__mock/ui?ok=clientAdded, or ?problem=AUTH-00079
 * ```
 */
import { Routes, Scopes } from 'altinn-systemuser-sdk/contract'
import type { MockAltinn } from '../core/mock-altinn.ts'
import type { Router } from '../kit/router.ts'

/** Where an inspector action ends: a success code, or a problem code (an AUTH code, or one of the inspector's own). */
export interface InspectorOutcome {
  ok?: string
  problem?: string
  /** A request or system user the banner should point at. */
  request?: string
  /** `1` when the clock is now so far from real time that vendors' tokens are refused. */
  warn?: string
}

/** The answer of one in-process call. */
interface CallAnswer {
  status: number
  json: Record<string, unknown> | undefined
  headers: Record<string, string | string[]>
}

async function call(table: Router, mock: MockAltinn, method: string, url: string, body?: unknown, token?: string): Promise<CallAnswer> {
  const headers: Record<string, string | undefined> = {}
  if (body !== undefined) headers['content-type'] = 'application/json'
  if (token) headers.authorization = `Bearer ${token}`
  const res = await table.dispatch(mock, {
    method,
    url: new URL(url),
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  })
  let json: Record<string, unknown> | undefined
  if (res.body) {
    try {
      const parsed: unknown = JSON.parse(res.body)
      if (parsed && typeof parsed === 'object') json = parsed as Record<string, unknown>
    } catch {
      // A plain-text or bodiless answer: its status says enough.
    }
  }
  return { status: res.status, json, headers: res.headers ?? {} }
}

function control(mock: MockAltinn, path: string): string {
  return `${new URL(mock.config.controlUrl).origin}${path}`
}

function platform(mock: MockAltinn, path: string): string {
  return `${mock.config.platformUrl.replace(/\/+$/, '')}${path}`
}

/**
 * The outcome of a refused call: the AUTH (or other catalogue) code when the answer has one, the first field
 * error's code of a validation problem, else the inspector's `fallback` code.
 */
function refusal(answer: CallAnswer, fallback: string): InspectorOutcome {
  const body = answer.json
  const code = typeof body?.code === 'string' ? body.code : undefined
  const errors = Array.isArray(body?.validationErrors) ? (body.validationErrors as { code?: unknown }[]) : []
  const fieldCode = errors.find((e) => typeof e?.code === 'string')?.code as string | undefined
  return { problem: (code === 'STD-00000' && fieldCode) || code || fieldCode || fallback }
}

/** What the create form gives. */
export interface CreateRequestForm {
  kind: 'standard' | 'agent'
  systemId: string
  partyOrgNo: string
  externalRef?: string | undefined
}

/**
 * Create a request as the system's vendor would: a token for the vendor minted by `POST /__mock/tokens`, then
 * `POST /authentication/api/v1/systemuser/request/vendor` (or `/agent`) with every right (or access package) of
 * the system. The vendor API's rules decide; a refusal comes back with its code.
 *
 * @example
 * ```ts
 * await createRequestFromInspector(table, mock, { kind: 'standard', systemId: '318882703_smartcloud', partyOrgNo: '312091437' })
 * // { ok: 'created', request: '<id>' }
 * ```
 */
export async function createRequestFromInspector(table: Router, mock: MockAltinn, form: CreateRequestForm): Promise<InspectorOutcome> {
  const system = mock.store.systems.get(form.systemId)
  if (!system || system.isDeleted) return { problem: 'AUTH-00011' }
  const minted = await call(table, mock, 'POST', control(mock, '/__mock/tokens'), { orgNo: system.vendorOrgNo, scope: Scopes.requestWrite })
  const token = minted.json?.access_token
  if (minted.status !== 200 || typeof token !== 'string') return { problem: 'token' }
  const externalRef = form.externalRef?.trim() ? form.externalRef.trim() : undefined
  const body =
    form.kind === 'agent'
      ? { systemId: system.id, partyOrgNo: form.partyOrgNo, externalRef, accessPackages: system.accessPackages }
      : { systemId: system.id, partyOrgNo: form.partyOrgNo, externalRef, rights: system.rights }
  const route = form.kind === 'agent' ? Routes.createAgentRequest : Routes.createRequest
  const created = await call(table, mock, route.method, platform(mock, route.path), body, token)
  const id = created.json?.id
  if (created.status !== 201 && created.status !== 200) return refusal(created, 'create')
  return typeof id === 'string' ? { ok: 'created', request: id } : { ok: 'created' }
}

/**
 * Approve or reject as a chosen person, through `POST /__mock/requests/{id}/approve|reject` (the control API's
 * rights check and default decider).
 *
 * @example
 * ```ts
 * await decideFromInspector(table, mock, requestId, 'approve', '03827150095') // { ok: 'approved' }
 * ```
 */
export async function decideFromInspector(table: Router, mock: MockAltinn, requestId: string, decision: 'approve' | 'reject', pid: string | undefined): Promise<InspectorOutcome> {
  const answer = await call(table, mock, 'POST', control(mock, `/__mock/requests/${encodeURIComponent(requestId)}/${decision}`), pid ? { pid } : {})
  if (answer.status !== 200) return refusal(answer, 'decision')
  return { ok: decision === 'approve' ? 'approved' : 'rejected' }
}

/**
 * Add a client to an agent system user through `POST /__mock/systemusers/{id}/clients`, as the chosen person
 * (or the control API's default client administrator).
 *
 * @example
 * ```ts
 * await addClientFromInspector(table, mock, systemUserId, { orgNo: '315465222' }) // { ok: 'clientAdded' }
 * ```
 */
export async function addClientFromInspector(table: Router, mock: MockAltinn, systemUserId: string, form: { orgNo: string; pid?: string | undefined }): Promise<InspectorOutcome> {
  const answer = await call(table, mock, 'POST', control(mock, `/__mock/systemusers/${encodeURIComponent(systemUserId)}/clients`), { orgNo: form.orgNo, ...(form.pid ? { pid: form.pid } : {}) })
  return answer.status === 200 ? { ok: 'clientAdded' } : refusal(answer, 'client')
}

/**
 * Remove a client through `DELETE /__mock/systemusers/{id}/clients/{client}`.
 *
 * @example
 * ```ts
 * await removeClientFromInspector(table, mock, systemUserId, { orgNo: '315465222' }) // { ok: 'clientRemoved' }
 * ```
 */
export async function removeClientFromInspector(table: Router, mock: MockAltinn, systemUserId: string, form: { orgNo: string; pid?: string | undefined }): Promise<InspectorOutcome> {
  const query = form.pid ? `?pid=${encodeURIComponent(form.pid)}` : ''
  const answer = await call(table, mock, 'DELETE', control(mock, `/__mock/systemusers/${encodeURIComponent(systemUserId)}/clients/${encodeURIComponent(form.orgNo)}${query}`))
  return answer.status === 200 ? { ok: 'clientRemoved' } : refusal(answer, 'client')
}

/**
 * Delete a system user through `DELETE /__mock/systemusers/{id}` (the owner's access manager decides).
 *
 * @example
 * ```ts
 * await deleteSystemUserFromInspector(table, mock, systemUserId) // { ok: 'deleted' }
 * ```
 */
export async function deleteSystemUserFromInspector(table: Router, mock: MockAltinn, systemUserId: string): Promise<InspectorOutcome> {
  const answer = await call(table, mock, 'DELETE', control(mock, `/__mock/systemusers/${encodeURIComponent(systemUserId)}`))
  return answer.status === 204 || answer.status === 200 ? { ok: 'deleted' } : refusal(answer, 'delete')
}

/**
 * Move the clock, or put it back to real time, through `POST /__mock/clock`; the outcome says when the clock is
 * now so far off that vendors' assertions are refused (the control API's `warning`).
 *
 * @example
 * ```ts
 * await clockFromInspector(table, mock, { advance: 'PT2H' }) // { ok: 'clock' }
 * await clockFromInspector(table, mock, { reset: true }) // { ok: 'realtime' }
 * ```
 */
export async function clockFromInspector(table: Router, mock: MockAltinn, move: { advance: string } | { reset: true }): Promise<InspectorOutcome> {
  const advance = 'advance' in move ? move.advance.trim() : undefined
  const body = advance !== undefined ? { advance: /^-?\d+$/.test(advance) ? Number(advance) : advance } : { reset: true }
  const answer = await call(table, mock, 'POST', control(mock, '/__mock/clock'), body)
  if (answer.status !== 200) return { problem: 'clock' }
  const warned = typeof answer.json?.warning === 'string'
  return { ok: advance !== undefined ? 'clock' : 'realtime', ...(warned ? { warn: '1' } : {}) }
}
