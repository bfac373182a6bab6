// Following a long job on the server (an import) by polling it until it leaves RUNNING. The job
// runs on the server whether or not a poll is answered (a busy server, the embedded database
// writing in the same process, a phone changing networks), so a poll the network did not carry is
// retried, not the end; only after `patienceMs` of unanswered polls does following stop (the job
// goes on, and the history shows how it ended).
import { LocalError } from './local-error.ts';

export interface FollowOptions<J> {
  /** Between answered polls while the job runs. */
  everyMs?: number;
  /** Between unanswered polls. */
  retryMs?: number;
  /** How long polls may go unanswered before following stops with the last failure. */
  patienceMs?: number;
  /** A failure worth retrying (the server unreachable); any other is thrown at once. */
  retryable: (e: unknown) => boolean;
  /** Each answer, as it comes. */
  onJob: (job: J) => void;
  /** True while polls go unanswered, false once one is answered again. */
  onReconnecting?: (yes: boolean) => void;
  /** For tests: the clock and the wait. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** Polls `poll()` until the job's state is not RUNNING; resolves with that last answer. */
export async function followJob<J extends { state: string }>(
  poll: () => Promise<J | null>,
  options: FollowOptions<J>,
): Promise<J> {
  const {
    everyMs = 400,
    retryMs = 2000,
    patienceMs = 120_000,
    now = Date.now,
    sleep = (ms) => new Promise((r) => setTimeout(r, ms)),
  } = options;
  let failingSince: number | null = null;
  for (;;) {
    let job: J | null;
    try {
      job = await poll();
    } catch (e) {
      if (!options.retryable(e)) throw e;
      failingSince ??= now();
      if (now() - failingSince > patienceMs) throw e;
      options.onReconnecting?.(true);
      await sleep(retryMs);
      continue;
    }
    if (failingSince !== null) options.onReconnecting?.(false);
    failingSince = null;
    if (!job) throw new LocalError('error.jobNotFound');
    options.onJob(job);
    if (job.state !== 'RUNNING') return job;
    await sleep(everyMs);
  }
}
