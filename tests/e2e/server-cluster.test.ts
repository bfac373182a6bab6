// Several API processes (API_WORKERS): on PostgreSQL the production entry migrates once and serves
// from that many worker processes on one port, and stops them all on SIGTERM; on the embedded
// database (one process by nature) it refuses to start and says why.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createPgDatabase, launchServer, spawnServer } from '@recycle/testing';
import type { GqlBody } from '../helpers/app.ts';

const base = process.env.DATABASE_URL;
const children = (pid: number) =>
  execFileSync('ps', ['--ppid', String(pid), '-o', 'pid=,args='])
    .toString()
    .trim()
    .split('\n')
    .filter((l) => l.includes('server.ts'));

describe.runIf(base)('API_WORKERS=2 on PostgreSQL', () => {
  it('two worker processes answer on one port; SIGTERM stops them all', { timeout: 600_000 }, async () => {
    const db = await createPgDatabase(base!, { tag: 'cluster_' });
    const env = {
      ...process.env,
      DATABASE_URL: db.url,
      JWT_SECRET: 'cluster-secret-cluster-secret-cluster!',
      API_WORKERS: '2',
      LOG_LEVEL: 'warn',
      WEB_DIST: '',
    };
    // Three Node processes start (tsx compiles each): slow on a loaded 2-core machine.
    const server = await launchServer({ entry: 'server', env, timeoutMs: 480_000 });
    try {
      // Ready (/readyz) as soon as one worker listens; the supervisor says so when both do.
      const serving = new RegExp(`2 API processes are serving \\(node:cluster; process ${server.pid} supervises\\)`);
      for (let i = 0; i < 600 && !serving.test(server.output()); i++) await new Promise((r) => setTimeout(r, 100));
      expect(server.output()).toMatch(serving);
      const workers = children(server.pid);
      expect(workers).toHaveLength(2);
      const answers = await Promise.all(
        Array.from({ length: 20 }, () =>
          fetch(`${server.url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query: '{ __typename }' }),
          }).then((r) => r.json() as Promise<GqlBody<{ __typename: string }>>),
        ),
      );
      expect(answers.every((a) => a.data?.__typename === 'Query')).toBe(true);
      expect(await server.stop()).toBe(0);
      // No worker outlives the supervisor.
      const alive = new Set(
        execFileSync('ps', ['-e', '-o', 'pid='])
          .toString()
          .split('\n')
          .map((x) => Number(x.trim())),
      );
      expect(workers.map((w) => Number(w.trim().split(/\s+/)[0])).filter((pid) => alive.has(pid))).toEqual([]);
    } finally {
      await server.kill();
      await db.drop();
    }
  });
});

describe.runIf(!base)('API_WORKERS=2 on the embedded database', () => {
  it('is refused at start with a message saying why', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, API_WORKERS: '2', PGLITE_DATA_DIR: 'memory://', WEB_DIST: '' };
    delete env.DATABASE_URL;
    const server = await spawnServer({ entry: 'server', env });
    await expect(server.ready(60_000)).rejects.toThrow(
      /API_WORKERS > 1 needs DATABASE_URL: the embedded database \(PGlite\) lives inside one process/,
    );
  });
});
