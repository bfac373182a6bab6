// The station registry as imports and exports see it: bulk reads by code, bulk writes in chunks
// (one statement per 1,000 rows), decommissioning, and the rows of an export.
import { sql } from 'kysely';
import type { Db } from './db.ts';
import type { StationRecord } from '../imports/station-format.ts';

const CHUNK = 1000;

const chunks = <T>(xs: readonly T[], n = CHUNK): T[][] =>
  Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, (i + 1) * n));

const REGISTRY_COLUMNS = [
  'id',
  'code',
  'name',
  'city_code',
  'district',
  'address',
  'lat',
  'lng',
  'bin_capacity',
  'status',
  'decommissioned_at',
] as const;

/** Existing stations among `codes` (any city, decommissioned too), in one query per 10,000 codes. */
export async function registryByCodes(db: Db, codes: readonly string[]) {
  const out = [];
  for (const part of chunks(codes, 10_000)) {
    if (part.length)
      out.push(
        ...(await db
          .selectFrom('station')
          .select(REGISTRY_COLUMNS)
          .where('code', '=', sql<string>`any(${sql.val(part)}::text[])`)
          .execute()),
      );
  }
  return out;
}

/**
 * Inserts new stations, 5,000 per statement sent as one JSON parameter (far cheaper to send and
 * parse than 50,000 bind parameters). Returns their ids by code.
 */
export async function insertStations(
  db: Db,
  records: readonly StationRecord[],
  onChunk: (done: number) => void = () => {},
) {
  const ids = new Map<string, number>();
  let done = 0;
  for (const part of chunks(records, 5000)) {
    const rows = await sql<{
      id: number;
      code: string;
    }>`insert into station (code, name, city_code, district, address, lat, lng, bin_capacity, status)
      select code, name, city_code, district, address, lat, lng, bin_capacity, status
      from jsonb_to_recordset(${JSON.stringify(part)}::jsonb)
        as s(code text, name text, city_code text, district text, address text, lat float8, lng float8, bin_capacity int, status text)
      returning id, code`.execute(db);
    for (const r of rows.rows) ids.set(r.code, r.id);
    onChunk((done += part.length));
  }
  return ids;
}

/** Updates stations by code, 5,000 per statement from one JSON parameter. */
export async function updateStations(
  db: Db,
  records: readonly StationRecord[],
  at: Date,
  onChunk: (done: number) => void = () => {},
) {
  let done = 0;
  for (const part of chunks(records, 5000)) {
    await sql`update station set name = v.name, district = v.district, address = v.address, lat = v.lat, lng = v.lng,
        bin_capacity = v.bin_capacity, status = v.status, updated_at = ${at}
      from jsonb_to_recordset(${JSON.stringify(part)}::jsonb)
        as v(code text, name text, district text, address text, lat float8, lng float8, bin_capacity int, status text)
      where station.code = v.code`.execute(db);
    onChunk((done += part.length));
  }
}

export interface AuditRow {
  action: string;
  entity: string;
  entityId: string;
  before: unknown;
  after: unknown;
  cityCode: string | null;
}

/** Many audit entries at once (an import writes one per station or account it changes): one JSON parameter per 5,000. */
export async function insertAuditRows(
  db: Db,
  actorId: number | null,
  requestId: string | null,
  at: Date,
  rows: readonly AuditRow[],
) {
  for (const part of chunks(rows, 5000)) {
    const doc = JSON.stringify(
      part.map((r) => ({
        action: r.action,
        entity: r.entity,
        entity_id: r.entityId,
        before: r.before,
        after: r.after,
        city_code: r.cityCode,
      })),
    );
    await sql`insert into audit_entry (actor_id, action, entity, entity_id, before, after, city_code, request_id, at)
      select ${actorId}::int, a.action, a.entity, a.entity_id, nullif(a.before, 'null'), nullif(a.after, 'null'), a.city_code, ${requestId}::text, ${at}::timestamptz
      from jsonb_to_recordset(${doc}::jsonb) as a(action text, entity text, entity_id text, before jsonb, after jsonb, city_code text)`.execute(
      db,
    );
  }
}

/** Every station still in service (of a city), in code order, as the export writes them. */
export function registryRows(db: Db, cityCode: string | null) {
  return db
    .selectFrom('station')
    .select(['code', 'name', 'city_code', 'district', 'address', 'lat', 'lng', 'bin_capacity', 'status'])
    .where('decommissioned_at', 'is', null)
    .$if(cityCode !== null, (q) => q.where('city_code', '=', cityCode!))
    .orderBy(sql`code collate "C"`)
    .execute();
}

export function decommissionStation(db: Db, id: number, reason: string, at: Date) {
  return db
    .updateTable('station')
    .set({ decommissioned_at: at, decommission_reason: reason, updated_at: at })
    .where('id', '=', id)
    .where('decommissioned_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

export function recommissionStation(db: Db, id: number, at: Date) {
  return db
    .updateTable('station')
    .set({ decommissioned_at: null, decommission_reason: null, updated_at: at })
    .where('id', '=', id)
    .where('decommissioned_at', 'is not', null)
    .returningAll()
    .executeTakeFirst();
}
