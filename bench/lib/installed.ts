/**
 * Cold start of the installed command: both packages built and packed (`npm run package`), installed into a fresh
 * project in the temp folder, and `altinn-systemuser-mock start --port 0` run from its `node_modules/.bin` with
 * plain `node` (compiled JavaScript, no tsx), timed to its first 200 from `/healthz`. Beside it, a bare `node:http`
 * server in a plain `.mjs` file, started the same way. `npx` itself (npm's own start, the same for any package) is
 * left out of both.
 *
 * @example
 * ```ts
 * const { ours, ceiling } = await measureInstalledColdStart(5)
 * ```
 */
import { execFile, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { promisify } from 'node:util'
import { buildPackages, makeBuildDir } from '../../scripts/package.ts'

const run = promisify(execFile)

/** A bare `node:http` server that answers `/healthz` and prints the line the mock prints. */
const BARE_SERVER = `import { createServer } from 'node:http'
const server = createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' })
  res.end('{"status":"ok"}')
})
server.listen(0, '127.0.0.1', () => console.log('Bare server listening on http://127.0.0.1:' + server.address().port))
`

/** Milliseconds from spawning `node args` to the first 200 from its `/healthz`. */
async function firstHealthy(args: string[], cwd: string): Promise<number> {
  const t0 = performance.now()
  const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'ignore'] })
  try {
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const m = /listening on (http:\/\/\S+)/i.exec(line)
        if (m) resolve(m[1]!)
      })
      child.once('exit', (code) => reject(new Error(`node ${args.join(' ')} exited with ${code} before listening`)))
    })
    for (;;) {
      const res = await fetch(`${url}/healthz`).catch(() => undefined)
      if (res?.status === 200) {
        await res.arrayBuffer()
        return performance.now() - t0
      }
      await res?.arrayBuffer()
    }
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit')
      child.kill('SIGTERM')
      await exited
    }
  }
}

/** Median cold start of the installed command and of the bare server, `runs` times each, alternating. */
export async function measureInstalledColdStart(runs = 5): Promise<{ ours: number; ceiling: number; runs: { ours: number[]; ceiling: number[] } }> {
  const dir = mkdtempSync(join(tmpdir(), 'altinn-bench-installed-'))
  const buildDir = makeBuildDir()
  try {
    const packages = buildPackages(() => undefined, buildDir)
    writeFileSync(join(dir, 'package.json'), '{"name":"bench-installed","version":"1.0.0","private":true}\n')
    writeFileSync(join(dir, 'bare.mjs'), BARE_SERVER)
    await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...packages.map((p) => p.tarball)], { cwd: dir })
    const bin = join(dir, 'node_modules', '.bin', 'altinn-systemuser-mock')
    // One start each to fill the file-system cache, as a user's second start would find it.
    await firstHealthy([bin, 'start', '--port', '0'], dir)
    await firstHealthy(['bare.mjs'], dir)
    const ours: number[] = []
    const ceiling: number[] = []
    for (let i = 0; i < runs; i++) {
      ceiling.push(await firstHealthy(['bare.mjs'], dir))
      ours.push(await firstHealthy([bin, 'start', '--port', '0'], dir))
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
    return { ours: median(ours), ceiling: median(ceiling), runs: { ours, ceiling } }
  } finally {
    rmSync(dir, { recursive: true, force: true })
    rmSync(buildDir, { recursive: true, force: true })
  }
}
