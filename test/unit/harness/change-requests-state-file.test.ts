/**
 * Change requests in the state file (`--state-file`): a change request and the approval that changed the system
 * user are both on disk when their calls are answered, and read back after a restart.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readStateFile } from '../../../mock-server/harness/persistence.ts'
import { STADIG_KONSERT } from '../../../mock-server/seed/personas.ts'
import { A } from '../../support/api.ts'
import { aRight, aStandardRequest } from '../../support/builders.ts'
import { useStateFiles } from '../../support/harnessed-mock.ts'

const CHANGES = `${A}/systemuser/changerequest/vendor`
const KRAV_RIGHT = aRight()

const files = useStateFiles()

describe('the state file with change requests', () => {
  it('keeps a change request and the system user it changed across a restart', async () => {
    const path = join(files.dir, 'state')
    const h = files.open(path)
    const token = await h.tokenFor()
    const request = (await h.send('POST', `${A}/systemuser/request/vendor`, { token, json: aStandardRequest() })).json
    expect((await h.send('POST', `/__mock/requests/${request.id}/approve`, { json: { pid: STADIG_KONSERT } })).status).toBe(200)
    const correlationId = 'c4a11e00-0000-4000-8000-000000000001'
    const created = await h.send('POST', `${CHANGES}?correlation-id=${correlationId}&system-user-id=${request.id}`, { token, json: { unwantedRights: [KRAV_RIGHT] } })
    expect(created.status).toBe(201)
    expect(readStateFile(path)!.store.changeRequests.get(correlationId)).toMatchObject({ status: 'New', systemUserId: request.id })
    expect((await h.send('POST', `/__mock/requests/${correlationId}/approve`, { json: {} })).status).toBe(200)

    files.close(h)
    const after = files.open(path)
    const read = await after.send('GET', `${CHANGES}/${correlationId}`, { token: await after.tokenFor() })
    expect(read.status).toBe(200)
    expect(read.json).toMatchObject({ id: correlationId, status: 'Accepted', unwantedRights: [KRAV_RIGHT] })
    expect(after.mock.store.systemUsers.get(request.id)!.rights).toEqual([])
  })
})
