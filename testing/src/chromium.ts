// Chromium for end-to-end tests, driven by playwright-core (never a downloaded browser: the
// machines have no internet). Found at CHROMIUM_PATH or the usual Debian/Ubuntu paths.
// Without one: under CI=true the test fails (CI installs it); elsewhere it is skipped with a
// message saying how to install it.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { REPO_ROOT } from './server-process.ts';

const CANDIDATES = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/snap/bin/chromium',
];

export const chromiumPath: string | undefined = CANDIDATES.find((p): p is string => !!p && existsSync(p));

export const INSTALL_HINT =
  'Browser tests need Chromium: `sudo apt-get install -y chromium` (Debian/Ubuntu), or set CHROMIUM_PATH to a Chrome/Chromium binary.';

/** For `describe.skipIf(!browserAvailable)`: false only off CI with no Chromium found. */
export const browserAvailable: boolean = !!chromiumPath || process.env.CI === 'true';
if (!browserAvailable) console.warn(`Skipping browser tests. ${INSTALL_HINT}`);

export interface LaunchedBrowser {
  browser: Browser;
  close: () => Promise<void>;
}

/** `extraArgs`: more Chromium flags (the map benchmark adds --js-flags=--expose-gc). */
export async function launchBrowser(extraArgs: string[] = []): Promise<LaunchedBrowser> {
  if (!chromiumPath) throw new Error(`No Chromium found. ${INSTALL_HINT}`);
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ], // playwright gives each launch a fresh temporary profile itself
  });
  return {
    browser,
    close: () => browser.close(),
  };
}

export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'tests/artifacts/screenshots');

/** Saves a full-page screenshot as a test artifact: tests/artifacts/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Signs in through the real sign-in form. */
export async function signInAs(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/signin`);
  await page.getByLabel(/邮箱|Email/).fill(email);
  await page.getByLabel(/密码|Password/).fill(password);
  await page.getByRole('button', { name: /^(登录|Sign in)$/ }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/signin'));
}
