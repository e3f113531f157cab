/**
 * `npm start` as a child process, the way a user runs it: `node --import tsx mock-server/cli.ts start` with
 * PORT=0, its URL read from the first line it prints; and a port nothing listens on.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer, type AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

export interface MockProcess {
  child: ChildProcess
  /** The origin, from `Mock Altinn listening on http://...`. */
  url: string
  /** Everything printed so far. */
  readonly stdout: string
  readonly stderr: string
  /** Resolves with the exit code (or the signal) once the process is gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

export interface StartOutcome {
  /** Set when the mock is listening. */
  running?: MockProcess
  /** Set when the process ended without listening. */
  failed?: { code: number | null; stdout: string; stderr: string }
}

/**
 * Start the mock with these arguments and environment; resolves once it listens or has exited.
 *
 * @example
 * ```ts
 * const { running } = await startMockProcess(['--state-file', path])
 * ```
 */
export function startMockProcess(args: string[], env: Record<string, string> = {}): Promise<StartOutcome> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'mock-server/cli.ts', 'start', ...args], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
  return new Promise((resolve) => {
    let done = false
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString()
      const m = /^Mock Altinn listening on (http:\/\/\S+)$/m.exec(stdout)
      if (m && !done) {
        done = true
        resolve({
          running: {
            child,
            url: m[1]!,
            get stdout() {
              return stdout
            },
            get stderr() {
              return stderr
            },
            exited,
          },
        })
      }
    })
    void exited.then(({ code }) => {
      if (!done) {
        done = true
        resolve({ failed: { code, stdout, stderr } })
      }
    })
  })
}

/** A TCP port on 127.0.0.1 that nothing listens on right now: taken from the system, then let go. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo
      probe.close(() => resolve(port))
    })
  })
}
