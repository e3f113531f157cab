/**
 * The API user: the end user's decisions through the control API, which checks the same rights and answers the
 * same AUTH codes as the portal. Fast; no browser.
 */
import { createControlClient } from '../control.ts'
import type { UserDriver } from '../define.ts'

/** The request id in a confirmUrl (`...?id=<guid>&DONTCHOOSEREPORTEE=true`). */
function requestIdOf(confirmUrl: string): string {
  const id = new URL(confirmUrl).searchParams.get('id')
  if (!id) throw new Error(`The confirmUrl has no id: ${confirmUrl}`)
  return id
}

/** A user driver that acts through the control API at `controlUrl` (the mock's platform origin), with its token if it wants one. */
export function createApiUser(controlUrl: string, controlToken?: string): UserDriver {
  const control = createControlClient(controlUrl, { token: controlToken })
  return {
    kind: 'api',
    async approve(confirmUrl, pid) {
      const r = (await control.approve(requestIdOf(confirmUrl), pid)) as { request?: { redirectUrl?: string } }
      return r.request?.redirectUrl ? { landedOn: r.request.redirectUrl } : {}
    },
    async reject(confirmUrl, pid) {
      const r = (await control.reject(requestIdOf(confirmUrl), pid)) as { request?: { redirectUrl?: string } }
      return r.request?.redirectUrl ? { landedOn: r.request.redirectUrl } : {}
    },
    async escalate(confirmUrl, pid) {
      await control.escalate(requestIdOf(confirmUrl), pid)
    },
    async listSystemUsers(_pid, orgNo) {
      const state = await control.state()
      return (state.systemUsers as { id: string; reporteeOrgNo: string; isDeleted: boolean }[]).filter((u) => u.reporteeOrgNo === orgNo && !u.isDeleted).map((u) => u.id)
    },
    async addClient(systemUserId, clientOrgNo, pid) {
      await control.addClient(systemUserId, clientOrgNo, pid)
    },
    async removeClient(systemUserId, clientOrgNo, pid) {
      await control.removeClient(systemUserId, clientOrgNo, pid)
    },
    async deleteSystemUser(systemUserId, pid) {
      await control.deleteSystemUser(systemUserId, pid)
    },
    async createSystemUser(systemId, pid, orgNo) {
      const res = await fetch(`${control.baseUrl}/__mock/systemusers`, {
        method: 'POST',
        headers: { ...control.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ systemId, orgNo, pid }),
      })
      if (!res.ok) throw new Error(`self-service create failed: ${res.status} ${await res.text()}`)
    },
    async close() {},
  }
}
