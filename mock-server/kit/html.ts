/**
 * The portal's one way to write HTML: a tagged template that escapes every interpolated value, so a system name
 * or an integration title like `<img src=x onerror=alert(1)>` always lands on the page as text. Only values
 * that are already {@link SafeHtml} (made by `html` itself, or by {@link raw} for trusted constant markup) pass
 * through unchanged.
 */

/** Markup that is safe to write as it is. Only `html` and `raw` make one. */
export class SafeHtml {
  readonly #value: string
  constructor(value: string, token: symbol) {
    if (token !== TOKEN) throw new TypeError('SafeHtml is made by html`` or raw()')
    this.#value = value
  }
  toString(): string {
    return this.#value
  }
}

const TOKEN = Symbol('safe-html')

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' }

/**
 * Escape text for HTML content and quoted attribute values.
 *
 * @example
 * ```ts
 * escapeHtml('<img src=x onerror=alert(1)>') // '&lt;img src=x onerror=alert(1)&gt;'
 * ```
 */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`]/g, (c) => ESCAPES[c]!)
}

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.toString()
  if (value === null || value === undefined || value === false) return ''
  if (Array.isArray(value)) return value.map(render).join('')
  return escapeHtml(String(value))
}

/**
 * Write markup; every `${value}` is escaped unless it is `SafeHtml`. Arrays are rendered item by item;
 * `null`, `undefined` and `false` render as nothing (for `${cond && html`...`}`). Attribute values must be
 * quoted in the template.
 *
 * @example
 * ```ts
 * html`<p title="${title}">${name}</p>` // both escaped
 * html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`
 * ```
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0]!
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!
  return new SafeHtml(out, TOKEN)
}

/**
 * Trusted markup passed through without escaping. Use only for constants written in this code base, never for
 * data from a request, the seed or the state.
 *
 * @example
 * ```ts
 * raw('<!doctype html>')
 * ```
 */
export function raw(trusted: string): SafeHtml {
  return new SafeHtml(trusted, TOKEN)
}
