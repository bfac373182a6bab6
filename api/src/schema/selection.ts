// How many values an answer's list carries per item, read from the query: a report's rows are
// capped by rows x fields asked (domain/report-pages.ts), because the
// work of completing and sending an answer grows with every field of every row, not with rows alone.
import { Kind, type FragmentDefinitionNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

type Fragments = Record<string, FragmentDefinitionNode>;

/** Every field selected under `set`, nested ones included, fragments expanded (a field in two fragments counts twice). */
function fieldsUnder(set: SelectionSetNode | undefined, fragments: Fragments, depth = 0): number {
  if (!set || depth > 20) return 0;
  let n = 0;
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) n += 1 + fieldsUnder(s.selectionSet, fragments, depth + 1);
    else if (s.kind === Kind.INLINE_FRAGMENT) n += fieldsUnder(s.selectionSet, fragments, depth + 1);
    else n += fieldsUnder(fragments[s.name.value]?.selectionSet, fragments, depth + 1);
  }
  return n;
}

/** The `list` fields directly under this field's result (through fragments), summed over aliases. */
function listSelections(set: SelectionSetNode | undefined, list: string, fragments: Fragments, depth = 0): number {
  if (!set || depth > 20) return 0;
  let n = 0;
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) {
      if (s.name.value === list) n += fieldsUnder(s.selectionSet, fragments) || 1;
    } else {
      const inner = s.kind === Kind.INLINE_FRAGMENT ? s.selectionSet : fragments[s.name.value]?.selectionSet;
      n += listSelections(inner, list, fragments, depth + 1);
    }
  }
  return n;
}

/**
 * Fields asked for each item of `list` under the field being resolved, e.g. 8 for
 * `carbonReport { ... on CarbonReport { rows { stationCode items kg co2e { total { central low high } } } } }`;
 * 0 when the list is not asked for.
 */
export function fieldsPerItem(info: GraphQLResolveInfo, list: string): number {
  return info.fieldNodes.reduce((n, f) => n + listSelections(f.selectionSet, list, info.fragments), 0);
}
