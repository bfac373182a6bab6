// Large answers are built a slice at a time (api/src/slices.ts) so other requests run in between:
// the items come out complete and in order, and a timer set before the work fires between slices,
// not after the whole list.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  graphql,
  GraphQLInt,
  GraphQLList,
  GraphQLObjectType,
  GraphQLSchema,
  Kind,
  parse,
  type GraphQLResolveInfo,
} from 'graphql';
import { eachInSlices, holdsLongList, jsonInSlices, listInSlices } from '../../api/src/slices.ts';
import { checkInlinePartCount } from '../../api/src/domain/carbon-report.ts';
import { checkRowPage, maxRowsPerAnswer, pageOfRows } from '../../api/src/domain/report-pages.ts';
import { fieldsPerItem } from '../../api/src/schema/selection.ts';
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

async function joined(value: unknown, size: number): Promise<string> {
  let out = '';
  for await (const piece of jsonInSlices(value, size)) out += piece;
  return out;
}

describe('jsonInSlices', () => {
  it('is exactly JSON.stringify for any JSON-like value, long lists or not (slices of 3)', async () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue({ maxDepth: 1 }),
        fc.array(tie('node'), { maxLength: 9 }),
        fc.dictionary(fc.string({ maxLength: 4 }), fc.oneof(tie('node'), fc.constant(undefined))),
      ),
    })).node;
    await fc.assert(
      fc.asyncProperty(value, async (v) => {
        expect(await joined(v, 3)).toBe(JSON.stringify(v) ?? 'null');
      }),
      { numRuns: 300 },
    );
  });

  it('writes undefined and functions in a long list as null, and skips them in objects, as JSON.stringify does', async () => {
    const v = { rows: [1, undefined, () => 1, { a: undefined, b: 2 }, null, 'x'], at: new Date(0) };
    expect(await joined(v, 2)).toBe(JSON.stringify(v));
    expect(await joined(v, 2)).toBe('{"rows":[1,null,null,{"b":2},null,"x"],"at":"1970-01-01T00:00:00.000Z"}');
  });

  it('lets other work run between the slices of a 2,500-row list', async () => {
    const j = journal();
    const rows = Array.from({ length: 2500 }, (_, i) => ({ n: i }));
    const seen: string[] = [];
    for await (const piece of jsonInSlices({ data: { rows } }, 1000)) {
      seen.push(piece);
      j.events.push(`piece ${seen.length}`);
    }
    j.stop();
    expect(JSON.parse(seen.join(''))).toEqual({ data: { rows } });
    // three slices of rows; another macrotask ran before the second and the third
    const slices = seen.filter((p) => p.startsWith('{"n":'));
    expect(slices).toHaveLength(3);
    const at = (p: string) => j.events.indexOf(`piece ${seen.indexOf(p) + 1}`);
    expect(j.events.slice(at(slices[0]!), at(slices[1]!))).toContain('other');
    expect(j.events.slice(at(slices[1]!), at(slices[2]!))).toContain('other');
  });

  it('finds a long list under plain objects only, not inside the items of another list', () => {
    expect(holdsLongList({ a: { b: [1, 2, 3, 4] } }, 3)).toBe(true);
    expect(holdsLongList({ a: { b: [1, 2, 3] } }, 3)).toBe(false);
    expect(holdsLongList({ a: [{ b: [1, 2, 3, 4] }] }, 3)).toBe(false);
    expect(holdsLongList(new Map([['a', [1, 2, 3, 4]]]), 3)).toBe(false);
  });
});

describe('report pages (pageOfRows, checkRowPage, maxRowsPerAnswer)', () => {
  const rows = Array.from({ length: 25 }, (_, i) => i);
  it('holds 5,000 rows of up to 20 fields, 4,761 of 21, 3,125 rows of 32, 1 row of 200,000', () => {
    expect([1, 20, 21, 32, 200_000].map(maxRowsPerAnswer)).toEqual([5_000, 5_000, 4_761, 3_125, 1]);
  });

  it('returns first rows from offset, all rows when they fit, and refuses more naming the count', () => {
    expect(pageOfRows(rows, { first: 10, offset: 20 }, 1)).toEqual([20, 21, 22, 23, 24]);
    expect(pageOfRows(rows, { offset: 15 }, 4)).toEqual([15, 16, 17, 18, 19, 20, 21, 22, 23, 24]);
    expect(pageOfRows(rows, {}, 4_000)).toEqual(rows); // 25 x 4,000 = 100,000 values: fits
    expect(() => pageOfRows(rows, {}, 5_000)).toThrow(/25 rows; with 5000 fields .* at most 20:/);
    expect(pageOfRows(rows, { offset: 5 }, 5_000)).toHaveLength(20);
    expect(pageOfRows(rows, {}, 0)).toEqual(rows); // no row field asked: nothing to refuse
    expect(pageOfRows(rows, { first: 5, offset: 40 }, 1)).toEqual([]);
  });

  it('refuses a page size outside 1..max for the fields asked and a negative offset, naming the argument', () => {
    const refusal = (page: { first?: number; offset?: number }, fields: number) => {
      try {
        checkRowPage(page, fields);
      } catch (e) {
        return [(e as InputError).field, (e as InputError).message];
      }
      return null;
    };
    expect(refusal({ first: 0 }, 8)).toEqual([
      'first',
      'first: must be between 1 and 5000 with 8 fields asked for each row (got 0)',
    ]);
    expect(refusal({ first: 3_126 }, 32)).toEqual([
      'first',
      'first: must be between 1 and 3125 with 32 fields asked for each row (got 3126)',
    ]);
    expect(refusal({ offset: -3 }, 8)).toEqual(['offset', 'offset: must be 0 or more (got -3)']);
    expect(refusal({ first: 3_125, offset: 0 }, 32)).toBeNull();
  });
});

describe('fieldsPerItem', () => {
  const infoOf = (source: string) => {
    const doc = parse(source);
    const op = doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION)!;
    const fragments = Object.fromEntries(
      doc.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
    );
    return { fieldNodes: [op.selectionSet.selections[0]], fragments } as unknown as GraphQLResolveInfo;
  };
  it('counts every field under rows, nested and through fragments, over aliases; 0 without rows', () => {
    expect(fieldsPerItem(infoOf('{ r { ... on R { rows { a b c { d { e f g } } } } } }'), 'rows')).toBe(7);
    expect(
      fieldsPerItem(
        infoOf('{ r { ...F rowCount } } fragment F on R { rows { a ...G } } fragment G on Row { b c }'),
        'rows',
      ),
    ).toBe(3);
    expect(fieldsPerItem(infoOf('{ r { rows { a } again: rows { a b } } }'), 'rows')).toBe(3);
    expect(fieldsPerItem(infoOf('{ r { rowCount total { a } } }'), 'rows')).toBe(0);
  });
});
