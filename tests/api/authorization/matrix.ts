// Who may do what: every role × every operation (one file per domain in this directory; the
// fixture and the call helper in fixture.ts, the operation helpers in ops.ts, the runner here), the expected outcome of each written out in the
// matrix below (not derived from the rules under test). A denial takes one of two shapes, and each
// case names the one it expects:
//   denied  a GraphQL error with extensions.code FORBIDDEN at the given path, data null there
//           (a field denial on a readable station nulls that station: the fields are non-null);
//   union   the mutation answers with the ForbiddenError member of its result union (voidDropOff's
//           data-dependent rules: other station, staff after 24 h).
// Every write case snapshots the database around the call: a denied write must leave it unchanged,
// an allowed one must have written one audit entry. Each case sets up what it consumes (a fresh entry
// to void, a fresh station code, a unique idempotency key) and restores what it changes (status, clock).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GqlResult } from '../../helpers/app.ts';
import { CALLER_LABEL, CALLERS, setUp, snapshot, t, type Outcome, type Snapshot } from './fixture.ts';
import type { Op } from './ops.ts';

export * from './fixture.ts';
export * from './ops.ts';

/** A field of an answer the runner does not know the shape of (undefined when absent). */
const child = (value: unknown, key: string | number): unknown =>
  value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[key] : undefined;

const OUTCOME_LABEL = (o: Outcome, op: Op) =>
  o === 'allowed'
    ? 'allowed'
    : o === 'union'
      ? 'denied (ForbiddenError in the union)'
      : `denied (FORBIDDEN at ${op.deniedAt.join('.')})`;
/**
 * One domain's part of the matrix: its own throwaway database and fixture (beforeAll), then one case
 * per operation × caller, titled as before the matrix was split by domain.
 */
export function runMatrix(ops: Op[]): void {
  beforeAll(setUp);
  afterAll(() => t.close());
  // Rows as tuples: '%s' prints the whole title ('$title' of an object row is cut at 40 characters).
  const CASES = ops.flatMap((op) =>
    CALLERS.map(
      (caller) =>
        [
          `${CALLER_LABEL[caller]} · ${op.name} → ${OUTCOME_LABEL(op.expect[caller], op)}`,
          op,
          caller,
          op.expect[caller],
        ] as const,
    ),
  );

  describe('authorization matrix', () => {
    it('covers every caller for every operation', () => {
      expect(CASES).toHaveLength(ops.length * CALLERS.length);
    });

    it.each(CASES)('%s', async (_title, op, caller, outcome) => {
      let r: GqlResult<unknown>;
      let before: Snapshot | undefined;
      let after: Snapshot | undefined;
      try {
        await op.prepare?.();
        before = op.write ? await snapshot() : undefined;
        r = await op.run(caller);
        // Before restoring: a restore (status back to OPEN) must not hide a write that was denied.
        after = op.write ? await snapshot() : undefined;
      } finally {
        await op.restore?.();
      }
      const root = String(op.deniedAt[0]);
      if (outcome === 'allowed') {
        expect(r.errors).toBeUndefined();
        if (after) expect(after.audits).toBe(before!.audits + 1);
        await op.allowed(r.data, caller, after && { before: before!, after });
        return;
      }
      if (outcome === 'union') {
        expect(r.errors).toBeUndefined();
        expect(child(r.data, root)).toEqual({
          __typename: 'ForbiddenError',
          message: expect.stringMatching(op.unionMessage ?? /void/),
        });
      } else {
        expect(r.errors?.map((e) => ({ code: e.extensions?.code, path: e.path }))).toEqual([
          { code: 'FORBIDDEN', path: op.deniedAt },
        ]);
        if (op.deniesFieldOnly) expect(child(child(r.data, root), op.deniedAt[1]!)).toBeNull();
        else expect(child(r.data, root) ?? null).toBeNull();
      }
      if (after) expect(after).toEqual(before);
    });
  });
}
