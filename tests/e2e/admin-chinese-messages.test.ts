// A person using the Chinese UI sees the API's refusals in Chinese: the API sends each message
// with a stable code and params (api/src/domain/messages.ts) and the web translates the code
// (web/src/i18n/server-messages/). Checked in Chromium for a weak password at activation, a
// login another account already uses (admin console), and an import row problem by row and column.
import { beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { browserAvailable, screenshot, signInAs } from '@recycle/testing';
import { useE2E } from '../helpers/e2e.ts';

describe.skipIf(!browserAvailable)('server messages in the Chinese UI (Chromium)', () => {
  const e2e = useE2E({ stations: 20 });
  let adminToken: string;

  async function api<T>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
    const res = await fetch(`${e2e.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data: T; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    return body.data;
  }

  async function open(path: string, signIn: boolean): Promise<{ context: BrowserContext; page: Page }> {
    const context = await e2e.browser.newContext({
      locale: 'zh-CN',
      serviceWorkers: 'block',
      viewport: { width: 1024, height: 768 },
    });
    const page = await context.newPage();
    page.on('dialog', (d) => void d.accept());
    if (signIn) await signInAs(page, e2e.server.url, 'admin@demo.recycle.cn', 'demo-admin');
    await page.goto(`${e2e.server.url}${path}`);
    return { context, page };
  }

  beforeAll(async () => {
    adminToken = (
      await api<{ signIn: { token: string } }>(
        'mutation { signIn(email: "admin@demo.recycle.cn", password: "demo-admin") { token } }',
      )
    ).signIn.token;
  });

  it('activation: a weak password is refused in Chinese, and an unknown code too', async () => {
    const made = await api<{ createUser: { __typename: string; activation: { code: string } } }>(
      `mutation { createUser(input: { displayName: "中文测试员", email: "zh.e2e@example.cn", role: SUSTAINABILITY_ANALYST }) {
         __typename ... on UserActivation { activation { code } } } }`,
      {},
      adminToken,
    );
    expect(made.createUser.__typename).toBe('UserActivation');
    const { context, page } = await open(
      `/activate?code=${encodeURIComponent(made.createUser.activation.code)}`,
      false,
    );
    try {
      await page.getByLabel('新密码', { exact: true }).fill('password1');
      await page.getByLabel('再次输入新密码').fill('password1');
      await page.getByRole('button', { name: '设置密码并登录' }).click();
      // The server's reason (password.tooEasy.*), in Chinese; not its English text.
      await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/此密码不可用：密码太容易被猜到/);
      expect(await page.getByRole('alert').first().textContent()).not.toMatch(/guess|common/);
      await screenshot(page, 'activate-weak-password-zh');

      await page.getByLabel('激活码').fill('ZZZZ-ZZZZ-ZZZZ');
      await page.getByLabel('新密码', { exact: true }).fill('violet tram harbour cactus 42');
      await page.getByLabel('再次输入新密码').fill('violet tram harbour cactus 42');
      await page.getByRole('button', { name: '设置密码并登录' }).click();
      await expect.poll(() => page.locator('body').textContent()).toContain('激活码无效或已过期');
    } finally {
      await context.close();
    }
  });

  it('admin console: a login another account uses is refused in Chinese', async () => {
    const { context, page } = await open('/admin', true);
    try {
      await page.getByRole('button', { name: '新建用户' }).click();
      const form = page.getByRole('form', { name: '创建并生成激活码' });
      await form.getByLabel('姓名', { exact: true }).fill('重复邮箱');
      await form.getByLabel('邮箱').fill('admin@demo.recycle.cn');
      await form.getByLabel('角色').selectOption('SUSTAINABILITY_ANALYST');
      await form.getByRole('button', { name: '创建并生成激活码' }).click();
      await expect
        .poll(() => form.getByRole('alert').textContent())
        .toContain('admin@demo.recycle.cn 已被另一个账号使用');
    } finally {
      await context.close();
    }
  });

  it('imports: a dry run names the bad row and column with a Chinese problem', async () => {
    const { context, page } = await open('/admin?tab=imports', true);
    try {
      const csv = [
        'code,name,city,district,address,lat,lng,coord_system,bin_capacity,status',
        'SH-31001,中文一号站,SH,浦东新区,世纪大道 1 号,31.2304,121.4737,WGS84,300,OPEN',
        'SH-31002,中文二号站,XX,浦东新区,世纪大道 2 号,31.2310,121.4740,WGS84,5,OPEN',
      ].join('\n');
      await page
        .locator('#import-file')
        .setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await page.getByRole('button', { name: '检查文件' }).click();
      const rows = page.getByTestId('import-issues').locator('tbody tr');
      await rows.first().waitFor({ timeout: 60_000 });
      const cells = async () =>
        (await rows.all()).map(async (r) => (await r.locator('td').allTextContents()).map((s) => s.trim()));
      const table = await Promise.all(await cells());
      expect(table).toContainEqual(['3', 'city', '未知城市 “XX”（请使用城市代码如 SH，或城市名称）']);
      expect(table).toContainEqual(['3', 'bin_capacity', '“5” 不是 10 到 5000 之间的整数件数']);
      await screenshot(page, 'admin-import-issues-zh');
    } finally {
      await context.close();
    }
  });
});
