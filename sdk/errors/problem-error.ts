import type { ProblemDetails, ValidationError } from '../contract/index.ts'
import { redactionOf, type AltinnErrorOptions } from './altinn-error.ts'
import { AltinnHttpError, type HttpErrorDetails } from './http-error.ts'

/**
 * Altinn answered with a problem (`application/problem+json`): `code` is the stable identifier to branch on
 * (`AUTH-00013`, or `STD-00000` for validation problems, whose details are in `validationErrors`).
 *
 * @example
 * ```ts
 * if (e instanceof AltinnProblemError && e.code === 'STD-00000') {
 *   for (const v of e.validationErrors) console.log(v.code, v.paths)
 * }
 * ```
 */
export class AltinnProblemError extends AltinnHttpError {
  /** `AUTH-000NN`, `STD-00000`, ... (undefined only for a problem without a code). */
  readonly code: string | undefined
  readonly title: string | undefined
  readonly detail: string | undefined
  readonly type: string | undefined
  /** Altinn's trace id: quote it when you ask Altinn's service desk. */
  readonly traceId: string | undefined
  readonly validationErrors: readonly ValidationError[]
  /** ASP.NET model-binding errors (`{"$.field": ["..."]}`), when the problem had them. */
  readonly modelErrors: Readonly<Record<string, readonly string[]>> | undefined
  /** Extension members of the problem, e.g. `NotFoundPackages` with AUTH-00063. */
  readonly extensions: Readonly<Record<string, unknown>>

  constructor(details: HttpErrorDetails, problem: ProblemDetails, message?: string, options?: AltinnErrorOptions) {
    super(details, message ?? describeProblem(details, problem), options)
    const redact = redactionOf(options)
    this.name = 'AltinnProblemError'
    this.code = problem.code ?? undefined
    this.title = problem.title ? redact(problem.title) : undefined
    this.detail = problem.detail ? redact(problem.detail) : undefined
    this.type = problem.type ?? undefined
    this.traceId = problem.traceId ?? undefined
    this.validationErrors = (problem.validationErrors ?? []).map((v) => {
      const copy = { ...v, title: redact(v.title) }
      if (v.detail) copy.detail = redact(v.detail)
      return copy
    })
    this.modelErrors = problem.errors ?? undefined
    const { type: _t, title: _ti, status: _s, detail: _d, code: _c, traceId: _tr, validationErrors: _v, errors: _e, ...rest } = problem
    this.extensions = JSON.parse(redact(JSON.stringify(rest))) as Record<string, unknown>
  }
}

function describeProblem(d: HttpErrorDetails, p: ProblemDetails): string {
  const what = [p.code, p.title].filter(Boolean).join(' ')
  const detail = p.detail ? ` ${p.detail}` : ''
  const validation = p.validationErrors?.length ? ` [${p.validationErrors.map((v) => `${v.code}: ${v.title}`).join('; ')}]` : ''
  const model = p.errors ? ` ${Object.entries(p.errors).map(([k, v]) => `${k}: ${v.join(' ')}`).join('; ')}` : ''
  return `${d.method} ${d.url} answered ${d.status}: ${what || 'a problem'}${detail}${validation}${model}`
}

/** The problem an error was made from (its texts already redacted), to make another error of the same answer. */
export function problemOf(e: AltinnProblemError): ProblemDetails {
  const problem: ProblemDetails = {
    ...e.extensions,
    type: e.type,
    title: e.title,
    status: e.status,
    detail: e.detail,
    code: e.code,
    traceId: e.traceId,
    validationErrors: [...e.validationErrors],
  }
  if (e.modelErrors) problem.errors = Object.fromEntries(Object.entries(e.modelErrors).map(([k, v]) => [k, [...v]]))
  return problem
}
