// `pnpm db:retention [months]`: drop raw drop-offs older than `months` whole months (default
// DROP_OFF_RETENTION_MONTHS or 13: last year's campaign stays comparable); rollups stay, so
// reports are unchanged. Also creates the coming months and folds the city rollup's past days into
// one shard (as each API process does hourly). Safe to run daily from cron.
import { createDb } from './client.ts';
import { dropOffRetention, ensureCurrentPartitions } from './partitions.ts';
import { foldCityRollup } from './rollup.ts';

const months = Number(process.argv[2] ?? process.env.DROP_OFF_RETENTION_MONTHS ?? 13);
const handle = await createDb();
try {
  const created = await ensureCurrentPartitions(handle.db);
  const r = await dropOffRetention(handle.db, { months });
  const folded = await foldCityRollup(handle.db);
  console.log(
    `raw drop-offs kept from ${r.keepFrom.toISOString().slice(0, 10)}; dropped: ${r.dropped.join(', ') || 'none'}; ` +
      `key claims deleted: ${r.keysDeleted}; partitions created: ${created}; ` +
      `city rollup days folded: ${folded.days} (${folded.rows} shard rows)`,
  );
} finally {
  await handle.close();
}
