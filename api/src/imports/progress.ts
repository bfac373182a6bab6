// Progress of the imports running in this process, for the console to poll. A running job is
// answered from here (no database read), so polling never waits behind the import's own
// transaction on the embedded database's single connection.
export type ImportPhase = 'READING' | 'CHECKING' | 'WRITING' | 'FINISHING';

export interface Progress {
  phase: ImportPhase;
  done: number;
  total: number;
  startedAt: Date;
}

const running = new Map<number, { progress: Progress; job: unknown }>();
const finished = new Map<number, Promise<void>>();

export const importProgress = (jobId: number): Progress | null => running.get(jobId)?.progress ?? null;

/** The job row as it was when it started, while it runs here (no database read needed). */
export const runningJob = <T>(jobId: number): T | null => (running.get(jobId)?.job as T | undefined) ?? null;

/** Resolves when a job started by this process has finished (benchmarks and tests wait on it). */
export const importDone = (jobId: number): Promise<void> => finished.get(jobId) ?? Promise.resolve();

/** Runs `work` in the background, reporting through `report`; never throws (work records failures). */
export function runInBackground(
  jobId: number,
  job: unknown,
  work: (report: (phase: ImportPhase, done: number, total: number) => void) => Promise<void>,
): Promise<void> {
  const p: Progress = { phase: 'READING', done: 0, total: 0, startedAt: new Date() };
  running.set(jobId, { progress: p, job });
  const done = (async () => {
    try {
      await work((phase, d, total) => Object.assign(p, { phase, done: d, total }));
    } finally {
      running.delete(jobId);
      // Keep the promise a while for late waiters; then forget it.
      setTimeout(() => finished.delete(jobId), 60_000).unref();
    }
  })();
  finished.set(jobId, done);
  return done;
}
