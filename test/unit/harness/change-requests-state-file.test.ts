/**
 * Change requests in the state file (`--state-file`): a change request and the approval that changed the system
 * user are both on disk when their calls are answered, and read back after a restart.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createFixedClock } from '../../../mock-server/core/clock.ts'
import { createMockAltinn } from '../../../mock-server/core/mock-altinn.ts'
import { getHarness } from '../../../mock-server/harness/harness.ts'
import { openStateFile, readStateFile, type StateFile } from '../../../mock-server/harness/persistence.ts'
import { loadDefaultSeed } from '../../../mock-server/seed/index.ts'
import { A } from '../../support/api.ts'
import { aHarnessedMock } from '../../support/harnessed-mock.ts'
import { KRAV, STADIG_KONSERT } from '../../../mock-server/seed/personas.ts'
import { aStandardRequest } from '../../support/builders.ts'
import { ORIGIN, T0 } from '../../support/core.ts'

const CHANGES = `${A}/systemuser/changerequest/vendor`
const KRAV_RIGHT = { resource: [{ id: 'urn:altinn:resource', value: KRAV }] }

let dir: string
const open: StateFile[] = []

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mock-altinn-change-'))
})

afterEach(() => {
  for (const f of open.splice(0)) f.close()
  rmSync(dir, { recursive: true, force: true })
})

function aMockOnFile(path: string) {
  const mock = createMockAltinn({ seed: loadDefaultSeed(), clock: createFixedClock(T0), origin: ORIGIN })
  const file = openStateFile(mock, path)
  getHarness(mock).stateFile = file
  open.push(file)
  return { ...aHarnessedMock({ mock }), file }
}

describe('the state file with change requests', () => {
  it('keeps a change request and the system user it changed across a restart', async () => {
    const path = join(dir, 'state')
    const h = aMockOnFile(path)
    const token = await h.tokenFor()
    const request = (await h.send('POST', `${A}/systemuser/request/vendor`, { token, json: aStandardRequest() })).json
    expect((await h.send('POST', `/__mock/requests/${request.id}/approve`, { json: { pid: STADIG_KONSERT } })).status).toBe(200)
    const correlationId = 'c4a11e00-0000-4000-8000-000000000001'
    const created = await h.send('POST', `${CHANGES}?correlation-id=${correlationId}&system-user-id=${request.id}`, { token, json: { unwantedRights: [KRAV_RIGHT] } })
    expect(created.status).toBe(201)
    expect(readStateFile(path)!.store.changeRequests.get(correlationId)).toMatchObject({ status: 'New', systemUserId: request.id })
    expect((await h.send('POST', `/__mock/requests/${correlationId}/approve`, { json: {} })).status).toBe(200)

    h.file.close()
    open.splice(open.indexOf(h.file), 1)
    const after = aMockOnFile(path)
    const read = await after.send('GET', `${CHANGES}/${correlationId}`, { token: await after.tokenFor() })
    expect(read.status).toBe(200)
    expect(read.json).toMatchObject({ id: correlationId, status: 'Accepted', unwantedRights: [KRAV_RIGHT] })
    expect(after.mock.store.systemUsers.get(request.id)!.rights).toEqual([])
  })
})
