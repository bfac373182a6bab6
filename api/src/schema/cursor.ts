// Opaque, stable cursors: base64url of "<kind>:<key>". A malformed cursor is bad input.
import { InputError } from '../domain/errors.ts';

export function encodeCursor(kind: string, key: string | number): string {
  return Buffer.from(`${kind}:${key}`).toString('base64url');
}

export function decodeCursor(kind: string, cursor: string | null | undefined, field: string): string | undefined {
  if (cursor == null || cursor === '') return undefined;
  const text = /^[A-Za-z0-9_-]{1,200}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (!text.startsWith(`${kind}:`) || text.length === kind.length + 1) {
    throw InputError.of(field, 'is not a cursor returned by this list');
  }
  return text.slice(kind.length + 1);
}
