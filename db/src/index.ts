export { createDb, defaultDataDir, type DbHandle, type DbKind, type CreateDbOptions } from './client.ts';
export { migrateToLatest } from './migrate.ts';
export { copyRows } from './copy.ts';
export { listen, type ListenOptions } from './notify.ts';
export type * from './types.ts';
export { hashPassword, verifyPassword } from './password.ts';
export { DatabaseUnavailableError, isDatabaseUnavailable, isStatementTimeout } from './errors.ts';
export { CITY_ROLLUP_SHARDS, FOLD_AFTER_DAYS, cityRollupShard, foldCityRollup, weekOf } from './rollup.ts';
export {
  dropOffRetention,
  ensureCurrentPartitions,
  ensureDropOffPartitions,
  listDropOffPartitions,
  MIN_RETENTION_MONTHS,
  type DropOffPartition,
  type RetentionResult,
} from './partitions.ts';
