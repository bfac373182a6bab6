// The request context every resolver, service and HTTP route works with: the database, who is
// asking (from the bearer token), the request id, one clock reading and the request's loaders.
// GraphQL (app.ts) and the CSV route (http/carbon-csv.ts) both build it with createContext().
import type { Kysely } from 'kysely';
import type { Database } from '@recycle/db';
import type { Logger } from './logger.ts';
import type { Mailer } from './mail/mailer.ts';
import type { IngestQueue } from './services/ingest-queue.ts';
import type { ReportDemand } from './services/report-warmup.ts';
import { bearerToken, type TokenKeys } from './auth/token.ts';
import { verifyBearer, type MemberViewer } from './auth/member-token.ts';
import type { Viewer } from './domain/viewer.ts';
import { createLoaders, type Loaders } from './loaders.ts';
import { deviceOfCredential } from './services/devices.ts';
import { checkMemberSession, checkSession } from './services/sessions.ts';

/** What the app is built from (the composition root, start-server.ts, provides it). */
export interface AppDeps {
  db: Kysely<Database>;
  /** A streaming replica for dashboard and report reads (read-routing.ts); absent: db. */
  readDb?: Kysely<Database>;
  logger: Logger;
  tokenKeys: TokenKeys;
  /** Injectable clock: tests pin "now" to check 24 h and 30-day rules. */
  clock: () => Date;
  /** E-mails activation and reset codes when SMTP is configured (mail/mailer.ts); absent: nothing is sent. */
  mailer?: Mailer | null;
  /** The group commit of drop-off batches over `db` (services/ingest-queue.ts): one per process. */
  ingest: IngestQueue;
  /** Notes the station reports asked, for the next process's warm-up (services/report-warmup.ts); absent: not noted. */
  reportDemand?: ReportDemand;
}

export interface Context extends AppDeps {
  viewer: Viewer | null;
  /** A green-points member (member token), or null: see auth/member-token.ts. */
  member: MemberViewer | null;
  requestId: string;
  /** The client's IP address (Express' req.ip: honours TRUST_PROXY), or "unknown"; sign-in throttling keys on it. */
  clientAddress: string;
  /** The request's one reading of the clock: every rule in the request compares against it. */
  now: Date;
  loaders: Loaders;
}

export interface RequestInfo {
  /** The Authorization header as received, if any. */
  authorization: string | null | undefined;
  /** The X-Device-Token header of a paired counter device, if any. */
  device?: string | null;
  requestId: string;
  clientAddress?: string | null;
}

/** Throws UnauthenticatedError, saying what is wrong, for a malformed, forged or expired token. */
export async function createContext(deps: AppDeps, request: RequestInfo): Promise<Context> {
  const now = deps.clock();
  const token = bearerToken(request.authorization);
  const who = token ? await verifyBearer(deps.tokenKeys, token, now) : { viewer: null, member: null };
  const person = who.viewer;
  if (person) await checkSession(deps.db, person);
  if (who.member) await checkMemberSession(deps.db, who.member);
  const device = request.device ? await deviceOfCredential(deps.db, request.device, now) : null;
  // A device alone acts as its station's staff (for the counter's operations; see isDeviceOnly).
  const viewer: Viewer | null = person
    ? { ...person, device }
    : device
      ? { userId: null, role: 'STATION_STAFF', stationId: device.stationId, cityCode: null, device }
      : null;
  return {
    ...deps,
    viewer,
    member: who.member,
    requestId: request.requestId,
    clientAddress: request.clientAddress || 'unknown',
    now,
    loaders: createLoaders(deps.db),
  };
}
