// The security headers meet a real browser: every screen of the built web app runs under the
// Content-Security-Policy with no violation, and GraphiQL renders from this server's own bundle
// (Chromium here has no internet: a CDN page would stay blank).
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable, signInAs } from '@recycle/testing';
import { useE2E } from '../helpers/e2e.ts';

/** Collects CSP violations the page reports (a blocked script, style, image, worker or fetch). */
async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    (window as unknown as { cspViolations: string[] }).cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { cspViolations: string[] }).cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  const fromConsole: string[] = [];
  page.on(
    'console',
    (m) => void (m.type() === 'error' && /Content Security Policy/i.test(m.text()) && fromConsole.push(m.text())),
  );
  return async () => [
    ...fromConsole,
    ...(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)),
  ];
}

describe.skipIf(!browserAvailable)('security headers in Chromium', () => {
  const e2e = useE2E({ stations: 30 });

  it.each([
    ['staff.sh00001@demo.recycle.cn', 'demo-staff', '/station'],
    ['manager.sh@demo.recycle.cn', 'demo-manager', '/map'],
    ['analyst@demo.recycle.cn', 'demo-analyst', '/reports'],
  ])('%s: %s renders with no CSP violation', async (email, password, path) => {
    const context = await e2e.browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    const violations = await watchCsp(page);
    await signInAs(page, e2e.server.url, email, password);
    expect(new URL(page.url()).pathname).toBe(path);
    await page.waitForLoadState('networkidle');
    expect(await page.locator('main').count()).toBeGreaterThan(0);
    expect(await violations()).toEqual([]);
    await context.close();
  });

  it('GraphiQL renders offline from local assets, under its own policy, with no violation', async () => {
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    const violations = await watchCsp(page);
    const external: string[] = [];
    page.on(
      'request',
      (r) =>
        void (
          !r.url().startsWith(e2e.server.url) &&
          !r.url().startsWith('blob:') &&
          !r.url().startsWith('data:') &&
          external.push(r.url())
        ),
    );
    await page.goto(`${e2e.server.url}/graphql`);
    await page.locator('.graphiql-container').first().waitFor({ timeout: 60_000 });
    expect(external).toEqual([]);
    expect(await violations()).toEqual([]);
    await context.close();
  });
});
