/**
 * The API docs page (`/__mock/docs`): the mock's OpenAPI document as one server-rendered page, grouped by tag,
 * every operation with its method, path, summary, scopes, parameters, request body, and each status with its
 * problem codes, every one with an anchor. Built like the inspector: the portal's escaping `html` template, the
 * design system's style sheets from the portal's assets, no script, and the inspector's strict CSP. Nothing is
 * loaded from anywhere but the mock.
 *
 * @example
 * ```ts
 * route('apiDocs', 'GET', 'control', API_DOCS_PATH, { handle: ({ mock }) => renderApiDocs(mock, allRoutes) })
 * ```
 */
import type { MockAltinn } from '../core/mock-altinn.ts'
import { html, raw, type SafeHtml } from '../kit/html.ts'
import { text } from '../kit/responses.ts'
import type { RouteDef, RouteResponse } from '../kit/types.ts'
import { getOpenApiDocument, type OpenApiDocument, type OpenApiOperation, type OpenApiResponse } from './document.ts'
import type { JsonSchema } from './schemas.ts'
import { toolSecurityHeaders } from '../kit/page-headers.ts'
import { API_DOCS_CSS_PATH, API_DOCS_PATH, ASSET_BASE, INSPECTOR_PATH, OPENAPI_PATH, SEED_SCHEMA_PATH } from '../kit/paths.ts'


const METHOD_COLORS: Record<string, string> = { get: 'info', post: 'success', put: 'warning', patch: 'warning', delete: 'danger' }

/** An anchor id from any text: letters, digits and dashes only. */
function slug(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
}

const tagAnchor = (tag: string) => `tag-${slug(tag)}`
const opAnchor = (operationId: string) => `op-${operationId}`
const schemaAnchor = (name: string) => `schema-${name}`

/** A short, linked reading of a schema's type: `string`, `Right[]`, `"New" | "Accepted"`, `object`. */
function typeOf(schema: JsonSchema | undefined, depth = 0): SafeHtml {
  if (!schema) return html`any`
  const ref = schema.$ref
  if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) {
    const name = ref.slice('#/components/schemas/'.length)
    return html`<a class="ds-link" href="#${schemaAnchor(name)}">${name}</a>`
  }
  const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined
  if (alternatives) return join(alternatives.map((s) => typeOf(s, depth + 1)), ' | ')
  if (Array.isArray(schema.enum)) return join(schema.enum.map((v) => html`<code>${JSON.stringify(v)}</code>`), ' | ')
  if ('const' in schema) return html`<code>${JSON.stringify(schema.const)}</code>`
  const type = schema.type
  if (Array.isArray(type)) return join(type.map((t) => typeOf({ ...schema, type: t }, depth + 1)), ' | ')
  if (type === 'array') return html`${typeOf(schema.items as JsonSchema | undefined, depth + 1)}[]`
  if (type === 'object' && schema.additionalProperties && typeof schema.additionalProperties === 'object' && !schema.properties)
    return html`map of ${typeOf(schema.additionalProperties as JsonSchema, depth + 1)}`
  if (typeof type === 'string') return html`${type}${schema.format ? html` (${String(schema.format)})` : ''}`
  return html`any`
}

/** Text of the document, with its `code spans` as code (the descriptions are CommonMark; nothing else is used). */
function prose(value: unknown): SafeHtml {
  return html`${String(value ?? '')
    .split('`')
    .map((part, i) => (i % 2 ? html`<code>${part}</code>` : part))}`
}

function join(parts: SafeHtml[], separator: string): SafeHtml {
  return html`${parts.map((p, i) => (i ? html`${separator}${p}` : p))}`
}

/** The fields of an object schema as a table; nested inline objects get their own table. */
function fields(schema: JsonSchema, depth = 0): SafeHtml {
  const properties = schema.properties as Record<string, JsonSchema> | undefined
  if (schema.type !== 'object' || !properties || !Object.keys(properties).length) return html`<p class="ds-paragraph">${typeOf(schema)}</p>`
  const required = new Set((schema.required as string[] | undefined) ?? [])
  return html`<div class="docs-scroll"><table class="ds-table docs-fields" data-size="sm">
<thead><tr><th scope="col">Field</th><th scope="col">Type</th><th scope="col">Required</th><th scope="col">About</th></tr></thead>
<tbody>${Object.entries(properties).map(
    ([name, s]) => html`<tr><td><code>${name}</code></td><td>${typeOf(s)}${
      depth < 2 && s.type === 'object' && s.properties ? fields(s, depth + 1) : ''
    }</td><td>${required.has(name) ? 'yes' : ''}</td><td>${s.description ? prose(s.description) : ''}${s.pattern ? html` <span class="portal-meta">pattern <code>${String(s.pattern)}</code></span>` : ''}</td></tr>`,
  )}</tbody></table></div>`
}

function parameters(op: OpenApiOperation): SafeHtml | string {
  if (!op.parameters?.length) return ''
  return html`<h4 class="ds-heading" data-size="2xs">Parameters</h4>
<div class="docs-scroll"><table class="ds-table" data-size="sm">
<thead><tr><th scope="col">Name</th><th scope="col">In</th><th scope="col">Required</th><th scope="col">About</th><th scope="col">Example</th></tr></thead>
<tbody>${op.parameters.map(
    (p) => html`<tr><td><code>${p.name}</code></td><td>${p.in}</td><td>${p.required ? 'yes' : ''}</td><td>${prose(p.description)}</td><td>${p.example !== undefined ? html`<code>${String(p.example)}</code>` : ''}</td></tr>`,
  )}</tbody></table></div>`
}

function requestBody(op: OpenApiOperation): SafeHtml | string {
  if (!op.requestBody) return ''
  return html`<h4 class="ds-heading" data-size="2xs">Request body${op.requestBody.required ? '' : ' (optional)'}</h4>
${op.requestBody.description ? html`<p class="ds-paragraph portal-meta">${prose(op.requestBody.description)}</p>` : ''}
${Object.entries(op.requestBody.content).map(
    ([media, c]) => html`<p class="ds-paragraph"><code>${media}</code>: ${typeOf(c.schema)}</p>
${c.example !== undefined ? html`<details><summary>Example</summary><pre class="docs-pre">${JSON.stringify(c.example, null, 2)}</pre></details>` : ''}`,
  )}`
}

function responseRow(status: string, r: OpenApiResponse): SafeHtml {
  const codes = r['x-problem-codes'] ?? []
  const validation = r['x-validation-codes'] ?? []
  return html`<tr>
<td><strong>${status}</strong></td>
<td class="docs-description">${r.description.split('\n').map((line) => html`<div>${prose(line.replace(/^- /, ''))}</div>`)}</td>
<td>${Object.entries(r.content ?? {}).map(([media, c]) => html`<div><code>${media}</code> ${typeOf(c.schema)}</div>`)}${r.headers ? html`<div class="portal-meta">headers: ${Object.keys(r.headers).join(', ')}</div>` : ''}</td>
<td>${[...codes, ...validation].map((c) => html`<code class="docs-code">${c}</code> `)}</td>
</tr>`
}

function operation(path: string, method: string, op: OpenApiOperation): SafeHtml {
  const bearer = op.security?.some((s) => 'maskinporten' in s) ?? false
  const scopes = [...new Set((op.security ?? []).flatMap((s) => s.maskinporten ?? []))]
  return html`<section class="portal-card docs-operation" id="${opAnchor(op.operationId)}" aria-labelledby="${opAnchor(op.operationId)}-title">
<h3 class="ds-heading docs-op-title" data-size="xs" id="${opAnchor(op.operationId)}-title"><span class="ds-tag" data-size="sm" data-color="${METHOD_COLORS[method] ?? 'neutral'}">${method.toUpperCase()}</span> <code>${path}</code> <a class="ds-link docs-anchor" href="#${opAnchor(op.operationId)}" aria-label="Link to ${op.operationId}">#</a></h3>
<p class="ds-paragraph">${prose(op.summary)} <span class="portal-meta">(<code>${op.operationId}</code>)</span></p>
${op.description ? html`<p class="ds-paragraph portal-meta">${prose(op.description)}</p>` : ''}
${
  bearer
    ? html`<p class="ds-paragraph">Bearer token${scopes.length ? html` with one of the scopes ${scopes.map((s, i) => html`${i ? ', ' : ''}<code>${s}</code>`)}` : ''}.</p>`
    : op['x-surface'] === 'control'
      ? html`<p class="ds-paragraph portal-meta">No bearer token; the control token when the mock wants one.</p>`
      : html`<p class="ds-paragraph portal-meta">No bearer token.</p>`
}
${parameters(op)}
${requestBody(op)}
<h4 class="ds-heading" data-size="2xs">Responses</h4>
<div class="docs-scroll"><table class="ds-table" data-size="sm">
<thead><tr><th scope="col">Status</th><th scope="col">Meaning</th><th scope="col">Body</th><th scope="col">Problem codes</th></tr></thead>
<tbody>${Object.entries(op.responses).map(([status, r]) => responseRow(status, r))}</tbody>
</table></div>
</section>`
}

/** Every operation of a tag, in the document's order. */
function operationsOf(doc: OpenApiDocument, tag: string): { path: string; method: string; op: OpenApiOperation }[] {
  const out: { path: string; method: string; op: OpenApiOperation }[] = []
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (method === 'servers') continue
      const operation = op as OpenApiOperation
      if (operation.tags.includes(tag)) out.push({ path, method, op: operation })
    }
  }
  return out
}

/** The server of an operation's path, where it is not the document's own. */
function serverNote(doc: OpenApiDocument, path: string): SafeHtml | string {
  const servers = doc.paths[path]?.servers as { url: string }[] | undefined
  return servers?.length ? html`<p class="ds-paragraph portal-meta">On <code>${servers[0]!.url}</code></p>` : ''
}

function renderBody(mock: MockAltinn, doc: OpenApiDocument): SafeHtml {
  const portal = new URL(mock.config.portalUrl).origin
  const tags = doc.tags.filter((t) => operationsOf(doc, t.name).length)
  return html`${raw('<!doctype html>')}
<html lang="en" data-color-scheme="light" data-size="md">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>API description - Mock Altinn</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${portal}${ASSET_BASE}/theme.css">
<link rel="stylesheet" href="${portal}${ASSET_BASE}/designsystemet.css">
<link rel="stylesheet" href="${portal}${ASSET_BASE}/portal.css">
<link rel="stylesheet" href="${API_DOCS_CSS_PATH}">
</head>
<body class="docs-page">
<header class="portal-header">
<div class="portal-header__inner">
<a class="portal-brand" href="${API_DOCS_PATH}">Mock Altinn <span class="ds-tag" data-color="warning" data-size="sm">API</span></a>
<nav class="portal-user" aria-label="Links">
<a class="ds-link" href="${OPENAPI_PATH}">OpenAPI 3.1 (JSON)</a>
<a class="ds-link" href="${SEED_SCHEMA_PATH}">Seed JSON Schema</a>
<a class="ds-link" href="${INSPECTOR_PATH}">Inspector</a>
</nav>
</div>
</header>
<main id="main" class="docs-main">
<div class="portal-stack">
<h1 class="ds-heading" data-size="md">${String(doc.info.title)}</h1>
<p class="ds-paragraph">${String(doc.info.summary ?? '')}</p>
${String(doc.info.description ?? '')
  .split('\n\n')
  .map((p) => html`<p class="ds-paragraph portal-meta">${prose(p)}</p>`)}
<p class="ds-paragraph">Server: <code>${doc.servers[0]?.url ?? ''}</code>. The document: <a class="ds-link" href="${OPENAPI_PATH}">${OPENAPI_PATH}</a>.</p>
<nav class="portal-card" aria-labelledby="contents">
<h2 class="ds-heading" data-size="sm" id="contents">Contents</h2>
<ul class="docs-toc">${tags.map(
    (t) => html`<li><a class="ds-link" href="#${tagAnchor(t.name)}">${t.name}</a>
<ul>${operationsOf(doc, t.name).map(({ path, method, op }) => html`<li><a class="ds-link" href="#${opAnchor(op.operationId)}"><code>${method.toUpperCase()} ${path}</code></a> <span class="portal-meta">${prose(op.summary)}</span></li>`)}</ul></li>`,
  )}
<li><a class="ds-link" href="#schemas">Schemas</a></li></ul>
</nav>
${tags.map(
  (t) => html`<section class="docs-tag" aria-labelledby="${tagAnchor(t.name)}">
<h2 class="ds-heading" data-size="sm" id="${tagAnchor(t.name)}">${t.name}</h2>
${t.description ? html`<p class="ds-paragraph">${prose(t.description)}</p>` : ''}
${operationsOf(doc, t.name).map(({ path, method, op }) => html`${serverNote(doc, path)}${operation(path, method, op)}`)}
</section>`,
)}
<section aria-labelledby="schemas">
<h2 class="ds-heading" data-size="sm" id="schemas">Schemas</h2>
${Object.entries(doc.components.schemas).map(
  ([name, schema]) => html`<section class="portal-card docs-schema" id="${schemaAnchor(name)}" aria-labelledby="${schemaAnchor(name)}-title">
<h3 class="ds-heading" data-size="xs" id="${schemaAnchor(name)}-title">${name}</h3>
${fields(schema)}
</section>`,
)}
</section>
</div>
</main>
</body>
</html>
`
}

const pages = new WeakMap<OpenApiDocument, string>()

/**
 * The docs page of a mock and its route table, rendered once per document (it does not change while the mock runs).
 *
 * @example
 * ```ts
 * renderApiDocs(mock, allRoutes).headers!['content-security-policy']
 * ```
 */
export function renderApiDocs(mock: MockAltinn, routes: readonly RouteDef<any>[]): RouteResponse {
  const doc = getOpenApiDocument(mock, routes)
  let body = pages.get(doc)
  if (body === undefined) pages.set(doc, (body = renderBody(mock, doc).toString()))
  const res = text(200, body, 'text/html; charset=utf-8')
  return { ...res, headers: { ...res.headers, ...toolSecurityHeaders(mock) } }
}

/** The page's own layout rules, on top of the portal's style sheets. */
export const API_DOCS_CSS = `
main.docs-main, .docs-page .portal-header__inner { max-width: 72rem; }
.docs-scroll { overflow-x: auto; }
.docs-operation table, .docs-schema table { width: 100%; font-size: 0.875rem; }
.docs-operation td, .docs-schema td { vertical-align: top; overflow-wrap: anywhere; }
.docs-op-title { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; overflow-wrap: anywhere; }
.docs-anchor { text-decoration: none; color: var(--ds-color-neutral-text-subtle, #4b5563); }
.docs-code { white-space: nowrap; }
.docs-description div + div { margin-top: 0.25rem; }
.docs-pre { margin: 0.25rem 0 0; font-size: 0.8rem; white-space: pre-wrap; overflow-wrap: anywhere; }
.docs-toc ul { margin: 0.25rem 0 0.75rem; }
.docs-fields .docs-fields { margin-top: 0.5rem; }
.docs-operation > * + *, .docs-schema > * + * { margin-top: 0.5rem; }
.docs-operation h4 { margin-top: 1rem; }
.docs-tag { display: flex; flex-direction: column; gap: 1rem; }
`
