// Green points rules (docs/points.md), pure: code formats, how many points a drop-off earns under
// the daily caps, and why a credit was cut. Randomness and keys are passed in by the services.

/** Crockford base32: no I, L, O, U, so codes read aloud or typed are not confused. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Bytes as Crockford base32, `length` characters (5 bits each). */
export function base32(bytes: Uint8Array, length: number): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (out.length < length) throw new Error(`base32: ${bytes.length} bytes give fewer than ${length} characters`);
  return out;
}

/** A check character over `body` (weighted sum mod 32): catches any single typo and most swaps. */
export function checkChar(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += ALPHABET.indexOf(body[i]!) * (i + 1);
  return ALPHABET[sum % 31]!;
}

/** Upper-cases, drops spaces and dashes, and reads the letters people confuse as digits. */
export function normalizeCode(raw: string): string {
  return raw.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

export const MEMBER_CODE_LENGTH = 12;
const MEMBER_PATTERN = /^GM[0-9A-HJKMNP-TV-Z]{10}$/;

/** A member code from 9 random characters: "GM" + 9 + a check character. */
export function makeMemberCode(random: Uint8Array): string {
  const body = base32(random, 9);
  return `GM${body}${checkChar(body)}`;
}

/** The normalized member code, or null when it cannot be one (format or check character). */
export function parseMemberCode(raw: string): string | null {
  // Only the body is read leniently: the "GM" prefix has no digit look-alikes to fix.
  const trimmed = raw.trim().toUpperCase();
  if (!trimmed.startsWith('GM')) return null;
  const code = `GM${normalizeCode(trimmed.slice(2))}`;
  if (!MEMBER_PATTERN.test(code)) return null;
  return checkChar(code.slice(2, 11)) === code[11] ? code : null;
}

/** The recovery secret: 16 characters shown as four groups (80 random bits). */
export function makeSecret(random: Uint8Array): string {
  return base32(random, 16).match(/.{4}/g)!.join('-');
}

export function normalizeSecret(raw: string): string {
  return (
    normalizeCode(raw)
      .match(/.{1,4}/g)
      ?.join('-') ?? ''
  );
}

/** A voucher code: "GV" + 16 characters from a keyed hash of the voucher's nonce + a check character. */
export function voucherCodeFrom(mac: Uint8Array): string {
  const body = base32(mac, 16);
  return `GV${body}${checkChar(body)}`;
}

/** The normalized voucher code, or null when its format or check character is wrong. */
export function parseVoucherCode(raw: string): string | null {
  const trimmed = raw.trim().toUpperCase();
  if (!trimmed.startsWith('GV')) return null;
  const code = `GV${normalizeCode(trimmed.slice(2))}`;
  if (!/^GV[0-9A-HJKMNP-TV-Z]{17}$/.test(code)) return null;
  return checkChar(code.slice(2, 18)) === code[18] ? code : null;
}

/** For display: GV12 3456 … in groups of four after the prefix. */
export function formatVoucherCode(code: string): string {
  return `${code.slice(0, 2)}-${code
    .slice(2)
    .match(/.{1,4}/g)!
    .join('-')}`;
}

export type CreditCut = 'NO_CAMPAIGN' | 'NO_RATE' | 'CONSUMER_DAILY_CAP' | 'STATION_DAILY_CAP';

export interface CreditDecision {
  /** Points the drop-off would earn without caps. */
  requested: number;
  /** Points credited (0 … requested). */
  points: number;
  /** Why fewer than requested (null when all were credited). */
  cut: CreditCut | null;
}

/**
 * Points for one drop-off: rate × quantity, cut to what is left of the member's and the station's
 * daily caps (`used*` = net points already credited that local day, reversals deducted).
 * Example: decideCredit({ rate: 10, quantity: 3, consumerCap: 100, consumerUsed: 90, stationCap: 1000, stationUsed: 0 })
 *   → { requested: 30, points: 10, cut: 'CONSUMER_DAILY_CAP' }
 */
export function decideCredit(a: {
  rate: number;
  quantity: number;
  consumerCap: number;
  consumerUsed: number;
  stationCap: number;
  stationUsed: number;
}): CreditDecision {
  const requested = a.rate * a.quantity;
  if (requested <= 0) return { requested: 0, points: 0, cut: 'NO_RATE' };
  const consumerLeft = Math.max(0, a.consumerCap - a.consumerUsed);
  const stationLeft = Math.max(0, a.stationCap - a.stationUsed);
  const points = Math.min(requested, consumerLeft, stationLeft);
  if (points === requested) return { requested, points, cut: null };
  return { requested, points, cut: consumerLeft <= stationLeft ? 'CONSUMER_DAILY_CAP' : 'STATION_DAILY_CAP' };
}

/** The sentence a counter shows for a cut credit. */
export function cutMessage(d: CreditDecision, caps: { consumer: number; station: number }): string | null {
  switch (d.cut) {
    case null:
      return null;
    case 'NO_CAMPAIGN':
      return 'No green-points campaign covers this day: no points';
    case 'NO_RATE':
      return 'This material and outcome earn no points in the campaign';
    case 'CONSUMER_DAILY_CAP':
      return `Daily limit of ${caps.consumer} points for this member reached: ${d.points} of ${d.requested} points credited`;
    case 'STATION_DAILY_CAP':
      return `Daily limit of ${caps.station} points for this station reached: ${d.points} of ${d.requested} points credited`;
  }
}
