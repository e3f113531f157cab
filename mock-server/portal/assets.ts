/**
 * The portal's style sheets: Digdir's design system (`@digdir/designsystemet-css`, the CSS Altinn's own pages
 * are built with) and its default theme, read once from node_modules, plus a few layout rules of our own.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

/** Where the style sheets are served. */
export const ASSET_BASE = '/accessmanagement/ui/assets'

export interface Asset {
  readonly body: string
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

/** Layout on top of the design system: a header bar, a readable column, and nothing wider than a phone. */
const PORTAL_CSS = `
html { background: var(--ds-color-neutral-background-tinted, #f4f5f6); }
body { margin: 0; min-height: 100vh; background: var(--ds-color-neutral-background-tinted, #f4f5f6); color: var(--ds-color-neutral-text-default, #1e2b3c); font-family: Inter, system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif; }
.portal-header { background: var(--ds-color-accent-base-default, #0062ba); color: #fff; }
.portal-header__inner { box-sizing: border-box; max-width: 56rem; margin: 0 auto; padding: 0.75rem 1rem; display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; justify-content: space-between; }
.portal-header a, .portal-header .portal-brand { color: #fff; }
.portal-brand { font-weight: 700; font-size: 1.25rem; text-decoration: none; }
.portal-user { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; font-size: 0.95rem; }
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
h1, h2, p { overflow-wrap: anywhere; }
@media (max-width: 30rem) { .portal-facts { grid-template-columns: 1fr; } main { padding: 1rem 0.75rem 2rem; } }
`

let cache: Map<string, Asset> | undefined

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
