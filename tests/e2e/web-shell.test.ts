// The web app's shell in a real Chromium against the real server: sign-in, where each role lands,
// the language toggle, a wrong password, and signing out (the server forgets the session).
import { describe, expect, it } from 'vitest';
import { browserAvailable, screenshot, signInAs } from '@recycle/testing';
import { useE2E } from '../helpers/e2e.ts';

describe.skipIf(!browserAvailable)('web shell in Chromium', () => {
  const e2e = useE2E({ stations: 40 });

  it.each([
    ['manager.sh@demo.recycle.cn', '/map', 'city=SH', 'demo-manager'],
    ['staff.sh00001@demo.recycle.cn', '/station', '', 'demo-staff'],
    ['analyst@demo.recycle.cn', '/reports', '', 'demo-analyst'],
    ['admin@demo.recycle.cn', '/map', '', 'demo-admin'],
  ])('%s lands on %s', async (email, path, query, password) => {
    const context = await e2e.browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await signInAs(page, e2e.server.url, email, password);
    const url = new URL(page.url());
    expect(url.pathname).toBe(path);
    expect(url.search).toBe(query ? `?${query}` : '');
    await context.close();
  });

  it('a page the role may not open sends it home; signed-out visitors go to sign-in and come back', async () => {
    const context = await e2e.browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(`${e2e.server.url}/reports?period=nov11`);
    await page.waitForURL(/\/signin\?next=/);
    expect(new URL(page.url()).searchParams.get('next')).toBe('/reports?period=nov11');
    await page.getByLabel('Email').fill('staff.sh00001@demo.recycle.cn');
    await page.getByLabel('Password').fill('demo-staff');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/reports\?period=nov11$/);
    expect(new URL(page.url()).search).toBe('?period=nov11'); // back where they wanted to go, filters kept
    await page.goto(`${e2e.server.url}/map`);
    await page.waitForURL(/\/station$/);
    expect(new URL(page.url()).pathname).toBe('/station'); // staff may not open the map: sent home
    await context.close();
  });

  it('signing out ends the session on the server too: the token the page held is refused at once', async () => {
    const context = await e2e.browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await signInAs(page, e2e.server.url, 'analyst@demo.recycle.cn', 'demo-analyst');
    const token = await page.evaluate(
      () => (JSON.parse(localStorage.getItem('recycle.session')!) as { token: string }).token,
    );
    const me = async () => {
      const res = await fetch(`${e2e.server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ viewer { email } }' }),
      });
      return (await res.json()) as {
        data?: { viewer: { email: string } | null };
        errors?: { extensions?: { code?: string } }[];
      };
    };
    expect((await me()).data?.viewer?.email).toBe('analyst@demo.recycle.cn');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/signin$/);
    await expect.poll(async () => (await me()).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    await context.close();
  });

  it('a wrong password is refused in words, and the language toggle switches Chinese and English', async () => {
    const context = await e2e.browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${e2e.server.url}/signin`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('登录');
    await page.getByLabel('邮箱').fill('admin@demo.recycle.cn');
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('邮箱或密码不正确。');
    await screenshot(page, 'shell-signin-error-zh');
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en-GB');
    await context.close();
  });
});
