// Starts bench/lib/api-server.ts as a child process and resolves with its base URL.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ApiProcess {
  url: string;
  /** The child's pid: the carbon benchmark samples its memory (/proc/<pid>/status). */
  pid: number;
  stop(): Promise<void>;
}

export function startApiProcess(databaseUrl: string, jwtSecret: string): Promise<ApiProcess> {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'api-server.ts');
  const child: ChildProcess = spawn(process.execPath, [...(process.env.BENCH_API_NODE_ARGS?.split(' ').filter(Boolean) ?? []), '--import', 'tsx/esm', script], {
    env: { ...process.env, DATABASE_URL: databaseUrl, BENCH_JWT_SECRET: jwtSecret, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`API process exited with ${code}: ${out}`)));
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /listening (\d+)/.exec(out);
      if (!m) return;
      child.removeAllListeners('exit');
      resolve({
        url: `http://127.0.0.1:${m[1]}`,
        pid: child.pid!,
        stop: () => new Promise((done) => {
          child.once('exit', () => done());
          child.kill('SIGTERM');
        }),
      });
    });
  });
}
