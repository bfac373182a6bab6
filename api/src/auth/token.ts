// Bearer tokens: HS256 JWTs signed with jose. The claims carry the viewer so a request needs no
// database read to know who is asking; they expire, so a changed role takes effect on next sign-in.
import { SignJWT, jwtVerify, errors } from 'jose';
import { UnauthenticatedError } from '../domain/errors.ts';
import { ROLES, type Role, type Viewer } from '../domain/viewer.ts';
import { verifiedOnce } from './verified-tokens.ts';
import { msg } from '../domain/messages.ts';

const ISSUER = 'recycle-stations';
const AUDIENCE = 'recycle-api';

export interface TokenKeys {
  secret: Uint8Array;
  ttlSeconds: number;
}

/** `sessionVersion`: the account's session version now (see services/sessions.ts); 0 when unknown. */
export async function signToken(
  keys: TokenKeys,
  viewer: Viewer,
  now = new Date(),
  sessionVersion = 0,
): Promise<{ token: string; expiresAt: Date }> {
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + keys.ttlSeconds;
  const token = await new SignJWT({
    role: viewer.role,
    stationId: viewer.stationId,
    cityCode: viewer.cityCode,
    sv: sessionVersion,
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(String(viewer.userId))
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(keys.secret);
  return { token, expiresAt: new Date(exp * 1000) };
}

const tokenExpired = () => new UnauthenticatedError(msg('token.expired'));

/**
 * Verifies a token and returns its viewer; throws UnauthenticatedError saying what is wrong.
 * A token verified before is not verified again until it expires (verified-tokens.ts).
 */
export async function verifyToken(keys: TokenKeys, token: string, now = new Date()): Promise<Viewer> {
  return verifiedOnce(keys, token, now, () => verifyTokenNow(keys, token, now), tokenExpired);
}

async function verifyTokenNow(keys: TokenKeys, token: string, now: Date): Promise<{ value: Viewer; expMs: number }> {
  try {
    const { payload } = await jwtVerify(token, keys.secret, {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['HS256'],
      currentDate: now,
      requiredClaims: ['exp', 'iat', 'sub'],
    });
    const role = payload.role as Role;
    if (!ROLES.includes(role) || !payload.sub) throw new UnauthenticatedError(msg('token.badClaims'));
    const value: Viewer = {
      userId: Number(payload.sub),
      role,
      stationId: typeof payload.stationId === 'number' ? payload.stationId : null,
      cityCode: typeof payload.cityCode === 'string' ? payload.cityCode : null,
      sessionVersion: typeof payload.sv === 'number' ? payload.sv : 0,
    };
    return { value, expMs: payload.exp! * 1000 };
  } catch (err) {
    if (err instanceof UnauthenticatedError) throw err;
    if (err instanceof errors.JWTExpired) throw tokenExpired();
    if (err instanceof errors.JWTClaimValidationFailed && err.reason === 'missing')
      throw new UnauthenticatedError(msg('token.noClaim', { claim: err.claim }));
    if (err instanceof errors.JWSSignatureVerificationFailed) throw new UnauthenticatedError(msg('token.badSignature'));
    throw new UnauthenticatedError(msg('token.malformed'));
  }
}

/** Reads "Authorization: Bearer <token>"; null when absent. */
export function bearerToken(header: string | null | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!m) throw new UnauthenticatedError(msg('token.badHeader'));
  return m[1]!;
}
