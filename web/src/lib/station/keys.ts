// Idempotency keys. A tap gets a random UUID made on the device; a scanned parcel uses its
// waybill number, so scanning the same parcel twice (here or on another device) counts once.

/** The API takes 1-100 printable ASCII characters without spaces. */
const KEY_PATTERN = /^[\x21-\x7e]{1,100}$/;
/** Real waybills are at least this long; shorter input is a stray keypress, not a scan. */
const MIN_WAYBILL = 6;

export function newKey(): string {
  return crypto.randomUUID();
}

/** The waybill as a key, or null when the scanned text cannot be one (too short, spaces, non-ASCII). */
export function waybillKey(raw: string): string | null {
  const code = raw.trim().toUpperCase();
  if (code.length < MIN_WAYBILL || !KEY_PATTERN.test(code)) return null;
  return code;
}

export function entryId(stationCode: string, key: string): string {
  return `${stationCode}|${key}`;
}
