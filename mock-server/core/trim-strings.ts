/**
 * Altinn's `TrimStringsActionFilter` (Altinn/altinn-authentication `src/Authentication/Filters/TrimStringsActionFilter.cs`),
 * which runs on POST and PUT `systemregister/vendor`, POST `systemuser/request/vendor`, POST
 * `systemuser/request/vendor/agent` and POST `systemuser/changerequest/vendor` (audit §2 D7). It runs after ASP.NET
 * has bound and validated the body, and trims every readable and writable `string` property of the body and,
 * recursively, of its nested objects. It does not reach into lists or dictionaries: a `List<T>` or `IDictionary`
 * has no writable string property of its own, so `rights`, `accessPackages`, `clientId`, `allowedRedirectUrls`,
 * `name` and `description` keep their spaces.
 */

/** The characters .NET's `string.Trim()` removes (`char.IsWhiteSpace`): JavaScript's set with U+0085 and without U+FEFF. */
const DOTNET_EDGE_WHITESPACE = /^[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g

/**
 * A string trimmed as .NET's `string.Trim()` trims it.
 *
 * @example
 * ```ts
 * trimDotNet('  318882703_smartcloud\n') // '318882703_smartcloud'
 * ```
 */
export function trimDotNet(value: string): string {
  return value.replace(DOTNET_EDGE_WHITESPACE, '')
}

/**
 * A copy of a bound body with its top-level strings trimmed, and those of the nested objects named in `nested`
 * (the DTO's class-typed members, e.g. `vendor` of a registration; never a list or a language map).
 *
 * @example
 * ```ts
 * trimStringMembers({ id: ' 318882703_x ', vendor: { ID: ' 0192:318882703' }, name: { nb: ' X ' } }, ['vendor'])
 * // { id: '318882703_x', vendor: { ID: '0192:318882703' }, name: { nb: ' X ' } }
 * ```
 */
export function trimStringMembers<T extends object>(body: T, nested: readonly (keyof T)[] = []): T {
  const out = { ...body } as Record<string, unknown>
  for (const [key, value] of Object.entries(out)) if (typeof value === 'string') out[key] = trimDotNet(value)
  for (const key of nested) {
    const value = out[key as string]
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) out[key as string] = trimStringMembers(value)
  }
  return out as T
}
