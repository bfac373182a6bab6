// Frozen migration. The map shows every station's items of today; summing station_day_total for
// 10,000 stations on each map request cost 40-90 ms, so each station keeps the items of its latest
// active local day, maintained in the same statement as each batch and void (like the rollups).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table station
    add column items_day date,
    add column items_on_day integer not null default 0,
    add constraint station_items_on_day_nonnegative check (items_on_day >= 0)`.execute(db);
  // Same definition as the API keeps: the latest local day with any entry (voided ones too),
  // and the non-voided items of that day.
  await sql`update station s set items_day = t.day, items_on_day = t.items
    from (
      select m.station_id, m.day, (select coalesce(sum(d.quantity), 0)::int from drop_off d
        where d.station_id = m.station_id and d.local_day = m.day and d.voided_at is null) as items
      from (select station_id, max(local_day) as day from drop_off group by station_id) m
    ) t
    where t.station_id = s.id`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table station drop column items_day, drop column items_on_day`.execute(db);
}
