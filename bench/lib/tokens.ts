// One signing secret and one way to sign tokens for every benchmark: the API processes the benches
// start (api-process.ts) are given BENCH_JWT_SECRET, and each bench signs its seeded users' tokens
// with it, as the API would at sign-in.
import type { DbHandle } from '@recycle/db';
import { signToken } from '../../api/src/auth/token.ts';
import type { Role } from '../../api/src/domain/viewer.ts';

type Pool = NonNullable<DbHandle['pool']>;

export const BENCH_JWT_SECRET = 'bench-secret-'.padEnd(48, 'x');

/** The keys the API is started with (a bench's tokens outlive its run: an hour, or `ttlSeconds`). */
export const benchTokenKeys = (ttlSeconds = 3600) => ({
  secret: new TextEncoder().encode(BENCH_JWT_SECRET),
  ttlSeconds,
});

export interface BenchUser {
  id: number;
  role: Role;
  station_id: number | null;
  city_code: string | null;
}

/** A token for a user row (as `select id, role, station_id, city_code from app_user` gives it). */
export async function tokenFor(u: BenchUser, ttlSeconds?: number): Promise<string> {
  const viewer = { userId: u.id, role: u.role, stationId: u.station_id, cityCode: u.city_code };
  return (await signToken(benchTokenKeys(ttlSeconds), viewer)).token;
}

/** The seeded user with this email; fails clearly when the database was not seeded. */
export async function benchUser(pool: Pool, email: string): Promise<BenchUser> {
  const u = (await pool.query(`select id, role, station_id, city_code from app_user where email = $1`, [email]))
    .rows[0] as BenchUser | undefined;
  if (!u) throw new Error(`${email} is missing: the database was not seeded by @recycle/seeds`);
  return u;
}

/** A token for the seeded user with this email. */
export async function tokenForEmail(pool: Pool, email: string, ttlSeconds?: number): Promise<string> {
  return tokenFor(await benchUser(pool, email), ttlSeconds);
}
