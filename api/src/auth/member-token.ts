// Member (consumer) tokens: a green-points member signs in with their member code and recovery
// secret and gets a bearer token like staff do, but for another audience, so a member token never
// passes as a staff token (or the other way round). It names the member only: no personal data.
import { SignJWT, decodeJwt, jwtVerify, errors } from 'jose';
import { UnauthenticatedError } from '../domain/errors.ts';
import type { Viewer } from '../domain/viewer.ts';
import { verifyToken, type TokenKeys } from './token.ts';
import { verifiedOnce } from './verified-tokens.ts';
import { msg } from '../domain/messages.ts';

const ISSUER = 'recycle-stations';
export const MEMBER_AUDIENCE = 'recycle-member';
/** Members keep their phone signed in for a season; the secret signs them in again after. */
export const MEMBER_TOKEN_TTL_SECONDS = 180 * 24 * 3600;

export interface MemberViewer {
  consumerId: number;
  memberCode: string;
  /** The member's session version when the token was signed (claim "sv"; see services/sessions.ts). */
  sessionVersion: number;
}

export async function signMemberToken(keys: TokenKeys, member: MemberViewer, now = new Date()) {
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + MEMBER_TOKEN_TTL_SECONDS;
  const token = await new SignJWT({ mc: member.memberCode, sv: member.sessionVersion })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(String(member.consumerId))
    .setIssuer(ISSUER)
    .setAudience(MEMBER_AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(keys.secret);
  return { token, expiresAt: new Date(exp * 1000) };
}

const memberTokenExpired = () => new UnauthenticatedError(msg('member.tokenExpired'));

/** Verified once per token until it expires, like staff tokens (verified-tokens.ts). */
function verifyMemberToken(keys: TokenKeys, token: string, now: Date): Promise<MemberViewer> {
  return verifiedOnce(keys, token, now, () => verifyMemberTokenNow(keys, token, now), memberTokenExpired);
}

async function verifyMemberTokenNow(
  keys: TokenKeys,
  token: string,
  now: Date,
): Promise<{ value: MemberViewer; expMs: number }> {
  try {
    const { payload } = await jwtVerify(token, keys.secret, {
      issuer: ISSUER,
      audience: MEMBER_AUDIENCE,
      algorithms: ['HS256'],
      currentDate: now,
      requiredClaims: ['exp', 'iat', 'sub'],
    });
    const id = Number(payload.sub);
    if (!Number.isSafeInteger(id) || typeof payload.mc !== 'string')
      throw new UnauthenticatedError(msg('member.badClaims'));
    // Tokens signed before sessions could be ended carry no "sv": version 0, as the column starts.
    const sessionVersion = typeof payload.sv === 'number' ? payload.sv : 0;
    return { value: { consumerId: id, memberCode: payload.mc, sessionVersion }, expMs: payload.exp! * 1000 };
  } catch (err) {
    if (err instanceof UnauthenticatedError) throw err;
    if (err instanceof errors.JWTExpired) throw memberTokenExpired();
    throw new UnauthenticatedError(msg('token.malformed'));
  }
}

/** Who a bearer token names: a staff viewer or a member (never both). Throws when it is invalid. */
export async function verifyBearer(
  keys: TokenKeys,
  token: string,
  now: Date,
): Promise<{ viewer: Viewer | null; member: MemberViewer | null }> {
  let audience: unknown;
  try {
    audience = decodeJwt(token).aud;
  } catch {
    throw new UnauthenticatedError(msg('token.malformed'));
  }
  if (audience === MEMBER_AUDIENCE) return { viewer: null, member: await verifyMemberToken(keys, token, now) };
  return { viewer: await verifyToken(keys, token, now), member: null };
}
