/**
 * Child processes of the benchmark: the mock as `npm start` runs it, the bare `node:http` ceiling, and the
 * in-process measurements. Each runs in its own process so the load generator (this process) and the server
 * never share a core or a heap.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { createInterface } from 'node:readline'

/** The project root (the benchmark spawns its children from there, as `npm start` would). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** A server running in a child process. */
export interface ChildServer {
  /** Its origin, e.g. `http://127.0.0.1:40123`. */
  url: string
  /** Milliseconds from spawn to its first line on stdout. */
  listeningAfterMs: number
  child: ChildProcess
  stop(): Promise<void>
}

/**
 * Spawn a server that prints `... listening on <url>` as its first matching line, and wait for that line.
 *
 * @example
 * ```ts
 * const mock = await startChildServer(['--import', 'tsx', 'mock-server/cli.ts', 'start'], { PORT: '0' })
 * await fetch(`${mock.url}/healthz`)
 * await mock.stop()
 * ```
 */
export async function startChildServer(args: string[], env: Record<string, string> = {}): Promise<ChildServer> {
  const started = performance.now()
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-4000)))
  const lines = createInterface({ input: child.stdout! })
  const url = await new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      const m = /listening on (http:\/\/\S+)/i.exec(line)
      if (m) resolve(m[1]!)
    })
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code} before listening:\n${stderr}`)))
  })
  const listeningAfterMs = performance.now() - started
  return {
    url,
    listeningAfterMs,
    child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = once(child, 'exit')
      child.kill('SIGTERM')
      await exited
    },
  }
}

/** The node arguments of `npm start`, read from package.json so the bench always measures what users run. */
function npmStartArgs(): string[] {
  const pkg = JSON.parse(readFileSync(new URL('package.json', `file://${ROOT}`), 'utf8')) as { scripts: { start: string } }
  const [command, ...args] = pkg.scripts.start.trim().split(/\s+/)
  if (command !== 'node') throw new Error(`npm start is expected to run node, not "${command}"`)
  return args
}

/**
 * Start the mock exactly as `npm start` does (its node arguments, PORT=0).
 *
 * @example
 * ```ts
 * const mock = await startMockProcess()
 * ```
 */
export function startMockProcess(): Promise<ChildServer> {
  return startChildServer(npmStartArgs(), { PORT: '0', HOST: '127.0.0.1' })
}

/**
 * Start the bare `node:http` ceiling with the JSON bodies it answers.
 *
 * @example
 * ```ts
 * const ceiling = await startCeilingProcess({ poll: sampleRequest, create: sampleRequest })
 * ```
 */
export function startCeilingProcess(bodies: { poll: unknown; create: unknown }): Promise<ChildServer> {
  return startChildServer(['--import', 'tsx', 'bench/ceiling-server.ts'], { BENCH_CEILING_BODIES: JSON.stringify(bodies) })
}

/**
 * Run a benchmark script in its own Node process and read the JSON it prints on its last line.
 *
 * @example
 * ```ts
 * const store = await runJsonChild<StoreFigures>('bench/in-process.ts', ['store'], ['--expose-gc'])
 * ```
 */
export async function runJsonChild<T>(script: string, args: string[] = [], nodeArgs: string[] = []): Promise<T> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-4000)))
  const [code] = (await once(child, 'exit')) as [number | null]
  const last = stdout.trim().split('\n').pop() ?? ''
  if (code !== 0) throw new Error(`${script} ${args.join(' ')} exited with ${code}:\n${stderr || stdout}`)
  return JSON.parse(last) as T
}
