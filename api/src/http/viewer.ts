// Who is asking, for the plain HTTP routes: the same bearer token (and device credential) as GraphQL.
import type { Request } from 'express';
import type { AppDeps } from '../context.ts';
import { bearerToken, verifyToken } from '../auth/token.ts';
import { UnauthenticatedError } from '../domain/errors.ts';
import type { Viewer } from '../domain/viewer.ts';

/** The viewer, or UnauthenticatedError when no valid token came. */
export async function viewerOfRequest(deps: AppDeps, req: Request): Promise<Viewer> {
  const token = bearerToken(req.headers.authorization);
  if (!token) throw new UnauthenticatedError('Sign in and send "Authorization: Bearer <token>"');
  return verifyToken(deps.tokenKeys, token, deps.clock());
}
