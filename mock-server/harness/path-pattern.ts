/**
 * Path patterns for faults and journal filters: `*` wildcards over the whole path, or a `/regex/` searched in
 * it. Paths match case-insensitively, as ASP.NET routes do.
 */

/** Longest pattern accepted (keeps a hostile regex short). */
export const MAX_PATTERN_LENGTH = 500

/** A compiled pattern: `test(path)` answers whether a path matches. */
export interface PathPattern {
  readonly source: string
  test(path: string): boolean
}

const REGEX_FORM = /^\/(.+)\/i?$/
// `/maskinporten/` and `/authentication/v1/` are paths (wildcards too): only a value with regex syntax is a regex.
const REGEX_SYNTAX = /[\^$()[\]{}|+?\\]/

/**
 * Compile a pattern. `/authentication/api/v1/systemuser/request/` followed by `*` matches every path under it
 * (`*` spans `/` too); `/\/request\/vendor\/[0-9a-f-]{36}$/` is a regular expression (a value that starts and ends with `/`
 * and uses regular-expression syntax: any of `^ $ ( ) [ ] { } | + ? \`), searched in the path. A pattern that starts with `http://` or `https://` is
 * matched against origin + path instead of the path alone.
 *
 * @throws Error with a readable message for an empty, too long or invalid pattern.
 * @example
 * ```ts
 * compilePathPattern('/authentication/api/v1/systemuser/request/vendor/' + '*').test('/authentication/api/v1/systemuser/request/vendor/abc') // true
 * compilePathPattern('/token$/').test('/maskinporten/token') // true
 * ```
 */
export function compilePathPattern(pattern: string): PathPattern {
  if (!pattern) throw new Error('the pattern is empty')
  if (pattern.length > MAX_PATTERN_LENGTH) throw new Error(`the pattern is longer than ${MAX_PATTERN_LENGTH} characters`)
  const regexForm = REGEX_FORM.exec(pattern)
  let re: RegExp
  if (regexForm && REGEX_SYNTAX.test(regexForm[1]!)) {
    try {
      re = new RegExp(regexForm[1]!, 'i')
    } catch (e) {
      throw new Error(`the regular expression is not valid: ${(e as Error).message}`)
    }
  } else {
    re = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`, 'i')
  }
  return { source: pattern, test: (path) => re.test(path) }
}


function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
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
