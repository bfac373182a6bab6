// pnpm bench:web: the map dashboard's rendering in headless Chromium, for 10,000 and 100,000
// stations (the seed's own generator, seed 42: the same positions and planned statuses a seeded
// database holds), beside a baseline measured in the same run on the same points: plain supercluster
// + Leaflet circle markers on a canvas renderer. Figures, not a test.
//   first render: data in memory (parsed) → index built → map created → first frame painted
//                 (garbage of the previous run collected first, for both implementations)
//   pan / zoom:   one panBy(300 px) or setZoom(±1) → the next frame (work + waiting for the frame)
//   → drawn:      the same, to the first frame after the dashboard's worker drawings for it landed
//                 (its basemap and clusters draw off the main thread; the next step waits for them)
// Each at full CPU speed and with Chromium's CPU throttled 4× (a slow phone or tablet). The
// dashboard draws the bundled basemap (web/public/basemap) under the clusters; the baseline does not.
// Then the first load of the counter and the map over a slowed network, cold and warm
// (bench/web-network.ts). BENCH_WEB_SHORT=1: one size, 3 runs, one network round (~2 minutes);
// BENCH_WEB_PARTS=render or =network runs one part.
// Writes bench/results/web-latest.md and prints it.
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateStations } from '../seeds/src/network.ts';
import { launchBrowser } from '@recycle/testing';
import { networkLoads, networkTable } from './web-network.ts';
import { profileParts, type BenchPageWindow } from './web-profile.ts';

const SHORT = process.env.BENCH_WEB_SHORT === '1';
const PARTS = (process.env.BENCH_WEB_PARTS ?? 'render,network').split(',');
const SIZES = (process.env.BENCH_WEB_SIZES ?? (SHORT ? '10000' : '10000,100000')).split(',').map(Number);
const RUNS = Number(process.env.BENCH_WEB_RUNS ?? (SHORT ? 3 : 9));
const STEPS = Number(process.env.BENCH_WEB_STEPS ?? (SHORT ? 6 : 12));
const NET_RUNS = Number(process.env.BENCH_WEB_NET_RUNS ?? (SHORT ? 1 : 3));
const NET_STATIONS = Number(process.env.BENCH_WEB_NET_STATIONS ?? 2000);
const IMPLS = ['baseline', 'dashboard'] as const;
const THROTTLE = (process.env.BENCH_WEB_THROTTLE ?? '1,4').split(',').map(Number);

/** The map payload as `mapStations` sends it, for n seeded stations (items: ~80/day × size). */
function mapData(n: number) {
  const stations = generateStations({ seed: 42, stations: n });
  return {
    count: n,
    day: '2026-11-11',
    generatedAt: new Date().toISOString(),
    codes: stations.map((s) => s.code),
    lat: stations.map((s) => s.lat),
    lng: stations.map((s) => s.lng),
    status: stations.map((s) => s.plan),
    todayItems: stations.map((s) => (s.plan === 'OPEN' || s.plan === 'FULL' ? Math.round(80 * s.sizeFactor) : 0)),
    binFillPercent: stations.map((s) => (s.plan === 'FULL' ? 100 : 40)),
  };
}

const min = (xs: number[]) => Math.min(...xs);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;
const ms = (x: number) => `${x.toFixed(0)} ms`;

const dir = mkdtempSync(path.join(os.tmpdir(), 'web-bench-'));
execFileSync(
  process.execPath,
  [
    'node_modules/vite/bin/vite.js',
    'build',
    'src/routes/map/bench',
    '--config',
    'vite.config.ts',
    '--outDir',
    dir,
    '--emptyOutDir',
    '--base',
    '/',
    '--logLevel',
    'warn',
    // A profile names the functions: an unminified build then.
    ...(process.env.BENCH_WEB_PROFILE === '1' ? ['--minify', 'false'] : []),
  ],
  { cwd: 'web', stdio: 'inherit' },
);
cpSync('web/public/basemap', path.join(dir, 'basemap'), { recursive: true });
for (const n of SIZES) writeFileSync(path.join(dir, `data-${n}.json`), JSON.stringify(mapData(n)));

const server = createServer((req, res) => {
  const file = path.join(
    dir,
    decodeURIComponent((req.url ?? '/').split('?')[0]!) === '/'
      ? 'index.html'
      : decodeURIComponent(req.url!.split('?')[0]!),
  );
  if (!file.startsWith(dir) || !existsSync(file)) return void res.writeHead(404).end();
  const type = file.endsWith('.js')
    ? 'text/javascript'
    : file.endsWith('.css')
      ? 'text/css'
      : file.endsWith('.json')
        ? 'application/json'
        : 'text/html';
  res.writeHead(200, { 'content-type': type }).end(readFileSync(file));
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;

const { browser, close } = await launchBrowser(['--js-flags=--expose-gc']);
const rows: string[] = [];
let netRows: string[] = [];
const load = os.loadavg()[0]!.toFixed(1);
try {
  if (PARTS.includes('render')) await renderPart();
  if (PARTS.includes('network'))
    netRows = networkTable(await networkLoads(browser, { stations: NET_STATIONS, runs: NET_RUNS }));
} finally {
  await close();
  server.close();
  rmSync(dir, { recursive: true, force: true });
}

async function renderPart(): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(url);
  const cdp = await page.context().newCDPSession(page);
  for (const rate of THROTTLE)
    for (const n of SIZES) {
      await cdp.send('Emulation.setCPUThrottlingRate', { rate });
      await page.evaluate((u) => (window as unknown as BenchPageWindow).bench.load(u), `${url}data-${n}.json`);
      const results: Record<
        string,
        { first: number[]; pan: number[]; zoom: number[]; panDrawn: number[]; zoomDrawn: number[] }
      > = {
        baseline: { first: [], pan: [], zoom: [], panDrawn: [], zoomDrawn: [] },
        dashboard: { first: [], pan: [], zoom: [], panDrawn: [], zoomDrawn: [] },
      };
      for (let run = 0; run < RUNS; run++) {
        // Alternate which goes first so neither always gets the warmer JIT.
        for (const impl of run % 2 ? [...IMPLS].reverse() : IMPLS) {
          const r = await page.evaluate(([i, s]) => (window as unknown as BenchPageWindow).bench.run(i, s), [
            impl,
            STEPS,
          ] as const);
          results[impl]!.first.push(r.first);
          results[impl]!.pan.push(...r.pan);
          results[impl]!.zoom.push(...r.zoom);
          results[impl]!.panDrawn.push(...r.panDrawn);
          results[impl]!.zoomDrawn.push(...r.zoomDrawn);
        }
      }
      const b = results.baseline!,
        d = results.dashboard!;
      const ratio = median(d.first) / median(b.first);
      const ratioMin = min(d.first) / min(b.first);
      rows.push(
        `| ${rate}× | ${n.toLocaleString('en')} | ${ms(median(b.first))} / ${ms(min(b.first))} | ${ms(median(d.first))} / ${ms(min(d.first))} | ${ratio.toFixed(2)}× / ${ratioMin.toFixed(2)}× | ${ms(median(b.pan))} / ${ms(p95(b.pan))} | ${ms(median(d.pan))} / ${ms(p95(d.pan))} | ${ms(median(b.zoom))} / ${ms(p95(b.zoom))} | ${ms(median(d.zoom))} / ${ms(p95(d.zoom))} | ${ms(median(d.panDrawn))} / ${ms(p95(d.panDrawn))} | ${ms(median(d.zoomDrawn))} / ${ms(p95(d.zoomDrawn))} |`,
      );
      console.log(
        `${n} at ${rate}× CPU: first renders, ms: baseline ${b.first.map((x) => x.toFixed(0)).join(' ')}; dashboard ${d.first.map((x) => x.toFixed(0)).join(' ')}`,
      );
      console.log(rows.at(-1));
    }
  if (process.env.BENCH_WEB_PROFILE === '1') {
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: Math.max(...THROTTLE) });
    console.log((await profileParts(page, cdp, STEPS * 2)).join('\n'));
  }
  await page.close();
}

const version = execFileSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', ['--version'], {
  stdio: ['ignore', 'pipe', 'ignore'],
})
  .toString()
  .trim();
const md = [
  `**Web map benchmark** ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC: ${os.cpus().length} cores, ${version} headless, 1280×800, ` +
    `load average ${load} at start; first render: median / fastest of ${RUNS}; pan and zoom: median / p95 of ${RUNS * STEPS}.`,
  '',
  ...(rows.length
    ? [
        '| CPU slowdown | stations | first render, baseline | first render, dashboard (with basemap) | ratio | pan, baseline | pan, dashboard | zoom, baseline | zoom, dashboard | pan → drawn, dashboard | zoom → drawn, dashboard |',
        '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
        ...rows,
        '',
      ]
    : []),
  ...(netRows.length
    ? [
        `**First load over a slowed network**: ${NET_STATIONS.toLocaleString('en')} seeded stations, median of ${NET_RUNS}, CPU not throttled, load average ${os.loadavg()[0]!.toFixed(1)} at the end.`,
        '',
        ...netRows,
        '',
      ]
    : []),
].join('\n');
writeFileSync('bench/results/web-latest.md', md);
console.log(`\n${md}`);
