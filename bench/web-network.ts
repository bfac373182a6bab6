// First load over a slow network, for `pnpm bench:web`: the counter (/station, staff, on a
// 390x844 phone) and the map (/map, city manager, 1280x800) served by the real server
// (`pnpm start`'s path, a seeded embedded database), with Chromium's network emulation
// (Network.emulateNetworkConditions) at a 4G-like and a Fast-3G-like profile. Each page loads
// cold (a fresh browser context: empty HTTP cache, no service worker) and then warm (the same
// context again, its service worker installed and its HTTP cache filled). Baseline in the same
// run: the same load with no emulation. Measured from navigation start (performance.now() in
// the page) to the log buttons visible / the map's first drawn clusters; bytes are what the
// page's own requests took off the wire (headers included) until then. The service worker's
// precache downloads run in its own target, which the page's emulation does not slow and these
// bytes do not count.
import { signInAs, startDemoServer, type LaunchedBrowser } from '@recycle/testing';

// playwright-core's types through the testing package (the root package does not depend on it).
type Browser = LaunchedBrowser['browser'];
type BrowserContext = Awaited<ReturnType<Browser['newContext']>>;
type Page = Awaited<ReturnType<BrowserContext['newPage']>>;

interface Profile {
  name: string;
  /** Kilobits per second, and the round trip Chromium adds to every request; null: no emulation. */
  conditions: { downKbps: number; upKbps: number; rttMs: number } | null;
}

export const PROFILES: Profile[] = [
  { name: 'no emulation', conditions: null },
  { name: '4G-like (9 Mbps, 60 ms)', conditions: { downKbps: 9_000, upKbps: 3_000, rttMs: 60 } },
  { name: 'Fast-3G-like (1.6 Mbps, 150 ms)', conditions: { downKbps: 1_600, upKbps: 750, rttMs: 150 } },
];

interface Screen {
  name: string;
  path: string;
  account: [email: string, password: string];
  viewport: { width: number; height: number };
  mobile: boolean;
  /** In the page: performance.now() once the screen is usable, false before (run by CDP: the app's CSP forbids eval). */
  ready: () => number | false;
}

const SCREENS: Screen[] = [
  {
    name: 'counter 390×844 (log buttons)',
    path: '/station',
    account: ['staff.sh00001@demo.recycle.cn', 'demo-staff'],
    viewport: { width: 390, height: 844 },
    mobile: true,
    ready: () => !!document.querySelector('button.log')?.checkVisibility() && performance.now(),
  },
  {
    name: 'map 1280×800 (first clusters)',
    path: '/map?city=SH',
    account: ['manager.sh@demo.recycle.cn', 'demo-manager'],
    viewport: { width: 1280, height: 800 },
    mobile: false,
    ready: () =>
      Number(document.querySelector('[data-testid="map-summary"]')?.getAttribute('data-cluster-total')) > 0 &&
      performance.now(),
  },
];

export interface LoadFigure {
  profile: string;
  screen: string;
  cache: 'cold' | 'warm';
  ms: number;
  bytes: number;
  requests: number;
}

/** One navigation under a profile: ms to ready from navigation start, and the bytes until then. */
async function measure(
  page: Page,
  url: string,
  screen: Screen,
  profile: Profile,
): Promise<Omit<LoadFigure, 'profile' | 'screen' | 'cache'>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const c = profile.conditions;
  await cdp.send(
    'Network.emulateNetworkConditions',
    c
      ? {
          offline: false,
          latency: c.rttMs,
          downloadThroughput: (c.downKbps * 1000) / 8,
          uploadThroughput: (c.upKbps * 1000) / 8,
        }
      : { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 },
  );
  let bytes = 0;
  let requests = 0;
  let counting = true;
  cdp.on('Network.loadingFinished', (e) => {
    if (!counting) return;
    bytes += e.encodedDataLength;
    requests++;
  });
  await page.goto(url, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(screen.ready, null, { polling: 'raf', timeout: 180_000 });
  counting = false;
  const ms = (await handle.jsonValue()) as number;
  await cdp.detach();
  return { ms, bytes, requests };
}

/** Cold and warm first loads of each screen under each profile, `runs` times each (fresh contexts). */
export async function networkLoads(
  browser: Browser,
  options: { stations: number; runs: number },
): Promise<LoadFigure[]> {
  const server = await startDemoServer({ stations: options.stations });
  const figures: LoadFigure[] = [];
  try {
    for (const screen of SCREENS) {
      // Signed in once (no service worker, so nothing is cached for later contexts but the session).
      const signIn = await browser.newContext({ viewport: screen.viewport, serviceWorkers: 'block' });
      await signInAs(await signIn.newPage(), server.url, ...screen.account);
      const storageState = await signIn.storageState();
      await signIn.close();
      // One load not counted: the first page of a browser pays for its own start-up (disk cache, JIT).
      const warmUp = await browser.newContext({ storageState, viewport: screen.viewport });
      await measure(await warmUp.newPage(), `${server.url}${screen.path}`, screen, PROFILES[0]!);
      await warmUp.close();
      for (let run = 0; run < options.runs; run++) {
        // Rotated each run, so no profile always follows the same one.
        for (const profile of PROFILES.map((_, i) => PROFILES[(i + run) % PROFILES.length]!)) {
          const context: BrowserContext = await browser.newContext({
            storageState,
            viewport: screen.viewport,
            isMobile: screen.mobile,
            hasTouch: screen.mobile,
            locale: 'zh-CN',
          });
          try {
            const page = await context.newPage();
            const cold = await measure(page, `${server.url}${screen.path}`, screen, profile);
            figures.push({ profile: profile.name, screen: screen.name, cache: 'cold', ...cold });
            // Warm means what a second visit finds: the service worker active, its precache done.
            await page.evaluate(() =>
              Promise.race([navigator.serviceWorker.ready, new Promise((r) => setTimeout(r, 30_000))]),
            );
            const warm = await measure(page, `${server.url}${screen.path}`, screen, profile);
            figures.push({ profile: profile.name, screen: screen.name, cache: 'warm', ...warm });
            console.log(
              `${screen.name}, ${profile.name}: cold ${cold.ms.toFixed(0)} ms ${(cold.bytes / 1024).toFixed(0)} KiB; warm ${warm.ms.toFixed(0)} ms ${(warm.bytes / 1024).toFixed(0)} KiB`,
            );
          } finally {
            await context.close();
          }
        }
      }
    }
  } finally {
    await server.stop();
  }
  return figures;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Markdown rows (medians over the runs), each with its ratio to the no-emulation load of the same screen and cache. */
export function networkTable(figures: LoadFigure[]): string[] {
  const key = (f: Pick<LoadFigure, 'profile' | 'screen' | 'cache'>) => `${f.screen}|${f.cache}|${f.profile}`;
  const groups = new Map<string, LoadFigure[]>();
  for (const f of figures) groups.set(key(f), [...(groups.get(key(f)) ?? []), f]);
  const med = (k: string) => {
    const g = groups.get(k)!;
    return {
      ms: median(g.map((f) => f.ms)),
      bytes: median(g.map((f) => f.bytes)),
      requests: median(g.map((f) => f.requests)),
    };
  };
  const rows = [
    '| screen | cache | network | time to usable | transferred (requests) | those bytes at that bandwidth | vs no emulation |',
    '|---|---|---|---:|---:|---:|---:|',
  ];
  for (const screen of new Set(figures.map((f) => f.screen))) {
    for (const cache of ['cold', 'warm'] as const) {
      const base = med(key({ screen, cache, profile: PROFILES[0]!.name }));
      for (const { name: profile, conditions } of PROFILES) {
        const m = med(key({ screen, cache, profile }));
        // The floor the link alone sets (no round trips, no CPU): what is left above it is waiting and work.
        const wire = conditions ? `${((m.bytes * 8) / conditions.downKbps).toFixed(0)} ms` : '–';
        rows.push(
          `| ${screen} | ${cache} | ${profile} | ${m.ms.toFixed(0)} ms | ${(m.bytes / 1024).toFixed(0)} KiB (${m.requests}) | ${wire} | ${(m.ms / base.ms).toFixed(1)}× |`,
        );
      }
    }
  }
  return rows;
}
