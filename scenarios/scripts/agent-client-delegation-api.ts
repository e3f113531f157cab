import { createAltinnClient, isAltinnProblem, type AltinnClient, type ClientList, type EnvironmentUrls } from 'altinn-systemuser-sdk'
import { Scopes } from 'altinn-systemuser-sdk/contract'
import type { ControlClient } from '../control.ts'
import { defineScenario, expectThat } from '../define.ts'
import { AGENT_SYSTEM, CLIENT_ADMIN_SYSTEM, DRESS_MINST, FACILITATOR, KLIENTADMINISTRATOR_PACKAGE, KRAV_SCOPE, LYSEGRONN_FLEKKETE_ELG, NON_CLIENT, REGNSKAPSFORER_PACKAGE, SPRUDLENDE_HOFLIG_MAKE } from '../personas.ts'
import { expectClaims, expectRefused, readTaxClaims } from '../service.ts'

// SmartCloud's system for client administration has the access package `klientadministrator` (Altinn's client-admin guide).
const CLIENT_DELEGATION_SCOPES = `${Scopes.clientDelegationsRead} ${Scopes.clientDelegationsWrite}`

/**
 * SmartCloud's client-administration client, set up as the guide says: a Maskinporten client of its own (the seed's,
 * on the client-administration system) that gets the firm's client-administrator system user's token.
 */
async function clientAdministration(urls: EnvironmentUrls, control: ControlClient, externalRef: string | undefined): Promise<AltinnClient> {
  const res = await fetch(`${urls.platformUrl}/__mock/seed`, { headers: control.headers })
  const seed = (await res.json()) as { systems: { id: string; clientId: string[] }[]; maskinportenClients: { clientId: string; kid: string; privateJwk: JsonWebKey }[] }
  const clientIds = seed.systems.find((s) => s.id === CLIENT_ADMIN_SYSTEM)?.clientId ?? []
  const client = seed.maskinportenClients.find((c) => clientIds.includes(c.clientId))
  expectThat(client, `the seed has no Maskinporten client on ${CLIENT_ADMIN_SYSTEM}`)
  // The vendor signs its assertions in the mock's time, as one whose clock agrees with Maskinporten's would.
  const offset = Date.parse((await control.clock()).now) - Date.now()
  return createAltinnClient({
    environment: urls,
    maskinporten: { clientId: client.clientId, key: client.privateJwk, kid: client.kid },
    clientDelegation: { systemUser: { orgNo: FACILITATOR, externalRef } },
    now: () => Date.now() + offset,
  })
}

/** DRESS MINST logs in to SmartCloud with ID-porten: the mock's ID-porten stands in for the login. */
async function idPortenLogin(control: ControlClient, pid: string): Promise<string> {
  const res = await fetch(`${control.baseUrl}/__mock/tokens/idporten`, {
    method: 'POST',
    headers: { ...control.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ pid, scope: `openid ${CLIENT_DELEGATION_SCOPES}` }),
  })
  expectThat(res.ok, `the ID-porten login of ${pid} failed: ${res.status}`)
  return ((await res.json()) as { access_token: string }).access_token
}

function clientOf(list: ClientList, orgNo: string) {
  const client = list.clients.find((c) => c.clientOrganizationNumber === orgNo)
  expectThat(client, `expected ${orgNo} among the clients, got ${list.clients.map((c) => c.clientOrganizationNumber).join(', ') || 'none'}`)
  return client
}

export default defineScenario({
  name: 'agent-client-delegation-api',
  summary: "The accounting firm's client administration adds and removes clients through Altinn's client-delegation API (a client-administrator system user, then DRESS MINST through ID-porten); SmartCloud reads each client's claims",
  async run({ agentVendor, user, step, urls, control, externalRef }) {
    const agent = await step('SmartCloud asks TILBAKEHOLDEN USYMMETRISK TIGER AS for an agent system user and DRESS MINST approves it', async () => {
      const { request } = await agentVendor.agentRequests.create({ systemId: AGENT_SYSTEM, partyOrgNo: FACILITATOR, externalRef, accessPackages: [REGNSKAPSFORER_PACKAGE] })
      await user.approve(request.confirmUrl!, DRESS_MINST)
      const decided = await agentVendor.agentRequests.waitForDecision(request, { intervalMs: 50, timeoutMs: 10_000 })
      expectThat(decided.status === 'Accepted', `expected Accepted, got ${decided.status}`)
      return request.id
    })

    const admin = await step('SmartCloud asks the firm for a client-administrator system user ("klientadministrator") and DRESS MINST approves it', async () => {
      const vendor = await clientAdministration(urls, control, externalRef)
      const { request } = await vendor.requests.create({ systemId: CLIENT_ADMIN_SYSTEM, partyOrgNo: FACILITATOR, externalRef, accessPackages: [KLIENTADMINISTRATOR_PACKAGE] })
      await user.approve(request.confirmUrl!, DRESS_MINST)
      const decided = await vendor.requests.waitForDecision(request, { intervalMs: 50, timeoutMs: 10_000 })
      expectThat(decided.status === 'Accepted', `expected Accepted, got ${decided.status}`)
      return vendor.clientDelegation
    })

    const available = await step("machine to machine, SmartCloud finds the firm's agent system user and the clients it may be given", async () => {
      const agents = await admin.agents(FACILITATOR)
      expectThat(agents.some((a) => a.id === agent && a.userType === 'agent'), `expected the agent system user ${agent} among ${agents.map((a) => a.id).join(', ')}`)
      const list = await admin.availableClients(agent)
      expectThat(list.systemUserInformation.systemUserOwnerOrg === FACILITATOR, `expected the firm as owner, got ${list.systemUserInformation.systemUserOwnerOrg}`)
      expectThat(!list.clients.some((c) => c.clientOrganizationNumber === NON_CLIENT), 'UAVHENGIG STILLE REV AS is no client of the firm')
      return list
    })
    const elg = clientOf(available, LYSEGRONN_FLEKKETE_ELG)
    const make = clientOf(available, SPRUDLENDE_HOFLIG_MAKE)

    await step('SmartCloud adds LYSEGRØNN FLEKKETE ELG AS and SPRUDLENDE HØFLIG MÅKE AS by their party UUIDs', async () => {
      for (const c of [elg, make]) {
        const added = await admin.add(agent, c.clientId)
        expectThat(added.agent === agent && added.client === c.clientId, `expected {agent, client} back, got ${JSON.stringify(added)}`)
      }
    })

    await step('a party that is not a client of the firm is refused with AUTH-00079', async () => {
      const seed = (await (await fetch(`${urls.platformUrl}/__mock/seed`, { headers: control.headers })).json()) as { organisations: { orgNo: string; partyUuid: string }[] }
      const stranger = seed.organisations.find((o) => o.orgNo === NON_CLIENT)!.partyUuid
      const refused = await admin.add(agent, stranger).catch((e: unknown) => e)
      expectThat(isAltinnProblem(refused, 'AUTH-00079'), `expected AUTH-00079, got ${String(refused)}`)
    })

    const token = await step("SmartCloud gets a system-user token with the accounting firm's organisation", () =>
      agentVendor.tokens.systemUser({ orgNo: FACILITATOR, externalRef, scopes: [KRAV_SCOPE] }),
    )
    await step("SmartCloud reads each client's tax claims", async () => {
      expectClaims(await readTaxClaims(urls, token.accessToken, LYSEGRONN_FLEKKETE_ELG), LYSEGRONN_FLEKKETE_ELG)
      expectClaims(await readTaxClaims(urls, token.accessToken, SPRUDLENDE_HOFLIG_MAKE), SPRUDLENDE_HOFLIG_MAKE)
    })

    const person = await step("DRESS MINST logs in to SmartCloud with ID-porten; SmartCloud exchanges the token and sees the agent's two clients", async () => {
      const altinnToken = await agentVendor.exchangeIdPortenToken(await idPortenLogin(control, DRESS_MINST))
      const asPerson = agentVendor.clientDelegation.withTokens({ accessToken: () => altinnToken })
      const { clients } = await asPerson.clients(agent)
      const orgNos = clients.map((c) => c.clientOrganizationNumber).sort()
      expectThat(orgNos.join() === [LYSEGRONN_FLEKKETE_ELG, SPRUDLENDE_HOFLIG_MAKE].sort().join(), `expected the two clients, got ${orgNos.join(', ')}`)
      return asPerson
    })

    await step('DRESS MINST removes SPRUDLENDE HØFLIG MÅKE AS; the next call for it is refused, the other still works', async () => {
      await person.remove(agent, make.clientId)
      expectRefused(await readTaxClaims(urls, token.accessToken, SPRUDLENDE_HOFLIG_MAKE), 'the client was removed')
      expectClaims(await readTaxClaims(urls, token.accessToken, LYSEGRONN_FLEKKETE_ELG), LYSEGRONN_FLEKKETE_ELG)
    })

    await step("the portal's list of clients is the API's", async () => {
      const state = (await control.state()) as { clientDelegations: { systemUserId: string; clientOrgNo: string }[] }
      const inPortal = state.clientDelegations.filter((d) => d.systemUserId === agent).map((d) => d.clientOrgNo)
      const inApi = (await admin.clients(agent)).clients.map((c) => c.clientOrganizationNumber)
      expectThat(inPortal.join() === LYSEGRONN_FLEKKETE_ELG && inApi.join() === LYSEGRONN_FLEKKETE_ELG, `expected only ${LYSEGRONN_FLEKKETE_ELG}: portal ${inPortal.join(', ')}, API ${inApi.join(', ')}`)
    })
  },
})
