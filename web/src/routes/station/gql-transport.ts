// The queue's transport over the real API: one `logDropOffs` mutation per batch.
import { ApiError, request, ResultError, unwrapResult } from '../../lib/api.ts';
import { issueOf, TransportError, type BatchOutcome, type Transport } from '../../lib/station/transport.ts';
import { LogDropOffsMutation } from './documents.ts';

export const gqlTransport: Transport = {
  async send(stationCode, items): Promise<BatchOutcome> {
    let result;
    try {
      result = (await request(LogDropOffsMutation, { input: { stationCode, items } }, { timeoutMs: 30_000 })).logDropOffs;
    } catch (e) {
      // A refusal of this user at this station will not change by resending; anything else might.
      if (e instanceof ApiError && e.kind === 'forbidden') throw new TransportError(e.message, true);
      throw new TransportError(e instanceof Error ? e.message : String(e), false);
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
};
