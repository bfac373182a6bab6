// Station counter app benchmark (figures, not a test): in a real Chromium against the real server,
//  1. tap → entry safely stored on the device (IndexedDB, strict durability), measured in the page
//     around the queue's `record` (the "station:stored" performance measure), 300 taps;
//  2. reconnect → a queue of 1,000 entries synced (the device was offline; 1,000 pending entries
//     in its IndexedDB; the clock starts when the network comes back and stops when the app's
//     queue is empty, i.e. every batch was answered by the server);
//  3. beside them, the raw API batch rate: logDropOffs over HTTP from Node, 500-item batches, one
//     client, into the same server in the same run.
// Runs on a fresh embedded database (PGlite), or on PostgreSQL with DATABASE_URL (a throwaway
// database is made next to the one named). Writes bench/results/station-latest.md.
import { randomUUID } from 'node:crypto';
import { cpus, loadavg, totalmem } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { launchBrowser, signInAs, startDemoServer } from '@recycle/testing';
import { fmtInt, fmtMs, latencyStats, percentile, type LatencyStats } from './lib/stats.ts';

const TAPS = Number(process.env.STATION_BENCH_TAPS ?? 300);
const QUEUE = Number(process.env.STATION_BENCH_QUEUE ?? 1000);
const RAW_BATCHES = Number(process.env.STATION_BENCH_RAW_BATCHES ?? 20);
const ROUNDS = Number(process.env.STATION_BENCH_ROUNDS ?? 3);
const STATION = 'SH-00001';
type Page = Awaited<ReturnType<Awaited<ReturnType<typeof launchBrowser>>['browser']['newPage']>>;

async function gql<T>(url: string, query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length || !body.data) throw new Error(body.errors?.[0]?.message ?? `HTTP ${res.status}`);
  return body.data;
}

async function tapToStored(page: Page): Promise<LatencyStats & { p95: number }> {
  const button = page.getByRole('button', { name: /^Log 1 Corrugated box S: Reuse today \d+$/ });
  await page.evaluate(() => performance.clearMeasures('station:stored'));
  const t0 = Date.now();
  for (let i = 0; i < TAPS; i++) await button.click();
  await page.waitForFunction((n: number) => performance.getEntriesByName('station:stored').length >= n, TAPS);
  const durations = await page.evaluate(() => performance.getEntriesByName('station:stored').map((e) => e.duration));
  return {
    ...latencyStats(durations, 0, Date.now() - t0),
    p95: percentile(
      [...durations].sort((a, b) => a - b),
      95,
    ),
  };
}

/** Puts `n` pending entries in the app's IndexedDB store, as `n` taps made offline would. */
async function fillQueue(page: Page, n: number): Promise<void> {
  await page.evaluate(
    async ({ n, station }: { n: number; station: string }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open('recycle-station');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const tx = db.transaction('entries', 'readwrite');
      const now = Date.now();
      for (let i = 0; i < n; i++) {
        const key = crypto.randomUUID();
        tx.objectStore('entries').add({
          id: `${station}|${key}`,
          stationCode: station,
          key,
          seq: now * 1000 + i,
          materialCode: i % 3 ? 'BOX_M' : 'MAILER_BAG',
          outcome: i % 2 ? 'RECYCLED' : 'REUSED',
          quantity: 1,
          massKg: null,
          occurredAt: new Date(now).toISOString(),
          source: 'tap',
          state: 'pending',
        });
      }
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { n, station: STATION },
  );
}

type Context = Page['context'] extends () => infer C ? C : never;

/** Offline, `QUEUE` entries queued and the app reloaded; then the time from reconnect to an empty queue. */
async function reconnectRound(
  context: Context,
  page: Page,
  url: string,
  token: string,
): Promise<{ ms: number; reachedServer: number }> {
  const count = async () =>
    (
      await gql<{ station: { totals: { dropOffs: number } } }>(
        url,
        'query($c: String!) { station(code: $c) { totals { dropOffs } } }',
        { c: STATION },
        token,
      )
    ).station.totals.dropOffs;
  await context.setOffline(true);
  await fillQueue(page, QUEUE);
  await page.reload(); // served by the service worker: the app starts offline with a full queue
  await page.waitForFunction(
    (n: number) => document.querySelector('[data-testid="queue-count"]')?.getAttribute('data-pending') === String(n),
    QUEUE,
    { timeout: 60_000 },
  );
  const before = await count();
  const r0 = Date.now();
  if (process.env.STATION_BENCH_TRACE) {
    page.on(
      'request',
      (r) =>
        r.url().endsWith('/graphql') &&
        console.log(`  +${Date.now() - r0} ms request ${(r.postData() ?? '').slice(0, 40)}`),
    );
    page.on('response', (r) => r.url().endsWith('/graphql') && console.log(`  +${Date.now() - r0} ms response`));
  }
  await context.setOffline(false);
  await page.waitForFunction(
    () => document.querySelector('[data-testid="queue-count"]')?.getAttribute('data-pending') === '0',
    undefined,
    { timeout: 300_000, polling: 20 },
  );
  const ms = Date.now() - r0;
  page.removeAllListeners('request');
  page.removeAllListeners('response');
  return { ms, reachedServer: (await count()) - before };
}

/** Sequential 500-item logDropOffs batches straight over HTTP (no browser), selecting `selection`. */
async function rawRate(url: string, token: string, selection: string) {
  const m = `mutation($i: LogDropOffsInput!) { logDropOffs(input: $i) { __typename ... on LogDropOffsPayload { accepted ${selection === 'accepted' ? '' : selection} } } }`;
  const batchMs: number[] = [];
  const t0 = Date.now();
  for (let b = 0; b < RAW_BATCHES; b++) {
    const items = Array.from({ length: 500 }, (_, i) => ({
      idempotencyKey: randomUUID(),
      materialCode: i % 3 ? 'BOX_M' : 'MAILER_BAG',
      outcome: i % 2 ? 'RECYCLED' : 'REUSED',
      quantity: 1,
      massKg: null,
      occurredAt: new Date().toISOString(),
    }));
    const s = performance.now();
    const r = await gql<{ logDropOffs: { __typename: string; accepted?: number } }>(
      url,
      m,
      { i: { stationCode: STATION, items } },
      token,
    );
    if (r.logDropOffs.accepted !== 500)
      throw new Error(`raw batch ${b}: ${JSON.stringify(r.logDropOffs).slice(0, 200)}`);
    batchMs.push(performance.now() - s);
  }
  const ms = Date.now() - t0;
  return {
    stats: latencyStats(batchMs, 0, ms),
    p95: percentile(
      [...batchMs].sort((a, b) => a - b),
      95,
    ),
    rowsPerSecond: (RAW_BATCHES * 500) / (ms / 1000),
  };
}

async function main() {
  const started = Date.now();
  const load0 = loadavg()[0]!;
  const [server, launched] = await Promise.all([startDemoServer({ stations: 40 }), launchBrowser()]);
  try {
    const staffToken = (
      await gql<{ signIn: { token: string } }>(
        server.url,
        'mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { token } }',
        { e: 'staff.sh00001@demo.recycle.cn', p: 'demo-staff' },
      )
    ).signIn.token;
    const context = await launched.browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signInAs(page, server.url, 'staff.sh00001@demo.recycle.cn', 'demo-staff');
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
    await page.getByRole('button', { name: /^Log 1 Corrugated box S: Reuse today \d+$/ }).waitFor();

    console.log(`tap → stored: ${TAPS} taps…`);
    const taps = await tapToStored(page);
    await page.waitForFunction(
      () => document.querySelector('[data-testid="queue-count"]')?.getAttribute('data-pending') === '0',
      undefined,
      { timeout: 60_000 },
    );

    const rounds: number[] = [];
    let synced = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      console.log(`reconnect → ${QUEUE} entries synced (round ${round} of ${ROUNDS})…`);
      const r = await reconnectRound(context, page, server.url, staffToken);
      rounds.push(r.ms);
      synced += r.reachedServer;
    }
    const reconnectMs = [...rounds].sort((a, b) => a - b)[Math.floor(rounds.length / 2)]!;
    await context.close();

    // The app's own selection (a DropOff id per item, needed to void) and the minimal one.
    const appSelection = 'results { idempotencyKey replayed dropOff { id } }';
    const rawFull = await rawRate(server.url, staffToken, appSelection);
    const rawMin = await rawRate(server.url, staffToken, 'accepted');

    const db = process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'embedded PGlite';
    const lines = [
      `**Station app benchmark** ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC: ${cpus().length} cores (${cpus()[0]?.model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}, ${db}, headless Chromium; server and browser on the same machine. Load average ${load0.toFixed(1)} at start, ${loadavg()[0]!.toFixed(1)} at end.`,
      '',
      '| what | n | p50 | p95 / p99 | rate |',
      '| --- | --: | --: | --: | --: |',
      `| tap → entry stored on the device (IndexedDB, strict durability) | ${fmtInt(taps.requests)} taps | ${fmtMs(taps.p50)} | ${fmtMs(taps.p95)} / ${fmtMs(taps.p99)} | ${taps.perSecond} taps/s (clicks driven one after another) |`,
      `| reconnect → queue of ${fmtInt(QUEUE)} entries synced (batches of ≤ 500), median of ${ROUNDS} rounds | ${fmtInt(synced)} entries reached the server | ${fmtMs(reconnectMs)} (rounds: ${rounds.map(fmtMs).join(', ')}) | | ${fmtInt(QUEUE / (reconnectMs / 1000))} entries/s |`,
      `| raw API: logDropOffs over HTTP from Node, 500 items/batch, 1 client, same selection as the app (per-item results with DropOff ids) | ${fmtInt(RAW_BATCHES * 500)} rows | ${fmtMs(rawFull.stats.p50)} per batch | ${fmtMs(rawFull.p95)} / ${fmtMs(rawFull.stats.p99)} | ${fmtInt(rawFull.rowsPerSecond)} rows/s |`,
      `| raw API: the same, selecting only \`accepted\` | ${fmtInt(RAW_BATCHES * 500)} rows | ${fmtMs(rawMin.stats.p50)} per batch | ${fmtMs(rawMin.p95)} / ${fmtMs(rawMin.stats.p99)} | ${fmtInt(rawMin.rowsPerSecond)} rows/s |`,
      '',
      `Total run ${((Date.now() - started) / 1000).toFixed(0)} s.`,
    ];
    const md = lines.join('\n');
    console.log(`\n${md}\n`);
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/station-latest.md', md + '\n');
    if (synced !== QUEUE * ROUNDS)
      throw new Error(`expected ${QUEUE * ROUNDS} new entries on the server, found ${synced}`);
    // Stored samples for anyone who wants more than the table.
    writeFileSync(
      'bench/results/station-latest.json',
      JSON.stringify({ taps, reconnectMs, rounds, queue: QUEUE, rawFull, rawMin, db }, null, 2) + '\n',
    );
  } finally {
    await launched.close();
    await server.stop();
  }
}

await main();
