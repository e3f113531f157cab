/**
 * Altinn's client-delegation API (`/authentication/api/v1/enduser/systemuser/...`, SystemUserClientDelegationController):
 * each operation's success and each of its answers, over every transport, called as an end-user system with DRESS
 * MINST's exchanged ID-porten token and machine to machine with a client-administrator system user. Codes and titles
 * are Altinn's (Problem.cs, ValidationErrors.cs), written out here as Altinn writes them.
 */
import { describe, expect, it } from 'vitest'
import { SystemUserInternalDTOSchema } from '../../sdk/contract/index.ts'
import { A, asVendor, call, vendorToken } from '../support/api.ts'
import {
  AGENTS,
  AVAILABLE,
  BOTH_SCOPES,
  CLIENTS_PATH,
  approvedAgent,
  approvedClientAdmin,
  callApi,
  clientsInState,
  partyUuids,
  personToken,
  systemUserToken,
} from '../support/client-delegation.ts'
import { transports, useMock } from '../support/transports.ts'
import { AGENT_CLIENT_ID, AGENT_SYSTEM, CLIENTS, DRESS_MINST, FACILITATOR, FREMMED_TURIST, LYSEGRONN_FLEKKETE_ELG, MODIG_KLOK_OTER, NON_CLIENT, REGNSKAPSFORER, SMARTCLOUD, SPRUDLENDE_HOFLIG_MAKE, STADIG_KONSERT } from '../../mock-server/seed/personas.ts'
import { aStandardRequest } from '../support/builders.ts'

const READ = 'altinn:clientdelegations.read'
const WRITE = 'altinn:clientdelegations.write'
const STD = { type: 'urn:altinn:error:STD-00000', title: 'One or more validation errors occurred.', status: 400, code: 'STD-00000' }
const AGENT_MISSING = { code: 'AUTH.VLD-00014', title: 'The agent query parameter is missing or invalid', paths: ['?agent'] }
const AGENT_NOT_FOUND = { code: 'AUTH.VLD-00014', title: 'System user not found', paths: ['?agent'] }
const NOT_AN_AGENT = { code: 'AUTH.VLD-00015', title: 'SystemUser is not a valid system user of type agent', paths: ['?agent'] }
const CLIENT_MISSING = { code: 'AUTH.VLD-00016', title: 'The client query parameter is missing or invalid', paths: ['?client'] }
const UNKNOWN_ID = '7c9e6679-7425-40de-944b-e07fc1f90ae7'

describe.each(transports)('the client-delegation API over %s', (transport) => {
  const t = useMock(transport)

  async function approvedStandard(): Promise<string> {
    const res = await asVendor(t.baseUrl).post(`${A}/systemuser/request/vendor`, aStandardRequest())
    expect((await call(t.baseUrl, 'POST', `/__mock/requests/${res.body.id}/approve`, { body: { pid: STADIG_KONSERT } })).status).toBe(200)
    return res.body.id
  }

  describe('GET enduser/systemuser/agents?party=', () => {
    it("lists the firm's active agent system users as SystemUserInternalDTO", async () => {
      const agent = await approvedAgent(t)
      await approvedClientAdmin(t) // a standard system user of the same firm: not listed
      const res = await callApi(t, 'GET', AGENTS, `party=${FACILITATOR}`, await personToken(t, DRESS_MINST))
      expect(res.status, res.text).toBe(200)
      expect(res.body).toHaveLength(1)
      const [dto] = SystemUserInternalDTOSchema.array().parse(res.body)
      expect(dto).toMatchObject({
        id: agent,
        systemId: AGENT_SYSTEM,
        integrationTitle: 'SmartCloud Regnskapsfører',
        productName: '',
        partyId: String(t.mock.store.organisations.get(FACILITATOR)!.partyId),
        partyUuId: '',
        reporteeOrgNo: FACILITATOR,
        isDeleted: false,
        supplierName: '',
        supplierOrgno: SMARTCLOUD,
        externalRef: FACILITATOR,
        userType: 'agent',
        accessPackages: [{ urn: REGNSKAPSFORER }],
      })
    })

    it('answers a plain 404 ProblemDetails for an organisation the register does not know', async () => {
      const res = await callApi(t, 'GET', AGENTS, 'party=999999999', await personToken(t, DRESS_MINST))
      expect(res.status).toBe(404)
      expect(res.headers.get('content-type')).toContain('application/problem+json')
      expect(res.body).toEqual({ title: 'Party not found', status: 404, detail: 'No associated party information found for organisation 999999999' })
    })

    it('answers the model-state 400 without party', async () => {
      const res = await callApi(t, 'GET', AGENTS, '', await personToken(t, DRESS_MINST))
      expect(res.status).toBe(400)
      expect(res.body.errors).toEqual({ party: ['The party field is required.'] })
    })

    it('refuses with a bodiless 403 a person who is not client administrator, a vendor token, and a token with only the write scope', async () => {
      await approvedAgent(t)
      for (const token of [await personToken(t, FREMMED_TURIST), await personToken(t, STADIG_KONSERT), await vendorToken(t.baseUrl, SMARTCLOUD, READ), await personToken(t, DRESS_MINST, WRITE)]) {
        const res = await callApi(t, 'GET', AGENTS, `party=${FACILITATOR}`, token)
        expect(res.status).toBe(403)
        expect(res.text).toBe('')
      }
      expect((await callApi(t, 'GET', AGENTS, `party=${FACILITATOR}`)).status).toBe(401)
    })
  })

  describe('GET enduser/systemuser/clients/available?agent=', () => {
    it("lists the firm's clients whose relationship carries the agent's packages, by party UUID, added or not", async () => {
      const agent = await approvedAgent(t)
      const uuids = await partyUuids(t)
      await call(t.baseUrl, 'POST', `/__mock/systemusers/${agent}/clients`, { body: { orgNo: CLIENTS[0] } })
      const res = await callApi(t, 'GET', AVAILABLE, `agent=${agent}`, await personToken(t, DRESS_MINST))
      expect(res.status, res.text).toBe(200)
      expect(res.body).toEqual({
        links: {},
        systemUserInformation: { systemUserId: agent, systemUserOwnerOrg: FACILITATOR },
        data: [
          { clientId: uuids[LYSEGRONN_FLEKKETE_ELG], clientOrganizationNumber: LYSEGRONN_FLEKKETE_ELG, clientOrganizationName: 'LYSEGRØNN FLEKKETE ELG AS' },
          { clientId: uuids[SPRUDLENDE_HOFLIG_MAKE], clientOrganizationNumber: SPRUDLENDE_HOFLIG_MAKE, clientOrganizationName: 'SPRUDLENDE HØFLIG MÅKE AS' },
          { clientId: uuids[MODIG_KLOK_OTER], clientOrganizationNumber: MODIG_KLOK_OTER, clientOrganizationName: 'MODIG KLOK OTER AS' },
        ],
      })
    })

    it('answers STD-00000 with AUTH.VLD-00014 for a missing, empty or unknown agent and AUTH.VLD-00015 for a standard system user', async () => {
      const token = await personToken(t, DRESS_MINST)
      const standard = await approvedStandard()
      const deleted = await approvedAgent(t)
      expect((await call(t.baseUrl, 'DELETE', `/__mock/systemusers/${deleted}`)).status).toBe(204)
      const cases: [string, object][] = [
        ['', AGENT_MISSING],
        ['agent=00000000-0000-0000-0000-000000000000', AGENT_MISSING],
        [`agent=${UNKNOWN_ID}`, AGENT_NOT_FOUND],
        [`agent=${deleted}`, AGENT_NOT_FOUND],
        [`agent=${standard}`, NOT_AN_AGENT],
      ]
      for (const [query, error] of cases) {
        const res = await callApi(t, 'GET', AVAILABLE, query, token)
        expect(res.status, query).toBe(400)
        expect(res.body, query).toMatchObject(STD)
        expect(res.body.validationErrors, query).toEqual([error])
      }
    })

    it("answers ASP.NET's model-state 400 for an agent that is not a GUID", async () => {
      const res = await callApi(t, 'GET', AVAILABLE, 'agent=abc', await personToken(t, DRESS_MINST))
      expect(res.status).toBe(400)
      expect(res.body.errors).toEqual({ agent: ["The value 'abc' is not valid."] })
      expect(res.body.code).toBeUndefined()
    })

    it('refuses a person who is not client administrator of the owner with a bodiless 403', async () => {
      const agent = await approvedAgent(t)
      const res = await callApi(t, 'GET', AVAILABLE, `agent=${agent}`, await personToken(t, FREMMED_TURIST))
      expect(res.status).toBe(403)
      expect(res.text).toBe('')
    })
  })

  describe('GET enduser/systemuser/clients?agent=', () => {
    it('lists the clients added, in the order they were added, and nothing before', async () => {
      const agent = await approvedAgent(t)
      const uuids = await partyUuids(t)
      const token = await personToken(t, DRESS_MINST)
      expect((await callApi(t, 'GET', CLIENTS_PATH, `agent=${agent}`, token)).body.data).toEqual([])
      for (const c of [CLIENTS[2], CLIENTS[0]]) expect((await callApi(t, 'POST', CLIENTS_PATH, `agent=${agent}&client=${uuids[c]}`, token)).status).toBe(200)
      const res = await callApi(t, 'GET', CLIENTS_PATH, `AGENT=${agent.toUpperCase()}`, token)
      expect(res.status, res.text).toBe(200)
      expect(res.body.systemUserInformation).toEqual({ systemUserId: agent, systemUserOwnerOrg: FACILITATOR })
      expect(res.body.data.map((c: { clientOrganizationNumber: string }) => c.clientOrganizationNumber)).toEqual([CLIENTS[2], CLIENTS[0]])
      expect(res.body.data[0].clientId).toBe(uuids[CLIENTS[2]])
    })

    it('answers the same validation problems as the other reads', async () => {
      const res = await callApi(t, 'GET', CLIENTS_PATH, `agent=${UNKNOWN_ID}`, await personToken(t, DRESS_MINST))
      expect(res.status).toBe(400)
      expect(res.body.validationErrors).toEqual([AGENT_NOT_FOUND])
    })
  })

  describe('POST enduser/systemuser/clients?agent=&client=', () => {
    it('adds the client and answers the two ids; the same client again changes nothing', async () => {
      const agent = await approvedAgent(t)
      const uuids = await partyUuids(t)
      const token = await personToken(t, DRESS_MINST)
      for (let i = 0; i < 2; i++) {
        const res = await callApi(t, 'POST', CLIENTS_PATH, `agent=${agent}&client=${uuids[CLIENTS[1]]}`, token)
        expect(res.status, res.text).toBe(200)
        expect(res.body).toEqual({ agent, client: uuids[CLIENTS[1]] })
      }
      expect(await clientsInState(t, agent)).toEqual([CLIENTS[1]])
    })

    it('refuses a party that is not a client of the firm with AUTH-00079, and a client whose relationship lacks a package with AUTH-00080', async () => {
      t.mock.addSeed({ clientRelations: [{ facilitatorOrgNo: FACILITATOR, clientOrgNo: NON_CLIENT, roles: ['REVI'], accessPackages: [] }] } as never)
      const agent = await approvedAgent(t)
      const uuids = await partyUuids(t)
      const token = await personToken(t, DRESS_MINST)
      for (const client of [uuids[SMARTCLOUD]!, UNKNOWN_ID]) {
        const res = await callApi(t, 'POST', CLIENTS_PATH, `agent=${agent}&client=${client}`, token)
        expect(res.status).toBe(400)
        expect(res.body).toMatchObject({ type: 'urn:altinn:error:AUTH-00079', title: 'Client not found.', status: 400, code: 'AUTH-00079' })
      }
      const lacking = await callApi(t, 'POST', CLIENTS_PATH, `agent=${agent}&client=${uuids[NON_CLIENT]}`, token)
      expect(lacking.status).toBe(400)
      expect(lacking.body).toMatchObject({ title: 'Client does not have the accesspackages the agent system user requires', status: 400, code: 'AUTH-00080' })
      expect(await clientsInState(t, agent)).toEqual([])
    })

    it('merges the agent and client validation errors as Altinn does', async () => {
      const token = await personToken(t, DRESS_MINST)
      const standard = await approvedStandard()
      const none = await callApi(t, 'POST', CLIENTS_PATH, '', token)
      expect(none.status).toBe(400)
      expect(none.body).toMatchObject(STD)
      expect(none.body.validationErrors).toEqual([AGENT_MISSING, CLIENT_MISSING])
      const notAgent = await callApi(t, 'POST', CLIENTS_PATH, `agent=${standard}&client=00000000-0000-0000-0000-000000000000`, token)
      expect(notAgent.body.validationErrors).toEqual([NOT_AN_AGENT, CLIENT_MISSING])
      const unknown = await callApi(t, 'POST', CLIENTS_PATH, `agent=${UNKNOWN_ID}`, token)
      expect(unknown.body.validationErrors).toEqual([AGENT_NOT_FOUND, CLIENT_MISSING])
      const bad = await callApi(t, 'POST', CLIENTS_PATH, 'agent=x&client=', token)
      expect(bad.status).toBe(400)
      expect(bad.body.errors).toEqual({ agent: ["The value 'x' is not valid."], client: ["The value '' is invalid."] })
    })

    it('refuses, changing nothing, a token with only the read scope and a person who may not administer the clients', async () => {
      const agent = await approvedAgent(t)
      const uuids = await partyUuids(t)
      for (const token of [await personToken(t, DRESS_MINST, READ), await personToken(t, FREMMED_TURIST)]) {
        const res = await callApi(t, 'POST', CLIENTS_PATH, `agent=${agent}&client=${uuids[CLIENTS[0]]}`, token)
        expect(res.status).toBe(403)
        expect(res.text).toBe('')
      }
      expect(await clientsInState(t, agent)).toEqual([])
    })
  })

  describe('DELETE enduser/systemuser/clients?agent=&client=', () => {
    it('removes the client, and answers 200 as well for one the system user does not have (Altinn does not check first)', async () => {
      const agent = await approvedAgent(t)
      const uuids = await partyUuids(t)
      const token = await personToken(t, DRESS_MINST)
      await callApi(t, 'POST', CLIENTS_PATH, `agent=${agent}&client=${uuids[CLIENTS[0]]}`, token)
      await callApi(t, 'POST', CLIENTS_PATH, `agent=${agent}&client=${uuids[CLIENTS[1]]}`, token)
      const res = await callApi(t, 'DELETE', CLIENTS_PATH, `agent=${agent}&client=${uuids[CLIENTS[0]]}`, token)
      expect(res.status, res.text).toBe(200)
      expect(res.body).toEqual({ agent, client: uuids[CLIENTS[0]] })
      expect(await clientsInState(t, agent)).toEqual([CLIENTS[1]])
      const again = await callApi(t, 'DELETE', CLIENTS_PATH, `agent=${agent}&client=${uuids[CLIENTS[0]]}`, token)
      expect(again.status).toBe(200)
      expect(await clientsInState(t, agent)).toEqual([CLIENTS[1]])
    })

    it('answers the merged validation errors and refuses a person who may not write', async () => {
      const agent = await approvedAgent(t)
      const uuids = await partyUuids(t)
      await call(t.baseUrl, 'POST', `/__mock/systemusers/${agent}/clients`, { body: { orgNo: CLIENTS[0] } })
      const missing = await callApi(t, 'DELETE', CLIENTS_PATH, `agent=${agent}`, await personToken(t, DRESS_MINST))
      expect(missing.status).toBe(400)
      expect(missing.body.validationErrors).toEqual([CLIENT_MISSING])
      const refused = await callApi(t, 'DELETE', CLIENTS_PATH, `agent=${agent}&client=${uuids[CLIENTS[0]]}`, await personToken(t, FREMMED_TURIST))
      expect(refused.status).toBe(403)
      expect(await clientsInState(t, agent)).toEqual([CLIENTS[0]])
    })
  })

  describe('machine to machine, with a client-administrator system user', () => {
    it('lists, adds and removes clients with the token of a system user that holds klientadministrator', async () => {
      const agent = await approvedAgent(t)
      await approvedClientAdmin(t)
      const uuids = await partyUuids(t)
      const token = await systemUserToken(t)
      expect((await callApi(t, 'GET', AGENTS, `party=${FACILITATOR}`, token)).body.map((u: { id: string }) => u.id)).toEqual([agent])
      expect((await callApi(t, 'POST', CLIENTS_PATH, `agent=${agent}&client=${uuids[CLIENTS[0]]}`, token)).status).toBe(200)
      expect((await callApi(t, 'GET', CLIENTS_PATH, `agent=${agent}`, token)).body.data.map((c: { clientId: string }) => c.clientId)).toEqual([uuids[CLIENTS[0]]])
      expect((await callApi(t, 'DELETE', CLIENTS_PATH, `agent=${agent}&client=${uuids[CLIENTS[0]]}`, token)).status).toBe(200)
      expect(await clientsInState(t, agent)).toEqual([])
    })

    it("refuses the agent system user's own token and a deleted client-administrator system user's", async () => {
      const agent = await approvedAgent(t)
      const admin = await approvedClientAdmin(t)
      const agentToken = await systemUserToken(t, BOTH_SCOPES, FACILITATOR, AGENT_CLIENT_ID)
      expect((await callApi(t, 'GET', CLIENTS_PATH, `agent=${agent}`, agentToken)).status).toBe(403)
      const token = await systemUserToken(t)
      expect((await call(t.baseUrl, 'DELETE', `/__mock/systemusers/${admin}`)).status).toBe(204)
      expect((await callApi(t, 'GET', CLIENTS_PATH, `agent=${agent}`, token)).status).toBe(403)
    })
  })
})
