// The admin console's remaining flows in a real Chromium against the real server, each checked
// through the API afterwards: an admin publishes a factor set edition from a CSV (a bad file is
// refused row by row, by the browser and by the API, and nothing is written) and makes it the
// default after seeing the sample report under both; a station is moved by dragging its marker and
// by typed WGS-84 and GCJ-02 coordinates; a city manager filters the audit log by actor, action,
// entity and time, sees their own city's entries only, and each entry's before and after.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable, screenshot } from '@recycle/testing';
import { toWgs84 } from '../../api/src/imports/station-format.ts';
import { useE2E } from '../helpers/e2e.ts';
import { e2eApi } from '../helpers/e2e-api.ts';
import { graphql, type ResultOf } from '../../web/src/lib/graphql.ts';

const ADMIN: [string, string] = ['admin@demo.recycle.cn', 'demo-admin'];
const MANAGER: [string, string] = ['manager.sh@demo.recycle.cn', 'demo-manager'];
const HEADER = 'materialCode,outcome,unit,value,low,high,year,source,sourceZh,sourceUrls,evidence';

const SETS = graphql(
  '{ emissionFactorSets { version isDefault factors { materialCode outcome unit value low high year } } }',
);
type Factor = ResultOf<typeof SETS>['emissionFactorSets'][number]['factors'][number];
const POSITION = graphql('{ station(code: "SH-00002") { lat lng } }');
const CAPACITY = graphql('query($code: String!) { station(code: $code) { binCapacity } }');
const SET_CAPACITY = graphql(
  'mutation($code: String!, $n: Int!) { updateStation(code: $code, input: { binCapacity: $n }) { __typename } }',
);

/** A row of the factor CSV, the factor scaled by `k` (low <= value <= high stays true). */
const row = (f: Factor, k: number, source = 'E2E edition, table 1') =>
  [f.materialCode, f.outcome, f.unit, ...[f.value, f.low, f.high].map((n) => +(n * k).toFixed(6)), f.year, source]
    .concat(['', '', 'SECONDARY'])
    .join(',');
const file = (name: string, lines: string[]) => ({
  name,
  mimeType: 'text/csv',
  buffer: Buffer.from(lines.join('\n') + '\n'),
});
/** The rows of the issues table as [row, column, problem]. */
const issueRows = async (page: Page) =>
  Promise.all(
    (await page.getByTestId('factor-issues').locator('tbody tr').all()).map(async (r) =>
      (await r.locator('td').allTextContents()).map((s) => s.trim()),
    ),
  );
/** A moment as the console's datetime-local filter takes it: China time, to the minute. */
const chinaMinute = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16);

describe.skipIf(!browserAvailable)('admin console flows in Chromium: factor sets, station moves, audit log', () => {
  const e2e = useE2E({ stations: 40 });
  const api = e2eApi(e2e);
  let admin: string;
  let manager: string;

  beforeAll(async () => {
    [admin, manager] = await Promise.all([api.token(...ADMIN), api.token(...MANAGER)]);
  });

  it('publishes an edition from a CSV (a bad file is refused row by row, nothing written), then makes it the default', async () => {
    const before = (await api.gql(admin, SETS)).emissionFactorSets;
    const current = before.find((s) => s.isDefault)!;
    const [f0, f1] = current.factors;
    const { context, page } = await api.adminPage(ADMIN, 'factors');
    try {
      await page.getByRole('button', { name: 'Publish a new edition' }).click();
      const form = page.getByRole('form', { name: 'Publish a new edition' });
      await form.getByLabel('Version').fill('E2E-2027.1');
      await form.getByLabel('Name').fill('E2E edition');
      await form.getByLabel('Displacement rate (0–1)').fill('0.5');
      await form.getByLabel('Notes (English)').fill('Every factor of the default set, 25 % higher.');
      const upload = form.getByLabel('Factors CSV file');

      // The browser's own checks: every faulty cell by its spreadsheet row (header = 1) and column.
      await upload.setInputFiles(
        file('bad.csv', [
          HEADER,
          row(f0!, 1).replace(f0!.outcome, 'KEPT'),
          `${f1!.materialCode},RECYCLED,PER_ITEM,abc,0.1,0.2,2024,x`,
        ]),
      );
      // The page reads the file asynchronously: wait for its verdict, not the first frame after.
      await expect
        .poll(() => issueRows(page))
        .toEqual([
          ['2', 'outcome', 'must be one of REUSED, RECYCLED'],
          ['3', 'value', 'not a number: "abc"'],
        ]);
      expect(await form.getByRole('button', { name: 'Publish' }).isDisabled()).toBe(true);

      // The API's checks (low above value), mapped back to the file's row 3.
      const swapped = { ...f1!, low: f1!.high, high: f1!.high * 2 };
      await upload.setInputFiles(file('low.csv', [HEADER, row(f0!, 1.25), row(swapped, 1)]));
      await expect.poll(() => page.getByTestId('factor-issues').count()).toBe(0);
      await form.getByRole('button', { name: 'Publish' }).click();
      await expect
        .poll(() => issueRows(page))
        .toEqual([['3', 'low', `must not exceed value (${swapped.low} > ${swapped.value})`]]);
      await screenshot(page, 'admin-factor-publish-issues');
      const after = (await api.gql(admin, SETS)).emissionFactorSets;
      expect(after.map((s) => s.version)).toEqual(before.map((s) => s.version));

      // A good file: published, listed, not the default yet.
      await upload.setInputFiles(file('good.csv', [HEADER, ...current.factors.map((f) => row(f, 1.25))]));
      await expect
        .poll(() => form.getByRole('status').textContent())
        .toContain(`The file is usable: ${current.factors.length} factors.`);
      await form.getByRole('button', { name: 'Publish' }).click();
      await expect
        .poll(() => page.getByRole('status').first().textContent())
        .toContain('E2E-2027.1 is published (not the default yet).');
      const published = (await api.gql(admin, SETS)).emissionFactorSets.find((s) => s.version === 'E2E-2027.1')!;
      expect(published.isDefault).toBe(false);
      expect(
        published.factors.find((f) => f.materialCode === f0!.materialCode && f.outcome === f0!.outcome)!.value,
      ).toBe(+(f0!.value * 1.25).toFixed(6));

      // Making it the default first shows the sample report under both: 25 % more under the new one.
      await page.getByRole('button', { name: 'Make E2E-2027.1 the default' }).click();
      const confirm = page.getByTestId('default-confirm');
      const sample = confirm.getByTestId('sample-change');
      await sample.waitFor();
      const kg = (s: string, label: string) =>
        Number(new RegExp(`${label}\\s*([\\d,.]+) kg`).exec(s)![1]!.replace(/,/g, ''));
      const text = (await sample.textContent())!;
      const now = kg(text, `Now \\(${current.version}\\)`);
      const next = kg(text, 'After \\(E2E-2027.1\\)');
      expect(now).toBeGreaterThan(0);
      expect(next / now).toBeCloseTo(1.25, 2);
      await confirm.getByRole('button', { name: 'Confirm: make E2E-2027.1 the default' }).click();
      await expect
        .poll(() => page.getByRole('status').first().textContent())
        .toContain('E2E-2027.1 is now the default factor set.');
      const sets = (await api.gql(admin, SETS)).emissionFactorSets;
      expect(sets.filter((s) => s.isDefault).map((s) => s.version)).toEqual(['E2E-2027.1']);
    } finally {
      await context.close();
    }
  });

  it('moves a station by dragging its marker, then by typed WGS-84 and GCJ-02 coordinates', async () => {
    const stored = async () => (await api.gql(admin, POSITION)).station!;
    const start = await stored();
    const { context, page } = await api.adminPage(MANAGER, 'stations');
    const edit = async () => {
      await page.getByRole('button', { name: 'Edit SH-00002' }).click();
      const form = page.getByRole('form', { name: 'Edit SH-00002' });
      await form.getByTestId('position-map').locator('.pick-marker').waitFor();
      return form;
    };
    const save = async (form: ReturnType<Page['getByRole']>) => {
      await form.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => page.getByRole('status').first().textContent()).toContain('SH-00002 is saved.');
    };
    try {
      await page.getByRole('search').getByLabel('Search').fill('SH-00002');
      await page.getByRole('search').getByRole('button', { name: 'Filter' }).click();
      let form = await edit();
      // Drag the marker 80 px east and 50 px north (the map scrolled into view first, as a person would).
      await form.getByTestId('position-map').scrollIntoViewIfNeeded();
      const box = (await form.locator('.pick-marker').boundingBox())!;
      const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
      await page.mouse.move(x, y);
      await page.mouse.down();
      await page.mouse.move(x + 40, y - 25, { steps: 5 });
      await page.mouse.move(x + 80, y - 50, { steps: 5 });
      await page.mouse.up();
      await expect.poll(async () => Number(await form.getByLabel('Longitude').inputValue())).toBeGreaterThan(start.lng);
      const dragged = {
        lat: Number(await form.getByLabel('Latitude').inputValue()),
        lng: Number(await form.getByLabel('Longitude').inputValue()),
      };
      expect(dragged.lat).toBeGreaterThan(start.lat);
      // The keyboard moves it too: the focused marker, two presses of the right arrow (east).
      await form.locator('.pick-marker').focus();
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      await expect
        .poll(async () => Number(await form.getByLabel('Longitude').inputValue()))
        .toBeGreaterThan(dragged.lng);
      expect(Number(await form.getByLabel('Latitude').inputValue())).toBeCloseTo(dragged.lat, 4);
      dragged.lng = Number(await form.getByLabel('Longitude').inputValue());
      dragged.lat = Number(await form.getByLabel('Latitude').inputValue());
      await save(form);
      expect(await stored()).toEqual(dragged);
      await screenshot(page, 'admin-station-dragged');

      // Typed as GPS gives it (WGS-84): stored as typed.
      form = await edit();
      await form.getByLabel('Latitude').fill('31.2401');
      await form.getByLabel('Longitude').fill('121.4802');
      await save(form);
      expect(await stored()).toEqual({ lat: 31.2401, lng: 121.4802 });

      // Typed as AMap shows it (GCJ-02): stored converted, some 200 m north and 450 m west in Shanghai.
      form = await edit();
      await form.getByLabel('Coordinate system').selectOption('GCJ02');
      await form.getByLabel('Latitude').fill('31.2401');
      await form.getByLabel('Longitude').fill('121.4802');
      await save(form);
      const [lat, lng] = toWgs84(31.2401, 121.4802, 'GCJ02');
      expect(await stored()).toEqual({ lat, lng });
      expect(lat - 31.2401).toBeGreaterThan(0.001);
      expect(121.4802 - lng).toBeGreaterThan(0.003);
    } finally {
      await context.close();
    }
  });

  it("a city manager filters the audit log by actor, action, entity and time and sees their city's entries only", async () => {
    const capacity = async (code: string) => (await api.gql(admin, CAPACITY, { code })).station!.binCapacity;
    const update = (token: string, code: string, n: number) => api.gql(token, SET_CAPACITY, { code, n });
    const t0 = new Date(Date.now() - 60_000);
    const { cities } = await api.gql(admin, graphql('{ cities { code centerLat centerLng } }'));
    const bj = cities.find((c) => c.code === 'BJ')!;
    await api.gql(
      admin,
      graphql(`
        mutation ($lat: Float!, $lng: Float!) {
          createStation(
            input: {
              code: "BJ-09902"
              cityCode: "BJ"
              name: "Audit E2E"
              district: "东城区"
              address: "东长安街 1 号"
              lat: $lat
              lng: $lng
              binCapacity: 100
            }
          ) {
            __typename
          }
        }
      `),
      { lat: bj.centerLat, lng: bj.centerLng },
    );
    await update(admin, 'BJ-09902', 120);
    const c1 = await capacity('SH-00001');
    await update(manager, 'SH-00001', c1 + 5);
    await update(admin, 'SH-00003', (await capacity('SH-00003')) + 3);

    const { context, page } = await api.adminPage(MANAGER, 'audit');
    const filters = page.getByRole('search', { name: 'Filter the audit log' });
    const table = page.getByTestId('audit-table');
    const filter = async (f: Partial<Record<'Actor' | 'Action' | 'Entity id' | 'From (China time)', string>>) => {
      for (const label of ['Actor', 'Action', 'Entity id', 'From (China time)'] as const)
        await filters.getByLabel(label, { exact: true }).fill(f[label] ?? '');
      await filters.getByRole('button', { name: 'Filter' }).click();
      await page.waitForFunction(() => !/Loading/.test(document.querySelector('[aria-live]')?.textContent ?? ''));
      return (await table.locator('tbody > tr').allTextContents()).join('\n');
    };
    try {
      // The other city's entries are not there, filtered or not.
      let text = await filter({});
      expect(text).toContain('SH-00001');
      expect(text).not.toContain('BJ-09902');
      expect(await filter({ 'Entity id': 'BJ-09902' })).toBe('No data');

      // By actor: the manager's own change only.
      text = await filter({ Actor: 'manager.sh' });
      expect(text).toContain('SH-00001');
      expect(text).not.toContain('SH-00003');
      const rows = await table.locator('tbody > tr').allTextContents();
      expect(rows.every((r) => r.includes('manager.sh@demo.recycle.cn'))).toBe(true);

      // By action and entity: both SH edits, still not Beijing's.
      await filters.locator('select').selectOption('station');
      text = await filter({ Action: 'updateStation', 'From (China time)': chinaMinute(t0) });
      expect(text).toContain('SH-00001');
      expect(text).toContain('SH-00003');
      expect(text).not.toContain('BJ-09902');
      // By time: nothing from a minute ahead.
      expect(
        await filter({ Action: 'updateStation', 'From (China time)': chinaMinute(new Date(Date.now() + 120_000)) }),
      ).toBe('No data');

      // Before and after of the manager's change.
      await filter({ Action: 'updateStation', 'Entity id': 'SH-00001' });
      await page.getByRole('button', { name: 'Before / after updateStation SH-00001' }).first().click();
      const cells = await page
        .locator('.diff tr.changed')
        .filter({ hasText: 'bin_capacity' })
        .locator('td')
        .allTextContents();
      expect(cells).toEqual([String(c1), String(c1 + 5)]);
      await screenshot(page, 'admin-audit-manager');

      // The API agrees: the manager reads no Beijing entry at all.
      const log = await api.gql(manager, graphql('{ auditLog(first: 50, entityId: "BJ-09902") { edges { cursor } } }'));
      expect(log.auditLog.edges).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
