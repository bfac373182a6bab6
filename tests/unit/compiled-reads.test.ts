// Which operations run compiled (api/src/plugins/compiled-reads.ts): queries of the long reads only,
// with variables graphql-js accepts; everything else stays on graphql-js.
import { parse, type ExecutionArgs } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../api/src/schema/index.ts';
import { runsCompiled } from '../../api/src/plugins/compiled-reads.ts';

const args = (source: string, variableValues: Record<string, unknown> = {}, operationName?: string): ExecutionArgs => ({
  schema,
  document: parse(source),
  variableValues,
  operationName,
});

describe('runsCompiled', () => {
  it.each([
    ['{ mapStations { count } }', true],
    ['{ __typename carbonReport(groupBy: [CITY]) { __typename } }', true],
    [
      '{ carbonReport(groupBy: [CITY]) { __typename } compareFactorSets(groupBy: [CITY], a: "A", b: "B") { __typename } }',
      true,
    ],
    ['{ __typename }', false],
    ['{ mapStations { count } materials { code } }', false],
    ['{ summary { cityCode } }', false],
    ['mutation { recordBinPickup(stationCode: "SH-1", kg: 1) { __typename } }', false],
    ['{ ...F } fragment F on Query { mapStations { count } }', false],
  ])('%s → %s', (source, expected) => {
    expect(runsCompiled(args(source))).toBe(expected);
  });

  it('leaves a long read with a variable graphql-js refuses to graphql-js (its words, with the path)', () => {
    const q = 'query($g: [CarbonReportDimension!]!) { carbonReport(groupBy: $g) { __typename } }';
    expect(runsCompiled(args(q, { g: ['CITY'] }))).toBe(true);
    expect(runsCompiled(args(q, { g: ['PLANET'] }))).toBe(false);
    expect(runsCompiled(args(q, {}))).toBe(false);
  });

  it('picks the operation by name', () => {
    const doc = 'query Map { mapStations { count } } query Mine { viewer { email } }';
    expect(runsCompiled(args(doc, {}, 'Map'))).toBe(true);
    expect(runsCompiled(args(doc, {}, 'Mine'))).toBe(false);
    expect(runsCompiled(args(doc))).toBe(false);
  });
});
