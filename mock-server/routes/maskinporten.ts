/**
 * Maskinporten (metadata, JWKS, the JWT-bearer grant), Altinn's token exchange and OpenID metadata, and the
 * control route that registers a Maskinporten client with the caller's own key.
 */
import * as z from 'zod'
import { OAuthErrorSchema, TokenRoutes, MASKINPORTEN_PATH_ON_ORIGIN, type AltinnOpenIdConfiguration } from 'altinn-systemuser-sdk/contract'
import { grantToken, maskinportenJwks, maskinportenMetadata, registerMaskinportenClient, toMaskinportenClientView } from '../core/maskinporten.ts'
import { exchangeIdPortenToken, exchangeMaskinportenToken } from '../core/tokens.ts'
import type { MockAltinn } from '../core/mock-altinn.ts'
import { answer, contractRoute, route } from '../kit/define.ts'
import { empty, httpProblem, json, text } from '../kit/responses.ts'
import type { RouteDef, RouteRequest } from '../kit/types.ts'

/** RFC 6749 §5.1: token responses and errors must not be cached. */
const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' }

const RegisterClientBody = z.object({
  clientId: z.string(),
  orgNo: z.string(),
  jwks: z.object({ keys: z.array(z.record(z.string(), z.unknown())) }).nullish(),
  publicKeyPem: z.string().nullish(),
  kid: z.string().nullish(),
  scopes: z.array(z.string()).nullish(),
})

function bearerOf(req: RouteRequest): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')
  return m?.[1]
}

/** `JwtSecurityTokenHandler.CanReadToken`: a compact JWS (three parts) or JWE (five), at most 250 kB. */
function canReadToken(token: string): boolean {
  if (token.length > 256_000) return false
  const parts = token.split('.')
  return (parts.length === 3 || parts.length === 5) && parts[0] !== '' && parts.every((p) => /^[A-Za-z0-9_-]*$/.test(p))
}

/** Altinn's 410 for the enterprise-user login: a ProblemDetails it writes itself (AuthenticationController.cs:481-494). */
function enterpriseUserGone() {
  const body = {
    type: 'https://docs.altinn.studio',
    title: 'Virksomhetsbruker is no longer available',
    status: 410,
    detail:
      'Virksomhetsbruker (enterprise user) is no longer available. It has been replaced by Systembruker (system user) or ID-porten, depending on the use case. See https://docs.altinn.studio for migration guidance.',
  }
  return { status: 410, headers: { 'content-type': 'application/problem+json; charset=utf-8' }, body: JSON.stringify(body) }
}

/** Altinn's discovery document (Altinn: `OpenIdController.GetOpenIdConfigurationAsync`). */
function altinnOpenIdConfiguration(mock: MockAltinn): AltinnOpenIdConfiguration {
  const issuer = mock.config.altinnIssuer
  return {
    issuer,
    authorization_endpoint: issuer,
    token_endpoint: issuer,
    jwks_uri: `${issuer}.well-known/openid-configuration/jwks`,
    response_types_supported: ['token'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
  }
}

export const maskinportenRoutes: RouteDef<any>[] = [
  contractRoute('maskinportenMetadata', { handle: ({ mock }) => json(200, maskinportenMetadata(mock)) }),
  // RFC 8414 §3.1 puts the metadata of `<origin>/maskinporten/` at `<origin>/.well-known/oauth-authorization-server/maskinporten`.
  route('maskinportenMetadataOnOrigin', TokenRoutes.maskinportenMetadataOnOrigin.method, TokenRoutes.maskinportenMetadataOnOrigin.surface, TokenRoutes.maskinportenMetadataOnOrigin.path, {
    problems: [answer(404, 'Maskinporten is not served under /maskinporten/ of this origin.')],
    handle: ({ mock }) =>
      mock.config.maskinportenIssuer === `${mock.config.platformUrl}${MASKINPORTEN_PATH_ON_ORIGIN}/`
        ? json(200, maskinportenMetadata(mock))
        : httpProblem(404, 'Not Found', `Maskinporten's metadata is at ${mock.config.maskinportenIssuer}.well-known/oauth-authorization-server.`),
  }),
  contractRoute('maskinportenJwks', { handle: ({ mock }) => json(200, maskinportenJwks(mock)) }),
  contractRoute<URLSearchParams>('maskinportenToken', {
    form: true,
    problems: [
      answer(400, 'invalid_request, invalid_grant, invalid_scope, unsupported_grant_type, or invalid_altinn_customer_configuration when no system user matches authorization_details (MP-303).', OAuthErrorSchema),
      answer(401, 'invalid_client: the assertion names a client Maskinporten does not know (MP-100).', OAuthErrorSchema),
    ],
    // A refused grant is an OAuth error: `{"error", "error_description"}`, never cached (kit/errors.ts).
    handle: async ({ mock, body }) => json(200, await grantToken(mock, body), NO_STORE),
  }),

  // Altinn: AuthenticationController.ExchangeExternalSystemToken (reference §7.2, audit §2 D12). Anonymous; it reads
  // the bearer itself: a missing or unreadable token is 401 before the provider is looked at, an unknown provider
  // 400 text, and each provider validates the token its own way. A token a provider refuses is the controller's own
  // bodiless 401 (or 403), without the challenge the router's authentication sends.
  contractRoute('exchangeToken', {
    problems: [
      answer(400, "Not a token provider (`Invalid token provider: …. Trusted token providers are 'Maskinporten', 'Id-porten' and 'AltinnStudio'.`).", 'text'),
      answer(401, 'No bearer token, one that is not a JWT, or one the provider does not accept (Altinn Studio tokens never: the mock issues none).', 'none'),
      answer(403, 'An ID-porten token without an `altinn:` scope (or a partner scope).', 'none'),
      answer(410, 'A valid Maskinporten token sent for the enterprise-user login (virksomhetsbruker), which is gone.'),
    ],
    handle: async ({ mock, params, req }) => {
      const token = bearerOf(req)
      if (!token || !canReadToken(token)) return empty(401)
      const provider = params.provider ?? ''
      switch (provider.toLowerCase()) {
        case 'id-porten':
          return text(200, (await exchangeIdPortenToken(mock, token)).accessToken)
        case 'maskinporten': {
          const exchanged = await exchangeMaskinportenToken(mock, token)
          // Altinn: the enterprise-user login ("virksomhetsbruker") is gone; 410 once the token has validated.
          if (req.headers['x-altinn-enterpriseuser-authentication']) return enterpriseUserGone()
          return text(200, exchanged.accessToken)
        }
        case 'altinnstudio':
          // Altinn verifies these by Altinn Studio's keys; the mock has none, so none validates.
          return empty(401)
        default: {
          // The provider is echoed as Altinn does; nosniff keeps a browser from reading it as anything but text.
          const res = text(400, `Invalid token provider: ${provider.slice(0, 100)}. Trusted token providers are 'Maskinporten', 'Id-porten' and 'AltinnStudio'.`)
          return { ...res, headers: { ...res.headers, 'x-content-type-options': 'nosniff' } }
        }
      }
    },
  }),
  contractRoute('altinnOpenIdConfiguration', { handle: ({ mock }) => json(200, altinnOpenIdConfiguration(mock)) }),
  contractRoute('altinnJwks', { handle: ({ mock }) => json(200, { keys: [mock.keys.altinn.publicJwk] }) }),

  route('controlRegisterMaskinportenClient', 'POST', 'control', '/__mock/maskinporten/clients', {
    body: RegisterClientBody,
    problems: [answer(400, 'The client cannot be registered: no key, a key that cannot be read, or an unknown organisation.'), answer(409, 'A client with this clientId exists.')],
    handle: async ({ mock, body }) => {
      // A field left out is one not given: the same as null to the registration.
      const { jwks = null, publicKeyPem = null, kid = null, scopes = null } = body
      return json(201, toMaskinportenClientView(await registerMaskinportenClient(mock, { clientId: body.clientId, orgNo: body.orgNo, jwks, publicKeyPem, kid, scopes })))
    },
  }),
]
