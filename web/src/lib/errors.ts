// One wording for every failure the API client can report. A message the API sends with a code
// (`reason` + `params`, see CodedMessage in api.ts) is shown in the active language from the
// i18n dictionaries (i18n/server-messages/); a code the web does not know shows the API's
// English message, so a newer API never shows a blank.
import { ApiError, ResultError, type CodedMessage, type Issue } from './api.ts';
import { hasText, t } from './i18n.svelte.ts';
import { LocalError } from './local-error.ts';

/** The message in the active language, or the API's English text when its code is unknown here. */
export function messageText(m: CodedMessage): string {
  const key = m.reason ? `reason.${m.reason}` : null;
  return key && hasText(key) ? t(key, m.params ?? {}) : m.message;
}

/** "Email: is not an email address" / "邮箱：不是有效的邮箱地址" (input.items.3.quantity: "Quantity (item 4)"). */
export function issueText(i: Issue): string {
  const key = i.reason ? `reason.${i.reason}` : null;
  if (!key || !hasText(key)) return i.field ? `${i.field}: ${i.message}` : i.message;
  const parts = i.field.split('.');
  const name = [...parts].reverse().find((p) => !/^\d+$/.test(p)) ?? '';
  const item = parts.find((p) => /^\d+$/.test(p));
  const label = hasText(`field.${name}`) ? t(`field.${name}`) : i.field;
  const where = item === undefined ? label : t('field.item', { label, n: Number(item) + 1 });
  return i.field ? t('field.issue', { field: where, text: t(key, i.params ?? {}) }) : t(key, i.params ?? {});
}

/** Every issue of an InputError, or the error's own message. */
function codedText(e: ApiError | ResultError): string | null {
  if (e.issues.length > 0 && e.issues.some((i) => i.reason)) return e.issues.map(issueText).join('; ');
  if (e.reason && hasText(`reason.${e.reason}`)) return messageText(e);
  return null;
}

export function errorText(e: unknown): string {
  if (e instanceof LocalError) return t(e.key, e.params);
  if (e instanceof ResultError) return codedText(e) ?? e.message;
  if (e instanceof ApiError) {
    // A server fault with a code (a statement timeout) is said in the person's language too.
    const coded = e.kind === 'unreachable' ? null : codedText(e);
    if (coded) return coded;
    if (e.kind === 'server') return e.errorId ? t('error.server', { id: e.errorId }) : e.message;
    if (e.kind === 'invalid') return e.message;
    return t(`error.${e.kind}`);
  }
  return e instanceof Error ? e.message : String(e);
}
