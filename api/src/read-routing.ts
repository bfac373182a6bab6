// Read routing: dashboard and report queries may read a streaming replica (DATABASE_READ_URL);
// everything else reads and writes the primary. A request goes to the replica only when it is a
// query and every root field it asks for is a dashboard or report read, so the counter app's own
// reads (station(code), its totals and entries, viewer, materials) always see its writes at once:
// read-your-writes where staff would notice. Dashboards poll every 20 s and tolerate the replica's
// lag (milliseconds on a healthy stream). Without a replica, everything reads the primary.
import { getOperationAST, Kind, parse, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Kysely } from 'kysely';
import type { Database } from '@recycle/db';
import type { Context } from './context.ts';
import { createLoaders } from './loaders.ts';

/** Root query fields whose answers may lag the primary by the replica's delay. */
export const REPLICA_FIELDS: ReadonlySet<string> = new Set([
  'summary',
  'mapStations',
  'stations',
  'needsAction',
  'carbonReport',
  'compareFactorSets',
  'cities',
  'city',
  'emissionFactorSets',
]);

/** True when every root field of the operation is a replica-safe read (and it is a query). */
export function readsFromReplica(document: DocumentNode | string, operationName?: string | null): boolean {
  const op = getOperationAST(typeof document === 'string' ? parse(document) : document, operationName);
  if (!op || op.operation !== 'query') return false;
  return op.selectionSet.selections.every(
    (s) => s.kind === Kind.FIELD && (s.name.value === '__typename' || REPLICA_FIELDS.has(s.name.value)),
  );
}

/** Swaps the request's database (and its loaders) for the replica when the operation allows it. */
export function readRoutingPlugin(readDb: Kysely<Database> | undefined): Plugin<Context> {
  return {
    onExecute({ args, extendContext }) {
      if (!readDb || !readsFromReplica(args.document, args.operationName)) return;
      const ctx = args.contextValue as Context;
      // Reference caches stay keyed on the primary: a standby cannot LISTEN for their invalidation.
      extendContext({ db: readDb, loaders: createLoaders(readDb, ctx.db) });
    },
  };
}
