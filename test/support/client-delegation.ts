/**
 * Builders for the client-delegation suites: an approved agent system user of the accounting firm, an approved
 * client-administrator system user, a person's exchanged ID-porten token, a system user's token, the party UUIDs.
 */
import { expect } from 'vitest'
import { ClientDelegationRoutes, Scopes } from '../../sdk/contract/index.ts'
import { CLIENT_ADMIN_CLIENT_ID, CLIENT_ADMIN_SYSTEM, DRESS_MINST, FACILITATOR, KLIENTADMINISTRATOR, SMARTCLOUD } from '../../mock-server/seed/personas.ts'
import { A, asVendor, call, type JsonResponse } from './api.ts'
import type { MockHandle } from './transports.ts'
import { anAgentRequest } from './builders.ts'

export const BOTH_SCOPES = `${Scopes.clientDelegationsRead} ${Scopes.clientDelegationsWrite}`

export const AGENTS = ClientDelegationRoutes.listAgentSystemUsers.path
export const AVAILABLE = ClientDelegationRoutes.listAvailableClients.path
export const CLIENTS_PATH = ClientDelegationRoutes.listClients.path

/** An agent request of SmartCloud's agent system for the accounting firm, approved by DRESS MINST: the system user's id. */
export async function approvedAgent(t: MockHandle, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await asVendor(t.baseUrl).post(`${A}/systemuser/request/vendor/agent`, anAgentRequest(overrides))
  expect(res.status, res.text).toBe(201)
  const approved = await call(t.baseUrl, 'POST', `/__mock/requests/${res.body.id}/approve`, { body: { pid: DRESS_MINST } })
  expect(approved.status, approved.text).toBe(200)
  return res.body.id
}

/** A standard system user of the firm for SmartCloud's client-administration system (package `klientadministrator`). */
export async function approvedClientAdmin(t: MockHandle, orgNo = FACILITATOR, pid = DRESS_MINST): Promise<string> {
  const res = await asVendor(t.baseUrl).post(`${A}/systemuser/request/vendor`, {
    systemId: CLIENT_ADMIN_SYSTEM,
    partyOrgNo: orgNo,
    accessPackages: [{ urn: KLIENTADMINISTRATOR }],
  })
  expect(res.status, res.text).toBe(201)
  const approved = await call(t.baseUrl, 'POST', `/__mock/requests/${res.body.id}/approve`, { body: { pid } })
  expect(approved.status, approved.text).toBe(200)
  return res.body.id
}

/** An ID-porten token for a person from the mock's ID-porten. */
export async function idPortenToken(t: MockHandle, pid: string, scope = BOTH_SCOPES, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await call(t.baseUrl, 'POST', '/__mock/tokens/idporten', { body: { pid, scope, ...extra } })
  expect(res.status, res.text).toBe(200)
  return res.body.access_token
}

/** A person's ID-porten token exchanged for an Altinn token. */
export async function personToken(t: MockHandle, pid: string, scope = BOTH_SCOPES, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await call(t.baseUrl, 'GET', `${A}/exchange/id-porten`, { token: await idPortenToken(t, pid, scope, extra) })
  expect(res.status, res.text).toBe(200)
  return res.text
}

/** A system-user token of the firm's system user for `clientId`'s system, exchanged for an Altinn token. */
export async function systemUserToken(t: MockHandle, scope = BOTH_SCOPES, orgNo = FACILITATOR, clientId = CLIENT_ADMIN_CLIENT_ID): Promise<string> {
  const minted = await call(t.baseUrl, 'POST', '/__mock/tokens', {
    body: { orgNo: SMARTCLOUD, clientId, scope, authorization_details: [{ type: 'urn:altinn:systemuser', systemuser_org: { authority: 'iso6523-actorid-upis', ID: `0192:${orgNo}` } }] },
  })
  expect(minted.status, minted.text).toBe(200)
  const exchanged = await call(t.baseUrl, 'GET', `${A}/exchange/maskinporten`, { token: minted.body.access_token })
  expect(exchanged.status, exchanged.text).toBe(200)
  return exchanged.text
}

/** Every organisation's party UUID, from `GET /__mock/seed`. */
export async function partyUuids(t: MockHandle): Promise<Record<string, string>> {
  const seed = await call(t.baseUrl, 'GET', '/__mock/seed')
  return Object.fromEntries(seed.body.organisations.map((o: { orgNo: string; partyUuid: string }) => [o.orgNo, o.partyUuid]))
}

/** Call one of the five routes with a token; `query` is appended as it is. */
export function callApi(t: MockHandle, method: 'GET' | 'POST' | 'DELETE', path: string, query: string, token?: string): Promise<JsonResponse> {
  return call(t.baseUrl, method, `${path}${query ? `?${query}` : ''}`, token ? { token } : {})
}

/** The clients of an agent system user as the mock's state holds them (what the portal shows). */
export async function clientsInState(t: MockHandle, agent: string): Promise<string[]> {
  const state = (await call(t.baseUrl, 'GET', '/__mock/state')).body
  return state.clientDelegations.filter((d: { systemUserId: string }) => d.systemUserId === agent).map((d: { clientOrgNo: string }) => d.clientOrgNo)
}
