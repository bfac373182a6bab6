// The layering the code relies on, checked from the import statements: the api package never loads
// the demo-data generator; rules (domain/) do no I/O; services and repositories know nothing of
// GraphQL's schema modules.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const API = path.resolve('api/src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

/** Every module specifier a file imports (static and dynamic), relative ones resolved to repo paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1]!);
  return specs.map((s) => (s.startsWith('.') ? path.relative(process.cwd(), path.resolve(path.dirname(file), s)) : s));
}

const offenders = (dir: string, bad: (spec: string) => boolean) =>
  sources(path.join(API, dir)).flatMap((f) =>
    importsOf(f)
      .filter(bad)
      .map((s) => `${path.relative(API, f)} imports ${s}`),
  );

describe('api layering', () => {
  it('the api package does not depend on @recycle/seeds (first-start seeding is scripts/start.ts)', () => {
    const pkg = JSON.parse(readFileSync('api/package.json', 'utf8'));
    expect(Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })).not.toContain('@recycle/seeds');
    expect(offenders('.', (s) => s.includes('seeds'))).toEqual([]);
  });

  it('domain/ is pure: no repositories, services, schema, database or HTTP', () => {
    expect(
      offenders('domain', (s) => /api\/src\/(repositories|services|schema|http)|@recycle\/db|kysely|express/.test(s)),
    ).toEqual([]);
  });

  it('services/ and repositories/ never import from schema/ (GraphQL stays at the edge)', () => {
    expect(offenders('services', (s) => s.startsWith('api/src/schema'))).toEqual([]);
    expect(offenders('repositories', (s) => /api\/src\/(schema|services)/.test(s))).toEqual([]);
  });

  it('schema/ resolvers write nothing themselves: no transactions or audit entries there', () => {
    const writes = sources(path.join(API, 'schema')).filter((f) =>
      /\.transaction\(\)|writeAudit|repositories\/audit/.test(readFileSync(f, 'utf8')),
    );
    expect(writes.map((f) => path.relative(API, f))).toEqual([]);
  });
});
