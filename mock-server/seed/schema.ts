/**
 * The seed: everything the mock knows at start (and after `POST /__mock/reset`). A seed file is JSON of this
 * shape; it is validated on load with a message naming each bad field. The default seed
 * (`default-seed.json`) is itself such a file.
 *
 * @example
 * ```ts
 * import { parseSeed } from './schema.ts'
 * const seed = parseSeed(JSON.parse(text)) // throws SeedError listing every bad field
 * ```
 */
import * as z from 'zod'
import { AccessPackageSchema, LocalizedTextSchema, RightSchema } from 'altinn-systemuser-sdk/contract'
import { isSyntheticPid, isValidOrgNo } from './identifiers.ts'

// The patterns reach the JSON Schema of seed files (editors check them); the check digits only the loader can check.
const orgNo = z
  .string()
  .regex(/^\d{9}$/, 'must be a nine-digit organisation number with a valid MOD11 check digit')
  .refine((v) => !/^\d{9}$/.test(v) || isValidOrgNo(v), 'must be a nine-digit organisation number with a valid MOD11 check digit')
  .describe('Organisation number: nine digits with a valid MOD11 check digit.')
const pid = z
  .string()
  .regex(/^\d{11}$/, 'must be a synthetic (Tenor) person number: eleven digits, month + 80, valid check digits')
  .refine((v) => !/^\d{11}$/.test(v) || isSyntheticPid(v), 'must be a synthetic (Tenor) person number: eleven digits, month + 80, valid check digits')
  .describe('Synthetic (Tenor) person number: eleven digits, month + 80, valid check digits. Real ones are refused.')
// Spelled out rather than with the `i` flag, which a JSON Schema pattern cannot carry.
const guid = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'must be a GUID')

/** A private JWK (test-only keys: the seed is for a mock). */
const PrivateJwkSchema = z.looseObject({ kty: z.string(), kid: z.string().optional() })

export const SeedOrganisationSchema = z.object({
  orgNo,
  name: z.string().min(1),
  partyId: z.number().int().positive().optional(),
  /** The party UUID Altinn names the organisation by (the client-delegation API's `client=`); derived from the organisation number when left out. */
  partyUuid: guid.optional().describe('Party UUID (the client-delegation API names clients by it); derived from the organisation number when left out.'),
})

const SeedRelationSchema = z.object({
  orgNo,
  /** ER roles the person has in the organisation, e.g. `DAGL`. */
  roles: z.array(z.string()).default([]),
  /** Access-package names delegated to the person for the organisation, e.g. `tilgangsstyrer`. */
  accessPackages: z.array(z.string()).default([]),
})

export const SeedPersonSchema = z.object({
  pid,
  name: z.string().min(1),
  partyId: z.number().int().positive().optional(),
  partyUuid: guid.optional(),
  relations: z.array(SeedRelationSchema).default([]),
})

const ResourceTypes = [
  'AltinnApp', 'Systemresource', 'Default', 'CorrespondenceService', 'BrokerService', 'GenericAccessResource',
  'MigratedApp', 'MaskinportenSchema',
] as const

export const SeedResourceSchema = z.object({
  id: z.string().min(1),
  title: LocalizedTextSchema,
  resourceType: z.enum(ResourceTypes),
})

export const SeedAccessPackageSchema = z.object({
  /** Full URN, `urn:altinn:accesspackage:<name>`. */
  urn: z.string().regex(/^urn:altinn:accesspackage:[a-z0-9-]+$/, 'must be urn:altinn:accesspackage:<name>'),
  name: LocalizedTextSchema,
  /** May go to a standard system user. */
  isAssignable: z.boolean(),
  /** May go through a client relationship (agent system user). */
  isDelegable: z.boolean(),
  /** Resource ids the package grants. */
  resources: z.array(z.string()).default([]),
})

export const SeedRoleSchema = z.object({
  /** ER role code, e.g. `DAGL`, `REGN`. */
  code: z.string().min(1),
  urn: z.string(),
  name: LocalizedTextSchema,
  /** Access-package names the role carries for the holder (person role) or the facilitator (client role). */
  accessPackages: z.array(z.string()).default([]),
})

export const SeedClientRelationSchema = z.object({
  facilitatorOrgNo: orgNo,
  clientOrgNo: orgNo,
  /** ER roles the facilitator holds for the client, e.g. `REGN`. */
  roles: z.array(z.string()).default([]),
  /** Access-package names the client delegated to the facilitator by hand. */
  accessPackages: z.array(z.string()).default([]),
})

export const SeedSystemSchema = z.object({
  id: z.string().min(1),
  vendorOrgNo: orgNo,
  name: LocalizedTextSchema,
  description: LocalizedTextSchema,
  rights: z.array(RightSchema).default([]),
  accessPackages: z.array(AccessPackageSchema).default([]),
  clientId: z.array(z.string()).default([]),
  isVisible: z.boolean().default(true),
  allowedRedirectUrls: z.array(z.string()).default([]),
})

export const SeedMaskinportenClientSchema = z.object({
  clientId: z.string().min(1),
  orgNo,
  kid: z.string().min(1),
  /** Test-only private key; the public half verifies the client's assertions. */
  privateJwk: PrivateJwkSchema.optional(),
  /** Public keys, when the private key is not in the seed. */
  jwks: z.object({ keys: z.array(z.looseObject({ kty: z.string() })) }).optional(),
  scopes: z.array(z.string()).default([]),
})

export const SeedSchema = z.object({
  /** The JSON Schema of the file (`seed.schema.json`), for editors; the mock ignores it. */
  $schema: z.string().optional().describe('The JSON Schema of this file, for editors (seed.schema.json); the mock ignores it.'),
  organisations: z.array(SeedOrganisationSchema).default([]),
  persons: z.array(SeedPersonSchema).default([]),
  resources: z.array(SeedResourceSchema).default([]),
  accessPackages: z.array(SeedAccessPackageSchema).default([]),
  roles: z.array(SeedRoleSchema).default([]),
  clientRelations: z.array(SeedClientRelationSchema).default([]),
  systems: z.array(SeedSystemSchema).default([]),
  maskinportenClients: z.array(SeedMaskinportenClientSchema).default([]),
  /**
   * The mock's own signing keys (test-only): Maskinporten's, Altinn's and ID-porten's. Pinned so tokens verify across
   * restarts; without `idporten` the mock makes an ID-porten key at start.
   */
  keys: z.object({
    maskinporten: PrivateJwkSchema,
    altinn: PrivateJwkSchema,
    idporten: PrivateJwkSchema.optional(),
  }),
})

export type Seed = Omit<z.infer<typeof SeedSchema>, '$schema'>
export type SeedInput = z.input<typeof SeedSchema>

/** A seed that failed validation; `issues` names each bad field. */
export class SeedError extends Error {
  constructor(
    readonly issues: string[],
    source = 'seed',
  ) {
    super(describeSeedIssues(issues, source))
    this.name = 'SeedError'
  }
}

/**
 * The message for a seed's issues, one a line.
 *
 * @example
 * ```ts
 * describeSeedIssues(['organisations.0.orgNo: 123 appears twice'], 'seed file x.json')
 * // 'The seed file x.json is not valid:\n  - organisations.0.orgNo: 123 appears twice'
 * ```
 */
export function describeSeedIssues(issues: readonly string[], source = 'seed'): string {
  return `The ${source} is not valid:\n${issues.map((i) => `  - ${i}`).join('\n')}`
}

/**
 * Validate a seed, including references between its parts (a person's organisation, a system's vendor, a
 * client relation's organisations, a package's resources). Throws {@link SeedError} naming every problem.
 */
export function parseSeed(input: unknown, source = 'seed'): Seed {
  const checked = checkSeed(input)
  if ('issues' in checked) throw new SeedError(checked.issues, source)
  return checked.seed
}

/**
 * {@link parseSeed} without throwing: the seed, or every problem found (for callers that answer with them).
 *
 * @example
 * ```ts
 * const checked = checkSeed(input)
 * if ('issues' in checked) console.error(checked.issues.join('\n'))
 * ```
 */
export function checkSeed(input: unknown): { seed: Seed } | { issues: string[] } {
  const parsed = SeedSchema.safeParse(input)
  if (!parsed.success) return { issues: parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`) }
  // `$schema` names the file's JSON Schema for editors; it is no part of the seed.
  const { $schema: _schema, ...seed } = parsed.data
  const issues: string[] = []
  const orgs = new Set<string>()
  seed.organisations.forEach((o, i) => {
    if (orgs.has(o.orgNo)) issues.push(`organisations.${i}.orgNo: ${o.orgNo} appears twice`)
    orgs.add(o.orgNo)
  })
  const pids = new Set<string>()
  seed.persons.forEach((p, i) => {
    if (pids.has(p.pid)) issues.push(`persons.${i}.pid: ${p.pid} appears twice`)
    pids.add(p.pid)
    p.relations.forEach((r, j) => {
      if (!orgs.has(r.orgNo)) issues.push(`persons.${i}.relations.${j}.orgNo: no organisation ${r.orgNo} in the seed`)
    })
  })
  const resources = new Set(seed.resources.map((r) => r.id))
  const packageNames = new Set(seed.accessPackages.map((p) => p.urn.slice('urn:altinn:accesspackage:'.length)))
  seed.accessPackages.forEach((p, i) =>
    p.resources.forEach((r, j) => {
      if (!resources.has(r)) issues.push(`accessPackages.${i}.resources.${j}: no resource ${r} in the seed`)
    }),
  )
  const roleCodes = new Set(seed.roles.map((r) => r.code))
  seed.roles.forEach((r, i) =>
    r.accessPackages.forEach((p, j) => {
      if (!packageNames.has(p)) issues.push(`roles.${i}.accessPackages.${j}: no access package ${p} in the seed`)
    }),
  )
  seed.clientRelations.forEach((c, i) => {
    if (!orgs.has(c.facilitatorOrgNo)) issues.push(`clientRelations.${i}.facilitatorOrgNo: no organisation ${c.facilitatorOrgNo} in the seed`)
    if (!orgs.has(c.clientOrgNo)) issues.push(`clientRelations.${i}.clientOrgNo: no organisation ${c.clientOrgNo} in the seed`)
    c.roles.forEach((r, j) => {
      if (!roleCodes.has(r)) issues.push(`clientRelations.${i}.roles.${j}: no role ${r} in the seed`)
    })
  })
  const clientIds = new Set<string>()
  seed.maskinportenClients.forEach((c, i) => {
    if (clientIds.has(c.clientId)) issues.push(`maskinportenClients.${i}.clientId: ${c.clientId} appears twice`)
    clientIds.add(c.clientId)
    if (!orgs.has(c.orgNo)) issues.push(`maskinportenClients.${i}.orgNo: no organisation ${c.orgNo} in the seed`)
    if (!c.privateJwk && !c.jwks) issues.push(`maskinportenClients.${i}: give privateJwk or jwks`)
  })
  const systemIds = new Set<string>()
  seed.systems.forEach((s, i) => {
    if (systemIds.has(s.id)) issues.push(`systems.${i}.id: ${s.id} appears twice`)
    systemIds.add(s.id)
    if (!s.id.startsWith(`${s.vendorOrgNo}_`)) issues.push(`systems.${i}.id: must start with the vendor's organisation number and "_"`)
    if (!orgs.has(s.vendorOrgNo)) issues.push(`systems.${i}.vendorOrgNo: no organisation ${s.vendorOrgNo} in the seed`)
    s.rights.forEach((r, j) =>
      r.resource.forEach((a, k) => {
        if (a.id === 'urn:altinn:resource' && !resources.has(a.value)) issues.push(`systems.${i}.rights.${j}.resource.${k}.value: no resource ${a.value} in the seed`)
      }),
    )
    s.accessPackages.forEach((p, j) => {
      if (!packageNames.has(p.urn.replace('urn:altinn:accesspackage:', ''))) issues.push(`systems.${i}.accessPackages.${j}.urn: no access package ${p.urn} in the seed`)
    })
  })
  return issues.length ? { issues } : { seed }
}
