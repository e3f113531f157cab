/**
 * Storing a new system user, once its request was approved (`requests.ts`) or the portal's self-service created
 * it (`system-users.ts`): the one write both make, so neither module needs the other for it.
 */
import type { AccessPackage, Right } from 'altinn-systemuser-sdk/contract'
import type { MockContext } from './context.ts'
import { copyData } from './copy-data.ts'
import type { RegisteredSystem, SystemUserRecord } from './state.ts'

export interface NewSystemUser {
  id: string
  type: SystemUserRecord['type']
  system: RegisteredSystem
  reporteeOrgNo: string
  externalRef: string
  integrationTitle: string
  rights: Right[]
  accessPackages: AccessPackage[]
}

/** Store a new system user (the caller has checked every rule). */
export function createSystemUser(ctx: MockContext, input: NewSystemUser): SystemUserRecord {
  const user: SystemUserRecord = {
    id: input.id,
    type: input.type,
    systemId: input.system.id,
    systemInternalId: input.system.internalId,
    reporteeOrgNo: input.reporteeOrgNo,
    externalRef: input.externalRef,
    integrationTitle: input.integrationTitle,
    supplierOrgNo: input.system.vendorOrgNo,
    rights: copyData(input.rights),
    accessPackages: copyData(input.accessPackages),
    created: ctx.clock.now(),
    isDeleted: false,
    sequenceNo: 0,
  }
  return ctx.store.write((tx) => {
    const stored = { ...user, sequenceNo: tx.takeSequenceNo() }
    tx.put('systemUsers', stored)
    return stored
  })
}
