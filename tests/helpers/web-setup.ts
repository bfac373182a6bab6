// Builds web/dist once for the browser tests, in Vitest's main process before any test file
// starts. Each file's server serves web/dist and would otherwise build it when its sources are
// newer (testing/src/demo-server.ts); two files doing that at once, in two workers, collided
// (Vite emptying web/dist/basemap while the other wrote into it: ENOTEMPTY), failing both files.
import { buildWeb } from '@recycle/testing';

export default function setup(): void {
  buildWeb();
}
