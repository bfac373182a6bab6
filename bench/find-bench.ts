// `pnpm bench:find`: what a phone downloads to open the public station finder (/find) on a cold
// cache, against a baseline measured in the same run: the sign-in page (the app shell alone).
// Bytes are as transferred (gzip, headers excluded: CDP encodedDataLength minus nothing), counted
// per resource type; time is under Chrome's "Slow 4G"-like throttling (400 ms RTT, 400 kbit/s down).
import { launchBrowser, startDemoServer, type LaunchedBrowser } from '@recycle/testing';

type Browser = LaunchedBrowser['browser'];
type Page = Awaited<ReturnType<Browser['newPage']>>;

const THROTTLE = {
  offline: false,
  latency: 400,
  downloadThroughput: (400 * 1024) / 8,
  uploadThroughput: (400 * 1024) / 8,
};

async function firstLoad(browser: Browser, url: string, ready: (p: Page) => Promise<void>) {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    serviceWorkers: 'block',
    locale: 'zh-CN',
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', THROTTLE);
  const types = new Map<string, string>();
  const bytes = new Map<string, number>();
  cdp.on('Network.responseReceived', (e: { requestId: string; type: string }) => types.set(e.requestId, e.type));
  cdp.on('Network.loadingFinished', (e: { requestId: string; encodedDataLength: number }) => {
    const type = types.get(e.requestId) ?? 'Other';
    bytes.set(type, (bytes.get(type) ?? 0) + e.encodedDataLength);
  });
  const start = performance.now();
  await page.goto(url);
  await ready(page);
  const ms = performance.now() - start;
  await page.waitForTimeout(300);
  await context.close();
  const total = [...bytes.values()].reduce((a, b) => a + b, 0);
  return { ms, total, byType: Object.fromEntries(bytes) };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const [server, launched] = await Promise.all([startDemoServer({ stations: 400 }), launchBrowser()]);
try {
  const baseline = await firstLoad(launched.browser, `${server.url}/signin`, (p) =>
    p.getByRole('button', { name: /登录|Sign in/ }).waitFor(),
  );
  const find = await firstLoad(launched.browser, `${server.url}/find?city=SH`, async (p) => {
    await p.getByRole('button', { name: '查找', exact: true }).click();
    await p.getByTestId('find-results').locator('li').first().waitFor();
  });
  console.log(
    `\n**Finder first load** ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC: headless Chromium, phone viewport, cold cache, throttled to 400 ms RTT / 400 kbit/s.\n`,
  );
  console.log('| page | transferred | of which script | time to ready | vs sign-in |');
  console.log('| --- | --: | --: | --: | --: |');
  console.log(
    `| /signin (app shell, baseline) | ${kb(baseline.total)} | ${kb(baseline.byType.Script ?? 0)} | ${(baseline.ms / 1000).toFixed(2)} s | 1× |`,
  );
  console.log(
    `| /find?city=SH, until the first results show | ${kb(find.total)} | ${kb(find.byType.Script ?? 0)} | ${(find.ms / 1000).toFixed(2)} s | ${(find.total / baseline.total).toFixed(2)}× |`,
  );
  console.log(
    `\nBy type (/find): ${Object.entries(find.byType)
      .map(([k, v]) => `${k} ${kb(v)}`)
      .join(', ')}`,
  );
} finally {
  await launched.close();
  await server.stop();
}
