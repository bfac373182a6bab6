// One setup for the browser tests: the real server and Chromium around a describe block.
import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, startDemoServer, type DemoServer, type LaunchedBrowser } from '@recycle/testing';

export interface E2E {
  readonly server: DemoServer;
  readonly browser: Browser;
}

/**
 * For a describe block: starts the real server (`pnpm start`'s path, seeded with `stations`) and
 * Chromium before its tests, in parallel, and stops both after them. Read `e2e.server` /
 * `e2e.browser` inside tests.
 */
export function useE2E(options: { stations: number }): E2E {
  let server: DemoServer | undefined;
  let launched: LaunchedBrowser | undefined;
  beforeAll(async () => {
    [server, launched] = await Promise.all([startDemoServer({ stations: options.stations }), launchBrowser()]);
  });
  afterAll(async () => {
    await launched?.close();
    await server?.stop();
  });
  return {
    get server() {
      if (!server) throw new Error('the e2e server is not started (use e2e.server inside tests or hooks)');
      return server;
    },
    get browser() {
      if (!launched) throw new Error('Chromium is not launched (use e2e.browser inside tests or hooks)');
      return launched.browser;
    },
  };
}
