// Each API process folds the city rollup's past days into one shard (@recycle/db foldCityRollup)
// shortly after it starts and then hourly: the city summary, reports by city and every report's
// data version read 16x fewer rows for those days. One process folds at a time (an advisory
// lock: the others stop until their next run); a busy moment (the table lock not granted within a
// second) is logged and left to the next run. `pnpm db:retention` folds too.
import { foldCityRollup } from '@recycle/db';
import type { Db } from './repositories/db.ts';
import type { Logger } from './logger.ts';

export const FOLD_FIRST_MS = 10_000;
export const FOLD_EVERY_MS = 60 * 60 * 1000;

/** Starts the folding; returns how to stop it (the server's close: waits for a fold running). */
export function startRollupFold(
  db: Db,
  logger: Pick<Logger, 'info' | 'warn'>,
  clock: () => Date,
  firstMs = FOLD_FIRST_MS,
): () => Promise<void> {
  let running: Promise<void> | null = null;
  const run = () => {
    running ??= foldCityRollup(db, clock())
      .then(
        (r) => {
          if (r.days > 0) logger.info({ days: r.days, rows: r.rows }, 'city rollup: past days folded into one shard');
        },
        (err: unknown) => logger.warn({ err }, 'city rollup fold skipped; the next run tries again'),
      )
      .finally(() => (running = null));
  };
  const first = setTimeout(run, firstMs).unref();
  const every = setInterval(run, FOLD_EVERY_MS).unref();
  return async () => {
    clearTimeout(first);
    clearInterval(every);
    await running;
  };
}
