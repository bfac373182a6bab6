// Accounts (app_user) as the console manages them: with their station's code and city, never
// with a password hash or activation code hash (those stay in the sign-in and activation queries).
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from './db.ts';
import type { AccountState } from '../domain/accounts.ts';

const ACCOUNT_COLUMNS = [
  'app_user.id',
  'app_user.email',
  'app_user.phone',
  'app_user.display_name',
  'app_user.role',
  'app_user.station_id',
  'app_user.city_code',
  'app_user.created_at',
  'app_user.created_by',
  'app_user.updated_at',
  'app_user.activated_at',
  'app_user.activation_expires_at',
  'app_user.deactivated_at',
  'app_user.deactivation_reason',
  'app_user.last_sign_in_at',
] as const;

/** The city an account belongs to: a manager's own, a staff member's station's. */
const accountCity = sql<string | null>`coalesce(app_user.city_code, station.city_code)`;
const stateSql = sql<AccountState>`case when app_user.deactivated_at is not null then 'DEACTIVATED'
  when app_user.password_hash is null then 'PENDING' else 'ACTIVE' end`;

function accounts(db: Db) {
  return db
    .selectFrom('app_user')
    .leftJoin('station', 'station.id', 'app_user.station_id')
    .select(ACCOUNT_COLUMNS)
    .select(['station.code as station_code', accountCity.as('account_city'), stateSql.as('state')]);
}

/** The city an account belongs to (a manager's own, a staff member's station's): its audit entries' city. */
export async function accountCityOf(db: Db, id: number): Promise<string | null> {
  const row = await db
    .selectFrom('app_user')
    .leftJoin('station', 'station.id', 'app_user.station_id')
    .select(accountCity.as('city'))
    .where('app_user.id', '=', id)
    .executeTakeFirst();
  return row?.city ?? null;
}

export type AccountRow = Awaited<ReturnType<typeof accountsByIds>>[number];

export function accountsByIds(db: Db, ids: readonly number[]) {
  return accounts(db).where('app_user.id', 'in', ids).execute();
}

/** Accounts holding any of these emails or phones (to find duplicates and re-imported people). */
export function accountsByLogins(db: Db, emails: readonly string[], phones: readonly string[]) {
  if (emails.length === 0 && phones.length === 0) return Promise.resolve([]);
  return accounts(db)
    .where((eb) =>
      eb.or([
        ...(emails.length ? [eb('app_user.email', '=', sql<string>`any(${sql.val(emails)}::text[])`)] : []),
        ...(phones.length ? [eb('app_user.phone', '=', sql<string>`any(${sql.val(phones)}::text[])`)] : []),
      ]),
    )
    .execute();
}

export interface AccountFilter {
  /** Accounts of this city (staff of its stations, its managers). */
  cityCode?: string | null;
  stationId?: number | null;
  roles?: readonly string[] | null;
  states?: readonly AccountState[] | null;
  search?: string | null;
}

function filtered(db: Db, f: AccountFilter) {
  return accounts(db).where((eb) => {
    const c: Expression<SqlBool>[] = [];
    if (f.cityCode) c.push(eb(accountCity, '=', f.cityCode));
    if (f.stationId) c.push(eb('app_user.station_id', '=', f.stationId));
    if (f.roles?.length) c.push(eb('app_user.role', 'in', [...f.roles]));
    if (f.states?.length) c.push(eb(stateSql, 'in', [...f.states]));
    if (f.search) {
      const like = `%${f.search.replace(/[\\%_]/g, (x) => `\\${x}`)}%`;
      c.push(
        eb.or([
          eb('app_user.display_name', 'ilike', like),
          eb('app_user.email', 'ilike', like),
          eb('app_user.phone', 'like', like),
          eb('station.code', 'ilike', like),
        ]),
      );
    }
    return eb.and(c);
  });
}

/** Newest first; `after`/`before` are account ids (decoded cursors). */
export function listAccounts(
  db: Db,
  f: AccountFilter,
  page: { after?: number; before?: number; limit: number; inverted: boolean },
) {
  return filtered(db, f)
    .$if(page.after !== undefined, (q) => q.where('app_user.id', '<', page.after!))
    .$if(page.before !== undefined, (q) => q.where('app_user.id', '>', page.before!))
    .orderBy('app_user.id', page.inverted ? 'asc' : 'desc')
    .limit(page.limit)
    .execute();
}

export async function countAccounts(db: Db, f: AccountFilter): Promise<number> {
  const r = await filtered(db, f)
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export interface NewAccount {
  email: string | null;
  phone: string | null;
  display_name: string;
  role: string;
  station_id: number | null;
  city_code: string | null;
  created_by: number | null;
  activation_code_hash: string;
  activation_expires_at: Date;
}

export async function insertAccounts(db: Db, rows: readonly NewAccount[], at: Date) {
  const out: { id: number; email: string | null; phone: string | null }[] = [];
  for (let i = 0; i < rows.length; i += 1000) {
    out.push(
      ...(await db
        .insertInto('app_user')
        .values(rows.slice(i, i + 1000).map((r) => ({ ...r, created_at: at, updated_at: at })))
        .returning(['id', 'email', 'phone'])
        .execute()),
    );
  }
  return out;
}

export type AccountPatch = Partial<{
  email: string | null;
  phone: string | null;
  display_name: string;
  role: string;
  station_id: number | null;
  city_code: string | null;
  password_hash: string | null;
  activation_code_hash: string | null;
  activation_expires_at: Date | null;
  activated_at: Date;
  deactivated_at: Date | null;
  deactivation_reason: string | null;
  last_sign_in_at: Date;
}>;

export async function updateAccount(db: Db, id: number, patch: AccountPatch, at: Date) {
  await db
    .updateTable('app_user')
    .set({ ...patch, updated_at: at })
    .where('id', '=', id)
    .execute();
}

/** The account a (normalised, hashed) activation code belongs to, with what activation checks. */
export function accountByActivationHash(db: Db, hash: string) {
  return db
    .selectFrom('app_user')
    .select([
      'id',
      'email',
      'phone',
      'display_name',
      'role',
      'station_id',
      'city_code',
      'activation_expires_at',
      'deactivated_at',
      'password_hash',
    ])
    .where('activation_code_hash', '=', hash)
    .executeTakeFirst();
}

export function passwordHashOf(db: Db, id: number) {
  return db.selectFrom('app_user').select(['password_hash']).where('id', '=', id).executeTakeFirst();
}

/** A successful sign-in (not an edit of the account: updated_at stays). */
export async function recordSignIn(db: Db, id: number, at: Date) {
  await db.updateTable('app_user').set({ last_sign_in_at: at }).where('id', '=', id).execute();
}
