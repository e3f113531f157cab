/**
 * knip: files, exports and dependencies nothing uses. Entries are what runs or is offered to others: each package's
 * `exports` and `bin` (knip reads them from the workspaces' package.json), the tests and their configurations, the
 * benchmark and its child processes, the scripts and the example. Run with `npm run knip`; `npm test` runs it after
 * the type check.
 */
import type { KnipConfig } from 'knip'

const config: KnipConfig = {
  // An exported type that its own module uses (an options or result type of an exported function) documents that
  // function's signature for its callers: it stays exported even when no other module names it.
  ignoreExportsUsedInFile: { interface: true, type: true },
  // Unused exports known and left for the next change of these modules, named here so that nothing else hides behind
  // the entries: parseStartCommand (mock-server/command.ts); tokenEndpointOf, replayIdOf (core/maskinporten.ts);
  // REPLAY_STORE_LIMIT (core/runtime.ts); mergeSeed (core/store.ts); personIdentifiersOf (core/tokens.ts);
  // PollDefaults (sdk/polling.ts); REDACTED (sdk/redaction.ts); AgentRequests (sdk/resources/agent-requests.ts);
  // ChangeRequests (sdk/resources/change-requests.ts); isDecided, StandardRequests
  // (sdk/resources/system-user-requests.ts); RETRYABLE_STATUSES, retryDelayMs (sdk/retry.ts).
  ignoreIssues: {
    'mock-server/command.ts': ['exports'],
    'mock-server/core/maskinporten.ts': ['exports'],
    'mock-server/core/runtime.ts': ['exports'],
    'mock-server/core/store.ts': ['exports'],
    'mock-server/core/tokens.ts': ['exports'],
    'sdk/polling.ts': ['exports'],
    'sdk/redaction.ts': ['exports'],
    'sdk/resources/agent-requests.ts': ['exports'],
    'sdk/resources/change-requests.ts': ['exports'],
    'sdk/resources/system-user-requests.ts': ['exports'],
    'sdk/retry.ts': ['exports'],
  },
  workspaces: {
    '.': {
      entry: [
        'test/**/*.test.ts',
        'test/e2e/*.spec.ts',
        // The packed-tarball suite's consumer projects, run inside temporary projects against the tarballs.
        'test/packages/consumer/**/*.{ts,mts,cts,js,mjs,cjs}',
        // The benchmark and the child processes it starts by path.
        'bench/*.ts',
        'scripts/*.ts',
        'examples/*.ts',
      ],
      project: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', 'examples/**/*.ts', 'scenarios/**/*.ts', '*.ts'],
      ignoreDependencies: [
        // Run by path from the packed-tarball suite (node_modules/@arethetypeswrong/cli/dist/index.js).
        '@arethetypeswrong/cli',
        // The workspaces' own packages and their dependencies, which the tests, the scenarios and the benchmark
        // import through the workspace; the scenarios ship inside the mock's package, which lists them.
        'altinn-systemuser-sdk',
        'altinn-systemuser-mock',
        'jose',
        'openid-client',
        'zod',
      ],
    },
    sdk: {
      project: ['**/*.ts'],
    },
    'mock-server': {
      project: ['**/*.ts'],
      ignoreDependencies: [
        // Read from node_modules by path at run time (the portal's style sheets and font files, portal/assets.ts).
        '@digdir/designsystemet-css',
        '@fontsource/inter',
        // Optional peers on purpose: only the `./msw` and `./express` entries need them, and only their users install them.
        'msw',
        'express',
      ],
    },
  },
}

export default config
