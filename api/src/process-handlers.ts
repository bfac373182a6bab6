// What the process does with errors nobody caught (docs/operations.md "Process-level errors"):
// - an unhandled promise rejection is logged with its error and the process keeps serving: the
//   request it belonged to has already failed (and was answered), and the database driver keeps
//   no state that a lost promise could corrupt;
// - an uncaught exception means code threw where no one expected it, so the process state is
//   unknown: it is logged as fatal, the server stops taking requests, requests in flight get a
//   few seconds, and the process exits with code 1 for the supervisor (systemd, a container
//   runtime) to start a fresh one;
// - a lost database connection is NOT one of these: the pool and the request handlers deal with
//   it (503 / SERVICE_UNAVAILABLE, /readyz red) and the process stays up.
import type { Logger } from './logger.ts';

export interface ProcessLike {
  on(event: 'unhandledRejection', listener: (reason: unknown, promise: Promise<unknown>) => void): unknown;
  on(event: 'uncaughtException', listener: (err: Error, origin: string) => void): unknown;
  on(event: 'warning', listener: (warning: Error) => void): unknown;
}

export interface ProcessHandlerOptions {
  logger: Logger;
  /** Stop accepting work and exit with `code` (graceful shutdown with a deadline). */
  exit: (code: number, reason: string) => void;
  proc?: ProcessLike;
}

export function installProcessHandlers({ logger, exit, proc = process }: ProcessHandlerOptions): void {
  proc.on('unhandledRejection', (reason) => {
    logger.error(
      { err: reason, event: 'unhandledRejection' },
      'unhandled promise rejection (logged; the process keeps serving)',
    );
  });
  proc.on('uncaughtException', (err, origin) => {
    logger.fatal(
      { err, origin, event: 'uncaughtException' },
      'uncaught exception: shutting down for the supervisor to restart the process',
    );
    exit(1, 'uncaughtException');
  });
  proc.on('warning', (warning) => logger.warn({ err: warning, event: 'warning' }, 'process warning'));
}
