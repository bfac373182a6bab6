// The queue's transport over the real API: one `logDropOffs` mutation per batch.
import { ApiError, request, ResultError, unwrapResult } from '../../lib/api.ts';
import { session } from '../../lib/session.svelte.ts';
import { issueOf, SYNC_ERROR, TransportError, type BatchOutcome, type Transport, type VoidOutcome } from '../../lib/station/transport.ts';
import { LogDropOffsMutation, VoidDropOffMutation } from './documents.ts';

/** Request errors as the queue's TransportError: which ones resending can fix. */
function transportError(e: unknown): TransportError {
  // A refusal of this user at this station will not change by resending; anything else might.
  if (e instanceof ApiError && e.kind === 'forbidden') return new TransportError(e.message, true);
  if (e instanceof ApiError && e.kind === 'unauthenticated') return new TransportError(SYNC_ERROR.signedOut, false);
  if (e instanceof ApiError && e.kind === 'unreachable') return new TransportError(SYNC_ERROR.unreachable, false);
  return new TransportError(`${SYNC_ERROR.server}${e instanceof Error ? e.message : String(e)}`, false);
}

export const gqlTransport: Transport = {
  async send(stationCode, items): Promise<BatchOutcome> {
    let result;
    // Signed out (the sign-in lapsed): entries wait on the device. Sending without a token would
    // be refused as FORBIDDEN, which rejects entries; this is retried once someone signs in.
    if (!session.token) throw new TransportError(SYNC_ERROR.signedOut, false);
    try {
      result = (await request(LogDropOffsMutation, { input: { stationCode, items } }, { timeoutMs: 30_000 })).logDropOffs;
    } catch (e) {
      throw transportError(e);
    }
    try {
      const { results } = unwrapResult(result);
      return { kind: 'ok', results: results.map((x) => ({ key: x.idempotencyKey, replayed: x.replayed, dropOffId: x.dropOff.id })) };
    } catch (e) {
      if (!(e instanceof ResultError)) throw e;
      // The server wrote nothing: an InputError names the items at fault, anything else the batch.
      if (e.typename === 'InputError') return { kind: 'invalid', issues: e.issues.map((i) => issueOf(i.field, i.message)) };
      return { kind: 'invalid', issues: [{ index: null, message: e.message }] };
    }
  },

  async voidDropOff(dropOffId, reason): Promise<VoidOutcome> {
    if (!session.token) throw new TransportError(SYNC_ERROR.signedOut, false);
    let result;
    try {
      result = (await request(VoidDropOffMutation, { id: dropOffId, reason }, { timeoutMs: 30_000 })).voidDropOff;
    } catch (e) {
      throw transportError(e);
    }
    try {
      unwrapResult(result);
      return { kind: 'ok' };
    } catch (e) {
      if (!(e instanceof ResultError)) throw e;
      // Voided already: our earlier send whose answer was lost, or someone else. Voided once.
      if (e.typename === 'ConflictError') return { kind: 'already' };
      return { kind: 'refused', message: e.message };
    }
  },
};
