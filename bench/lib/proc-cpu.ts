// CPU time a server process tree has used (user + system, from /proc), for "CPU per request":
// on a shared machine req/s depends on how much CPU other work leaves; the CPU a server spends
// per request does not, so its ratio between servers holds at any load. Linux only.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const ticksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** pid -> [ppid, utime + stime in ticks] for every process, from /proc/<pid>/stat. */
function allProcesses(): Map<number, [number, number]> {
  const out = new Map<number, [number, number]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    // The command name (field 2) is in parentheses and may hold spaces: split after its ')'.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    out.set(Number(name), [Number(f[1]), Number(f[11]) + Number(f[12])]);
  }
  return out;
}

/** CPU milliseconds used so far by `pid` and its descendants (e.g. an API's cluster workers). */
export function treeCpuMs(pid: number): number {
  const procs = allProcesses();
  const children = new Map<number, number[]>();
  for (const [p, [ppid]] of procs) children.set(ppid, [...(children.get(ppid) ?? []), p]);
  let ticks = 0;
  const todo = [pid];
  while (todo.length) {
    const p = todo.pop()!;
    ticks += procs.get(p)?.[1] ?? 0;
    todo.push(...(children.get(p) ?? []));
  }
  return (ticks * 1000) / ticksPerSecond;
}
