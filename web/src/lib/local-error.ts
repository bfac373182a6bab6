// A failure the web itself detects (not the API), worded from the i18n dictionaries by errorText
// (errors.ts) in the active language. Kept free of imports so plain modules (follow-job.ts) and
// their unit tests can throw it without loading the i18n runes.
export class LocalError extends Error {
  constructor(
    /** An i18n key, e.g. 'error.jobNotFound'. */
    readonly key: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(key);
    this.name = 'LocalError';
  }
}
