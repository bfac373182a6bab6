// What a new password must be: 8-128 characters and hard to guess, judged offline by zxcvbn-ts
// with its common-password and common-word dictionaries (no network, nothing sent anywhere).
// The person's own email, phone and name count as guessable too.
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { msg, type Message, type MessageCode } from '../domain/messages.ts';

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 128;
/** zxcvbn's 0-4 scale; 3 = "safely unguessable: moderate protection from offline attacks". */
export const MIN_SCORE = 3;

let factory: ZxcvbnFactory | null = null;
// Building the dictionaries takes ~0.3 s: once per process, on first use.
const zxcvbn = () => (factory ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs }));

/** zxcvbn's warnings that have their own message (domain/messages.ts: password.tooEasy.<warning>). */
export const PASSWORD_WARNINGS = new Set([
  'topTen',
  'topHundred',
  'common',
  'similarToCommon',
  'wordByItself',
  'namesByThemselves',
  'commonNames',
  'userInputs',
  'straightRow',
  'keyPattern',
  'simpleRepeat',
  'extendedRepeat',
  'sequences',
  'recentYears',
  'dates',
]);

/** null when acceptable, else why not (for an InputError on the password field). */
export function passwordProblem(password: string, personal: (string | null | undefined)[] = []): Message | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return msg('password.tooShort', { min: MIN_PASSWORD_LENGTH });
  if ([...password].length > MAX_PASSWORD_LENGTH) return msg('password.tooLong', { max: MAX_PASSWORD_LENGTH });
  const inputs = personal
    .filter((x): x is string => !!x)
    .flatMap((x) => [x, ...x.split(/[@.\s]/)])
    .filter((x) => x.length >= 3);
  const r = zxcvbn().check(password, inputs);
  if (r.score >= MIN_SCORE) return null;
  const why = r.feedback.warning && PASSWORD_WARNINGS.has(r.feedback.warning) ? r.feedback.warning : null;
  return msg(why ? (`password.tooEasy.${why}` as MessageCode) : 'password.tooEasy');
}
