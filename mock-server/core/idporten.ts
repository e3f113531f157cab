/**
 * The mock's ID-porten: it issues access tokens for a person (seeded or any synthetic Tenor person), publishes its
 * metadata and key set, and Altinn's exchange (`GET exchange/id-porten`, core/tokens.ts) verifies its tokens. Real
 * ID-porten logs a person in at a browser; here `POST /__mock/tokens/idporten` stands in for that login, the way
 * `POST /__mock/tokens` stands in for Maskinporten's grant.
 *
 * The token carries what an ID-porten access token carries for an end-user system: `iss`, `sub` (pairwise per
 * client), `pid`, `acr`, `amr`, `scope`, `client_id`, `client_amr`, `token_type`, `sid`, `jti`, `iat` and a short
 * `exp` (ID-porten's default lifetime for access tokens is 120 seconds).
 *
 * @example
 * ```ts
 * const { accessToken } = await mintIdPortenToken(mock, { pid: '21898450160', scope: 'altinn:clientdelegations.read' })
 * ```
 */
import { createHash, randomUUID } from 'node:crypto'
import { IdPortenAuthLevels, IdPortenRoutes, type IdPortenAcr } from 'altinn-systemuser-sdk/contract'
import { trimSlash, type MockContext } from './context.ts'
import { badInput } from './errors.ts'
import { isSyntheticPid } from './identifiers.ts'
import { idPortenIssuer, sign, type AccessTokenClaims, type MintedToken } from './tokens.ts'

/** ID-porten's default lifetime of an access token, in seconds. */
const IDPORTEN_TOKEN_SECONDS = 120

/** The client id a token names when the caller gives none. */
const DEFAULT_IDPORTEN_CLIENT_ID = 'mock-idporten-client'

/** What {@link mintIdPortenToken} takes. */
export interface IdPortenTokenOptions {
  /** The person's number: a synthetic (Tenor) one, seeded or not. */
  pid: string
  /** Space-separated scopes the person consented to, e.g. `altinn:clientdelegations.read`. */
  scope: string
  /** `idporten-loa-substantial` (default) or `idporten-loa-high` (or `idporten-loa-low`). */
  acr?: IdPortenAcr | undefined
  /** The end-user system's ID-porten client. */
  clientId?: string | undefined
  /** Lifetime in seconds (default 120, at most an hour). */
  expiresIn?: number | undefined
}

/**
 * Issue an ID-porten access token for a person, signed with the mock ID-porten's key.
 *
 * @throws HttpProblemError (bad input) when the person number is not synthetic, the scope is empty, or `acr` or the
 * lifetime is not one ID-porten gives.
 * @example
 * ```ts
 * await mintIdPortenToken(mock, { pid: '21898450160', scope: 'altinn:clientdelegations.write', acr: 'idporten-loa-high' })
 * ```
 */
export async function mintIdPortenToken(ctx: MockContext, options: IdPortenTokenOptions): Promise<MintedToken> {
  if (!isSyntheticPid(options.pid))
    throw badInput('pid must be a synthetic (Tenor) person number: eleven digits, the month plus 80, valid check digits, e.g. 21898450160.')
  const scope = options.scope.split(' ').filter(Boolean).join(' ')
  if (!scope) throw badInput('scope must name at least one scope, e.g. "altinn:clientdelegations.read".')
  const acr = options.acr ?? 'idporten-loa-substantial'
  if (!(acr in IdPortenAuthLevels)) throw badInput(`acr must be one of ${Object.keys(IdPortenAuthLevels).join(', ')}.`)
  const expiresIn = options.expiresIn ?? IDPORTEN_TOKEN_SECONDS
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > 3600) throw badInput('expiresIn must be whole seconds from 1 to 3600.')
  const clientId = options.clientId || DEFAULT_IDPORTEN_CLIENT_ID
  const now = Math.floor(ctx.clock.now() / 1000)
  const claims: AccessTokenClaims = {
    iss: idPortenIssuer(ctx),
    // ID-porten's `sub` is pairwise: the same person has another `sub` at another client.
    sub: createHash('sha256').update(`${clientId}|${options.pid}`).digest('base64url').slice(0, 43),
    pid: options.pid,
    acr,
    amr: ['TestID'],
    scope,
    client_id: clientId,
    client_amr: 'private_key_jwt',
    token_type: 'Bearer',
    sid: randomUUID(),
    jti: randomUUID(),
    iat: now,
    exp: now + expiresIn,
  }
  return { accessToken: await sign(ctx.keys.idporten, claims), expiresIn, claims }
}

/**
 * The mock ID-porten's OpenID metadata: issuer, key set, algorithms, levels. It names no login or token endpoint,
 * because the mock has none: a test gets a person's token from `POST /__mock/tokens/idporten`.
 *
 * @example
 * ```ts
 * idPortenMetadata(mock).jwks_uri // 'http://127.0.0.1:5101/idporten/jwks.json'
 * ```
 */
export function idPortenMetadata(ctx: MockContext) {
  const issuer = idPortenIssuer(ctx)
  const base = trimSlash(ctx.config.platformUrl)
  return {
    issuer,
    jwks_uri: `${base}${IdPortenRoutes.jwks.path}`,
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: [ctx.keys.idporten.publicJwk.alg],
    acr_values_supported: Object.keys(IdPortenAuthLevels),
  }
}

/** The mock ID-porten's public key set. */
export function idPortenJwks(ctx: MockContext): { keys: JsonWebKey[] } {
  return { keys: [ctx.keys.idporten.publicJwk] }
}
