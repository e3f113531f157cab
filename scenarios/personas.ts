/**
 * The seed's personas, by the part they play in the stories (synthetic Tenor-style numbers).
 */
export const SMARTCLOUD = '318882703'
export const TILFELDIG_SUBTIL_APE = '312091437'
export const STADIG_KONSERT = '03827150095'
export const FLITTIG_ANSATT = '14919050099'
export const ACCOUNTING_FIRM = '310989312' // TILBAKEHOLDEN USYMMETRISK TIGER AS
export const DRESS_MINST = '21898450160'
export const LYSEGRONN_FLEKKETE_ELG = '315465222'
export const SPRUDLENDE_HOFLIG_MAKE = '312659298'
export const UAVHENGIG_STILLE_REV = '311574000'
export const STANDARD_SYSTEM = `${SMARTCLOUD}_smartcloud`
export const AGENT_SYSTEM = `${SMARTCLOUD}_smartcloud_agent`
export const RECEIPT_URL = 'https://smartcloud.example/receipt'
export const KRAV_SCOPE = 'skatteetaten:kravogbetalinger'
export const KRAV_RIGHT = { resource: [{ id: 'urn:altinn:resource', value: 'ske-krav-og-betalinger' }] }
export const REGNSKAPSFORER = { urn: 'urn:altinn:accesspackage:regnskapsforer-med-signeringsrettighet' }
