// Onboarding a station's staff end to end in a real Chromium against the real server: the city
// manager imports a staff file (dry run, apply), takes the printable activation codes once; the
// new staff member activates with the code, lands on the counter and logs a drop-off that reaches
// the server; the manager deactivates them in the console and their session and sign-in are
// refused at once. Checked through the API, not the UI's own word.
import { describe, expect, it } from 'vitest';
import { browserAvailable, screenshot } from '@recycle/testing';
import { useE2E } from '../helpers/e2e.ts';
import { e2eApi } from '../helpers/e2e-api.ts';
import { graphql } from '../../web/src/lib/graphql.ts';

const MANAGER: [string, string] = ['manager.sh@demo.recycle.cn', 'demo-manager'];
const PHONE = '13900009001';
const PASSWORD = 'copper lantern meadow 58';

describe.skipIf(!browserAvailable)(
  'staff onboarding in Chromium: import, codes, activation, counter, deactivation',
  () => {
    const e2e = useE2E({ stations: 40 });
    const api = e2eApi(e2e);

    it('a manager imports staff and hands out a code; the staff member activates, logs, and is refused once deactivated', async () => {
      const admin = await api.token('admin@demo.recycle.cn', 'demo-admin');
      const dropOffs = async () =>
        (await api.gql(admin, graphql('{ station(code: "SH-00002") { totals { dropOffs } } }'))).station!.totals
          .dropOffs;
      const before = await dropOffs();

      // 1. The manager: staff file → dry run → apply → the codes, once.
      const m = await api.adminPage(MANAGER, 'imports');
      let code: string;
      try {
        await m.page.getByLabel('Staff accounts').check();
        const csv = ['station_code,name,phone,email,role', `SH-00002,E2E 店员,${PHONE},,STATION_STAFF`].join('\n');
        await m.page
          .locator('#import-file')
          .setInputFiles({ name: 'staff.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
        await m.page.getByRole('button', { name: 'Check file' }).click();
        await m.page.getByRole('button', { name: 'Import these 1 rows' }).click({ timeout: 60_000 });
        await m.page.getByRole('button', { name: 'Show the 1 activation codes (once)' }).click({ timeout: 60_000 });
        const sheet = m.page.getByTestId('code-sheet');
        await expect.poll(() => sheet.locator('tbody tr').count()).toBe(1);
        const cells = (await sheet.locator('tbody tr td').allTextContents()).map((s) => s.trim());
        expect(cells.slice(0, 2)).toEqual(['E2E 店员', PHONE]);
        code = cells[2]!;
        expect(code).toMatch(/^[A-Z0-9]{4}(-[A-Z0-9]{4})+$/);
        await screenshot(m.page, 'admin-staff-codes');
      } finally {
        await m.context.close();
      }

      // 2. The staff member on the station's PC: activate, land on the counter, log one box.
      const context = await e2e.browser.newContext({
        locale: 'en-GB',
        serviceWorkers: 'block',
        viewport: { width: 1280, height: 900 },
      });
      const page = await context.newPage();
      try {
        await page.goto(`${e2e.server.url}/activate?code=${encodeURIComponent(code)}`);
        await page.getByLabel('New password', { exact: true }).fill(PASSWORD);
        await page.getByLabel('New password again').fill(PASSWORD);
        await page.getByRole('button', { name: 'Set password and sign in' }).click();
        await page.waitForURL((u) => u.pathname === '/station');
        await page.getByRole('button', { name: /^Log 1 Corrugated box S: Reuse today \d+$/ }).click();
        await expect.poll(dropOffs, { timeout: 30_000 }).toBe(before + 1);
        const staff = await api.token(PHONE, PASSWORD);

        // 3. The manager deactivates them: their token and their sign-in are refused at once.
        const d = await api.adminPage(MANAGER, 'users');
        try {
          await d.page.getByRole('search').getByLabel('Search').fill(PHONE);
          await d.page.getByRole('search').getByRole('button', { name: 'Filter' }).click();
          await d.page.getByRole('button', { name: 'Deactivate E2E 店员' }).click();
          await d.page.getByLabel('Reason').fill('Left the station (E2E)');
          await d.page.getByRole('button', { name: 'Deactivate E2E 店员' }).last().click();
          await expect
            .poll(() => d.page.getByRole('status').first().textContent())
            .toContain('E2E 店员 is deactivated; their sessions have ended.');
        } finally {
          await d.context.close();
        }
        await expect(api.gql(staff, graphql('{ station(code: "SH-00002") { code } }'))).rejects.toThrow(
          /deactivated|ended/,
        );
        await expect(api.token(PHONE, PASSWORD)).rejects.toThrow(/deactivated/);
        // Signing in again on another browser is refused with the reason.
        const again = await e2e.browser.newContext({ locale: 'en-GB', serviceWorkers: 'block' });
        try {
          const p = await again.newPage();
          await p.goto(`${e2e.server.url}/signin`);
          await p.getByLabel(/Email/).fill(PHONE);
          await p.getByLabel(/Password/).fill(PASSWORD);
          await p.getByRole('button', { name: /^Sign in$/ }).click();
          await expect
            .poll(() => p.getByRole('alert').first().textContent())
            .toContain('This account is deactivated; ask your manager');
          await screenshot(p, 'staff-deactivated-refused');
        } finally {
          await again.close();
        }
      } finally {
        await context.close();
      }
    });
  },
);
