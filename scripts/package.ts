/**
 * `npm run package`: build both publishable packages and write their tarballs (`npm pack` output) to
 * `dist-packages/`, then print their paths.
 *
 * In this repository the workspaces `sdk/` and `mock-server/` point their `exports` at the TypeScript sources, so
 * tests, `npm start` and the type checker need no build. A published package carries compiled ESM JavaScript and
 * `.d.ts` files only; this script derives its manifest from the workspace's, mapping each `.ts` target to
 * `{ types, default }` under `dist/`:
 *
 * - `altinn-systemuser-sdk`: `sdk/**` compiled to `dist/`.
 * - `altinn-systemuser-mock`: `mock-server/**` and `scenarios/**` compiled to `dist/mock-server/` and
 *   `dist/scenarios/`, the default seed and the other JSON files beside them. It imports the SDK by name, so its
 *   build reads the SDK's freshly built `.d.ts` files. Its command (`bin`) is the same code bundled with esbuild
 *   into `dist/bin/` (one file for the start, with the SDK, zod and jose in it; what `start` does not need, such as
 *   the scenario runner, in chunks loaded on use; msw, Express and Playwright stay the user's optional peers):
 *   Node then reads and compiles one file instead of some 250 modules, which is most of a cold start.
 *
 * @example
 * ```sh
 * npm run package            # dist-packages/altinn-systemuser-sdk-0.1.0.tgz, dist-packages/altinn-systemuser-mock-0.1.0.tgz
 * npm run package -- --json  # the same, with a JSON list of the tarballs on stdout
 * ```
 */
import { execFileSync } from 'node:child_process'
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { buildSync } from 'esbuild'
import { fileURLToPath } from 'node:url'

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)))
/** Where `npm run package` puts the tarballs (git-ignored); the staged package folders and build configs sit in `.stage/` inside it. */
export const OUT_DIR = join(ROOT, 'dist-packages')

/**
 * A fresh folder for one build that leaves `dist-packages/` alone (the packed-package tests, the bench). It lies
 * inside the repository (under `node_modules/.cache`), so the build finds the repository's dependencies.
 *
 * @example
 * ```ts
 * const [sdk, mock] = buildPackages(undefined, makeBuildDir())
 * ```
 */
export function makeBuildDir(): string {
  const parent = join(ROOT, 'node_modules', '.cache', 'altinn-systemuser-packages')
  mkdirSync(parent, { recursive: true })
  return mkdtempSync(join(parent, 'build-'))
}

type Exports = Record<string, string>

interface WorkspaceManifest {
  name: string
  version: string
  exports: Exports
  bin?: Record<string, string>
  dependencies?: Record<string, string>
  [field: string]: unknown
}

interface PackageSpec {
  /** The workspace folder, relative to the root. */
  dir: string
  /** Folders (relative to the root) compiled into the package; the first is the workspace itself. */
  sources: string[]
}

const PACKAGES: PackageSpec[] = [
  { dir: 'sdk', sources: ['sdk'] },
  { dir: 'mock-server', sources: ['mock-server', 'scenarios'] },
]

/** One built package: its name, staged folder and tarball. */
export interface BuiltPackage {
  name: string
  version: string
  dir: string
  tarball: string
}

function readManifest(dir: string): WorkspaceManifest {
  return JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as WorkspaceManifest
}

/** Where the compiler puts a source file of `spec`, relative to the package folder (`./dist/...`). */
function builtPath(spec: PackageSpec, target: string): string {
  const fromRoot = relative(ROOT, resolve(ROOT, spec.dir, target))
  const base = spec.sources.length === 1 ? relative(spec.sources[0]!, fromRoot) : fromRoot
  return `./${join('dist', base)}`
}

/** The published `exports`: `types` first, then the JavaScript; JSON and package.json as they are. */
function publishedExports(spec: PackageSpec, exports: Exports): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [subpath, target] of Object.entries(exports)) {
    if (subpath === './package.json') out[subpath] = './package.json'
    else if (target.endsWith('.ts')) {
      const js = builtPath(spec, target).replace(/\.ts$/, '.js')
      out[subpath] = { types: js.replace(/\.js$/, '.d.ts'), default: js }
    } else out[subpath] = builtPath(spec, target)
  }
  return out
}

function publishedManifest(spec: PackageSpec, manifest: WorkspaceManifest, versions: Map<string, string>): Record<string, unknown> {
  const { exports, bin, dependencies, ...rest } = manifest
  const published: Record<string, unknown> = { ...rest }
  const root = exports['.']
  published.exports = publishedExports(spec, exports)
  // For tools that predate `exports` (and attw's node10 view of the main entry).
  if (root?.endsWith('.ts')) {
    published.main = builtPath(spec, root).replace(/\.ts$/, '.js')
    published.types = builtPath(spec, root).replace(/\.ts$/, '.d.ts')
  }
  if (bin) published.bin = Object.fromEntries(Object.keys(bin).map((name) => [name, `./dist/bin/${name}.js`]))
  if (dependencies) {
    // Workspace siblings are pinned to the exact version built beside them.
    published.dependencies = Object.fromEntries(Object.entries(dependencies).map(([name, range]) => [name, versions.get(name) ?? range]))
  }
  published.files = ['dist']
  return published
}

/** A tsconfig for one package's build, written into the stage (it extends the repository's). */
function writeBuildConfig(spec: PackageSpec, stage: string, outDir: string, sdkTypes: string | undefined): string {
  const config = {
    extends: join(ROOT, 'tsconfig.json'),
    compilerOptions: {
      noEmit: false,
      declaration: true,
      sourceMap: true,
      inlineSources: true,
      rewriteRelativeImportExtensions: true,
      rootDir: spec.sources.length === 1 ? join(ROOT, spec.sources[0]!) : ROOT,
      outDir,
      // The mock's imports of the SDK resolve to its built declarations, so the SDK is not compiled into the mock.
      ...(sdkTypes ? { paths: { 'altinn-systemuser-sdk': [join(sdkTypes, 'index.d.ts')], 'altinn-systemuser-sdk/contract': [join(sdkTypes, 'contract/index.d.ts')] } } : {}),
    },
    include: spec.sources.map((s) => join(ROOT, s, '**/*.ts')),
    exclude: [join(ROOT, '**/node_modules'), join(ROOT, '**/dist')],
  }
  const file = join(stage, `tsconfig.${spec.dir}.json`)
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`)
  return file
}

/** Copy the JSON files of the sources (the default seed, generated documents) beside the compiled code. */
function copyJson(spec: PackageSpec, distDir: string): void {
  for (const source of spec.sources) {
    for (const entry of readdirSync(join(ROOT, source), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.json') || entry.name === 'package.json') continue
      const from = join(entry.parentPath, entry.name)
      const rel = relative(spec.sources.length === 1 ? join(ROOT, source) : ROOT, from)
      if (rel.split('/').includes('node_modules')) continue
      mkdirSync(dirname(join(distDir, rel)), { recursive: true })
      copyFileSync(from, join(distDir, rel))
    }
  }
}

/** The optional peers a bundled command leaves to the user's install (loaded only by the features that need them). */
const COMMAND_EXTERNALS = ['msw', 'msw/*', 'express', '@playwright/test']

/**
 * Bundle a compiled command (`entry`) into `outDir/<name>.js`, with the chunks it loads on use beside it. Minified
 * with names kept (error names and stack traces stay readable), with a source map to the compiled files.
 */
function bundleCommand(entry: string, outDir: string, name: string): void {
  buildSync({
    entryPoints: { [name]: entry },
    outdir: outDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    minify: true,
    keepNames: true,
    sourcemap: 'linked',
    external: COMMAND_EXTERNALS,
    logLevel: 'warning',
  })
  const file = join(outDir, `${name}.js`)
  // The source's shebang runs TypeScript through tsx; the built command is plain JavaScript.
  writeFileSync(file, readFileSync(file, 'utf8').replace(/^#!.*\n/, '').replace(/^/, '#!/usr/bin/env node\n'))
  chmodSync(file, 0o755)
}

/** Build one package into the stage and pack it; returns the tarball's path. */
function buildPackage(spec: PackageSpec, outDir: string, versions: Map<string, string>, sdkTypes: string | undefined, log: (line: string) => void): BuiltPackage {
  const manifest = readManifest(spec.dir)
  const stage = join(outDir, '.stage')
  const dir = join(stage, manifest.name)
  const distDir = join(dir, 'dist')
  mkdirSync(dir, { recursive: true })
  log(`building ${manifest.name}@${manifest.version}`)
  const tsconfig = writeBuildConfig(spec, stage, distDir, sdkTypes)
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', tsconfig], { cwd: ROOT, stdio: 'inherit' })
  copyJson(spec, distDir)
  const published = publishedManifest(spec, manifest, versions)
  for (const [name, target] of Object.entries(manifest.bin ?? {})) bundleCommand(join(dir, builtPath(spec, target).replace(/\.ts$/, '.js')), join(distDir, 'bin'), name)
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(published, null, 2)}\n`)
  copyFileSync(join(ROOT, spec.dir, 'README.md'), join(dir, 'README.md'))
  copyFileSync(join(ROOT, 'LICENSE'), join(dir, 'LICENSE'))
  const packed = JSON.parse(execFileSync('npm', ['pack', dir, '--json', '--pack-destination', outDir], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })) as { filename: string }[]
  return { name: manifest.name, version: manifest.version, dir, tarball: join(outDir, packed[0]!.filename) }
}

/**
 * Build and pack every publishable package into `outDir` (default `dist-packages/`), emptied first.
 *
 * @example
 * ```ts
 * const [sdk, mock] = buildPackages()
 * console.log(sdk.tarball) // .../dist-packages/altinn-systemuser-sdk-0.1.0.tgz
 * ```
 */
export function buildPackages(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`), outDir: string = OUT_DIR): BuiltPackage[] {
  rmSync(outDir, { recursive: true, force: true })
  mkdirSync(join(outDir, '.stage'), { recursive: true })
  const versions = new Map(PACKAGES.map((p) => readManifest(p.dir)).map((m) => [m.name, m.version]))
  const built: BuiltPackage[] = []
  let sdkTypes: string | undefined
  for (const spec of PACKAGES) {
    const pkg = buildPackage(spec, outDir, versions, sdkTypes, log)
    if (spec.dir === 'sdk') sdkTypes = join(pkg.dir, 'dist')
    built.push(pkg)
  }
  return built
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const built = buildPackages()
  if (process.argv.includes('--json')) console.log(JSON.stringify(built.map(({ name, version, tarball }) => ({ name, version, tarball })), null, 2))
  else for (const pkg of built) console.log(relative(process.cwd(), pkg.tarball))
}

