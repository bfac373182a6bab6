// The server's configuration from the environment, validated once at start. Every setting has a
// safe default for a laptop; production sets DATABASE_URL and JWT_SECRET. (First-start seeding
// reads SEED_STATIONS itself: scripts/start.ts.)
import { z } from 'zod';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_READ_URL: z.string().url().optional(),
  API_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  PGLITE_DATA_DIR: z.string().default('.data/pglite'),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters').optional(),
  TOKEN_TTL_HOURS: z.coerce.number().positive().default(12),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WEB_DIST: z.string().default('web/dist'),
  FEED_RATE_LIMIT: z.coerce.number().int().positive().default(120),
  PUBLIC_URL: z.string().url().optional(),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl?: string;
  /** A streaming replica for dashboard and report reads; unset: everything reads the primary. */
  databaseReadUrl?: string;
  /** API processes (node:cluster); more than 1 needs DATABASE_URL (PGlite lives in one process). */
  workers: number;
  dataDir: string;
  /** Connections to a PostgreSQL server (unused by the embedded database). */
  poolSize: number;
  jwtSecret: Uint8Array;
  tokenTtlSeconds: number;
  logLevel: string;
  webDist: string;
  /** Open feed: requests per minute per IP, and the absolute URL its discovery links use. */
  feed: { rateLimitPerMinute: number; publicUrl?: string };
}

/**
 * Without JWT_SECRET on the embedded database, a random secret is kept beside the data so
 * tokens survive restarts; with a server database JWT_SECRET is required.
 */
function jwtSecret(given: string | undefined, databaseUrl: string | undefined, dataDir: string): Uint8Array {
  if (given) return new TextEncoder().encode(given);
  if (databaseUrl) throw new Error('JWT_SECRET (32+ characters) is required when DATABASE_URL is set');
  const file = path.join(path.dirname(path.resolve(dataDir)), 'jwt-secret');
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return new TextEncoder().encode(readFileSync(file, 'utf8').trim());
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = env.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${lines}`);
  }
  const e = parsed.data;
  if (e.API_WORKERS > 1 && !e.DATABASE_URL) {
    throw new Error('API_WORKERS > 1 needs DATABASE_URL: the embedded database (PGlite) lives inside one process');
  }
  if (e.DATABASE_READ_URL && !e.DATABASE_URL) {
    throw new Error('DATABASE_READ_URL (a replica) needs DATABASE_URL (its primary)');
  }
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databaseReadUrl: e.DATABASE_READ_URL,
    workers: e.API_WORKERS,
    dataDir: e.PGLITE_DATA_DIR,
    poolSize: e.DB_POOL_SIZE,
    jwtSecret: jwtSecret(e.JWT_SECRET, e.DATABASE_URL, e.PGLITE_DATA_DIR),
    tokenTtlSeconds: Math.round(e.TOKEN_TTL_HOURS * 3600),
    logLevel: e.LOG_LEVEL,
    webDist: e.WEB_DIST,
    feed: { rateLimitPerMinute: e.FEED_RATE_LIMIT, publicUrl: e.PUBLIC_URL },
  };
}
