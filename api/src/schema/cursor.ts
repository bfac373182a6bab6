// Opaque, stable cursors: base64url of "<kind>:<key>". A malformed cursor is bad input.
import { InputError } from '../domain/errors.ts';
import { msg } from '../domain/messages.ts';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/**
 * Page-size options for resolveCursorConnection, which otherwise defaults to 20 and silently
 * cuts any page at 100. Asking for more than MAX_PAGE_SIZE is bad input, not a shorter page.
 * Example: resolveCursorConnection({ args, toCursor, ...pageSizes(args) }, resolve)
 */
export function pageSizes(args: { first?: number | null; last?: number | null }) {
  for (const field of ['first', 'last'] as const) {
    const n = args[field];
    if (n != null && n > MAX_PAGE_SIZE)
      throw InputError.of(field, msg('input.pageTooBig', { max: MAX_PAGE_SIZE, got: n }));
    if (n != null && n < 0) throw InputError.of(field, msg('input.negative', { got: n }));
  }
  return { defaultSize: DEFAULT_PAGE_SIZE, maxSize: MAX_PAGE_SIZE };
}

export function encodeCursor(kind: string, key: string | number): string {
  return Buffer.from(`${kind}:${key}`).toString('base64url');
}

export function decodeCursor(kind: string, cursor: string | null | undefined, field: string): string | undefined {
  if (cursor == null || cursor === '') return undefined;
  const text = /^[A-Za-z0-9_-]{1,200}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (!text.startsWith(`${kind}:`) || text.length === kind.length + 1) {
    throw InputError.of(field, msg('input.badCursor'));
  }
  return text.slice(kind.length + 1);
}
