// A list screen asks again whenever a filter, sort or page changes; answers can come back out of
// order (the first, unfiltered page can answer after the search typed next). Only the answer to
// the latest request may be shown: an older one arriving late would replace newer rows.

/** `begin()` marks a new request and returns a check: is that request still the latest? */
export function latestOnly(): { begin(): () => boolean } {
  let latest = 0;
  return {
    begin() {
      const mine = ++latest;
      return () => mine === latest;
    },
  };
}
