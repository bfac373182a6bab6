// Small factories: each makes one row with sensible defaults, so a test states only what matters.
import { sql } from 'kysely';
import { hashPassword } from '@recycle/db';
import type { Role, Viewer } from '../../api/src/domain/viewer.ts';
import type { TestApp } from './app.ts';

let counter = 0;
const next = () => ++counter;

export interface StationOverrides {
  code?: string;
  city_code?: string;
  status?: 'OPEN' | 'FULL' | 'CLOSED' | 'MAINTENANCE';
  bin_capacity?: number;
  bin_items?: number;
  lat?: number;
  lng?: number;
  name?: string;
  last_reported_at?: Date | null;
}

const CENTRES: Record<string, [number, number]> = {
  SH: [31.2304, 121.4737],
  BJ: [39.9042, 116.4074],
  HZ: [30.2741, 120.1551],
};

export async function makeStation(t: TestApp, o: StationOverrides = {}) {
  const city = o.city_code ?? 'SH';
  const [lat, lng] = CENTRES[city] ?? [31.23, 121.47];
  const n = next();
  return t.db.db
    .insertInto('station')
    .values({
      code: o.code ?? `${city}-${String(90000 + n).padStart(5, '0')}`,
      city_code: city,
      district: '测试区',
      name: o.name ?? `测试驿站 ${n}`,
      address: `测试路 ${n} 号`,
      lat: o.lat ?? lat + n * 0.001,
      lng: o.lng ?? lng,
      bin_capacity: o.bin_capacity ?? 100,
      bin_items: o.bin_items ?? 0,
      status: o.status ?? 'OPEN',
      last_reported_at:
        o.last_reported_at === undefined ? new Date(t.clock.now.getTime() - 3600_000) : o.last_reported_at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface UserOptions {
  stationId?: number | null;
  cityCode?: string | null;
  password?: string;
}

/** A user row and a bearer token for it. */
export async function makeUser(t: TestApp, role: Role, o: UserOptions = {}) {
  const n = next();
  const user = await t.db.db
    .insertInto('app_user')
    .values({
      email: `user${n}.${role.toLowerCase()}@test.cn`,
      display_name: `Test ${role} ${n}`,
      // Hashing is slow on purpose; only sign-in tests need a real one.
      password_hash: o.password ? await hashPassword(o.password) : 'scrypt$1$1$1$x$x',
      role,
      station_id: o.stationId ?? null,
      city_code: o.cityCode ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const viewer: Viewer = { userId: user.id, role, stationId: user.station_id, cityCode: user.city_code };
  return { user, viewer, token: await t.tokenFor(viewer) };
}

/** Direct SUMs over raw rows, to check the rollups against. */
export async function rawTotals(t: TestApp, stationId: number) {
  const r = await sql<{ entries: number; quantity: number; mass_kg: number }>`
    select count(*)::int as entries, coalesce(sum(quantity), 0)::int as quantity, coalesce(sum(mass_kg), 0) as mass_kg
    from drop_off where station_id = ${stationId} and voided_at is null`.execute(t.db.db);
  return r.rows[0]!;
}

export async function rollupTotals(t: TestApp, stationId: number) {
  const r = await sql<{ entries: number; quantity: number; mass_kg: number }>`
    select coalesce(sum(entries), 0)::int as entries, coalesce(sum(quantity), 0)::int as quantity,
      coalesce(sum(mass_kg), 0) as mass_kg
    from station_day_total where station_id = ${stationId}`.execute(t.db.db);
  return r.rows[0]!;
}

/**
 * Raw drop-offs behind a station's bin (one RECYCLED entry of `quantity` items an hour ago), so
 * that `bin_items` given to makeStation agrees with its definition over raw rows: a pickup
 * recomputes the bin from the rows. Example: const s = await makeStation(t, { bin_items: 7 }); await fillBin(t, s, 7);
 */
export async function fillBin(t: TestApp, station: { id: number }, quantity: number) {
  const at = new Date(t.clock.now.getTime() - 3600_000);
  await t.db.db
    .insertInto('drop_off')
    .values({
      station_id: station.id,
      occurred_at: at,
      local_day: sql<string>`(${at.toISOString()}::timestamptz at time zone 'Asia/Shanghai')::date`,
      material_code: 'BOX_M',
      quantity,
      mass_kg: 0.25 * quantity,
      outcome: 'RECYCLED',
      idempotency_key: `bin-${station.id}-${next()}`,
    })
    .execute();
}
