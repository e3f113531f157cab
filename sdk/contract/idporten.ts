/**
 * A person's tokens: what an ID-porten access token carries, and what Altinn's exchange (`GET
 * authentication/api/v1/exchange/id-porten`) turns it into. End-user systems use the exchanged token for the
 * client-delegation API on behalf of the person who logged in (audit §1 row 35, §2 D12).
 *
 * Source: Altinn/altinn-authentication `src/Authentication/Controllers/AuthenticationController.cs`
 * (`ExchangeExternalSystemToken`, `AuthenticateIdPortenToken`), `src/jwtcookie/Authentication/Constants/
 * AltinnCoreClaimTypes.cs`, and `src/Authentication/appsettings.json` (`PartnerScopes`).
 *
 * @example
 * ```ts
 * import { AltinnPersonTokenClaims } from './idporten.ts'
 * const userId = claims[AltinnPersonTokenClaims.userId] // '1234567'
 * ```
 */
import type { RouteTemplate } from './routes.ts'

/** Where the mock serves its ID-porten on one origin: the issuer is `<origin>/idporten/`. */
export const IDPORTEN_PATH_ON_ORIGIN = '/idporten'

/**
 * The mock ID-porten's metadata and keys (paths relative to the platform origin). Real ID-porten publishes the same
 * two documents at `https://test.idporten.no/.well-known/openid-configuration` and `.../jwks.json`.
 *
 * @example
 * ```ts
 * IdPortenRoutes.jwks.path // '/idporten/jwks.json'
 * ```
 */
export const IdPortenRoutes = {
  openIdConfiguration: { method: 'GET', surface: 'platform', path: `${IDPORTEN_PATH_ON_ORIGIN}/.well-known/openid-configuration` },
  jwks: { method: 'GET', surface: 'platform', path: `${IDPORTEN_PATH_ON_ORIGIN}/jwks.json` },
} as const satisfies Record<string, RouteTemplate>

/**
 * ID-porten's `acr` values and the Altinn authentication level the exchange gives each (`IdportenLevel0/3/4`).
 *
 * @example
 * ```ts
 * IdPortenAuthLevels['idporten-loa-high'] // 4
 * ```
 */
export const IdPortenAuthLevels = {
  'idporten-loa-low': 0,
  'idporten-loa-substantial': 3,
  'idporten-loa-high': 4,
} as const
export type IdPortenAcr = keyof typeof IdPortenAuthLevels

/**
 * Scopes besides `altinn:*` that make an ID-porten token exchangeable (Altinn's `PartnerScopes`); a token with none
 * of them and no `altinn:` scope is refused with 403.
 */
export const IDPORTEN_PARTNER_SCOPES = [
  'skatteetaten:formueinntekt/skattemelding',
  'skatteetaten:mvameldinginnsending',
  'skatteetaten:mvameldingvalidering',
] as const

/**
 * Claims the exchange adds for a person (`AltinnCoreClaimTypes`; `nameid` is .NET's name for
 * `ClaimTypes.NameIdentifier`). The ID-porten token's own claims (`pid`, `acr`, `amr`, `scope`, `client_id`, ...)
 * are copied too, except `aud`, `iss`, `at_hash`, `sid` and `sub`; the token lives until the ID-porten token expires.
 *
 * @example
 * ```ts
 * claims[AltinnPersonTokenClaims.partyUuid] // the person's party UUID
 * ```
 */
export const AltinnPersonTokenClaims = {
  nameId: 'nameid',
  userId: 'urn:altinn:userid',
  userName: 'urn:altinn:username',
  partyId: 'urn:altinn:partyid',
  partyUuid: 'urn:altinn:party:uuid',
  authenticateMethod: 'urn:altinn:authenticatemethod',
  authLevel: 'urn:altinn:authlevel',
} as const
