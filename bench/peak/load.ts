// The counter workload: N stations, each sending one 1-item logDropOffs batch, waiting a think
// time, and sending the next, for a fixed time; the same loop against the API over HTTP or
// against the product's statement directly (the raw baseline). Meanwhile pg_stat_activity is
// sampled for backends waiting on a lock.
import { randomUUID } from 'node:crypto';
import type { DbHandle } from '../../db/src/index.ts';

type Pool = NonNullable<DbHandle['pool']>;
import { latencyStats, type LatencyStats } from '../lib/stats.ts';

export interface Station {
  id: number;
  code: string;
  city_code: string;
}

export interface PeakItem {
  idempotencyKey: string;
  materialCode: string;
  outcome: 'REUSED' | 'RECYCLED';
  quantity: number;
  occurredAt: Date;
}

export interface PeakResult extends LatencyStats {
  dropOffsPerSecond: number;
  lockWaits: { mean: number; max: number; samples: number; topRelations: string };
}

const MATERIALS = ['BOX_S', 'BOX_M', 'BOX_L', 'MAILER_BAG', 'FOAM_FILL', 'PAPER_FILL'];

export function newItem(): PeakItem {
  return {
    idempotencyKey: `peak-${randomUUID()}`,
    materialCode: MATERIALS[Math.floor(Math.random() * MATERIALS.length)]!,
    outcome: Math.random() < 0.3 ? 'REUSED' : 'RECYCLED',
    quantity: 1,
    occurredAt: new Date(),
  };
}

/** Think time: uniform in [0.5, 1.5] x mean, so the stations do not march in step. */
const think = (meanMs: number) => new Promise((r) => setTimeout(r, meanMs * (0.5 + Math.random())));

/**
 * Runs `send` from every station for `seconds`; each station sends, waits `thinkMs`, sends again.
 * Also samples lock waits every 100 ms on `monitor` (a connection outside the measured pools).
 */
export async function runPeak(
  stations: readonly Station[],
  seconds: number,
  thinkMs: number,
  monitor: Pool,
  send: (s: Station) => Promise<number>,
): Promise<PeakResult> {
  const latencies: number[] = [];
  let accepted = 0;
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const waits: number[] = [];
  const relations = new Map<string, number>();
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const r = await monitor.query(`select coalesce(l.relation::regclass::text, a.wait_event) as what
        from pg_stat_activity a left join pg_locks l on l.pid = a.pid and not l.granted
        where a.datname = current_database() and a.wait_event_type = 'Lock' and a.pid <> pg_backend_pid()`);
      waits.push(r.rows.length);
      for (const row of r.rows) relations.set(row.what, (relations.get(row.what) ?? 0) + 1);
      await new Promise((res) => setTimeout(res, 100));
    }
  })();
  await Promise.all(
    stations.map(async (s) => {
      await think(thinkMs); // staggered start
      while (performance.now() < deadline) {
        const t = performance.now();
        try {
          const n = await send(s); // not `accepted += await ...`: that reads `accepted` before the await
          accepted += n;
          latencies.push(performance.now() - t);
        } catch (err) {
          errors++;
          firstError ??= `${(err as Error).message}${(err as Error).cause ? ` (${String((err as Error).cause)})` : ''}`;
        }
        await think(thinkMs);
      }
    }),
  );
  const elapsed = performance.now() - started;
  sampling = false;
  await sampler;
  if (errors) throw new Error(`${errors} failed sends, first: ${firstError}`);
  const top = [...relations.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([what, n]) => `${what} ${Math.round((n / Math.max(1, waits.length)) * 10) / 10}`)
    .join(', ');
  return {
    ...latencyStats(latencies, errors, elapsed),
    dropOffsPerSecond: Math.round(accepted / (elapsed / 1000)),
    lockWaits: {
      mean: Math.round((waits.reduce((a, b) => a + b, 0) / Math.max(1, waits.length)) * 10) / 10,
      max: Math.max(0, ...waits),
      samples: waits.length,
      topRelations: top,
    },
  };
}
