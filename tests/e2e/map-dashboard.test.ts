// The map dashboard in a real Chromium against the real server seeded with the default 10,000
// stations: clusters add up to the station count, a city filter, the station drawer, a status
// change by the city's manager seen on the map and in the totals at once, no control for the
// analyst, and a clear message when the API cannot be reached. Screenshots in tests/artifacts.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable, screenshot, signInAs } from '@recycle/testing';
import { useE2E } from '../helpers/e2e.ts';
import { postGql } from '../helpers/e2e-api.ts';
import { graphql, type TadaDocumentNode, type VariablesOf } from '../../web/src/lib/graphql.ts';

/** What the map's accessible summary line says (data attributes on it). */
async function mapSummary(page: Page) {
  const d = await page.getByTestId('map-summary').evaluate((e) => ({ ...(e as HTMLElement).dataset }));
  return {
    stations: Number(d.stations),
    clusterTotal: Number(d.clusterTotal),
    mix: (d.mix ?? '').split(',').map(Number),
  };
}

const panelStations = (page: Page, id: string) => page.getByTestId(id).getAttribute('data-stations').then(Number);
const panelCount = (page: Page, id: string, status: string) =>
  page.getByTestId(id).locator(`li[data-status="${status}"]`).getAttribute('data-count').then(Number);

describe.skipIf(!browserAvailable)('map dashboard in Chromium (10,000 stations)', () => {
  const e2e = useE2E({ stations: 10_000 });
  let openCode = '';

  async function pageAs(email: string, password: string): Promise<Page> {
    const context = await e2e.browser.newContext({ locale: 'en-GB', viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await signInAs(page, e2e.server.url, email, password);
    return page;
  }

  it('the network map: every cluster together holds all 10,000 stations, as the totals panel says', async () => {
    const page = await pageAs('admin@demo.recycle.cn', 'demo-admin');
    await page.goto(`${e2e.server.url}/map`);
    await expect.poll(() => mapSummary(page).then((s) => s.clusterTotal), { timeout: 30_000 }).toBe(10_000);
    const s = await mapSummary(page);
    expect(s.stations).toBe(10_000);
    expect(s.mix.reduce((a, b) => a + b, 0)).toBe(10_000);
    await expect.poll(() => panelStations(page, 'network-totals'), { timeout: 15_000 }).toBe(10_000);
    // The status mix of the clusters is the panel's count by status.
    const panelMix = await Promise.all(
      ['OPEN', 'FULL', 'CLOSED', 'MAINTENANCE', 'STALE'].map((st) => panelCount(page, 'network-totals', st)),
    );
    expect(s.mix).toEqual(panelMix);
    await screenshot(page, 'map-network');

    // Filter to one city: the URL says so, and the clusters hold exactly that city's stations.
    await page.getByLabel('City').selectOption('SH');
    await page.waitForURL(/city=SH/);
    await expect.poll(() => panelStations(page, 'city-totals'), { timeout: 15_000 }).toBeGreaterThan(0);
    const shanghai = await panelStations(page, 'city-totals');
    expect(shanghai).toBeLessThan(10_000);
    await expect.poll(() => mapSummary(page).then((m) => [m.stations, m.clusterTotal])).toEqual([shanghai, shanghai]);
    await expect.poll(() => page.getByTestId('needs-action').locator('li').count()).toBeGreaterThan(0);
    await screenshot(page, 'map-city-sh');

    // Only FULL: the clusters hold exactly the city's FULL stations, and the URL can be shared.
    for (const st of ['OPEN', 'CLOSED', 'MAINTENANCE', 'STALE'])
      await page.locator(`input[data-status="${st}"]`).uncheck();
    await page.waitForURL(/status=FULL(&|$)/);
    const full = await panelCount(page, 'city-totals', 'FULL');
    await expect
      .poll(() => mapSummary(page).then((m) => [m.stations, m.clusterTotal, m.mix[1]]))
      .toEqual([full, full, full]);
    await page.reload();
    await expect.poll(() => mapSummary(page).then((m) => m.clusterTotal), { timeout: 30_000 }).toBe(full);
    await page.context().close();
  });

  it('the city manager opens a station and changes its status: map and totals change at once', async () => {
    const page = await pageAs('manager.sh@demo.recycle.cn', 'demo-manager');
    expect(new URL(page.url()).search).toBe('?city=SH');
    await expect.poll(() => mapSummary(page).then((s) => s.clusterTotal), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => panelStations(page, 'city-totals'), { timeout: 15_000 }).toBeGreaterThan(0);

    await page.getByLabel('Find a station (code or name)').fill('SH-000');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const open = page.locator('.results button[data-status="OPEN"]').first();
    await open.waitFor();
    openCode = (await open.getAttribute('data-code'))!;
    await open.click();
    const drawer = page.getByTestId('station-drawer');
    await expect.poll(() => drawer.getAttribute('data-status')).toBe('OPEN');
    expect(await drawer.locator('#drawer-title').textContent()).toMatch(/驿站/); // seeded names are Chinese
    expect(await drawer.locator('meter').count()).toBe(1);
    expect(new URL(page.url()).searchParams.get('station')).toBe(openCode);

    const before = await mapSummary(page);
    const maintenanceBefore = await panelCount(page, 'city-totals', 'MAINTENANCE');
    await page.getByLabel('Change status').selectOption('MAINTENANCE');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => drawer.getAttribute('data-status')).toBe('MAINTENANCE');
    // OPEN → MAINTENANCE: one less open, one more under maintenance, same number of stations.
    await expect
      .poll(() => mapSummary(page).then((s) => s.mix), { timeout: 5_000 })
      .toEqual([before.mix[0]! - 1, before.mix[1], before.mix[2], before.mix[3]! + 1, before.mix[4]]);
    expect((await mapSummary(page)).clusterTotal).toBe(before.clusterTotal);
    await expect
      .poll(() => panelCount(page, 'city-totals', 'MAINTENANCE'), { timeout: 10_000 })
      .toBe(maintenanceBefore + 1);
    await screenshot(page, 'map-manager-status-changed');
    await page.context().close();
  });

  it('the analyst sees the station but no status control', async () => {
    const page = await pageAs('analyst@demo.recycle.cn', 'demo-analyst');
    await page.goto(`${e2e.server.url}/map?city=SH&station=${openCode}`);
    const drawer = page.getByTestId('station-drawer');
    await expect.poll(() => drawer.getAttribute('data-status'), { timeout: 30_000 }).toBe('MAINTENANCE');
    await drawer.getByRole('heading', { level: 3, name: 'Latest drop-offs' }).waitFor();
    expect(await page.getByTestId('status-form').count()).toBe(0);
    expect(await page.getByLabel('Change status').count()).toBe(0);
    await screenshot(page, 'map-analyst-drawer');
    await page.context().close();
  });

  it('live: a drop-off logged by station staff shows on the open map within one refresh (20 s), no reload', async () => {
    const page = await pageAs('admin@demo.recycle.cn', 'demo-admin');
    await page.goto(`${e2e.server.url}/map?city=SH`);
    await expect.poll(() => mapSummary(page).then((s) => s.clusterTotal), { timeout: 30_000 }).toBeGreaterThan(0);
    const itemsBefore = Number(await page.getByTestId('map-summary').getAttribute('data-cluster-items'));
    const api = async <D extends TadaDocumentNode<unknown, never>>(
      document: D,
      variables: VariablesOf<D>,
      token?: string,
    ) => (await postGql(e2e.server.url, document, variables, token)).data!;
    const { signIn } = await api(
      graphql('mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { token } }'),
      {
        e: 'staff.sh00001@demo.recycle.cn',
        p: 'demo-staff',
      },
    );
    const logged = await api(
      graphql(`
        mutation ($input: LogDropOffsInput!) {
          logDropOffs(input: $input) {
            __typename
            ... on LogDropOffsPayload {
              accepted
            }
          }
        }
      `),
      {
        input: {
          stationCode: 'SH-00001',
          items: [{ idempotencyKey: `e2e-live-${Date.now()}`, materialCode: 'BOX_M', outcome: 'REUSED', quantity: 7 }],
        },
      },
      signIn.token,
    );
    expect(logged.logDropOffs).toEqual({ __typename: 'LogDropOffsPayload', accepted: 1 });
    await expect
      .poll(() => page.getByTestId('map-summary').getAttribute('data-cluster-items').then(Number), {
        timeout: 30_000,
        interval: 1000,
      })
      .toBe(itemsBefore + 7);
    await page.context().close();
  });

  it('says so in words when the API cannot be reached, and recovers on Retry', async () => {
    const page = await pageAs('admin@demo.recycle.cn', 'demo-admin');
    await page.route('**/graphql', (route) => route.abort('connectionrefused'));
    await page.goto(`${e2e.server.url}/map`);
    await expect
      .poll(() => page.getByRole('alert').first().textContent(), { timeout: 20_000 })
      .toContain('Cannot reach the server');
    await screenshot(page, 'map-unreachable');
    // The API is back: Retry loads the map and the message goes.
    await page.unroute('**/graphql');
    await page.getByRole('button', { name: 'Retry' }).first().click();
    await expect.poll(() => mapSummary(page).then((s) => s.clusterTotal), { timeout: 30_000 }).toBe(10_000);
    await expect.poll(() => page.getByRole('alert').count(), { timeout: 15_000 }).toBe(0);
    await page.context().close();
  });
});
