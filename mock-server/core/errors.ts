/**
 * Problems as values: the core throws a {@link ProblemError} built from the catalogue, and the edge turns it
 * into `application/problem+json`. Nothing in the core builds HTTP responses.
 */
import type { ProblemDescriptor, ValidationDescriptor } from 'altinn-systemuser-sdk/contract'

/** Extension members Altinn adds at the top level of a problem, e.g. `NotFoundPackages`. */
export type ProblemExtensions = Record<string, unknown>

/** A rejected operation, described by an entry of the AUTH catalogue. */
export class ProblemError extends Error {
  constructor(
    readonly descriptor: ProblemDescriptor,
    readonly extensions: ProblemExtensions = {},
    readonly detail?: string,
  ) {
    super(`${descriptor.code}: ${descriptor.title}${detail ? ` ${detail}` : ''}`)
    this.name = 'ProblemError'
  }
}

/**
 * Build a problem to throw.
 *
 * @example
 * ```ts
 * throw problem(Problems.RequestStatusNotNew)
 * ```
 */
export function problem(descriptor: ProblemDescriptor, extensions?: ProblemExtensions, detail?: string): ProblemError {
  return new ProblemError(descriptor, extensions, detail)
}

/** One failed validation rule with the paths it concerns. */
export interface ValidationFailure {
  descriptor: ValidationDescriptor
  paths: string[]
  detail?: string
  extensions?: ProblemExtensions
}

/** A validation problem (`STD-00000` with `validationErrors`), as the system register answers. */
export class ValidationProblemError extends Error {
  constructor(readonly failures: ValidationFailure[]) {
    super(failures.map((f) => f.descriptor.code).join(', '))
    this.name = 'ValidationProblemError'
  }
}

/**
 * An answer that is not an Altinn problem but what ASP.NET gives for the same case: a bodiless status, a
 * plain-text body, or a model-binding error. The edge renders it as it is.
 */
export class PlainHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body?: string,
    readonly modelErrors?: Record<string, string[]>,
  ) {
    super(body ?? `HTTP ${status}`)
    this.name = 'PlainHttpError'
  }
}
