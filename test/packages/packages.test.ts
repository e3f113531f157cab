/**
 * The packages as a user gets them: `npm run package` builds both tarballs; they are checked with publint and
 * @arethetypeswrong/cli, installed into fresh projects in the temp folder (never this repository's node_modules),
 * and used there as the README says, on every Node major in `PACKAGE_TEST_NODE` (default 20, 22 and 24; the
 * others come from the npm registry's `node` package and are cached between runs).
 */
import { execFile, spawn } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildPackages, makeBuildDir, type BuiltPackage } from '../../scripts/package.ts'
import { freePort } from '../support/mock-process.ts'
import { createConsumer, ensureNode, envFor, installedPackages, runIn, runNode, startInstalledMock, type NodeBinary } from './support.ts'

const run = promisify(execFile)
const MAJORS = (process.env.PACKAGE_TEST_NODE ?? '20,22,24').split(',').map((v) => Number(v.trim()))
const ROOT = new URL('../../', import.meta.url)

let sdk: BuiltPackage
let mock: BuiltPackage
const consumers: string[] = []

// Built into a folder of this run's own, so `npm run package` output and other runs are left alone.
const packagesDir = makeBuildDir()

beforeAll(() => {
  ;[sdk, mock] = buildPackages(() => undefined, packagesDir) as [BuiltPackage, BuiltPackage]
})

afterAll(() => {
  for (const dir of [...consumers, packagesDir]) rmSync(dir, { recursive: true, force: true })
})

interface FlowResult {
  node: string
  status: string
  claims: number
  urls: Record<string, string | null>
  offPrefix: [string, string | null][]
}

function manifestOf(pkg: BuiltPackage): Record<string, any> {
  return JSON.parse(readFileSync(join(pkg.dir, 'package.json'), 'utf8'))
}

async function tarballFiles(pkg: BuiltPackage): Promise<string[]> {
  return (await run('tar', ['tzf', pkg.tarball])).stdout.trim().split('\n')
}

describe('the packed packages', () => {
  it('pass publint with nothing to report', async () => {
    const { publint } = await import('publint')
    for (const pkg of [sdk, mock]) {
      const { messages } = await publint({ pkgDir: pkg.dir, level: 'suggestion', strict: true })
      expect(messages.map((m) => `${pkg.name}: ${m.code} ${m.path.join('.')}`)).toEqual([])
    }
  })

  it('resolve their types for NodeNext (ESM and require of ESM) and Bundler, per @arethetypeswrong/cli', async () => {
    for (const pkg of [sdk, mock]) {
      // require() of these ESM packages works from Node 20.19 (and TypeScript's NodeNext allows it since 5.8), so
      // "CJS resolves to ESM" is what we ship on purpose; node10 resolution predates subpath exports.
      const attw = join(ROOT.pathname, 'node_modules/@arethetypeswrong/cli/dist/index.js')
      const out = await run(process.execPath, [attw, pkg.tarball, '--profile', 'node16', '--ignore-rules', 'cjs-resolves-to-esm', '--format', 'table-flipped', '--no-color']).then(
        ({ stdout }) => ({ code: 0, stdout }),
        (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
      )
      expect(out.code, `${pkg.name}:\n${out.stdout}`).toBe(0)
      // Every entry point resolves, with types, from CommonJS and ESM under NodeNext and under Bundler.
      const rows = out.stdout.split('\n').filter((l) => l.startsWith('│ "'))
      expect(rows.length).toBe(Object.keys(manifestOf(pkg).exports).length)
      for (const row of rows) expect(row.split('│').slice(2, 5).map((cell) => cell.trim().slice(0, 2)), row).toEqual(['🟢', '🟢', '🟢'])
    }
  })

  it('ship compiled JavaScript and declarations, no TypeScript sources, with an exports map that puts types first', async () => {
    for (const pkg of [sdk, mock]) {
      const files = await tarballFiles(pkg)
      expect(files).toContain('package/README.md')
      expect(files).toContain('package/LICENSE')
      expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([])
      const manifest = manifestOf(pkg)
      expect(manifest.version).toMatch(/^0\.\d+\.\d+$/)
      expect(manifest.type).toBe('module')
      expect(manifest.engines).toEqual({ node: '>=20.19' })
      expect(manifest.license).toBe('MIT')
      expect(manifest.private).toBeUndefined()
      for (const [subpath, target] of Object.entries(manifest.exports as Record<string, unknown>)) {
        if (typeof target === 'string') {
          expect(files, `${pkg.name} exports ${subpath}`).toContain(`package/${target.slice(2)}`)
          continue
        }
        expect(Object.keys(target as object)[0], `${pkg.name} exports ${subpath}`).toBe('types')
        for (const file of Object.values(target as Record<string, string>)) expect(files, `${pkg.name} ${file}`).toContain(`package/${file.slice(2)}`)
      }
      for (const deps of [manifest.dependencies, manifest.peerDependencies]) expect(Object.keys(deps ?? {})).not.toContain('tsx')
    }
    const mockManifest = manifestOf(mock)
    expect(mockManifest.dependencies['altinn-systemuser-sdk']).toBe(sdk.version)
    expect(mockManifest.peerDependenciesMeta.msw).toEqual({ optional: true })
    expect(Object.keys(mockManifest.dependencies)).not.toContain('msw')
    expect(Object.keys(mockManifest.dependencies)).not.toContain('express')
    // The seed's JSON Schema and the OpenAPI document ship beside the code, and the default seed names its schema.
    expect(Object.keys(mockManifest.exports)).toEqual(expect.arrayContaining(['./default-seed.json', './seed.schema.json', './openapi.json']))
    const seed = JSON.parse(readFileSync(join(mock.dir, mockManifest.exports['./default-seed.json']), 'utf8')) as { $schema: string }
    expect(readFileSync(join(mock.dir, mockManifest.exports['./default-seed.json'], '..', seed.$schema), 'utf8')).toContain('"$schema"')
    const bin = mockManifest.bin['altinn-systemuser-mock'] as string
    expect(readFileSync(join(mock.dir, bin), 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node')
  })
})

describe('the SDK installed alone', () => {
  let dir: string
  beforeAll(async () => {
    dir = await createConsumer('sdk-only', [sdk.tarball])
    consumers.push(dir)
  })

  it('pulls in no mock-only code: no express, msw, design-system CSS, tsx or the mock itself', () => {
    const installed = installedPackages(dir)
    expect(installed).toContain('altinn-systemuser-sdk')
    for (const mockOnly of ['express', 'msw', '@digdir/designsystemet-css', 'tsx', 'altinn-systemuser-mock', 'typescript']) expect(installed).not.toContain(mockOnly)
  })

  it.each(MAJORS)('loads with import and with require on Node %i', async (major) => {
    const node = await ensureNode(major)
    const script = "const esm = await import('altinn-systemuser-sdk'); const cjs = require('altinn-systemuser-sdk/contract'); console.log(typeof esm.createAltinnClient, typeof cjs.Routes.createRequest.path)"
    const out = await runNode(node, dir, ['--input-type=module', '-e', `import { createRequire } from 'node:module'; const require = createRequire(process.cwd() + '/'); ${script}`])
    expect(out.trim()).toBe('function string')
  })
})

describe('a vendor project with both packages', () => {
  let dir: string
  beforeAll(async () => {
    dir = await createConsumer('vendor', [sdk.tarball, mock.tarball, 'typescript@~5.9.3', '@types/node@^20.19', 'msw@^2.15', 'express@^5.3', '@types/express@^5', 'vitest@~4.1.12'])
    consumers.push(dir)
  })

  it.each(['nodenext', 'bundler'])('type-checks a TypeScript consumer of every entry point with moduleResolution %s', async (resolution) => {
    const node = await ensureNode(Number(process.versions.node.split('.')[0]))
    await runIn(node, dir, process.execPath, [join(dir, 'node_modules/typescript/bin/tsc'), '-p', `tsconfig.${resolution}.json`])
  })

  describe.each(MAJORS)('on Node %i', (major) => {
    let node: NodeBinary
    beforeAll(async () => {
      node = await ensureNode(major)
    })

    it('answers --version and --help, and a wrong flag with one line and exit code 2', async () => {
      const version = await runIn(node, dir, 'npx', ['--no-install', 'altinn-systemuser-mock', '--version'])
      expect(version.stdout.trim()).toBe(mock.version)
      const help = await runIn(node, dir, 'npx', ['--no-install', 'altinn-systemuser-mock', 'start', '--help'])
      for (const option of ['--port', '--host', '--public-url', '--seed', '--state-file']) expect(help.stdout).toContain(option)
      const wrong = await runIn(node, dir, 'npx', ['--no-install', 'altinn-systemuser-mock', 'start', '--prot', '1']).catch((e: Error) => e)
      expect(wrong).toBeInstanceOf(Error)
      expect((wrong as Error).message).toContain('exit code 2')
      expect((wrong as Error).message).toContain('altinn-systemuser-mock: unknown option --prot (see altinn-systemuser-mock --help)')
    })

    it('runs the standard flow from an ESM and a CommonJS consumer against npx altinn-systemuser-mock start --port 0', async () => {
      const running = await startInstalledMock(node, dir, ['--port', '0'])
      try {
        expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
        expect((await fetch(`${running.url}/healthz`)).status).toBe(200)
        for (const file of ['flow.mjs', 'flow.cjs']) {
          const result = JSON.parse(await runNode(node, dir, [file, running.url])) as FlowResult
          expect(result.node).toBe(node.version)
          expect(result.status).toBe('Accepted')
          expect(result.claims).toBeGreaterThan(0)
          expect(result.offPrefix).toEqual([])
          expect(result.urls.confirmUrl).toMatch(new RegExp(`^${running.url}/accessmanagement/ui/systemuser/request\\?id=[0-9a-f-]{36}&DONTCHOOSEREPORTEE=true$`))
        }
      } finally {
        await running.stop()
        expect(running.stdout).toContain('Mock Altinn stopping (SIGTERM)')
      }
    })

    it('puts --public-url in every URL the flow sees', async () => {
      const port = await freePort()
      const publicUrl = `http://localhost:${port}`
      const running = await startInstalledMock(node, dir, ['--port', String(port), '--public-url', publicUrl])
      try {
        expect(running.url).toBe(publicUrl)
        const result = JSON.parse(await runNode(node, dir, ['flow.mjs', publicUrl])) as FlowResult
        expect(result.status).toBe('Accepted')
        expect(result.offPrefix).toEqual([])
        expect(result.urls.issuer).toBe(`${publicUrl}/maskinporten/`)
        expect(result.urls.tokenIssuer).toBe(`${publicUrl}/maskinporten/`)
      } finally {
        await running.stop()
      }
    })

    it('bound to 0.0.0.0 (HOST) with no public URL, answers with the origin the client used, never 0.0.0.0', async () => {
      const port = await freePort()
      const token = 'package-test-control-token-0123456789'
      const running = await startInstalledMock(node, dir, [], { HOST: '0.0.0.0', PORT: String(port), MOCK_ALTINN_CONTROL_TOKEN: token })
      try {
        expect(running.stdout).not.toContain('0.0.0.0:')
        const origin = `http://localhost:${port}`
        const result = JSON.parse(await runNode(node, dir, ['flow.mjs', origin], { MOCK_ALTINN_CONTROL_TOKEN: token })) as FlowResult
        expect(result.status).toBe('Accepted')
        expect(result.offPrefix).toEqual([])
        expect(result.urls.issuer).toBe(`${origin}/maskinporten/`)
      } finally {
        await running.stop()
      }
    })

    it('passes the vendor test files of the README (setupMockAltinn, createMockFetch) with the consumer\'s own vitest', async () => {
      const { stdout } = await runIn(node, dir, node.path, [join(dir, 'node_modules/vitest/vitest.mjs'), 'run', '--reporter=json', 'vendor.test.ts', 'fetch.test.ts'])
      const report = JSON.parse(stdout) as { numTotalTests: number; numPassedTests: number; testResults: { name: string }[] }
      expect(report.testResults.map((r) => r.name.split('/').pop()).sort()).toEqual(['fetch.test.ts', 'vendor.test.ts'])
      expect(report.numTotalTests).toBe(3)
      expect(report.numPassedTests).toBe(3)
    })

    it('runs every scenario from the installed command', async () => {
      const { stdout } = await runIn(node, dir, 'npx', ['--no-install', 'altinn-systemuser-mock', 'scenario', 'all', '--json'])
      const report = JSON.parse(stdout) as { ok: boolean; scenarios: { name: string; ok: boolean }[] }
      expect(report.scenarios.filter((s) => !s.ok).map((s) => s.name)).toEqual([])
      expect(report.ok).toBe(true)
      expect(report.scenarios.length).toBeGreaterThanOrEqual(9)
    })
  })
})

describe('the README', () => {
  const readme = readFileSync(new URL('README.md', ROOT), 'utf8')
  let dir: string
  beforeAll(async () => {
    dir = await createConsumer('ci-recipe', [sdk.tarball, mock.tarball])
    consumers.push(dir)
  })

  it('shows the vendor test file that runs above, as it is', () => {
    expect(section(readme, 'vendor-test')).toBe(`\`\`\`ts\n${readFileSync(new URL('consumer/vendor.test.ts', import.meta.url), 'utf8').trimEnd()}\n\`\`\``)
  })

  it.each([
    ['GitHub Actions', 'ci-github'],
    ['GitLab CI', 'ci-gitlab'],
  ])('has a %s recipe whose start-and-wait steps start the installed mock for a vendor test', async (_name, marker) => {
    const yaml = section(readme, marker)
    const script = marker === 'ci-github' ? runBlock(yaml, 'Start the Altinn mock') : scriptLines(yaml)
    expect(script).toContain('npx --yes altinn-systemuser-mock start')
    const port = await freePort()
    const node = await ensureNode(Number(process.versions.node.split('.')[0]))
    const shell = spawnShell(script.replaceAll('5101', String(port)), dir, node)
    try {
      expect(await shell.exited).toBe(0)
      const result = JSON.parse(await runNode(node, dir, ['flow.mjs', `http://127.0.0.1:${port}`])) as FlowResult
      expect(result.status).toBe('Accepted')
    } finally {
      shell.stop()
    }
  })
})

/** The text between `<!-- marker -->` and `<!-- /marker -->`. */
function section(text: string, marker: string): string {
  const start = text.indexOf(`<!-- ${marker} -->`)
  const end = text.indexOf(`<!-- /${marker} -->`)
  expect(start, `README marker ${marker}`).toBeGreaterThanOrEqual(0)
  return text.slice(start + `<!-- ${marker} -->`.length, end).trim()
}

/** The `run: |` lines of the GitHub Actions step with that name. */
function runBlock(yaml: string, step: string): string {
  const lines = yaml.split('\n')
  const at = lines.findIndex((l) => l.trim() === `- name: ${step}`)
  const run = lines.findIndex((l, i) => i > at && l.trim() === 'run: |')
  const indent = lines[run + 1]!.length - lines[run + 1]!.trimStart().length
  const body: string[] = []
  for (const line of lines.slice(run + 1)) {
    if (line.trim() && line.length - line.trimStart().length < indent) break
    body.push(line.slice(indent))
  }
  return body.join('\n')
}

/** The GitLab job's `script:` lines, up to the vendor's own test command. */
function scriptLines(yaml: string): string {
  const lines = yaml.split('\n')
  const at = lines.findIndex((l) => l.trim() === 'script:')
  const body: string[] = []
  for (const line of lines.slice(at + 1)) {
    const m = /^\s+- (.*)$/.exec(line)
    if (!m) break
    if (m[1]!.includes('gradlew')) break
    body.push(m[1]!)
  }
  return body.join('\n')
}

/** Run a CI step's script with bash in its own process group (its background mock too), as a runner would. */
function spawnShell(script: string, cwd: string, node: NodeBinary): { exited: Promise<number | null>; stop(): void } {
  const child = spawn('bash', ['-c', script], { cwd, env: envFor(node), stdio: 'ignore', detached: true })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return {
    exited,
    stop: () => {
      try {
        process.kill(-child.pid!, 'SIGTERM')
      } catch {
        // already gone
      }
    },
  }
}
