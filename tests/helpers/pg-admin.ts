// A short-lived client on DATABASE_URL's own database, for CREATE/DROP DATABASE (no Vitest here:
// benchmarks import it too).
import pg from 'pg';

/** Runs `fn` on a client of DATABASE_URL's own database (to create and drop copies). */
export async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
