// Servers as separate processes for the benchmarks (as deployed: their own event loops, not shared
// with the load generator). The API is the production entry, api/src/server.ts, in
// NODE_ENV=production; the comparison servers (bench/compare/) are scripts that print
// "listening <port>" when ready and stop on SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { launchServer } from '@recycle/testing';

export interface ApiProcess {
  url: string;
  /** The child's pid: the carbon benchmark samples its memory (/proc/<pid>/status). */
  pid: number;
  stop(): Promise<void>;
}

/** `env`: extra settings, e.g. API_WORKERS (processes) or DB_POOL_SIZE (default 20). */
export async function startApiProcess(
  databaseUrl: string,
  jwtSecret: string,
  env: Record<string, string> = {},
): Promise<ApiProcess> {
  const server = await launchServer({
    entry: 'server',
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      JWT_SECRET: jwtSecret,
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      DB_POOL_SIZE: '20',
      WEB_DIST: '',
      ...env,
    },
    nodeArgs: process.env.BENCH_API_NODE_ARGS?.split(' ').filter(Boolean),
    timeoutMs: 300_000, // a loaded 2-core machine can take minutes to start a tsx process
  });
  return { url: server.url, pid: server.pid, stop: async () => void (await server.stop()) };
}

/** Starts a benchmark server script (tsx) and resolves with its base URL once it prints "listening <port>". */
export function startScriptProcess(script: string, env: Record<string, string>): Promise<ApiProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx/esm', script], {
    env: { ...process.env, NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`${path.basename(script)} exited with ${code}: ${out}`)));
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /listening (\d+)/.exec(out);
      if (!m) return;
      child.removeAllListeners('exit');
      child.stdout!.removeAllListeners('data');
      child.stdout!.resume();
      resolve({
        url: `http://127.0.0.1:${m[1]}`,
        pid: child.pid!,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
