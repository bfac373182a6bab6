// The admin console's record-keeping tabs in a real Chromium against the real server: an edit made
// in the test is found in the audit log by its filters and shows its before and after; a factor set
// is opened with its sources, and making another set the default first shows the sample report's
// totals under both (the same figures compareFactorSets gives); a station created by clicking the
// map is listed with those coordinates; the new tabs have no serious axe violations in either language.
import { beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { browserAvailable, screenshot, signInAs } from '@recycle/testing';
import { useE2E } from '../helpers/e2e.ts';
import { seriousViolations } from '../helpers/axe.ts';

interface GqlBody<T> {
  data?: T;
  errors?: { message: string }[];
}

describe.skipIf(!browserAvailable)('admin console: audit log, factor sets, station editing in Chromium', () => {
  const e2e = useE2E({ stations: 40 });
  let adminToken: string;

  async function api<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const res = await fetch(`${e2e.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as GqlBody<T>;
    if (!body.data) throw new Error(JSON.stringify(body.errors));
    return body.data;
  }

  async function adminPage(tab: string, locale = 'en-GB'): Promise<{ context: BrowserContext; page: Page }> {
    const context = await e2e.browser.newContext({
      locale,
      serviceWorkers: 'block',
      viewport: { width: 1024, height: 768 },
    });
    const page = await context.newPage();
    await signInAs(page, e2e.server.url, 'admin@demo.recycle.cn', 'demo-admin');
    await page.goto(`${e2e.server.url}/admin?tab=${tab}`);
    return { context, page };
  }
  const loaded = (page: Page) =>
    page.waitForFunction(
      () => ![...document.querySelectorAll('[aria-live]')].some((e) => /Loading|加载/.test(e.textContent ?? '')),
    );

  beforeAll(async () => {
    const res = await fetch(`${e2e.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation { signIn(email: "admin@demo.recycle.cn", password: "demo-admin") { token } }',
      }),
    });
    adminToken = ((await res.json()) as GqlBody<{ signIn: { token: string } }>).data!.signIn.token;
  });

  it('the audit log, filtered by action and entity, shows an edit made here with its before and after', async () => {
    const { station } = await api<{ station: { binCapacity: number } }>(
      '{ station(code: "SH-00003") { binCapacity } }',
    );
    const next = station.binCapacity + 7;
    await api(`mutation { updateStation(code: "SH-00003", input: { binCapacity: ${next} }) { __typename } }`);
    const { context, page } = await adminPage('audit');
    try {
      const filters = page.getByRole('search', { name: 'Filter the audit log' });
      await filters.getByLabel('Action').fill('updateStation');
      await filters.locator('select').selectOption('station');
      await filters.getByLabel('Entity id').fill('SH-00003');
      await filters.getByRole('button', { name: 'Filter' }).click();
      const rows = page.getByTestId('audit-table').locator('tbody > tr');
      await expect.poll(() => rows.count()).toBe(1);
      await expect.poll(() => rows.first().textContent()).toContain('admin@demo.recycle.cn');
      await page.getByRole('button', { name: 'Before / after updateStation SH-00003' }).click();
      const changed = page.locator('.diff tr.changed');
      await expect.poll(() => changed.allTextContents()).toContainEqual(expect.stringContaining('bin_capacity'));
      const cells = await changed.filter({ hasText: 'bin_capacity' }).locator('td').allTextContents();
      expect(cells).toEqual([String(station.binCapacity), String(next)]);
      await screenshot(page, 'admin-audit-log');
    } finally {
      await context.close();
    }
  });

  it('the unfiltered first page answering after a filter does not replace the filtered rows', async () => {
    const listed = await api<{ stations: { edges: { node: { code: string } }[] } }>(
      '{ stations(first: 2, cityCode: "SH") { edges { node { code } } } }',
    );
    const [other, wanted] = listed.stations.edges.map((e) => e.node.code) as [string, string];
    for (const code of [other, wanted]) {
      const { station } = await api<{ station: { binCapacity: number } }>(
        `{ station(code: "${code}") { binCapacity } }`,
      );
      const r = await api<{ updateStation: { __typename: string } }>(
        `mutation { updateStation(code: "${code}", input: { binCapacity: ${station.binCapacity + 5} }) { __typename } }`,
      );
      expect(r.updateStation.__typename).toBe('Station');
    }
    const context = await e2e.browser.newContext({
      locale: 'en-GB',
      serviceWorkers: 'block',
      viewport: { width: 1024, height: 768 },
    });
    try {
      const page = await context.newPage();
      await signInAs(page, e2e.server.url, 'admin@demo.recycle.cn', 'demo-admin');
      // The panel's first, unfiltered request is held back until after the filtered one has answered.
      const unfiltered = (body: string | null) => !!body?.includes('AdminAuditLog') && body.includes('"entityId":null');
      await page.route('**/graphql', async (route) => {
        if (unfiltered(route.request().postData())) await new Promise((r) => setTimeout(r, 1500));
        await route.continue();
      });
      const lateAnswer = page.waitForResponse((r) => unfiltered(r.request().postData()));
      await page.goto(`${e2e.server.url}/admin?tab=audit`);
      const filters = page.getByRole('search', { name: 'Filter the audit log' });
      await filters.locator('select').selectOption('station');
      await filters.getByLabel('Entity id').fill(wanted);
      await filters.getByRole('button', { name: 'Filter' }).click();
      const rows = page.getByTestId('audit-table').locator('tbody > tr');
      await expect.poll(() => rows.first().textContent()).toContain(wanted);
      await (await lateAnswer).finished();
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 100))));
      const shown = await rows.allTextContents();
      expect(shown).toHaveLength(1);
      expect(shown[0]).toContain(wanted);
    } finally {
      await context.close();
    }
  });

  it('a factor set shows its sources; making another the default first shows the sample report before and after', async () => {
    const { emissionFactorSets: sets } = await api<{
      emissionFactorSets: { version: string; isDefault: boolean; factors: { source: string }[] }[];
    }>('{ emissionFactorSets { version isDefault factors { source } } }');
    const current = sets.find((s) => s.isDefault)!;
    const other = sets.find((s) => !s.isDefault);
    expect(other, 'the demo data has more than one factor set').toBeDefined();
    const { context, page } = await adminPage('factors');
    try {
      await page.getByRole('button', { name: `View ${current.version}` }).click();
      await expect
        .poll(() => page.getByTestId('factor-table').locator('tbody > tr').count())
        .toBe(current.factors.length);
      await expect
        .poll(() => page.getByTestId('factor-table').textContent())
        .toContain(current.factors[0]!.source.slice(0, 30));

      await page.getByRole('button', { name: `Make ${other!.version} the default` }).click();
      const confirm = page.getByTestId('default-confirm');
      await confirm.getByTestId('sample-change').waitFor();
      const from = await confirm.getByLabel('Sample from').inputValue();
      const to = await confirm.getByLabel('Sample to').inputValue();
      const { compareFactorSets: c } = await api<{
        compareFactorSets: { total: { a: { total: { central: number } }; b: { total: { central: number } } } };
      }>(
        `query($a: String!, $b: String!, $from: Date!, $to: Date!) { compareFactorSets(a: $a, b: $b, from: $from, to: $to, groupBy: [NETWORK]) {
          ... on FactorSetComparison { total { a { total { central } } b { total { central } } } } } }`,
        { a: current.version, b: other!.version, from, to },
      );
      const kg = (n: number) => `${new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 }).format(n)} kg CO₂e`;
      const text = (await confirm.getByTestId('sample-change').textContent())!;
      expect(c.total.a.total.central).toBeGreaterThan(0);
      expect(text).toContain(`Now (${current.version})${kg(c.total.a.total.central)}`);
      expect(text).toContain(`After (${other!.version})${kg(c.total.b.total.central)}`);
      await screenshot(page, 'admin-factor-default');
      // Nothing changed yet; confirming does.
      expect(
        (
          await api<{ emissionFactorSets: { version: string; isDefault: boolean }[] }>(
            '{ emissionFactorSets { version isDefault } }',
          )
        ).emissionFactorSets.find((s) => s.isDefault)!.version,
      ).toBe(current.version);
      await confirm.getByRole('button', { name: `Confirm: make ${other!.version} the default` }).click();
      await expect
        .poll(() => page.getByRole('status').textContent())
        .toContain(`${other!.version} is now the default factor set.`);
      // Put the demo's default back for the other tests.
      await api(`mutation { setDefaultFactorSet(version: "${current.version}") { __typename } }`);
    } finally {
      await context.close();
    }
  });

  it('a station created by clicking on the map is listed with those coordinates', async () => {
    const { context, page } = await adminPage('stations');
    try {
      await page.getByRole('button', { name: 'New station' }).click();
      const form = page.getByRole('form', { name: 'New station' });
      await form.getByLabel('Code').fill('SH-09901');
      await form.getByLabel(/^City/).selectOption('SH');
      await form.getByLabel('Name').fill('Map click E2E');
      await form.getByLabel('District').fill('黄浦区');
      await form.getByLabel('Address').fill('人民大道 200 号');
      await form.getByLabel('Capacity').fill('150');
      // A little north-east of the map's centre (Shanghai's), so a few km from it.
      const map = page.getByTestId('position-map');
      await map.locator('.leaflet-control-zoom-in').waitFor();
      const box = (await map.boundingBox())!;
      await map.click({ position: { x: box.width / 2 + 60, y: box.height / 2 - 40 } });
      await expect.poll(() => form.getByLabel('Latitude').inputValue()).not.toBe('');
      const lat = Number(await form.getByLabel('Latitude').inputValue());
      const lng = Number(await form.getByLabel('Longitude').inputValue());
      expect(lat).toBeGreaterThan(31.2304);
      expect(lng).toBeGreaterThan(121.4737);
      await expect.poll(() => map.locator('.pick-marker').count()).toBe(1);
      await form.getByRole('button', { name: 'Create station' }).click();
      await expect.poll(() => page.getByRole('status').textContent()).toContain('SH-09901 is created.');
      const row = page.getByTestId('stations-table').locator('tbody > tr', { hasText: 'SH-09901' });
      await expect
        .poll(() => row.getByTestId('station-position').textContent())
        .toBe(`${lat.toFixed(6)}, ${lng.toFixed(6)}`);
      const { station } = await api<{ station: { lat: number; lng: number; binCapacity: number } }>(
        '{ station(code: "SH-09901") { lat lng binCapacity } }',
      );
      expect(station).toEqual({ lat, lng, binCapacity: 150 });
      await screenshot(page, 'admin-station-created');
    } finally {
      await context.close();
    }
  });

  it.each([
    ['en-GB', 'Audit log', 'Factor sets', 'Stations', 'New station'],
    ['zh-CN', '审计日志', '排放因子', '驿站', '新建驿站'],
  ])(
    'the new tabs and the station form have no serious axe violations (%s)',
    async (locale, audit, factors, stations, newStation) => {
      const { context, page } = await adminPage('audit', locale);
      try {
        for (const tab of [audit, factors]) {
          await page.getByRole('tab', { name: tab }).click();
          await expect.poll(() => page.getByRole('tab', { name: tab }).getAttribute('aria-selected')).toBe('true');
          await page.getByRole('tabpanel').locator('table').first().waitFor();
          await loaded(page);
          if (tab === factors) await page.getByRole('tabpanel').locator('tbody button').first().click();
          expect({ tab, violations: await seriousViolations(page) }).toEqual({ tab, violations: [] });
        }
        // The station form with its map, opened from the Stations tab.
        await page.getByRole('tab', { name: stations }).click();
        await page.getByRole('button', { name: newStation }).click();
        await page.getByTestId('position-map').locator('.leaflet-control-zoom-in').waitFor();
        expect({ tab: 'station form', violations: await seriousViolations(page) }).toEqual({
          tab: 'station form',
          violations: [],
        });
      } finally {
        await context.close();
      }
    },
  );
});
