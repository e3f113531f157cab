import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The packed-tarball suite has its own run (npm run test:packages); its consumer files are not tests of ours.
    exclude: ['test/packages/**', '**/node_modules/**'],
    environment: 'node',
    // Compiles, once per run, the checks that hold every answer of the integration tests to the mock's OpenAPI document.
    globalSetup: ['test/support/openapi-drift-setup.ts'],
    testTimeout: 20_000,
  },
})
