import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The packed-tarball suite has its own run (npm run test:packages); its consumer files are not tests of ours.
    exclude: ['test/packages/**', '**/node_modules/**'],
    environment: 'node',
    testTimeout: 20_000,
  },
})
