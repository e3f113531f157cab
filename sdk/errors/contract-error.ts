import { AltinnError, redactionOf, type AltinnErrorOptions } from './altinn-error.ts'

/**
 * Where a response broke the contract.
 *
 * @example
 * ```ts
 * for (const issue of error.issues) console.log(issue.path.join('.'), issue.message)
 * ```
 */
export interface ContractIssue {
  /** Path into the body, e.g. `['data', 0, 'status']`. */
  path: readonly (string | number)[]
  message: string
}

/**
 * The answer did not have the shape the contract promises (a field of the wrong type, a missing required
 * field, JSON where text was due), or it pointed somewhere the SDK will not follow (a `confirmUrl` or
 * `links.next` on a foreign host). Unknown extra fields never cause this: the SDK is a tolerant reader.
 *
 * @example
 * ```ts
 * if (e instanceof AltinnContractError) alert(`Altinn changed its API: ${e.message}`)
 * ```
 */
export class AltinnContractError extends AltinnError {
  readonly method: string | undefined
  readonly url: string | undefined
  readonly status: number | undefined
  readonly issues: readonly ContractIssue[]

  constructor(
    message: string,
    details: { method?: string; url?: string; status?: number; issues?: readonly ContractIssue[] } = {},
    options?: AltinnErrorOptions,
  ) {
    super(message, options)
    const redact = redactionOf(options)
    this.name = 'AltinnContractError'
    this.method = details.method
    this.url = details.url === undefined ? undefined : redact(details.url)
    this.status = details.status
    this.issues = (details.issues ?? []).map((i) => ({ path: i.path, message: redact(i.message) }))
  }
}
