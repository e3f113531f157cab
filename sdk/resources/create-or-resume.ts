/**
 * Create, then resume: the one way every kind of request is created. A POST is never retried, because the SDK cannot
 * know whether Altinn acted on one that failed in transit (no answer, or our own deadline passed). Altinn keys what
 * it makes by a name the vendor chose (a request by its system, organisation and external reference; a change
 * request by its correlation id), so the truth is one read away: the SDK reads it and hands it back as resumed. When
 * there is nothing to read, the original failure is thrown, and creating again is safe.
 */
import { AltinnNetworkError, AltinnTimeoutError, isAltinnProblem } from '../errors/index.ts'
import type { CallOptions, Logger } from '../http.ts'

/**
 * The result of `create`.
 *
 * @example
 * ```ts
 * const { request, created, resumed }: CreateRequestResult<SystemUserRequest> = await client.requests.create(input)
 * ```
 */
export interface CreateRequestResult<R> {
  request: R
  /** True when Altinn answered 201 (this call made it); false when it returned an existing request (200). */
  created: boolean
  /**
   * True when the POST failed in transit and the request was found by its external reference (or correlation id)
   * instead of being posted again. `created` is then false: the SDK did not see who made it.
   */
  resumed: boolean
}

/** One kind of create: its POST, the read that finds what the POST made, and words for the log. */
export interface CreateSteps<R> {
  /** What is created, e.g. `standard request`, `change request`. */
  what: string
  /** How the read finds it, e.g. `by external reference`. */
  by: string
  /** Facts for the log lines (nothing secret). */
  fields: Record<string, unknown>
  /** The POST: what Altinn answered, and whether it made it now (201). */
  post(): Promise<{ request: R; created: boolean }>
  /** The read of what the POST would have made. */
  read(options: CallOptions): Promise<R>
}

/** Run the POST; when it fails in transit, resume with the read. */
export async function createOrResume<R>(steps: CreateSteps<R>, options: CallOptions | undefined, logger: Logger | undefined): Promise<CreateRequestResult<R>> {
  try {
    const { request, created } = await steps.post()
    return { request, created, resumed: false }
  } catch (error) {
    if (!(error instanceof AltinnNetworkError || error instanceof AltinnTimeoutError)) throw error
    logger?.warn?.(`create ${steps.what} failed in transit (${error.name}); looking it up ${steps.by}`, steps.fields)
    try {
      // The read gets a deadline of its own (the create's may be what ran out); the caller's signal still ends it.
      const request = await steps.read({ signal: options?.signal })
      return { request, created: false, resumed: true }
    } catch (readError) {
      if (options?.signal?.aborted) throw options.signal.reason
      if (isAltinnProblem(readError, 'AUTH-00010')) logger?.warn?.(`The ${steps.what} was not created; calling create again is safe`, steps.fields)
      throw error
    }
  }
}
