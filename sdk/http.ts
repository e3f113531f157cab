/**
 * The one HTTP client of the SDK: a single ky instance with the auth hook (a token with the scopes the route
 * needs), the retry rules (idempotent calls only: 408, 429, 5xx and transport failures, with backoff and
 * `Retry-After`; a POST is never retried blindly), the per-call deadline and abort, error mapping into the
 * {@link AltinnError} family, response validation with the contract's zod schemas, and redaction.
 *
 * @example
 * ```ts
 * const http = createHttpClient({ platformUrl: 'https://platform.tt02.altinn.no', token: async (scopes) => myToken(scopes) })
 * const { data } = await http.send({ route: Routes.getRequest, params: { requestId }, schema: RequestSystemResponseSchema })
 * ```
 */
import ky, { HTTPError, TimeoutError, type KyInstance } from 'ky'
import type { z } from 'zod'
import { ProblemDetailsSchema, buildPath, type RouteTemplate } from './contract/index.ts'
import {
  AltinnContractError,
  AltinnError,
  AltinnHttpError,
  AltinnNetworkError,
  AltinnProblemError,
  AltinnTimeoutError,
  rememberSecret,
  redactSecrets,
  type HttpErrorDetails,
} from './errors.ts'

/**
 * Where the SDK may log. Messages are redacted; nothing secret is passed in `fields`.
 *
 * @example
 * ```ts
 * const logger: Logger = { warn: (message, fields) => console.warn(message, fields) }
 * ```
 */
export interface Logger {
  debug?(message: string, fields?: Record<string, unknown>): void
  warn?(message: string, fields?: Record<string, unknown>): void
}

/**
 * Per-call options, always the last argument of a method.
 *
 * @example
 * ```ts
 * await client.requests.get(id, { signal: AbortSignal.timeout(5_000), timeoutMs: 3_000 })
 * ```
 */
export interface CallOptions {
  /** Abort the call (and its retries); the call then rejects with the signal's reason. */
  signal?: AbortSignal | undefined
  /** Deadline for the whole call, all attempts together (default: the client's `timeoutMs`, 30 s). */
  timeoutMs?: number | undefined
}

/**
 * How idempotent calls are retried.
 *
 * @example
 * ```ts
 * createAltinnClient({ environment: 'tt02', maskinporten, retry: { limit: 4, baseDelayMs: 500, maxRetryAfterMs: 60_000 } })
 * ```
 */
export interface RetryOptions {
  /** Retries after the first attempt (default 2; 0 turns retries off). */
  limit?: number
  /** First backoff delay (default 300 ms); it doubles each time, with jitter. */
  baseDelayMs?: number
  /** Longest backoff delay (default 5 s). */
  maxDelayMs?: number
  /** A `Retry-After` longer than this is not waited for: the call fails with `retryAfterSeconds` set (default 30 s). */
  maxRetryAfterMs?: number
}

/**
 * Gives the bearer token for a call that needs any one of `scopes`.
 *
 * @example
 * ```ts
 * const token: TokenSource = async (scopes) => (await tokens.vendor([scopes[0]!])).accessToken
 * ```
 */
export type TokenSource = (scopes: readonly string[], options: { signal?: AbortSignal | undefined }) => Promise<string>

/**
 * Options of {@link createHttpClient}.
 *
 * @example
 * ```ts
 * createHttpClient({ platformUrl: 'https://platform.tt02.altinn.no', token, timeoutMs: 10_000 })
 * ```
 */
export interface HttpClientOptions {
  /** The Altinn platform URL (no trailing slash). Absolute URLs on any other host are refused. */
  platformUrl: string
  token: TokenSource
  /** Default deadline per call (default 30 000 ms). */
  timeoutMs?: number | undefined
  retry?: RetryOptions | undefined
  /** A fetch to use instead of the global one (a proxy agent, a test double). */
  fetch?: typeof fetch | undefined
  logger?: Logger | undefined
}

/**
 * One call: a contract route (or an absolute URL on the platform host for `links.next`) and what to expect.
 *
 * @example
 * ```ts
 * await http.send({ route: Routes.getRequest, params: { requestId }, schema: RequestSystemResponseSchema })
 * ```
 */
export interface SendSpec<T> {
  route: RouteTemplate
  params?: Record<string, string>
  query?: Record<string, string | undefined>
  /** An absolute URL to call instead of the route's path (must be on the platform host). */
  url?: string
  json?: unknown
  /** The body's schema; without it the body is returned as parsed JSON (`responseType: 'json'`). */
  schema?: z.ZodType<T>
  responseType?: 'json' | 'text' | 'none'
  /** Send this bearer token instead of asking the token source (the token exchange). */
  bearer?: string
  /** Override the retry rule of the method (polls handle transient failures themselves). */
  retry?: boolean
  /** Words for a timeout message, e.g. `GET request`. */
  operation?: string
}

/**
 * What a successful call gives back.
 *
 * @example
 * ```ts
 * const { data, status, headers } = await http.send({ route: Routes.getRequest, params: { requestId } })
 * ```
 */
export interface SendResult<T> {
  data: T
  status: number
  headers: Headers
  url: string
}

/**
 * The SDK's HTTP client: one `send` for every call.
 *
 * @example
 * ```ts
 * const http: HttpClient = createHttpClient({ platformUrl, token })
 * ```
 */
export interface HttpClient {
  send<T>(spec: SendSpec<T>, options?: CallOptions): Promise<SendResult<T>>
  readonly platformUrl: string
  /** The deadline of a call that gives none. */
  readonly defaultTimeoutMs: number
}

/**
 * Statuses worth another attempt for an idempotent call.
 *
 * @example
 * ```ts
 * RETRYABLE_STATUSES.includes(503) // true
 * ```
 */
export const RETRYABLE_STATUSES = [408, 429, 500, 502, 503, 504] as const
/** Methods that may be repeated without a second effect (HTTP semantics; Altinn's PUTs replace, DELETEs are soft). */
const IDEMPOTENT_METHODS = ['get', 'head', 'put', 'delete', 'options'] as const

interface CallState {
  scopes: readonly string[]
  bearer: string | undefined
  signal: AbortSignal | undefined
  attempts: number
}

/**
 * Seconds of a `Retry-After` header (delta-seconds or an HTTP date), or undefined.
 *
 * @example
 * ```ts
 * parseRetryAfter('2') // 2
 * ```
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined
  const trimmed = value.trim()
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed)
  const at = Date.parse(trimmed)
  if (Number.isNaN(at)) return undefined
  return Math.max(0, (at - now) / 1000)
}

function isAbortLike(e: unknown): boolean {
  return e instanceof Error && (e.name === 'AbortError' || e.name === 'TimeoutError') && !(e instanceof TimeoutError)
}

function withoutQuery(url: string): string {
  const i = url.indexOf('?')
  return i === -1 ? url : url.slice(0, i)
}

/**
 * Create the SDK's HTTP client over one ky instance.
 *
 * @example
 * ```ts
 * const http = createHttpClient({ platformUrl: env.platformUrl, token: (scopes) => tokens.forScopes(scopes) })
 * ```
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const platformUrl = options.platformUrl.replace(/\/+$/, '')
  const platformOrigin = new URL(platformUrl).origin
  const defaultTimeoutMs = options.timeoutMs ?? 30_000
  const retry = {
    limit: options.retry?.limit ?? 2,
    baseDelayMs: options.retry?.baseDelayMs ?? 300,
    maxDelayMs: options.retry?.maxDelayMs ?? 5_000,
    maxRetryAfterMs: options.retry?.maxRetryAfterMs ?? 30_000,
  }
  const logger = options.logger

  const instance: KyInstance = ky.create({
    timeout: false, // the deadline is ours (a signal over all attempts), see send()
    throwHttpErrors: true,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    retry: {
      limit: retry.limit,
      methods: [...IDEMPOTENT_METHODS],
      statusCodes: [...RETRYABLE_STATUSES],
      afterStatusCodes: [...RETRYABLE_STATUSES],
      maxRetryAfter: retry.maxRetryAfterMs,
      backoffLimit: retry.maxDelayMs,
      delay: (attempt) => retry.baseDelayMs * 2 ** (attempt - 1),
      jitter: (delay) => delay * (0.5 + Math.random() * 0.5),
      shouldRetry: ({ error }) => {
        // Our own failures (a token that could not be had) and aborts are final.
        if (error instanceof AltinnError || isAbortLike(error)) return false
        if (error instanceof HTTPError) {
          const after = parseRetryAfter(error.response.headers.get('retry-after'))
          // A server asking for a long pause gets it from the caller, not from a blocked promise.
          if (after !== undefined && after * 1000 > retry.maxRetryAfterMs) return false
        }
        return undefined
      },
    },
    hooks: {
      beforeRequest: [
        async (request, normalized) => {
          const call = (normalized.context as { call: CallState }).call
          call.attempts++
          const token = call.bearer ?? (call.scopes.length ? await options.token(call.scopes, { signal: call.signal }) : undefined)
          if (token !== undefined) {
            rememberSecret(token)
            request.headers.set('authorization', `Bearer ${token}`)
          }
        },
      ],
      beforeRetry: [
        ({ request, error, retryCount }) => {
          const why = error instanceof HTTPError ? `status ${error.response.status}` : redactSecrets(error.message)
          logger?.warn?.(`Retrying ${request.method} ${withoutQuery(request.url)} (retry ${retryCount}) after ${why}`, {
            method: request.method,
            url: withoutQuery(request.url),
            retry: retryCount,
          })
        },
      ],
    },
  })

  async function send<T>(spec: SendSpec<T>, callOptions: CallOptions = {}): Promise<SendResult<T>> {
    const method = spec.route.method
    const url = spec.url ?? `${platformUrl}${buildPath(spec.route.path, spec.params)}`
    if (new URL(url).origin !== platformOrigin) {
      // Never send a token to a host we were not configured for, whatever a response told us.
      throw new AltinnContractError(`Refusing to call ${withoutQuery(url)}: it is not on the configured platform host ${platformOrigin}`, { method, url })
    }
    const timeoutMs = callOptions.timeoutMs ?? defaultTimeoutMs
    if (!(timeoutMs > 0) || timeoutMs > 2_147_483_647) throw new TypeError('timeoutMs must be a positive number of milliseconds, at most 2^31 - 1')
    const deadline = AbortSignal.timeout(Math.ceil(timeoutMs))
    const userSignal = callOptions.signal
    userSignal?.throwIfAborted()
    const signal = userSignal ? AbortSignal.any([userSignal, deadline]) : deadline
    const call: CallState = { scopes: spec.route.scopes ?? [], bearer: spec.bearer, signal: userSignal, attempts: 0 }
    const searchParams = spec.query ? Object.fromEntries(Object.entries(spec.query).filter((e): e is [string, string] => e[1] !== undefined)) : undefined
    const responseType = spec.responseType ?? 'json'

    let response: Response
    try {
      response = await instance(url, {
        method,
        signal,
        context: { call },
        headers: { accept: responseType === 'text' ? 'text/plain, application/json' : 'application/json' },
        ...(spec.json !== undefined ? { json: spec.json } : {}),
        ...(searchParams && Object.keys(searchParams).length ? { searchParams } : {}),
        ...(spec.retry === false ? { retry: { limit: 0 } } : {}),
      })
    } catch (error) {
      if (userSignal?.aborted) throw userSignal.reason
      if (deadline.aborted || error instanceof TimeoutError) throw new AltinnTimeoutError(spec.operation ?? `${method} ${withoutQuery(url)}`, timeoutMs)
      if (error instanceof HTTPError) throw await toHttpError(error.response, method, url, call.attempts)
      if (error instanceof AltinnError) throw error
      throw new AltinnNetworkError(method, withoutQuery(url), Math.max(call.attempts, 1), error)
    }

    const base = { status: response.status, headers: response.headers, url }
    if (responseType === 'none') {
      // Not awaited: a cancel can stay pending on a teed stream (ky does the same).
      void response.body?.cancel().catch(() => undefined)
      return { ...base, data: undefined as T }
    }
    let text: string
    try {
      text = await response.text()
    } catch (error) {
      if (userSignal?.aborted) throw userSignal.reason
      if (deadline.aborted) throw new AltinnTimeoutError(spec.operation ?? `${method} ${withoutQuery(url)}`, timeoutMs)
      throw new AltinnNetworkError(method, withoutQuery(url), call.attempts, error)
    }
    if (responseType === 'text') return { ...base, data: text as T }
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      throw new AltinnContractError(`${method} ${withoutQuery(url)} answered ${response.status} with a body that is not JSON`, { method, url, status: response.status })
    }
    if (!spec.schema) return { ...base, data: parsed as T }
    const result = spec.schema.safeParse(parsed)
    if (!result.success) {
      const issues = result.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message }))
      throw new AltinnContractError(
        `${method} ${withoutQuery(url)} answered ${response.status} with a body that breaks the contract: ${issues
          .slice(0, 5)
          .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
          .join('; ')}`,
        { method, url, status: response.status, issues },
      )
    }
    return { ...base, data: result.data }
  }

  return { send, platformUrl, defaultTimeoutMs }
}

/**
 * Turn a non-2xx answer into an {@link AltinnProblemError} (when it is a problem) or an {@link AltinnHttpError}.
 *
 * @example
 * ```ts
 * throw await toHttpError(response, 'GET', url, 1)
 * ```
 */
export async function toHttpError(response: Response, method: string, url: string, attempts: number): Promise<AltinnHttpError> {
  let text = ''
  try {
    text = await response.text()
  } catch {
    text = ''
  }
  const details: HttpErrorDetails = {
    status: response.status,
    method,
    url,
    bodyText: text || undefined,
    wwwAuthenticate: response.headers.get('www-authenticate') ?? undefined,
    retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after')),
    attempts: Math.max(attempts, 1),
  }
  if (text) {
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      json = undefined
    }
    const problem = ProblemDetailsSchema.safeParse(json)
    if (problem.success && (problem.data.code || problem.data.title || problem.data.validationErrors || problem.data.errors)) {
      return new AltinnProblemError(details, problem.data)
    }
  }
  return new AltinnHttpError(details)
}
