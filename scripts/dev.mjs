// `pnpm dev`: the API with reload on change (tsx watch) and Vite's dev server (proxying /graphql to
// the API) side by side; Ctrl-C stops both.
import { spawn } from 'node:child_process';

const children = [
  spawn('npx', ['tsx', 'watch', 'api/src/server.ts'], { stdio: 'inherit', env: { ...process.env, WEB_DIST: '' } }),
  spawn('pnpm', ['--filter', '@recycle/web', 'dev'], { stdio: 'inherit' }),
];
const stop = () => children.forEach((c) => c.kill('SIGTERM'));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const c of children) c.on('exit', (code) => { if (code) { stop(); process.exitCode = code; } });
