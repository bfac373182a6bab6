// A value a scalar refuses (a bad Date or DateTime) becomes an InputError naming the argument
// path, e.g. "from" or "input.items.3.occurredAt", whether it came as a literal in the document
// (refused during validation) or in a variable (refused when variables are coerced).
import { GraphQLError, Kind, visit, type ASTNode, type DocumentNode, type ValueNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { InputError, issue } from '../domain/errors.ts';
import { ScalarInputError } from '../schema/scalars.ts';

type Path = (string | number)[];

function scalarCause(err: GraphQLError): ScalarInputError | null {
  for (let e: unknown = err; e; e = (e as { originalError?: unknown }).originalError) {
    if (e instanceof ScalarInputError) return e;
    if (!(e instanceof GraphQLError)) return null;
  }
  return null;
}

/** Where `target` (a value node, or a variable by name) sits under an argument: ["input", "items", 3]. */
function argumentPath(doc: DocumentNode, matches: (v: ValueNode) => boolean): Path | null {
  let found: Path | null = null;
  const search = (v: ValueNode, path: Path): void => {
    if (found) return;
    if (matches(v)) found = path;
    else if (v.kind === Kind.OBJECT) v.fields.forEach((f) => search(f.value, [...path, f.name.value]));
    else if (v.kind === Kind.LIST) v.values.forEach((x, i) => search(x, [...path, i]));
  };
  visit(doc, { Argument: (a) => search(a.value, [a.name.value]) });
  return found;
}

/** 'items[3].occurredAt' (graphql-js' printPathArray without the variable name) → ["items", 3, "occurredAt"]. */
function parsePrintedPath(printed: string): Path {
  return [...printed.matchAll(/\.([A-Za-z_]\w*)|\[(\d+)\]/g)].map((m) => (m[1] !== undefined ? m[1] : Number(m[2])));
}

function fieldOf(err: GraphQLError, doc: DocumentNode | undefined): string {
  // Variables: 'Variable "$input" got invalid value "x" at "input.items[3].occurredAt"; ...'
  const v =
    /^Variable "\$(\w+)" got invalid value .*? at "\1((?:\.\w+|\[\d+\])*)"; /s.exec(err.message) ??
    /^Variable "\$(\w+)" got invalid value /.exec(err.message);
  if (v) {
    const name = v[1]!;
    const under = doc ? argumentPath(doc, (x) => x.kind === Kind.VARIABLE && x.name.value === name) : null;
    return [...(under ?? [name]), ...parsePrintedPath(v[2] ?? '')].join('.');
  }
  // Literals: the error carries the refused value node.
  const node = err.nodes?.[0] as ASTNode | undefined;
  const path = doc && node ? argumentPath(doc, (x) => x === node) : null;
  return path ? path.join('.') : '';
}

function withPaths<E extends Error>(errors: readonly E[], doc: DocumentNode | undefined): (E | GraphQLError)[] {
  return errors.map((err) => {
    if (!(err instanceof GraphQLError)) return err;
    const cause = scalarCause(err);
    if (!cause) return err;
    const field = fieldOf(err, doc) || 'input';
    const e = new InputError([issue(field, cause.problem)]);
    return new GraphQLError(e.message, { nodes: err.nodes, extensions: e.extensions });
  });
}

export function useInputErrorPaths(): Plugin {
  return {
    onValidate:
      ({ params }) =>
      ({ result, setResult }) => {
        if (result.length) setResult(withPaths(result, params.documentAST));
      },
    onExecute: ({ args }) => ({
      onExecuteDone: ({ result, setResult }) => {
        if ('errors' in result && result.errors?.length)
          setResult({ ...result, errors: withPaths(result.errors, args.document) });
      },
    }),
  };
}
