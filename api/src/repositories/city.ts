import type { Db } from './db.ts';

export function listCities(db: Db) {
  return db.selectFrom('city').selectAll().orderBy('code').execute();
}

export function citiesByCodes(db: Db, codes: readonly string[]) {
  return db.selectFrom('city').selectAll().where('code', 'in', codes).execute();
}
