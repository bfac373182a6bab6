// The request context for the plain HTTP routes: the same createContext as GraphQL (bearer token,
// a paired counter device's X-Device-Token, request id, client address, one clock reading),
// refusing a request that is neither signed in nor from a paired device.
import type { Request } from 'express';
import { createContext, type AppDeps, type Context } from '../context.ts';
import { UnauthenticatedError } from '../domain/errors.ts';
import { currentRequestId } from '../request-id.ts';
import { msg } from '../domain/messages.ts';

export async function signedInContext(
  deps: AppDeps,
  req: Request,
): Promise<Context & { viewer: NonNullable<Context['viewer']> }> {
  const ctx = await createContext(deps, {
    authorization: req.headers.authorization,
    device: req.get('x-device-token'),
    requestId: currentRequestId(),
    clientAddress: req.ip,
  });
  if (!ctx.viewer) throw new UnauthenticatedError(msg('auth.signInNeeded'));
  return ctx as Context & { viewer: NonNullable<Context['viewer']> };
}
