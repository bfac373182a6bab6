import type { Db } from './db.ts';

export function userByEmail(db: Db, email: string) {
  return db.selectFrom('app_user').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
}

export function usersByIds(db: Db, ids: readonly number[]) {
  return db
    .selectFrom('app_user')
    .select(['id', 'email', 'display_name', 'role', 'station_id', 'city_code'])
    .where('id', 'in', ids)
    .execute();
}
