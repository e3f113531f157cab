/**
 * Words and numbers as the mock's pages write them, in bokmål as on Altinn's own: what each AUTH problem means for
 * the person who meets it (the code is always shown beside the words so a tester can find the rule), organisation
 * numbers in groups of three, dates in Oslo time. The portal, the inspector and the demo vendor write them alike.
 */
import type { ProblemDescriptor } from 'altinn-systemuser-sdk/contract'

/** Bokmål explanations of the AUTH problems a person can meet in the portal. */
const PROBLEM_TEXTS: Record<string, string> = {
  'AUTH-00000': 'Fant ikke virksomheten du representerer.',
  'AUTH-00001': 'En eller flere av rettighetene finnes ikke lenger eller kan ikke delegeres.',
  'AUTH-00004': 'Det finnes allerede en systemtilgang for dette systemet hos virksomheten.',
  'AUTH-00010': 'Fant ikke forespørselen. Lenken kan være feil, eller forespørselen er slettet.',
  'AUTH-00011': 'Fant ikke systemet, eller det kan ikke velges.',
  'AUTH-00013': 'Forespørselen er allerede behandlet eller er utløpt, og kan ikke endres.',
  'AUTH-00015': 'Fant ikke systemtilgangen. Den kan være slettet, eller den tilhører en annen virksomhet.',
  'AUTH-00017': 'Systemet mangler navn på bokmål og kan ikke godkjennes.',
  'AUTH-00024': 'Du har ikke rettighet til å slette denne systemtilgangen. Det kan bare tilgangsstyrere i virksomheten.',
  'AUTH-00025': 'Dette er ikke en forespørsel om systemtilgang for klienter.',
  'AUTH-00030': 'Fant ikke forespørselen om systemtilgang for klienter. Lenken kan være feil, eller forespørselen er slettet.',
  'AUTH-00034': 'Systemtilgangen er ikke en systemtilgang for klienter.',
  'AUTH-00038': 'Klienten er ikke lagt til denne systemtilgangen.',
  'AUTH-00041': 'Du representerer en annen virksomhet enn den forespørselen gjelder. Bytt aktør og prøv igjen.',
  'AUTH-00042': 'Du representerer en annen virksomhet enn den forespørselen gjelder. Bytt aktør og prøv igjen.',
  'AUTH-00044': 'Du har ikke rettighet til å administrere klienter. Det kan bare klientadministratorer i virksomheten.',
  'AUTH-00053': 'Du har ikke selv tilgangene som trengs for å gi disse tilgangspakkene videre.',
  'AUTH-00063': 'En eller flere tilgangspakker finnes ikke på systemet.',
  'AUTH-00064': 'En eller flere tilgangspakker kan ikke gis til en standard systemtilgang.',
  'AUTH-00065': 'En eller flere tilgangspakker kan ikke gis gjennom et klientforhold.',
  'AUTH-00066': 'Du har ikke tilgang til å godkjenne denne forespørselen.',
  'AUTH-00071': 'Tjenesten er et Maskinporten-skjema og kan ikke gis til en systemtilgang.',
  'AUTH-00079': 'Virksomheten finnes ikke blant klientene deres for tilgangspakkene til systemtilgangen.',
  'AUTH-00080': 'Klientforholdet dekker ikke alle tilgangspakkene til systemtilgangen.',
}

/**
 * What a problem means, in bokmål; the catalogue's English title when there is no translation.
 *
 * @example
 * ```ts
 * describeProblem(Problems.RequestUserIsNotAccessManager) // 'Du har ikke tilgang til å godkjenne denne forespørselen.'
 * ```
 */
export function describeProblem(descriptor: ProblemDescriptor): string {
  return PROBLEM_TEXTS[descriptor.code] ?? descriptor.title
}

/**
 * An organisation number as Altinn writes it, in groups of three.
 *
 * @example
 * ```ts
 * formatOrgNo('312091437') // '312 091 437'
 * ```
 */
export function formatOrgNo(orgNo: string): string {
  return /^\d{9}$/.test(orgNo) ? `${orgNo.slice(0, 3)} ${orgNo.slice(3, 6)} ${orgNo.slice(6)}` : orgNo
}

/**
 * A date as Altinn shows it in bokmål (Oslo time).
 *
 * @example
 * ```ts
 * formatDate(Date.UTC(2025, 0, 31, 12)) // '31.01.2025'
 * ```
 */
export function formatDate(epochMs: number): string {
  return new Intl.DateTimeFormat('nb-NO', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Europe/Oslo' }).format(epochMs)
}
