/**
 * Where the mock's self-description is served. A module of constants only: the route table reads these while it is
 * built, before the document's own modules (which read the route table) have finished loading.
 *
 * @example
 * ```ts
 * route('apiDocs', 'GET', 'control', API_DOCS_PATH, { handle })
 * ```
 */

/** The OpenAPI 3.1 document. */
export const OPENAPI_PATH = '/__mock/openapi.json'
/** The docs page, and its style sheet. */
export const API_DOCS_PATH = '/__mock/docs'
export const API_DOCS_CSS_PATH = `${API_DOCS_PATH}/docs.css`
/** The JSON Schema of seed files: its file name beside the default seed, and where it is served. */
export const SEED_SCHEMA_FILE = 'seed.schema.json'
export const SEED_SCHEMA_PATH = `/__mock/${SEED_SCHEMA_FILE}`
