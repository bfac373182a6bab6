// The carbon report and method pages in a real Chromium against the real server (40 seeded
// stations over the 11.11 season): the campaign chart marks the Nov 11 peak, the CSV downloads
// (with the token in the Authorization header, not the URL) with progress, can be cancelled, and
// its total is the page's total; a new period dims the old figures under their own heading until
// the new ones arrive; a displacement scenario is printed with the figure; two factor sets compare
// row by row; print gives A4 pages with the method; the method page in both languages (screenshots)
// with its sensitivity table and linked sources; axe finds no critical or serious violation.
import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { browserAvailable, screenshot, signInAs } from '@recycle/testing';
import { seriousViolations } from '../helpers/axe.ts';
import { useE2E } from '../helpers/e2e.ts';

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Holds every request to `pattern` for `ms` before it goes through (a slow network). */
async function slowDown(page: Page, pattern: string, ms: number) {
  await page.route(pattern, async (route) => {
    await delay(ms);
    await route.continue().catch(() => undefined); // the page may have cancelled it meanwhile
  });
}

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

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^carbon-report_\d{4}-10-20_\d{4}-11-11_station-day\.csv$/);
    const records = parse(readFileSync((await download.path())!), { bom: true, comment: '#', columns: true }) as Record<
      string,
      string
    >[];
    const total = records.at(-1)!;
    expect(total.row_type).toBe('total');
    // 40 stations, 23 days: at most 920 rows (a closed station may miss days)
    expect(records.length - 1).toBeGreaterThan(800);
    expect(records.length - 1).toBeLessThanOrEqual(920);
    // the page shows tonnes with 2 decimals, the file kg with 3
    const tonnes = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 }).format(
      Number(total.co2e_total_central_kg) / 1000,
    );
    expect(headline).toBe(`${tonnes} t`);
    // the download reported its rows; the file names the method, the set's own displacement and the report id
    expect(await page.getByTestId('csv-done').textContent()).toBe(`CSV saved (${records.length - 1} rows)`);
    const head = readFileSync((await download.path())!, 'utf8');
    expect(head).toContain('# method,2026.1,');
    expect(head).toContain("# displacement_rate,0.5,the factor set's own rate");
    expect(total).toMatchObject({ factor_set: 'CN-2026', displacement_rate: '0.5', method_version: '2026.1' });
    expect(Number(total.kg_weighed) + Number(total.kg_estimated)).toBeCloseTo(Number(total.kg), 3);
    // the page says how the figures were made
    expect(await page.getByTestId('method').textContent()).toMatch(
      /^Method 2026\.1, approved by .+ on 1 December 2026$/,
    );
    expect(await page.getByTestId('displacement').textContent()).toMatch(/0\.5\s+\(the set’s own rate\)/);
    expect(await page.getByTestId('weighed-share').textContent()).toMatch(/^\s*\d+% of the kg weighed/);

    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('heading', { name: 'Appendix: method' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Download CSV' }).isVisible()).toBe(false);
    await context.close();
  });

  it('prints A4 pages whose first page starts with the report (no blank first page), with the report id', async () => {
    const context = await e2e.browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await signInAs(page, e2e.server.url, 'analyst@demo.recycle.cn', 'demo-analyst');
    await page.goto(`${e2e.server.url}/reports?period=campaign`);
    await page.getByTestId('total-central').waitFor();
    const id = (await page.getByTestId('report-id').textContent())!;
    expect(id).toMatch(/^CR-\d{8}-[0-9A-F]{10}$/);
    // A4 at 96 dpi: 210 mm - 28 mm margins = 688 px wide, 297 mm - 34 mm = 994 px of content per page
    await page.setViewportSize({ width: 688, height: 994 });
    await page.emulateMedia({ media: 'print' });
    const top = (sel: string) =>
      page
        .locator(sel)
        .first()
        .evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
    expect(await top('h1')).toBeLessThan(100);
    // the headline and the first chart's section start on page 1 (sections flow across pages)
    expect(await top('[data-testid="total-central"]')).toBeLessThan(994);
    expect(await top('section h2')).toBeLessThan(994);
    // the report id is on the first page, with the method
    expect(await top('[data-testid="report-id"]')).toBeLessThan(994);
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
    mkdirSync('tests/artifacts', { recursive: true });
    writeFileSync('tests/artifacts/carbon-report.pdf', pdf);
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
    expect(pages).toBeGreaterThanOrEqual(3); // report, then the method appendix on its own pages
    expect(pages).toBeLessThan(30);
    await context.close();
  });

  it('dims the old figures under their own heading while new ones load, and says what is loading', async () => {
    const context = await e2e.browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await signInAs(page, e2e.server.url, 'analyst@demo.recycle.cn', 'demo-analyst');
    await page.goto(`${e2e.server.url}/reports?period=campaign`);
    await page.getByTestId('total-central').waitFor();
    const scope = page.getByTestId('report-scope');
    const before = (await scope.textContent())!;
    expect(before).toMatch(/20 October \d{4} – 11 November \d{4}/);
    await slowDown(page, '**/graphql', 2500);
    await page.getByRole('button', { name: 'Nov 11', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('report-loading').textContent())
      .toMatch(/^Updating the figures: 11 November \d{4} – 11 November \d{4}/);
    expect(await page.getByTestId('report-figures').getAttribute('aria-busy')).toBe('true');
    // the heading still names the figures on screen, not the ones on their way
    expect(await scope.textContent()).toBe(before);
    await screenshot(page, 'carbon-report-loading-en');
    await expect.poll(() => scope.textContent(), { timeout: 30_000 }).toMatch(/^11 November \d{4} – 11 November \d{4}/);
    expect(await page.getByTestId('report-figures').getAttribute('aria-busy')).toBe('false');
    expect(await page.getByTestId('report-loading').textContent()).toBe('');
    await context.close();
  });

  it('runs under a displacement scenario, printed with the figure and in the CSV; compares two factor sets row by row', async () => {
    const context = await e2e.browser.newContext({ locale: 'en-GB', acceptDownloads: true });
    const page = await context.newPage();
    await signInAs(page, e2e.server.url, 'analyst@demo.recycle.cn', 'demo-analyst');
    await page.goto(`${e2e.server.url}/reports?period=campaign`);
    await page.getByTestId('total-central').waitFor();
    const reuseAt = async () =>
      Number((await page.locator('.figure .big').nth(1).textContent())!.replace(/[^\d.]/g, ''));
    const own = await reuseAt();
    await page.getByLabel('Displacement').selectOption('1');
    await page.waitForURL(/d=1/);
    await expect
      .poll(() => page.getByTestId('displacement').textContent())
      .toMatch(/^\s*1\s+\(scenario; the set’s own rate is 0\.5\)/);
    // reuse doubles from 0.5 to 1.0 (to the rounding of the display)
    await expect.poll(reuseAt).toBeCloseTo(own * 2, 1);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(readFileSync((await download.path())!, 'utf8')).toContain(
      "# displacement_rate,1,scenario (the set's own rate is 0.5)",
    );

    await page.getByLabel(/^Compare CN-2026 with/).selectOption('DESNZ-2025');
    const table = page.getByTestId('comparison');
    await table.waitFor();
    const rows = await table
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent!.trim())));
    const total = rows.at(-1)!;
    expect(total[0]).toBe('Total');
    const n = (s: string) => Number(s.replace(/[^\d.+-]/g, ''));
    // difference = b - a, per row and in total (each rounded for display)
    for (const r of rows) expect(n(r[4]!)).toBeCloseTo(n(r[3]!) - n(r[2]!), 1);
    expect(rows.length).toBeGreaterThan(2); // several cities and the total
    await screenshot(page, 'carbon-report-compare-en');
    await context.close();
  });

  it('shows CSV progress and can cancel a slow export', async () => {
    const context = await e2e.browser.newContext({ locale: 'en-GB', acceptDownloads: true });
    const page = await context.newPage();
    await signInAs(page, e2e.server.url, 'analyst@demo.recycle.cn', 'demo-analyst');
    await page.goto(`${e2e.server.url}/reports?period=campaign`);
    await page.getByTestId('total-central').waitFor();
    await slowDown(page, '**/reports/carbon.csv**', 3000);
    await page.getByRole('button', { name: 'Download CSV' }).click();
    await page.getByRole('progressbar', { name: 'CSV download progress' }).waitFor();
    expect(await page.getByTestId('csv-progress').textContent()).toMatch(/rows/);
    await page.getByRole('button', { name: 'Cancel download' }).click();
    await expect.poll(() => page.getByTestId('csv-cancelled').textContent()).toBe('Download cancelled');
    expect(await page.getByRole('button', { name: 'Download CSV' }).isEnabled()).toBe(true);
    await context.close();
  });

  it.each([
    ['zh-CN', 'zh'],
    ['en-GB', 'en'],
  ] as const)(
    'the method page in %s: version, sensitivity table, sources with links; no serious axe violation',
    async (locale, lang) => {
      const context = await e2e.browser.newContext({ locale });
      const page = await context.newPage();
      await signInAs(page, e2e.server.url, 'analyst@demo.recycle.cn', 'demo-analyst');
      await page.goto(`${e2e.server.url}/reports/method`);
      const table = page.getByTestId('sensitivity');
      await table.waitFor();
      await page.getByTestId('method-version').waitFor();
      expect(await page.getByTestId('method-version').textContent()).toContain('2026.1');
      // every published set (6) under its own rate and the 3 scenarios
      expect(await table.locator('tbody tr').count()).toBe(6);
      expect(await table.locator('thead th').count()).toBe(5);
      expect(await table.locator('tbody tr').first().locator('th').textContent()).toMatch(/^CN-2026/);
      // sources in the page's language, with links
      expect(await page.locator('.source a[href^="https://"]').count()).toBeGreaterThan(5);
      const sources = (await page.locator('td.source').allTextContents()).join(' ');
      expect(sources).toContain(lang === 'zh' ? '国家邮政局' : 'State Post Bureau');
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `carbon-method-${lang}`);
      await context.close();
    },
  );

  it.each([
    ['zh-CN', 'zh'],
    ['en-GB', 'en'],
  ] as const)('the report page in %s has no serious axe violation', async (locale, _lang) => {
    const context = await e2e.browser.newContext({ locale });
    const page = await context.newPage();
    await signInAs(page, e2e.server.url, 'analyst@demo.recycle.cn', 'demo-analyst');
    await page.goto(`${e2e.server.url}/reports?period=campaign`);
    await page.getByTestId('total-central').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
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
