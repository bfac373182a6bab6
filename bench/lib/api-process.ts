// Starts a benchmark server script as a child process and resolves with its base URL. The script
// prints "listening <port>" when ready and stops on SIGTERM (bench/lib/api-server.ts is the API).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ApiProcess {
  url: string;
  /** The child's pid: the carbon benchmark samples its memory (/proc/<pid>/status). */
  pid: number;
  stop(): Promise<void>;
}

const here = path.dirname(fileURLToPath(import.meta.url));

export function startApiProcess(databaseUrl: string, jwtSecret: string, options: { script?: string; env?: Record<string, string> } = {}): Promise<ApiProcess> {
  const script = options.script ?? path.join(here, 'api-server.ts');
  const child: ChildProcess = spawn(process.execPath, [...(process.env.BENCH_API_NODE_ARGS?.split(' ').filter(Boolean) ?? []), '--import', 'tsx/esm', script], {
    env: { ...process.env, DATABASE_URL: databaseUrl, BENCH_JWT_SECRET: jwtSecret, NODE_ENV: 'production', ...options.env },
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
        stop: () => new Promise((done) => {
          if (child.exitCode !== null) return done();
          child.once('exit', () => done());
          child.kill('SIGTERM');
        }),
      });
    });
  });
}
