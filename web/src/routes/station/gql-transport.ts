// The queue's transport over the real API: one `logDropOffs` mutation per batch.
import { ApiError, request, ResultError, unwrapResult } from '../../lib/api.ts';
import { device } from '../../lib/device.svelte.ts';
import { errorText, messageText } from '../../lib/errors.ts';
import { session } from '../../lib/session.svelte.ts';
import {
  issueOf,
  SYNC_ERROR,
  TransportError,
  type BatchOutcome,
  type Transport,
  type VoidOutcome,
} from '../../lib/station/transport.ts';
import { LogDropOffsMutation, VoidDropOffMutation } from './documents.ts';

/** Request errors as the queue's TransportError: which ones resending can fix. */
function transportError(e: unknown): TransportError {
  // A refusal of this user at this station will not change by resending; anything else might.
  if (e instanceof ApiError && e.kind === 'forbidden') return new TransportError(errorText(e), true);
  if (e instanceof ApiError && e.kind === 'unauthenticated') return new TransportError(SYNC_ERROR.signedOut, false);
  if (e instanceof ApiError && e.kind === 'unreachable') return new TransportError(SYNC_ERROR.unreachable, false);
  return new TransportError(`${SYNC_ERROR.server}${e instanceof Error ? e.message : String(e)}`, false);
}

export const gqlTransport: Transport = {
  async send(stationCode, items): Promise<BatchOutcome> {
    let result;
    // Signed out (the sign-in lapsed): entries wait on the device. Sending without a token would
    // be refused as FORBIDDEN, which rejects entries; this is retried once someone signs in.
    if (!session.token && !device.current) throw new TransportError(SYNC_ERROR.signedOut, false);
    try {
      result = (await request(LogDropOffsMutation, { input: { stationCode, items } }, { timeoutMs: 30_000 }))
        .logDropOffs;
    } catch (e) {
      // Refused before the resolver ran (e.g. an impossible occurredAt): nothing was written, and
      // the issues name the items at fault like an InputError in the result.
      if (e instanceof ApiError && e.kind === 'invalid')
        return { kind: 'invalid', issues: e.issues.map((i) => issueOf(i.field, messageText(i))) };
      throw transportError(e);
    }
    try {
      const { results } = unwrapResult(result);
      // A CONFLICT (the key stands for another payload on the server) is refused by the queue.
      return {
        kind: 'ok',
        results: results.map((x) => ({
          key: x.idempotencyKey,
          replayed: x.status === 'REPLAYED',
          dropOffId: x.dropOff.id,
          conflict: x.conflict,
        })),
      };
    } catch (e) {
      if (!(e instanceof ResultError)) throw e;
      // The server wrote nothing: an InputError names the items at fault; a NotFoundError names an
      // item (an unknown material: input.items.3.materialCode) or the whole batch (the station).
      if (e.typename === 'InputError')
        return { kind: 'invalid', issues: e.issues.map((i) => issueOf(i.field, messageText(i))) };
      return { kind: 'invalid', issues: [{ ...issueOf(e.field ?? '', messageText(e)), message: messageText(e) }] };
    }
  },

  async voidDropOff(dropOffId, reason): Promise<VoidOutcome> {
    if (!session.token && !device.current) throw new TransportError(SYNC_ERROR.signedOut, false);
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
      return { kind: 'refused', message: errorText(e) };
    }
  },
};
