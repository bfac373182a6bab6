// The counter on a phone (issue 12 §4), in Chromium at 390x844: the scan field and the first log
// buttons are on the first screen in standard and senior mode, nothing scrolls sideways, today's
// totals stay in view (sticky) and each tap's confirmation shows near the bottom (the thumb).
// And a lapsed sign-in never stops logging: entries stay on the device, nothing is rejected, and
// they reach the server once the same person signs in again from the banner.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable, screenshot, signInAs } from '@recycle/testing';
import { useE2E } from '../helpers/e2e.ts';

const PHONE = { width: 390, height: 844 };

describe.skipIf(!browserAvailable)('station counter on a phone (390x844)', () => {
  const e2e = useE2E({ stations: 40 });

  async function phone(locale = 'en-GB'): Promise<Page> {
    const context = await e2e.browser.newContext({
      locale,
      viewport: PHONE,
      isMobile: true,
      hasTouch: true,
      serviceWorkers: 'block',
    });
    const page = await context.newPage();
    await signInAs(page, e2e.server.url, 'staff.sh00001@demo.recycle.cn', 'demo-staff');
    await page.locator('button.log').first().waitFor({ timeout: 30_000 });
    return page;
  }
  const box = async (page: Page, selector: string) => (await page.locator(selector).first().boundingBox())!;
  // Against the phone's width: a too-wide page is laid out at its full width (innerWidth grows).
  const sideways = async (page: Page) =>
    (await page.evaluate(() => document.documentElement.scrollWidth)) - PHONE.width;
  /** The elements reaching past the phone's right edge (the failure message names them). */
  const overflowing = (page: Page) =>
    page.evaluate(
      (w) =>
        [...document.querySelectorAll('body *')]
          .filter((el) => el.getBoundingClientRect().right > w + 1)
          .slice(0, 8)
          .map(
            (el) =>
              `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} right=${Math.round(el.getBoundingClientRect().right)}`,
          )
          .join(', '),
      PHONE.width,
    );

  it.each([
    ['standard', false],
    ['senior', true],
  ] as const)('%s mode: scan field and log buttons on the first screen, no sideways scroll', async (mode, senior) => {
    const page = await phone();
    if (senior) await page.getByRole('button', { name: 'Senior mode' }).click();
    const scan = await box(page, '#waybill');
    expect(scan.y + scan.height).toBeLessThanOrEqual(PHONE.height);
    const first = await box(page, 'button.log');
    expect(first.y + first.height, 'first log button bottom').toBeLessThanOrEqual(PHONE.height);
    expect(first.height).toBeGreaterThanOrEqual(senior ? 100 : 64);
    expect(await sideways(page), `sideways scroll: ${await overflowing(page)}`).toBe(0);
    await screenshot(page, `station-phone-${mode}`);
    await page.context().close();
  });

  it('totals stay in view while scrolling and the confirmation shows near the thumb', async () => {
    const page = await phone();
    // The strip shows 0 until today's totals arrive from the server: read it once they have.
    await page.waitForLoadState('networkidle');
    const items = Number(await page.getByTestId('totals-strip').locator('b').first().textContent());
    await page.locator('button.log').nth(2).scrollIntoViewIfNeeded();
    await page.mouse.wheel(0, 400);
    await page.locator('button.log').nth(2).click();
    // Measured once it says something: an empty status line stays in the flow (a busy machine can
    // take a moment between the tap and the confirmation).
    await page.locator('[data-testid="feedback"]:not(:empty)').waitFor();
    const feedback = await box(page, '[data-testid="feedback"]');
    expect(feedback.y).toBeGreaterThan(PHONE.height - 140); // pinned at the bottom of the screen
    expect(feedback.y + feedback.height).toBeLessThanOrEqual(PHONE.height);
    await expect
      .poll(() => page.getByTestId('totals-strip').locator('b').first().textContent())
      .toBe(String(items + 1));
    const strip = await box(page, '[data-testid="totals-strip"]');
    expect(strip.y).toBeGreaterThanOrEqual(0); // sticky: still on screen after scrolling
    expect(strip.y).toBeLessThan(PHONE.height);
    await screenshot(page, 'station-phone-after-tap');
    await page.context().close();
  });

  it('a lapsed sign-in keeps logging on the device and sends after signing in again from the banner', async () => {
    const page = await phone();
    // The token expires (or is revoked): the server answers UNAUTHENTICATED to the next request.
    await page.evaluate(() => {
      const s = JSON.parse(localStorage.getItem('recycle.session')!);
      s.expiresAt = new Date(Date.now() - 1000).toISOString();
      localStorage.setItem('recycle.session', JSON.stringify(s));
    });
    await page.reload();
    expect(new URL(page.url()).pathname).toBe('/station'); // not sent to a sign-in page
    await page.getByTestId('resign').waitFor();
    await expect.poll(() => page.getByTestId('sync-bar').getAttribute('data-net')).toBe('signed-out');
    for (let i = 0; i < 3; i++) await page.locator('button.log').first().click();
    await expect.poll(() => page.getByTestId('queue-count').getAttribute('data-pending').then(Number)).toBe(3);
    expect(await page.getByTestId('rejected-entry').count()).toBe(0);
    await page.getByTestId('resign').getByLabel('Password').fill('demo-staff');
    await page.getByRole('button', { name: 'Sign in again' }).click();
    await expect
      .poll(() => page.getByTestId('queue-count').getAttribute('data-pending').then(Number), { timeout: 30_000 })
      .toBe(0);
    expect(await page.getByTestId('resign').count()).toBe(0);
    expect(await page.getByTestId('rejected-entry').count()).toBe(0);
    await page.context().close();
  });
});
