/**
 * The mock's ID-porten: its metadata and key set under `<origin>/idporten/`, and the control route that stands in
 * for a person's login (`POST /__mock/tokens/idporten`). Altinn's exchange of the token is in maskinporten.ts with
 * the other providers (`GET authentication/api/v1/exchange/id-porten`).
 */
import * as z from 'zod'
import { IdPortenRoutes } from 'altinn-systemuser-sdk/contract'
import { idPortenJwks, idPortenMetadata, mintIdPortenToken } from '../core/idporten.ts'
import type { IdPortenAcr } from 'altinn-systemuser-sdk/contract'
import { answer, route } from '../kit/define.ts'
import { json } from '../kit/responses.ts'
import type { RouteDef } from '../kit/types.ts'

const IdPortenTokenBody = z.object({
  pid: z.string(),
  scope: z.string(),
  acr: z.string().nullish(),
  clientId: z.string().nullish(),
  expiresIn: z.number().nullish(),
})

export const idPortenRoutes: RouteDef<any>[] = [
  route('idportenOpenIdConfiguration', IdPortenRoutes.openIdConfiguration.method, IdPortenRoutes.openIdConfiguration.surface, IdPortenRoutes.openIdConfiguration.path, {
    handle: ({ mock }) => json(200, idPortenMetadata(mock)),
  }),
  route('idportenJwks', IdPortenRoutes.jwks.method, IdPortenRoutes.jwks.surface, IdPortenRoutes.jwks.path, {
    handle: ({ mock }) => json(200, idPortenJwks(mock)),
  }),
  route('controlIdPortenToken', 'POST', 'control', '/__mock/tokens/idporten', {
    body: IdPortenTokenBody,
    problems: [answer(400, 'The token cannot be issued: a person number that is not synthetic, an empty scope, an unknown acr, or a lifetime outside 1 to 3600 seconds.')],
    handle: async ({ mock, body }) => {
      const minted = await mintIdPortenToken(mock, {
        pid: body.pid,
        scope: body.scope,
        acr: (body.acr ?? undefined) as IdPortenAcr | undefined,
        clientId: body.clientId ?? undefined,
        expiresIn: body.expiresIn ?? undefined,
      })
      // As ID-porten's token endpoint answers (no id_token: the mock logs nobody in), never cached.
      return json(200, { access_token: minted.accessToken, token_type: 'Bearer', expires_in: minted.expiresIn, scope: minted.claims.scope }, { 'cache-control': 'no-store', pragma: 'no-cache' })
    },
  }),
]
