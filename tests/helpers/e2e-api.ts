// The API beside a browser test: sign in and send GraphQL as a person, to arrange data before a
// flow and to check what the flow stored after it (never the UI's own word for it).
import type { BrowserContext, Page } from 'playwright-core';
import { signInAs } from '@recycle/testing';
import type { E2E } from './e2e.ts';

interface GqlBody<T> {
  data?: T;
  errors?: { message: string }[];
}

export interface E2EApi {
  /** A session token for a demo account (email, password). */
  token(email: string, password: string): Promise<string>;
  /** Sends a query with the token; throws on GraphQL errors. */
  gql<T>(token: string, query: string, variables?: Record<string, unknown>): Promise<T>;
  /** A fresh browser context signed in as the account, on /admin?tab=<tab>. */
  adminPage(account: [string, string], tab: string, locale?: string): Promise<{ context: BrowserContext; page: Page }>;
}

export function e2eApi(e2e: E2E): E2EApi {
  async function gql<T>(token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const res = await fetch(`${e2e.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as GqlBody<T>;
    if (!body.data || body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  }
  return {
    gql,
    async token(email, password) {
      const q = 'mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { token } }';
      return (await gql<{ signIn: { token: string } }>('', q, { e: email, p: password })).signIn.token;
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
