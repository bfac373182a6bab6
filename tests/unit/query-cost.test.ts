// Every screen of the web app fits the per-request query budget, asked at its largest: each web
// document's cost computed by the API's own rule (the Pothos complexity plugin over the real
// schema) with every page size at its maximum and every period at its longest. A document that
// would be refused in production fails here instead.
import { describe, expect, it } from 'vitest';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  parse,
  typeFromAST,
  type GraphQLInputType,
  type OperationDefinitionNode,
} from 'graphql';
import { schema } from '../../api/src/schema/index.ts';
import { COST_LIMIT, queryCost } from '../../api/src/schema/cost.ts';
import { MAX_PAGE_SIZE } from '../../api/src/schema/cursor.ts';
import { exportedDocuments } from '../helpers/web-documents.ts';

const NOW = new Date('2026-11-11T04:00:00Z');

/** The largest value a variable can take that the API would accept (page sizes, periods), else a plausible one. */
function largest(name: string, type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return largest(name, type.ofType);
  if (isListType(type)) return [largest(name, type.ofType)];
  if (isEnumType(type)) return type.getValues()[0]!.value;
  if (isInputObjectType(type)) {
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter((f) => isNonNullType(f.type))
        .map((f) => [f.name, largest(f.name, f.type)]),
    );
  }
  switch (getNamedType(type).name) {
    case 'Int':
      return ['first', 'last'].includes(name) ? MAX_PAGE_SIZE : 1;
    case 'Float':
      return 1;
    case 'Boolean':
      return true;
    // 400 days, the longest period any read accepts (domain/period.ts).
    case 'Date':
      return name === 'from' ? '2025-10-08' : '2026-11-11';
    case 'DateTime':
      return NOW.toISOString();
    case 'ID':
      return Buffer.from('Station:1').toString('base64');
    default:
      return 'X';
  }
}

async function costs() {
  const out: { name: string; cost: number }[] = [];
  for (const { module, name, document } of await exportedDocuments()) {
    const op = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    if (!op) continue;
    const variables = Object.fromEntries(
      (op.variableDefinitions ?? []).map((v) => [
        v.variable.name.value,
        largest(v.variable.name.value, typeFromAST(schema, v.type) as GraphQLInputType),
      ]),
    );
    out.push({ name: `${module} ${name}`, cost: queryCost(schema, document, variables, NOW) });
  }
  return out;
}

describe('query budget', () => {
  it(`every web document, at its largest, costs at most ${COST_LIMIT.complexity}`, async () => {
    const all = await costs();
    expect(all.length).toBeGreaterThanOrEqual(21);
    expect(all.filter((d) => d.cost > COST_LIMIT.complexity)).toEqual([]);
    // The largest today: the import history, 500 jobs of 25 each (1 + 500 x 25).
    expect(Math.max(...all.map((d) => d.cost))).toBe(12_501);
  });

  it('the 100-station page costs 1 + 100 x 22 = 2,201: per station 22 = totalCount 1 + pageInfo 5 + edges 16', async () => {
    // edges 16 = edges 1 + node 1 + 10 scalar fields + city (1 + 3 fields); the page multiplies them all.
    const page = (await exportedDocuments()).find((d) => d.name === 'AdminStationsQuery')!.document;
    expect(queryCost(schema, page, { first: 100 }, NOW)).toBe(2_201);
    expect(queryCost(schema, page, { first: MAX_PAGE_SIZE }, NOW)).toBe(11_001);
  });

  it('nested pages multiply: 500 stations x 500 drop-offs cost 751,501, 25 times the budget', () => {
    // dropOffs: 1 + 500 x (edges 1 + node 1 + id 1) = 1,501; stations: 1 + 500 x (edges 1 + node 1 + 1,501) = 751,501.
    const nested = parse(
      '{ stations(first: 500) { edges { node { dropOffs(first: 500) { edges { node { id } } } } } } }',
    );
    expect(queryCost(schema, nested, {}, NOW)).toBe(751_501);
  });
});
