// Accessibility as a test (issue 12 §6): axe-core in Chromium on every page of web/src/routes.ts,
// in Chinese and in English, in a loaded state (data shown, no spinner), must find 0 critical and
// 0 serious violations. The helper (tests/helpers/axe.ts) lists each violation's rule and elements
// when it fails. Also here: accessible names carry the counts shown on screen, and focus goes back
// to what opened the station drawer when it closes.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable, signInAs } from '@recycle/testing';
import { expectNoSeriousA11yViolations, namesMissingVisibleCounts } from '../helpers/axe.ts';
import { useE2E } from '../helpers/e2e.ts';

const LANGS = [
  ['zh', 'zh-CN'],
  ['en', 'en-GB'],
] as const;
type Account = readonly [email: string, password: string];
const ADMIN: Account = ['admin@demo.recycle.cn', 'demo-admin'];
const MANAGER: Account = ['manager.sh@demo.recycle.cn', 'demo-manager'];
const ANALYST: Account = ['analyst@demo.recycle.cn', 'demo-analyst'];
const STAFF: Account = ['staff.sh00001@demo.recycle.cn', 'demo-staff'];
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** axe's experimental rules this project holds too: a bold <p> that reads as a heading; a name that leaves out the visible label. */
const EXTRA_RULES = ['p-as-heading', 'label-content-name-mismatch'];

/** axe (0 critical, 0 serious) with the extra rules, and no control whose name leaves out a count it shows. */
async function check(page: Page, label: string): Promise<void> {
  await expectNoSeriousA11yViolations(page, label, { rules: EXTRA_RULES });
  expect(await namesMissingVisibleCounts(page), `${label}: names without the counts shown`).toEqual([]);
}

/** No "Loading…" left in a live region (the admin lists, the report). */
const settled = (page: Page) =>
  page.waitForFunction(
    () => ![...document.querySelectorAll('[aria-live]')].some((el) => /Loading…|加载中…/.test(el.textContent ?? '')),
    null,
    { timeout: 30_000 },
  );

describe.skipIf(!browserAvailable)('accessibility (axe-core) of every page, in Chinese and English', () => {
  const e2e = useE2E({ stations: 400 }); // enough for a city with stations in the needs-action queue;

  async function open(locale: string, as?: Account, phone = false): Promise<Page> {
    const size = phone ? PHONE : { viewport: { width: 1280, height: 900 } };
    const context = await e2e.browser.newContext({ locale, serviceWorkers: 'block', ...size });
    const page = await context.newPage();
    if (as) await signInAs(page, e2e.server.url, as[0], as[1]);
    return page;
  }

  it.each(LANGS)(
    'sign-in, activation (empty and refused) and device pairing, signed out (%s)',
    async (_lang, locale) => {
      const page = await open(locale);
      try {
        await page.goto(`${e2e.server.url}/signin`);
        await page.getByRole('heading', { level: 1 }).waitFor();
        await check(page, `sign-in (${locale})`);

        await page.goto(`${e2e.server.url}/activate`);
        await page.locator('#act-code').waitFor();
        await check(page, `activate (${locale})`);
        // Submitted empty: the field errors are shown and tied to their inputs.
        await page.locator('.activate form button[type="submit"]').click();
        await page.getByRole('alert').first().waitFor();
        await check(page, `activate with errors (${locale})`);

        await page.goto(`${e2e.server.url}/station/pair`);
        await page.locator('#pair-code').waitFor();
        await check(page, `pair (${locale})`);
      } finally {
        await page.context().close();
      }
    },
  );

  it.each(LANGS)('map with a city and the station drawer open (%s)', async (_lang, locale) => {
    const page = await open(locale, ADMIN);
    try {
      await page.goto(`${e2e.server.url}/map?city=SH`);
      await expect
        .poll(() => page.getByTestId('map-summary').getAttribute('data-stations').then(Number), { timeout: 30_000 })
        .toBeGreaterThan(0);
      await page.locator('[data-testid="needs-action"][data-total]').first().waitFor({ timeout: 30_000 });
      await check(page, `map (${locale})`);
      await page.goto(`${e2e.server.url}/map?city=SH&station=SH-00001`);
      await page.locator('[data-testid="station-drawer"][data-status]').waitFor({ timeout: 30_000 });
      await check(page, `map drawer (${locale})`);
    } finally {
      await page.context().close();
    }
  });

  it.each(LANGS)(
    'map on a phone: the needs-action tab with its count, and a queued station in the full-height sheet (%s)',
    async (_lang, locale) => {
      const page = await open(locale, MANAGER, true);
      try {
        await page.waitForURL(/\/map\?city=SH/);
        await page.locator('[data-testid="needs-action"][data-total]').waitFor({ state: 'attached', timeout: 30_000 });
        await page.locator('#tab-queue').click();
        const row = page.getByTestId('needs-action').locator('ol button[data-code]').first();
        await row.waitFor({ timeout: 30_000 });
        await check(page, `map phone queue (${locale})`);
        await row.click();
        await page.locator('[data-testid="station-drawer"][data-status]').waitFor({ timeout: 30_000 });
        await check(page, `map phone drawer (${locale})`);
      } finally {
        await page.context().close();
      }
    },
  );

  it.each(LANGS)(
    'closing the drawer (button or Escape) puts focus back on the search result that opened it (%s)',
    async (_lang, locale) => {
      const page = await open(locale, MANAGER);
      try {
        await page.waitForURL(/\/map\?city=SH/);
        await page.locator('form.filters input[type="search"]').fill('SH-000');
        await page.locator('form.filters input[type="search"]').press('Enter');
        const row = page.locator('.results button[data-code]').first();
        await row.waitFor({ timeout: 30_000 });
        const code = await row.getAttribute('data-code');
        const drawer = page.getByTestId('station-drawer');
        const focusedCode = () =>
          page.evaluate(
            () => (document.activeElement as HTMLElement | null)?.dataset.code ?? document.activeElement?.tagName,
          );
        for (const close of ['button', 'Escape'] as const) {
          await row.focus();
          await page.keyboard.press('Enter');
          await page.locator('[data-testid="station-drawer"][data-status]').waitFor({ timeout: 30_000 });
          if (close === 'button')
            await drawer
              .getByRole('button', { name: /关闭|Close/ })
              .first()
              .click();
          else await page.keyboard.press('Escape');
          await expect.poll(() => drawer.count()).toBe(0);
          await expect.poll(focusedCode, { message: `focus after closing by ${close}` }).toBe(code);
        }
      } finally {
        await page.context().close();
      }
    },
  );

  it.each(LANGS)('station counter, standard and senior mode, on a phone (%s)', async (_lang, locale) => {
    const page = await open(locale, STAFF, true);
    try {
      await page.waitForURL(/\/station/);
      await page.locator('button.log').first().waitFor({ timeout: 30_000 });
      await check(page, `station (${locale})`);
      // After a tap: the confirmation near the thumb is a status line, not a heading.
      await page.locator('button.log').first().click();
      await expect.poll(() => page.getByTestId('feedback').textContent()).not.toBe('');
      await check(page, `station after a log (${locale})`);
      await page.getByRole('button', { name: /长辈模式|Senior mode/ }).click();
      await check(page, `station senior (${locale})`);
    } finally {
      await page.context().close();
    }
  });

  it.each(LANGS)('report and method pages (%s)', async (_lang, locale) => {
    const page = await open(locale, ANALYST);
    try {
      await page.goto(`${e2e.server.url}/reports?period=campaign`);
      await page.getByTestId('total-central').waitFor({ timeout: 30_000 });
      await settled(page);
      await check(page, `reports (${locale})`);
      await page.goto(`${e2e.server.url}/reports/method`);
      await page.getByTestId('sensitivity').locator('tbody tr').first().waitFor({ timeout: 30_000 });
      await check(page, `method (${locale})`);
    } finally {
      await page.context().close();
    }
  });

  it.each(LANGS)('admin console, every tab with its list loaded (%s)', async (_lang, locale) => {
    const page = await open(locale, ADMIN);
    try {
      for (const tab of ['users', 'devices', 'imports', 'stations']) {
        await page.goto(`${e2e.server.url}/admin${tab === 'users' ? '' : `?tab=${tab}`}`);
        await expect.poll(() => page.locator(`#tab-${tab}`).getAttribute('aria-selected')).toBe('true');
        await page.getByRole('tabpanel').locator('table').first().waitFor({ timeout: 30_000 });
        await settled(page);
        await check(page, `admin ${tab} (${locale})`);
      }
    } finally {
      await page.context().close();
    }
  });

  it.each(LANGS)(
    'consumer pages on a phone: find with results, member before and after joining (%s)',
    async (_lang, locale) => {
      const page = await open(locale, undefined, true);
      try {
        await page.goto(`${e2e.server.url}/find`);
        await page.locator('#find-city option[value="SH"]').waitFor({ state: 'attached' });
        await check(page, `find (${locale})`);
        await page.locator('#find-city').selectOption('SH');
        await page.locator('form.place button[type="submit"]').click();
        await page.getByTestId('find-results').locator('li').first().waitFor({ timeout: 30_000 });
        await check(page, `find results (${locale})`);

        await page.goto(`${e2e.server.url}/member`);
        const join = page.getByRole('button', { name: /^(获取会员码|Get a member code)$/ });
        await join.waitFor();
        await check(page, `member signed out (${locale})`);
        await join.click();
        await expect.poll(() => page.getByTestId('balance').getAttribute('data-points'), { timeout: 30_000 }).toBe('0');
        await check(page, `member signed in (${locale})`);
      } finally {
        await page.context().close();
      }
    },
  );
});
