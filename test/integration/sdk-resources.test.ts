import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  AltinnHttpError,
  AltinnProblemError,
  SystemUserAlreadyExistsError,
  isAltinnProblem,
  type PollEvent,
  type SystemUserRequest,
} from '../../sdk/index.ts'
import { transports, useMock } from '../support/transports.ts'
import { aClient, approve, controlApiTokens, mockOptionsFor, reject } from '../support/sdk-client.ts'
import { AGENT_SYSTEM, CUSTOMER, FACILITATOR, KONKURRENT, RECEIPT_URL, REGNSKAPSFORER, SKATTEGRUNNLAG, SMARTCLOUD, STANDARD_SYSTEM } from '../../mock-server/seed/personas.ts'
import { anAgentRequest, aRight, aStandardRequest } from '../support/builders.ts'

function aSystem(overrides: Record<string, unknown> = {}) {
  return {
    id: `${SMARTCLOUD}_sdk_${randomUUID().slice(0, 8)}`,
    name: { nb: 'SDK-system', nn: 'SDK-system', en: 'SDK system' },
    description: { nb: 'Laget av SDK-testen', nn: 'Laga av SDK-testen', en: 'Made by the SDK test' },
    rights: [aRight()],
    clientId: [randomUUID()],
    allowedRedirectUrls: ['https://smartcloud.example/sdk'],
    isVisible: true,
    ...overrides,
  }
}

describe.each(transports)('the SDK resources over %s', (transport) => {
  const t = useMock(transport, mockOptionsFor(transport, { pageSize: 2 }))

  describe('client.requests', () => {
    it('creates a request with 201 and returns the same one with created: false when the triple is sent again', async () => {
      const client = aClient(transport, t)

      const first = await client.requests.create(aStandardRequest())
      const second = await client.requests.create(aStandardRequest())

      expect(first.created).toBe(true)
      expect(first.resumed).toBe(false)
      expect(first.request).toMatchObject({ systemId: STANDARD_SYSTEM, partyOrgNo: CUSTOMER, externalRef: CUSTOMER, status: 'New', timedOut: false })
      expect(first.request.confirmUrl).toBe(`${t.urls.portalUrl}/accessmanagement/ui/systemuser/request?id=${first.request.id}&DONTCHOOSEREPORTEE=true`)
      expect(second.created).toBe(false)
      expect(second.request.id).toBe(first.request.id)
    })

    it('returns a rejected request as it is when the same triple is sent again', async () => {
      const client = aClient(transport, t)
      const { request } = await client.requests.create(aStandardRequest())
      await reject(t, request.id)

      const again = await client.requests.create(aStandardRequest())

      expect(again).toMatchObject({ created: false, request: { id: request.id, status: 'Rejected' } })
    })

    it('reads a request by id and by external reference, which defaults to the organisation number', async () => {
      const client = aClient(transport, t)
      const plain = (await client.requests.create(aStandardRequest())).request
      const custom = (await client.requests.create(aStandardRequest({ externalRef: 'kunde-42' }))).request

      expect((await client.requests.get(plain.id)).id).toBe(plain.id)
      expect((await client.requests.getByExternalRef({ systemId: STANDARD_SYSTEM, orgNo: CUSTOMER })).id).toBe(plain.id)
      expect((await client.requests.getByExternalRef({ systemId: STANDARD_SYSTEM, orgNo: CUSTOMER, externalRef: 'kunde-42' })).id).toBe(custom.id)
      expect(custom.externalRef).toBe('kunde-42')
    })

    it('lists every request of a system across pages by following links.next', async () => {
      const client = aClient(transport, t)
      const ids: string[] = []
      for (let i = 0; i < 5; i++) ids.push((await client.requests.create(aStandardRequest({ externalRef: `ref-${i}` }))).request.id)

      const listed = await client.requests.list(STANDARD_SYSTEM).toArray()
      const pages: number[] = []
      for await (const page of client.requests.list(STANDARD_SYSTEM).pages()) pages.push(page.length)

      expect(listed.map((r) => r.id).sort()).toEqual([...ids].sort())
      expect(pages).toEqual([2, 2, 1])
      expect(listed.every((r) => r.confirmUrl === undefined || r.confirmUrl === null)).toBe(true)
    })

    it('deletes a request, after which it reads as AUTH-00010 and a new create makes a new one', async () => {
      const client = aClient(transport, t)
      const { request } = await client.requests.create(aStandardRequest())

      await client.requests.delete(request.id)

      const gone = await client.requests.get(request.id).catch((e: unknown) => e)
      expect(isAltinnProblem(gone, 'AUTH-00010')).toBe(true)
      expect((gone as AltinnProblemError).status).toBe(404)
      const fresh = await client.requests.create(aStandardRequest())
      expect(fresh.created).toBe(true)
      expect(fresh.request.id).not.toBe(request.id)
    })

    it('waits for the decision and resolves with the Accepted request, reporting each poll', async () => {
      const client = aClient(transport, t)
      const { request } = await client.requests.create(aStandardRequest())
      const polls: PollEvent<SystemUserRequest>[] = []

      const decided = await client.requests.waitForDecision(request, {
        intervalMs: 5,
        onPoll: (event) => {
          polls.push(event)
          if (event.attempt === 2) void approve(t, request.id)
        },
      })

      expect(decided).toMatchObject({ id: request.id, status: 'Accepted' })
      expect(polls[0]!.value!.status).toBe('New')
      expect(polls.at(-1)!.value!.status).toBe('Accepted')
      expect(polls.at(-1)!.nextDelayMs).toBeUndefined()
    })

    it('resolves with a Rejected request instead of throwing', async () => {
      const client = aClient(transport, t)
      const { request } = await client.requests.create(aStandardRequest())
      await reject(t, request.id)

      await expect(client.requests.waitForDecision(request.id, { intervalMs: 5 })).resolves.toMatchObject({ status: 'Rejected' })
    })

    it('resolves with a request whose timedOut flag is set after 180 days, though its status is still New', async () => {
      const client = aClient(transport, t)
      const { request } = await client.requests.create(aStandardRequest())
      t.mock.clock.advance(181 * 24 * 60 * 60 * 1000)

      const decided = await client.requests.waitForDecision(request.id, { intervalMs: 5 })

      expect(decided).toMatchObject({ status: 'New', timedOut: true })
    })

    it('throws SystemUserAlreadyExistsError for AUTH-00004, which finds the existing system user with byquery', async () => {
      const client = aClient(transport, t)
      const { request } = await client.requests.create(aStandardRequest())
      await approve(t, request.id)

      const error = await client.requests.create(aStandardRequest()).catch((e: unknown) => e)

      expect(error).toBeInstanceOf(SystemUserAlreadyExistsError)
      const exists = error as SystemUserAlreadyExistsError
      expect(exists).toMatchObject({ code: 'AUTH-00004', status: 400, existing: { systemId: STANDARD_SYSTEM, orgNo: CUSTOMER, externalRef: CUSTOMER } })
      expect(isAltinnProblem(exists, 'AUTH-00004')).toBe(true)
      expect((await exists.findSystemUser())?.id).toBe(request.id)
    })

    it('turns a refused create into an AltinnProblemError with the AUTH code and no state change', async () => {
      const client = aClient(transport, t)

      const error = await client.requests.create(aStandardRequest({ redirectUrl: 'https://evil.example/steal' })).catch((e: unknown) => e)

      expect(error).toBeInstanceOf(AltinnProblemError)
      expect(error).toMatchObject({ code: 'AUTH-00021', status: 400, method: 'POST' })
      expect(await client.requests.list(STANDARD_SYSTEM).toArray()).toEqual([])
    })

    it('asks for the one scope each route needs: request.write to create, request.read to read', async () => {
      const tokens = controlApiTokens(t)
      const client = aClient(transport, t, { accessToken: tokens.provider })

      const { request } = await client.requests.create(aStandardRequest())
      await client.requests.get(request.id)

      expect(tokens.asked).toEqual([['altinn:authentication/systemuser.request.write'], ['altinn:authentication/systemuser.request.read']])
    })
  })

  describe('client.agentRequests', () => {
    it('creates, reads, lists, waits for and deletes agent requests', async () => {
      const client = aClient(transport, t)

      const created = await client.agentRequests.create(anAgentRequest())
      const again = await client.agentRequests.create(anAgentRequest())
      const byId = await client.agentRequests.get(created.request.id)
      const byRef = await client.agentRequests.getByExternalRef({ systemId: AGENT_SYSTEM, orgNo: FACILITATOR })
      const listed = await client.agentRequests.list(AGENT_SYSTEM).toArray()

      expect(created.created).toBe(true)
      expect(again).toMatchObject({ created: false, request: { id: created.request.id } })
      expect(created.request.confirmUrl).toBe(`${t.urls.portalUrl}/accessmanagement/ui/systemuser/agentrequest?id=${created.request.id}&DONTCHOOSEREPORTEE=true`)
      expect(created.request.accessPackages).toEqual([{ urn: REGNSKAPSFORER }])
      expect(byId.id).toBe(created.request.id)
      expect(byRef.id).toBe(created.request.id)
      expect(listed.map((r) => r.id)).toEqual([created.request.id])

      await approve(t, created.request.id)
      expect(await client.agentRequests.waitForDecision(created.request, { intervalMs: 5 })).toMatchObject({ status: 'Accepted' })

      const other = await client.agentRequests.create(anAgentRequest({ externalRef: 'second' }))
      await client.agentRequests.delete(other.request.id)
      expect(isAltinnProblem(await client.agentRequests.get(other.request.id).catch((e: unknown) => e), 'AUTH-00010')).toBe(true)
    })

    it('refuses an agent request without access packages with AUTH-00058', async () => {
      const client = aClient(transport, t)

      const error = await client.agentRequests.create(anAgentRequest({ accessPackages: [] })).catch((e: unknown) => e)

      expect(isAltinnProblem(error, 'AUTH-00058')).toBe(true)
    })
  })

  describe('client.systemUsers', () => {
    it('lists the system users of a system across pages and finds one by query', async () => {
      const client = aClient(transport, t)
      const ids: string[] = []
      for (let i = 0; i < 3; i++) {
        const { request } = await client.requests.create(aStandardRequest({ externalRef: `user-${i}` }))
        await approve(t, request.id)
        ids.push(request.id)
      }

      const listed = await client.systemUsers.list(STANDARD_SYSTEM).toArray()
      const found = await client.systemUsers.find({ systemId: STANDARD_SYSTEM, orgNo: CUSTOMER, externalRef: 'user-1' })
      const missing = await client.systemUsers.find({ systemId: STANDARD_SYSTEM, orgNo: CUSTOMER })

      expect(listed.map((u) => u.id).sort()).toEqual([...ids].sort())
      expect(listed.every((u) => u.userType === 'standard' && u.supplierOrgno === SMARTCLOUD)).toBe(true)
      expect(found).toMatchObject({ id: ids[1], externalRef: 'user-1', reporteeOrgNo: CUSTOMER })
      expect(missing).toBeUndefined()
    })

    it("answers AUTH-00011 when listing another vendor's system", async () => {
      const client = aClient(transport, t, { accessToken: controlApiTokens(t, KONKURRENT).provider })

      const error = await client.systemUsers.list(STANDARD_SYSTEM).toArray().catch((e: unknown) => e)

      expect(isAltinnProblem(error, 'AUTH-00011')).toBe(true)
    })
  })

  describe('client.systemRegister', () => {
    it('registers, reads, lists, updates and deletes a system, and shows it in the changelog', async () => {
      const client = aClient(transport, t)
      const system = aSystem()

      const { internalId } = await client.systemRegister.create(system)
      const read = await client.systemRegister.get(system.id)
      const listed = await client.systemRegister.list().toArray()
      await client.systemRegister.update(system.id, { ...system, name: { nb: 'Nytt navn', nn: 'Nytt namn', en: 'New name' } })
      await client.systemRegister.updateRights(system.id, [{ resource: [{ id: 'urn:altinn:resource', value: SKATTEGRUNNLAG }] }])
      await client.systemRegister.updateAccessPackages(system.id, [{ urn: 'urn:altinn:accesspackage:skattegrunnlag' }])
      const rights = await client.systemRegister.getRights(system.id)
      const packages = await client.systemRegister.getAccessPackages(system.id)
      const renamed = await client.systemRegister.get(system.id)
      const changelog = await client.systemRegister.changelog(system.id)
      await client.systemRegister.delete(system.id)
      const deleted = await client.systemRegister.get(system.id)

      expect(internalId).toMatch(/^[0-9a-f-]{36}$/)
      expect(read).toMatchObject({ id: system.id, vendor: { ID: `0192:${SMARTCLOUD}` }, isDeleted: false, clientId: system.clientId })
      expect(listed.map((s) => s.systemId)).toContain(system.id)
      expect(renamed.name.nb).toBe('Nytt navn')
      expect(rights).toEqual([{ resource: [{ id: 'urn:altinn:resource', value: SKATTEGRUNNLAG }] }])
      expect(packages).toEqual([{ urn: 'urn:altinn:accesspackage:skattegrunnlag' }])
      expect(changelog.map((c) => c.changeType)).toEqual(['create', 'update', 'rightsupdate', 'accesspackageupdate'])
      expect(deleted.isDeleted).toBe(true)
    })

    it('turns validation errors into an AltinnProblemError with STD-00000 and the AUTH.VLD codes', async () => {
      const client = aClient(transport, t)

      const error = await client.systemRegister.create(aSystem({ id: `${SMARTCLOUD}_has space`, allowedRedirectUrls: ['http://insecure.example'] })).catch((e: unknown) => e)

      expect(error).toBeInstanceOf(AltinnProblemError)
      const problem = error as AltinnProblemError
      expect(problem.code).toBe('STD-00000')
      expect(problem.validationErrors.map((v) => v.code).sort()).toEqual(['AUTH.VLD-00005', 'AUTH.VLD-00013'])
    })

    it('reports a bodiless 403 as an AltinnHttpError when the system belongs to another vendor', async () => {
      const client = aClient(transport, t, { accessToken: controlApiTokens(t, KONKURRENT).provider })

      const error = await client.systemRegister.update(STANDARD_SYSTEM, aSystem({ id: STANDARD_SYSTEM })).catch((e: unknown) => e)

      expect(error).toBeInstanceOf(AltinnHttpError)
      expect(error).not.toBeInstanceOf(AltinnProblemError)
      expect(error).toMatchObject({ status: 403, method: 'PUT' })
    })
  })

  describe('the redirect', () => {
    it('puts a signed state in the redirect URL and, on return, reads the status from the API', async () => {
      const client = aClient(transport, t, { redirectSecret: 'a-test-secret-of-at-least-32-bytes!!' })
      const redirectUrl = client.buildRedirectUrl(RECEIPT_URL, { systemId: STANDARD_SYSTEM, partyOrgNo: CUSTOMER, ref: 'session-7' })
      const { request } = await client.requests.create(aStandardRequest({ redirectUrl }))
      expect(request.redirectUrl).toBe(redirectUrl)

      const before = await client.handleRedirect(redirectUrl)
      await approve(t, request.id)
      const after = await client.handleRedirect(new URL(redirectUrl))

      expect(before).toMatchObject({ kind: 'standard', ref: 'session-7', request: { id: request.id, status: 'New' } })
      expect(after).toMatchObject({ kind: 'standard', ref: 'session-7', request: { id: request.id, status: 'Accepted' } })
    })

    it('finds an agent request with a custom external reference from its state', async () => {
      const client = aClient(transport, t, { redirectSecret: 'a-test-secret-of-at-least-32-bytes!!' })
      const redirectUrl = client.buildRedirectUrl(RECEIPT_URL, { kind: 'agent', systemId: AGENT_SYSTEM, partyOrgNo: FACILITATOR, externalRef: 'firm-1' })
      const { request } = await client.agentRequests.create(anAgentRequest({ externalRef: 'firm-1', redirectUrl }))

      const outcome = await client.handleRedirect(`${redirectUrl}&status=Accepted`)

      expect(outcome).toMatchObject({ kind: 'agent', request: { id: request.id, status: 'New', externalRef: 'firm-1' } })
    })
  })
})
