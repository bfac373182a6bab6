// `pnpm dev`: the API with reload on change (tsx watch) and Vite's dev server (proxying /graphql to
// the API) side by side; Ctrl-C stops both.
import { spawn } from 'node:child_process';

// Run pnpm the way this script was started (`npx pnpm dev` leaves no pnpm on PATH).
const pnpm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['pnpm'];
const children = [
  spawn(process.execPath, ['--import', 'tsx/esm', '--watch', 'api/src/server.ts'], { stdio: 'inherit', env: { ...process.env, WEB_DIST: '' } }),
  spawn(pnpm[0], [...pnpm.slice(1), '--filter', '@recycle/web', 'dev'], { stdio: 'inherit' }),
];
const stop = () => children.forEach((c) => c.kill('SIGTERM'));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const c of children) c.on('exit', (code) => { if (code) { stop(); process.exitCode = code; } });
