// A zod issue as a FieldIssue with a message code (domain/messages.ts), so a length, range or
// format refused by a field's validation is shown in the person's language like any other
// message. The English text stays zod's (or the schema's own wording); a refinement names its
// code with `params: { reason }`, a pattern check its format (domain/formats.ts).
import type { core } from 'zod';
import type { FieldIssue } from './errors.ts';
import { formatOfPattern } from './formats.ts';
import { isMessageCode, type MessageCode, type MessageParams } from './messages.ts';

type Coded = { reason: MessageCode; params?: MessageParams } | null;

function codeOf(i: core.$ZodIssue): Coded {
  switch (i.code) {
    case 'too_small': {
      const min = Number(i.minimum);
      if (i.origin === 'string') return { reason: 'input.tooShort', params: { min } };
      if (i.origin === 'array' || i.origin === 'set') return { reason: 'input.tooFew', params: { min } };
      return { reason: 'input.tooSmall', params: { min } };
    }
    case 'too_big': {
      const max = Number(i.maximum);
      if (i.origin === 'string') return { reason: 'input.tooLong', params: { max } };
      if (i.origin === 'array' || i.origin === 'set') return { reason: 'input.tooMany', params: { max } };
      return { reason: 'input.tooBig', params: { max } };
    }
    case 'invalid_format': {
      // A named pattern (domain/formats.ts) says what it expects; any other format stays generic.
      const named = i.format === 'regex' ? formatOfPattern(i.pattern) : undefined;
      return named ? { reason: named.reason } : { reason: 'input.badFormat', params: { format: i.format } };
    }
    case 'invalid_type':
      return i.expected === 'int' ? { reason: 'input.notInteger' } : null;
    case 'invalid_value':
      return { reason: 'input.badValue' };
    case 'custom': {
      const { reason, ...params } = (i.params ?? {}) as { reason?: unknown } & MessageParams;
      return typeof reason === 'string' && isMessageCode(reason) ? { reason, params } : null;
    }
    default:
      return null;
  }
}

/** Example: zod's too_small on a string at ["name"] → { field: 'input.name', reason: 'input.tooShort', params: { min: 1 } }. */
export function zodFieldIssue(field: string, i: core.$ZodIssue): FieldIssue {
  const coded = codeOf(i);
  return coded
    ? { field, message: i.message, reason: coded.reason, params: coded.params ?? {} }
    : { field, message: i.message };
}
