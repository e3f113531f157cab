/**
 * The register and the catalogue: who may do what for which organisation.
 *
 * Altinn decides these through its PDP and Access Management. The mock models the part the system-user flows
 * depend on: a person's ER roles and access packages per organisation, and the client relationships between a
 * facilitator (an accounting firm) and its clients.
 */
import type { MockContext } from './context.ts'
import { type AccessPackageDef, type ClientRelation, type Organisation, type Person, packageName } from './state.ts'

/** Packages that make a person an access manager (`altinn_access_management` write). */
const ACCESS_MANAGER_PACKAGES = ['tilgangsstyrer', 'hovedadministrator']
/** Packages that make a person a client administrator (`altinn_client_administration`). */
const CLIENT_ADMIN_PACKAGES = ['klientadministrator', 'hovedadministrator']

export function getOrganisation(ctx: MockContext, orgNo: string): Organisation | undefined {
  return ctx.store.organisations.get(orgNo)
}

export function getPerson(ctx: MockContext, pid: string): Person | undefined {
  return ctx.store.persons.get(pid)
}

/** The package names a person holds for an organisation: delegated directly and carried by ER roles. */
function packagesOfPerson(ctx: MockContext, pid: string, orgNo: string): Set<string> {
  const person = ctx.store.persons.get(pid)
  const result = new Set<string>()
  for (const rel of person?.relations ?? []) {
    if (rel.orgNo !== orgNo) continue
    for (const p of rel.accessPackages) result.add(p)
    for (const r of rel.roles) for (const p of ctx.store.roles.get(r)?.accessPackages ?? []) result.add(p)
  }
  return result
}

/** Whether the person has any role or package for the organisation (may see and escalate its requests). */
export function isRelated(ctx: MockContext, pid: string, orgNo: string): boolean {
  return (ctx.store.persons.get(pid)?.relations ?? []).some((r) => r.orgNo === orgNo)
}

/** Whether the person may approve, reject and delete system users for the organisation. */
export function isAccessManager(ctx: MockContext, pid: string, orgNo: string): boolean {
  const held = packagesOfPerson(ctx, pid, orgNo)
  return ACCESS_MANAGER_PACKAGES.some((p) => held.has(p))
}

/** Whether the person may add and remove clients of the organisation's agent system users. */
export function isClientAdministrator(ctx: MockContext, pid: string, orgNo: string): boolean {
  const held = packagesOfPerson(ctx, pid, orgNo)
  return CLIENT_ADMIN_PACKAGES.some((p) => held.has(p))
}

/**
 * Whether the person may delegate the package to a system user for the organisation: they hold it, or they are
 * main administrator (who holds every assignable package of the organisation).
 */
export function mayDelegatePackage(ctx: MockContext, pid: string, orgNo: string, name: string): boolean {
  const held = packagesOfPerson(ctx, pid, orgNo)
  return held.has(name) || held.has('hovedadministrator')
}

/** Organisations the person may act for, in seed order. */
export function organisationsOfPerson(ctx: MockContext, pid: string): Organisation[] {
  const person = ctx.store.persons.get(pid)
  const seen = new Set<string>()
  const result: Organisation[] = []
  for (const rel of person?.relations ?? []) {
    const org = ctx.store.organisations.get(rel.orgNo)
    if (org && !seen.has(org.orgNo)) {
      seen.add(org.orgNo)
      result.push(org)
    }
  }
  return result
}

/** A seeded person who may decide for the organisation (the control API's default approver). */
export function findAccessManager(ctx: MockContext, orgNo: string): Person | undefined {
  for (const p of ctx.store.persons.values()) if (isAccessManager(ctx, p.pid, orgNo)) return p
  return undefined
}

/** A seeded person who may administer the organisation's clients. */
export function findClientAdministrator(ctx: MockContext, orgNo: string): Person | undefined {
  for (const p of ctx.store.persons.values()) if (isClientAdministrator(ctx, p.pid, orgNo)) return p
  return undefined
}

export function getPackage(ctx: MockContext, urnOrName: string): AccessPackageDef | undefined {
  return ctx.store.accessPackages.get(packageName(urnOrName))
}

/** The client relation between a facilitator and a client, if any. */
export function getClientRelation(ctx: MockContext, facilitatorOrgNo: string, clientOrgNo: string): ClientRelation | undefined {
  return ctx.store.clientRelations.find((c) => c.facilitatorOrgNo === facilitatorOrgNo && c.clientOrgNo === clientOrgNo)
}

/** Every client relation of a facilitator. */
export function clientRelationsOf(ctx: MockContext, facilitatorOrgNo: string): ClientRelation[] {
  return ctx.store.clientRelations.filter((c) => c.facilitatorOrgNo === facilitatorOrgNo)
}

/** Package names a client relation carries: from the facilitator's ER roles for the client and manual delegations. */
export function packagesOfRelation(ctx: MockContext, relation: ClientRelation): Set<string> {
  const result = new Set(relation.accessPackages)
  for (const r of relation.roles) for (const p of ctx.store.roles.get(r)?.accessPackages ?? []) result.add(p)
  return result
}
