// The web's typed contract with the API, checked without a database or a browser: every GraphQL
// document the web sends is valid against the committed schema (api/schema.graphql), documents
// live only in the features' documents.ts modules (or a feature's documents/ directory, one module
// per panel, as the admin console has), and web/src/lib/graphql-env.d.ts (the schema as
// types for gql.tada) is up to date. A renamed or removed field fails here in seconds.
import { readFileSync } from 'node:fs';
import { buildSchema, NoUnusedFragmentsRule, specifiedRules, validate, type DocumentNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { envFile, renderGraphqlEnv, schemaFile } from '../../web/scripts/graphql-env.ts';
import { documentModules, exportedDocuments, files, rel } from '../helpers/web-documents.ts';

const isOperation = (d: DocumentNode) => d.definitions.some((x) => x.kind === 'OperationDefinition');

describe('web GraphQL documents', () => {
  const schema = buildSchema(readFileSync(schemaFile, 'utf8'));

  it('one documents module (or documents/ directory) per feature, and no GraphQL document anywhere else', () => {
    expect(documentModules.map(rel).sort()).toEqual([
      'lib/documents.ts',
      'lib/member/documents.ts',
      // the admin console: one module per panel
      'routes/admin/documents/audit.ts',
      'routes/admin/documents/devices.ts',
      'routes/admin/documents/factor-sets.ts',
      'routes/admin/documents/imports.ts',
      'routes/admin/documents/stations.ts',
      'routes/admin/documents/users.ts',
      'routes/find/documents.ts',
      'routes/map/documents.ts',
      'routes/reports/documents.ts',
      'routes/shell/documents.ts',
      'routes/station/documents.ts',
    ]);
    // graphql(`...`) (a document) or a bare query string handed to fetch: only in the documents modules.
    const elsewhere = files
      .filter((f) => !documentModules.includes(f) && rel(f) !== 'lib/graphql.ts')
      .filter((f) => /\bgraphql\(\s*`|\b(query|mutation)\s+[A-Z]\w*\s*[({]/.test(readFileSync(f, 'utf8')))
      .map(rel);
    expect(elsewhere).toEqual([]);
    // And one client: only lib/api.ts posts to the GraphQL endpoint.
    expect(files.filter((f) => /fetch\(\s*['"`]\/graphql/.test(readFileSync(f, 'utf8'))).map(rel)).toEqual([
      'lib/api.ts',
    ]);
  });

  it('every document is valid against api/schema.graphql', async () => {
    const documents = await exportedDocuments();
    // Map 9, reports 5, station 7, shell 1, shared 1: a module that stopped exporting its documents shows here.
    expect(documents.length).toBeGreaterThanOrEqual(23);
    const failures: string[] = [];
    for (const { module, name, document } of documents) {
      // A fragment on its own is unused by definition; it is checked again inside each operation.
      const rules = isOperation(document) ? specifiedRules : specifiedRules.filter((r) => r !== NoUnusedFragmentsRule);
      for (const error of validate(schema, document, rules)) failures.push(`${module} ${name}: ${error.message}`);
    }
    expect(failures).toEqual([]);
  });

  it('operation names are unique across the web (they name the requests in the API logs)', async () => {
    const names = (await exportedDocuments()).flatMap(({ document }) =>
      document.definitions.flatMap((d) => (d.kind === 'OperationDefinition' ? [d.name?.value ?? '(anonymous)'] : [])),
    );
    expect(names).not.toContain('(anonymous)');
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  it('a renamed field fails the check', async () => {
    // The schema as it would be after renaming Station.binFill: the map drawer's query asks for it.
    const sdl = readFileSync(schemaFile, 'utf8');
    expect(sdl).toContain('  binFill: Float!');
    // Station's own field (other types, such as the needs-action item, have one too).
    const renamed = buildSchema(sdl.replace(/(\ntype Station [^}]*?) {2}binFill: Float!/, '$1  binFillRatio: Float!'));
    const drawer = (await exportedDocuments()).find((d) => d.name === 'MapStationQuery')!;
    expect(validate(renamed, drawer.document).map((e) => e.message)).toEqual([
      'Cannot query field "binFill" on type "Station".',
    ]);
  });

  it('web/src/lib/graphql-env.d.ts matches api/schema.graphql', async () => {
    const committed = readFileSync(envFile, 'utf8');
    expect(
      committed === (await renderGraphqlEnv()),
      'web/src/lib/graphql-env.d.ts is out of date: run `pnpm graphql:types`',
    ).toBe(true);
  });
});
