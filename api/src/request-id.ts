// The current request's id, for code that gets no context (yoga's error masking): set by an
// Express middleware for the rest of the request's async work.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

const store = new AsyncLocalStorage<string>();

export function runWithRequestId<T>(id: string, fn: () => T): T {
  return store.run(id, fn);
}

/** The id of the request being served, or a fresh one outside a request (tests calling yoga.fetch). */
export function currentRequestId(): string {
  return store.getStore() ?? randomUUID();
}
