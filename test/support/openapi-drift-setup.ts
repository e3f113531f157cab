/**
 * Global setup of the vitest run: makes the drift guard's checks once (see openapi-drift-checks.ts) and hands them
 * to every test file, which then only loads the compiled validators.
 *
 * @example
 * ```ts
 * // vitest.config.ts
 * test: { globalSetup: ['test/support/openapi-drift-setup.ts'] }
 * ```
 */
import type { TestProject } from 'vitest/node'
import { compileDriftChecks, type DriftChecks } from './openapi-drift-checks.ts'

declare module 'vitest' {
  interface ProvidedContext {
    openapiDrift: DriftChecks
  }
}

export function setup(project: TestProject): void {
  project.provide('openapiDrift', compileDriftChecks())
}
