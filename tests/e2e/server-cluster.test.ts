// Several API processes (API_WORKERS): on PostgreSQL the server prepares the database once and
// serves from that many worker processes on one port, and stops them all on SIGTERM; on the
// embedded database (one process by nature) it refuses to start and says why.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { startServer } from '../helpers/server.ts';

const onPostgres = Boolean(process.env.DATABASE_URL);

describe.runIf(onPostgres)('API_WORKERS=2 on PostgreSQL', () => {
  it('two worker processes answer on one port; SIGTERM stops them all', async () => {
    const server = await startServer({ stations: 40, env: { API_WORKERS: '2', LOG_LEVEL: 'warn' } });
    try {
      const m = /2 API processes are serving \(node:cluster; process (\d+) supervises\)/.exec(server.output());
      expect(m, server.output()).not.toBeNull();
      const workers = execFileSync('ps', ['--ppid', m![1]!, '-o', 'pid=,args=']).toString().trim().split('\n').filter((l) => l.includes('server.ts'));
      expect(workers).toHaveLength(2);
      const answers = await Promise.all(Array.from({ length: 20 }, () => fetch(`${server.url}/graphql`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ cities { code } }' }),
      }).then((r) => r.json() as Promise<any>)));
      expect(answers.every((a) => a.data.cities.length === 20)).toBe(true);
      // The seed ran once (by the supervisor), not once per worker.
      expect(server.output().match(/Seeded in/g)).toHaveLength(1);
      await server.stop();
      const left = execFileSync('ps', ['-e', '-o', 'pid=']).toString().split('\n').map(Number);
      expect(left).not.toContain(Number(m![1]));
    } finally {
      await server.stop();
    }
  });
});

describe.runIf(!onPostgres)('API_WORKERS=2 on the embedded database', () => {
  it('is refused at start with a message saying why', async () => {
    await expect(startServer({ stations: 40, env: { API_WORKERS: '2' } })).rejects.toThrow(/API_WORKERS > 1 needs DATABASE_URL: the embedded database \(PGlite\) lives inside one process/);
  });
});
