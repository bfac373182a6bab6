// A control process for event-loop measurements: an idle Node process on the same machine that samples
// its own event-loop delay exactly as the server does (perf_hooks, 10 ms resolution). It runs no work
// at all, so whatever delay it sees is the machine's (a busy or shared CPU not scheduling the process),
// not the code's. Measured in the same run beside the server, it separates the two.
import { spawn } from 'node:child_process';

export interface ControlDelay {
  p99Ms: number;
  maxMs: number;
}

const SCRIPT = `
const { monitorEventLoopDelay } = require('node:perf_hooks');
const h = monitorEventLoopDelay({ resolution: 10 });
h.enable();
process.stdin.on('data', () => {
  const ms = (ns) => Math.round(ns / 1e4) / 100;
  process.stdout.write(JSON.stringify({ p99Ms: ms(h.percentile(99)), maxMs: ms(h.max) }) + '\\n');
  process.exit(0);
});
`;

/** Starts the control process; stop() returns the delay it saw since start and ends it. */
export function startLoopControl(): { stop(): Promise<ControlDelay> } {
  const child = spawn(process.execPath, ['-e', SCRIPT], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    async stop() {
      child.stdin.write('report\n');
      await exited;
      return JSON.parse(out) as ControlDelay;
    },
  };
}
