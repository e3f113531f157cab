/**
 * The system register (reference §1): vendors register their systems, with the rights and access packages a
 * system user of it may get, its Maskinporten client ids and its allowed redirect URLs.
 *
 * Altinn: SystemRegisterController + SystemRegisterService.
 */
import {
  Problems,
  ValidationErrors,
  type AccessPackage,
  type RegisterSystemRequest,
  type RegisteredSystemDTO,
  type RegisteredSystemResponse,
  type Right,
  type SystemChangeLog,
  Scopes,
} from 'altinn-systemuser-sdk/contract'
import type { MockContext } from './context.ts'
import { getPackage } from './directory.ts'
import { AspNetError, ForbiddenError, modelStateError, ValidationProblemError, problem, type ValidationFailure } from './errors.ts'
import { fromIso6523, toIso6523 } from './identifiers.ts'
import type { RegisteredSystem } from './state.ts'
import type { Caller } from './tokens.ts'
import { trimStringMembers } from './trim-strings.ts'

/** Resource types that may be delegated to a system user (Altinn: SystemRegisterService, VLD-00017). */
const DELEGABLE_RESOURCE_TYPES = new Set([
  'AltinnApp', 'Systemresource', 'Default', 'CorrespondenceService', 'BrokerService', 'GenericAccessResource', 'MigratedApp',
])

const P = '/registersystemrequest'
/** Altinn: the system register's `system_id` column is varchar(255). */
const MAX_SYSTEM_ID = 255

/** Altinn: `HasWriteAccess`: the admin scope (a substring match in Altinn), or the consumer is the vendor. */
function hasWriteAccess(caller: Caller, vendorOrgNo: string | undefined): boolean {
  for (const s of caller.scopes) if (s.includes(Scopes.systemRegisterAdmin)) return true
  return caller.orgNo !== undefined && caller.orgNo === vendorOrgNo
}

/** Altinn's bodiless 403 (`Forbid()`). */
const forbidden = (reason = 'the caller is neither the vendor of the system nor a system register admin') => new ForbiddenError(reason)

/**
 * A right as a comparable key: action plus the sorted id:value pairs. The mock's own key, for merging a system
 * user's rights with a change request's; Altinn's duplicate check and its matching of requested rights use their
 * own rules (`duplicateRightKey`, `rightsAreSubset` in requests.ts).
 */
export function rightKey(right: Right): string {
  const pairs = right.resource.map((a) => `${a.id}=${a.value}`).sort()
  return `${right.action ?? ''}|${pairs.join('&')}`
}

/**
 * Altinn's key for VLD-00006 (AuthenticationHelper.cs `HasDuplicateRights`, :629-648): `action:` and the
 * `id:value` pairs in the order given, so the same pairs in another order are not a duplicate (audit §2 D6).
 */
function duplicateRightKey(right: Right): string {
  return `${right.action ?? ''}:${right.resource.map((r) => `${r.id}:${r.value}`).join(',')}`
}

/** Whether two items share a key (Altinn's duplicate checks add to a HashSet and stop at the first repeat). */
function hasDuplicate<T>(items: readonly T[], keyOf: (item: T) => string): boolean {
  const seen = new Set<string>()
  for (const item of items) {
    const key = keyOf(item)
    if (seen.has(key)) return true
    seen.add(key)
  }
  return false
}

/** Altinn's resource-id rule (SystemRegisterService.cs `GetInvalidResourceIdsDetailed`: `^urn:altinn:resource$`). */
const RESOURCE_ATTRIBUTE = 'urn:altinn:resource'

/**
 * Altinn adds one error per category with the ids it concerns in an extension member, `" | "`-joined, and no
 * `detail` (SystemRegisterController.cs `ValidateRights` and `AddErrorIfAny`, :469-487, :634-648; audit §2 D15).
 */
function addCategory(failures: ValidationFailure[], items: readonly string[], descriptor: ValidationFailure['descriptor'], label: string, path: string): void {
  if (items.length) failures.push({ descriptor, paths: [path], extensions: { [label]: items.join(' | ') } })
}

function validateRights(ctx: MockContext, rights: readonly Right[], failures: ValidationFailure[]): void {
  const path = `${P}/rights/resource`
  const invalidFormat: string[] = []
  const notFound: string[] = []
  const notDelegable: string[] = []
  for (const right of rights) {
    for (const attr of right.resource) {
      // Altinn lists the attribute's value, also when it is the id that is wrong.
      if (attr.id !== RESOURCE_ATTRIBUTE) invalidFormat.push(attr.value)
      else {
        const resource = ctx.store.resources.get(attr.value)
        if (!resource) notFound.push(attr.value)
        else if (!DELEGABLE_RESOURCE_TYPES.has(resource.resourceType)) notDelegable.push(attr.value)
      }
    }
  }
  addCategory(failures, invalidFormat, ValidationErrors.SystemRegisterInvalidResourceIdFormat, 'Invalid Resource Id Details : ', path)
  addCategory(failures, notFound, ValidationErrors.SystemRegisterResourceIdDoesNotExist, 'ResourceIds Not Found : ', path)
  addCategory(failures, notDelegable, ValidationErrors.SystemRegisterResourceNotDelegable, 'ResourceIds Not Delegable : ', path)
  if (hasDuplicate(rights, duplicateRightKey)) failures.push({ descriptor: ValidationErrors.SystemRegisterDuplicateRights, paths: [path] })
}

/**
 * Altinn's package rules (SystemRegisterService.cs `GetInvalidAccessPackageUrnsDetailed`; SystemRegisterController.cs
 * `ValidateAccessPackages`, :489-533; audit §2 D15): a URN of fewer than four `:` parts is a bad format, one the
 * catalogue lacks is not found, one neither delegable nor assignable cannot be delegated; the three go into one
 * VLD-00008 whose `"Invalid Urn Details : "` member reads `Invalid format: … | Not found: … | Not possible to
 * delegate: …`. A package that is not assignable (whether or not it is also refused above) makes a visible system
 * VLD-00018, without detail.
 */
function validatePackages(ctx: MockContext, packages: readonly AccessPackage[], isVisible: boolean, failures: ValidationFailure[]): void {
  const path = `${P}/accesspackages`
  const invalidFormat: string[] = []
  const notFound: string[] = []
  const notDelegable: string[] = []
  const notAssignable: string[] = []
  for (const { urn } of packages) {
    if (!urn || urn.split(':').length < 4) {
      invalidFormat.push(urn ?? '')
      continue
    }
    const def = getPackage(ctx, urn)
    if (!def) {
      notFound.push(urn)
      continue
    }
    if (!def.isDelegable && !def.isAssignable) notDelegable.push(urn)
    if (!def.isAssignable) notAssignable.push(urn)
  }
  const details = [
    ...(invalidFormat.length ? [`Invalid format: ${invalidFormat.join(', ')}`] : []),
    ...(notFound.length ? [`Not found: ${notFound.join(', ')}`] : []),
    ...(notDelegable.length ? [`Not possible to delegate: ${notDelegable.join(', ')}`] : []),
  ]
  if (details.length) failures.push({ descriptor: ValidationErrors.SystemRegisterInvalidAccessPackage, paths: [path], extensions: { 'Invalid Urn Details : ': details.join(' | ') } })
  if (hasDuplicate(packages, (p) => p.urn)) failures.push({ descriptor: ValidationErrors.SystemRegisterDuplicateAccessPackages, paths: [path] })
  if (isVisible && notAssignable.length) failures.push({ descriptor: ValidationErrors.SystemRegisterNotAssignablePackageOnVisibleSystem, paths: [path] })
}

function activeSystemWithClientId(ctx: MockContext, clientId: string, except?: string): RegisteredSystem | undefined {
  for (const s of ctx.store.systems.values()) if (!s.isDeleted && s.id !== except && s.clientIds.includes(clientId)) return s
  return undefined
}

/**
 * Client ids on create (SystemRegisterController.cs `ValidateRegisteredSystem`, :602-606): one VLD-00004 when any
 * of them is already a Maskinporten client of a system (`DoesClientIdExists`, an exact match). Duplicates within
 * the body are not checked here (audit §2 D16): see `createSystem`.
 */
function validateNewClientIds(ctx: MockContext, clientIds: readonly string[], failures: ValidationFailure[]): void {
  if (clientIds.some((c) => activeSystemWithClientId(ctx, c)))
    failures.push({ descriptor: ValidationErrors.SystemRegisterDuplicateClientId, paths: [`${P}/clientid`] })
}

/**
 * Client ids on update (SystemRegisterController.cs `ValidateClientIds`, :537-566; audit §2 D15, D16): one VLD-00011
 * when the body names an id twice, compared ignoring case; then one VLD-00004 for each id another active system
 * holds. Altinn reads the other systems' rows with an exact match before comparing them ignoring case, so the
 * match is exact in effect.
 */
function validateUpdatedClientIds(ctx: MockContext, clientIds: readonly string[], systemId: string, failures: ValidationFailure[]): void {
  const path = `${P}/clientid`
  if (hasDuplicate(clientIds, (c) => c.toUpperCase())) failures.push({ descriptor: ValidationErrors.SystemRegisterDuplicateClientIdInBody, paths: [path] })
  for (const clientId of clientIds)
    if (activeSystemWithClientId(ctx, clientId, systemId)) failures.push({ descriptor: ValidationErrors.SystemRegisterDuplicateClientId, paths: [path] })
}

function isAbsoluteHttps(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:'
  } catch {
    return false
  }
}

/**
 * The one rule for a system's allowed redirect URLs, on create and on update: each an absolute https URL
 * (Altinn: VLD-00005, AuthenticationHelper.cs `IsValidRedirectUrl`, no detail). Altinn checks it only at create
 * (SystemRegisterController.cs :595-600); the mock checks it on update too, so a `javascript:`, `data:` or `http:`
 * URL can never be stored and later sent a person's browser (a deliberate deviation, docs/altinn-differences.md).
 */
function validateRedirectUrls(urls: readonly string[], failures: ValidationFailure[]): void {
  if (urls.some((u) => !isAbsoluteHttps(u))) failures.push({ descriptor: ValidationErrors.SystemRegisterInvalidRedirectUrlFormat, paths: [`${P}/allowedredirecturls`] })
}

/** Store the system as `next`, with the change noted in its changelog (Altinn's `system_changelog`). */
function saveSystem(ctx: MockContext, next: RegisteredSystem, caller: Caller, changeType: RegisteredSystem['changelog'][number]['changeType'], changedData: unknown): void {
  const entry = {
    changeType,
    changedByOrgNumber: caller.orgNo ?? '',
    changedData,
    ...(caller.clientId ? { clientId: caller.clientId } : {}),
    created: ctx.clock.now(),
  }
  ctx.store.write((tx) => tx.put('systems', { ...next, changelog: [...next.changelog, entry] }))
}

/**
 * Altinn's answer when the database refuses the insert of a new system (SystemRegisterController.cs
 * `CreateRegisteredSystem`, :324-329): a unique-key violation becomes a plain-text 409. A body that names the same
 * client id twice gets it, as the second insert into the Maskinporten client table fails on its primary key.
 */
const systemAlreadyExistsText = (id: string) => `The System already exist: ${id}`

/**
 * Register a system. Returns the new internal GUID (Altinn answers it as a JSON string with 200).
 *
 * Order (Altinn: SystemRegisterController.CreateRegisteredSystem): Altinn's string trimming (audit §2 D7);
 * VLD-00000 at once; then every other rule is collected; then ownership (bodiless 403 even when the body had
 * errors); then the collected errors; then the insert, which a client id named twice fails (409 text, audit §2
 * D16).
 */
export function createSystem(ctx: MockContext, caller: Caller, given: RegisterSystemRequest): string {
  // Altinn: TrimStringsActionFilter on this route trims `id` and `vendor.ID` (audit §2 D7).
  const body = trimStringMembers(given, ['vendor'])
  // Altinn: `system_id` is varchar(255) and a longer id fails in the database (a 500 there). The mock answers the
  // 400 that ASP.NET's [StringLength] gives before the action runs, so a vendor sees the limit, not a crash.
  if (body.id.length > MAX_SYSTEM_ID)
    throw modelStateError({ '$.id': [`The field id must be a string with a maximum length of ${MAX_SYSTEM_ID}.`] })
  const vendorOrgNo = fromIso6523(body.vendor.ID)
  if (!vendorOrgNo) throw new ValidationProblemError([{ descriptor: ValidationErrors.SystemRegisterInvalidOrgIdentifier, paths: [`${P}/vendor/id`] }])
  const failures: ValidationFailure[] = []
  // Altinn: `HasSpaceInId` looks for the ' ' character only (AuthenticationHelper.cs :706-709), after the trim.
  if (body.id.includes(' ')) failures.push({ descriptor: ValidationErrors.SystemRegisterSystemIdHasSpaces, paths: [`${P}/systemid`] })
  // Altinn: `DoesSystemIdStartWithOrgnumber` compares the part before the first '_' (AuthenticationHelper.cs :462-468).
  if (body.id.split('_')[0] !== vendorOrgNo) failures.push({ descriptor: ValidationErrors.SystemRegisterInvalidSystemId, paths: [`${P}/systemid`] })
  if (ctx.store.systems.has(body.id)) failures.push({ descriptor: ValidationErrors.SystemRegisterSystemIdExists, paths: [`${P}/systemid`] })
  const urls = body.allowedRedirectUrls ?? []
  const clientIds = body.clientId ?? []
  validateRedirectUrls(urls, failures)
  validateNewClientIds(ctx, clientIds, failures)
  validateRights(ctx, body.rights ?? [], failures)
  const isVisible = body.isVisible ?? true
  validatePackages(ctx, body.accessPackages ?? [], isVisible, failures)

  if (!hasWriteAccess(caller, vendorOrgNo)) throw forbidden()
  if (failures.length) throw new ValidationProblemError(failures)
  // Altinn's 409 text names the system, not the client id that failed its insert (audit §2 D16): the hint says which.
  if (hasDuplicate(clientIds, (c) => c))
    throw new AspNetError(409, { text: systemAlreadyExistsText(body.id) }).withHint(
      "clientId names the same client id twice: Altinn's database refuses the second one and Altinn answers 409 \"The System already exist\"; list each client id once",
    )

  const system: RegisteredSystem = {
    internalId: ctx.newId(),
    id: body.id,
    vendorOrgNo,
    name: { ...body.name },
    description: { ...body.description },
    rights: structuredClone(body.rights ?? []),
    accessPackages: structuredClone(body.accessPackages ?? []),
    clientIds: [...clientIds],
    allowedRedirectUrls: [...urls],
    isVisible,
    isDeleted: false,
    created: ctx.clock.now(),
    changelog: [],
  }
  saveSystem(ctx, system, caller, 'create', body)
  return system.internalId
}

function getOwnedSystem(ctx: MockContext, caller: Caller, systemId: string, notFound: () => Error): RegisteredSystem {
  const system = ctx.store.systems.get(systemId)
  if (!system) throw notFound()
  if (!hasWriteAccess(caller, system.vendorOrgNo)) throw forbidden()
  return system
}

const notFoundText = (id: string) => () => new AspNetError(404, { text: `System with ID '${id}' not found.` })
/** The changelog's own wording, without quotes (SystemRegisterController.cs :454; audit §2 D19). */
const changelogNotFoundText = (id: string) => () => new AspNetError(404, { text: `System with ID ${id} not found.` })
const deletedText = () => new AspNetError(400, { text: 'Cannot update a system marked as deleted.' })

/** `GET systemregister/vendor/{id}`: deleted systems included; 404 (empty) or bodiless 403. */
export function getSystemForVendor(ctx: MockContext, caller: Caller, systemId: string): RegisteredSystemResponse {
  return toRegisteredSystemResponse(getOwnedSystem(ctx, caller, systemId, () => new AspNetError(404)))
}

/** `GET systemregister/vendor`: the caller's non-deleted systems. A missing consumer gives a bodiless 403. */
export function listSystemsForVendor(ctx: MockContext, caller: Caller): RegisteredSystemDTO[] {
  if (!caller.orgNo) throw forbidden('the token names no consumer organisation')
  return [...ctx.store.systems.values()].filter((s) => !s.isDeleted && s.vendorOrgNo === caller.orgNo).map(toRegisteredSystemDTO)
}

/**
 * `PUT systemregister/vendor/{id}`: replaces the whole registration, in Altinn's order
 * (SystemRegisterController.cs `UpdateWholeRegisteredSystem`, :164-225): the trim (audit §2 D7); an unknown system
 * (404 text); another vendor's (bodiless 403); a body vendor that is not the system's (404 text); VLD-00012 alone
 * as soon as the body's id is not the path's (audit §2 D20); a deleted system (400 text); then rights, packages
 * and client ids together. Like Altinn, the id format is not validated again here (only at create); unlike
 * Altinn, the redirect URLs are, with the create's rule (see `validateRedirectUrls`).
 */
export function updateSystem(ctx: MockContext, caller: Caller, systemId: string, given: RegisterSystemRequest): void {
  const body = trimStringMembers(given, ['vendor'])
  const system = getOwnedSystem(ctx, caller, systemId, notFoundText(systemId))
  if (fromIso6523(body.vendor.ID) !== system.vendorOrgNo) throw notFoundText(systemId)()
  if (body.id !== systemId) throw new ValidationProblemError([{ descriptor: ValidationErrors.SystemRegisterSystemIdMismatch, paths: [`${P}/systemid`] }])
  if (system.isDeleted) throw deletedText()
  const failures: ValidationFailure[] = []
  const isVisible = body.isVisible ?? true
  validateRights(ctx, body.rights ?? [], failures)
  validatePackages(ctx, body.accessPackages ?? [], isVisible, failures)
  validateUpdatedClientIds(ctx, body.clientId ?? [], systemId, failures)
  validateRedirectUrls(body.allowedRedirectUrls ?? [], failures)
  if (failures.length) throw new ValidationProblemError(failures)
  const next: RegisteredSystem = {
    ...system,
    name: { ...body.name },
    description: { ...body.description },
    rights: structuredClone(body.rights ?? []),
    accessPackages: structuredClone(body.accessPackages ?? []),
    clientIds: [...(body.clientId ?? [])],
    allowedRedirectUrls: [...(body.allowedRedirectUrls ?? [])],
    isVisible,
  }
  saveSystem(ctx, next, caller, 'update', body)
}

/**
 * `PUT systemregister/vendor/{id}/rights`. Altinn answers an unknown id with a 500 (a null dereference,
 * SystemRegisterController.cs :339-370); the mock answers the PUT's 404 text (audit §2 D22).
 */
export function updateSystemRights(ctx: MockContext, caller: Caller, systemId: string, rights: Right[]): void {
  const system = getOwnedSystem(ctx, caller, systemId, notFoundText(systemId))
  if (system.isDeleted) throw deletedText()
  const failures: ValidationFailure[] = []
  validateRights(ctx, rights, failures)
  if (failures.length) throw new ValidationProblemError(failures)
  saveSystem(ctx, { ...system, rights: structuredClone(rights) }, caller, 'rightsupdate', rights)
}

/** `PUT systemregister/vendor/{id}/accesspackages`; VLD-00018 uses the stored `isVisible`. */
export function updateSystemAccessPackages(ctx: MockContext, caller: Caller, systemId: string, packages: AccessPackage[]): void {
  const system = getOwnedSystem(ctx, caller, systemId, notFoundText(systemId))
  if (system.isDeleted) throw deletedText()
  const failures: ValidationFailure[] = []
  validatePackages(ctx, packages, system.isVisible, failures)
  if (failures.length) throw new ValidationProblemError(failures)
  saveSystem(ctx, { ...system, accessPackages: structuredClone(packages) }, caller, 'accesspackageupdate', packages)
}

/**
 * `DELETE systemregister/vendor/{id}`: soft delete, and the client ids are released. Altinn answers 400 when the
 * system had no client ids (though the delete is done); the mock answers 200 in both cases.
 */
export function deleteSystem(ctx: MockContext, caller: Caller, systemId: string): void {
  const system = getOwnedSystem(ctx, caller, systemId, () => modelStateError({ return: ['System not found'] }))
  if (system.isDeleted) throw modelStateError({ return: ['System not found'] })
  saveSystem(ctx, { ...system, isDeleted: true, clientIds: [] }, caller, 'delete', null)
}

/** `GET systemregister/vendor/{id}/changelog`: 404 text without quotes around the id (audit §2 D19). */
export function getSystemChangelog(ctx: MockContext, caller: Caller, systemId: string): SystemChangeLog[] {
  const system = getOwnedSystem(ctx, caller, systemId, changelogNotFoundText(systemId))
  return system.changelog.map((c) => ({
    systemInternalId: system.internalId,
    changedByOrgNumber: c.changedByOrgNumber,
    changeType: c.changeType,
    changedData: c.changedData,
    ...(c.clientId ? { clientId: c.clientId } : {}),
    created: new Date(c.created).toISOString(),
  }))
}

/** `GET systemregister`: every visible, non-deleted system (what the portal offers for self-service). */
export function listVisibleSystems(ctx: MockContext): RegisteredSystemDTO[] {
  return [...ctx.store.systems.values()].filter((s) => !s.isDeleted && s.isVisible).map(toRegisteredSystemDTO)
}

/**
 * `GET systemregister/{id}` (portal scope): the system, deleted ones too, as Altinn's `GetRegisteredSystemById`
 * has no `is_deleted` filter (SystemRegisterRepository.cs :248-262; audit §2 D9). A bodiless 404 when unknown.
 */
export function getSystemPublic(ctx: MockContext, systemId: string): RegisteredSystem {
  const system = ctx.store.systems.get(systemId)
  if (!system) throw new AspNetError(404)
  return system
}

/**
 * `GET systemregister/{id}/rights` and `/accesspackages` (portal scope): Altinn reads them with a query on the
 * system id alone, so an unknown id answers `200 []` and a deleted system its lists (audit §2 D9).
 * `useOldFormatForApp` is not implemented: the rights come back as they are stored.
 */
export function getSystemListsPublic(ctx: MockContext, systemId: string): { rights: Right[]; accessPackages: AccessPackage[] } {
  const system = ctx.store.systems.get(systemId)
  return { rights: system?.rights ?? [], accessPackages: system?.accessPackages ?? [] }
}

function toRegisteredSystemResponse(s: RegisteredSystem): RegisteredSystemResponse {
  // Altinn: VendorInfo.authority is a field, not a property, so it is never serialised.
  return {
    id: s.id,
    vendor: { ID: toIso6523(s.vendorOrgNo) },
    name: s.name,
    description: s.description,
    rights: s.rights,
    accessPackages: s.accessPackages,
    isDeleted: s.isDeleted,
    clientId: s.clientIds,
    isVisible: s.isVisible,
    allowedRedirectUrls: s.allowedRedirectUrls,
  }
}

export function toRegisteredSystemDTO(s: RegisteredSystem): RegisteredSystemDTO {
  return {
    systemId: s.id,
    systemVendorOrgNumber: s.vendorOrgNo,
    systemVendorOrgName: '',
    name: s.name,
    description: s.description,
    rights: s.rights,
    accessPackages: s.accessPackages,
    isVisible: s.isVisible,
  }
}

/** The active (non-deleted) system that lists the Maskinporten client id, if any. */
export function findSystemByClientId(ctx: MockContext, clientId: string): RegisteredSystem | undefined {
  return activeSystemWithClientId(ctx, clientId)
}

/**
 * Throw AUTH-00011 unless the system exists and belongs to the vendor. A soft-deleted system still counts: no
 * request or change-request service of Altinn's checks `IsDeleted`, and `GetRegisteredSystemById` reads deleted
 * rows too, so requests, change requests and the three vendor lists go on working for it (audit §2 D9).
 */
export function requireOwnedSystem(ctx: MockContext, vendorOrgNo: string, systemId: string): RegisteredSystem {
  const system = ctx.store.systems.get(systemId)
  if (!system || system.vendorOrgNo !== vendorOrgNo) throw problem(Problems.SystemIdNotFound)
  return system
}
