import { defineConfig } from 'vitest/config'

/** The packed-tarball suite (`npm run test:packages`): builds, installs into temp projects, runs on Node 20, 22 and 24. */
export default defineConfig({
  test: {
    include: ['test/packages/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
})
