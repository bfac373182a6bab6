// Group commit for drop-off batches: at the 11.11 peak thousands of counters each send a 1-item
// batch per tap, and one statement per tap made PostgreSQL's per-statement and per-commit cost
// (and the API's round trips) the limit. Here at most `limit` insert statements run at once per
// process (DB_INGEST_STATEMENTS); batches arriving while they do wait, and the next free statement
// takes every waiting batch of a distinct station (up to MAX_BATCHES / MAX_ITEMS) together. A
// quiet counter's batch runs at once, alone: nothing waits for a group to fill. The composition
// root (start-server.ts) makes one queue per process over the primary database.
import type { Logger } from '../logger.ts';
import type { Db } from '../repositories/db.ts';
import { insertDropOffBatches, type DropOffRow, type StationBatch } from '../repositories/drop-off.ts';

/** Default of DB_INGEST_STATEMENTS: on 2 cores more statements at once only queue in PostgreSQL. */
export const INGEST_STATEMENTS = 4;
/** Batches in one statement; a station's second batch waits for the next statement (one per station). */
const MAX_BATCHES = 64;
/** Items in one statement (a single batch above it still runs, alone). */
const MAX_ITEMS = 2_000;

interface Waiting extends StationBatch {
  resolve: (rows: DropOffRow[]) => void;
  reject: (err: unknown) => void;
}

export class IngestQueue {
  private waiting: Waiting[] = [];
  private running = 0;
  /** Statements run, batches they wrote, and batches written again alone after a shared statement failed. */
  readonly stats = { statements: 0, batches: 0, retried: 0 };

  constructor(
    private readonly db: Db,
    private readonly limit = INGEST_STATEMENTS,
    private readonly logger?: Pick<Logger, 'warn'>,
  ) {}

  /** Inserts one batch (as insertDropOffBatch would) and resolves with the rows it inserted. */
  insert(batch: StationBatch): Promise<DropOffRow[]> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ ...batch, resolve, reject });
      this.pump();
    });
  }

  private pump() {
    while (this.running < this.limit && this.waiting.length > 0) {
      const group = this.takeGroup();
      this.running++;
      void this.run(group).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  /** The oldest waiting batch and, in arrival order, those of other stations that fit beside it. */
  private takeGroup(): Waiting[] {
    const group: Waiting[] = [];
    const stations = new Set<number>();
    const rest: Waiting[] = [];
    let items = 0;
    for (const w of this.waiting) {
      const fits = group.length === 0 || (group.length < MAX_BATCHES && items + w.items.length <= MAX_ITEMS);
      if (fits && !stations.has(w.target.stationId)) {
        group.push(w);
        stations.add(w.target.stationId);
        items += w.items.length;
      } else rest.push(w);
    }
    this.waiting = rest;
    return group;
  }

  private async run(group: Waiting[]) {
    this.stats.statements++;
    this.stats.batches += group.length;
    try {
      const rows = await insertDropOffBatches(this.db, group);
      for (const w of group) w.resolve(rows.filter((r) => r.station_id === w.target.stationId));
    } catch (err) {
      if (group.length === 1) return group[0]!.reject(err);
      this.stats.retried += group.length;
      this.logger?.warn(
        { err, batches: group.length },
        'a shared drop-off statement failed: its batches are retried one by one',
      );
      // The statement wrote nothing. Each batch again on its own, so that one batch's fault (a
      // device removed meanwhile, a deadlock with another process's statement) fails only its request.
      await Promise.all(group.map((w) => insertDropOffBatches(this.db, [w]).then(w.resolve, w.reject)));
    }
  }
}
