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
import { PlainHttpError, ValidationProblemError, problem, type ValidationFailure } from './errors.ts'
import { fromIso6523, toIso6523 } from './identifiers.ts'
import type { RegisteredSystem } from './state.ts'
import type { Caller } from './tokens.ts'

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

const forbidden = () => new PlainHttpError(403)

/** A right as a comparable key: action plus the sorted id:value pairs (Altinn: duplicate and subset checks). */
export function rightKey(right: Right): string {
  const pairs = right.resource.map((a) => `${a.id}=${a.value}`).sort()
  return `${right.action ?? ''}|${pairs.join('&')}`
}

function validateRights(ctx: MockContext, rights: readonly Right[], failures: ValidationFailure[]): void {
  const path = `${P}/rights/resource`
  const seen = new Set<string>()
  let duplicate = false
  for (const right of rights) {
    const key = rightKey(right)
    if (seen.has(key)) duplicate = true
    seen.add(key)
    for (const attr of right.resource) {
      if (attr.id !== 'urn:altinn:resource') {
        failures.push({ descriptor: ValidationErrors.SystemRegisterInvalidResourceIdFormat, paths: [path], detail: `"${attr.id}" is not urn:altinn:resource` })
        continue
      }
      const resource = ctx.state.resources.get(attr.value)
      if (!resource) failures.push({ descriptor: ValidationErrors.SystemRegisterResourceIdDoesNotExist, paths: [path], detail: `No resource "${attr.value}" in the Resource Registry.` })
      else if (!DELEGABLE_RESOURCE_TYPES.has(resource.resourceType))
        failures.push({ descriptor: ValidationErrors.SystemRegisterResourceNotDelegable, paths: [path], detail: `"${attr.value}" is a ${resource.resourceType}.` })
    }
  }
  if (duplicate) failures.push({ descriptor: ValidationErrors.SystemRegisterDuplicateRights, paths: [path] })
}

function validatePackages(ctx: MockContext, packages: readonly AccessPackage[], isVisible: boolean, failures: ValidationFailure[]): void {
  const path = `${P}/accesspackages`
  const seen = new Set<string>()
  const invalid: string[] = []
  const notAssignable: string[] = []
  let duplicate = false
  for (const p of packages) {
    if (seen.has(p.urn)) duplicate = true
    seen.add(p.urn)
    const def = p.urn.split(':').length >= 4 && p.urn.startsWith('urn:altinn:accesspackage:') ? getPackage(ctx, p.urn) : undefined
    if (!def || (!def.isAssignable && !def.isDelegable)) invalid.push(p.urn)
    else if (!def.isAssignable) notAssignable.push(p.urn)
  }
  if (invalid.length) failures.push({ descriptor: ValidationErrors.SystemRegisterInvalidAccessPackage, paths: [path], extensions: { 'Invalid Urn Details : ': invalid.join(', ') } })
  if (duplicate) failures.push({ descriptor: ValidationErrors.SystemRegisterDuplicateAccessPackages, paths: [path] })
  if (isVisible && notAssignable.length)
    failures.push({ descriptor: ValidationErrors.SystemRegisterNotAssignablePackageOnVisibleSystem, paths: [path], detail: `Client-only packages: ${notAssignable.join(', ')}.` })
}

function activeSystemWithClientId(ctx: MockContext, clientId: string, except?: string): RegisteredSystem | undefined {
  for (const s of ctx.state.systems.values()) if (!s.isDeleted && s.id !== except && s.clientIds.includes(clientId)) return s
  return undefined
}

function validateClientIds(ctx: MockContext, clientIds: readonly string[], except: string | undefined, failures: ValidationFailure[]): void {
  const path = `${P}/clientid`
  if (new Set(clientIds).size !== clientIds.length) failures.push({ descriptor: ValidationErrors.SystemRegisterDuplicateClientIdInBody, paths: [path] })
  const used = clientIds.filter((c) => activeSystemWithClientId(ctx, c, except))
  if (used.length) failures.push({ descriptor: ValidationErrors.SystemRegisterDuplicateClientId, paths: [path], detail: `Already used: ${used.join(', ')}.` })
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
 * (Altinn: VLD-00005). Altinn checks it only at create; the mock checks it on update too, so a `javascript:`,
 * `data:` or `http:` URL can never be stored and later sent a person's browser.
 */
function validateRedirectUrls(urls: readonly string[], failures: ValidationFailure[]): void {
  const badUrls = urls.filter((u) => !isAbsoluteHttps(u))
  if (badUrls.length)
    failures.push({ descriptor: ValidationErrors.SystemRegisterInvalidRedirectUrlFormat, paths: [`${P}/allowedredirecturls`], detail: `Not absolute https: ${badUrls.join(', ')}.` })
}

function logChange(ctx: MockContext, system: RegisteredSystem, caller: Caller, changeType: RegisteredSystem['changelog'][number]['changeType'], changedData: unknown): void {
  system.changelog.push({
    changeType,
    changedByOrgNumber: caller.orgNo ?? '',
    changedData,
    ...(caller.clientId ? { clientId: caller.clientId } : {}),
    created: ctx.clock.now(),
  })
}

/**
 * Register a system. Returns the new internal GUID (Altinn answers it as a JSON string with 200).
 *
 * Order (Altinn: SystemRegisterController.CreateRegisteredSystem): VLD-00000 at once; then every other rule is
 * collected; then ownership (bodiless 403 even when the body had errors); then the collected errors.
 */
export function createSystem(ctx: MockContext, caller: Caller, body: RegisterSystemRequest): string {
  // Altinn: `system_id` is varchar(255) and a longer id fails in the database (a 500 there). The mock answers the
  // 400 that ASP.NET's [StringLength] gives before the action runs, so a vendor sees the limit, not a crash.
  if (body.id.length > MAX_SYSTEM_ID)
    throw new PlainHttpError(400, undefined, { '$.id': [`The field id must be a string with a maximum length of ${MAX_SYSTEM_ID}.`] })
  const vendorOrgNo = fromIso6523(body.vendor.ID)
  if (!vendorOrgNo)
    throw new ValidationProblemError([{ descriptor: ValidationErrors.SystemRegisterInvalidOrgIdentifier, paths: [`${P}/vendor/id`], detail: `"${body.vendor.ID}" is not 0192:<organisation number>.` }])
  const failures: ValidationFailure[] = []
  if (/\s/.test(body.id)) failures.push({ descriptor: ValidationErrors.SystemRegisterSystemIdHasSpaces, paths: [`${P}/systemid`] })
  if (body.id.split('_')[0] !== vendorOrgNo || !body.id.startsWith(`${vendorOrgNo}_`))
    failures.push({ descriptor: ValidationErrors.SystemRegisterInvalidSystemId, paths: [`${P}/systemid`], detail: `The id must start with "${vendorOrgNo}_".` })
  if (ctx.state.systems.has(body.id)) failures.push({ descriptor: ValidationErrors.SystemRegisterSystemIdExists, paths: [`${P}/systemid`] })
  const urls = body.allowedRedirectUrls ?? []
  validateRedirectUrls(urls, failures)
  validateClientIds(ctx, body.clientId ?? [], undefined, failures)
  validateRights(ctx, body.rights ?? [], failures)
  const isVisible = body.isVisible ?? true
  validatePackages(ctx, body.accessPackages ?? [], isVisible, failures)

  if (!hasWriteAccess(caller, vendorOrgNo)) throw forbidden()
  if (failures.length) throw new ValidationProblemError(failures)

  const system: RegisteredSystem = {
    internalId: ctx.newId(),
    id: body.id,
    vendorOrgNo,
    name: { ...body.name },
    description: { ...body.description },
    rights: structuredClone(body.rights ?? []),
    accessPackages: structuredClone(body.accessPackages ?? []),
    clientIds: [...(body.clientId ?? [])],
    allowedRedirectUrls: [...urls],
    isVisible,
    isDeleted: false,
    created: ctx.clock.now(),
    changelog: [],
  }
  logChange(ctx, system, caller, 'create', body)
  ctx.state.systems.set(system.id, system)
  return system.internalId
}

function getOwnedSystem(ctx: MockContext, caller: Caller, systemId: string, notFound: () => Error): RegisteredSystem {
  const system = ctx.state.systems.get(systemId)
  if (!system) throw notFound()
  if (!hasWriteAccess(caller, system.vendorOrgNo)) throw forbidden()
  return system
}

const notFoundText = (id: string) => () => new PlainHttpError(404, `System with ID '${id}' not found.`)
const deletedText = () => new PlainHttpError(400, 'Cannot update a system marked as deleted.')

/** `GET systemregister/vendor/{id}`: deleted systems included; 404 (empty) or bodiless 403. */
export function getSystemForVendor(ctx: MockContext, caller: Caller, systemId: string): RegisteredSystemResponse {
  return toRegisteredSystemResponse(getOwnedSystem(ctx, caller, systemId, () => new PlainHttpError(404)))
}

/** `GET systemregister/vendor`: the caller's non-deleted systems. A missing consumer gives a bodiless 403. */
export function listSystemsForVendor(ctx: MockContext, caller: Caller): RegisteredSystemDTO[] {
  if (!caller.orgNo) throw forbidden()
  return [...ctx.state.systems.values()].filter((s) => !s.isDeleted && s.vendorOrgNo === caller.orgNo).map(toRegisteredSystemDTO)
}

/**
 * `PUT systemregister/vendor/{id}`: replaces the whole registration. Like Altinn, the id format is not validated
 * again here (only at create); unlike Altinn, the redirect URLs are, with the create's rule (see
 * `validateRedirectUrls`).
 */
export function updateSystem(ctx: MockContext, caller: Caller, systemId: string, body: RegisterSystemRequest): void {
  const system = getOwnedSystem(ctx, caller, systemId, notFoundText(systemId))
  if (fromIso6523(body.vendor.ID) !== system.vendorOrgNo) throw notFoundText(systemId)()
  const failures: ValidationFailure[] = []
  if (body.id !== systemId) failures.push({ descriptor: ValidationErrors.SystemRegisterSystemIdMismatch, paths: [`${P}/systemid`] })
  if (system.isDeleted) throw deletedText()
  const isVisible = body.isVisible ?? true
  validateRights(ctx, body.rights ?? [], failures)
  validatePackages(ctx, body.accessPackages ?? [], isVisible, failures)
  validateClientIds(ctx, body.clientId ?? [], systemId, failures)
  validateRedirectUrls(body.allowedRedirectUrls ?? [], failures)
  if (failures.length) throw new ValidationProblemError(failures)
  system.name = { ...body.name }
  system.description = { ...body.description }
  system.rights = structuredClone(body.rights ?? [])
  system.accessPackages = structuredClone(body.accessPackages ?? [])
  system.clientIds = [...(body.clientId ?? [])]
  system.allowedRedirectUrls = [...(body.allowedRedirectUrls ?? [])]
  system.isVisible = isVisible
  logChange(ctx, system, caller, 'update', body)
}

/** `PUT systemregister/vendor/{id}/rights`. (Altinn answers an unknown id with a 500; the mock with a 404.) */
export function updateSystemRights(ctx: MockContext, caller: Caller, systemId: string, rights: Right[]): void {
  const system = getOwnedSystem(ctx, caller, systemId, notFoundText(systemId))
  if (system.isDeleted) throw deletedText()
  const failures: ValidationFailure[] = []
  validateRights(ctx, rights, failures)
  if (failures.length) throw new ValidationProblemError(failures)
  system.rights = structuredClone(rights)
  logChange(ctx, system, caller, 'rightsupdate', rights)
}

/** `PUT systemregister/vendor/{id}/accesspackages`; VLD-00018 uses the stored `isVisible`. */
export function updateSystemAccessPackages(ctx: MockContext, caller: Caller, systemId: string, packages: AccessPackage[]): void {
  const system = getOwnedSystem(ctx, caller, systemId, notFoundText(systemId))
  if (system.isDeleted) throw deletedText()
  const failures: ValidationFailure[] = []
  validatePackages(ctx, packages, system.isVisible, failures)
  if (failures.length) throw new ValidationProblemError(failures)
  system.accessPackages = structuredClone(packages)
  logChange(ctx, system, caller, 'accesspackageupdate', packages)
}

/**
 * `DELETE systemregister/vendor/{id}`: soft delete, and the client ids are released. Altinn answers 400 when the
 * system had no client ids (though the delete is done); the mock answers 200 in both cases.
 */
export function deleteSystem(ctx: MockContext, caller: Caller, systemId: string): void {
  const system = getOwnedSystem(ctx, caller, systemId, () => new PlainHttpError(400, undefined, { return: ['System not found'] }))
  if (system.isDeleted) throw new PlainHttpError(400, undefined, { return: ['System not found'] })
  system.isDeleted = true
  system.clientIds = []
  logChange(ctx, system, caller, 'delete', null)
}

/** `GET systemregister/vendor/{id}/changelog`. */
export function getSystemChangelog(ctx: MockContext, caller: Caller, systemId: string): SystemChangeLog[] {
  const system = getOwnedSystem(ctx, caller, systemId, notFoundText(systemId))
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
  return [...ctx.state.systems.values()].filter((s) => !s.isDeleted && s.isVisible).map(toRegisteredSystemDTO)
}

/** A non-deleted system by id, for the portal-scoped reads. */
export function getSystemPublic(ctx: MockContext, systemId: string): RegisteredSystem {
  const system = ctx.state.systems.get(systemId)
  if (!system || system.isDeleted) throw new PlainHttpError(404)
  return system
}

export function toRegisteredSystemResponse(s: RegisteredSystem): RegisteredSystemResponse {
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

/** Throw AUTH-00011 unless the system exists, is not deleted, and belongs to the vendor. */
export function requireOwnedSystem(ctx: MockContext, vendorOrgNo: string, systemId: string): RegisteredSystem {
  const system = ctx.state.systems.get(systemId)
  if (!system || system.isDeleted || system.vendorOrgNo !== vendorOrgNo) throw problem(Problems.SystemIdNotFound)
  return system
}
