/**
 * The shape of the code holds: the import graph of `sdk/`, `mock-server/` and `scenarios/`, read with the
 * TypeScript compiler's own parser (static imports, `import type`, `export ... from`, `import()` and
 * `typeof import()`), breaks none of these rules:
 *
 * - no two files import each other, directly or in a longer cycle;
 * - the mock's folders keep their order, each importing only from the layers below it: `seed/`, then `core/` (the
 *   rules and the store), then `kit/` (the plain request, response and page helpers the route modules share), then
 *   the parts, which never import each other (`routes/` for Altinn's APIs, `portal/`, `harness/`, `demo/`, and
 *   `openapi/`, which describes a route list it is given), then the table (`table.ts`), and last the top level
 *   (`http/` and the files beside `table.ts`), the only files that may import the table or `scenarios/`;
 * - `core/` imports neither msw nor Express;
 * - `sdk/` imports nothing of the mock or the scenarios;
 * - the mock imports from the SDK only `altinn-systemuser-sdk/contract`; the demo vendor may also load the SDK
 *   itself, lazily (`import type`, `import()`), as a vendor application would;
 * - `scenarios/` imports only the public entries of the packages (their `exports` and the mock's `bin`).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { posix } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** How a file names another: a value import, `import type`, `export ... from`, or a dynamic `import()`. */
type ImportKind = 'static' | 'type' | 'export' | 'dynamic'

interface ImportEdge {
  /** The importing file, relative to the repository root (`mock-server/core/requests.ts`). */
  from: string
  /** The specifier as written (`../kit/router.ts`, `altinn-systemuser-sdk/contract`, `zod`). */
  specifier: string
  kind: ImportKind
  line: number
  /** The file it names, for files of this repository (relative paths and the packages' own names). */
  target?: string
}

interface Packages {
  /** Package name to its entries: export subpath (`.`, `./contract`) to file. */
  entries: Map<string, Map<string, string>>
  /** Every file a package offers to others: its `exports` and its `bin`. */
  publicFiles: Set<string>
}

const ROOTS = ['sdk', 'mock-server', 'scenarios'] as const

function readPackages(): Packages {
  const entries = new Map<string, Map<string, string>>()
  const publicFiles = new Set<string>()
  for (const dir of ['sdk', 'mock-server']) {
    const manifest = JSON.parse(readFileSync(`${ROOT}${dir}/package.json`, 'utf8')) as { name: string; exports: Record<string, string>; bin?: Record<string, string> }
    const byPath = new Map<string, string>()
    for (const [subpath, file] of Object.entries(manifest.exports)) {
      const target = posix.join(dir, file)
      byPath.set(subpath, target)
      publicFiles.add(target)
    }
    for (const file of Object.values(manifest.bin ?? {})) publicFiles.add(posix.join(dir, file))
    entries.set(manifest.name, byPath)
  }
  return { entries, publicFiles }
}

function packageOf(specifier: string): { name: string; subpath: string } {
  const parts = specifier.split('/')
  const length = specifier.startsWith('@') ? 2 : 1
  const rest = parts.slice(length).join('/')
  return { name: parts.slice(0, length).join('/'), subpath: rest ? `./${rest}` : '.' }
}

/** The file a specifier names, when it is one of this repository's (a relative path, or a package of the workspace). */
function resolve(from: string, specifier: string, packages: Packages): string | undefined {
  if (specifier.startsWith('.')) return posix.normalize(posix.join(posix.dirname(from), specifier))
  const { name, subpath } = packageOf(specifier)
  return packages.entries.get(name)?.get(subpath)
}

/** The imports of one source file, as the compiler parses it (comments and strings are never mistaken for one). */
function importsOf(file: string, text: string, packages: Packages): ImportEdge[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS)
  const edges: ImportEdge[] = []
  const add = (node: ts.Node, literal: ts.Expression | undefined, kind: ImportKind) => {
    if (!literal || !ts.isStringLiteralLike(literal)) return
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1
    const target = resolve(file, literal.text, packages)
    edges.push({ from: file, specifier: literal.text, kind, line, ...(target ? { target } : {}) })
  }
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) add(node, node.moduleSpecifier, node.importClause?.isTypeOnly ? 'type' : 'static')
    else if (ts.isExportDeclaration(node)) add(node, node.moduleSpecifier, node.isTypeOnly ? 'type' : 'export')
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) add(node, node.arguments[0], 'dynamic')
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node, node.argument.literal, 'type')
    ts.forEachChild(node, visit)
  }
  visit(source)
  return edges
}

function sourceFiles(dir: string): string[] {
  const found: string[] = []
  for (const entry of readdirSync(`${ROOT}${dir}`, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'dist') found.push(...sourceFiles(path))
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) found.push(path)
  }
  return found
}

/** The import graph of the repository's sources. */
function readImportGraph(packages: Packages): ImportEdge[] {
  return ROOTS.flatMap((dir) => sourceFiles(dir)).flatMap((file) => importsOf(file, readFileSync(`${ROOT}${file}`, 'utf8'), packages))
}

// ---------------------------------------------------------------------------------------------------------
// The rules

/** The mock's layers, lowest first; a file may import only from a layer below its own, or from its own folder. */
const LAYERS: Record<string, number> = { seed: 0, core: 1, kit: 2, routes: 3, portal: 3, harness: 3, demo: 3, openapi: 3, table: 4, top: 5 }

/** The folder of a mock file, as the layers name them: `http/` and the files beside `table.ts` are the top level. */
function mockFolder(file: string): string | undefined {
  if (!file.startsWith('mock-server/')) return undefined
  const parts = file.slice('mock-server/'.length).split('/')
  if (parts.length === 1) return parts[0] === 'table.ts' ? 'table' : 'top'
  return parts[0] === 'http' ? 'top' : parts[0]
}

/** Packages the core never imports: it holds the rules and knows nothing of how it is served. */
const NOT_IN_CORE = ['msw', 'express']

/**
 * The one import outside the rules: the scenario command is the `scenario` subcommand of the mock's own bin
 * (`mock-server/command.ts` hands it its arguments), and reads them with the bin's parser so that both commands
 * answer a wrong option alike.
 */
const ALLOWED = new Set(['scenarios/command.ts -> mock-server/command-line.ts'])

function where(edge: ImportEdge): string {
  return `${edge.from}:${edge.line} imports '${edge.specifier}'`
}

/** What one import breaks, or undefined. */
function ruleBroken(edge: ImportEdge, packages: Packages): string | undefined {
  const { from, target, specifier, kind } = edge
  if (target && ALLOWED.has(`${from} -> ${target}`)) return undefined
  const pkg = specifier.startsWith('.') ? undefined : packageOf(specifier).name

  if (from.startsWith('sdk/')) {
    if (target?.startsWith('mock-server/') || target?.startsWith('scenarios/') || pkg === 'altinn-systemuser-mock')
      return `${where(edge)}: the SDK imports nothing of the mock or the scenarios`
    return undefined
  }

  if (from.startsWith('scenarios/')) {
    if ((target?.startsWith('sdk/') || target?.startsWith('mock-server/')) && !packages.publicFiles.has(target))
      return `${where(edge)}: the scenarios use only the packages' public entries (${[...packages.publicFiles].filter((f) => f.endsWith('.ts')).sort().join(', ')})`
    return undefined
  }

  const folder = mockFolder(from)
  if (!folder) return undefined
  if (folder === 'core' && pkg && NOT_IN_CORE.includes(pkg)) return `${where(edge)}: core/ holds the rules and imports neither msw nor Express`
  if (target?.startsWith('sdk/') || pkg === 'altinn-systemuser-sdk') {
    if (specifier === 'altinn-systemuser-sdk/contract') return undefined
    // The demo vendor is an application of the SDK's, loaded when its first page needs it.
    if (folder === 'demo' && specifier === 'altinn-systemuser-sdk' && (kind === 'type' || kind === 'dynamic')) return undefined
    return `${where(edge)}: the mock imports from the SDK only 'altinn-systemuser-sdk/contract'${folder === 'demo' ? " (the demo loads the SDK itself only lazily: import type or import())" : ''}`
  }
  if (target?.startsWith('scenarios/') && folder !== 'top') return `${where(edge)}: only the mock's top level (its entries and command) imports the scenarios`
  const targetFolder = target ? mockFolder(target) : undefined
  if (!targetFolder || targetFolder === folder) return undefined
  const own = LAYERS[folder]
  const theirs = LAYERS[targetFolder]
  if (own === undefined || theirs === undefined) return `${where(edge)}: ${own === undefined ? folder : targetFolder}/ is in no layer of the mock; give it one in this test`
  if (theirs === own) return `${where(edge)}: ${folder}/ and ${targetFolder}/ are parts of the mock beside each other and never import each other (share it through kit/ or core/)`
  if (theirs > own) return `${where(edge)}: ${folder === 'top' || folder === 'table' ? folder : `${folder}/`} may import only from the layers below it, and ${targetFolder === 'top' || targetFolder === 'table' ? targetFolder : `${targetFolder}/`} is above it`
  return undefined
}

/** Every cycle of imports between files, each named by its files in order. */
function findCycles(edges: ImportEdge[]): string[] {
  const next = new Map<string, ImportEdge[]>()
  for (const edge of edges) if (edge.target) (next.get(edge.from) ?? next.set(edge.from, []).get(edge.from)!).push(edge)
  // Tarjan's strongly connected components: a component of more than one file (or a file importing itself) holds a cycle.
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const cycles: string[] = []
  const strongConnect = (file: string): void => {
    index.set(file, index.size)
    low.set(file, index.get(file)!)
    stack.push(file)
    onStack.add(file)
    for (const { target } of next.get(file) ?? []) {
      if (!index.has(target!)) {
        strongConnect(target!)
        low.set(file, Math.min(low.get(file)!, low.get(target!)!))
      } else if (onStack.has(target!)) low.set(file, Math.min(low.get(file)!, index.get(target!)!))
    }
    if (low.get(file) !== index.get(file)) return
    const component: string[] = []
    let member: string
    do {
      member = stack.pop()!
      onStack.delete(member)
      component.push(member)
    } while (member !== file)
    const members = new Set(component)
    const selfImport = (next.get(file) ?? []).some((e) => e.target === file)
    if (members.size > 1 || selfImport) cycles.push(`import cycle: ${describeCycle(file, members, next)}`)
  }
  for (const file of [...next.keys()].sort()) if (!index.has(file)) strongConnect(file)
  return cycles
}

/** One way round a cycle, from `start` back to it, with where each file imports the next. */
function describeCycle(start: string, members: Set<string>, next: Map<string, ImportEdge[]>): string {
  const path: ImportEdge[] = []
  const seen = new Set<string>()
  const walk = (file: string): boolean => {
    for (const edge of next.get(file) ?? []) {
      if (!members.has(edge.target!)) continue
      path.push(edge)
      if (edge.target === start) return true
      if (!seen.has(edge.target!)) {
        seen.add(edge.target!)
        if (walk(edge.target!)) return true
      }
      path.pop()
    }
    return false
  }
  walk(start)
  return path.map((e) => `${e.from}:${e.line} -> ${e.target}`).join(', ')
}

/** Everything the graph breaks, one line each, naming the file and the import. */
function findViolations(edges: ImportEdge[], packages: Packages): string[] {
  const broken = edges.map((edge) => ruleBroken(edge, packages)).filter((v): v is string => v !== undefined)
  return [...findCycles(edges), ...broken]
}

// ---------------------------------------------------------------------------------------------------------

const packages = readPackages()

describe('the import graph of the SDK, the mock and the scenarios', () => {
  const edges = readImportGraph(packages)

  it('is read whole: static, type-only and dynamic imports and re-exports, resolved to the files they name', () => {
    const has = (from: string, target: string, kind: ImportKind) => edges.some((e) => e.from === from && e.target === target && e.kind === kind)
    expect(has('mock-server/table.ts', 'mock-server/kit/router.ts', 'static')).toBe(true)
    expect(has('mock-server/command.ts', 'scenarios/command.ts', 'dynamic')).toBe(true)
    expect(has('mock-server/scenarios.ts', 'scenarios/index.ts', 'export')).toBe(true)
    expect(has('mock-server/demo/smartcloud-client.ts', 'sdk/index.ts', 'dynamic')).toBe(true)
    expect(edges.some((e) => e.from.startsWith('mock-server/core/') && e.target === 'sdk/contract/index.ts')).toBe(true)
    for (const edge of edges.filter((e) => e.specifier.startsWith('.'))) expect(existsSync(`${ROOT}${edge.target}`), where(edge)).toBe(true)
  })

  it('breaks no rule: no cycle, the folder order, the core, the SDK and the scenarios each import only what they may', () => {
    expect(findViolations(edges, packages)).toEqual([])
  })
})

describe('the rules', () => {
  /** A graph in memory: `[from, specifier, kind?]`, resolved as the real one is. */
  const graph = (...imports: [string, string, ImportKind?][]): ImportEdge[] =>
    imports.map(([from, specifier, kind = 'static'], i) => {
      const target = resolve(from, specifier, packages)
      return { from, specifier, kind, line: i + 1, ...(target ? { target } : {}) }
    })
  const violations = (...imports: [string, string, ImportKind?][]) => findViolations(graph(...imports), packages)

  it('allow a graph that keeps every rule', () => {
    expect(
      violations(
        ['mock-server/core/requests.ts', '../seed/schema.ts'],
        ['mock-server/core/requests.ts', 'altinn-systemuser-sdk/contract'],
        ['mock-server/kit/router.ts', '../core/tokens.ts'],
        ['mock-server/portal/routes.ts', '../kit/define.ts'],
        ['mock-server/openapi/document.ts', '../kit/types.ts'],
        ['mock-server/table.ts', './portal/routes.ts'],
        ['mock-server/http/server.ts', '../table.ts'],
        ['mock-server/demo/smartcloud-client.ts', 'altinn-systemuser-sdk', 'dynamic'],
        ['mock-server/demo/smartcloud-pages.ts', 'altinn-systemuser-sdk', 'type'],
        ['scenarios/environment.ts', '../mock-server/index.ts'],
        ['scenarios/define.ts', 'altinn-systemuser-sdk'],
        ['sdk/client.ts', './http.ts'],
      ),
    ).toEqual([])
  })

  it('catch a cycle, naming each file and where it imports the next', () => {
    expect(
      violations(['mock-server/core/a.ts', './b.ts'], ['mock-server/core/b.ts', './c.ts'], ['mock-server/core/c.ts', './a.ts'], ['mock-server/core/c.ts', './d.ts']),
    ).toEqual(['import cycle: mock-server/core/a.ts:1 -> mock-server/core/b.ts, mock-server/core/b.ts:2 -> mock-server/core/c.ts, mock-server/core/c.ts:3 -> mock-server/core/a.ts'])
    expect(violations(['mock-server/kit/a.ts', './b.ts', 'type'], ['mock-server/kit/b.ts', './a.ts', 'dynamic'])).toHaveLength(1)
  })

  it('catch an import that breaks the folder order, or one between parts', () => {
    expect(violations(['mock-server/core/requests.ts', '../kit/responses.ts'])).toEqual([
      "mock-server/core/requests.ts:1 imports '../kit/responses.ts': core/ may import only from the layers below it, and kit/ is above it",
    ])
    expect(violations(['mock-server/seed/schema.ts', '../core/identifiers.ts'])[0]).toContain('seed/ may import only from the layers below it')
    expect(violations(['mock-server/kit/router.ts', '../portal/page-kit.ts'])[0]).toContain('kit/ may import only from the layers below it')
    expect(violations(['mock-server/portal/front-page.ts', '../harness/inspector.ts'])[0]).toContain('portal/ and harness/ are parts of the mock beside each other')
    expect(violations(['mock-server/routes/vendor.ts', '../demo/routes.ts'])[0]).toContain('routes/ and demo/ are parts')
    expect(violations(['mock-server/openapi/document.ts', '../table.ts'])[0]).toContain('openapi/ may import only from the layers below it, and table is above it')
    expect(violations(['mock-server/harness/inspector-actions.ts', '../table.ts', 'dynamic'])[0]).toContain('harness/ may import only from the layers below it')
    expect(violations(['mock-server/table.ts', './http/server.ts'])[0]).toContain('table may import only from the layers below it, and top is above it')
    expect(violations(['mock-server/harness/journal.ts', '../../scenarios/index.ts'])[0]).toContain("only the mock's top level (its entries and command) imports the scenarios")
  })

  it('catch msw or Express in the core', () => {
    expect(violations(['mock-server/core/tokens.ts', 'express'], ['mock-server/core/clock.ts', 'msw/node'])).toEqual([
      "mock-server/core/tokens.ts:1 imports 'express': core/ holds the rules and imports neither msw nor Express",
      "mock-server/core/clock.ts:2 imports 'msw/node': core/ holds the rules and imports neither msw nor Express",
    ])
  })

  it('catch the SDK importing the mock or the scenarios', () => {
    expect(violations(['sdk/client.ts', '../mock-server/core/clock.ts'], ['sdk/index.ts', 'altinn-systemuser-mock'], ['sdk/polling.ts', '../scenarios/define.ts'])).toHaveLength(3)
  })

  it('catch the mock importing anything of the SDK but its contract, and the demo loading the SDK eagerly', () => {
    expect(violations(['mock-server/routes/vendor.ts', 'altinn-systemuser-sdk'])).toEqual([
      "mock-server/routes/vendor.ts:1 imports 'altinn-systemuser-sdk': the mock imports from the SDK only 'altinn-systemuser-sdk/contract'",
    ])
    expect(violations(['mock-server/core/tokens.ts', '../../sdk/contract/index.ts'])[0]).toContain("only 'altinn-systemuser-sdk/contract'")
    expect(violations(['mock-server/demo/smartcloud-pages.ts', 'altinn-systemuser-sdk'])[0]).toContain('the demo loads the SDK itself only lazily')
    expect(violations(['mock-server/harness/inspector.ts', 'altinn-systemuser-sdk', 'dynamic'])).toHaveLength(1)
  })

  it('catch the scenarios reaching past the public entries', () => {
    expect(violations(['scenarios/environment.ts', '../mock-server/http/server.ts'])[0]).toContain("scenarios/environment.ts:1 imports '../mock-server/http/server.ts': the scenarios use only the packages' public entries")
    expect(violations(['scenarios/define.ts', '../sdk/errors/index.ts'])).toHaveLength(1)
    expect(violations(['scenarios/environment.ts', '../mock-server/msw.ts'], ['scenarios/service.ts', 'altinn-systemuser-sdk/contract'])).toEqual([])
  })
})
