// The text formats a field is checked against by a pattern, each with its message code, so the
// hint a person gets ("must look like SH-00123") is translated like any other message instead of
// zod's generic "not in the expected format (regex)". A field uses `matches(name)` in its
// `validate` option; zod-issues.ts maps the regex issue back to the format by its pattern. A
// pattern used without a name here still answers the generic input.badFormat.
import { english, type MessageCode } from './messages.ts';

interface Format {
  pattern: RegExp;
  reason: MessageCode;
}

export const FORMATS = {
  stationCode: { pattern: /^[A-Z]{2,4}-\d{5}$/, reason: 'format.stationCode' },
  campaignCode: { pattern: /^[A-Z0-9-]{3,32}$/, reason: 'format.campaignCode' },
  factorSetVersion: { pattern: /^[A-Z0-9][A-Z0-9._-]{1,63}$/, reason: 'format.factorSetVersion' },
  sourceUrl: { pattern: /^(https?:\/\/|docs\/)\S+$/, reason: 'format.sourceUrl' },
} as const satisfies Record<string, Format>;

export type FormatName = keyof typeof FORMATS;

/** A string field's `validate.regex` for Pothos' zod plugin: the pattern, with the English hint as zod's message. */
export function matches(name: FormatName): [RegExp, { message: string }] {
  const f = FORMATS[name];
  return [f.pattern, { message: english(f.reason) }];
}

// zod reports a regex check's pattern as the RegExp's source text between slashes (with flags).
const byPattern = new Map<string, Format>(Object.values(FORMATS).map((f) => [String(f.pattern), f]));

/** The named format whose pattern zod reported (`issue.pattern`), if any. */
export const formatOfPattern = (pattern: string | undefined): Format | undefined =>
  pattern === undefined ? undefined : byPattern.get(pattern);
