// Ingest: logDropOffs batches over HTTP through the real API (which also maintains the rollups),
// against a raw COPY of as many rows into drop_off (which maintains nothing but the indexes).
import { randomUUID } from 'node:crypto';
import { copyRows, type DbHandle } from '../../db/src/index.ts';
import { localDayOf } from '../../seeds/src/index.ts';
import { runClients, type GqlClient } from './http.ts';
import { latencyStats, type LatencyStats } from './stats.ts';

const HOUR_MS = 3_600_000;

const LOG = `mutation Log($input: LogDropOffsInput!) {
  logDropOffs(input: $input) {
    __typename
    ... on LogDropOffsPayload { accepted replayed }
    ... on Error { message }
  }
}`;

export interface IngestOptions {
  clients: number;
  batchSize: number;
  /** Items to send in the timed part. */
  items: number;
  maxSeconds: number;
  stationCodes: readonly string[];
  materials: readonly string[];
}

export interface IngestResult {
  batchSize: number;
  clients: number;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  batches: LatencyStats;
}

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;

function item(key: string, materials: readonly string[], now: number) {
  return {
    idempotencyKey: key,
    materialCode: pick(materials),
    outcome: Math.random() < 0.25 ? 'REUSED' : 'RECYCLED',
    quantity: 1 + Math.floor(Math.random() * 40),
    occurredAt: new Date(now - Math.random() * HOUR_MS).toISOString(),
  };
}

/** Sends batches of `batchSize` new items to random stations; rows/s counts accepted rows. */
export async function runIngest(client: GqlClient, token: string, o: IngestOptions): Promise<IngestResult> {
  const run = randomUUID().slice(0, 8);
  let sent = 0;
  let accepted = 0;
  const send = async (c: number, i: number, tag: string) => {
    const now = Date.now();
    const items = Array.from({ length: o.batchSize }, (_, k) =>
      item(`bench-${run}-${tag}${c}-${i}-${k}`, o.materials, now),
    );
    const data = await client.request<{
      logDropOffs: { __typename: string; message?: string; accepted?: number };
    }>(token, LOG, { input: { stationCode: pick(o.stationCodes), items } });
    const r = data.logDropOffs;
    if (r.__typename !== 'LogDropOffsPayload') throw new Error(`${r.__typename}: ${r.message}`);
    if (r.accepted !== o.batchSize) throw new Error(`accepted ${r.accepted} of ${o.batchSize}`);
    return r.accepted;
  };
  // Warm-up: JIT, plan caches and pool connections; not counted.
  const warm = await runClients(o.clients, { perClient: 3 }, async (c, i) => void (await send(c, i, 'w')));
  if (warm.errors) throw new Error(`ingest warm-up failed: ${warm.firstError}`);

  const result = await runClients(
    o.clients,
    { perClient: Infinity, deadlineMs: o.maxSeconds * 1000, shouldStop: () => sent >= o.items },
    async (c, i) => {
      sent += o.batchSize;
      const n = await send(c, i, 't'); // not `accepted += await ...`: that reads `accepted` before the await
      accepted += n;
    },
  );
  if (result.errors) throw new Error(`ingest: ${result.errors} failed batches, first: ${result.firstError}`);
  const seconds = result.elapsedMs / 1000;
  return {
    batchSize: o.batchSize,
    clients: o.clients,
    rows: accepted,
    seconds: Math.round(seconds * 10) / 10,
    rowsPerSecond: Math.round(accepted / seconds),
    batches: latencyStats(result.latencies, result.errors, result.elapsedMs),
  };
}

const COPY_COLUMNS = [
  'station_id',
  'occurred_at',
  'local_day',
  'material_code',
  'quantity',
  'mass_kg',
  'outcome',
  'idempotency_key',
];

export interface CopyResult {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  chunkRows: number;
}

/**
 * COPY `rows` rows into drop_off in chunks on one connection (CSV building included in the time),
 * then deletes them again: they bypass the rollups, and the read checks compare raw rows to rollups.
 */
export async function runCopyBaseline(
  handle: DbHandle,
  rows: number,
  stationIds: readonly number[],
  materials: readonly string[],
  chunkRows = 50_000,
): Promise<CopyResult> {
  const pool = handle.pool!;
  const run = randomUUID().slice(0, 8);
  const before = Number((await pool.query('select coalesce(max(id), 0) as id from drop_off')).rows[0].id);
  const started = performance.now();
  for (let done = 0; done < rows; done += chunkRows) {
    const now = Date.now();
    const chunk = Array.from({ length: Math.min(chunkRows, rows - done) }, (_, k) => {
      const at = new Date(now - Math.random() * HOUR_MS);
      const quantity = 1 + Math.floor(Math.random() * 40);
      return [
        pick(stationIds),
        at,
        localDayOf(at.getTime()),
        pick(materials),
        quantity,
        quantity * 0.1,
        Math.random() < 0.25 ? 'REUSED' : 'RECYCLED',
        `copy-${run}-${done + k}`,
      ];
    });
    await copyRows(handle, 'drop_off', COPY_COLUMNS, chunk);
  }
  const seconds = (performance.now() - started) / 1000;
  await pool.query(`delete from drop_off where id > $1 and idempotency_key like $2`, [before, `copy-${run}-%`]);
  return { rows, seconds: Math.round(seconds * 10) / 10, rowsPerSecond: Math.round(rows / seconds), chunkRows };
}
