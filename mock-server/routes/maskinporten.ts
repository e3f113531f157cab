/**
 * Maskinporten (metadata, JWKS, the JWT-bearer grant), Altinn's token exchange and OpenID metadata, and the
 * control route that registers a Maskinporten client with the caller's own key.
 */
import { z } from 'zod'
import { OAuthErrorSchema, TokenExchangeProviders, TokenRoutes, MASKINPORTEN_PATH_ON_ORIGIN, type AltinnOpenIdConfiguration } from 'altinn-systemuser-sdk/contract'
import {
  ClientRegistrationError,
  grantToken,
  maskinportenJwks,
  maskinportenMetadata,
  MaskinportenGrantError,
  registerMaskinportenClient,
  toMaskinportenClientView,
} from '../core/maskinporten.ts'
import { exchangeMaskinportenToken, TokenRejectedError } from '../core/tokens.ts'
import type { MockAltinn } from '../core/mock-altinn.ts'
import { answer, contractRoute, route } from './define.ts'
import { empty, httpProblem, json, text } from './responses.ts'
import type { RouteDef, RouteRequest } from './types.ts'

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
    handle: async ({ mock, body }) => {
      try {
        return json(200, await grantToken(mock, body), NO_STORE)
      } catch (e) {
        if (e instanceof MaskinportenGrantError) return json(e.status, e.toBody(), NO_STORE)
        throw e
      }
    },
  }),

  // Altinn: AuthenticationController.ExchangeExternalJwt (reference §7.2). Anonymous; it validates the bearer itself.
  contractRoute('exchangeToken', {
    problems: [
      answer(400, 'Not a token provider (`Invalid token provider: …`).', 'text'),
      answer(401, 'No bearer token, or one the exchange does not accept.', 'none'),
      answer(410, 'Enterprise user authentication (virksomhetsbruker) is gone.'),
    ],
    handle: async ({ mock, params, req }) => {
      const provider = (params.provider ?? '').toLowerCase()
      if (!(TokenExchangeProviders as readonly string[]).includes(provider)) {
        // The provider is echoed as Altinn does; nosniff keeps a browser from reading it as anything but text.
        const res = text(400, `Invalid token provider: ${(params.provider ?? '').slice(0, 100)}`)
        return { ...res, headers: { ...res.headers, 'x-content-type-options': 'nosniff' } }
      }
      // Altinn: the enterprise-user login ("virksomhetsbruker") is gone; 410 when it is asked for.
      if (req.headers['x-altinn-enterpriseuser-authentication'] !== undefined)
        return httpProblem(410, 'Gone', 'Enterprise user authentication (virksomhetsbruker) is no longer supported.')
      const token = bearerOf(req)
      if (!token) return empty(401)
      // The mock issues only Maskinporten tokens; an ID-porten or Altinn Studio exchange cannot validate one.
      if (provider !== 'maskinporten') return empty(401)
      try {
        return text(200, (await exchangeMaskinportenToken(mock, token)).accessToken)
      } catch (e) {
        if (e instanceof TokenRejectedError) return empty(401)
        throw e
      }
    },
  }),
  contractRoute('altinnOpenIdConfiguration', { handle: ({ mock }) => json(200, altinnOpenIdConfiguration(mock)) }),
  contractRoute('altinnJwks', { handle: ({ mock }) => json(200, { keys: [mock.keys.altinn.publicJwk] }) }),

  route('controlRegisterMaskinportenClient', 'POST', 'control', '/__mock/maskinporten/clients', {
    body: RegisterClientBody,
    problems: [answer(400, 'The client cannot be registered: no key, a key that cannot be read, or an unknown organisation.'), answer(409, 'A client with this clientId exists.')],
    handle: async ({ mock, body }) => {
      try {
        return json(201, toMaskinportenClientView(await registerMaskinportenClient(mock, body)))
      } catch (e) {
        if (e instanceof ClientRegistrationError) return httpProblem(e.status, e.status === 409 ? 'Conflict' : 'Bad Request', e.message)
        throw e
      }
    },
  }),
]
