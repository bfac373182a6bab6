// The HTTP surface as a hostile page or client meets it: security headers, the CORS allowlist,
// CSRF prevention, the body limit, and GraphiQL/introspection switches (api/src/http/security.ts).
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '@recycle/api';
import { loadConfig } from '@recycle/api';
import { DEFAULT_HTTP_SECURITY } from '../../api/src/http/security.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let dev: RunningServer; // development defaults
let prod: RunningServer; // production-like: allowlist, GraphiQL and introspection off, 10 kB body limit, TLS proxy
const ALLOWED = 'https://ops.example.cn';
const EVIL = 'https://evil.example';

beforeAll(async () => {
  t = await createTestApp();
  dev = await t.listen();
  prod = await t.listen({
    http: {
      corsOrigins: [ALLOWED],
      graphiql: false,
      introspection: false,
      bodyLimitBytes: 10_000,
      behindTls: true,
      trustProxy: false,
    },
  });
});
afterAll(async () => {
  await dev?.close();
  await prod?.close();
  await t?.close();
});

const post = (base: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(`${base}/graphql`, { method: 'POST', headers, body });

describe('security headers', () => {
  it('every response carries a CSP (no framing, scripts from this origin only), nosniff, no x-powered-by', async () => {
    for (const path of ['/healthz', '/graphql?query=%7B__typename%7D']) {
      const res = await fetch(`${dev.url}${path}`, { headers: { 'x-graphql-yoga-csrf': '1' } });
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('HSTS and upgrade-insecure-requests only behind TLS', async () => {
    const plain = await fetch(`${dev.url}/healthz`);
    expect(plain.headers.get('strict-transport-security')).toBeNull();
    expect(plain.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
    const tls = await fetch(`${prod.url}/healthz`);
    expect(tls.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    expect(tls.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
  });
});

describe('CORS: same-origin by default, an allowlist from configuration', () => {
  it('by default no origin is echoed, with or without credentials (a preflight gets no allow headers)', async () => {
    const res = await post(dev.url, '{"query":"{__typename}"}', { 'content-type': 'application/json', origin: EVIL });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    const pre = await fetch(`${dev.url}/graphql`, {
      method: 'OPTIONS',
      headers: {
        origin: EVIL,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('an allowed origin is echoed (never with credentials); any other is not', async () => {
    const pre = await fetch(`${prod.url}/graphql`, {
      method: 'OPTIONS',
      headers: {
        origin: ALLOWED,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,authorization',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(pre.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(pre.headers.get('access-control-allow-credentials')).toBeNull();
    const evil = await post(prod.url, '{"query":"{__typename}"}', { 'content-type': 'application/json', origin: EVIL });
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    const csv = await fetch(`${prod.url}/healthz`, { headers: { origin: ALLOWED } });
    expect(csv.headers.get('access-control-allow-origin')).toBe(ALLOWED);
  });

  it('the configuration refuses an origin with a path, and reads a comma list', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://a.example, http://b.example:8080' }).http.corsOrigins).toEqual([
      'https://a.example',
      'http://b.example:8080',
    ]);
    expect(() => loadConfig({ CORS_ORIGINS: 'https://a.example/app' })).toThrow(
      /CORS_ORIGINS: "https:\/\/a.example\/app" is not an origin/,
    );
  });
});

describe('CSRF prevention on /graphql', () => {
  it('a "simple" request a foreign page could send without preflight is refused with 403, writing nothing', async () => {
    const mutation = JSON.stringify({ query: 'mutation { signIn(email: "a@b.c", password: "x") { __typename } }' });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await post(dev.url, mutation, { 'content-type': type });
      expect(res.status).toBe(403);
      expect((await res.json()).errors[0].message).toBe('Required CSRF header(s) not present');
    }
    const get = await fetch(`${dev.url}/graphql?query=%7B__typename%7D`);
    expect(get.status).toBe(403);
  });

  it('application/json, or a GET with the CSRF header or a bearer token, passes', async () => {
    expect((await post(dev.url, '{"query":"{__typename}"}')).status).toBe(200);
    const get = await fetch(`${dev.url}/graphql?query=%7B__typename%7D`, { headers: { 'x-graphql-yoga-csrf': '1' } });
    expect(await get.json()).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('request body limit', () => {
  it('a body over the limit is answered 413 PAYLOAD_TOO_LARGE before it is parsed', async () => {
    const big = JSON.stringify({ query: '{__typename}', variables: { pad: 'x'.repeat(20_000) } });
    const res = await post(prod.url, big);
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      error: {
        code: 'PAYLOAD_TOO_LARGE',
        message: 'Request body is too large',
        reason: 'http.bodyTooLarge',
        params: {},
      },
    });
    // The same body under the default limit (1 MB) is fine; 1.2 MB is not.
    expect((await post(dev.url, big)).status).toBe(200);
    const huge = JSON.stringify({ query: '{__typename}', variables: { pad: 'x'.repeat(1_200_000) } });
    expect((await post(dev.url, huge)).status).toBe(413);
    expect(DEFAULT_HTTP_SECURITY.bodyLimitBytes).toBe(1_000_000);
  });

  it('a body sent in chunks (no Content-Length) is counted as it arrives: 413 past the limit, 200 under it', async () => {
    const chunked = (text: string) =>
      fetch(`${prod.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: new ReadableStream({
          start(c) {
            const bytes = new TextEncoder().encode(text);
            for (let i = 0; i < bytes.length; i += 1000) c.enqueue(bytes.slice(i, i + 1000));
            c.close();
          },
        }),
        duplex: 'half',
      } as RequestInit);
    const over = await chunked(JSON.stringify({ query: '{__typename}', variables: { pad: 'x'.repeat(20_000) } }));
    expect(over.status).toBe(413);
    expect(((await over.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');
    const under = await chunked(JSON.stringify({ query: '{__typename}', variables: { pad: 'x'.repeat(5_000) } }));
    expect(under.status).toBe(200);
    expect(await under.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('a malformed or doubled Content-Length is refused 400 before the app reads anything', async () => {
    const { port } = new URL(prod.url);
    const statusLine = (contentLength: string) =>
      new Promise<string>((resolve) => {
        const c = connect(Number(port), '127.0.0.1', () =>
          c.write(`POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Length: ${contentLength}\r\n\r\n{}`),
        );
        let got = '';
        c.on('data', (b) => (got += b.toString()));
        c.on('close', () => resolve(got.split('\r\n')[0]!));
        setTimeout(() => c.destroy(), 2000);
      });
    for (const bad of ['abc', '-2', '2,2', '2\r\nContent-Length: 3'])
      expect(await statusLine(bad)).toBe('HTTP/1.1 400 Bad Request');
  });
});

describe('GraphiQL and introspection', () => {
  it('development: GraphiQL is served with its assets from this server (no CDN)', async () => {
    const page = await fetch(`${dev.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<script src="/graphiql/yoga-graphiql.umd.js">');
    expect(html).not.toMatch(/https?:\/\//);
    expect(page.headers.get('content-security-policy')).toContain("worker-src 'self' blob:");
    for (const asset of [
      '/graphiql/yoga-graphiql.umd.js',
      '/graphiql/graphiql.css',
      '/graphiql/start.js',
      '/graphiql/monacoeditorwork/editor.worker.bundle.js',
    ]) {
      const res = await fetch(`${dev.url}${asset}`);
      expect(res.status, asset).toBe(200);
      expect(res.headers.get('content-type'), asset).toMatch(/javascript|css/);
    }
  });

  it('production: no GraphiQL page, no assets, and introspection refused while queries work', async () => {
    const page = await fetch(`${prod.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toContain('graphiql');
    expect((await fetch(`${prod.url}/graphiql/start.js`)).status).toBe(404);
    const intro = await (await post(prod.url, JSON.stringify({ query: '{ __schema { queryType { name } } }' }))).json();
    expect(intro.errors[0].message).toMatch(/introspection/i);
    const typename = await (await post(prod.url, JSON.stringify({ query: '{ __typename }' }))).json();
    expect(typename).toEqual({ data: { __typename: 'Query' } });
  });

  it('NODE_ENV=production turns both off unless GRAPHIQL / INTROSPECTION say otherwise', () => {
    const base = { NODE_ENV: 'production', DATABASE_URL: 'postgres://x@localhost/y', JWT_SECRET: 'x'.repeat(32) };
    expect(loadConfig(base).http).toMatchObject({ graphiql: false, introspection: false });
    expect(loadConfig({ ...base, GRAPHIQL: 'true', INTROSPECTION: 'true' }).http).toMatchObject({
      graphiql: true,
      introspection: true,
    });
    expect(loadConfig({}).http).toMatchObject({
      graphiql: true,
      introspection: true,
      bodyLimitBytes: 1_000_000,
      behindTls: false,
      corsOrigins: [],
      trustProxy: false,
    });
  });
});
