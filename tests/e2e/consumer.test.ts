// The consumer face in a real Chromium against the real server: a phone finds an open station
// near it (geolocation) and by city + district; a member's points appear after staff log a
// drop-off with the member code and go away when it is voided; a voucher is issued and redeemed
// once. Accessibility: axe-core finds no critical or serious violation on /find and /member.
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { expectNoSeriousA11yViolations } from '../helpers/axe.ts';
import { browserAvailable, screenshot, signInAs } from '@recycle/testing';
import { useE2E } from '../helpers/e2e.ts';

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

describe.skipIf(!browserAvailable)('consumer pages in Chromium', () => {
  const e2e = useE2E({ stations: 40 });

  async function phone(
    locale = 'en-GB',
    extra: Parameters<import('playwright-core').Browser['newContext']>[0] = {},
  ): Promise<{ context: BrowserContext; page: Page }> {
    const context = await e2e.browser.newContext({ ...PHONE, locale, serviceWorkers: 'block', ...extra });
    return { context, page: await context.newPage() };
  }

  /** The member page's balance after a reload (the counter syncs in the background). */
  async function balance(page: Page): Promise<string | null> {
    await page.reload();
    const b = page.getByTestId('balance');
    await b.waitFor();
    return b.getAttribute('data-points');
  }

  it('a phone finds the nearest open stations from its position, with distance, status in words and last report', async () => {
    // The demo station SH-00001's position, from the public feed.
    const info = await (await fetch(`${e2e.server.url}/feed/SH/station_information.json`)).json();
    const first = info.data.stations[0];
    const { context, page } = await phone('en-GB', {
      geolocation: { latitude: first.lat, longitude: first.lon },
      permissions: ['geolocation'],
    });
    try {
      await page.goto(`${e2e.server.url}/find`);
      await page.getByRole('heading', { name: 'Recycling points near you' }).waitFor();
      await page.getByRole('button', { name: /Use my location/ }).click();
      const items = page.getByTestId('find-results').locator('li');
      await items.first().waitFor();
      const n = await items.count();
      expect(n).toBeGreaterThan(0);
      expect(n).toBeLessThanOrEqual(10);
      const text = await items.first().textContent();
      expect(text).toMatch(/Taking drop-offs/);
      expect(text).toMatch(/\d+ (m|km)/);
      expect(text).toMatch(/Last report: /);
      expect(await page.getByRole('img', { name: /Where the recycling points are/ }).count()).toBe(1);
      // every listed station takes drop-offs now, nearest first
      const distances = await items.evaluateAll((els) => els.map((el) => el.querySelector('.dist')!.textContent!));
      const km = distances.map((d) => (d.endsWith(' km') ? parseFloat(d) : parseFloat(d) / 1000));
      expect([...km].sort((a, b) => a - b)).toEqual(km);
      await expectNoSeriousA11yViolations(page);
      await screenshot(page, 'find-phone-en');
    } finally {
      await context.close();
    }
  });

  it('without location: city and district, in Chinese', async () => {
    const { context, page } = await phone('zh-CN');
    try {
      await page.goto(`${e2e.server.url}/find`);
      await page.getByRole('heading', { name: '附近的包装回收点' }).waitFor();
      await page.getByLabel('城市', { exact: true }).selectOption('SH');
      const district = page.getByLabel('区县', { exact: true });
      await expect.poll(() => district.locator('option').count()).toBeGreaterThan(1);
      const name = await district.locator('option').nth(1).getAttribute('value');
      await district.selectOption(name!);
      await page.getByRole('button', { name: '查找', exact: true }).click();
      await page.getByTestId('find-results').locator('li').first().waitFor();
      expect(await page.getByTestId('find-results').textContent()).toMatch(/可以投放/);
      expect(page.url()).toContain('city=SH');
      await expectNoSeriousA11yViolations(page);
      await screenshot(page, 'find-phone-zh');
    } finally {
      await context.close();
    }
  });

  it("a member's points appear after staff log with the member code; a void takes them away; a voucher is issued and redeemed once", async () => {
    const member = await phone();
    const staff = await e2e.browser.newContext({
      locale: 'en-GB',
      serviceWorkers: 'block',
      viewport: { width: 1280, height: 900 },
    });
    const counter = await staff.newPage();
    try {
      const m = member.page;
      await m.goto(`${e2e.server.url}/member`);
      await m.getByRole('button', { name: 'Get a member code' }).click();
      await m.getByText(/Write down or screenshot your recovery secret/).waitFor();
      const code = (await m.getByTestId('qr-text').first().textContent())!.trim();
      expect(code).toMatch(/^GM[0-9A-Z]{10}$/);
      await expect.poll(async () => m.getByTestId('balance').getAttribute('data-points')).toBe('0');
      await expectNoSeriousA11yViolations(m);

      // Staff: member code, then 10 reused boxes M = 100 points in the demo campaign.
      await signInAs(counter, e2e.server.url, 'staff.sh00001@demo.recycle.cn', 'demo-staff');
      await counter.getByRole('button', { name: /^Log 1 Corrugated box M: Reuse today \d+$/ }).waitFor();
      await counter.getByLabel('Member code (optional)').fill(code.toLowerCase());
      await counter.getByLabel('Member code (optional)').press('Enter');
      await counter.getByTestId('member-attached').waitFor();
      await counter.getByRole('spinbutton').fill('10');
      await counter.getByRole('button', { name: /^Log 10 Corrugated box M: Reuse today \d+$/ }).click();
      await expect.poll(() => counter.getByTestId('feedback').textContent()).toContain(`Logged for member ${code}`);
      await expect
        .poll(() => counter.getByTestId('queue-count').getAttribute('data-pending'), { timeout: 20_000 })
        .toBe('0');

      await expect.poll(() => balance(m), { timeout: 20_000 }).toBe('100');
      expect(await m.getByTestId('history').textContent()).toMatch(/Drop-off.*\+100/);

      // Staff void the entry: the points go.
      await counter.getByTestId('today-row').first().getByRole('button', { name: 'Void' }).click();
      await counter.getByRole('button', { name: 'Void entry' }).click();
      await expect.poll(() => counter.getByTestId('feedback').textContent()).toMatch(/^Voided: 10 × /);
      await expect.poll(() => balance(m), { timeout: 20_000 }).toBe('0');
      expect(await m.getByTestId('history').textContent()).toMatch(/Drop-off voided.*-100/);

      // Earn again (a scanned member QR this time: typed into the scan field like a USB scanner).
      await counter.getByRole('button', { name: /^Log 1 Corrugated box S: Reuse today \d+$/ }).focus();
      await counter.keyboard.type(code);
      await counter.keyboard.press('Enter');
      await counter.getByTestId('member-attached').waitFor();
      await counter.getByRole('spinbutton').fill('10');
      await counter.getByRole('button', { name: /^Log 10 Corrugated box M: Reuse today \d+$/ }).click();
      await expect.poll(() => counter.getByTestId('feedback').textContent()).toContain(`Logged for member ${code}`);
      await expect.poll(() => balance(m), { timeout: 20_000 }).toBe('100');

      // The member turns 100 points into a ¥5 voucher.
      await m.getByRole('button', { name: /Turn 100 points into a ¥5 voucher/ }).click();
      await expect.poll(() => m.getByRole('status').first().textContent()).toMatch(/voucher is ready/);
      await expect.poll(() => m.getByTestId('balance').getAttribute('data-points')).toBe('0');
      const voucherCode = (await m.getByTestId('vouchers').getByTestId('qr-text').textContent())!.trim();
      expect(voucherCode).toMatch(/^GV-/);
      await screenshot(m, 'member-phone-voucher');

      // Staff redeem it once; the second time says it was used.
      await counter.getByLabel('Voucher code').fill(voucherCode);
      await counter.getByRole('button', { name: 'Redeem', exact: true }).click();
      await expect.poll(() => counter.getByTestId('voucher-result').textContent()).toBe('Redeemed a ¥5 voucher');
      await counter.getByLabel('Voucher code').fill(voucherCode);
      await counter.getByRole('button', { name: 'Redeem', exact: true }).click();
      await expect
        .poll(() => counter.getByTestId('voucher-result').textContent())
        .toMatch(/already redeemed at SH-00001/);
      await m.reload();
      await expect.poll(() => m.getByTestId('vouchers').textContent()).toMatch(/Used on .* at SH-00001/);
    } finally {
      await member.context.close();
      await staff.close();
    }
  });

  it('a member who lost a phone signs out on every device from another one; the lost phone is signed out on its next load', async () => {
    const lost = await phone();
    const spare = await phone();
    try {
      const a = lost.page;
      await a.goto(`${e2e.server.url}/member`);
      await a.getByRole('button', { name: 'Get a member code' }).click();
      const secretText = (await a.getByText(/Write down or screenshot your recovery secret/).textContent())!;
      const secret = /secret: (\S+?)\./.exec(secretText)?.[1];
      expect(secret).toBeTruthy();
      const code = (await a.getByTestId('qr-text').first().textContent())!.trim();
      await expect.poll(async () => a.getByTestId('balance').getAttribute('data-points')).toBe('0');

      // The spare phone recovers the member with code + secret, then signs out everywhere.
      const b = spare.page;
      await b.goto(`${e2e.server.url}/member`);
      await b.getByText('Recover my member code with its secret').click();
      await b.getByLabel('Member code').fill(code);
      await b.getByLabel('Recovery secret').fill(secret!);
      await b.getByRole('button', { name: 'Recover' }).click();
      await expect.poll(async () => b.getByTestId('balance').getAttribute('data-points')).toBe('0');
      b.once('dialog', (d) => void d.accept());
      await b.getByRole('button', { name: 'Sign out on every device' }).click();
      await b.getByText('Signed out on every device.').waitFor();
      await b.getByRole('button', { name: 'Get a member code' }).waitFor();

      // The lost phone's token is refused: it forgets it and says why.
      await a.reload();
      await a.getByText(/You signed out on every device/).waitFor();
      await a.getByRole('button', { name: 'Get a member code' }).waitFor();
      expect(await a.evaluate(() => localStorage.getItem('recycle.member'))).toBeNull();
    } finally {
      await lost.context.close();
      await spare.context.close();
    }
  });
});
