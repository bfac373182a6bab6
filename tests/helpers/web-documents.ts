// The web's GraphQL documents as the tests read them: every document exported by a feature's
// documents.ts module (or the modules of its documents/ directory) (tests/unit/graphql-documents.test.ts checks them against the schema,
// tests/unit/query-cost.test.ts against the query budget).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DocumentNode } from 'graphql';

export const webSrc = fileURLToPath(new URL('../../web/src/', import.meta.url));
export const rel = (file: string) => path.relative(webSrc, file);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.(ts|svelte)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

export const files = sourceFiles(webSrc);
// A feature's documents.ts, or its documents/ directory (one module per panel) when it has several screens.
export const documentModules = files.filter(
  (f) => path.basename(f) === 'documents.ts' || path.basename(path.dirname(f)) === 'documents',
);

export interface Found {
  module: string;
  name: string;
  document: DocumentNode;
}

export async function exportedDocuments(): Promise<Found[]> {
  const found: Found[] = [];
  for (const file of documentModules) {
    const mod = (await import(file)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      if (value && typeof value === 'object' && (value as { kind?: unknown }).kind === 'Document') {
        found.push({ module: rel(file), name, document: value as DocumentNode });
      }
    }
  }
  return found;
}
