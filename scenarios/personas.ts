/**
 * The seed's cast as the scripts name it. The numbers and ids come from the mock's one list of them (`personas` of
 * its public entry); the right and the access package are written as a request carries them.
 */
import { Scopes } from 'altinn-systemuser-sdk/contract'
import { personas } from '../mock-server/index.ts'

export const {
  SMARTCLOUD,
  CUSTOMER,
  STADIG_KONSERT,
  FLITTIG_ANSATT,
  FACILITATOR,
  DRESS_MINST,
  LYSEGRONN_FLEKKETE_ELG,
  SPRUDLENDE_HOFLIG_MAKE,
  NON_CLIENT,
  STANDARD_SYSTEM,
  AGENT_SYSTEM,
  CLIENT_ADMIN_SYSTEM,
  RECEIPT_URL,
} = personas
/** The scope of "Krav og betalinger", which a system-user token needs for the demo service. */
export const KRAV_SCOPE = Scopes.kravOgBetalinger
/** The standard system's right, on "Krav og betalinger". */
export const KRAV_RIGHT = { resource: [{ id: 'urn:altinn:resource', value: personas.KRAV }] }
/** The agent system's access package, which an accountant's role carries. */
export const REGNSKAPSFORER_PACKAGE = { urn: personas.REGNSKAPSFORER }
/** The client-administration system's access package. */
export const KLIENTADMINISTRATOR_PACKAGE = { urn: personas.KLIENTADMINISTRATOR }
