/**
 * Example values for the API description, taken from the seed in force (for the default seed: SmartCloud AS, its
 * systems, TILFELDIG SUBTIL APE, STADIG KONSERT, the accounting firm and its clients), so that every example in the
 * document is a call that works against the mock as it starts.
 *
 * @example
 * ```ts
 * const x = examplesOf(loadDefaultSeed(), mock.config)
 * x.standardSystemId // '318882703_smartcloud'
 * ```
 */
import { PortalPaths, type AccessPackage, type Right } from 'altinn-systemuser-sdk/contract'
import type { MockConfig } from '../core/context.ts'
import { CUSTOMER, FACILITATOR, KRAV, LYSEGRONN_FLEKKETE_ELG, RECEIPT_URL, REGNSKAPSFORER, SMARTCLOUD, STADIG_KONSERT, STANDARD_CLIENT_ID } from '../seed/personas.ts'
import type { Seed } from '../seed/schema.ts'

/** Example values, each from the seed where the seed has one. */
export interface Examples {
  readonly platformUrl: string
  readonly portalUrl: string
  readonly maskinportenIssuer: string
  /** The vendor: the organisation of the first system. */
  readonly vendorOrgNo: string
  /** A customer for a standard request: the organisation the first person is related to. */
  readonly customerOrgNo: string
  /** The person who decides for the customer. */
  readonly pid: string
  /** An accounting firm (facilitator) and one of its clients, from the first client relation. */
  readonly facilitatorOrgNo: string
  readonly clientOrgNo: string
  readonly standardSystemId: string
  readonly agentSystemId: string
  readonly right: Right
  readonly accessPackage: AccessPackage
  readonly redirectUrl: string
  readonly clientId: string
  readonly scope: string
  /** Fixed ids, so the document is the same on every run. */
  readonly requestId: string
  readonly agentRequestId: string
  readonly changeRequestId: string
  readonly created: string
}

const EXAMPLE_REQUEST_ID = '5f1f8d0e-2c4b-4a7e-9d3c-1b6a0e4f7c21'
const EXAMPLE_AGENT_REQUEST_ID = '8b2e4c6a-0d1f-4e3b-a5c7-9f1d3b5e7a42'
const EXAMPLE_CHANGE_REQUEST_ID = 'c3d5e7f9-1a2b-4c6d-8e0f-2a4c6e8a0b63'
const EXAMPLE_CREATED = '2026-11-02T09:30:00.000Z'

/**
 * Example values from a seed; where the seed lacks something (an empty seed), a plausible value instead.
 *
 * @example
 * ```ts
 * examplesOf(mock.seed, mock.config).customerOrgNo
 * ```
 */
export function examplesOf(seed: Seed, config: Pick<MockConfig, 'platformUrl' | 'portalUrl' | 'maskinportenIssuer'>): Examples {
  const standard = seed.systems.find((s) => s.rights.length > 0) ?? seed.systems[0]
  const agent = seed.systems.find((s) => s.accessPackages.length > 0 && s !== standard) ?? seed.systems.find((s) => s.accessPackages.length > 0)
  const vendorOrgNo = standard?.vendorOrgNo ?? seed.organisations[0]?.orgNo ?? SMARTCLOUD
  const person = seed.persons.find((p) => p.relations.some((r) => r.orgNo !== vendorOrgNo)) ?? seed.persons[0]
  const relation = seed.clientRelations[0]
  const client = seed.maskinportenClients.find((c) => standard?.clientId.includes(c.clientId)) ?? seed.maskinportenClients[0]
  return {
    platformUrl: config.platformUrl,
    portalUrl: config.portalUrl,
    maskinportenIssuer: config.maskinportenIssuer,
    vendorOrgNo,
    customerOrgNo: person?.relations.find((r) => r.orgNo !== vendorOrgNo)?.orgNo ?? CUSTOMER,
    pid: person?.pid ?? STADIG_KONSERT,
    facilitatorOrgNo: relation?.facilitatorOrgNo ?? FACILITATOR,
    clientOrgNo: relation?.clientOrgNo ?? LYSEGRONN_FLEKKETE_ELG,
    standardSystemId: standard?.id ?? `${vendorOrgNo}_smartcloud`,
    agentSystemId: agent?.id ?? `${vendorOrgNo}_smartcloud_agent`,
    right: standard?.rights[0] ?? { resource: [{ id: 'urn:altinn:resource', value: KRAV }] },
    accessPackage: agent?.accessPackages[0] ?? { urn: REGNSKAPSFORER },
    redirectUrl: standard?.allowedRedirectUrls[0] ?? RECEIPT_URL,
    clientId: client?.clientId ?? STANDARD_CLIENT_ID,
    scope: 'altinn:authentication/systemuser.request.write altinn:authentication/systemuser.request.read',
    requestId: EXAMPLE_REQUEST_ID,
    agentRequestId: EXAMPLE_AGENT_REQUEST_ID,
    changeRequestId: EXAMPLE_CHANGE_REQUEST_ID,
    created: EXAMPLE_CREATED,
  }
}

/**
 * The portal link of a request, as the mock builds it.
 *
 * @example
 * ```ts
 * confirmUrlOf(x, 'standard', x.requestId) // 'http://127.0.0.1:5101/accessmanagement/ui/systemuser/request?id=…&DONTCHOOSEREPORTEE=true'
 * ```
 */
export function confirmUrlOf(x: Examples, kind: 'standard' | 'agent' | 'change', id: string): string {
  const path = kind === 'agent' ? PortalPaths.agentRequest : kind === 'change' ? PortalPaths.changeRequest : PortalPaths.request
  return `${x.portalUrl}${path}?id=${id}&DONTCHOOSEREPORTEE=true`
}
