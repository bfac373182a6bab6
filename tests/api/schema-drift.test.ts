// The committed api/schema.graphql is what clients and reviewers read: it must match the code.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printedSchema } from '@recycle/api';

describe('schema drift', () => {
  it('api/schema.graphql equals the schema the code builds', () => {
    const committed = readFileSync(new URL('../../api/schema.graphql', import.meta.url), 'utf8');
    expect(
      printedSchema() === committed,
      'api/schema.graphql is out of date: run `pnpm schema:print` and commit it',
    ).toBe(true);
    // On a mismatch, this shows the diff.
    expect(printedSchema()).toBe(committed);
  });
});
