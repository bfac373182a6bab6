// `pnpm dev`: the API with reload on change (tsx watch; scripts/start.ts, so an empty database is
// seeded first) and Vite's dev server (proxying /graphql to the API) side by side; Ctrl-C stops both.
import { spawn } from 'node:child_process';

const children = [
  spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'watch', 'scripts/start.ts'], {
    stdio: 'inherit',
    env: { ...process.env, WEB_DIST: '' },
  }),
  // Vite itself, so this works however pnpm was started (npx leaves none on PATH).
  spawn(process.execPath, ['node_modules/vite/bin/vite.js'], { cwd: 'web', stdio: 'inherit' }),
];
const stop = () => children.forEach((c) => c.kill('SIGTERM'));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const c of children)
  c.on('exit', (code) => {
    if (code) {
      stop();
      process.exitCode = code;
    }
  });
