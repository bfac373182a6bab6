import { register } from 'tsx/esm/api';
import { defineConfig } from 'vitest/config';

// Kysely's FileMigrationProvider loads db/migrations/*.ts with Node's native import(), which bypasses
// Vite's transform, and Node 20 cannot load .ts by itself. tsx's ESM loader fills the gap: registered
// here for the main process (globalSetup) and passed to every test worker through execArgv.
register();

// Three layers, run together by `pnpm test` or alone by `pnpm test:unit|test:api|test:e2e`:
//   unit  pure functions, no database (no template to wait for)
//   api   database and API tests: each file gets a copy of one migrated template database
//   e2e   the server as a child process and Chromium (each file starts its own server)
export default defineConfig({
  resolve: {
    // Under Vitest graphql 16 was otherwise loaded twice (its ESM and CJS builds), and yoga then
    // masked every error as "Unexpected error." (two GraphQLError classes): load one build only.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    // Timeouts are there to end a hung test, not to check speed: generous for a loaded shared machine.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // expect.poll waits for a page or another process to catch up: 1 s (the default) is too short
    // on a loaded machine; a poll that succeeds returns as soon as it does.
    expect: { poll: { timeout: 30_000 } },
    // An embedded PostgreSQL per test file is ~730 MB RSS: at most two files at a time.
    pool: 'forks',
    maxWorkers: 2,
    execArgv: ['--import', 'tsx/esm'],
    // Default console output, plus a JSON report that .ci/run reads for the totals (all projects).
    reporters: ['default', ['json', { outputFile: 'tests/artifacts/vitest.json' }]],
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'api',
          include: ['tests/db/**/*.test.ts', 'tests/api/**/*.test.ts'],
          globalSetup: ['tests/helpers/global-setup.ts'],
          hookTimeout: 600_000,
        },
      },
      {
        extends: true,
        // A browser test's beforeAll seeds a 10,000-station server: ~30 s here, minutes under load.
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/helpers/web-setup.ts'],
          testTimeout: 300_000,
          hookTimeout: 600_000,
          // In CI a browser or process test that fails is run once more (Playwright's own CI default
          // is two): a shared machine under load sometimes starves a page past a wait. It is not
          // silent: .ci/run lists every test that passed only on its retry, with the first failure,
          // and a test that fails twice fails the run. Locally a failure fails at once.
          retry: process.env.CI ? 1 : 0,
        },
      },
    ],
  },
});
