// The server's configuration from the environment, validated once at start. Every setting has a
// safe default for a laptop; production sets DATABASE_URL and JWT_SECRET. (First-start seeding
// reads SEED_STATIONS itself: scripts/start.ts.)
import { z } from 'zod';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { HttpSecurityOptions } from './http/security.ts';
import type { MailConfig } from './mail/mailer.ts';
import { INGEST_STATEMENTS } from './services/ingest-queue.ts';

const env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_READ_URL: z.string().url().optional(),
  API_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  PGLITE_DATA_DIR: z.string().default('.data/pglite'),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DB_INGEST_STATEMENTS: z.coerce.number().int().min(1).max(64).default(INGEST_STATEMENTS),
  JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters').optional(),
  TOKEN_TTL_HOURS: z.coerce.number().positive().default(12),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WEB_DIST: z.string().default('web/dist'),
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  DB_POOL_WAIT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(120_000),
  FEED_RATE_LIMIT: z.coerce.number().int().positive().default(120),
  PUBLIC_URL: z.string().url().optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'SMTP_URL must be smtp://[user:pass@]host[:port] or smtps://...')
    .optional(),
  MAIL_FROM: z.string().min(3).optional(),
  NODE_ENV: z.string().default('development'),
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v, c) => {
      const origins = v
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean);
      for (const o of origins) {
        if (!/^https?:\/\/[^/\s]+$/.test(o))
          c.addIssue({ code: 'custom', message: `"${o}" is not an origin (scheme://host[:port], no path)` });
      }
      return origins;
    }),
  GRAPHIQL: z.enum(['true', 'false']).optional(),
  INTROSPECTION: z.enum(['true', 'false']).optional(),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1_000).max(100_000_000).default(1_000_000),
  BEHIND_TLS: z.enum(['true', 'false']).default('false'),
  TRUST_PROXY: z.string().optional(),
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
  /** Drop-off insert statements at once per process; batches waiting beyond share one (services/ingest-queue.ts). */
  ingestStatements: number;
  jwtSecret: Uint8Array;
  tokenTtlSeconds: number;
  logLevel: string;
  webDist: string;
  /** PostgreSQL server: how long opening a connection may take before SERVICE_UNAVAILABLE. */
  dbConnectTimeoutMs: number;
  /** PostgreSQL server: how long a request waits for a free pooled connection before SERVICE_UNAVAILABLE. */
  dbPoolWaitMs: number;
  /** PostgreSQL server: statement_timeout of every connection (ms; 0 = none): one slow query cannot hold a connection for ever. */
  dbStatementTimeoutMs: number;
  /** Open feed: requests per minute per IP, and the absolute URL its discovery links use. */
  feed: { rateLimitPerMinute: number; publicUrl?: string };
  /** CORS allowlist, GraphiQL/introspection switches, body limit, TLS (api/src/http/security.ts). */
  http: HttpSecurityOptions;
  /** Optional e-mail of activation and reset codes (mail/mailer.ts); unset: nothing is e-mailed. */
  mail?: MailConfig;
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
  // An e-mailed link must be absolute: the mail cannot know the site's address otherwise.
  if (e.SMTP_URL && !e.PUBLIC_URL) {
    throw new Error('SMTP_URL needs PUBLIC_URL (the site address the e-mailed activation links point to)');
  }
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databaseReadUrl: e.DATABASE_READ_URL,
    workers: e.API_WORKERS,
    dataDir: e.PGLITE_DATA_DIR,
    poolSize: e.DB_POOL_SIZE,
    ingestStatements: e.DB_INGEST_STATEMENTS,
    jwtSecret: jwtSecret(e.JWT_SECRET, e.DATABASE_URL, e.PGLITE_DATA_DIR),
    tokenTtlSeconds: Math.round(e.TOKEN_TTL_HOURS * 3600),
    logLevel: e.LOG_LEVEL,
    webDist: e.WEB_DIST,
    dbConnectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS,
    dbPoolWaitMs: e.DB_POOL_WAIT_MS,
    dbStatementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
    feed: { rateLimitPerMinute: e.FEED_RATE_LIMIT, publicUrl: e.PUBLIC_URL },
    mail: e.SMTP_URL
      ? {
          smtpUrl: e.SMTP_URL,
          from: e.MAIL_FROM ?? `Recycling stations <no-reply@${new URL(e.PUBLIC_URL!).hostname}>`,
          publicUrl: e.PUBLIC_URL!,
        }
      : undefined,
    http: {
      corsOrigins: e.CORS_ORIGINS,
      // In production GraphiQL and introspection are off unless switched on explicitly.
      graphiql: (e.GRAPHIQL ?? (e.NODE_ENV === 'production' ? 'false' : 'true')) === 'true',
      introspection: (e.INTROSPECTION ?? (e.NODE_ENV === 'production' ? 'false' : 'true')) === 'true',
      bodyLimitBytes: e.BODY_LIMIT_BYTES,
      behindTls: e.BEHIND_TLS === 'true',
      trustProxy:
        !e.TRUST_PROXY || e.TRUST_PROXY === 'false'
          ? false
          : /^\d+$/.test(e.TRUST_PROXY)
            ? Number(e.TRUST_PROXY)
            : e.TRUST_PROXY,
    },
  };
}
