import type { Db } from './db.ts';

export function listMaterials(db: Db) {
  return db.selectFrom('package_material').selectAll().orderBy('sort_order').execute();
}
