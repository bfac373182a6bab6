export { buildApp, buildYoga, type AppOptions } from './app.ts';
export { createContext, type AppDeps, type Context } from './context.ts';
export { createLoaders } from './loaders.ts';
export { loadConfig, type Config } from './config.ts';
export {
  startServer,
  stopOnSignals,
  type RunningServer,
  type ServerConfig,
  type StartOptions,
} from './start-server.ts';
export { serveInProcesses, type ServeOptions } from './cluster.ts';
export { startCacheInvalidation } from './cache-invalidation.ts';
export { createLogger } from './logger.ts';
export { signToken, verifyToken } from './auth/token.ts';
export { schema } from './schema/index.ts';
export { printedSchema } from './schema/print.ts';
export { signMemberToken, type MemberViewer } from './auth/member-token.ts';
