// @recycle/testing: what the tests and the benchmarks share. Vitest-free (benchmarks import it).
export {
  createPgDatabase,
  databaseName,
  openThrowawayDb,
  withAdmin,
  withDatabase,
  type PgDatabase,
  type ThrowawayDb,
  type ThrowawayDbOptions,
} from './databases.ts';
export {
  freePort,
  launchServer,
  spawnServer,
  REPO_ROOT,
  type ServerProcess,
  type SpawnOptions,
} from './server-process.ts';
export { buildWeb, startDemoServer, type DemoServer } from './demo-server.ts';
export {
  browserAvailable,
  chromiumPath,
  INSTALL_HINT,
  launchBrowser,
  screenshot,
  SCREENSHOT_DIR,
  signInAs,
  type LaunchedBrowser,
} from './chromium.ts';
