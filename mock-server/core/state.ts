/**
 * The mock's state: what Altinn's databases hold (reference §12), with the indexes the hot paths need so a
 * status poll or a list page costs the same with 100 or 100 000 requests stored.
 *
 * Everything here is plain data in Maps; the rules that change it live in the other core modules.
 */
import { createHash } from 'node:crypto'
import type { AccessPackage, ChangeRequestStatus, LocalizedText, Right, RequestStatus, SystemUserType } from 'altinn-systemuser-sdk/contract'
import type { Seed } from '../seed/schema.ts'
import { createSortedKeys, type SortedKeys } from './paging.ts'

export interface Organisation {
  orgNo: string
  name: string
  partyId: number
  partyUuid: string
}

export interface PersonRelation {
  orgNo: string
  roles: string[]
  accessPackages: string[]
}

export interface Person {
  pid: string
  name: string
  partyId: number
  partyUuid: string
  relations: PersonRelation[]
}

export interface ResourceDef {
  id: string
  title: LocalizedText
  resourceType: string
}

export interface AccessPackageDef {
  urn: string
  /** The last part of the URN, e.g. `regnskapsforer-med-signeringsrettighet`. */
  name: string
  title: LocalizedText
  isAssignable: boolean
  isDelegable: boolean
  resources: string[]
}

export interface RoleDef {
  code: string
  urn: string
  name: LocalizedText
  accessPackages: string[]
}

export interface ClientRelation {
  facilitatorOrgNo: string
  clientOrgNo: string
  roles: string[]
  accessPackages: string[]
}

export interface ChangeLogEntry {
  changeType: 'create' | 'update' | 'rightsupdate' | 'accesspackageupdate' | 'delete'
  changedByOrgNumber: string
  changedData: unknown
  clientId?: string
  created: number
}

export interface RegisteredSystem {
  internalId: string
  id: string
  vendorOrgNo: string
  name: LocalizedText
  description: LocalizedText
  rights: Right[]
  accessPackages: AccessPackage[]
  clientIds: string[]
  allowedRedirectUrls: string[]
  isVisible: boolean
  isDeleted: boolean
  created: number
  changelog: ChangeLogEntry[]
}

export type RequestKind = 'standard' | 'agent'

export interface SystemUserRequest {
  id: string
  kind: RequestKind
  systemId: string
  partyOrgNo: string
  externalRef: string
  rights: Right[]
  accessPackages: AccessPackage[]
  redirectUrl?: string
  integrationTitle: string
  status: RequestStatus
  escalated: boolean
  created: number
  isDeleted: boolean
  /** Who decided, and when (for the journal and the inspector; not on the wire). */
  decidedBy?: string
  decidedAt?: number
}

/**
 * A change request for an existing standard system user (reference §10). Its id is the vendor's correlation id;
 * `NoChangeNeeded` answers are never stored, as in Altinn.
 */
export interface ChangeRequest {
  id: string
  systemId: string
  systemUserId: string
  partyOrgNo: string
  externalRef: string
  requiredRights: Right[]
  unwantedRights: Right[]
  requiredAccessPackages: AccessPackage[]
  unwantedAccessPackages: AccessPackage[]
  redirectUrl?: string
  status: ChangeRequestStatus
  created: number
  isDeleted: boolean
  /** Who decided, and when (for the journal and the inspector; not on the wire). */
  decidedBy?: string
  decidedAt?: number
}

export interface SystemUser {
  id: string
  type: SystemUserType
  systemId: string
  systemInternalId: string
  reporteeOrgNo: string
  externalRef: string
  integrationTitle: string
  supplierOrgNo: string
  /** What was delegated to the system user (standard) or what it may do for clients (agent). */
  rights: Right[]
  accessPackages: AccessPackage[]
  created: number
  isDeleted: boolean
  sequenceNo: number
}

export interface ClientDelegation {
  clientOrgNo: string
  addedAt: number
  addedBy?: string
}

export interface MaskinportenClient {
  clientId: string
  orgNo: string
  kid: string
  /** Public JWKs that verify this client's assertions. */
  publicJwks: JsonWebKey[]
  scopes: string[]
  /** Test-only private key from the seed, so tests can sign as this client. */
  privateJwk?: JsonWebKey & { kid?: string }
}

/** The whole mutable state of one mock instance. */
export interface State {
  organisations: Map<string, Organisation>
  persons: Map<string, Person>
  resources: Map<string, ResourceDef>
  /** By package name (the last URN part). */
  accessPackages: Map<string, AccessPackageDef>
  roles: Map<string, RoleDef>
  clientRelations: ClientRelation[]
  systems: Map<string, RegisteredSystem>
  requests: Map<string, SystemUserRequest>
  /** Sorted request ids per `kind|systemId` (non-deleted and deleted; reads filter), for paging by id. */
  requestsBySystem: Map<string, SortedKeys>
  /** Non-deleted request id per `kind|partyOrgNo|externalRef|systemId`. */
  requestsByKey: Map<string, string>
  /** Change requests by id (the vendor's correlation id), deleted ones included; reads filter. */
  changeRequests: Map<string, ChangeRequest>
  systemUsers: Map<string, SystemUser>
  /** System users per system in `sequenceNo` order. */
  systemUsersBySystem: Map<string, SystemUser[]>
  /** Active system user id per `reporteeOrgNo|externalRef|systemId`. */
  activeSystemUsersByKey: Map<string, string>
  clientDelegations: Map<string, Map<string, ClientDelegation>>
  maskinportenClients: Map<string, MaskinportenClient>
  nextSequenceNo: number
}

/** A GUID derived from a name, so seeded parties keep their ids across restarts. */
export function deterministicGuid(name: string): string {
  const h = createHash('sha256').update(name).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`
}

/** A party id derived from a name, in the range Altinn's party ids use. */
export function deterministicPartyId(name: string): number {
  return 50_000_000 + (parseInt(createHash('sha256').update(name).digest('hex').slice(0, 8), 16) % 40_000_000)
}

export function packageName(urn: string): string {
  return urn.startsWith('urn:altinn:accesspackage:') ? urn.slice('urn:altinn:accesspackage:'.length) : urn
}

export function requestKey(kind: RequestKind, partyOrgNo: string, externalRef: string, systemId: string): string {
  return `${kind}|${partyOrgNo}|${externalRef}|${systemId}`
}

export function systemUserKey(reporteeOrgNo: string, externalRef: string, systemId: string): string {
  return `${reporteeOrgNo}|${externalRef}|${systemId}`
}

/** Public half of a JWK (drops the private members). */
export function publicJwkOf(jwk: JsonWebKey & { kid?: string }): JsonWebKey & { kid?: string } {
  const { d, p, q, dp, dq, qi, ...pub } = jwk as Record<string, unknown>
  void d, p, q, dp, dq, qi
  return pub as JsonWebKey & { kid?: string }
}

/** Build the state a seed describes. Systems from the seed are registered as if created at `now`. */
export function createState(seed: Seed, now: number): State {
  const state: State = {
    organisations: new Map(),
    persons: new Map(),
    resources: new Map(),
    accessPackages: new Map(),
    roles: new Map(),
    clientRelations: [],
    systems: new Map(),
    requests: new Map(),
    requestsBySystem: new Map(),
    requestsByKey: new Map(),
    changeRequests: new Map(),
    systemUsers: new Map(),
    systemUsersBySystem: new Map(),
    activeSystemUsersByKey: new Map(),
    clientDelegations: new Map(),
    maskinportenClients: new Map(),
    nextSequenceNo: 1,
  }
  addToState(state, seed, now)
  return state
}

/** Add the parts of a (partial) seed to the state; used at start and by the control API. */
export function addToState(state: State, seed: Partial<Seed>, now: number): void {
  for (const o of seed.organisations ?? []) {
    state.organisations.set(o.orgNo, {
      orgNo: o.orgNo,
      name: o.name,
      partyId: o.partyId ?? deterministicPartyId(`org:${o.orgNo}`),
      partyUuid: o.partyUuid ?? deterministicGuid(`org:${o.orgNo}`),
    })
  }
  for (const p of seed.persons ?? []) {
    state.persons.set(p.pid, {
      pid: p.pid,
      name: p.name,
      partyId: p.partyId ?? deterministicPartyId(`person:${p.pid}`),
      partyUuid: p.partyUuid ?? deterministicGuid(`person:${p.pid}`),
      relations: p.relations.map((r) => ({ orgNo: r.orgNo, roles: [...r.roles], accessPackages: [...r.accessPackages] })),
    })
  }
  for (const r of seed.resources ?? []) state.resources.set(r.id, { ...r })
  for (const p of seed.accessPackages ?? []) {
    const name = packageName(p.urn)
    state.accessPackages.set(name, { urn: p.urn, name, title: p.name, isAssignable: p.isAssignable, isDelegable: p.isDelegable, resources: [...p.resources] })
  }
  for (const r of seed.roles ?? []) state.roles.set(r.code, { ...r, accessPackages: [...r.accessPackages] })
  for (const c of seed.clientRelations ?? []) {
    const existing = state.clientRelations.find((x) => x.facilitatorOrgNo === c.facilitatorOrgNo && x.clientOrgNo === c.clientOrgNo)
    if (existing) {
      existing.roles = [...new Set([...existing.roles, ...c.roles])]
      existing.accessPackages = [...new Set([...existing.accessPackages, ...c.accessPackages])]
    } else state.clientRelations.push({ ...c, roles: [...c.roles], accessPackages: [...c.accessPackages] })
  }
  for (const s of seed.systems ?? []) {
    state.systems.set(s.id, {
      internalId: deterministicGuid(`system:${s.id}`),
      id: s.id,
      vendorOrgNo: s.vendorOrgNo,
      name: s.name,
      description: s.description,
      rights: structuredClone(s.rights),
      accessPackages: structuredClone(s.accessPackages),
      clientIds: [...s.clientId],
      allowedRedirectUrls: [...s.allowedRedirectUrls],
      isVisible: s.isVisible,
      isDeleted: false,
      created: now,
      changelog: [{ changeType: 'create', changedByOrgNumber: s.vendorOrgNo, changedData: { source: 'seed' }, created: now }],
    })
  }
  for (const c of seed.maskinportenClients ?? []) {
    const privateJwk = c.privateJwk as (JsonWebKey & { kid?: string }) | undefined
    const publicJwks = c.jwks
      ? (c.jwks.keys as JsonWebKey[])
      : privateJwk
        ? [{ ...publicJwkOf(privateJwk), kid: privateJwk.kid ?? c.kid }]
        : []
    state.maskinportenClients.set(c.clientId, {
      clientId: c.clientId,
      orgNo: c.orgNo,
      kid: c.kid,
      publicJwks,
      scopes: [...c.scopes],
      ...(privateJwk ? { privateJwk } : {}),
    })
  }
}

/**
 * Rebuild the derived indexes (`requestsBySystem`, `requestsByKey`, `systemUsersBySystem`,
 * `activeSystemUsersByKey`) from the primary collections, e.g. after loading saved state. Requests and system
 * users are taken in the order of their maps (insertion order), so the newest one holds a key.
 *
 * @example
 * ```ts
 * state.requests.set(r.id, r)
 * rebuildIndexes(state)
 * ```
 */
export function rebuildIndexes(state: State): void {
  const idsBySystem = new Map<string, string[]>()
  state.requestsByKey = new Map()
  for (const r of state.requests.values()) {
    const listKey = `${r.kind}|${r.systemId}`
    let list = idsBySystem.get(listKey)
    if (!list) idsBySystem.set(listKey, (list = []))
    list.push(r.id)
    if (!r.isDeleted) state.requestsByKey.set(requestKey(r.kind, r.partyOrgNo, r.externalRef, r.systemId), r.id)
  }
  state.requestsBySystem = new Map()
  for (const [listKey, list] of idsBySystem) state.requestsBySystem.set(listKey, createSortedKeys(list.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))))
  state.systemUsersBySystem = new Map()
  state.activeSystemUsersByKey = new Map()
  const users = [...state.systemUsers.values()].sort((a, b) => a.sequenceNo - b.sequenceNo)
  for (const u of users) {
    let list = state.systemUsersBySystem.get(u.systemId)
    if (!list) state.systemUsersBySystem.set(u.systemId, (list = []))
    list.push(u)
    if (!u.isDeleted) state.activeSystemUsersByKey.set(systemUserKey(u.reporteeOrgNo, u.externalRef, u.systemId), u.id)
  }
}
