// The queue's transport over the real API: one `logDropOffs` mutation per batch.
import { ApiError, gql } from '../api.ts';
import { session } from '../session.svelte.ts';
import { issueOf, SYNC_ERROR, TransportError, type BatchOutcome, type Transport } from './transport.ts';

const LOG = `mutation Log($input: LogDropOffsInput!) {
  logDropOffs(input: $input) {
    __typename
    ... on LogDropOffsPayload { results { idempotencyKey replayed dropOff { id } } }
    ... on InputError { message issues { field message } }
    ... on NotFoundError { message }
  }
}`;

type LogResult =
  | { __typename: 'LogDropOffsPayload'; results: { idempotencyKey: string; replayed: boolean; dropOff: { id: string } }[] }
  | { __typename: 'InputError'; message: string; issues: { field: string; message: string }[] }
  | { __typename: 'NotFoundError'; message: string };

export const gqlTransport: Transport = {
  async send(stationCode, items): Promise<BatchOutcome> {
    let data: { logDropOffs: LogResult };
    // Signed out (the sign-in lapsed): entries wait on the device. Sending without a token would
    // be refused as FORBIDDEN, which rejects entries; this is retried once someone signs in.
    if (!session.token) throw new TransportError(SYNC_ERROR.signedOut, false);
    try {
      data = await gql<{ logDropOffs: LogResult }>(LOG, { input: { stationCode, items } }, { timeoutMs: 30_000 });
    } catch (e) {
      // A refusal of this user at this station will not change by resending; anything else might.
      if (e instanceof ApiError && e.kind === 'forbidden') throw new TransportError(e.message, true);
      if (e instanceof ApiError && e.kind === 'unauthenticated') throw new TransportError(SYNC_ERROR.signedOut, false);
      if (e instanceof ApiError && e.kind === 'unreachable') throw new TransportError(SYNC_ERROR.unreachable, false);
      throw new TransportError(`${SYNC_ERROR.server}${e instanceof Error ? e.message : String(e)}`, false);
    }
    const r = data.logDropOffs;
    if (r.__typename === 'LogDropOffsPayload') {
      return { kind: 'ok', results: r.results.map((x) => ({ key: x.idempotencyKey, replayed: x.replayed, dropOffId: x.dropOff.id })) };
    }
    if (r.__typename === 'InputError') return { kind: 'invalid', issues: r.issues.map((i) => issueOf(i.field, i.message)) };
    return { kind: 'invalid', issues: [{ index: null, message: r.message }] };
  },
};
