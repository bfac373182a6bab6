// `pnpm start` builds the web app only when web/dist is missing or older than its sources.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const newest = (p) => {
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(p).map((f) => newest(path.join(p, f))));
};
const built = 'web/dist/index.html';
const sources = ['web/src', 'web/public', 'web/index.html', 'web/vite.config.ts', 'web/package.json'].filter(
  existsSync,
);
if (existsSync(built) && statSync(built).mtimeMs >= Math.max(...sources.map(newest))) {
  console.log('web: up to date (web/dist)');
} else {
  // Vite itself, so this works however pnpm was started (npx leaves none on PATH).
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build'], { cwd: 'web', stdio: 'inherit' });
}
