// LISTEN on a channel of either database. On a server, a dedicated connection (not one of the
// pool's) that reconnects after a failure; onReconnect tells the caller that notifications may
// have been missed meanwhile. On the embedded database, PGlite's in-process listener.
import pg from 'pg';
import type { DbHandle } from './client.ts';

export interface ListenOptions {
  /** Called after a lost connection was re-established: messages may have been missed. */
  onReconnect?: () => void;
  onError?: (err: unknown) => void;
  /** First retry delay; doubles up to 30 s. */
  retryMs?: number;
}

/** Starts listening; resolves once the first LISTEN is in place, with a function that stops it. */
export async function listen(
  handle: DbHandle,
  channel: string,
  onMessage: (payload: string) => void,
  options: ListenOptions = {},
): Promise<() => Promise<void>> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`bad channel name ${channel}`);
  if (handle.pglite) {
    const pglite = handle.pglite;
    const unlisten = await pglite.listen(channel, onMessage);
    // The database may be closed already (a server stopping after it): nothing left to stop then.
    return async () => {
      if (!pglite.closed) await unlisten().catch(() => {});
    };
  }
  const connectionOptions = handle.pool!.options;
  let client: pg.Client | null = null;
  let stopped = false;
  let delay = options.retryMs ?? 500;
  let timer: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const c = new pg.Client(connectionOptions);
    c.on('notification', (n) => n.channel === channel && onMessage(n.payload ?? ''));
    c.on('error', (err) => {
      options.onError?.(err);
      if (client === c) client = null;
      c.end().catch(() => {});
      schedule();
    });
    await c.connect();
    await c.query(`listen ${channel}`);
    if (stopped) return void (await c.end());
    client = c;
    delay = options.retryMs ?? 500;
  };
  const schedule = () => {
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      connect().then(
        () => options.onReconnect?.(),
        (err) => {
          options.onError?.(err);
          delay = Math.min(delay * 2, 30_000);
          schedule();
        },
      );
    }, delay);
    timer.unref();
  };

  await connect();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await client?.end().catch(() => {});
    client = null;
  };
}
