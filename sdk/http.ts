/**
 * The one HTTP client of the SDK: a single ky instance with the auth hook (a token with the scopes the route
 * needs), the retry rules of `retry.ts` (idempotent calls only: 408, 429, 5xx and transport failures, with backoff
 * and `Retry-After`; a POST is never retried blindly), the per-call deadline and abort, error mapping into the
 * {@link AltinnError} family, response validation with the contract's zod schemas, and redaction with the
 * client's redactor.
 *
 * @example
 * ```ts
 * const http = createHttpClient({ platformUrl: 'https://platform.tt02.altinn.no', token: async (scopes) => myToken(scopes), redactor })
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
  type HttpErrorDetails,
} from './errors/index.ts'
import { createRedactor, redactPatterns, type Redactor } from './redaction.ts'
import { NO_RETRIES, parseRetryAfter, retryPolicyOf, withRetries, type AttemptFailure, type RetryOptions } from './retry.ts'

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
  /** The client's redactor: remembers every token sent, redacts every error text (default: a redactor of its own). */
  redactor?: Redactor | undefined
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
  /** The redactor of the client this HTTP client belongs to. */
  readonly redactor: Redactor
}

/** Methods that may be repeated without a second effect (HTTP semantics; Altinn's PUTs replace, DELETEs are soft). */
const IDEMPOTENT_METHODS: readonly string[] = ['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']

interface CallState {
  scopes: readonly string[]
  bearer: string | undefined
  signal: AbortSignal | undefined
  attempts: number
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
  const retryPolicy = retryPolicyOf(options.retry)
  const logger = options.logger
  const redactor = options.redactor ?? createRedactor()
  const redact = redactor.redact

  // ky makes one attempt; the retries are retry.ts's, the same rules as a Maskinporten grant's.
  const instance: KyInstance = ky.create({
    timeout: false, // the deadline is ours (a signal over all attempts), see send()
    throwHttpErrors: true,
    retry: 0,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    hooks: {
      beforeRequest: [
        async (request, normalized) => {
          const call = (normalized.context as { call: CallState }).call
          call.attempts++
          const token = call.bearer ?? (call.scopes.length ? await options.token(call.scopes, { signal: call.signal }) : undefined)
          if (token !== undefined) {
            redactor.remember(token)
            request.headers.set('authorization', `Bearer ${token}`)
          }
        },
      ],
    },
  })

  /** What the policy needs to know of a failed attempt of an idempotent call. */
  function classify(error: unknown): AttemptFailure {
    // Our own failures (a token that could not be had) and aborts are final.
    if (error instanceof AltinnError || isAbortLike(error)) return { kind: 'final' }
    if (error instanceof HTTPError) return { kind: 'answer', status: error.response.status, retryAfterSeconds: parseRetryAfter(error.response.headers.get('retry-after')) }
    return { kind: 'no-answer' }
  }

  function onRetry(error: unknown, retry: number, method: string, url: string): void {
    const why = error instanceof HTTPError ? `status ${error.response.status}` : redact(error instanceof Error ? error.message : String(error))
    // The answer we retry past is not read; release its connection.
    if (error instanceof HTTPError) void error.response.body?.cancel().catch(() => undefined)
    const where = withoutQuery(url)
    logger?.warn?.(`Retrying ${method} ${where} (retry ${retry}) after ${why}`, { method, url: where, retry })
  }

  async function send<T>(spec: SendSpec<T>, callOptions: CallOptions = {}): Promise<SendResult<T>> {
    const method = spec.route.method
    const url = spec.url ?? `${platformUrl}${buildPath(spec.route.path, spec.params)}`
    if (new URL(url).origin !== platformOrigin) {
      // Never send a token to a host we were not configured for, whatever a response told us.
      throw new AltinnContractError(`Refusing to call ${withoutQuery(url)}: it is not on the configured platform host ${platformOrigin}`, { method, url }, { redact })
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

    const kyOptions = {
      method,
      signal,
      context: { call },
      headers: { accept: responseType === 'text' ? 'text/plain, application/json' : 'application/json' },
      ...(spec.json !== undefined ? { json: spec.json } : {}),
      ...(searchParams && Object.keys(searchParams).length ? { searchParams } : {}),
    }
    const policy = spec.retry === false || !IDEMPOTENT_METHODS.includes(method) ? NO_RETRIES : retryPolicy

    let response: Response
    try {
      response = await withRetries(() => instance(url, kyOptions), policy, { classify, signal, onRetry: (error, retry) => onRetry(error, retry, method, url) })
    } catch (error) {
      if (userSignal?.aborted) throw userSignal.reason
      if (deadline.aborted || error instanceof TimeoutError) throw new AltinnTimeoutError(spec.operation ?? `${method} ${withoutQuery(url)}`, timeoutMs)
      if (error instanceof HTTPError) throw await toHttpError(error.response, method, url, call.attempts, redact)
      if (error instanceof AltinnError) throw error
      throw new AltinnNetworkError(method, withoutQuery(url), Math.max(call.attempts, 1), error, { redact })
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
      throw new AltinnNetworkError(method, withoutQuery(url), call.attempts, error, { redact })
    }
    if (responseType === 'text') return { ...base, data: text as T }
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      throw new AltinnContractError(`${method} ${withoutQuery(url)} answered ${response.status} with a body that is not JSON`, { method, url, status: response.status }, { redact })
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
        { redact },
      )
    }
    return { ...base, data: result.data }
  }

  return { send, platformUrl, defaultTimeoutMs, redactor }
}

/**
 * Turn a non-2xx answer into an {@link AltinnProblemError} (when it is a problem) or an {@link AltinnHttpError}.
 *
 * @example
 * ```ts
 * throw await toHttpError(response, 'GET', url, 1)
 * ```
 */
export async function toHttpError(
  response: Response,
  method: string,
  url: string,
  attempts: number,
  redact: (text: string) => string = redactPatterns,
): Promise<AltinnHttpError> {
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
      return new AltinnProblemError(details, problem.data, undefined, { redact })
    }
  }
  return new AltinnHttpError(details, undefined, { redact })
}
