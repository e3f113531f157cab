/**
 * The cast in `seed/personas.ts` is the default seed's: each organisation and person is in `default-seed.json` with
 * the name the module gives it (and the seed has no one else), each system and Maskinporten client is there with
 * its vendor, and the catalogue entries, client relations and redirect URL the stories rely on are as named.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import * as personas from '../../../mock-server/seed/personas.ts'
import {
  AGENT_CLIENT_ID,
  AGENT_SYSTEM,
  CLIENT_ADMIN_CLIENT_ID,
  CLIENT_ADMIN_SYSTEM,
  CLIENTS,
  CUSTOMER,
  DRESS_MINST,
  FACILITATOR,
  FLITTIG_ANSATT,
  KLIENTADMINISTRATOR,
  KONKURRENT,
  KONKURRENT_CLIENT_ID,
  KRAV,
  NON_CLIENT,
  RECEIPT_URL,
  REGNSKAPSFORER,
  SEEDED_NAMES,
  SKATTEGRUNNLAG,
  SMARTCLOUD,
  STADIG_KONSERT,
  STANDARD_CLIENT_ID,
  STANDARD_SYSTEM,
} from '../../../mock-server/seed/personas.ts'

interface SeedFile {
  organisations: { orgNo: string; name: string }[]
  persons: { pid: string; name: string; relations: { orgNo: string; roles: string[]; accessPackages: string[] }[] }[]
  resources: { id: string }[]
  accessPackages: { urn: string; resources: string[] }[]
  clientRelations: { facilitatorOrgNo: string; clientOrgNo: string; roles: string[] }[]
  systems: { id: string; vendorOrgNo: string; rights: { resource: { value: string }[] }[]; accessPackages: { urn: string }[]; clientId: string[]; allowedRedirectUrls: string[] }[]
  maskinportenClients: { clientId: string; orgNo: string }[]
}

const seed = JSON.parse(readFileSync(new URL('../../../mock-server/seed/default-seed.json', import.meta.url), 'utf8')) as SeedFile
const numbers = Object.entries(personas).flatMap(([constant, value]) => (typeof value === 'string' && /^\d{9}(\d{2})?$/.test(value) ? [[constant, value] as const] : []))

describe('the personas of the default seed', () => {
  it('has every organisation and person constant in default-seed.json under the name it gives it', () => {
    expect(numbers.length).toBe(12)
    for (const [constant, number] of numbers) {
      const inSeed = number.length === 9 ? seed.organisations.find((o) => o.orgNo === number) : seed.persons.find((p) => p.pid === number)
      expect(inSeed?.name, `${constant} (${number})`).toBe(SEEDED_NAMES[number])
    }
  })

  it('names everyone the default seed has, and nobody else', () => {
    expect(Object.keys(SEEDED_NAMES).sort()).toEqual(numbers.map(([, n]) => n).sort())
    expect([...seed.organisations.map((o) => o.orgNo), ...seed.persons.map((p) => p.pid)].sort()).toEqual(Object.keys(SEEDED_NAMES).sort())
  })

  it('has the systems with their vendor, their Maskinporten clients and what each is for', () => {
    const system = (id: string) => seed.systems.find((s) => s.id === id)
    expect(system(STANDARD_SYSTEM)).toMatchObject({ vendorOrgNo: SMARTCLOUD, clientId: [STANDARD_CLIENT_ID], allowedRedirectUrls: [RECEIPT_URL] })
    expect(system(STANDARD_SYSTEM)!.rights.flatMap((r) => r.resource.map((x) => x.value))).toEqual([KRAV])
    expect(system(AGENT_SYSTEM)).toMatchObject({ vendorOrgNo: SMARTCLOUD, clientId: [AGENT_CLIENT_ID], accessPackages: [{ urn: REGNSKAPSFORER }] })
    expect(system(CLIENT_ADMIN_SYSTEM)).toMatchObject({ vendorOrgNo: SMARTCLOUD, clientId: [CLIENT_ADMIN_CLIENT_ID], accessPackages: [{ urn: KLIENTADMINISTRATOR }] })
    const owner = (clientId: string) => seed.maskinportenClients.find((c) => c.clientId === clientId)?.orgNo
    expect([STANDARD_CLIENT_ID, AGENT_CLIENT_ID, CLIENT_ADMIN_CLIENT_ID, KONKURRENT_CLIENT_ID].map(owner)).toEqual([SMARTCLOUD, SMARTCLOUD, SMARTCLOUD, KONKURRENT])
  })

  it('has the catalogue and the relations the stories rely on', () => {
    expect(seed.resources.map((r) => r.id)).toEqual(expect.arrayContaining([KRAV, SKATTEGRUNNLAG]))
    expect(seed.accessPackages.find((p) => p.urn === REGNSKAPSFORER)?.resources).toEqual([KRAV])
    expect(seed.accessPackages.some((p) => p.urn === KLIENTADMINISTRATOR)).toBe(true)
    expect(seed.clientRelations.filter((r) => r.facilitatorOrgNo === FACILITATOR).map((r) => r.clientOrgNo)).toEqual([...CLIENTS])
    expect(seed.clientRelations.some((r) => r.clientOrgNo === NON_CLIENT)).toBe(false)
    const relationsOf = (pid: string) => seed.persons.find((p) => p.pid === pid)!.relations
    expect(relationsOf(STADIG_KONSERT)).toEqual([{ orgNo: CUSTOMER, roles: ['DAGL'], accessPackages: ['tilgangsstyrer'] }])
    expect(relationsOf(DRESS_MINST)[0]).toMatchObject({ orgNo: FACILITATOR, accessPackages: expect.arrayContaining(['tilgangsstyrer', 'klientadministrator']) })
    expect(relationsOf(FLITTIG_ANSATT)[0]!.accessPackages).not.toContain('tilgangsstyrer')
  })
})
