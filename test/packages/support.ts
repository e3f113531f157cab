/**
 * What the packed-tarball suite needs: Node binaries of other majors (from the npm registry's `node` package,
 * cached between runs), fresh consumer projects outside this repository, and the installed command started the way a
 * user starts it.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, copyFileSync, writeFileSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { delimiter, dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { fileURLToPath } from 'node:url'

const run = promisify(execFile)

/** The consumer files (flows, the typed consumer, the vendor's vitest file) copied into each consumer project. */
const CONSUMER_FILES = fileURLToPath(new URL('./consumer/', import.meta.url))

/** Where other Node versions are kept between runs (`$XDG_CACHE_HOME` or `~/.cache`). */
const NODE_CACHE = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'altinn-systemuser-harness', 'node')

/** A Node binary to run consumers with. */
export interface NodeBinary {
  major: number
  path: string
  version: string
}

/**
 * The Node binary of `major`: this process's own when it is that major, else the npm registry's `node@<major>`
 * package, installed once into {@link NODE_CACHE} and reused.
 */
export async function ensureNode(major: number): Promise<NodeBinary> {
  if (Number(process.versions.node.split('.')[0]) === major) return { major, path: process.execPath, version: process.version }
  const dir = join(NODE_CACHE, String(major))
  const bin = join(dir, 'node_modules', 'node', 'bin', 'node')
  const version = async () => (await run(bin, ['--version'])).stdout.trim()
  if (existsSync(bin)) {
    const v = await version().catch(() => '')
    if (v.startsWith(`v${major}.`)) return { major, path: bin, version: v }
  }
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'package.json'), '{"private":true}\n')
  await run('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--prefer-offline', `node@${major}`], { cwd: dir })
  const v = await version()
  if (!v.startsWith(`v${major}.`)) throw new Error(`node@${major} from the npm registry reports ${v}`)
  return { major, path: bin, version: v }
}

/** A fresh project in the temp folder with these packages installed (tarball paths or registry specs). */
export async function createConsumer(name: string, install: string[]): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), `altinn-consumer-${name}-`))
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: `consumer-${name}`, version: '1.0.0', private: true }, null, 2)}\n`)
  for (const file of readdirSync(CONSUMER_FILES)) copyFileSync(join(CONSUMER_FILES, file), join(dir, file))
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...install], { cwd: dir, maxBuffer: 16 * 1024 * 1024 })
  return dir
}

/** The environment for a child run with `node`: its folder first on PATH, so `npx` and shebangs use it. */
export function envFor(node: NodeBinary, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${dirname(node.path)}${delimiter}${process.env.PATH ?? ''}`, ...extra }
  // The repository's own test settings must not leak into a consumer's run.
  delete env.NODE_OPTIONS
  delete env.VITEST
  delete env.VITEST_MODE
  delete env.VITEST_POOL_ID
  delete env.VITEST_WORKER_ID
  delete env.NODE_ENV
  delete env.TEST
  return env
}

/** Run `node file args` in a consumer; resolves with stdout, rejects with everything it printed. */
export async function runNode(node: NodeBinary, cwd: string, args: string[], extraEnv: Record<string, string> = {}): Promise<string> {
  try {
    return (await run(node.path, args, { cwd, env: envFor(node, extraEnv), maxBuffer: 16 * 1024 * 1024 })).stdout
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string }
    throw new Error(`node ${args.join(' ')} (Node ${node.version}) failed: ${err.message}\n${err.stdout ?? ''}\n${err.stderr ?? ''}`)
  }
}

/** The installed command, running. */
export interface InstalledMock {
  url: string
  child: ChildProcess
  readonly stdout: string
  readonly stderr: string
  stop(): Promise<number | null>
}

/**
 * `npx altinn-systemuser-mock start ...` in a consumer, with `node` first on PATH; resolves once its first line
 * (`Mock Altinn listening on <URL>`) is out, rejects with what it printed if it exits first.
 */
export function startInstalledMock(node: NodeBinary, cwd: string, args: string[], env: Record<string, string> = {}): Promise<InstalledMock> {
  // Its own process group: npx runs the command as a child, and stopping must reach both.
  const child = spawn('npx', ['--no-install', 'altinn-systemuser-mock', 'start', ...args], { cwd, env: envFor(node, env), stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  let stdout = ''
  let stderr = ''
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return new Promise((resolve, reject) => {
    let done = false
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString()
      const first = /^(.*)\n/.exec(stdout)?.[1]
      if (first === undefined || done) return
      done = true
      const m = /^Mock Altinn listening on (http:\/\/\S+)$/.exec(first)
      if (!m) {
        process.kill(-child.pid!, 'SIGTERM')
        reject(new Error(`the first line was not "Mock Altinn listening on <URL>": ${JSON.stringify(first)}`))
        return
      }
      resolve({
        url: m[1]!,
        child,
        get stdout() {
          return stdout
        },
        get stderr() {
          return stderr
        },
        stop: () => {
          try {
            process.kill(-child.pid!, 'SIGTERM')
          } catch {
            // already gone
          }
          return exited
        },
      })
    })
    void exited.then((code) => {
      if (!done) {
        done = true
        reject(new Error(`altinn-systemuser-mock start exited with ${code}:\n${stdout}\n${stderr}`))
      }
    })
  })
}

/** The folders installed in a project's node_modules (scoped ones as `@scope/name`). */
export function installedPackages(dir: string): string[] {
  const root = join(dir, 'node_modules')
  const names: string[] = []
  for (const entry of readdirSync(root)) {
    if (entry.startsWith('.')) continue
    if (entry.startsWith('@')) for (const sub of readdirSync(join(root, entry))) names.push(`${entry}/${sub}`)
    else names.push(entry)
  }
  return names.sort()
}

/** Run a command in a consumer with `node` first on PATH. */
export async function runIn(node: NodeBinary, cwd: string, command: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run(command, args, { cwd, env: envFor(node), maxBuffer: 16 * 1024 * 1024 })
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string; code?: number | string }
    throw new Error(`${command} ${args.join(' ')} (Node ${node.version}) failed with exit code ${err.code}: ${err.message}\n${err.stdout ?? ''}\n${err.stderr ?? ''}`)
  }
}
