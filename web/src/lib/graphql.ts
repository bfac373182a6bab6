// The web's typed contract with the API. `graphql()` parses a document and types its result and
// variables from the committed schema (api/schema.graphql, turned into types in graphql-env.d.ts by
// `pnpm graphql:types`). Documents live in one `documents.ts` per feature (routes/<feature>/), or
// one module per panel in a feature's `documents/` directory (routes/admin/documents/);
// tests/unit/graphql-documents.test.ts validates every one of them against the schema.
//   const StationName = graphql(`query StationName($code: String!) { station(code: $code) { name } }`);
//   type Name = ResultOf<typeof StationName>; // { station: { name: string } | null }
import { initGraphQLTada } from 'gql.tada';
import type { introspection } from './graphql-env.d.ts';

export const graphql = initGraphQLTada<{
  introspection: introspection;
  // Both travel as ISO 8601 text: Date 'YYYY-MM-DD' (a day in China), DateTime with its offset.
  scalars: { Date: string; DateTime: string };
  // Fragments are shared selections here (the typed-error fields), not per-component data masks.
  disableMasking: true;
}>();

export type { ResultOf, VariablesOf, TadaDocumentNode } from 'gql.tada';

/** A schema enum (or scalar) as its TypeScript type. Example: `SchemaType<'Role'>` is 'ADMIN' | ... */
export type SchemaType<Name extends string> = ReturnType<typeof graphql.scalar<Name>>;
