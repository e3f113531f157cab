/**
 * The redirect back from Altinn, done honestly. Altinn appends nothing to a request's `redirectUrl`, the user
 * is logged out first, and the person who comes back may not be the one who decided (an escalated request is
 * approved by someone else, who never comes back). So (reference §11.3):
 *
 * 1. `buildRedirectUrl(allowedUrl, state)` puts an opaque, HMAC-signed state in the query (Altinn matches
 *    allowed URLs on scheme, host, port and path, so the query is free). The state names the request by
 *    (kind, system, organisation, external reference): no personal data.
 * 2. `handleRedirect(url)` verifies the state and reads the request's status from the API. Nothing in the URL
 *    is trusted beyond which request to look up.
 *
 * @example
 * ```ts
 * const redirectUrl = client.buildRedirectUrl('https://smartcloud.example/receipt', { systemId, partyOrgNo })
 * await client.requests.create({ systemId, partyOrgNo, rights, redirectUrl })
 * // later, in the handler of https://smartcloud.example/receipt
 * const { request } = await client.handleRedirect(req.url)
 * if (request.status === 'Accepted') showConnected()
 * ```
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { RedirectStateError } from './errors/index.ts'
import type { CallOptions } from './http.ts'
import type { AgentSystemUserRequest } from './resources/agent-requests.ts'
import type { ExternalRefLookup, SystemUserRequest } from './resources/system-user-requests.ts'

/**
 * What a redirect state names: the request to look up on return, and an optional reference of yours.
 *
 * @example
 * ```ts
 * const state: RedirectState = { systemId: '318882703_smartcloud', partyOrgNo: '312091437', ref: 'session-7' }
 * ```
 */
export interface RedirectState {
  /** Which kind of request (default `standard`). */
  kind?: 'standard' | 'agent' | undefined
  systemId: string
  /** The request's `partyOrgNo`. */
  partyOrgNo: string
  /** The request's external reference, when it has one. */
  externalRef?: string | undefined
  /** Your own correlation id (at most 200 characters). Never put personal data here: the state is signed, not encrypted. */
  ref?: string | undefined
}

/**
 * Options for signing and verifying states.
 *
 * @example
 * ```ts
 * const options: RedirectStateOptions = { secret: process.env.REDIRECT_SECRET!, maxAgeMs: 7 * 24 * 3600_000 }
 * ```
 */
export interface RedirectStateOptions {
  /** At least 32 bytes of secret (a random string of 32+ characters, or bytes). Keep it out of the code. */
  secret: string | Uint8Array
  /** The query parameter that carries the state (default `state`). */
  param?: string | undefined
  /** How old a state may be on return (default 180 days, the time a request stays open in Altinn). */
  maxAgeMs?: number | undefined
  /** Clock in epoch milliseconds (default `Date.now`). */
  now?: (() => number) | undefined
}

/**
 * A verified state.
 *
 * @example
 * ```ts
 * const { systemId, partyOrgNo, ref }: VerifiedRedirectState = verifyRedirectState(token, { secret })
 * ```
 */
export interface VerifiedRedirectState {
  kind: 'standard' | 'agent'
  systemId: string
  partyOrgNo: string
  externalRef: string | undefined
  ref: string | undefined
  issuedAt: Date
}

/**
 * What `handleRedirect` found: the request as Altinn has it now.
 *
 * @example
 * ```ts
 * const outcome: RedirectOutcome = await client.handleRedirect(req.url)
 * if (outcome.request.status === 'Accepted') console.log('connected', outcome.request.id)
 * ```
 */
export type RedirectOutcome =
  | { kind: 'standard'; request: SystemUserRequest; ref: string | undefined; issuedAt: Date }
  | { kind: 'agent'; request: AgentSystemUserRequest; ref: string | undefined; issuedAt: Date }

/**
 * How `handleRedirect` reads a request (the client's resources).
 *
 * @example
 * ```ts
 * const lookups: RedirectLookups = { standard: client.requests.getByExternalRef, agent: client.agentRequests.getByExternalRef }
 * ```
 */
export interface RedirectLookups {
  standard: (lookup: ExternalRefLookup, options?: CallOptions) => Promise<SystemUserRequest>
  agent: (lookup: ExternalRefLookup, options?: CallOptions) => Promise<AgentSystemUserRequest>
}

const VERSION = 'v1'
const MAC_CONTEXT = 'altinn-systemuser-redirect-state'
const DEFAULT_MAX_AGE_MS = 180 * 24 * 60 * 60 * 1000
const MAX_STATE_LENGTH = 2048

interface WireState {
  k: 's' | 'a'
  s: string
  o: string
  e?: string
  r?: string
  t: number
  n: string
}

function secretBytes(secret: string | Uint8Array): Uint8Array {
  const bytes = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret
  if (!(bytes instanceof Uint8Array) || bytes.length < 32) throw new TypeError('The redirect secret must be at least 32 bytes (e.g. 32 random characters)')
  return bytes
}

function mac(secret: Uint8Array, payload: string): Buffer {
  return createHmac('sha256', secret).update(`${MAC_CONTEXT}.${VERSION}.${payload}`).digest()
}

/**
 * Sign a state for a return URL.
 *
 * @example
 * ```ts
 * const state = signRedirectState({ systemId: '318882703_smartcloud', partyOrgNo: '312091437' }, { secret })
 * ```
 */
export function signRedirectState(state: RedirectState, options: RedirectStateOptions): string {
  if (!state || typeof state.systemId !== 'string' || !state.systemId) throw new TypeError('state.systemId is required')
  if (typeof state.partyOrgNo !== 'string' || !/^\d{9}$/.test(state.partyOrgNo)) throw new TypeError('state.partyOrgNo must be a nine-digit organisation number')
  if (state.kind !== undefined && state.kind !== 'standard' && state.kind !== 'agent') throw new TypeError("state.kind must be 'standard' or 'agent'")
  if (state.ref !== undefined && (typeof state.ref !== 'string' || state.ref.length > 200)) throw new TypeError('state.ref must be a string of at most 200 characters')
  const now = options.now ?? Date.now
  const wire: WireState = {
    k: state.kind === 'agent' ? 'a' : 's',
    s: state.systemId,
    o: state.partyOrgNo,
    ...(state.externalRef && state.externalRef !== state.partyOrgNo ? { e: state.externalRef } : {}),
    ...(state.ref ? { r: state.ref } : {}),
    t: Math.floor(now() / 1000),
    n: randomBytes(9).toString('base64url'),
  }
  const payload = Buffer.from(JSON.stringify(wire), 'utf8').toString('base64url')
  return `${VERSION}.${payload}.${mac(secretBytes(options.secret), payload).toString('base64url')}`
}

/**
 * Verify a state from a return URL: ours, unaltered, and not too old.
 *
 * @example
 * ```ts
 * const { systemId, partyOrgNo } = verifyRedirectState(url.searchParams.get('state')!, { secret })
 * ```
 */
export function verifyRedirectState(token: string, options: RedirectStateOptions): VerifiedRedirectState {
  const secret = secretBytes(options.secret)
  if (typeof token !== 'string' || !token) throw new RedirectStateError('missing', 'The return URL carries no state')
  if (token.length > MAX_STATE_LENGTH) throw new RedirectStateError('malformed', 'The state is too long to be ours')
  const parts = token.split('.')
  if (parts.length !== 3 || parts[0] !== VERSION || !parts[1] || !parts[2]) throw new RedirectStateError('malformed', 'The state is not one this SDK made')
  const [, payload, signature] = parts as [string, string, string]
  const expected = mac(secret, payload)
  const given = Buffer.from(signature, 'base64url')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new RedirectStateError('signature', 'The state was not signed with this secret (altered, or from elsewhere)')
  }
  let wire: WireState
  try {
    wire = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as WireState
  } catch {
    throw new RedirectStateError('malformed', 'The state is signed but unreadable')
  }
  if ((wire.k !== 's' && wire.k !== 'a') || typeof wire.s !== 'string' || typeof wire.o !== 'string' || typeof wire.t !== 'number') {
    throw new RedirectStateError('malformed', 'The state is signed but incomplete')
  }
  const now = (options.now ?? Date.now)()
  const maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS
  if (now - wire.t * 1000 > maxAgeMs) throw new RedirectStateError('expired', 'The state is older than allowed')
  return {
    kind: wire.k === 'a' ? 'agent' : 'standard',
    systemId: wire.s,
    partyOrgNo: wire.o,
    externalRef: typeof wire.e === 'string' ? wire.e : undefined,
    ref: typeof wire.r === 'string' ? wire.r : undefined,
    issuedAt: new Date(wire.t * 1000),
  }
}

/**
 * The `redirectUrl` to send with a request: `allowedUrl` (one of the system's `allowedRedirectUrls`) with the
 * signed state in its query.
 *
 * @example
 * ```ts
 * buildRedirectUrl('https://smartcloud.example/receipt', { systemId, partyOrgNo }, { secret })
 * // 'https://smartcloud.example/receipt?state=v1.eyJr….Qm9…'
 * ```
 */
export function buildRedirectUrl(allowedUrl: string, state: RedirectState, options: RedirectStateOptions): string {
  let url: URL
  try {
    url = new URL(allowedUrl)
  } catch {
    throw new TypeError('allowedUrl must be an absolute URL (one of the system\'s allowedRedirectUrls)')
  }
  // Altinn: allowed redirect URLs must be absolute https (AUTH.VLD-00005).
  if (url.protocol !== 'https:') throw new TypeError('allowedUrl must be an https URL: Altinn allows no other')
  const param = options.param ?? 'state'
  if (url.searchParams.has(param)) throw new TypeError(`allowedUrl already has a "${param}" parameter`)
  url.searchParams.set(param, signRedirectState(state, options))
  return url.href
}

/**
 * Handle the user's return: verify the state, then read the request from the API. The status in the outcome
 * is Altinn's, now; the URL decides nothing. Throws {@link RedirectStateError} for a missing, forged or
 * expired state, and the lookup's errors (e.g. AUTH-00010 when the request was deleted).
 *
 * @example
 * ```ts
 * const outcome = await handleRedirect(req.url, { secret }, { standard: client.requests.getByExternalRef, agent: client.agentRequests.getByExternalRef })
 * ```
 */
export async function handleRedirect(
  url: string | URL,
  options: RedirectStateOptions & CallOptions,
  lookups: RedirectLookups,
): Promise<RedirectOutcome> {
  let parsed: URL
  try {
    parsed = typeof url === 'string' ? new URL(url, 'https://return.invalid') : url
  } catch {
    throw new RedirectStateError('malformed', 'The return URL could not be read')
  }
  const state = verifyRedirectState(parsed.searchParams.get(options.param ?? 'state') ?? '', options)
  const lookup = { systemId: state.systemId, orgNo: state.partyOrgNo, ...(state.externalRef ? { externalRef: state.externalRef } : {}) }
  const call = { ...(options.signal ? { signal: options.signal } : {}), ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) }
  if (state.kind === 'agent') return { kind: 'agent', request: await lookups.agent(lookup, call), ref: state.ref, issuedAt: state.issuedAt }
  return { kind: 'standard', request: await lookups.standard(lookup, call), ref: state.ref, issuedAt: state.issuedAt }
}
