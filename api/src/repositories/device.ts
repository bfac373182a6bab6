// Counter devices and their pairing codes.
import { sql } from 'kysely';
import type { Db } from './db.ts';

const DEVICE_COLUMNS = [
  'counter_device.id',
  'counter_device.station_id',
  'counter_device.name',
  'counter_device.paired_at',
  'counter_device.paired_by',
  'counter_device.last_seen_at',
  'counter_device.revoked_at',
  'counter_device.revoked_by',
] as const;

export type DeviceRow = Awaited<ReturnType<typeof devicesByIds>>[number];

export function devicesByIds(db: Db, ids: readonly number[]) {
  return db
    .selectFrom('counter_device')
    .innerJoin('station', 'station.id', 'counter_device.station_id')
    .select(DEVICE_COLUMNS)
    .select(['station.code as station_code', 'station.city_code'])
    .where('counter_device.id', 'in', ids)
    .execute();
}

/** What a request's device credential is checked against. */
export function deviceSecret(db: Db, id: number) {
  return db
    .selectFrom('counter_device')
    .select(['id', 'station_id', 'secret_hash', 'revoked_at', 'last_seen_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Last seen, written at most once a minute per device (not a write per request). */
export async function touchDevice(db: Db, id: number, at: Date) {
  await db
    .updateTable('counter_device')
    .set({ last_seen_at: at })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_seen_at', 'is', null), eb('last_seen_at', '<', new Date(at.getTime() - 60_000))]))
    .execute();
}

export interface DeviceFilter {
  cityCode?: string | null;
  stationId?: number | null;
  includeRevoked?: boolean;
}

/** Newest first; `after` is the id of the last device of the previous page. */
export function listDevices(db: Db, f: DeviceFilter, page: { after?: number; limit: number }) {
  return db
    .selectFrom('counter_device')
    .innerJoin('station', 'station.id', 'counter_device.station_id')
    .select(DEVICE_COLUMNS)
    .select(['station.code as station_code', 'station.city_code'])
    .$if(!!f.cityCode, (q) => q.where('station.city_code', '=', f.cityCode!))
    .$if(!!f.stationId, (q) => q.where('counter_device.station_id', '=', f.stationId!))
    .$if(!f.includeRevoked, (q) => q.where('counter_device.revoked_at', 'is', null))
    .$if(page.after !== undefined, (q) => q.where('counter_device.id', '<', page.after!))
    .orderBy('counter_device.id', 'desc')
    .limit(page.limit)
    .execute();
}

export function insertPairing(
  db: Db,
  p: { stationId: number; codeHash: string; createdBy: number | null; at: Date; expiresAt: Date },
) {
  return db
    .insertInto('device_pairing')
    .values({
      station_id: p.stationId,
      code_hash: p.codeHash,
      created_by: p.createdBy,
      created_at: p.at,
      expires_at: p.expiresAt,
    })
    .returning(['id'])
    .executeTakeFirstOrThrow();
}

/** An open (unused) pairing code, locked for the pairing transaction. */
export function openPairing(db: Db, codeHash: string) {
  return db
    .selectFrom('device_pairing')
    .innerJoin('station', 'station.id', 'device_pairing.station_id')
    .select([
      'device_pairing.id',
      'device_pairing.station_id',
      'device_pairing.expires_at',
      'device_pairing.created_by',
      'station.city_code',
    ])
    .where('device_pairing.code_hash', '=', codeHash)
    .where('device_pairing.used_at', 'is', null)
    .forUpdate('device_pairing')
    .executeTakeFirst();
}

/** Closes the open codes of a station whose time is up, so their digits can be drawn again. */
export async function closeExpiredPairings(db: Db, at: Date) {
  await db
    .updateTable('device_pairing')
    .set({ used_at: at })
    .where('used_at', 'is', null)
    .where('expires_at', '<', at)
    .execute();
}

export function insertDevice(
  db: Db,
  d: { stationId: number; name: string; secretHash: string; pairedBy: number | null; at: Date },
) {
  return db
    .insertInto('counter_device')
    .values({
      station_id: d.stationId,
      name: d.name,
      secret_hash: d.secretHash,
      paired_by: d.pairedBy,
      paired_at: d.at,
      last_seen_at: d.at,
    })
    .returning(['id'])
    .executeTakeFirstOrThrow();
}

export async function usePairing(db: Db, id: number, deviceId: number, at: Date) {
  await db.updateTable('device_pairing').set({ used_at: at, device_id: deviceId }).where('id', '=', id).execute();
}

export function revokeDevice(db: Db, id: number, by: number | null, at: Date) {
  return db
    .updateTable('counter_device')
    .set({ revoked_at: at, revoked_by: by })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returning(['id'])
    .executeTakeFirst();
}

export async function countRecentPairingFailures(db: Db, since: Date): Promise<number> {
  const r = await sql<{
    n: number;
  }>`select count(*)::int as n from audit_entry where action = 'pairDevice:failed' and at >= ${since}`.execute(db);
  return r.rows[0]!.n;
}
