// The API beside a browser test: sign in and send GraphQL as a person, to arrange data before a
// flow and to check what the flow stored after it (never the UI's own word for it).
import { print, type DocumentNode } from 'graphql';
import type { BrowserContext, Page } from 'playwright-core';
import { signInAs } from '@recycle/testing';
import { graphql, type ResultOf, type TadaDocumentNode, type VariablesOf } from '../../web/src/lib/graphql.ts';
import type { GqlBody } from './app.ts';
import type { E2E } from './e2e.ts';

/**
 * POSTs a typed document to a running server's /graphql: the body and the status, errors included
 * (tests of outages read them). Example:
 *   const r = await postGql(server.url, graphql('{ cities { code } }')); // r.data?.cities: { code: string }[]
 */
export async function postGql<D extends TadaDocumentNode<unknown, never>>(
  baseUrl: string,
  document: D,
  variables?: VariablesOf<D>,
  token?: string | null,
): Promise<GqlBody<ResultOf<D>> & { status: number }> {
  return (await post(baseUrl, print(document), variables, token)) as GqlBody<ResultOf<D>> & { status: number };
}

async function post(baseUrl: string, query: string, variables?: unknown, token?: string | null) {
  const res = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables: variables ?? {} }),
  });
  return { status: res.status, ...((await res.json()) as GqlBody) };
}

const SignIn = graphql('mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { token } }');

export interface E2EApi {
  /** A session token for a demo account (email, password). */
  token(email: string, password: string): Promise<string>;
  /** Sends a document with the token; its data, or a throw on GraphQL errors. */
  gql<D extends TadaDocumentNode<unknown, never>>(
    token: string,
    document: D,
    variables?: VariablesOf<D>,
  ): Promise<ResultOf<D>>;
  /** A query built at run time: its data as the type the caller states (`unknown` without one). */
  gql<T = unknown>(token: string, query: string, variables?: Record<string, unknown>): Promise<T>;
  /** A fresh browser context signed in as the account, on /admin?tab=<tab>. */
  adminPage(account: [string, string], tab: string, locale?: string): Promise<{ context: BrowserContext; page: Page }>;
}

export function e2eApi(e2e: E2E): E2EApi {
  const gql = (async (token: string, document: string | DocumentNode, variables?: unknown) => {
    const query = typeof document === 'string' ? document : print(document);
    const body = await post(e2e.server.url, query, variables, token);
    if (!body.data || body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  }) as E2EApi['gql'];
  return {
    gql,
    async token(email, password) {
      return (await gql('', SignIn, { e: email, p: password })).signIn.token;
    },
    async adminPage([email, password], tab, locale = 'en-GB') {
      const context = await e2e.browser.newContext({
        locale,
        serviceWorkers: 'block',
        viewport: { width: 1024, height: 768 },
      });
      const page = await context.newPage();
      await signInAs(page, e2e.server.url, email, password);
      await page.goto(`${e2e.server.url}/admin?tab=${tab}`);
      return { context, page };
    },
  };
}
