import { defineScenario, expectThat } from '../define.ts'
import { AGENT_SYSTEM, DRESS_MINST, FACILITATOR, KRAV_SCOPE, LYSEGRONN_FLEKKETE_ELG, NON_CLIENT, RECEIPT_URL, REGNSKAPSFORER_PACKAGE, SPRUDLENDE_HOFLIG_MAKE } from '../personas.ts'
import { expectClaims, expectRefused, readTaxClaims } from '../service.ts'

export default defineScenario({
  name: 'agent-approve-with-clients',
  summary: 'SmartCloud asks the accounting firm for an agent system user, DRESS MINST approves and adds clients, SmartCloud reads each client\'s claims',
  async run({ agentVendor: vendor, user, step, urls, externalRef }) {
    const { request } = await step('SmartCloud sends an agent request for "Regnskapsfører med signeringsrettighet" to TILBAKEHOLDEN USYMMETRISK TIGER AS', () =>
      vendor.agentRequests.create({
        systemId: AGENT_SYSTEM,
        partyOrgNo: FACILITATOR,
        externalRef,
        accessPackages: [REGNSKAPSFORER_PACKAGE],
        redirectUrl: `${RECEIPT_URL}?flow=agent`,
      }),
    )

    const { landedOn } = await step('DRESS MINST approves it in the Altinn portal and returns to the receipt page', () => user.approve(request.confirmUrl!, DRESS_MINST))
    expectThat(landedOn === `${RECEIPT_URL}?flow=agent`, `expected to land on the receipt page, landed on ${landedOn}`)

    await step('SmartCloud sees the agent request Accepted', async () => {
      const decided = await vendor.agentRequests.waitForDecision(request, { intervalMs: 50, timeoutMs: 10_000 })
      expectThat(decided.status === 'Accepted', `expected Accepted, got ${decided.status}`)
    })

    await step('DRESS MINST adds two clients with "Legg til klient"', async () => {
      await user.addClient(request.id, LYSEGRONN_FLEKKETE_ELG, DRESS_MINST)
      await user.addClient(request.id, SPRUDLENDE_HOFLIG_MAKE, DRESS_MINST)
    })

    const token = await step("SmartCloud gets a system-user token with the accounting firm's organisation (never a client's)", () =>
      vendor.tokens.systemUser({ orgNo: FACILITATOR, externalRef, scopes: [KRAV_SCOPE] }),
    )

    await step("SmartCloud reads each client's tax claims", async () => {
      expectClaims(await readTaxClaims(urls, token.accessToken, LYSEGRONN_FLEKKETE_ELG), LYSEGRONN_FLEKKETE_ELG)
      expectClaims(await readTaxClaims(urls, token.accessToken, SPRUDLENDE_HOFLIG_MAKE), SPRUDLENDE_HOFLIG_MAKE)
    })

    await step('an organisation that is not a client is refused', async () => {
      expectRefused(await readTaxClaims(urls, token.accessToken, NON_CLIENT), 'not a client')
    })

    await step('DRESS MINST removes one client; the next call for it is refused, the other still works', async () => {
      await user.removeClient(request.id, SPRUDLENDE_HOFLIG_MAKE, DRESS_MINST)
      expectRefused(await readTaxClaims(urls, token.accessToken, SPRUDLENDE_HOFLIG_MAKE), 'the client was removed')
      expectClaims(await readTaxClaims(urls, token.accessToken, LYSEGRONN_FLEKKETE_ELG), LYSEGRONN_FLEKKETE_ELG)
    })
  },
})
