// Large answers are built a slice at a time (api/src/slices.ts) so other requests run in between:
// the items come out complete and in order, and a timer set before the work fires between slices,
// not after the whole list.
import { describe, expect, it } from 'vitest';
import { graphql, GraphQLInt, GraphQLList, GraphQLObjectType, GraphQLSchema } from 'graphql';
import { eachInSlices, listInSlices } from '../../api/src/slices.ts';
import { checkInlinePartCount } from '../../api/src/domain/carbon-report.ts';
import { InputError } from '../../api/src/domain/errors.ts';

/** Records, in order, each item handled and each time another macrotask got the loop. */
function journal() {
  const events: string[] = [];
  let ticking = true;
  const tick = () => {
    if (!ticking) return;
    events.push('other');
    setImmediate(tick);
  };
  setImmediate(tick);
  return { events, stop: () => (ticking = false) };
}

describe('eachInSlices', () => {
  it('visits 2,500 items in order, letting other work run after items 1,000 and 2,000', async () => {
    const j = journal();
    const seen: number[] = [];
    await eachInSlices(
      Array.from({ length: 2500 }, (_, i) => i),
      (i) => {
        seen.push(i);
        if (i % 1000 === 999 || i === 0) j.events.push(`item ${i}`);
      },
      1000,
    );
    j.stop();
    expect(seen).toEqual(Array.from({ length: 2500 }, (_, i) => i));
    // Between the last item of one slice and the first of the next, another macrotask ran.
    const at = (e: string) => j.events.indexOf(e);
    expect(j.events.slice(at('item 999'), at('item 1999'))).toContain('other');
    expect(j.events.slice(at('item 0'), at('item 999'))).not.toContain('other');
  });

  it('does nothing on an empty list', async () => {
    const seen: number[] = [];
    await eachInSlices([], (i: number) => seen.push(i));
    expect(seen).toEqual([]);
  });
});

describe('listInSlices', () => {
  it('returns a short list as it is (no promises)', () => {
    const items = [1, 2, 3];
    expect(listInSlices(items, 10)).toBe(items);
  });

  it('GraphQL completes a 2,500-item list with every value in order, other work running between slices', async () => {
    const j = journal();
    const Row = new GraphQLObjectType({
      name: 'Row',
      fields: {
        n: {
          type: GraphQLInt,
          resolve: (n: number) => {
            if (n % 1000 === 0) j.events.push(`row ${n}`);
            return n;
          },
        },
      },
    });
    const schema = new GraphQLSchema({
      query: new GraphQLObjectType({
        name: 'Query',
        fields: {
          rows: {
            type: new GraphQLList(Row),
            resolve: () =>
              listInSlices(
                Array.from({ length: 2500 }, (_, i) => i),
                1000,
              ),
          },
        },
      }),
    });
    const result = await graphql({ schema, source: '{ rows { n } }' });
    j.stop();
    expect(result.errors).toBeUndefined();
    expect((result.data as { rows: { n: number }[] }).rows.map((r) => r.n)).toEqual(
      Array.from({ length: 2500 }, (_, i) => i),
    );
    const at = (e: string) => j.events.indexOf(e);
    expect(j.events.slice(at('row 0'), at('row 1000'))).toContain('other');
    expect(j.events.slice(at('row 1000'), at('row 2000'))).toContain('other');
  });
});

describe('checkInlinePartCount', () => {
  it('accepts up to the limit and refuses one more, naming groupBy and the CSV export', () => {
    expect(() => checkInlinePartCount(100, 100)).not.toThrow();
    let error: unknown;
    try {
      checkInlinePartCount(101, 100);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(/more than 100 .*CSV export/);
    expect((error as InputError).field).toBe('groupBy');
  });
});
