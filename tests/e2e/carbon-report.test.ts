// The carbon report page in a real Chromium against the real server (40 seeded stations over the
// 11.11 season): the campaign chart marks the Nov 11 peak, the CSV downloads (with the token in
// the Authorization header, not the URL) and its total is the page's total, print shows the method.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { browserAvailable, screenshot, signInAs } from '@recycle/testing';
import { useE2E } from '../helpers/e2e.ts';

describe.skipIf(!browserAvailable)('carbon report page in Chromium', () => {
  const e2e = useE2E({ stations: 40 });

  it('shows the Nov 11 peak, downloads the CSV with the same total, and prints the method appendix', async () => {
    const context = await e2e.browser.newContext({ locale: 'en-GB', acceptDownloads: true });
    const page = await context.newPage();
    await signInAs(page, e2e.server.url, 'analyst@demo.recycle.cn', 'demo-analyst');
    await page.goto(`${e2e.server.url}/reports?period=campaign`);
    // The seeded season peaks on Nov 11 (~2.5x a normal day).
    await expect.poll(() => page.getByTestId('peak-label').textContent(), { timeout: 30_000 }).toBe('Peak 11 Nov');
    const headline = (await page.getByTestId('total-central').textContent())!;
    await screenshot(page, 'carbon-report-campaign-en');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^carbon-report_\d{4}-10-20_\d{4}-11-11_station-day\.csv$/);
    const records = parse(readFileSync((await download.path())!), { bom: true, comment: '#', columns: true }) as Record<string, string>[];
    const total = records.at(-1)!;
    expect(total.row_type).toBe('total');
    // 40 stations, 23 days: at most 920 rows (a closed station may miss days)
    expect(records.length - 1).toBeGreaterThan(800);
    expect(records.length - 1).toBeLessThanOrEqual(920);
    // the page shows tonnes with 2 decimals, the file kg with 3
    const tonnes = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 }).format(Number(total.co2e_total_central_kg) / 1000);
    expect(headline).toBe(`${tonnes} t`);

    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('heading', { name: 'Appendix: method' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Download CSV' }).isVisible()).toBe(false);
    await context.close();
  });

  it('the station picker offers stations by name and narrows the report to the one picked', async () => {
    const context = await e2e.browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await signInAs(page, e2e.server.url, 'manager.sh@demo.recycle.cn', 'demo-manager');
    await page.goto(`${e2e.server.url}/reports?period=nov11`);
    const picker = page.getByLabel('Station (code or name)');
    // Type the (Chinese) name of SH-00001, as a manager who knows the station but not its code would.
    const res = await fetch(`${e2e.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ station(code: "SH-00001") { name } }' }),
    });
    const name = ((await res.json()) as { data: { station: { name: string } } }).data.station.name;
    await picker.fill(name);
    const option = page.locator('#report-station-options option[value="SH-00001"]');
    await expect.poll(() => option.count(), { timeout: 15_000 }).toBe(1);
    expect(await option.textContent()).toBe(name);
    await picker.press('Enter');
    await page.waitForURL(/station=SH-00001/);
    await expect.poll(() => page.getByText('SH-00001', { exact: false }).first().isVisible()).toBe(true);
    await context.close();
  });
});
