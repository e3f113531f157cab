/**
 * The portal's style sheets and font: Digdir's design system (`@digdir/designsystemet-css`, the CSS Altinn's own
 * pages are built with) and its default theme, read once from node_modules, a few layout rules of our own, and the
 * Inter typeface the theme names, served from the latin `.woff2` files of `@fontsource/inter`, so no page asks
 * anything of another origin.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { FONT_BASE } from '../kit/paths.ts'

export interface Asset {
  /** Text, or the bytes of a font file. */
  readonly body: string | Uint8Array<ArrayBuffer>
  readonly contentType: string
}

const require = createRequire(import.meta.url)

function readPackageCss(specifier: string): string {
  try {
    return readFileSync(require.resolve(specifier), 'utf8')
  } catch {
    // The pages stay usable without it; they only look plainer.
    return `/* ${specifier} is not installed */\n`
  }
}

/** The weights the pages use: body text, the design system's medium and semibold, and bold (`<strong>`, the brand). */
const INTER_WEIGHTS = [400, 500, 600, 700] as const

/** The file name of one weight of Inter (latin: U+0000-00FF and a few more, which holds æ, ø and å). */
function interFile(weight: number): string {
  return `inter-latin-${weight}-normal.woff2`
}

function readFont(file: string): Uint8Array<ArrayBuffer> | undefined {
  try {
    const bytes = readFileSync(require.resolve(`@fontsource/inter/files/${file}`))
    return new Uint8Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer)
  } catch {
    // Without the package the pages fall back to the system's sans-serif.
    return undefined
  }
}

/** `@font-face` rules for the served files; the unicode range is the one `@fontsource/inter` gives its latin subset. */
const FONT_FACES = INTER_WEIGHTS.map(
  (weight) =>
    `@font-face { font-family: Inter; font-style: normal; font-display: swap; font-weight: ${weight}; src: url(${FONT_BASE}/${interFile(weight)}) format('woff2'); unicode-range: U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+0304, U+0308, U+0329, U+2000-206F, U+20AC, U+2122, U+2191, U+2193, U+2212, U+2215, U+FEFF, U+FFFD; }`,
).join('\n')

/** Layout on top of the design system: a header bar, a readable column, and nothing wider than a phone. */
const PORTAL_CSS = `
${FONT_FACES}
html { background: var(--ds-color-neutral-background-tinted, #f4f5f6); }
body { margin: 0; min-height: 100vh; background: var(--ds-color-neutral-background-tinted, #f4f5f6); color: var(--ds-color-neutral-text-default, #1e2b3c); font-family: Inter, system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif; }
.portal-header { background: var(--ds-color-accent-base-default, #0062ba); color: #fff; }
.portal-header__inner { box-sizing: border-box; max-width: 56rem; margin: 0 auto; padding: 0.75rem 1rem; display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; justify-content: space-between; }
.portal-header a, .portal-header .portal-brand { color: #fff; }
.portal-brand { font-weight: 700; font-size: 1.25rem; text-decoration: none; }
.portal-header__inner > * { min-width: 0; max-width: 100%; }
.portal-user { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; font-size: 0.95rem; min-width: 0; }
.portal-user > span, .portal-brand { min-width: 0; max-width: 100%; overflow-wrap: anywhere; }
.portal-user form { margin: 0; }
.portal-header .ds-button { color: #fff; border-color: #fff; }
main { max-width: 56rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; box-sizing: border-box; }
.portal-stack { display: flex; flex-direction: column; gap: 1rem; }
.portal-card { background: var(--ds-color-neutral-background-default, #fff); border-radius: 0.5rem; padding: 1.25rem; box-shadow: 0 1px 3px rgb(0 0 0 / 0.12); }
.portal-actions { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: center; margin-top: 1rem; }
.portal-actions form { margin: 0; }
.portal-list { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 0.5rem; }
.portal-list > li { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; justify-content: space-between; padding: 0.75rem 1rem; background: var(--ds-color-neutral-background-default, #fff); border: 1px solid var(--ds-color-neutral-border-subtle, #d2d5d8); border-radius: 0.5rem; overflow-wrap: anywhere; }
.portal-list form { margin: 0; }
.portal-meta { color: var(--ds-color-neutral-text-subtle, #4b5563); font-size: 0.9rem; }
.portal-facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0; }
.portal-facts dt { font-weight: 600; }
.portal-facts dd { margin: 0; overflow-wrap: anywhere; }
.portal-people { display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); gap: 0.5rem; }
.portal-people .ds-button { width: 100%; justify-content: flex-start; text-align: left; }
.portal-radio { display: flex; gap: 0.5rem; align-items: flex-start; padding: 0.5rem 0; }
h1, h2, h3, p { overflow-wrap: anywhere; }
td, th { overflow-wrap: break-word; }
.portal-columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); gap: 1rem; }
.portal-table-wrap { overflow-x: auto; }
.portal-table-wrap table { width: 100%; background: var(--ds-color-neutral-background-default, #fff); }
.portal-nowrap { white-space: nowrap; }
@media (max-width: 30rem) { .portal-facts { grid-template-columns: 1fr; } main { padding: 1rem 0.75rem 2rem; } .ds-heading[data-size='lg'] { font-size: 1.75rem; } }
`

let cache: Map<string, Asset> | undefined
let fonts: Map<string, Asset> | undefined

/**
 * The style sheets by file name, read on first use and kept.
 *
 * @example
 * ```ts
 * getAsset('designsystemet.css')?.contentType // 'text/css; charset=utf-8'
 * ```
 */
export function getAsset(name: string): Asset | undefined {
  cache ??= new Map([
    ['designsystemet.css', { body: readPackageCss('@digdir/designsystemet-css'), contentType: 'text/css; charset=utf-8' }],
    ['theme.css', { body: readPackageCss('@digdir/designsystemet-css/theme'), contentType: 'text/css; charset=utf-8' }],
    ['portal.css', { body: PORTAL_CSS, contentType: 'text/css; charset=utf-8' }],
  ])
  return cache.get(name)
}

/**
 * The font files by name (`inter-latin-400-normal.woff2` and the other weights `portal.css` names), read on first
 * use and kept; undefined for any other name.
 *
 * @example
 * ```ts
 * getFont('inter-latin-400-normal.woff2')?.contentType // 'font/woff2'
 * ```
 */
export function getFont(name: string): Asset | undefined {
  if (!fonts) {
    fonts = new Map()
    for (const weight of INTER_WEIGHTS) {
      const body = readFont(interFile(weight))
      if (body) fonts.set(interFile(weight), { body, contentType: 'font/woff2' })
    }
  }
  return fonts.get(name)
}
