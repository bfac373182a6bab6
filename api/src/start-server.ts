// The composition root: opens (or is given) the database, migrates it, builds the app and listens.
// Shared by the production entry (server.ts), `pnpm start` (scripts/start.ts, which seeds first),
// the tests and the benchmarks. Ready means /readyz answers 200.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDb, migrateToLatest, type DbHandle } from '@recycle/db';
import { buildApp } from './app.ts';
import { startCacheInvalidation } from './cache-invalidation.ts';
import type { Config } from './config.ts';
import { createLogger, type Logger } from './logger.ts';
import { IngestQueue } from './services/ingest-queue.ts';
import { startRollupFold } from './rollup-fold.ts';
import { ReportDemand, warmAskedReports } from './services/report-warmup.ts';
import { installProcessHandlers } from './process-handlers.ts';
import { createMailer } from './mail/mailer.ts';

/** Pending connections the kernel queues for this process (see listen below). */
const LISTEN_BACKLOG = 4096;

export type ServerConfig = Pick<
  Config,
  'port' | 'host' | 'databaseUrl' | 'dataDir' | 'poolSize' | 'jwtSecret' | 'tokenTtlSeconds' | 'logLevel'
> &
  Partial<
    Pick<
      Config,
      | 'webDist'
      | 'dbConnectTimeoutMs'
      | 'dbPoolWaitMs'
      | 'dbStatementTimeoutMs'
      | 'feed'
      | 'http'
      | 'databaseReadUrl'
      | 'mail'
      | 'ingestStatements'
    >
  >;

export interface StartOptions {
  /** An open database to serve (the caller keeps it and closes it); default: open the configured one. */
  db?: DbHandle;
  logger?: Logger;
  /** Default: the real clock. Tests pin it. */
  clock?: () => Date;
  /** Apply pending migrations first (default true; idempotent). */
  migrate?: boolean;
}

export interface RunningServer {
  /** http://host:port, with 0.0.0.0 shown as localhost. */
  url: string;
  port: number;
  db: DbHandle;
  http: Server;
  logger: Logger;
  /** The station reports asked lately, read into this process's cache after listening: how many. */
  reportsWarmed: Promise<number>;
  /** Stops accepting, finishes requests in flight, then closes the database if it opened it. */
  close(): Promise<void>;
}

/** Example: const s = await startServer({ ...loadConfig(), port: 0 }); await fetch(`${s.url}/readyz`); await s.close(); */
export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const ownsDb = !options.db;
  // A connection lost outside a query (restart, failover, pg_terminate_backend): the pool drops
  // it and opens a new one on the next query. Logged, never fatal.
  const pgOptions = {
    poolSize: config.poolSize,
    connectTimeoutMs: config.dbConnectTimeoutMs,
    poolWaitMs: config.dbPoolWaitMs,
    statementTimeoutMs: config.dbStatementTimeoutMs,
    onConnectionError: (err: unknown, where: string) =>
      logger.warn({ err, where }, 'database connection lost; the pool opens a new one on the next query'),
  };
  const db = options.db ?? (await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, ...pgOptions }));
  let replica: DbHandle | null = null;
  let stopListening = async () => {};
  try {
    if (options.migrate !== false) {
      const applied = await migrateToLatest(db.db);
      if (applied.length) logger.info({ applied }, 'migrations applied');
    }
    // Dashboard and report reads may go to a streaming replica (read-routing.ts).
    if (config.databaseReadUrl) replica = await createDb({ databaseUrl: config.databaseReadUrl, ...pgOptions });
    // Reference caches follow changes made by other processes (cache-invalidation.ts).
    stopListening = await startCacheInvalidation(db, logger);
    const mailer = config.mail ? createMailer(config.mail, logger) : null;
    const clock = options.clock ?? (() => new Date());
    const { app } = buildApp({
      mailer,
      db: db.db,
      readDb: replica?.db,
      logger,
      ingest: new IngestQueue(db.db, config.ingestStatements, logger),
      reportDemand: new ReportDemand(db.db, logger),
      tokenKeys: { secret: config.jwtSecret, ttlSeconds: config.tokenTtlSeconds },
      clock,
      webDist: config.webDist,
      feed: config.feed,
      http: config.http,
    });
    const http = await new Promise<Server>((resolve, reject) => {
      // Connections waiting to be accepted: Node's default of 511 overflowed when 2,000 counters
      // connected at once to a busy process (bench:peak; the kernel then resets them). The kernel
      // caps it at net.core.somaxconn (4096 on current Linux).
      const s = app.listen({ port: config.port, host: config.host, backlog: LISTEN_BACKLOG }, (err?: Error) =>
        err ? reject(err) : resolve(s),
      );
    });
    // after listening: a failed start has nothing to stop
    const stopFold = startRollupFold(db.db, logger, clock);
    let closingDown = false;
    const reportsWarmed = warmAskedReports({ db: db.db, readDb: replica?.db, logger, clock }, () => closingDown);
    const port = (http.address() as AddressInfo).port;
    const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        closingDown = true;
        http.close((err) => (err ? reject(err) : resolve()));
        http.closeIdleConnections();
      })
        .then(() => reportsWarmed)
        .then(() => stopFold())
        .then(() => stopListening())
        .then(() => mailer?.close())
        .then(() => replica?.close())
        .then(() => (ownsDb ? db.close() : undefined)));
    return { url: `http://${host}:${port}`, port, db, http, logger, reportsWarmed, close };
  } catch (err) {
    await stopListening();
    await replica?.close();
    if (ownsDb) await db.close();
    throw err;
  }
}

/**
 * For an entry point: on SIGTERM or SIGINT, finish requests in flight, run `cleanup` (e.g. close a
 * database the entry opened itself) and exit 0 (1 if that fails or takes more than 10 s);
 * process-level errors are handled as process-handlers.ts documents (an uncaught exception stops
 * the same way, with exit code 1, for the supervisor to restart the process).
 */
export function stopOnSignals(server: RunningServer, cleanup: () => Promise<void> = async () => {}): void {
  let stopping = false;
  const stop = (signal: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    server.logger.info({ signal }, 'shutting down: finishing requests in flight');
    setTimeout(() => process.exit(code || 1), 10_000).unref();
    server
      .close()
      .then(cleanup)
      .then(
        () => {
          server.logger.info('stopped');
          process.exit(code);
        },
        (err: unknown) => {
          server.logger.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  installProcessHandlers({ logger: server.logger, exit: (code, reason) => stop(reason, code) });
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
