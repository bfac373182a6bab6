// The long reads run as compiled JavaScript (graphql-jit, cached per query document) instead of
// graphql-js' interpreter: a 10,000-row station report answered from the report cache went from
// p50 429 ms to 210 ms (bench/README.md, "The station report"). Only those reads: on the rest of
// the API graphql-jit answers some faults differently from graphql-js (a refused node(id) lists
// an error per field instead of one; a bad variable's message lacks its path), and the API's
// documented errors are graphql-js'. A long read whose variables graphql-js refuses is left to
// graphql-js too, so its message is the same whichever executor would have run it.
import { useGraphQlJit } from '@envelop/graphql-jit';
import { getVariableValues, Kind, type ExecutionArgs, type OperationDefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** Root fields whose answers are lists of thousands of rows. */
export const COMPILED_ROOT_FIELDS: ReadonlySet<string> = new Set(['carbonReport', 'compareFactorSets', 'mapStations']);

function operationOf(args: ExecutionArgs): OperationDefinitionNode | undefined {
  const ops = args.document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  return args.operationName
    ? ops.find((o) => o.name?.value === args.operationName)
    : ops.length === 1
      ? ops[0]
      : undefined;
}

/** Whether this execution is a query of long reads only, with variables graphql-js accepts. */
export function runsCompiled(args: ExecutionArgs): boolean {
  const op = operationOf(args);
  if (!op || op.operation !== 'query') return false;
  const roots = op.selectionSet.selections;
  const onlyLongReads = roots.every(
    (s) => s.kind === Kind.FIELD && (s.name.value === '__typename' || COMPILED_ROOT_FIELDS.has(s.name.value)),
  );
  if (!onlyLongReads || !roots.some((s) => s.kind === Kind.FIELD && COMPILED_ROOT_FIELDS.has(s.name.value)))
    return false;
  const coerced = getVariableValues(args.schema, op.variableDefinitions ?? [], args.variableValues ?? {});
  return !coerced.errors;
}

export function useCompiledLongReads(): Plugin {
  return useGraphQlJit({}, { enableIf: runsCompiled }) as Plugin;
}
