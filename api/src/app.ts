// Builds the Express app with GraphQL (yoga) mounted; never listens (server.ts does, tests use fetch).
import express, { type Request, type Response } from 'express';
import compression from 'compression';
import { pinoHttp } from 'pino-http';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createYoga, createGraphQLError } from 'graphql-yoga';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { GraphQLError, NoSchemaIntrospectionCustomRule } from 'graphql';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { sql } from 'kysely';
import { schema } from './schema/index.ts';
import { createContext, type AppDeps, type Context } from './context.ts';
import { currentRequestId, runWithRequestId } from './request-id.ts';
import { carbonCsvRouter } from './http/carbon-csv.ts';
import { expectedError, httpErrorHandler, worthAWarning } from './http/errors.ts';
import { useInputErrorPaths } from './plugins/input-error-paths.ts';
import { useSlicedJson } from './plugins/sliced-json.ts';
import { useCompiledLongReads } from './plugins/compiled-reads.ts';
import { feedRouter, type FeedOptions } from './http/feed.ts';
import {
  corsPolicy,
  DEFAULT_HTTP_SECURITY,
  GRAPHIQL_CSP,
  graphiqlAssets,
  graphqlBodyLimit,
  renderGraphiQL,
  securityHeaders,
  type HttpSecurityOptions,
} from './http/security.ts';
import { readRoutingPlugin } from './read-routing.ts';
import { importRouter } from './http/imports.ts';
import { loopDelay, startLoopDelayMonitor } from './http/loop-delay.ts';

export interface AppOptions extends AppDeps {
  /** Built web app to serve at / (web/dist); skipped when missing. */
  webDist?: string;
  /** The open station feed's rate limit and public URL (docs/feed.md). */
  feed?: FeedOptions;
  /** CORS allowlist, GraphiQL/introspection, body limit, TLS; default: development settings. */
  http?: HttpSecurityOptions;
}

type ServerContext = { req: Request & { id?: unknown }; res: Response };

export function buildYoga(deps: AppDeps, http: HttpSecurityOptions = DEFAULT_HTTP_SECURITY) {
  return createYoga<ServerContext, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: http.graphiql ? { title: 'Recycling stations API' } : false,
    renderGraphiQL,
    // CORS is answered by Express for every route from one allowlist (http/security.ts).
    cors: false,
    // The body limit is Express' (graphqlBodyLimit, 413 before any parse, every content type). yoga's
    // own re-streams every buffered body through a TransformStream (a stream pipeline, an AbortSignal
    // and a DOMException per request) to check what is already checked: turning it off took an empty
    // request from 1.04 to 0.73 ms of CPU (bench:compare, 2026-12-03).
    maxRequestBodySize: false,
    logging: deps.logger,
    context: ({ request, req }): Promise<Context> =>
      createContext(deps, {
        authorization: request.headers.get('authorization'),
        device: request.headers.get('x-device-token'),
        requestId: String(req?.id ?? request.headers.get('x-request-id') ?? randomUUID()),
        clientAddress: req?.ip,
      }),
    maskedErrors: {
      // Expected failures are GraphQLErrors and pass; anything else is logged with the request id
      // and masked; the id (also the x-request-id response header) is returned so a user can quote it.
      // A database that cannot be reached becomes SERVICE_UNAVAILABLE (HTTP 503 + Retry-After).
      maskError: (error, message) => {
        const original = error instanceof GraphQLError ? error.originalError : error;
        if (error instanceof GraphQLError && (!original || original instanceof GraphQLError)) return error;
        const errorId = currentRequestId();
        const known = expectedError(original);
        if (known) {
          if (worthAWarning(known))
            deps.logger.warn({ err: original, reqId: errorId }, `${known.extensions.code} during a GraphQL operation`);
          return createGraphQLError(known.message, {
            extensions: known.extensions,
            ...(error instanceof GraphQLError ? { path: error.path, nodes: error.nodes } : {}),
          });
        }
        deps.logger.error({ err: original, errorId, reqId: errorId }, 'unexpected error in GraphQL operation');
        return createGraphQLError(message, { extensions: { code: 'INTERNAL_SERVER_ERROR', errorId } });
      },
    },
    plugins: [
      // A browser only sends a cross-site request without a preflight for GET or the three "simple"
      // content types: those must carry a header only scripts on an allowed origin can add.
      useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf', 'authorization'] }),
      ...(http.introspection
        ? []
        : [
            {
              onValidate: ({
                addValidationRule,
              }: {
                addValidationRule: (rule: typeof NoSchemaIntrospectionCustomRule) => void;
              }) => addValidationRule(NoSchemaIntrospectionCustomRule),
            },
          ]),
      useInputErrorPaths(),
      useCompiledLongReads(),
      useSlicedJson(),
      EnvelopArmorPlugin({
        maxDepth: { n: 12, ignoreIntrospection: true },
        maxAliases: { n: 20 },
        maxTokens: { n: 20000 },
        costLimit: { enabled: false }, // Pothos' complexity plugin knows list sizes better
        blockFieldSuggestion: { enabled: true },
      }),
      readRoutingPlugin(deps.readDb),
    ],
  });
}

export function buildApp(options: AppOptions) {
  const app = express();
  const http = options.http ?? DEFAULT_HTTP_SECURITY;
  const yoga = buildYoga(options, http);
  app.disable('x-powered-by');
  // Behind a reverse proxy, req.ip is the client's address from X-Forwarded-For (only from the proxy).
  if (http.trustProxy !== false) app.set('trust proxy', http.trustProxy);
  app.use(securityHeaders(http));
  app.use(corsPolicy(http));
  app.use(
    pinoHttp({
      logger: options.logger,
      genReqId: (req, res) => {
        const id = (req.headers['x-request-id'] as string | undefined)?.slice(0, 64) || randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
      // Credentials never reach the log: bearer tokens, device credentials and cookies are redacted.
      serializers: { req: redactRequest },
    }),
  );
  app.use((req, _res, next) => runWithRequestId(String(req.id), next));
  // Level 3: the 10,000-station map compresses to ~8% more bytes than level 6 in a quarter of the CPU.
  app.use(compression({ level: 3 }));
  // Alive, with the event-loop delay (http/loop-delay.ts): a stalled loop shows here before timeouts do.
  startLoopDelayMonitor();
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', eventLoopDelay: loopDelay() });
  });
  // Ready = the database answers within READY_TIMEOUT_MS. Red while it is unreachable, green again
  // as soon as a new connection works (the pool reconnects by itself: no restart needed).
  app.get('/readyz', async (_req, res) => {
    try {
      await withTimeout(sql`select 1`.execute(options.db), READY_TIMEOUT_MS);
      res.json({ status: 'ready', database: 'reachable' });
    } catch (err) {
      options.logger.warn({ err }, 'readiness check failed');
      res.setHeader('retry-after', '2');
      res.status(503).json({ status: 'unavailable', database: 'unreachable' });
    }
  });
  // yoga is a (req, res) handler; Express' types expect its own Application shape.
  if (http.graphiql) {
    app.use(graphiqlAssets());
    // The GraphiQL page (GET /graphql from a browser) runs under its own policy (Monaco's workers).
    app.get(yoga.graphqlEndpoint, (req, res, next) => {
      if (req.accepts(['application/json', 'text/html']) === 'text/html')
        res.setHeader('content-security-policy', GRAPHIQL_CSP);
      next();
    });
  }
  app.use(yoga.graphqlEndpoint, graphqlBodyLimit(http), yoga as unknown as express.RequestHandler);
  app.use(carbonCsvRouter(options));
  app.use(feedRouter(options, options.feed));
  app.use(importRouter(options));
  if (options.webDist && existsSync(options.webDist)) {
    const root = path.resolve(options.webDist);
    // Hashed build output never changes: cache it for a year. Everything else (index.html, a
    // service worker, the manifest) is revalidated so a new release shows on the next load.
    app.use(
      express.static(root, {
        index: 'index.html',
        setHeaders: (res, file) => {
          res.setHeader(
            'cache-control',
            file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
          );
        },
      }),
    );
    // Client-side routes get the app; a missing asset stays a 404 (not HTML under a .js name).
    app.get(/^\/(?!graphql|healthz|readyz|feed\/|assets\/|api\/).*/, (_req, res) =>
      res.sendFile(path.join(root, 'index.html'), { headers: { 'cache-control': 'no-cache' } }),
    );
  }
  app.use(httpErrorHandler(options.logger));
  return { app, yoga };
}

const SECRET_HEADERS = ['authorization', 'x-device-token', 'cookie'];

/** pino-http's serialized request with credential headers replaced by "[redacted]". */
function redactRequest(req: { headers?: Record<string, unknown> }) {
  if (!req.headers) return req;
  const headers = { ...req.headers };
  for (const h of SECRET_HEADERS) if (h in headers) headers[h] = '[redacted]';
  return { ...req, headers };
}

const READY_TIMEOUT_MS = 3_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
