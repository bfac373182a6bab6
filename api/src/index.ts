export { buildApp, buildYoga, type AppOptions } from './app.ts';
export { createLoaders, type AppDeps, type Context } from './context.ts';
export { createLogger } from './logger.ts';
export { signToken, verifyToken } from './auth/token.ts';
export { schema } from './schema/index.ts';
export { printedSchema } from './schema/print.ts';
export { signMemberToken, type MemberViewer } from './auth/member-token.ts';
