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

export interface NewFactorSet {
  version: string;
  name: string;
  displacement_rate: number;
  notes: string;
  notes_zh: string | null;
}

export type NewFactor = Omit<Awaited<ReturnType<typeof factorsOfSets>>[number], 'id' | 'factor_set_id'>;

/** A draft set (unpublished): its factors can still be added. */
export function insertFactorSet(db: Db, set: NewFactorSet) {
  return db
    .insertInto('emission_factor_set')
    .values({ ...set, is_default: false })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function insertFactors(db: Db, setId: number, factors: readonly NewFactor[]) {
  return db
    .insertInto('emission_factor')
    .values(factors.map((f) => ({ ...f, factor_set_id: setId })))
    .execute();
}

/** From here on the database refuses any change to the set or its factors (see the frozen-set migration). */
export function publishFactorSet(db: Db, setId: number, at: Date) {
  return db
    .updateTable('emission_factor_set')
    .set({ published_at: at })
    .where('id', '=', setId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Clears the default flag; run before markDefaultFactorSet (one default at most, by a unique index). */
export function clearDefaultFactorSet(db: Db) {
  return db.updateTable('emission_factor_set').set({ is_default: false }).where('is_default', '=', true).execute();
}

export function markDefaultFactorSet(db: Db, setId: number) {
  return db
    .updateTable('emission_factor_set')
    .set({ is_default: true })
    .where('id', '=', setId)
    .returningAll()
    .executeTakeFirstOrThrow();
}
