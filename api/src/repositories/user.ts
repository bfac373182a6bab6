import type { Db } from './db.ts';

/** The account signing in by email or phone (already normalised). */
export function userByLogin(db: Db, login: string) {
  return db
    .selectFrom('app_user')
    .selectAll()
    .where((eb) => eb.or([eb('email', '=', login), eb('phone', '=', login)]))
    .executeTakeFirst();
}
