import type { Db } from './db.ts';

export function listFactorSets(db: Db) {
  return db.selectFrom('emission_factor_set').selectAll().orderBy('published_at', 'desc').orderBy('id').execute();
}

export function factorsOfSets(db: Db, setIds: readonly number[]) {
  return db
    .selectFrom('emission_factor')
    .selectAll()
    .where('factor_set_id', 'in', setIds)
    .orderBy('material_code')
    .orderBy('outcome')
    .execute();
}
