/**
 * The cast of the default seed (`default-seed.json`), each number written here once: the organisations and persons
 * of the two stories, SmartCloud's seeded systems and their Maskinporten clients, and the catalogue entries the
 * stories use. Every number is synthetic and passes its checksum (MOD11 for organisations; person numbers use Tenor's
 * month + 80). A seed of your own has its own cast: the mock finds the parts it plays by what each one is, and reads
 * these only where it speaks of the default seed.
 *
 * @example
 * ```ts
 * import { personas } from 'altinn-systemuser-mock'
 *
 * await mock.approve(requestId, { pid: personas.STADIG_KONSERT })
 * personas.SEEDED_NAMES[personas.CUSTOMER] // 'TILFELDIG SUBTIL APE'
 * ```
 */

/** SmartCloud AS: the vendor (system provider) of both stories. */
export const SMARTCLOUD = '318882703'
/** KONKURRENT SYSTEMER AS: a second vendor, for ownership checks. */
export const KONKURRENT = '315889545'
/** TILFELDIG SUBTIL APE: the customer of the standard story. */
export const CUSTOMER = '312091437'
/** TILBAKEHOLDEN USYMMETRISK TIGER AS: the accounting firm (facilitator) of the agent story. */
export const FACILITATOR = '310989312'
/** LYSEGRØNN FLEKKETE ELG AS: a client of the accounting firm (accountant role, REGN). */
export const LYSEGRONN_FLEKKETE_ELG = '315465222'
/** SPRUDLENDE HØFLIG MÅKE AS: a client of the accounting firm. */
export const SPRUDLENDE_HOFLIG_MAKE = '312659298'
/** MODIG KLOK OTER AS: a client of the accounting firm. */
export const MODIG_KLOK_OTER = '316948219'
/** The accounting firm's three clients, in the seed's order. */
export const CLIENTS = [LYSEGRONN_FLEKKETE_ELG, SPRUDLENDE_HOFLIG_MAKE, MODIG_KLOK_OTER] as const
/** UAVHENGIG STILLE REV AS: an organisation with no client relationship (the negative paths). */
export const NON_CLIENT = '311574000'

/** STADIG KONSERT: daglig leder and access manager of the customer; approves the standard request. */
export const STADIG_KONSERT = '03827150095'
/** DRESS MINST: client administrator and access manager of the accounting firm; approves the agent request. */
export const DRESS_MINST = '21898450160'
/** FLITTIG ANSATT: an employee of the customer without access-manager rights (may only escalate). */
export const FLITTIG_ANSATT = '14919050099'
/** FREMMED TURIST: a person with no relation to any seeded organisation. */
export const FREMMED_TURIST = '08866650188'

/** The name the default seed gives each organisation and person above. */
export const SEEDED_NAMES: Readonly<Record<string, string>> = {
  [SMARTCLOUD]: 'SmartCloud AS',
  [KONKURRENT]: 'KONKURRENT SYSTEMER AS',
  [CUSTOMER]: 'TILFELDIG SUBTIL APE',
  [FACILITATOR]: 'TILBAKEHOLDEN USYMMETRISK TIGER AS',
  [LYSEGRONN_FLEKKETE_ELG]: 'LYSEGRØNN FLEKKETE ELG AS',
  [SPRUDLENDE_HOFLIG_MAKE]: 'SPRUDLENDE HØFLIG MÅKE AS',
  [MODIG_KLOK_OTER]: 'MODIG KLOK OTER AS',
  [NON_CLIENT]: 'UAVHENGIG STILLE REV AS',
  [STADIG_KONSERT]: 'STADIG KONSERT',
  [DRESS_MINST]: 'DRESS MINST',
  [FLITTIG_ANSATT]: 'FLITTIG ANSATT',
  [FREMMED_TURIST]: 'FREMMED TURIST',
}

/** SmartCloud's standard system: a right on "Krav og betalinger", visible, the receipt page allowed. */
export const STANDARD_SYSTEM = `${SMARTCLOUD}_smartcloud`
/** SmartCloud's agent system, for accounting firms: the package {@link REGNSKAPSFORER}, not visible. */
export const AGENT_SYSTEM = `${SMARTCLOUD}_smartcloud_agent`
/** SmartCloud's client-administration system: the package {@link KLIENTADMINISTRATOR}. */
export const CLIENT_ADMIN_SYSTEM = `${SMARTCLOUD}_smartcloud_clientadmin`

/** The Maskinporten client of {@link STANDARD_SYSTEM} (the seed holds its test-only private key). */
export const STANDARD_CLIENT_ID = 'a3f1c0de-5c6b-4f8e-9d1a-318882703001'
/** The Maskinporten client of {@link AGENT_SYSTEM}. */
export const AGENT_CLIENT_ID = 'a3f1c0de-5c6b-4f8e-9d1a-318882703002'
/** The Maskinporten client of {@link CLIENT_ADMIN_SYSTEM}, allowed the client-delegation scopes too. */
export const CLIENT_ADMIN_CLIENT_ID = 'a3f1c0de-5c6b-4f8e-9d1a-318882703003'
/** The Maskinporten client of {@link KONKURRENT}. */
export const KONKURRENT_CLIENT_ID = 'b7e2d1aa-0f3c-4a9b-8e2d-315889545001'

/** The resource "Krav og betalinger" (the demo service's claims). */
export const KRAV = 'ske-krav-og-betalinger'
/** The resource "Skattegrunnlag". */
export const SKATTEGRUNNLAG = 'ske-skattegrunnlag'
/** The access package an accountant's role (REGN) carries; it grants {@link KRAV}. */
export const REGNSKAPSFORER = 'urn:altinn:accesspackage:regnskapsforer-med-signeringsrettighet'
/** The access package of a client administrator. */
export const KLIENTADMINISTRATOR = 'urn:altinn:accesspackage:klientadministrator'
/** SmartCloud's receipt page: the redirect URL its systems allow. */
export const RECEIPT_URL = 'https://smartcloud.example/receipt'
