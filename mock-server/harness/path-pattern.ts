/**
 * Path patterns for faults and journal filters: globs, matched in time bounded by the path's length times the
 * pattern's, with no backtracking. No caller-supplied pattern ever becomes a regular expression: a hostile one
 * (`/(a+)+$/`) could otherwise hold the event loop, and with it every call to the mock, for seconds.
 *
 * Paths match case-insensitively, as ASP.NET routes do.
 */

/** Longest pattern accepted. */
const MAX_PATTERN_LENGTH = 500

/** A compiled pattern: `test(path)` answers whether a path matches. */
export interface PathPattern {
  readonly source: string
  test(path: string): boolean
}

/**
 * A pattern the mock does not take; the message says what to send instead.
 *
 * @example
 * ```ts
 * try { compilePathPattern('/token$/') } catch (e) { if (e instanceof PathPatternError) console.log(e.message) }
 * ```
 */
export class PathPatternError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'PathPatternError'
  }
}

// The form regular expressions used to take here: a value between slashes that uses regular-expression syntax.
// These two fixed expressions are linear; the caller's text is only ever their input.
const SLASHED = /^\/(.+)\/i?$/s
const REGEX_SYNTAX = /[\^$()[\]{}|+?\\]/

/**
 * Whether a pattern is written as a regular expression (`/token$/`, `/request\/vendor\/[0-9a-f-]{36}$/`): a value
 * between slashes that uses any of `^ $ ( ) [ ] { } | + ? \`. Such patterns are refused, never run.
 */
function looksLikeRegex(pattern: string): boolean {
  const m = SLASHED.exec(pattern)
  return m !== null && REGEX_SYNTAX.test(m[1]!)
}

/**
 * Why a pattern is refused (empty, too long, or written as a regular expression), or undefined when it compiles: a
 * route checks with this and answers with the reason, without catching.
 *
 * @example
 * ```ts
 * refusalOfPathPattern('/token$/') // 'regular expressions are not accepted (...); use a glob instead, ...'
 * refusalOfPathPattern('*' + '/token') // undefined
 * ```
 */
export function refusalOfPathPattern(pattern: string): string | undefined {
  if (!pattern) return 'the pattern is empty'
  if (pattern.length > MAX_PATTERN_LENGTH) return `the pattern is longer than ${MAX_PATTERN_LENGTH} characters`
  if (looksLikeRegex(pattern))
    return (
      'regular expressions are not accepted (a hostile one could stall the mock); use a glob instead, where * matches any run of characters, ' +
      'slashes too: e.g. /authentication/api/v1/systemuser/request/vendor/* or */token'
    )
  return undefined
}

/**
 * Compile a glob. `*` (or `**`) matches any run of characters, slashes included, so
 * `/authentication/api/v1/systemuser/request/vendor/*` matches every path under it; every other character
 * matches itself, case-insensitively; a pattern without `*` matches the whole path exactly. A pattern that starts
 * with `http://` or `https://` is matched against origin + path instead of the path alone.
 *
 * Matching splits the pattern at its stars and finds each literal piece in turn, leftmost first (for stars that
 * match anything, the leftmost place is always a right one), so it never backtracks.
 *
 * @throws PathPatternError for an empty or too long pattern, or one written as a regular expression.
 * @example
 * ```ts
 * compilePathPattern('/authentication/api/v1/systemuser/request/vendor/' + '*').test('/authentication/api/v1/systemuser/request/vendor/abc') // true
 * compilePathPattern('*' + '/token').test('/maskinporten/token') // true
 * ```
 */
export function compilePathPattern(pattern: string): PathPattern {
  const refused = refusalOfPathPattern(pattern)
  if (refused) throw new PathPatternError(refused)
  const pieces = pattern.toLowerCase().split('*')
  const first = pieces[0]!
  const last = pieces[pieces.length - 1]!
  const middle = pieces.slice(1, -1).filter(Boolean)
  const exact = pieces.length === 1
  return {
    source: pattern,
    test(path) {
      const subject = path.toLowerCase()
      if (exact) return subject === first
      if (subject.length < first.length + last.length || !subject.startsWith(first) || !subject.endsWith(last)) return false
      // Each middle piece at its leftmost place after the previous one, and all of them before the last piece.
      let at = first.length
      const end = subject.length - last.length
      for (const piece of middle) {
        const found = subject.indexOf(piece, at)
        if (found < 0 || found + piece.length > end) return false
        at = found + piece.length
      }
      return true
    },
  }
}

/**
 * The journal's path filter: a glob when it has a `*` (see {@link compilePathPattern}), otherwise text that
 * the path must contain (case-insensitive).
 *
 * @throws PathPatternError as {@link compilePathPattern} does.
 * @example
 * ```ts
 * compilePathFilter('systemuser/request').test('/authentication/api/v1/systemuser/request/vendor') // true
 * ```
 */
export function compilePathFilter(filter: string): PathPattern {
  if (filter.includes('*') || looksLikeRegex(filter)) return compilePathPattern(filter)
  const lower = filter.toLowerCase()
  return { source: filter, test: (path) => path.toLowerCase().includes(lower) }
}

/**
 * What a pattern is matched against: the path, or origin + path for patterns with a scheme.
 *
 * @example
 * ```ts
 * subjectOf('https://test.maskinporten.no/token', new URL('https://test.maskinporten.no/token')) // 'https://test.maskinporten.no/token'
 * ```
 */
export function subjectOf(pattern: string, url: URL): string {
  return /^https?:\/\//i.test(pattern) ? `${url.origin}${url.pathname}` : url.pathname
}
