/**
 * The portal's words, in bokmål as on Altinn's own pages, and what each AUTH problem means for the person who
 * meets it. The code is always shown beside the words so a tester can find the rule.
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

/** The fixed texts of the pages. */
export const T = {
  brand: 'Altinn',
  testEnvironment: 'Testmiljø',
  skipToMain: 'Hopp til hovedinnhold',
  logOut: 'Logg ut',
  changeActor: 'Bytt aktør',
  actingFor: 'Representerer',
  loginTitle: 'Logg inn med TestID',
  loginIntro:
    'Dette er testinnloggingen til ID-porten. Velg en testperson, eller skriv inn et syntetisk fødselsnummer. Ekte fødselsnumre kan ikke brukes.',
  loginPeople: 'Testpersoner',
  loginPidHeading: 'Logg inn med fødselsnummer',
  loginPidLabel: 'Syntetisk fødselsnummer (11 siffer)',
  loginPidHelp: 'Syntetiske testnumre fra Tenor har måneden pluss 80 (for eksempel 03827150095).',
  loginButton: 'Logg inn',
  loginRefused: 'er ikke et syntetisk fødselsnummer. Bare syntetiske testnumre (Tenor: måned + 80, gyldige kontrollsiffer) kan brukes.',
  loginExpired: 'Innloggingen tok for lang tid eller ble avbrutt. Prøv igjen.',
  loggedOutTitle: 'Du er logget ut',
  loggedOutText: 'Du er nå logget ut av Altinn.',
  loginAgain: 'Logg inn igjen',
  chooseActorTitle: 'Hvem vil du representere?',
  chooseActorIntro: 'Velg virksomheten du skal handle på vegne av.',
  choose: 'Velg',
  noActors: 'Du har ingen roller eller tilganger i noen virksomhet, og kan ikke representere noen.',
  requestTitleSuffix: 'ønsker å opprette en systemtilgang',
  agentRequestTitle: 'Godkjenn systemtilgang for dine klienter',
  approve: 'Godkjenn',
  reject: 'Avvis',
  rights: 'Rettigheter',
  accessPackages: 'Tilgangspakker',
  noRights: 'Ingen rettigheter.',
  noPackages: 'Ingen tilgangspakker.',
  alreadyAccepted: 'Forespørselen er allerede godkjent.',
  alreadyRejected: 'Forespørselen er allerede avvist.',
  alreadyDenied: 'Forespørselen er avslått.',
  expired: 'Forespørselen er utløpt. Be leverandøren sende en ny forespørsel.',
  escalateButton: 'Send til tilgangsstyrer',
  escalated: 'Forespørselen er sendt til tilgangsstyrerne i virksomheten. De kan godkjenne eller avvise den.',
  escalatedForManager: 'En ansatt har sendt denne forespørselen videre til tilgangsstyrerne.',
  refusedTitle: 'Du har ikke tilgang',
  refusedText: 'Du har ingen rolle eller tilgang i virksomheten forespørselen gjelder, og kan ikke se eller godkjenne den.',
  wrongActorTitle: 'Forespørselen gjelder en annen virksomhet',
  overviewTitle: 'Systemtilganger',
  standardUsers: 'Systemtilganger',
  standardUsersHeading: 'Standard systemtilganger',
  agentUsers: 'Systemtilganger for klienter',
  noStandardUsers: 'Virksomheten har ingen systemtilganger.',
  noAgentUsers: 'Virksomheten har ingen systemtilganger for klienter.',
  pendingRequests: 'Forespørsler som venter på godkjenning',
  newSystemUser: 'Opprett ny systemtilgang',
  mayNotView: 'Du har ikke tilgang til å se systemtilgangene til denne virksomheten. Det kan tilgangsstyrere og klientadministratorer.',
  detailsRights: 'Dette har systemet tilgang til',
  clients: 'Klienter',
  noClients: 'Ingen klienter er lagt til ennå.',
  manageClients: 'Legg til klient',
  deleteSystemUser: 'Slett systemtilgang',
  deleteConfirmTitle: 'Vil du slette systemtilgangen?',
  deleteConfirmText: (title: string, org: string) => `${title} mister tilgangen til å handle på vegne av ${org} med en gang. Dette kan ikke angres: systemet må be om en ny systemtilgang.`,
  deleteConfirmClients: (count: number) => `${count === 1 ? 'Klienten' : `Alle ${count} klientene`} fjernes fra systemtilgangen.`,
  cancel: 'Avbryt',
  deleted: 'Systemtilgangen er slettet. Systemet kan ikke lenger bruke den.',
  agentDelegationTitle: 'Administrer klienter',
  addClient: 'Legg til klient',
  addClientIntro: 'Klientene der klientforholdet dekker alle tilgangspakkene til systemtilgangen:',
  noEligibleClients: 'Ingen flere klienter kan legges til.',
  add: 'Legg til',
  remove: 'Fjern',
  clientAdded: 'er lagt til.',
  clientRemoved: 'er fjernet.',
  backToSystemUser: 'Tilbake til systemtilgangen',
  backToOverview: 'Tilbake til oversikten',
  createTitle: 'Opprett systemtilgang',
  createIntro: 'Velg systemet du vil gi tilgang til å handle på vegne av virksomheten.',
  chooseSystem: 'Velg system',
  next: 'Neste',
  confirmCreateTitle: 'Godkjenn opprettelse av systemtilgang',
  createButton: 'Opprett systemtilgang',
  created: 'Systemtilgangen er opprettet.',
  noSystems: 'Ingen systemer er tilgjengelige.',
  csrfTitle: 'Skjemaet kunne ikke sendes',
  csrfText: 'Skjemaet manglet en gyldig sikkerhetsnøkkel, så ingenting ble endret. Last siden på nytt og prøv igjen.',
  errorTitle: 'Noe gikk galt',
  errorCode: 'Feilkode',
  notFoundTitle: 'Fant ikke siden',
  notFoundText: 'Siden finnes ikke i Altinn-portalen. Lenken kan være feil, eller siden er flyttet.',
  toFrontPage: 'Til forsiden for mocken',
  vendor: 'Leverandør',
  system: 'System',
  organisation: 'Virksomhet',
  integrationTitle: 'Navn på integrasjonen',
  type: 'Type',
  createdAt: 'Opprettet',
  typeStandard: 'Systemtilgang',
  typeAgent: 'Systemtilgang for klienter',
  // The change-request page (Altinn's access-management frontend, `systemuser_change_request.*` in bokmål).
  changeRequestTitle: 'Oppdater systemtilgang',
  changeRequestHeadingSuffix: 'ber om godkjenning til å gjøre endringer i systemtilgang',
  changeRequestListHeader: 'Dette vil endres i systemtilgangen:',
  changeAddRight: 'Denne enkelttjenesten vil legges til',
  changeAddRights: 'Disse enkelttjenestene vil legges til',
  changeRemoveRight: 'Denne enkelttjenesten vil fjernes',
  changeRemoveRights: 'Disse enkelttjenestene vil fjernes',
  changeAddPackage: 'Denne tilgangspakken vil legges til',
  changeAddPackages: 'Disse tilgangspakkene vil legges til',
  changeRemovePackage: 'Denne tilgangspakken vil fjernes',
  changeRemovePackages: 'Disse tilgangspakkene vil fjernes',
  changeApprove: 'Godkjenn oppdatert systemtilgang',
  changeAccepted: 'Denne forespørselen om oppdatering er allerede godkjent',
  changeRejected: 'Denne forespørselen om oppdatering er allerede avvist',
  changeExpired: 'Denne forespørselen om oppdatering har utløpt',
  changeApprovedFlash: 'Endringen av systemtilgangen er godkjent.',
  changeRejectedFlash: 'Endringen av systemtilgangen er avvist.',
} as const
