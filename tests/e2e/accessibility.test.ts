// Accessibility as a test (issue 12 §6): axe-core in Chromium on the sign-in, map and station
// pages, in Chinese and in English, must find 0 critical and 0 serious violations. The helper
// (tests/helpers/axe.ts) lists each violation's rule and elements when it fails.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable, signInAs } from '@recycle/testing';
import { expectNoSeriousA11yViolations } from '../helpers/axe.ts';
import { useE2E } from '../helpers/e2e.ts';

const LANGS = [['zh', 'zh-CN'], ['en', 'en-GB']] as const;

describe.skipIf(!browserAvailable)('accessibility (axe-core) of the map, station and sign-in pages', () => {
  const e2e = useE2E({ stations: 40 });

  async function open(locale: string, as?: [string, string]): Promise<Page> {
    const context = await e2e.browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    if (as) await signInAs(page, e2e.server.url, as[0], as[1]);
    return page;
  }

  it.each(LANGS)('sign-in (%s)', async (_lang, locale) => {
    const page = await open(locale);
    await page.goto(`${e2e.server.url}/signin`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await expectNoSeriousA11yViolations(page, `sign-in (${locale})`);
    await page.context().close();
  });

  it.each(LANGS)('map with a city and the station drawer open (%s)', async (_lang, locale) => {
    const page = await open(locale, ['admin@demo.recycle.cn', 'demo-admin']);
    await page.goto(`${e2e.server.url}/map?city=SH`);
    await expect.poll(() => page.getByTestId('map-summary').getAttribute('data-stations').then(Number), { timeout: 30_000 }).toBeGreaterThan(0);
    await expectNoSeriousA11yViolations(page, `map (${locale})`);
    await page.goto(`${e2e.server.url}/map?city=SH&station=SH-00001`);
    await page.locator('[data-testid="station-drawer"][data-status]').waitFor({ timeout: 30_000 });
    await expectNoSeriousA11yViolations(page, `map drawer (${locale})`);
    await page.context().close();
  });

  it.each(LANGS)('station counter, standard and senior mode (%s)', async (_lang, locale) => {
    const page = await open(locale, ['staff.sh00001@demo.recycle.cn', 'demo-staff']);
    await page.waitForURL(/\/station/);
    await page.locator('button.log').first().waitFor({ timeout: 30_000 });
    await expectNoSeriousA11yViolations(page, `station (${locale})`);
    await page.getByRole('button', { name: /长辈模式|Senior mode/ }).click();
    await expectNoSeriousA11yViolations(page, `station senior (${locale})`);
    await page.context().close();
  });
});
