// One wording for every failure the API client can report.
import { ApiError } from './api.ts';
import { t } from './i18n.svelte.ts';

export function errorText(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.kind === 'server') return e.errorId ? t('error.server', { id: e.errorId }) : e.message;
    if (e.kind === 'invalid') return e.message;
    return t(`error.${e.kind}`);
  }
  return e instanceof Error ? e.message : String(e);
}
