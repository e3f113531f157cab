/**
 * A mock with its harness, driven through the router exactly as both adapters drive it, on a clock that stands
 * still (the core's {@link aMock}): for unit tests of faults, the journal, the inspector and the state file; and such
 * mocks kept in state files of a temporary folder, as `--state-file` keeps them.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach } from 'vitest'
import type { ControllableClock } from '../../mock-server/core/clock.ts'
import type { MockAltinn } from '../../mock-server/core/mock-altinn.ts'
import { mintMaskinportenToken } from '../../mock-server/core/tokens.ts'
import { getHarness, withHarness, type Harness } from '../../mock-server/harness/harness.ts'
import { openStateFile, type StateFile } from '../../mock-server/harness/persistence.ts'
import { createMockRouter } from '../../mock-server/table.ts'
import type { RouteResponse } from '../../mock-server/kit/types.ts'
import { SMARTCLOUD } from '../../mock-server/seed/personas.ts'
import { ALL_VENDOR_SCOPES } from './api.ts'
import { aMock, ORIGIN } from './core.ts'

export interface SendOptions {
  token?: string
  json?: unknown
  form?: Record<string, string>
  headers?: Record<string, string>
}

export interface HarnessedMock {
  mock: MockAltinn
  harness: Harness
  /** One call through the router (with the harness hooks), as an adapter makes it. */
  send(method: string, path: string, options?: SendOptions): Promise<RouteResponse & { json: any }>
  /** A vendor token of the mock's Maskinporten. */
  tokenFor(orgNo?: string, scope?: string): Promise<string>
}

/** A fresh mock on the default seed with its own harness; `random` decides probabilistic faults. */
export function aHarnessedMock(options: { journalCapacity?: number; random?: () => number; mock?: MockAltinn } = {}): HarnessedMock {
  const mock = options.mock ?? aMock()
  const harness = getHarness(mock, {
    ...(options.journalCapacity ? { journalCapacity: options.journalCapacity } : {}),
    ...(options.random ? { random: options.random } : {}),
  })
  const router = createMockRouter(withHarness())
  return {
    mock,
    harness,
    async send(method, path, o = {}) {
      const headers: Record<string, string | undefined> = { ...(o.headers ?? {}) }
      if (o.token) headers.authorization = `Bearer ${o.token}`
      let body: string | undefined
      if (o.json !== undefined) {
        body = JSON.stringify(o.json)
        headers['content-type'] ??= 'application/json'
      } else if (o.form) {
        body = new URLSearchParams(o.form).toString()
        headers['content-type'] ??= 'application/x-www-form-urlencoded'
      }
      const res = await router.dispatch(mock, { method, url: new URL(path, ORIGIN), headers, ...(body !== undefined ? { body } : {}) })
      let json: unknown
      try {
        json = res.body ? JSON.parse(res.body) : undefined
      } catch {
        json = undefined
      }
      return { ...res, json }
    },
    async tokenFor(orgNo = SMARTCLOUD, scope = ALL_VENDOR_SCOPES) {
      return (await mintMaskinportenToken(mock, { orgNo, scope })).accessToken
    },
  }
}

/** Harnessed mocks on state files in a folder of their own. */
export interface StateFiles {
  /** This test's temporary folder. */
  readonly dir: string
  /** A fresh harnessed mock whose state is kept in the file at `path` (read from it first, when it exists). */
  open(path: string, options?: { clock?: ControllableClock; compactAfterBytes?: number }): HarnessedMock & { file: StateFile }
  /** Close a mock's file, as a mock that stops does. */
  close(h: { file: StateFile }): void
}

/**
 * A temporary folder for state files, made before each test, and the harnessed mocks opened on files in it; after
 * each test their files are closed and the folder removed.
 *
 * @example
 * ```ts
 * const files = useStateFiles()
 * it('keeps a request', async () => { const h = files.open(join(files.dir, 'state')) })
 * ```
 */
export function useStateFiles(): StateFiles {
  let dir: string | undefined
  const opened: StateFile[] = []
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mock-altinn-state-'))
  })
  afterEach(() => {
    for (const file of opened.splice(0)) file.close()
    rmSync(dir!, { recursive: true, force: true })
  })
  return {
    get dir() {
      return dir!
    },
    open(path, options = {}) {
      const mock = aMock(options.clock ? { clock: options.clock } : {})
      const file = openStateFile(mock, path, options.compactAfterBytes ? { compactAfterBytes: options.compactAfterBytes } : {})
      getHarness(mock).stateFile = file
      opened.push(file)
      return { ...aHarnessedMock({ mock }), file }
    },
    close(h) {
      h.file.close()
      opened.splice(opened.indexOf(h.file), 1)
    },
  }
}
