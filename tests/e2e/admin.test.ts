// The admin console (/admin), activation (/activate) and device pairing (/station/pair) in a real
// Chromium against the real server: an admin creates a city manager and the one-time code is
// shown; the manager activates with it and signs in; a dry run names a bad row and column and a
// good file is applied; a device paired with a code from the console logs drop-offs at the
// counter, online and offline, is revoked in the console and is refused at once; /admin has no serious axe violations.
import { beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { browserAvailable, screenshot, signInAs } from '@recycle/testing';
import { useE2E } from '../helpers/e2e.ts';
import { seriousViolations } from '../helpers/axe.ts';

interface GqlBody<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

describe.skipIf(!browserAvailable)('admin console, activation and device pairing in Chromium', () => {
  const e2e = useE2E({ stations: 40 });
  let adminToken: string;

  async function api<T>(
    query: string,
    variables: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ): Promise<GqlBody<T>> {
    const res = await fetch(`${e2e.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as GqlBody<T>;
  }
  const asAdmin = () => ({ authorization: `Bearer ${adminToken}` });
  const dropOffsAt = async (code: string) =>
    (
      await api<{ station: { totals: { dropOffs: number } } }>(
        `query($code: String!) { station(code: $code) { totals { dropOffs } } }`,
        { code },
        asAdmin(),
      )
    ).data!.station.totals.dropOffs;

  async function open(path: string, signIn: [string, string] | null): Promise<{ context: BrowserContext; page: Page }> {
    const context = await e2e.browser.newContext({
      locale: 'en-GB',
      serviceWorkers: 'block',
      viewport: { width: 1024, height: 768 },
    });
    const page = await context.newPage();
    // confirm() before revoking or resetting: accepted, as a person would.
    page.on('dialog', (d) => void d.accept());
    if (signIn) await signInAs(page, e2e.server.url, signIn[0], signIn[1]);
    await page.goto(`${e2e.server.url}${path}`);
    return { context, page };
  }
  const adminPage = (tab: string) =>
    open(`/admin${tab === 'users' ? '' : `?tab=${tab}`}`, ['admin@demo.recycle.cn', 'demo-admin']);

  beforeAll(async () => {
    const r = await api<{ signIn: { token: string } }>(
      'mutation { signIn(email: "admin@demo.recycle.cn", password: "demo-admin") { token } }',
    );
    adminToken = r.data!.signIn.token;
  });

  it('an admin creates a city manager, the one-time code is shown, the manager activates at /activate and signs in', async () => {
    const { context, page } = await adminPage('users');
    try {
      await page.getByRole('button', { name: 'New user' }).click();
      const form = page.getByRole('form', { name: 'Create and make an activation code' });
      await form.getByLabel('Name', { exact: true }).fill('Pudong manager E2E');
      await form.getByLabel('Email').fill('pudong.e2e@example.cn');
      await form.getByLabel('Role').selectOption('CITY_MANAGER');
      await form.getByLabel('City').selectOption('SH');
      await form.getByRole('button', { name: 'Create and make an activation code' }).click();
      const shown = page.getByTestId('activation-value');
      await shown.waitFor();
      const code = (await shown.textContent())!.trim();
      expect(code).toMatch(/^[A-Z0-9]{4}(-[A-Z0-9]{4})+$/);
      await expect.poll(() => page.getByTestId('activation').textContent()).toContain('/activate?code=');
      await expect.poll(() => page.getByTestId('user-row').first().textContent()).toContain('Pending activation');
      await screenshot(page, 'admin-user-created');

      // The manager, on their own device: a weak password is refused with the server's reason.
      const m = await open(`/activate?code=${encodeURIComponent(code)}`, null);
      try {
        await expect.poll(() => m.page.getByLabel('Activation code').inputValue()).toBe(code);
        await m.page.getByLabel('New password', { exact: true }).fill('password1');
        await m.page.getByLabel('New password again').fill('password1');
        await m.page.getByRole('button', { name: 'Set password and sign in' }).click();
        await expect
          .poll(() => m.page.getByRole('alert').textContent())
          .toMatch(/This password cannot be used: it is .*(common|guess)/);
        const strong = 'violet tram harbour cactus 42';
        await m.page.getByLabel('New password', { exact: true }).fill(strong);
        await m.page.getByLabel('New password again').fill(strong);
        await m.page.getByRole('button', { name: 'Set password and sign in' }).click();
        await m.page.waitForURL((u) => u.pathname === '/map');
        await expect.poll(() => m.page.locator('.who').textContent()).toContain('Pudong manager E2E');
        // Signed out, the new password signs in; the code does not work twice.
        await m.page.getByRole('button', { name: 'Sign out' }).click();
        await signInAs(m.page, e2e.server.url, 'pudong.e2e@example.cn', strong);
        expect(new URL(m.page.url()).pathname).toBe('/map');
        const again = await api<{ activateAccount: { __typename: string } }>(
          'mutation($c: String!) { activateAccount(code: $c, password: "another long phrase 77") { __typename } }',
          { c: code },
        );
        expect(again.data!.activateAccount.__typename).toBe('InputError');
      } finally {
        await m.context.close();
      }
    } finally {
      await context.close();
    }
  });

  it('a dry run reports a bad row by row and column and writes nothing; a good file is applied', async () => {
    const { context, page } = await adminPage('imports');
    try {
      const header = 'code,name,city,district,address,lat,lng,coord_system,bin_capacity,status';
      const bad = [
        header,
        'SH-30001,E2E 一号站,SH,浦东新区,世纪大道 1 号,31.2304,121.4737,WGS84,300,OPEN',
        'SH-30002,E2E 二号站,SH,浦东新区,世纪大道 2 号,31.2310,121.4740,WGS84,5,OPEN',
      ].join('\n');
      await page
        .locator('#import-file')
        .setInputFiles({ name: 'stations-bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
      await page.getByRole('button', { name: 'Check file' }).click();
      const issues = page.getByTestId('import-issues');
      await issues.waitFor({ timeout: 60_000 });
      const firstIssue = issues.locator('tbody tr').first();
      await expect.poll(() => firstIssue.locator('td').nth(0).textContent()).toBe('3');
      expect(await firstIssue.locator('td').nth(1).textContent()).toBe('bin_capacity');
      expect(await firstIssue.locator('td').nth(2).textContent()).toContain('"5"');
      expect(await page.getByRole('button', { name: /^Import these/ }).count()).toBe(0);
      const none = await api<{ stations: { totalCount: number } }>(
        '{ stations(search: "SH-3000") { totalCount } }',
        {},
        asAdmin(),
      );
      expect(none.data!.stations.totalCount).toBe(0);

      const good = bad.replace(/WGS84,5,OPEN$/, 'WGS84,250,OPEN');
      await page
        .locator('#import-file')
        .setInputFiles({ name: 'stations-good.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
      await page.getByRole('button', { name: 'Check file' }).click();
      await expect
        .poll(() => page.getByTestId('import-summary').textContent(), { timeout: 60_000 })
        .toBe('2 rows: 2 to create, 0 to update, 0 unchanged.');
      await page.getByRole('button', { name: 'Import these 2 rows' }).click();
      await expect
        .poll(() => page.getByTestId('import-summary').textContent(), { timeout: 60_000 })
        .toBe('Imported 2 rows: 2 created, 0 updated, 0 unchanged.');
      const made = await api<{
        stations: { totalCount: number; edges: { node: { code: string; binCapacity: number } }[] };
      }>('{ stations(search: "SH-3000") { totalCount edges { node { code binCapacity } } } }', {}, asAdmin());
      expect(made.data!.stations.edges.map((e) => [e.node.code, e.node.binCapacity])).toEqual([
        ['SH-30001', 300],
        ['SH-30002', 250],
      ]);
      await expect.poll(() => page.getByTestId('import-history').textContent()).toContain('stations-good.csv');
      await screenshot(page, 'admin-import-applied');
    } finally {
      await context.close();
    }
  });

  it('a device paired with a code from the console logs at the counter, online and offline (sent once when back), then is revoked in the console and refused at once', async () => {
    const admin = await adminPage('devices');
    const device = await open('/station/pair', null);
    try {
      await admin.page.locator('#pair-station').fill('SH-00002');
      await admin.page.getByRole('button', { name: 'Create pairing code' }).click();
      const shown = admin.page.getByTestId('pairing-value');
      await shown.waitFor();
      const code = (await shown.textContent())!.replace(/\D/g, '');
      expect(code).toHaveLength(8);

      await device.page.getByLabel('8-digit pairing code').fill(code);
      await device.page.getByLabel('Device name').fill('Counter PC E2E');
      await device.page.getByRole('button', { name: 'Pair this device' }).click();
      await expect.poll(() => device.page.getByTestId('paired-station').textContent()).toContain('(SH-00002)');
      const token = await device.page.evaluate(
        () => (JSON.parse(localStorage.getItem('recycle.device')!) as { token: string }).token,
      );

      // The counter, with nobody signed in: one entry reaches the server.
      const before = await api<{ station: { totals: { dropOffs: number } } }>(
        '{ station(code: "SH-00002") { totals { dropOffs } } }',
        {},
        asAdmin(),
      );
      await device.page.getByRole('link', { name: 'Open the counter' }).click();
      await expect.poll(() => device.page.getByTestId('device-banner').textContent()).toContain('Counter PC E2E');
      const log = device.page.getByRole('button', { name: /^Log 1 Corrugated box S: Reuse today \d+$/ });
      await log.waitFor({ timeout: 60_000 });
      await log.click();
      await expect
        .poll(
          async () =>
            (
              await api<{ station: { totals: { dropOffs: number } } }>(
                '{ station(code: "SH-00002") { totals { dropOffs } } }',
                {},
                asAdmin(),
              )
            ).data!.station.totals.dropOffs,
          { timeout: 60_000 },
        )
        .toBe(before.data!.station.totals.dropOffs + 1);

      // Offline, the paired counter keeps logging on the device; back online, the entries reach the
      // server exactly once, still under the device's credential (nobody is signed in).
      await device.context.setOffline(true);
      for (let i = 0; i < 3; i++) await log.click();
      await expect.poll(() => device.page.getByRole('status').filter({ hasText: 'Offline' }).count()).toBe(1);
      expect((await dropOffsAt('SH-00002')) - before.data!.station.totals.dropOffs).toBe(1);
      await device.context.setOffline(false);
      await expect
        .poll(() => dropOffsAt('SH-00002'), { timeout: 60_000 })
        .toBe(before.data!.station.totals.dropOffs + 4);

      // The console lists it with its last request, and revokes it.
      await admin.page.getByRole('button', { name: 'Refresh' }).click();
      const row = admin.page.getByTestId('device-row').filter({ hasText: 'Counter PC E2E' });
      await row.waitFor();
      expect(await row.textContent()).not.toContain('Never');
      await admin.page.getByRole('button', { name: 'Revoke Counter PC E2E (SH-00002)' }).click();
      await expect.poll(() => admin.page.getByRole('status').textContent()).toContain('is revoked');

      // The next request with its credential is refused, and the counter sends the device back to pairing.
      const refused = await api<{ station: unknown }>(
        '{ station(code: "SH-00002") { code } }',
        {},
        { 'x-device-token': token },
      );
      expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      await device.page.reload();
      await device.page.waitForURL((u) => u.pathname === '/station/pair', { timeout: 60_000 });
      await expect.poll(() => device.page.getByRole('alert').textContent()).toContain('This device was revoked');
      await screenshot(device.page, 'station-pair-revoked');
      // The reason outlives a reload (the counter may notice the revocation in a background request
      // before the reload above, or the PC restarts the next morning) until the device is paired again.
      await device.page.reload();
      await expect.poll(() => device.page.getByRole('alert').textContent()).toContain('This device was revoked');
    } finally {
      await device.context.close();
      await admin.context.close();
    }
  });

  it('/admin has no serious accessibility violations on any tab', async () => {
    const { context, page } = await adminPage('users');
    try {
      for (const tab of ['Users', 'Devices', 'Imports', 'Stations']) {
        await page.getByRole('tab', { name: tab }).click();
        await expect.poll(() => page.getByRole('tab', { name: tab }).getAttribute('aria-selected')).toBe('true');
        await page.getByRole('tabpanel').locator('table').first().waitFor();
        await page.waitForFunction(() => !document.querySelector('[aria-live]')?.textContent?.includes('Loading'));
        expect({ tab, violations: await seriousViolations(page) }).toEqual({ tab, violations: [] });
      }
      // Keyboard: arrow keys move between the tabs.
      await page.getByRole('tab', { name: 'Stations' }).focus();
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => page.getByRole('tab', { name: 'Users' }).getAttribute('aria-selected')).toBe('true');
    } finally {
      await context.close();
    }
  });
});
