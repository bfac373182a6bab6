// The server as a child process, as it runs in production: `pnpm start`'s script (seeds an empty
// database first) or the production entry. Ready means GET /readyz answers 200 on the port it was
// given (never a line parsed from its output).
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const ENTRIES = {
  /** scripts/start.ts: migrate, seed an empty database (with progress), serve: what `pnpm start` runs. */
  start: 'scripts/start.ts',
  /** api/src/server.ts: migrate and serve, never seed. */
  server: 'api/src/server.ts',
} as const;

export interface ServerProcess {
  url: string;
  pid: number;
  /** Everything the process wrote so far (stdout and stderr). */
  output(): string;
  /** Resolves when /readyz answers 200; rejects when the process exits first or after `timeoutMs`. */
  ready(timeoutMs?: number): Promise<void>;
  /** SIGTERM (then SIGKILL after 15 s) and the exit code (null when killed by a signal). */
  stop(): Promise<number | null>;
  /** SIGKILL, as a power cut would. */
  kill(): Promise<void>;
  /** True until the process exits. */
  alive(): boolean;
}

/** A port nobody listens on right now (the child binds it a moment later). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface SpawnOptions {
  entry: keyof typeof ENTRIES;
  /** The child's whole environment, PORT and HOST aside (set here). */
  env: NodeJS.ProcessEnv;
  /** Extra node flags, e.g. --expose-gc. */
  nodeArgs?: string[];
}

/**
 * Node flags for every server a test or benchmark starts, from SERVER_NODE_ARGS: for profiling a
 * benchmark's server, e.g. SERVER_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' pnpm bench:loop.
 */
const serverNodeArgs = () => (process.env.SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);

export async function spawnServer(options: SpawnOptions): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), ...serverNodeArgs(), '--import', 'tsx/esm', ENTRIES[options.entry]],
    {
      cwd: REPO_ROOT,
      env: { ...options.env, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let gone = false;
  void exited.then(() => (gone = true));

  async function ready(timeoutMs = 540_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (gone) throw new Error(`server exited with ${child.exitCode ?? child.signalCode}:\n${out}`);
      if (Date.now() > deadline) throw new Error(`server not ready in ${timeoutMs / 1000} s:\n${out}`);
      try {
        const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) });
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  async function stop(): Promise<number | null> {
    if (!gone) {
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
    }
    return exited;
  }
  async function kill(): Promise<void> {
    if (!gone) child.kill('SIGKILL');
    await exited;
  }
  return { url, pid: child.pid!, output: () => out, ready, stop, kill, alive: () => !gone };
}

/** spawnServer, then ready(); the process is killed when it does not become ready. */
export async function launchServer(options: SpawnOptions & { timeoutMs?: number }): Promise<ServerProcess> {
  const p = await spawnServer(options);
  try {
    await p.ready(options.timeoutMs);
  } catch (err) {
    await p.kill();
    throw err;
  }
  return p;
}
