// pg-cursor's close() waits for a "ready for query" message that never comes once the cursor has
// failed: after its connection died mid-stream (server restart, pg_terminate_backend) or after a
// server error such as a statement timeout. Kysely awaits close() in its stream's finally, so one
// failed CSV export used to hang its response forever and keep its pool connection checked out
// (ten of them and every request waited for a connection). This cursor closes a failed one at
// once: the portal is already gone with the error, and a dead connection is dropped by the pool.
import Cursor from 'pg-cursor';

interface CursorInternals {
  state: string;
  connection?: { stream?: { destroyed?: boolean } };
}

export class ClosingCursor<Row = unknown> extends Cursor<Row> {
  override close(): Promise<void>;
  override close(callback: (err: Error) => void): undefined;
  override close(callback?: (err: Error) => void): Promise<void> | undefined {
    const self = this as unknown as CursorInternals;
    if (self.state === 'error' || self.connection?.stream?.destroyed) {
      self.state = 'done';
      if (callback) {
        setImmediate(() => callback(undefined as unknown as Error));
        return undefined;
      }
      return Promise.resolve();
    }
    return callback ? super.close(callback) : super.close();
  }
}
