/**
 * Writes mock-server/seed/default-seed.json: the personas of seed/personas.ts, with test-only keys.
 * `node --import tsx scripts/generate-default-seed.ts` keeps the keys the file already pins (by `kid`) and makes only
 * the missing ones, so the seed can change without rotating them; add `--rotate-keys` to make every key anew.
 */
import { generateKeyPairSync } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import {
  AGENT_CLIENT_ID, AGENT_SYSTEM, CLIENT_ADMIN_CLIENT_ID, CLIENT_ADMIN_SYSTEM, CLIENTS, CUSTOMER, DRESS_MINST, FACILITATOR, FLITTIG_ANSATT, FREMMED_TURIST,
  KLIENTADMINISTRATOR, KONKURRENT, KONKURRENT_CLIENT_ID, KRAV, NON_CLIENT, RECEIPT_URL, REGNSKAPSFORER, SEEDED_NAMES, SKATTEGRUNNLAG, SMARTCLOUD,
  STADIG_KONSERT, STANDARD_CLIENT_ID, STANDARD_SYSTEM,
} from '../mock-server/seed/personas.ts'

const target = fileURLToPath(new URL('../mock-server/seed/default-seed.json', import.meta.url))
const rotate = process.argv.includes('--rotate-keys')

/** The private keys the file pins now, by `kid`. */
function pinnedKeys(): Map<string, Record<string, unknown>> {
  const pinned = new Map<string, Record<string, unknown>>()
  if (rotate || !existsSync(target)) return pinned
  const current = JSON.parse(readFileSync(target, 'utf8')) as {
    maskinportenClients?: { privateJwk?: Record<string, unknown> }[]
    keys?: Record<string, Record<string, unknown>>
  }
  for (const jwk of [...(current.maskinportenClients ?? []).map((c) => c.privateJwk), ...Object.values(current.keys ?? {})])
    if (jwk && typeof jwk.kid === 'string') pinned.set(jwk.kid, jwk)
  return pinned
}
const pinned = pinnedKeys()

function rsaJwk(kid: string) {
  const kept = pinned.get(kid)
  if (kept) return kept
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  return { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }
}

// Altinn's client-admin guide: a Maskinporten client of its own for client administration (CLIENT_ADMIN_CLIENT_ID),
// with the client-delegation scopes, registered on a system that has the access package `klientadministrator`.
const vendorScopes = [
  'altinn:authentication/systemregister.write',
  'altinn:authentication/systemuser.request.read',
  'altinn:authentication/systemuser.request.write',
  'skatteetaten:kravogbetalinger',
]
const clientAdminScopes = [...vendorScopes, 'altinn:clientdelegations.read', 'altinn:clientdelegations.write']
const name = (nb: string, en = nb) => ({ nb, nn: nb, en })
/** An organisation or person of the cast, with the name it has in the seed. */
const org = (orgNo: string) => ({ orgNo, name: SEEDED_NAMES[orgNo]! })
const person = (pid: string) => ({ pid, name: SEEDED_NAMES[pid]! })
const right = (resource: string) => ({ resource: [{ id: 'urn:altinn:resource', value: resource }] })

const seed = {
  // Editors complete and check the file against its JSON Schema (scripts/generate-seed-schema.ts); the mock ignores it.
  $schema: './seed.schema.json',
  organisations: [
    org(SMARTCLOUD),
    org(CUSTOMER),
    org(FACILITATOR),
    ...CLIENTS.map(org),
    org(NON_CLIENT),
    org(KONKURRENT),
  ],
  persons: [
    { ...person(STADIG_KONSERT), relations: [{ orgNo: CUSTOMER, roles: ['DAGL'], accessPackages: ['tilgangsstyrer'] }] },
    { ...person(DRESS_MINST), relations: [{ orgNo: FACILITATOR, roles: [], accessPackages: ['tilgangsstyrer', 'klientadministrator', 'regnskapsforer-med-signeringsrettighet'] }] },
    { ...person(FLITTIG_ANSATT), relations: [{ orgNo: CUSTOMER, roles: [], accessPackages: ['skattegrunnlag'] }] },
    { ...person(FREMMED_TURIST), relations: [] },
  ],
  resources: [
    { id: KRAV, title: name('Krav og betalinger', 'Claims and payments'), resourceType: 'GenericAccessResource' },
    { id: SKATTEGRUNNLAG, title: name('Skattegrunnlag', 'Tax basis'), resourceType: 'GenericAccessResource' },
    { id: 'app_ttd_endring-av-navn-v2', title: name('Endring av navn', 'Change of name'), resourceType: 'AltinnApp' },
    { id: 'ske-maskinporten-schema', title: name('Maskinporten-skjema', 'Maskinporten schema'), resourceType: 'MaskinportenSchema' },
    // What Altinn's decision point is asked about before the client-delegation API answers (read or write).
    { id: 'altinn_client_administration', title: name('Klientadministrering', 'Client administration'), resourceType: 'Systemresource' },
  ],
  accessPackages: [
    { urn: REGNSKAPSFORER, name: name('Regnskapsfører med signeringsrettighet', 'Accountant with signing rights'), isAssignable: false, isDelegable: true, resources: [KRAV] },
    { urn: 'urn:altinn:accesspackage:regnskapsforer-uten-signeringsrettighet', name: name('Regnskapsfører uten signeringsrettighet', 'Accountant without signing rights'), isAssignable: false, isDelegable: true, resources: [] },
    { urn: 'urn:altinn:accesspackage:regnskapsforer-lonn', name: name('Regnskapsfører lønn', 'Accountant payroll'), isAssignable: false, isDelegable: true, resources: [] },
    { urn: 'urn:altinn:accesspackage:ansvarlig-revisor', name: name('Ansvarlig revisor', 'Responsible auditor'), isAssignable: false, isDelegable: true, resources: [] },
    { urn: 'urn:altinn:accesspackage:revisormedarbeider', name: name('Revisormedarbeider', 'Audit employee'), isAssignable: false, isDelegable: true, resources: [] },
    { urn: 'urn:altinn:accesspackage:forretningsforer-eiendom', name: name('Forretningsfører eiendom', 'Property manager'), isAssignable: false, isDelegable: true, resources: [] },
    { urn: 'urn:altinn:accesspackage:skattegrunnlag', name: name('Skattegrunnlag', 'Tax basis'), isAssignable: true, isDelegable: true, resources: [SKATTEGRUNNLAG] },
    { urn: 'urn:altinn:accesspackage:jordbruk', name: name('Jordbruk', 'Agriculture'), isAssignable: true, isDelegable: true, resources: [] },
    { urn: 'urn:altinn:accesspackage:tilgangsstyrer', name: name('Tilgangsstyrer', 'Access manager'), isAssignable: true, isDelegable: false, resources: [] },
    { urn: 'urn:altinn:accesspackage:hovedadministrator', name: name('Hovedadministrator', 'Main administrator'), isAssignable: true, isDelegable: false, resources: [] },
    { urn: KLIENTADMINISTRATOR, name: name('Klientadministrator', 'Client administrator'), isAssignable: true, isDelegable: false, resources: ['altinn_client_administration'] },
    { urn: 'urn:altinn:accesspackage:maskinporten-administrator', name: name('Maskinporten-administrator', 'Maskinporten administrator'), isAssignable: true, isDelegable: false, resources: [] },
    { urn: 'urn:altinn:accesspackage:eksplisitt', name: name('Eksplisitt tjenestedelegering', 'Explicit service delegation'), isAssignable: false, isDelegable: false, resources: [] },
  ],
  roles: [
    { code: 'DAGL', urn: 'urn:altinn:external-role:ccr:daglig-leder', name: name('Daglig leder', 'Managing director'), accessPackages: ['hovedadministrator'] },
    { code: 'LEDE', urn: 'urn:altinn:external-role:ccr:styreleder', name: name('Styrets leder', 'Chair of the board'), accessPackages: ['hovedadministrator'] },
    { code: 'REGN', urn: 'urn:altinn:external-role:ccr:regnskapsforer', name: name('Regnskapsfører', 'Accountant'), accessPackages: ['regnskapsforer-med-signeringsrettighet', 'regnskapsforer-uten-signeringsrettighet', 'regnskapsforer-lonn'] },
    { code: 'REVI', urn: 'urn:altinn:external-role:ccr:revisor', name: name('Revisor', 'Auditor'), accessPackages: ['ansvarlig-revisor', 'revisormedarbeider'] },
    { code: 'FFOR', urn: 'urn:altinn:external-role:ccr:forretningsforer', name: name('Forretningsfører', 'Business manager'), accessPackages: ['forretningsforer-eiendom'] },
  ],
  clientRelations: [
    ...CLIENTS.map((clientOrgNo) => ({ facilitatorOrgNo: FACILITATOR, clientOrgNo, roles: ['REGN'] })),
  ],
  systems: [
    {
      id: STANDARD_SYSTEM, vendorOrgNo: SMARTCLOUD,
      name: name('SmartCloud'), description: name('Regnskapssystem som viser skatte- og avgiftskrav', 'Accounting system that shows tax claims'),
      rights: [right(KRAV)],
      accessPackages: [], clientId: [STANDARD_CLIENT_ID], isVisible: true,
      allowedRedirectUrls: [RECEIPT_URL],
    },
    {
      id: AGENT_SYSTEM, vendorOrgNo: SMARTCLOUD,
      name: name('SmartCloud Regnskapsfører'), description: name('SmartCloud for regnskapsførere og deres klienter', 'SmartCloud for accountants and their clients'),
      rights: [], accessPackages: [{ urn: REGNSKAPSFORER }],
      clientId: [AGENT_CLIENT_ID], isVisible: false,
      allowedRedirectUrls: [RECEIPT_URL],
    },
    {
      id: CLIENT_ADMIN_SYSTEM, vendorOrgNo: SMARTCLOUD,
      name: name('SmartCloud Klientadministrasjon'), description: name('SmartCloud legger til og fjerner klienter for regnskapsførere', 'SmartCloud adds and removes clients for accountants'),
      rights: [], accessPackages: [{ urn: KLIENTADMINISTRATOR }],
      clientId: [CLIENT_ADMIN_CLIENT_ID], isVisible: true,
      allowedRedirectUrls: [RECEIPT_URL],
    },
  ],
  maskinportenClients: [
    { clientId: STANDARD_CLIENT_ID, orgNo: SMARTCLOUD, kid: 'smartcloud-2026', privateJwk: rsaJwk('smartcloud-2026'), scopes: vendorScopes },
    { clientId: AGENT_CLIENT_ID, orgNo: SMARTCLOUD, kid: 'smartcloud-agent-2026', privateJwk: rsaJwk('smartcloud-agent-2026'), scopes: vendorScopes },
    { clientId: KONKURRENT_CLIENT_ID, orgNo: KONKURRENT, kid: 'konkurrent-2026', privateJwk: rsaJwk('konkurrent-2026'), scopes: vendorScopes },
    { clientId: CLIENT_ADMIN_CLIENT_ID, orgNo: SMARTCLOUD, kid: 'smartcloud-clientadmin-2026', privateJwk: rsaJwk('smartcloud-clientadmin-2026'), scopes: clientAdminScopes },
  ],
  keys: {
    maskinporten: rsaJwk('mock-maskinporten-2026'),
    altinn: rsaJwk('mock-altinn-2026'),
    idporten: rsaJwk('mock-idporten-2026'),
  },
}

writeFileSync(target, JSON.stringify(seed, null, 2) + '\n')
console.log(`wrote ${target}`)
