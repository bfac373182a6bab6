import { register } from 'tsx/esm/api';
import { defineConfig } from 'vitest/config';

// Kysely's FileMigrationProvider loads db/migrations/*.ts with Node's native import(), which bypasses
// Vite's transform, and Node 20 cannot load .ts by itself. tsx's ESM loader fills the gap: registered
// here for the main process (globalSetup) and passed to every test worker through execArgv.
register();

export default defineConfig({
  resolve: {
    // Under Vitest graphql 16 was otherwise loaded twice (ESM and CJS builds): see STACK.md.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/helpers/global-setup.ts'],
    testTimeout: 120_000,
    // A browser test's beforeAll seeds a 10,000-station server: ~30 s here, minutes on a loaded shared machine.
    hookTimeout: 600_000,
    // Each test file opens an embedded PostgreSQL (~730 MB RSS): at most two files at a time.
    pool: 'forks',
    maxWorkers: 2,
    execArgv: ['--import', 'tsx/esm'],
    // Default console output, plus a JSON report that .ci/run reads for the totals.
    reporters: ['default', ['json', { outputFile: 'tests/artifacts/vitest.json' }]],
  },
});
