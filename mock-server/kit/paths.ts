/**
 * Where each part of the mock is served, beside Altinn's own paths in the contract: one table the route lists, the
 * pages that link to each other (the front page, the portal, the inspector, the API docs) and the top-level files
 * read, so no part imports another part to learn where it lives. Constants only.
 *
 * @example
 * ```ts
 * route('apiDocs', 'GET', 'control', API_DOCS_PATH, { handle })
 * html`<a href="${PORTAL_PATHS.overview}">Portalen</a>`
 * ```
 */
import { PortalPaths } from 'altinn-systemuser-sdk/contract'

/** The portal's root (`am.ui`): every page, asset and the session cookie live under it. */
export const UI = '/accessmanagement/ui'

/**
 * The portal's pages: Altinn's own (`PortalPaths` of the contract, where `confirmUrl` points) and the mock's pages
 * around them (the TestID login, choosing whom to act for, a system user and its clients).
 */
export const PORTAL_PATHS = {
  ...PortalPaths,
  login: `${UI}/login`,
  logout: `${UI}/logout`,
  loggedOut: `${UI}/loggedout`,
  reportee: `${UI}/reportee`,
  systemUser: (id: string) => `${UI}/systemuser/${encodeURIComponent(id)}`,
  agentDelegation: (id: string) => `${UI}/systemuser/${encodeURIComponent(id)}/agentdelegation`,
} as const

/** Where the portal's style sheets are served (the inspector and the API docs use them too). */
export const ASSET_BASE = `${UI}/assets`

/** Where the font files are served. */
export const FONT_BASE = `${ASSET_BASE}/fonts`

/** The inspector. */
export const INSPECTOR_PATH = '/__mock/ui'

/** The OpenAPI 3.1 document. */
export const OPENAPI_PATH = '/__mock/openapi.json'
/** The docs page, and its style sheet. */
export const API_DOCS_PATH = '/__mock/docs'
export const API_DOCS_CSS_PATH = `${API_DOCS_PATH}/docs.css`
/** The JSON Schema of seed files: its file name beside the default seed, and where it is served. */
export const SEED_SCHEMA_FILE = 'seed.schema.json'
export const SEED_SCHEMA_PATH = `/__mock/${SEED_SCHEMA_FILE}`
