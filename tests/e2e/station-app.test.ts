// The station counter app (/station) in a real Chromium against the real server: entries made
// offline survive a reload and reach the server exactly once; a sync whose response is lost is
// not counted twice; a waybill scanned twice is one box; staff of another station cannot log.
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { browserAvailable, chromiumPath, screenshot, signInAs } from '@recycle/testing';
import { useE2E } from '../helpers/e2e.ts';

interface GqlBody<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}
interface StationFigures {
  items: number;
  dropOffs: number;
  keys: string[];
  operatingStatus: string;
  binItems: number;
}

describe.skipIf(!browserAvailable)('station counter app in Chromium', () => {
  const e2e = useE2E({ stations: 40 });
  let adminToken: string;
  let staffToken: string;

  async function api<T>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<GqlBody<T>> {
    const res = await fetch(`${e2e.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as GqlBody<T>;
  }
  async function tokenFor(email: string, password: string): Promise<string> {
    const r = await api<{ signIn: { token: string } }>(
      'mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { token } }',
      { e: email, p: password },
    );
    return r.data!.signIn.token;
  }
  /** Today's figures for a station straight from the API (as an admin), not through the app. */
  async function figures(code: string): Promise<StationFigures> {
    const r = await api<{
      station: {
        operatingStatus: string;
        binItems: number;
        totals: { items: number; dropOffs: number };
        dropOffs: { edges: { node: { idempotencyKey: string; voided: boolean } }[] };
      };
    }>(
      `query($c: String!) { station(code: $c) { operatingStatus binItems totals { items dropOffs } dropOffs(first: 100) { edges { node { idempotencyKey voided } } } } }`,
      { c: code },
      adminToken,
    );
    const s = r.data!.station;
    return {
      items: s.totals.items,
      dropOffs: s.totals.dropOffs,
      keys: s.dropOffs.edges.filter((e) => !e.node.voided).map((e) => e.node.idempotencyKey),
      operatingStatus: s.operatingStatus,
      binItems: s.binItems,
    };
  }

  async function staffPage(
    options: { serviceWorkers?: 'allow' | 'block'; path?: string } = {},
  ): Promise<{ context: BrowserContext; page: Page }> {
    const context = await e2e.browser.newContext({
      locale: 'en-GB',
      serviceWorkers: options.serviceWorkers ?? 'block',
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    await signInAs(page, e2e.server.url, 'staff.sh00001@demo.recycle.cn', 'demo-staff');
    if (options.path) await page.goto(`${e2e.server.url}${options.path}`);
    await page.getByRole('button', { name: /^Log 1 Corrugated box S: Reuse today \d+$/ }).waitFor();
    return { context, page };
  }
  const pending = (page: Page) => page.getByTestId('queue-count').getAttribute('data-pending').then(Number);
  /** Waits until the server holds `count` more entries than `before` and the device's queue is empty. */
  async function settled(page: Page, code: string, before: StationFigures, count: number): Promise<StationFigures> {
    await expect
      .poll(async () => (await figures(code)).dropOffs - before.dropOffs, { timeout: 60_000, interval: 500 })
      .toBe(count);
    await expect.poll(() => pending(page), { timeout: 30_000 }).toBe(0);
    return figures(code);
  }
  const logButton = (page: Page, material: string, outcome: 'Reuse' | 'Recycle') =>
    page.getByRole('button', { name: new RegExp(`^Log \\d+ ${material}: ${outcome} today \\d+$`) });

  beforeAll(async () => {
    [adminToken, staffToken] = await Promise.all([
      tokenFor('admin@demo.recycle.cn', 'demo-admin'),
      tokenFor('staff.sh00001@demo.recycle.cn', 'demo-staff'),
    ]);
  });

  it('20 entries logged offline survive a reload and reach the server exactly once', async () => {
    const { context, page } = await staffPage({ serviceWorkers: 'allow' });
    // The service worker must control the page before the network goes, so the reload is served from its cache.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
    const before = await figures('SH-00001');
    await expect.poll(() => page.getByTestId('total-items').textContent()).toBe(String(before.items));

    await context.setOffline(true);
    for (let i = 0; i < 15; i++) await logButton(page, 'Corrugated box S', 'Reuse').click();
    for (let i = 0; i < 5; i++) {
      await page.getByRole('button', { name: 'More' }).click();
      await page.getByRole('button', { name: 'More' }).click();
      await logButton(page, 'Plastic mailer bag', 'Recycle').click();
    }
    await expect.poll(() => pending(page)).toBe(20);
    // 15 × 1 + 5 × 3 items, counted on the screen before the server has them.
    await expect.poll(() => page.getByTestId('total-items').textContent()).toBe(String(before.items + 30));

    await page.reload();
    await expect.poll(() => pending(page), { timeout: 15_000 }).toBe(20);
    await expect.poll(() => page.getByTestId('total-items').textContent()).toBe(String(before.items + 30));
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Offline' }).count()).toBe(1);
    await screenshot(page, 'station-offline-20-queued');
    expect((await figures('SH-00001')).dropOffs).toBe(before.dropOffs); // nothing reached the server

    await context.setOffline(false);
    const after = await settled(page, 'SH-00001', before, 20);
    expect(after.items - before.items).toBe(30);
    expect(after.dropOffs - before.dropOffs).toBe(20);
    await expect.poll(() => page.getByTestId('total-items').textContent()).toBe(String(after.items));
    await screenshot(page, 'station-synced');
    await context.close();
  });

  it('entries made offline survive closing the browser and are sent after it is started again', async () => {
    const profile = mkdtempSync(path.join(tmpdir(), 'station-profile-'));
    const launch = (offline: boolean) =>
      chromium.launchPersistentContext(profile, {
        executablePath: chromiumPath,
        args: ['--no-sandbox', '--disable-gpu'],
        locale: 'en-GB',
        offline,
      });
    try {
      let context = await launch(false);
      let page = context.pages()[0] ?? (await context.newPage());
      await signInAs(page, e2e.server.url, 'staff.sh00001@demo.recycle.cn', 'demo-staff');
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
      await logButton(page, 'Corrugated box L', 'Reuse').waitFor(); // materials are cached by the first online visit
      const before = await figures('SH-00001');
      await context.setOffline(true);
      for (let i = 0; i < 3; i++) await logButton(page, 'Corrugated box L', 'Reuse').click();
      await expect.poll(() => pending(page)).toBe(3);
      await context.close(); // the whole browser goes away with the queue unsent

      context = await launch(true); // started again, still with no network
      page = context.pages()[0] ?? (await context.newPage());
      await page.goto(`${e2e.server.url}/station`);
      await expect.poll(() => pending(page), { timeout: 15_000 }).toBe(3);
      expect((await figures('SH-00001')).dropOffs).toBe(before.dropOffs);
      await context.setOffline(false);
      const after = await settled(page, 'SH-00001', before, 3);
      expect(after.items - before.items).toBe(3);
      await context.close();
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  });

  it('a sync whose response is lost is resent and counted once', async () => {
    const { context, page } = await staffPage();
    const before = await figures('SH-00001');
    const sent: string[][] = [];
    let dropped = 0;
    await page.route('**/graphql', async (route) => {
      const body = route.request().postDataJSON() as {
        query: string;
        variables: { input?: { items: { idempotencyKey: string }[] } };
      };
      if (!body.query.includes('logDropOffs')) return route.continue();
      sent.push(body.variables.input!.items.map((i) => i.idempotencyKey));
      if (dropped === 0) {
        dropped++;
        await route.fetch(); // the server receives and stores the batch...
        return route.abort('connectionreset'); // ...and the answer never arrives
      }
      return route.continue();
    });
    for (let i = 0; i < 3; i++) await logButton(page, 'Corrugated box M', 'Recycle').click();
    const after = await settled(page, 'SH-00001', before, 3);
    expect(sent.length).toBeGreaterThanOrEqual(2);
    // the lost batch's keys are sent again (with any entries queued meanwhile, on a slow machine)
    expect(sent[1]).toEqual(expect.arrayContaining(sent[0]!));
    expect(after.items - before.items).toBe(3);
    expect(after.dropOffs - before.dropOffs).toBe(3);
    for (const key of sent[0]!) expect(after.keys.filter((k) => k === key)).toHaveLength(1);
    await expect.poll(() => page.getByTestId('total-items').textContent()).toBe(String(after.items));
    await context.close();
  });

  it('two tabs share one queue and never send the same entry twice (Web Locks)', async () => {
    const { context, page } = await staffPage();
    const second = await context.newPage();
    await second.goto(`${e2e.server.url}/station`);
    await logButton(second, 'Corrugated box S', 'Recycle').waitFor();
    const before = await figures('SH-00001');
    const sentKeys: string[] = [];
    await context.route('**/graphql', async (route) => {
      const body = route.request().postDataJSON() as {
        variables: { input?: { items?: { idempotencyKey: string }[] } };
      };
      for (const i of body.variables.input?.items ?? []) sentKeys.push(i.idempotencyKey);
      return route.continue();
    });
    for (let i = 0; i < 5; i++) {
      await logButton(page, 'Corrugated box S', 'Recycle').click();
      await logButton(second, 'Corrugated box S', 'Recycle').click();
    }
    const after = await settled(page, 'SH-00001', before, 10);
    await expect.poll(() => pending(second), { timeout: 30_000 }).toBe(0);
    expect(after.items - before.items).toBe(10);
    expect(sentKeys).toHaveLength(10);
    expect(new Set(sentKeys).size).toBe(10);
    await context.close();
  });

  it('scanning the same waybill twice logs one box', async () => {
    const { context, page } = await staffPage();
    const before = await figures('SH-00001');
    const scanField = page.getByLabel(/Scan waybill/);
    await scanField.fill('YT9876543210');
    await scanField.press('Enter');
    await expect.poll(() => page.getByTestId('feedback').textContent()).toContain('Scanned YT9876543210');
    await scanField.fill('YT9876543210');
    await scanField.press('Enter');
    await expect
      .poll(() => page.getByTestId('feedback').textContent())
      .toBe('YT9876543210 was already scanned: counted once.');
    const after = await settled(page, 'SH-00001', before, 1);
    expect(after.items - before.items).toBe(1);
    expect(after.keys.filter((k) => k === 'YT9876543210')).toHaveLength(1);
    await screenshot(page, 'station-scan-duplicate');
    await context.close();
  });

  it('a waybill another device logged as something else is refused as a conflict; the app says why (en, zh) and offers only Delete', async () => {
    // Another device logged this parcel first, as a large box for recycling.
    const first = await api<{ logDropOffs: { accepted: number } }>(
      'mutation($i: LogDropOffsInput!) { logDropOffs(input: $i) { ... on LogDropOffsPayload { accepted } } }',
      {
        i: {
          stationCode: 'SH-00001',
          items: [{ idempotencyKey: 'JD0000000001', materialCode: 'BOX_L', outcome: 'RECYCLED', quantity: 1 }],
        },
      },
      adminToken,
    );
    expect(first.data!.logDropOffs.accepted).toBe(1);
    const before = await figures('SH-00001');
    const { context, page } = await staffPage();
    const scanField = page.getByLabel(/Scan waybill/);
    await scanField.fill('JD0000000001'); // scans log as corrugated box M, reuse, at the time of the scan
    await scanField.press('Enter');
    const rejected = page.getByTestId('rejected-entry');
    await expect.poll(() => rejected.count(), { timeout: 30_000 }).toBe(1);
    expect(await page.getByTestId('conflict-reason').textContent()).toBe(
      'Reason: this key was already logged with a different material / outcome (reuse/recycle) / time. This entry was not stored; the server keeps the first one. Check it, then delete this entry.',
    );
    expect(await rejected.getByRole('button', { name: 'Send again' }).count()).toBe(0);
    expect(await pending(page)).toBe(0);
    await screenshot(page, 'station-conflict-en');
    await page.getByRole('button', { name: '中文', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('conflict-reason').textContent())
      .toBe(
        '原因：此编号已经登记过，但材料 / 去向（留用/回收） / 时间不同。本条未保存，服务器保留了先登记的那条。请核对后删除本条。',
      );
    await screenshot(page, 'station-conflict-zh');
    await page.getByRole('button', { name: 'English', exact: true }).click();
    // The server still holds the first entry only.
    const after = await figures('SH-00001');
    expect(after.dropOffs).toBe(before.dropOffs);
    expect(after.keys.filter((k) => k === 'JD0000000001')).toHaveLength(1);
    await rejected.getByRole('button', { name: /Delete/ }).click();
    await expect.poll(() => rejected.count()).toBe(0);
    await context.close();
  });

  it('staff of another station cannot log there: the API refuses and the app shows why', async () => {
    const before = await figures('SH-00002');
    const direct = await api(
      'mutation($i: LogDropOffsInput!) { logDropOffs(input: $i) { __typename } }',
      {
        i: {
          stationCode: 'SH-00002',
          items: [{ idempotencyKey: 'e2e-other-1', materialCode: 'BOX_M', outcome: 'REUSED', quantity: 1 }],
        },
      },
      staffToken,
    );
    expect(direct.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const { context, page } = await staffPage({ path: '/station?station=SH-00002' });
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toBe('You cannot log at station SH-00002: only at your own station.');
    await logButton(page, 'Corrugated box M', 'Reuse').click();
    const rejected = page.getByTestId('rejected-entry');
    await expect.poll(() => rejected.count(), { timeout: 30_000 }).toBe(1);
    expect(await rejected.textContent()).toMatch(/Reason: .+/);
    expect(await pending(page)).toBe(0);
    await screenshot(page, 'station-other-station-refused');
    const after = await figures('SH-00002');
    expect(after.items).toBe(before.items);
    expect(after.dropOffs).toBe(before.dropOffs);
    await context.close();
  });

  it('undo voids the last entry; bin full, picked up and close/open reach the server', async () => {
    const { context, page } = await staffPage();
    const start = await figures('SH-00001');
    await logButton(page, 'Foam fill', 'Recycle').click();
    const logged = await settled(page, 'SH-00001', start, 1);
    await page.getByRole('button', { name: 'Undo last' }).click();
    await expect.poll(() => page.getByTestId('feedback').textContent()).toBe('Voided: 1 × Foam fill');
    const undone = await figures('SH-00001');
    expect(undone.items).toBe(logged.items - 1);
    expect(undone.dropOffs).toBe(logged.dropOffs - 1);

    await page.getByRole('button', { name: 'Bin is full' }).click();
    await expect.poll(async () => (await figures('SH-00001')).operatingStatus).toBe('FULL');
    await page.getByLabel('Weight collected (kg)').fill('12.5');
    await page.getByRole('button', { name: 'Picked up' }).click();
    await expect
      .poll(() => page.getByTestId('feedback').textContent())
      .toMatch(/^Pickup of 12.5 kg recorded; \d+ items cleared\.$/);
    const picked = await figures('SH-00001');
    expect(picked.binItems).toBe(0);
    expect(picked.operatingStatus).toBe('OPEN');
    await expect.poll(() => page.getByTestId('bin-fill').textContent()).toMatch(/^0 \/ \d+ items/);
    await page.getByRole('button', { name: 'Close station' }).click();
    await expect.poll(async () => (await figures('SH-00001')).operatingStatus).toBe('CLOSED');
    await page.getByRole('button', { name: 'Open station' }).click();
    await expect.poll(async () => (await figures('SH-00001')).operatingStatus).toBe('OPEN');
    await context.close();
  });

  it('keyboard only: Tab to a button, + raises the quantity, Enter logs; a scan while a button has focus is a scan; a void takes a reason', async () => {
    const { context, page } = await staffPage();
    const before = await figures('SH-00001');
    const focusedLabel = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
    for (let i = 0; i < 20 && !/^Log \d+ Corrugated box S: Reuse today \d+$/.test(await focusedLabel()); i++)
      await page.keyboard.press('Tab');
    await page.keyboard.press('+');
    expect(await focusedLabel()).toMatch(/^Log 2 Corrugated box S: Reuse today \d+$/);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('feedback').textContent()).toBe('Logged 2 × Corrugated box S (Reuse)');
    await page.keyboard.press('ArrowRight');
    expect(await focusedLabel()).toMatch(/^Log 1 Corrugated box S: Recycle today \d+$/);
    // A USB scanner types while that button has focus: its digits and Enter must not press it.
    await page.keyboard.type('987654321012\n', { delay: 5 });
    await expect.poll(() => page.getByTestId('feedback').textContent()).toMatch(/^Scanned 987654321012: 1 × /);
    const logged = await settled(page, 'SH-00001', before, 2);
    expect(logged.items - before.items).toBe(3);
    expect(logged.keys).toContain('987654321012');

    await page.getByTestId('today-row').first().getByRole('button', { name: 'Void' }).click();
    await page.getByRole('radio', { name: 'Wrong quantity' }).check();
    await page.getByRole('button', { name: 'Void entry' }).click();
    await expect.poll(() => page.getByTestId('feedback').textContent()).toMatch(/^Voided: 1 × /);
    const voided = await figures('SH-00001');
    expect(voided.items).toBe(logged.items - 1); // the newest row: the scanned box
    expect(voided.dropOffs).toBe(logged.dropOffs - 1);
    await expect.poll(() => page.getByTestId('today-row').first().textContent()).toContain('voided (Wrong quantity)');
    await context.close();
  });

  it('the camera reads a waybill barcode (polyfill, wasm from this server) and logs it once while it stays in view', async () => {
    // Chromium's fake camera plays a Code 128 barcode of SF1234500001 (made with zxing-wasm's writer).
    const fixture = path.resolve('tests/e2e/fixtures/waybill-SF1234500001.mjpeg');
    const cameraBrowser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-video-capture=${fixture}`,
      ],
    });
    try {
      const context = await cameraBrowser.newContext({
        locale: 'en-GB',
        permissions: ['camera'],
        serviceWorkers: 'block',
      });
      const page = await context.newPage();
      await signInAs(page, e2e.server.url, 'staff.sh00001@demo.recycle.cn', 'demo-staff');
      const before = await figures('SH-00001');
      await page.getByRole('button', { name: /Scan with camera/ }).click();
      await expect
        .poll(() => page.getByTestId('feedback').textContent(), { timeout: 30_000 })
        .toMatch(/^Scanned SF1234500001: 1 × /);
      await settled(page, 'SH-00001', before, 1);
      await page.waitForTimeout(4_000); // still in view: read again, counted once
      const after = await figures('SH-00001');
      expect(after.dropOffs - before.dropOffs).toBe(1);
      expect(after.keys.filter((k) => k === 'SF1234500001')).toHaveLength(1);
      await screenshot(page, 'station-camera-scan');
      await context.close();
    } finally {
      await cameraBrowser.close();
    }
  });

  it('senior mode and Chinese: larger targets, the outcome chosen first, one tap logs', async () => {
    const { context, page } = await staffPage();
    await page.getByRole('button', { name: 'Senior mode' }).click();
    await page.getByRole('radio', { name: /Recycle/ }).click();
    const before = Number(await page.getByTestId('total-recycled').textContent());
    await page.getByRole('button', { name: /^Log 1 \(Recycle\): Paper fill today \d+$/ }).click();
    await expect.poll(() => page.getByTestId('total-recycled').textContent()).toBe(String(before + 1));
    const box = await page.getByRole('button', { name: /^Log 1 \(Recycle\): Paper fill today \d+$/ }).boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(100);
    await screenshot(page, 'station-senior-en');
    await page.getByRole('button', { name: '中文', exact: true }).click();
    await expect.poll(() => page.getByRole('button', { name: '撤销上一条' }).count()).toBe(1);
    await screenshot(page, 'station-senior-zh');
    await page.setViewportSize({ width: 390, height: 844 }); // a phone: totals first, one column
    await page.getByRole('button', { name: 'English', exact: true }).click();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390); // no sideways scrolling
    await screenshot(page, 'station-phone-senior-en');
    await context.close();
  });
});
