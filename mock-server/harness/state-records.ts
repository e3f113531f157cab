/**
 * The shapes of what a state file holds, checked with zod on load as a seed file is: a record that reads as JSON
 * but has the wrong shape (a status that is not one, a name that is not text, a clock shift past the end of
 * time) is refused with the line and the field, instead of loading and then failing every page that shows it.
 *
 * Records are checked, not rewritten: fields this version does not know are kept as they were saved.
 *
 * @example
 * ```ts
 * const problem = checkStateRecord(JSON.parse(line), 2)
 * if (problem) throw new Error(`line 2: ${problem}`)
 * ```
 */
import * as z from 'zod'
import { AccessPackageSchema, ChangeRequestStatusSchema, LocalizedTextSchema, RequestStatusSchema, RightSchema, SystemUserTypeSchema } from 'altinn-systemuser-sdk/contract'
import {
  SeedAccessPackageSchema,
  SeedClientRelationSchema,
  SeedMaskinportenClientSchema,
  SeedOrganisationSchema,
  SeedPersonSchema,
  SeedResourceSchema,
  SeedRoleSchema,
  SeedSystemSchema,
} from '../seed/schema.ts'

/** An instant or a duration in milliseconds that a `Date` can hold (so `toISOString` never throws). */
const millis = z.number().min(-8.64e15).max(8.64e15)
const text = z.string()
const texts = z.array(z.string())
const rights = z.array(RightSchema)
const packages = z.array(AccessPackageSchema)

const OrganisationSaved = z.looseObject({ orgNo: text, name: text, partyId: z.number(), partyUuid: text })
const PersonSaved = z.looseObject({
  pid: text,
  name: text,
  partyId: z.number(),
  partyUuid: text,
  relations: z.array(z.looseObject({ orgNo: text, roles: texts, accessPackages: texts })),
})
const ResourceSaved = z.looseObject({ id: text, title: LocalizedTextSchema, resourceType: text })
const AccessPackageSaved = z.looseObject({ urn: text, name: text, title: LocalizedTextSchema, isAssignable: z.boolean(), isDelegable: z.boolean(), resources: texts })
const RoleSaved = z.looseObject({ code: text, urn: text, name: LocalizedTextSchema, accessPackages: texts })
const ClientRelationSaved = z.looseObject({ facilitatorOrgNo: text, clientOrgNo: text, roles: texts, accessPackages: texts })
const SystemSaved = z.looseObject({
  internalId: text,
  id: text,
  vendorOrgNo: text,
  name: LocalizedTextSchema,
  description: LocalizedTextSchema,
  rights,
  accessPackages: packages,
  clientIds: texts,
  allowedRedirectUrls: texts,
  isVisible: z.boolean(),
  isDeleted: z.boolean(),
  created: millis,
  changelog: z.array(
    z.looseObject({
      changeType: z.enum(['create', 'update', 'rightsupdate', 'accesspackageupdate', 'delete']),
      changedByOrgNumber: text,
      changedData: z.unknown(),
      clientId: text.optional(),
      created: millis,
    }),
  ),
})
const decision = { decidedBy: text.optional(), decidedAt: millis.optional() }
const RequestSaved = z.looseObject({
  id: text,
  kind: z.enum(['standard', 'agent']),
  systemId: text,
  partyOrgNo: text,
  externalRef: text,
  rights,
  accessPackages: packages,
  redirectUrl: text.optional(),
  integrationTitle: text,
  status: RequestStatusSchema,
  escalated: z.boolean(),
  created: millis,
  isDeleted: z.boolean(),
  ...decision,
})
const ChangeRequestSaved = z.looseObject({
  id: text,
  systemId: text,
  systemUserId: text,
  partyOrgNo: text,
  externalRef: text,
  requiredRights: rights,
  unwantedRights: rights,
  requiredAccessPackages: packages,
  unwantedAccessPackages: packages,
  redirectUrl: text.optional(),
  status: ChangeRequestStatusSchema,
  created: millis,
  isDeleted: z.boolean(),
  ...decision,
})
const SystemUserSaved = z.looseObject({
  id: text,
  type: SystemUserTypeSchema,
  systemId: text,
  systemInternalId: text,
  reporteeOrgNo: text,
  externalRef: text,
  integrationTitle: text,
  supplierOrgNo: text,
  rights,
  accessPackages: packages,
  created: millis,
  isDeleted: z.boolean(),
  sequenceNo: z.number().int().safe(),
})
/** A system user's clients, saved as `[clientOrgNo, delegation]` pairs. */
const ClientDelegationsSaved = z.array(z.tuple([text, z.looseObject({ clientOrgNo: text, addedAt: millis, addedBy: text.optional() })]))
const MaskinportenClientSaved = z.looseObject({
  clientId: text,
  orgNo: text,
  kid: text,
  publicJwks: z.array(z.looseObject({ kty: text })),
  scopes: texts,
  privateJwk: z.looseObject({ kty: text }).optional(),
})

/** Each saved collection: the shape of a record, and the field its key must equal. */
const COLLECTIONS = {
  organisations: { schema: OrganisationSaved, key: (r: any) => r.orgNo },
  persons: { schema: PersonSaved, key: (r: any) => r.pid },
  resources: { schema: ResourceSaved, key: (r: any) => r.id },
  accessPackages: { schema: AccessPackageSaved, key: (r: any) => r.name },
  roles: { schema: RoleSaved, key: (r: any) => r.code },
  systems: { schema: SystemSaved, key: (r: any) => r.id },
  requests: { schema: RequestSaved, key: (r: any) => r.id },
  changeRequests: { schema: ChangeRequestSaved, key: (r: any) => r.id },
  systemUsers: { schema: SystemUserSaved, key: (r: any) => r.id },
  clientDelegations: { schema: ClientDelegationsSaved, key: undefined },
  maskinportenClients: { schema: MaskinportenClientSaved, key: (r: any) => r.clientId },
} as const

/** The collections saved record by record; everything else in `State` is derived from them. */
const PRIMARY_COLLECTIONS = Object.keys(COLLECTIONS) as (keyof typeof COLLECTIONS)[]
export type CollectionName = keyof typeof COLLECTIONS

const SeedPartSaved = z.object({
  organisations: z.array(SeedOrganisationSchema).optional(),
  persons: z.array(SeedPersonSchema).optional(),
  resources: z.array(SeedResourceSchema).optional(),
  accessPackages: z.array(SeedAccessPackageSchema).optional(),
  roles: z.array(SeedRoleSchema).optional(),
  clientRelations: z.array(SeedClientRelationSchema).optional(),
  systems: z.array(SeedSystemSchema).optional(),
  maskinportenClients: z.array(SeedMaskinportenClientSchema).optional(),
})

/** A used assertion: its replay id (a SHA-256 in base64url) and its `exp` in seconds. */
const UsedAssertionsSaved = z.array(z.tuple([z.string().min(1).max(100), z.number().min(0).max(8.64e12)]))

const collections = z.record(z.string(), z.array(z.unknown()))
const common = {
  clientRelations: z.array(ClientRelationSaved),
  seedParts: z.array(SeedPartSaved),
  nextSequenceNo: z.number().int().min(1).safe(),
  clockOffset: millis.nullable(),
  usedAssertions: UsedAssertionsSaved,
}

const SnapshotShape = z.looseObject({
  kind: z.literal('snapshot'),
  version: z.number(),
  savedAt: text,
  collections,
  ...common,
  usedAssertions: UsedAssertionsSaved.optional(),
})

const ChangeShape = z.looseObject({
  kind: z.literal('change'),
  set: collections.optional(),
  delete: z.record(z.string(), z.array(z.string())).optional(),
  clientRelations: common.clientRelations.optional(),
  seedParts: common.seedParts.optional(),
  nextSequenceNo: common.nextSequenceNo.optional(),
  clockOffset: common.clockOffset.optional(),
  usedAssertions: UsedAssertionsSaved.optional(),
})

function describeIssues(error: z.ZodError, prefix: string): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${[prefix, ...i.path.map(String)].filter(Boolean).join('.') || '(the record)'}: ${i.message}`)
    .join('; ')
}

function checkCollections(value: Record<string, unknown[]>, where: string, pairs: boolean): string | undefined {
  for (const [name, entries] of Object.entries(value)) {
    const def = (COLLECTIONS as Record<string, (typeof COLLECTIONS)[CollectionName]>)[name]
    if (!def) return `${where}.${name}: not a collection of the mock's state (${PRIMARY_COLLECTIONS.join(', ')})`
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i]
      if (!pairs) {
        if (typeof entry !== 'string') return `${where}.${name}.${i}: must be a key`
        continue
      }
      if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== 'string') return `${where}.${name}.${i}: must be a [key, record] pair`
      const [key, record] = entry as [string, unknown]
      const checked = def.schema.safeParse(record)
      if (!checked.success) return `${describeIssues(checked.error, `${where}.${name} "${key.slice(0, 60)}"`)}`
      if (def.key && def.key(record) !== key) return `${where}.${name} "${key.slice(0, 60)}": the record's own id is "${String(def.key(record)).slice(0, 60)}"`
    }
  }
  return undefined
}

/**
 * Check one record of a state file (the snapshot on line 1, a change after it). Returns what is wrong, naming
 * the field, or undefined when the record is sound.
 *
 * @example
 * ```ts
 * checkStateRecord({ kind: 'change', set: { requests: [['x', { id: 'x', status: 42 }]] } }, 2)
 * // 'set.requests "x".kind: Invalid option: ...'
 * ```
 */
export function checkStateRecord(record: unknown, line: number): string | undefined {
  const isObject = typeof record === 'object' && record !== null && !Array.isArray(record)
  if (line === 1) {
    if (!isObject || (record as { kind?: unknown }).kind !== 'snapshot') return 'the first line is not a snapshot (is this a state file of Mock Altinn?)'
    const shape = SnapshotShape.safeParse(record)
    if (!shape.success) return describeIssues(shape.error, '')
    return checkCollections(shape.data.collections, 'collections', true)
  }
  if (!isObject || (record as { kind?: unknown }).kind !== 'change') return 'it is not a change record'
  const shape = ChangeShape.safeParse(record)
  if (!shape.success) return describeIssues(shape.error, '')
  return (shape.data.set && checkCollections(shape.data.set, 'set', true)) ?? (shape.data.delete && checkCollections(shape.data.delete as Record<string, unknown[]>, 'delete', false))
}
