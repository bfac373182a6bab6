// The queue's transport over the real API: one `logDropOffs` mutation per batch.
import { ApiError, gql } from '../api.ts';
import { issueOf, TransportError, type BatchOutcome, type Transport } from './transport.ts';

const LOG = `mutation Log($input: LogDropOffsInput!) {
  logDropOffs(input: $input) {
    __typename
    ... on LogDropOffsPayload { results { idempotencyKey status dropOff { id } conflict { message fields } } }
    ... on InputError { message issues { field message } }
    ... on NotFoundError { message field }
  }
}`;

type LogResult =
  | { __typename: 'LogDropOffsPayload'; results: { idempotencyKey: string; status: 'ACCEPTED' | 'REPLAYED' | 'CONFLICT'; dropOff: { id: string }; conflict: { message: string; fields: string[] } | null }[] }
  | { __typename: 'InputError'; message: string; issues: { field: string; message: string }[] }
  | { __typename: 'NotFoundError'; message: string; field: string };

export const gqlTransport: Transport = {
  async send(stationCode, items): Promise<BatchOutcome> {
    let data: { logDropOffs: LogResult };
    try {
      data = await gql<{ logDropOffs: LogResult }>(LOG, { input: { stationCode, items } }, { timeoutMs: 30_000 });
    } catch (e) {
      // A refusal of this user at this station will not change by resending; anything else might.
      if (e instanceof ApiError && e.kind === 'forbidden') throw new TransportError(e.message, true);
      // Refused before the resolver ran (e.g. an impossible occurredAt): nothing was written, and
      // the issues name the items at fault like an InputError in the result.
      if (e instanceof ApiError && e.kind === 'invalid') return { kind: 'invalid', issues: e.issues.map((i) => issueOf(i.field, i.message)) };
      throw new TransportError(e instanceof Error ? e.message : String(e), false);
    }
    const r = data.logDropOffs;
    if (r.__typename === 'LogDropOffsPayload') {
      return {
        kind: 'ok',
        results: r.results.map((x) => ({ key: x.idempotencyKey, replayed: x.status === 'REPLAYED', dropOffId: x.dropOff.id, conflict: x.conflict })),
      };
    }
    if (r.__typename === 'InputError') return { kind: 'invalid', issues: r.issues.map((i) => issueOf(i.field, i.message)) };
    // An unknown material names its item (input.items.3.materialCode); an unknown station the batch.
    return { kind: 'invalid', issues: [{ ...issueOf(r.field, r.message), message: r.message }] };
  },
};
