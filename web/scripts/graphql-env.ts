// `pnpm graphql:types`: writes web/src/lib/graphql-env.d.ts, the committed schema
// (api/schema.graphql) as types for gql.tada (see web/src/lib/graphql.ts). The same output as
// `gql.tada generate output` and the editor plugin configured in web/tsconfig.json; a test fails
// when the committed file drifts from the schema.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { load, minifyIntrospection, outputIntrospectionFile } from 'gql.tada/internal';

const webRoot = fileURLToPath(new URL('..', import.meta.url));
export const schemaFile = fileURLToPath(new URL('../../api/schema.graphql', import.meta.url));
export const envFile = fileURLToPath(new URL('../src/lib/graphql-env.d.ts', import.meta.url));

/** The text graphql-env.d.ts should have for the committed schema. */
export async function renderGraphqlEnv(): Promise<string> {
  const { introspection } = await load({ origin: schemaFile, rootPath: webRoot }).load();
  return outputIntrospectionFile(minifyIntrospection(introspection), { fileType: envFile, shouldPreprocess: true });
}

/** The committed schema's text (the source of every web type). */
export const committedSchema = (): string => readFileSync(schemaFile, 'utf8');

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(envFile, await renderGraphqlEnv());
  console.log(`wrote ${envFile}`);
}
