// What a new password must be: 8-128 characters and hard to guess, judged offline by zxcvbn-ts
// with its common-password and common-word dictionaries (no network, nothing sent anywhere).
// The person's own email, phone and name count as guessable too.
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 128;
/** zxcvbn's 0-4 scale; 3 = "safely unguessable: moderate protection from offline attacks". */
export const MIN_SCORE = 3;

let factory: ZxcvbnFactory | null = null;
// Building the dictionaries takes ~0.3 s: once per process, on first use.
const zxcvbn = () => (factory ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs }));

const WARNINGS: Record<string, string> = {
  topTen: 'is one of the ten most common passwords',
  topHundred: 'is one of the hundred most common passwords',
  common: 'is a commonly used password',
  similarToCommon: 'is too similar to a commonly used password',
  wordByItself: 'is a single word, which is easy to guess',
  namesByThemselves: 'is a name, which is easy to guess',
  commonNames: 'is a common name, which is easy to guess',
  userInputs: 'contains your name, email or phone',
  straightRow: 'is a row of keys on the keyboard',
  keyPattern: 'is a keyboard pattern',
  simpleRepeat: 'repeats characters (like "aaa")',
  extendedRepeat: 'repeats a pattern (like "abcabc")',
  sequences: 'is a sequence (like "abc" or "123")',
  recentYears: 'is a recent year',
  dates: 'is a date',
};

/** null when acceptable, else why not (for an InputError on the password field). */
export function passwordProblem(password: string, personal: (string | null | undefined)[] = []): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if ([...password].length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters`;
  const inputs = personal
    .filter((x): x is string => !!x)
    .flatMap((x) => [x, ...x.split(/[@.\s]/)])
    .filter((x) => x.length >= 3);
  const r = zxcvbn().check(password, inputs);
  if (r.score >= MIN_SCORE) return null;
  const why = r.feedback.warning ? WARNINGS[r.feedback.warning] : null;
  return `is too easy to guess${why ? `: it ${why}` : ''}; use a longer phrase of unrelated words`;
}
