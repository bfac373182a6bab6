// One-time codes: account activation and password reset (72 h), and device pairing (10 min).
// Only a SHA-256 of a code is stored. Activation codes carry 60 random bits, so they cannot be
// guessed within their life; pairing codes are short digits, so pairing also limits attempts.
import { createHash, randomBytes, randomInt } from 'node:crypto';

export const ACTIVATION_TTL_MS = 72 * 3600_000;
export const PAIRING_TTL_MS = 10 * 60_000;

// Crockford's base32: no I, L, O or U, so a code read aloud or typed from paper is unambiguous.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A code like "7K3M-QX2P-9RTD" (12 symbols, 60 bits). */
export function newActivationCode(): string {
  const bytes = randomBytes(12);
  const symbols = Array.from(bytes, (b) => ALPHABET[b & 31]).join('');
  return `${symbols.slice(0, 4)}-${symbols.slice(4, 8)}-${symbols.slice(8, 12)}`;
}

/** As typed: case, spaces and dashes do not matter; I/L read as 1 and O as 0 (Crockford). */
export function normalizeActivationCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
}

export function hashCode(code: string): string {
  return createHash('sha256').update(code).digest('hex');
}

export const hashActivationCode = (code: string) => hashCode(normalizeActivationCode(code));

/** Eight digits, e.g. "48213907": typed on a counter PC or read from a QR code. */
export function newPairingCode(): string {
  return String(randomInt(0, 100_000_000)).padStart(8, '0');
}

/** A device's long-lived secret: 256 random bits, shown once to the device that paired. */
export function newDeviceSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function activationPath(code: string): string {
  return `/activate?code=${encodeURIComponent(code)}`;
}
