// Builds the Express app with GraphQL (yoga) mounted; never listens (server.ts does, tests use fetch).
import express, { type Request, type Response } from 'express';
import compression from 'compression';
import { pinoHttp } from 'pino-http';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createYoga, createGraphQLError } from 'graphql-yoga';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { GraphQLError } from 'graphql';
import { sql } from 'kysely';
import { schema } from './schema/index.ts';
import { createContext, type AppDeps, type Context } from './context.ts';
import { currentRequestId, runWithRequestId } from './request-id.ts';
import { carbonCsvRouter } from './http/carbon-csv.ts';
import { feedRouter, type FeedOptions } from './http/feed.ts';
import { readRoutingPlugin } from './read-routing.ts';
import { importRouter } from './http/imports.ts';

export interface AppOptions extends AppDeps {
  /** Built web app to serve at / (web/dist); skipped when missing. */
  webDist?: string;
  /** The open station feed's rate limit and public URL (docs/feed.md). */
  feed?: FeedOptions;
}

type ServerContext = { req: Request & { id?: unknown }; res: Response };

export function buildYoga(deps: AppDeps) {
  return createYoga<ServerContext, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: { title: 'Recycling stations API' },
    logging: deps.logger,
    context: ({ request, req }): Promise<Context> =>
      createContext(deps, {
        authorization: request.headers.get('authorization'),
        device: request.headers.get('x-device-token'),
        requestId: String(req?.id ?? request.headers.get('x-request-id') ?? randomUUID()),
      }),
    maskedErrors: {
      // Expected failures are GraphQLErrors and pass; anything else is logged with the request id
      // and masked; the id (also the x-request-id response header) is returned so a user can quote it.
      maskError: (error, message) => {
        const original = error instanceof GraphQLError ? error.originalError : error;
        if (error instanceof GraphQLError && (!original || original instanceof GraphQLError)) return error;
        const errorId = currentRequestId();
        deps.logger.error({ err: original, errorId, reqId: errorId }, 'unexpected error in GraphQL operation');
        return createGraphQLError(message, { extensions: { code: 'INTERNAL_SERVER_ERROR', errorId } });
      },
    },
    plugins: [
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
  const yoga = buildYoga(options);
  app.disable('x-powered-by');
  app.use(
    pinoHttp({
      logger: options.logger,
      genReqId: (req, res) => {
        const id = (req.headers['x-request-id'] as string | undefined)?.slice(0, 64) || randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
    }),
  );
  app.use((req, _res, next) => runWithRequestId(String(req.id), next));
  // Level 3: the 10,000-station map compresses to ~8% more bytes than level 6 in a quarter of the CPU.
  app.use(compression({ level: 3 }));
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await sql`select 1`.execute(options.db);
      res.json({ status: 'ready', database: 'reachable' });
    } catch (err) {
      options.logger.warn({ err }, 'readiness check failed');
      res.status(503).json({ status: 'unavailable', database: 'unreachable' });
    }
  });
  // yoga is a (req, res) handler; Express' types expect its own Application shape.
  app.use(yoga.graphqlEndpoint, yoga as unknown as express.RequestHandler);
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
          res.setHeader('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
        },
      }),
    );
    // Client-side routes get the app; a missing asset stays a 404 (not HTML under a .js name).
    app.get(/^\/(?!graphql|healthz|readyz|feed\/|assets\/|api\/).*/, (_req, res) => res.sendFile(path.join(root, 'index.html'), { headers: { 'cache-control': 'no-cache' } }));
  }
  return { app, yoga };
}
