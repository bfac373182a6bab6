// `pnpm db:migrate`: bring the configured database (DATABASE_URL or the embedded one) up to date.
import { createDb } from './client.ts';
import { migrateToLatest } from './migrate.ts';

const handle = await createDb();
try {
  const applied = await migrateToLatest(handle.db);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
} finally {
  await handle.close();
}
