/**
 * The decision point (reference §13): may this system user take this action on this resource for this party?
 *
 * - A standard system user acts for its owner only: Permit when it holds a right on the resource (with that
 *   action, or with no action named) or an access package that grants the resource.
 * - An agent system user acts only for its current clients: Permit when the party is one of them, the client
 *   relationship still exists, and one of the system user's access packages both grants the resource and is
 *   carried by that relationship (Altinn's system-integration tests: Permit after the client is delegated,
 *   NotApplicable once it is removed).
 * - Everything else is NotApplicable: no policy gives the subject anything there.
 *
 * The state is read on every call, so a deleted system user or a removed client loses access at once.
 */
import {
  XacmlAttributeIds,
  XacmlStatusCodes,
  type XacmlDecision,
  type XacmlJsonAttribute,
  type XacmlJsonCategory,
  type XacmlJsonRequest,
  type XacmlJsonResult,
} from 'altinn-systemuser-sdk/contract'
import type { MockContext } from './context.ts'
import { getClientRelation, getPackage, packagesOfRelation } from './directory.ts'
import { badInput } from './errors.ts'
import type { SystemUserRecord } from './state.ts'

/** One question: a system user, an action, a resource and the party it acts for. */
export interface SystemUserDecisionQuery {
  systemUserId: string
  action: string
  resource: string
  /** The organisation the system user acts for. */
  partyOrgNo: string
}

/** The answer and, for people and logs, why. */
export interface DecisionOutcome {
  decision: XacmlDecision
  reason: string
}

function notApplicable(reason: string): DecisionOutcome {
  return { decision: 'NotApplicable', reason }
}

function sameAction(a: string | null | undefined, b: string): boolean {
  return a == null || a === '' || a.toLowerCase() === b.toLowerCase()
}

function holdsRightDirectly(user: SystemUserRecord, resource: string, action: string): boolean {
  return user.rights.some((r) => sameAction(r.action, action) && r.resource.some((a) => a.id === XacmlAttributeIds.resource && a.value === resource))
}

/**
 * Decide for a system user.
 *
 * @example
 * ```ts
 * decideForSystemUser(mock, { systemUserId: id, action: 'read', resource: 'ske-krav-og-betalinger', partyOrgNo: '312091437' })
 * // { decision: 'Permit', reason: '...' }
 * ```
 */
export function decideForSystemUser(ctx: MockContext, q: SystemUserDecisionQuery): DecisionOutcome {
  const user = ctx.store.systemUsers.get(q.systemUserId.toLowerCase())
  if (!user) return notApplicable(`there is no system user ${q.systemUserId}`)
  if (user.isDeleted) return notApplicable(`the system user ${user.id} has been deleted`)
  const system = ctx.store.systems.get(user.systemId)
  if (!system || system.isDeleted) return notApplicable(`the system ${user.systemId} of the system user has been deleted`)

  if (user.type === 'standard') {
    if (q.partyOrgNo !== user.reporteeOrgNo)
      return notApplicable(`the system user ${user.id} acts only for its owner ${user.reporteeOrgNo}, not for ${q.partyOrgNo}`)
    if (holdsRightDirectly(user, q.resource, q.action)) return { decision: 'Permit', reason: `the system user holds a right on ${q.resource}` }
    const viaPackage = user.accessPackages.find((p) => getPackage(ctx, p.urn)?.resources.includes(q.resource))
    if (viaPackage) return { decision: 'Permit', reason: `the access package ${viaPackage.urn} grants ${q.resource}` }
    return notApplicable(`the system user ${user.id} has no right on ${q.resource} (action ${q.action}) and no access package that grants it`)
  }

  // Agent: only for current clients, and only what the client relationship carries.
  if (!ctx.store.clientDelegations.get(user.id)?.has(q.partyOrgNo))
    return notApplicable(`${q.partyOrgNo} is not a client of the agent system user ${user.id}`)
  const relation = getClientRelation(ctx, user.reporteeOrgNo, q.partyOrgNo)
  if (!relation) return notApplicable(`${user.reporteeOrgNo} no longer has a client relationship with ${q.partyOrgNo}`)
  const carried = packagesOfRelation(ctx, relation)
  for (const p of user.accessPackages) {
    const def = getPackage(ctx, p.urn)
    if (def && def.resources.includes(q.resource) && carried.has(def.name))
      return { decision: 'Permit', reason: `the access package ${p.urn} of the client relationship grants ${q.resource}` }
  }
  return notApplicable(`no access package of the agent system user grants ${q.resource} for the client ${q.partyOrgNo}`)
}

// ---------------------------------------------------------------------------------------------------------
// XACML JSON

const CATEGORY_IDS = {
  subject: 'urn:oasis:names:tc:xacml:1.0:subject-category:access-subject',
  action: 'urn:oasis:names:tc:xacml:3.0:attribute-category:action',
  resource: 'urn:oasis:names:tc:xacml:3.0:attribute-category:resource',
} as const

type Kind = keyof typeof CATEGORY_IDS

interface TaggedCategory {
  kind: Kind | undefined
  category: XacmlJsonCategory
}

/** One individual decision request: the attributes of each category. */
interface Individual {
  subject: XacmlJsonAttribute[]
  action: XacmlJsonAttribute[]
  resource: XacmlJsonAttribute[]
  /** Attributes marked `IncludeInResult`, echoed so a caller can match results to requests. */
  included: { categoryId: string; attribute: XacmlJsonAttribute[] }[]
}

function tagged(request: XacmlJsonRequest): TaggedCategory[] {
  const out: TaggedCategory[] = []
  for (const c of request.AccessSubject ?? []) out.push({ kind: 'subject', category: c })
  for (const c of request.Action ?? []) out.push({ kind: 'action', category: c })
  for (const c of request.Resource ?? []) out.push({ kind: 'resource', category: c })
  for (const c of request.Category ?? []) {
    const kind = (Object.keys(CATEGORY_IDS) as Kind[]).find((k) => CATEGORY_IDS[k] === c.CategoryId)
    out.push({ kind, category: c })
  }
  return out
}

function combine(categories: TaggedCategory[]): Individual {
  const result: Individual = { subject: [], action: [], resource: [], included: [] }
  for (const { kind, category } of categories) {
    if (kind) result[kind].push(...(category.Attribute ?? []))
    const echoed = (category.Attribute ?? []).filter((a) => a.IncludeInResult)
    if (echoed.length) result.included.push({ categoryId: kind ? CATEGORY_IDS[kind] : (category.CategoryId ?? ''), attribute: echoed })
  }
  return result
}

function individualsOf(request: XacmlJsonRequest): Individual[] {
  const categories = tagged(request)
  const references = request.MultiRequests?.RequestReference
  if (!references) {
    const one = combine(categories)
    for (const kind of ['subject', 'action', 'resource'] as const)
      if (!categories.some((c) => c.kind === kind)) throw badInput(`The request has no ${kind === 'subject' ? 'AccessSubject' : kind === 'action' ? 'Action' : 'Resource'} category.`)
    return [one]
  }
  if (references.length === 0) throw badInput('MultiRequests.RequestReference is empty.')
  if (references.length > 1000) throw badInput('At most 1000 request references per call.')
  const byId = new Map<string, TaggedCategory>()
  for (const c of categories) if (c.category.Id) byId.set(c.category.Id, c)
  return references.map((ref, i) => {
    const chosen = ref.ReferenceId.map((id) => {
      const c = byId.get(id)
      if (!c) throw badInput(`MultiRequests.RequestReference[${i}] names ${JSON.stringify(id.slice(0, 80))}, which no category has as its Id.`)
      return c
    })
    return combine(chosen)
  })
}

function valueOf(attributes: XacmlJsonAttribute[], id: string): string | undefined {
  return attributes.find((a) => a.AttributeId === id)?.Value
}

/** The party as an organisation number, from its number, party id or party uuid. */
function partyOf(ctx: MockContext, resource: XacmlJsonAttribute[]): string | undefined {
  const orgNo = valueOf(resource, XacmlAttributeIds.organizationNumber)
  if (orgNo) return orgNo
  const partyId = valueOf(resource, XacmlAttributeIds.partyId)
  const partyUuid = valueOf(resource, XacmlAttributeIds.partyUuid)?.toLowerCase()
  if (!partyId && !partyUuid) return undefined
  for (const o of ctx.store.organisations.values()) if (String(o.partyId) === partyId || o.partyUuid === partyUuid) return o.orgNo
  return undefined
}

function decideIndividual(ctx: MockContext, r: Individual): DecisionOutcome {
  const systemUserId = valueOf(r.subject, XacmlAttributeIds.systemUserUuid)
  if (!systemUserId) return notApplicable(`the subject has no ${XacmlAttributeIds.systemUserUuid}; this decision point knows system users only`)
  const action = valueOf(r.action, XacmlAttributeIds.actionId)
  if (!action) return notApplicable(`the action has no ${XacmlAttributeIds.actionId}`)
  const resource = valueOf(r.resource, XacmlAttributeIds.resource)
  if (!resource) return notApplicable(`the resource has no ${XacmlAttributeIds.resource}`)
  const partyOrgNo = partyOf(ctx, r.resource)
  if (!partyOrgNo) return notApplicable(`the resource names no known party (${XacmlAttributeIds.organizationNumber})`)
  return decideForSystemUser(ctx, { systemUserId, action, resource, partyOrgNo })
}

/**
 * Answer an XACML JSON request: one result per individual request (one, or one per `MultiRequests` reference).
 *
 * @throws HttpProblemError (bad input: the decision point cannot read the request) when a category is missing or
 * a reference names no category.
 * @example
 * ```ts
 * evaluateXacmlRequest(mock, body.Request) // [{ decision: 'Permit', status: { statusCode: { value: '...:ok' } } }]
 * ```
 */
export function evaluateXacmlRequest(ctx: MockContext, request: XacmlJsonRequest): XacmlJsonResult[] {
  return individualsOf(request).map((r) => ({
    decision: decideIndividual(ctx, r).decision,
    status: { statusCode: { value: XacmlStatusCodes.ok } },
    ...(r.included.length
      ? {
          category: r.included.map((c) => ({
            categoryId: c.categoryId,
            attribute: c.attribute.map((a) => ({ attributeId: a.AttributeId, value: a.Value, ...(a.DataType ? { dataType: a.DataType } : {}), includeInResult: true })),
          })),
        }
      : {}),
  }))
}
