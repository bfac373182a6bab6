// Authorization matrix (see matrix.ts): logging drop-offs and voiding them (fresh, and 25 h old).
import { expect } from 'vitest';
import { op, AT, by, call, fx, LOG, N, runMatrix, stationKeys, U, unique, VOID, voidOp, Y } from './matrix.ts';

runMatrix([
  ...stationKeys.map((k) =>
    op({
      name: `logDropOffs at ${AT[k]}`,
      expect: { A: by(N, Y, N, N, Y), B: by(N, N, N, N, Y), C: by(N, N, N, N, Y) }[k],
      deniedAt: ['logDropOffs'],
      write: true,
      run: (c) =>
        call(c, LOG, {
          input: {
            stationCode: fx.station[k].code,
            items: [{ idempotencyKey: `authz-${unique()}`, materialCode: 'BOX_S', outcome: 'REUSED', quantity: 1 }],
          },
        }),
      allowed: (d, _c, ch) => {
        expect(d.logDropOffs).toMatchObject({ __typename: 'LogDropOffsPayload', accepted: 1 });
        expect(ch!.after.dropOffs).toBe(ch!.before.dropOffs + 1);
      },
    }),
  ),
  ...stationKeys.map((k) => voidOp(`voidDropOff of a fresh entry at ${AT[k]}`, k, VOID[k], 0)),
  voidOp(`voidDropOff of an entry logged 25 h ago at ${AT.A}`, 'A', by(N, U, Y, N, Y), 25 * 3600_000),
]);
