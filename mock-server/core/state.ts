/**
 * The records of the mock's state: what Altinn's databases hold (reference §12), as plain data. The store
 * (`store.ts`) owns them and their indexes; the rules that change them live in the other core modules.
 */
import { createHash } from 'node:crypto'
import { PRIVATE_JWK_MEMBERS, type AccessPackage, type ChangeRequestStatus, type LocalizedText, type Right, type RequestStatus, type SystemUserType } from 'altinn-systemuser-sdk/contract'
import type { Seed } from '../seed/schema.ts'

export interface Organisation {
  readonly orgNo: string
  readonly name: string
  readonly partyId: number
  readonly partyUuid: string
}

export interface PersonRelation {
  readonly orgNo: string
  readonly roles: string[]
  readonly accessPackages: string[]
}

export interface Person {
  readonly pid: string
  readonly name: string
  readonly partyId: number
  readonly partyUuid: string
  readonly relations: PersonRelation[]
}

export interface ResourceDef {
  readonly id: string
  readonly title: LocalizedText
  readonly resourceType: string
}

export interface AccessPackageDef {
  readonly urn: string
  /** The last part of the URN, e.g. `regnskapsforer-med-signeringsrettighet`. */
  readonly name: string
  readonly title: LocalizedText
  readonly isAssignable: boolean
  readonly isDelegable: boolean
  readonly resources: string[]
}

export interface RoleDef {
  readonly code: string
  readonly urn: string
  readonly name: LocalizedText
  readonly accessPackages: string[]
}

export interface ClientRelation {
  readonly facilitatorOrgNo: string
  readonly clientOrgNo: string
  readonly roles: string[]
  readonly accessPackages: string[]
}

export interface ChangeLogEntry {
  readonly changeType: 'create' | 'update' | 'rightsupdate' | 'accesspackageupdate' | 'delete'
  readonly changedByOrgNumber: string
  readonly changedData: unknown
  readonly clientId?: string
  readonly created: number
}

export interface RegisteredSystem {
  readonly internalId: string
  readonly id: string
  readonly vendorOrgNo: string
  readonly name: LocalizedText
  readonly description: LocalizedText
  readonly rights: Right[]
  readonly accessPackages: AccessPackage[]
  readonly clientIds: string[]
  readonly allowedRedirectUrls: string[]
  readonly isVisible: boolean
  readonly isDeleted: boolean
  readonly created: number
  readonly changelog: ChangeLogEntry[]
}

export type RequestKind = 'standard' | 'agent'

export interface RequestRecord {
  readonly id: string
  readonly kind: RequestKind
  readonly systemId: string
  readonly partyOrgNo: string
  readonly externalRef: string
  readonly rights: Right[]
  readonly accessPackages: AccessPackage[]
  readonly redirectUrl?: string
  readonly integrationTitle: string
  readonly status: RequestStatus
  readonly escalated: boolean
  readonly created: number
  readonly isDeleted: boolean
  /** Who decided, and when (for the journal and the inspector; not on the wire). */
  readonly decidedBy?: string
  readonly decidedAt?: number
}

/**
 * A change request for an existing standard system user (reference §10). Its id is the vendor's correlation id;
 * `NoChangeNeeded` answers are never stored, as in Altinn.
 */
export interface ChangeRequest {
  readonly id: string
  readonly systemId: string
  readonly systemUserId: string
  readonly partyOrgNo: string
  readonly externalRef: string
  readonly requiredRights: Right[]
  readonly unwantedRights: Right[]
  readonly requiredAccessPackages: AccessPackage[]
  readonly unwantedAccessPackages: AccessPackage[]
  readonly redirectUrl?: string
  readonly status: ChangeRequestStatus
  readonly created: number
  readonly isDeleted: boolean
  /** Who decided, and when (for the journal and the inspector; not on the wire). */
  readonly decidedBy?: string
  readonly decidedAt?: number
}

export interface SystemUserRecord {
  readonly id: string
  readonly type: SystemUserType
  readonly systemId: string
  readonly systemInternalId: string
  readonly reporteeOrgNo: string
  readonly externalRef: string
  readonly integrationTitle: string
  readonly supplierOrgNo: string
  /** What was delegated to the system user (standard) or what it may do for clients (agent). */
  readonly rights: Right[]
  readonly accessPackages: AccessPackage[]
  readonly created: number
  readonly isDeleted: boolean
  readonly sequenceNo: number
}

export interface ClientDelegation {
  readonly clientOrgNo: string
  readonly addedAt: number
  readonly addedBy?: string
}

export interface MaskinportenClient {
  readonly clientId: string
  readonly orgNo: string
  readonly kid: string
  /** Public JWKs that verify this client's assertions. */
  readonly publicJwks: JsonWebKey[]
  readonly scopes: string[]
  /** Test-only private key from the seed, so tests can sign as this client. */
  readonly privateJwk?: JsonWebKey & { kid?: string }
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
  const pub: Record<string, unknown> = { ...jwk }
  for (const member of PRIVATE_JWK_MEMBERS) delete pub[member]
  return pub as JsonWebKey & { kid?: string }
}

/** The rows of each collection a (partial) seed describes; systems are registered as if created at `now`. */
export interface SeedRows {
  organisations: Organisation[]
  persons: Person[]
  resources: ResourceDef[]
  accessPackages: AccessPackageDef[]
  roles: RoleDef[]
  systems: RegisteredSystem[]
  maskinportenClients: MaskinportenClient[]
}

/**
 * The rows a (partial) seed describes, with the ids a seed may leave out derived from names (so they survive a
 * restart). Client relations are merged by the store (`store.ts`), not made here.
 *
 * @example
 * ```ts
 * rowsOfSeed({ organisations: [{ orgNo: '310000001', name: 'Test AS' }] }, Date.now()).organisations[0].partyUuid
 * ```
 */
export function rowsOfSeed(seed: Partial<Seed>, now: number): SeedRows {
  return {
    organisations: (seed.organisations ?? []).map((o) => ({
      orgNo: o.orgNo,
      name: o.name,
      partyId: o.partyId ?? deterministicPartyId(`org:${o.orgNo}`),
      partyUuid: o.partyUuid ?? deterministicGuid(`org:${o.orgNo}`),
    })),
    persons: (seed.persons ?? []).map((p) => ({
      pid: p.pid,
      name: p.name,
      partyId: p.partyId ?? deterministicPartyId(`person:${p.pid}`),
      partyUuid: p.partyUuid ?? deterministicGuid(`person:${p.pid}`),
      relations: p.relations.map((r) => ({ orgNo: r.orgNo, roles: [...r.roles], accessPackages: [...r.accessPackages] })),
    })),
    resources: (seed.resources ?? []).map((r) => ({ ...r })),
    accessPackages: (seed.accessPackages ?? []).map((p) => {
      const name = packageName(p.urn)
      return { urn: p.urn, name, title: p.name, isAssignable: p.isAssignable, isDelegable: p.isDelegable, resources: [...p.resources] }
    }),
    roles: (seed.roles ?? []).map((r) => ({ ...r, accessPackages: [...r.accessPackages] })),
    systems: (seed.systems ?? []).map((s) => ({
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
    })),
    maskinportenClients: (seed.maskinportenClients ?? []).map((c) => {
      const privateJwk = c.privateJwk as (JsonWebKey & { kid?: string }) | undefined
      const publicJwks = c.jwks ? (c.jwks.keys as JsonWebKey[]) : privateJwk ? [{ ...publicJwkOf(privateJwk), kid: privateJwk.kid ?? c.kid }] : []
      return { clientId: c.clientId, orgNo: c.orgNo, kid: c.kid, publicJwks, scopes: [...c.scopes], ...(privateJwk ? { privateJwk } : {}) }
    }),
  }
}
