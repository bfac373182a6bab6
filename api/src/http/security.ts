// The HTTP surface's defences, in one place (docs/security.md): security headers (helmet), a CORS
// allowlist (same-origin only by default: no CORS header at all), a request body limit for
// /graphql (413), and GraphiQL served from this server's own copy of its bundle (never a CDN).
import express, { type RequestHandler } from 'express';
import helmet from 'helmet';
import cors from 'cors';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface HttpSecurityOptions {
  /** Origins allowed to call the API from a browser (exact `scheme://host[:port]`); [] = same-origin only. */
  corsOrigins: string[];
  /** Serve GraphiQL at GET /graphql (assets under /graphiql/). */
  graphiql: boolean;
  /** Answer introspection queries (__schema, __type). */
  introspection: boolean;
  /** Largest accepted request body for /graphql, in bytes (413 beyond). */
  bodyLimitBytes: number;
  /** Served through a TLS-terminating proxy: send HSTS and upgrade insecure subrequests. */
  behindTls: boolean;
  /** Express' "trust proxy" (e.g. "loopback" or a hop count) so req.ip is the client's; false = direct. */
  trustProxy: string | number | false;
}

/** Development defaults; production (NODE_ENV=production) turns GraphiQL and introspection off (config.ts). */
export const DEFAULT_HTTP_SECURITY: HttpSecurityOptions = {
  corsOrigins: [],
  graphiql: true,
  introspection: true,
  bodyLimitBytes: 1_000_000,
  behindTls: false,
  trustProxy: false,
};

/**
 * Helmet with a CSP the built web app runs under: scripts, styles, workers, fonts and images only
 * from this origin (the bundle inlines nothing; Leaflet and Svelte set inline style attributes and
 * the map draws data: URIs; the barcode reader compiles WebAssembly), no framing by anyone. GraphiQL's page gets its own policy below.
 */
export function securityHeaders(options: HttpSecurityOptions): RequestHandler {
  const directives = {
    defaultSrc: ["'self'"],
    baseUri: ["'self'"],
    connectSrc: ["'self'"],
    fontSrc: ["'self'", 'data:'],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    manifestSrc: ["'self'"],
    objectSrc: ["'none'"],
    // 'wasm-unsafe-eval' lets the counter's barcode reader compile its WebAssembly (served from this
    // origin); it allows no eval() of strings.
    scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
    scriptSrcAttr: ["'none'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    workerSrc: ["'self'"],
    upgradeInsecureRequests: options.behindTls ? [] : null,
  };
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives },
    // HSTS only means something over TLS; on plain HTTP it would pin a LAN address to https.
    strictTransportSecurity: options.behindTls ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    frameguard: { action: 'deny' },
    // The open feed and the CSV are fetched by other sites' servers, not embedded: same-origin is fine.
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
}

/** GraphiQL's editor (Monaco) needs inline styles and eval-free workers from this origin. */
export const GRAPHIQL_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'self'";

/**
 * CORS from the allowlist. An origin not on it gets no CORS headers (the browser then refuses to
 * share the response); credentials (cookies) are never allowed: the API authenticates by bearer token.
 */
export function corsPolicy(options: HttpSecurityOptions): RequestHandler {
  const allowed = new Set(options.corsOrigins);
  return cors({
    origin: (origin, done) => done(null, origin !== undefined && allowed.has(origin)),
    credentials: false,
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ['content-type', 'authorization', 'x-request-id', 'x-graphql-yoga-csrf'],
    exposedHeaders: ['x-request-id', 'retry-after'],
    maxAge: 600,
  });
}

/**
 * Reads the whole /graphql body up to the limit (413 PAYLOAD_TOO_LARGE beyond it, before any parse);
 * yoga then takes the buffered body as is. Every content type is buffered so none escapes the limit.
 */
export function graphqlBodyLimit(options: HttpSecurityOptions): RequestHandler {
  return express.raw({ type: () => true, limit: options.bodyLimitBytes });
}

const require = createRequire(import.meta.url);
/** The directory holding @graphql-yoga/graphiql's prebuilt bundle (CSS, UMD script, Monaco workers). */
const graphiqlDist = path.join(path.dirname(require.resolve('@graphql-yoga/graphiql/package.json')), 'dist');

/** GET /graphiql/*: the bundle (immutable for a given package version) and the page's start script. */
export function graphiqlAssets(): RequestHandler {
  const router = express.Router();
  // Only GraphiQL's own files: mounted without a path, this router sees every request, and the
  // app's pages must keep the app's policy (the counter's barcode reader needs 'wasm-unsafe-eval').
  router.use('/graphiql', (_req, res, next) => {
    res.setHeader('content-security-policy', GRAPHIQL_CSP);
    next();
  });
  router.get('/graphiql/start.js', (_req, res) => {
    res.type('application/javascript').setHeader('cache-control', 'no-cache');
    res.send(START_SCRIPT);
  });
  router.use('/graphiql', express.static(graphiqlDist, { maxAge: '1d', index: false }));
  return router;
}

// Monaco's workers come from this origin directly (no fetch-into-blob as yoga's CDN page does).
const START_SCRIPT = `self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: function (_id, label) {
  var files = { json: 'json.worker.bundle.js', graphql: 'graphql.worker..bundle.js' };
  return '/graphiql/monacoeditorwork/' + (files[label] || 'editor.worker.bundle.js');
} };
window.addEventListener('load', function () {
  var root = document.getElementById('root');
  YogaGraphiQL.renderYogaGraphiQL(root, JSON.parse(root.dataset.options));
});
`;

/** The GraphiQL page (yoga's renderGraphiQL): no inline script, options passed as a data attribute. */
export function renderGraphiQL(opts: { title?: string; endpoint?: string } = {}): string {
  const options = JSON.stringify({ title: opts.title, endpoint: opts.endpoint ?? '/graphql', headers: '{}' });
  const attr = options.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${opts.title ?? 'GraphiQL'}</title>
<link rel="stylesheet" href="/graphiql/graphiql.css"></head>
<body><div id="root" data-options="${attr}">Loading GraphiQL…</div>
<script src="/graphiql/yoga-graphiql.umd.js"></script><script src="/graphiql/start.js"></script></body></html>`;
}
