// `pnpm schema:print`: writes api/schema.graphql (committed; a test fails when it drifts).
import { writeFileSync } from 'node:fs';
import { printSchema, lexicographicSortSchema } from 'graphql';
import { fileURLToPath } from 'node:url';
import { schema } from './index.ts';

export function printedSchema(): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = fileURLToPath(new URL('../../schema.graphql', import.meta.url));
  writeFileSync(out, printedSchema());
  console.log(`wrote ${out}`);
}
