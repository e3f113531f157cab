/**
 * Who plays which part in the seed guides' two stories, found in the seed in force by what each one is, not by a
 * list of names: SmartCloud's two systems name the vendor; the customer of the standard story is the first other
 * organisation with an access manager, who approves; the accounting firm of the agent story is the first
 * facilitator with a client administrator, who approves and adds clients; an employee of the customer without
 * access-manager rights and a person with no relation at all play the unhappy paths. With the default seed these are
 * SmartCloud AS, TILFELDIG SUBTIL APE and STADIG KONSERT, TILBAKEHOLDEN USYMMETRISK TIGER AS and DRESS MINST,
 * FLITTIG ANSATT and FREMMED TURIST; a seed of your own gets its own cast, and a part nobody can play is left out.
 */
import { DEMO_SYSTEM_IDS } from './demo-vendor.ts'
import { isAccessManager, isClientAdministrator, isRelated } from './directory.ts'
import type { MockAltinn } from './mock-altinn.ts'

/** An organisation by number and name, as the seed has it. */
export interface CastOrganisation {
  orgNo: string
  name: string
}

/** A person by number and name, with what they are in the organisation of their story (roles and packages, bokmål). */
export interface CastPerson {
  pid: string
  name: string
  /** E.g. `['Daglig leder', 'Tilgangsstyrer']`, from the seed's roles and access packages. */
  titles: string[]
}

/** SmartCloud's standard story: a customer connects SmartCloud and its access manager approves. */
export interface StandardStory {
  systemId: string
  systemName: string
  customer: CastOrganisation
  approver: CastPerson
  /** Related to the customer, not an access manager: may only forward the request (AUTH-00066). */
  employee?: CastPerson | undefined
}

/** SmartCloud's agent story: an accounting firm connects SmartCloud for its clients. */
export interface AgentStory {
  systemId: string
  systemName: string
  firm: CastOrganisation
  /** Client administrator (and access manager) of the firm: approves and adds clients. */
  approver: CastPerson
  /** The firm's clients, as its client relationships list them. */
  clients: CastOrganisation[]
}

/** The whole cast. */
export interface DemoCast {
  vendor?: CastOrganisation | undefined
  standard?: StandardStory | undefined
  agent?: AgentStory | undefined
  /** A person with no relation to any organisation: refused with AUTH-00066. */
  stranger?: CastPerson | undefined
}

function titlesOf(mock: MockAltinn, pid: string, orgNo: string): string[] {
  const seed = mock.seed
  const titles: string[] = []
  for (const rel of seed.persons.find((p) => p.pid === pid)?.relations ?? []) {
    if (rel.orgNo !== orgNo) continue
    for (const code of rel.roles) titles.push(seed.roles.find((r) => r.code === code)?.name.nb || code)
    for (const name of rel.accessPackages) titles.push(seed.accessPackages.find((p) => p.urn === `urn:altinn:accesspackage:${name}`)?.name.nb || name)
  }
  return [...new Set(titles)]
}

function personIn(mock: MockAltinn, pid: string, name: string, orgNo: string): CastPerson {
  return { pid, name, titles: titlesOf(mock, pid, orgNo) }
}

/**
 * The cast of the seed in force.
 *
 * @example
 * ```ts
 * const { standard } = castOf(mock)
 * standard?.approver.name // 'STADIG KONSERT'
 * ```
 */
export function castOf(mock: MockAltinn): DemoCast {
  const seed = mock.seed
  const systemOf = (id: string) => seed.systems.find((s) => s.id === id)
  const standardSystem = systemOf(DEMO_SYSTEM_IDS.standard)
  const agentSystem = systemOf(DEMO_SYSTEM_IDS.agent)
  const vendorOrgNo = (standardSystem ?? agentSystem)?.vendorOrgNo
  const vendor = seed.organisations.find((o) => o.orgNo === vendorOrgNo)
  const facilitators = new Set(seed.clientRelations.map((c) => c.facilitatorOrgNo))

  let standard: StandardStory | undefined
  if (standardSystem) {
    for (const org of seed.organisations) {
      if (org.orgNo === vendorOrgNo || facilitators.has(org.orgNo)) continue
      const approver = seed.persons.find((p) => isAccessManager(mock, p.pid, org.orgNo))
      if (!approver) continue
      const employee = seed.persons.find((p) => isRelated(mock, p.pid, org.orgNo) && !isAccessManager(mock, p.pid, org.orgNo))
      standard = {
        systemId: standardSystem.id,
        systemName: standardSystem.name.nb || standardSystem.id,
        customer: { orgNo: org.orgNo, name: org.name },
        approver: personIn(mock, approver.pid, approver.name, org.orgNo),
        ...(employee ? { employee: personIn(mock, employee.pid, employee.name, org.orgNo) } : {}),
      }
      break
    }
  }

  let agent: AgentStory | undefined
  if (agentSystem) {
    for (const orgNo of facilitators) {
      const firm = seed.organisations.find((o) => o.orgNo === orgNo)
      const approver = seed.persons.find((p) => isClientAdministrator(mock, p.pid, orgNo) && isAccessManager(mock, p.pid, orgNo))
      if (!firm || !approver) continue
      const clients = seed.clientRelations
        .filter((c) => c.facilitatorOrgNo === orgNo)
        .map((c) => seed.organisations.find((o) => o.orgNo === c.clientOrgNo))
        .filter((o) => o !== undefined)
        .map((o) => ({ orgNo: o.orgNo, name: o.name }))
      agent = {
        systemId: agentSystem.id,
        systemName: agentSystem.name.nb || agentSystem.id,
        firm: { orgNo: firm.orgNo, name: firm.name },
        approver: personIn(mock, approver.pid, approver.name, orgNo),
        clients,
      }
      break
    }
  }

  const stranger = seed.persons.find((p) => p.relations.length === 0)
  return {
    ...(vendor ? { vendor: { orgNo: vendor.orgNo, name: vendor.name } } : {}),
    ...(standard ? { standard } : {}),
    ...(agent ? { agent } : {}),
    ...(stranger ? { stranger: { pid: stranger.pid, name: stranger.name, titles: [] } } : {}),
  }
}
