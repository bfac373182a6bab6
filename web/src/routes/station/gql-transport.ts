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
      // Refused before the resolver ran (e.g. an impossible occurredAt): nothing was written, and
      // the issues name the items at fault like an InputError in the result.
      if (e instanceof ApiError && e.kind === 'invalid') return { kind: 'invalid', issues: e.issues.map((i) => issueOf(i.field, i.message)) };
      // Anything else (network, 503 SERVICE_UNAVAILABLE while the database is away) may pass on retry.
      throw new TransportError(e instanceof Error ? e.message : String(e), false);
    }
    try {
      const { results } = unwrapResult(result);
      // A CONFLICT (the key stands for another payload on the server) is refused by the queue.
      return { kind: 'ok', results: results.map((x) => ({ key: x.idempotencyKey, replayed: x.status === 'REPLAYED', dropOffId: x.dropOff.id, conflict: x.conflict })) };
    } catch (e) {
      if (!(e instanceof ResultError)) throw e;
      // The server wrote nothing: an InputError names the items at fault; a NotFoundError names an
      // item (an unknown material: input.items.3.materialCode) or the whole batch (the station).
      if (e.typename === 'InputError') return { kind: 'invalid', issues: e.issues.map((i) => issueOf(i.field, i.message)) };
      return { kind: 'invalid', issues: [{ ...issueOf(e.field ?? '', e.message), message: e.message }] };
    }
  },
};
