// Following an import on the server (web/src/lib/follow-job.ts): progress shown at each answer,
// unanswered polls retried with a "reconnecting" cue until the patience runs out, other failures
// at once. The clock and the wait are the test's own, so no test waits for real time.
import { describe, expect, it } from 'vitest';
import { followJob } from '../../web/src/lib/follow-job.ts';
import { LocalError } from '../../web/src/lib/local-error.ts';

class Unreachable extends Error {}

/** A job that answers `answers` in turn (an Error is thrown); a fake clock moved by each wait. */
function fake(answers: ({ state: string; done: number } | Error | null)[]) {
  let clock = 0;
  const polls: number[] = [];
  return {
    polls,
    poll: async () => {
      polls.push(clock);
      const a = answers.shift();
      if (a instanceof Error) throw a;
      return a ?? null;
    },
    now: () => clock,
    sleep: async (ms: number) => {
      clock += ms;
    },
  };
}

describe('followJob', () => {
  it('shows each answer and stops at the first that is not RUNNING, polling every 400 ms', async () => {
    const f = fake([
      { state: 'RUNNING', done: 0 },
      { state: 'RUNNING', done: 500 },
      { state: 'SUCCEEDED', done: 1000 },
    ]);
    const seen: number[] = [];
    const last = await followJob(f.poll, {
      retryable: () => false,
      onJob: (j) => seen.push(j.done),
      now: f.now,
      sleep: f.sleep,
    });
    expect(last).toEqual({ state: 'SUCCEEDED', done: 1000 });
    expect(seen).toEqual([0, 500, 1000]);
    expect(f.polls).toEqual([0, 400, 800]);
  });

  it('retries unanswered polls every 2 s with a reconnecting cue, cleared by the next answer', async () => {
    const f = fake([{ state: 'RUNNING', done: 1 }, new Unreachable(), new Unreachable(), { state: 'FAILED', done: 2 }]);
    const cues: boolean[] = [];
    const last = await followJob(f.poll, {
      retryable: (e) => e instanceof Unreachable,
      onJob: () => {},
      onReconnecting: (yes) => cues.push(yes),
      now: f.now,
      sleep: f.sleep,
    });
    expect(last.state).toBe('FAILED');
    expect(cues).toEqual([true, true, false]);
    expect(f.polls).toEqual([0, 400, 2400, 4400]);
  });

  it('gives up with the failure once polls have gone unanswered for longer than the patience', async () => {
    const failure = new Unreachable('offline');
    const f = fake(Array.from({ length: 100 }, () => failure));
    await expect(
      followJob(f.poll, {
        retryable: (e) => e instanceof Unreachable,
        onJob: () => {},
        patienceMs: 10_000,
        now: f.now,
        sleep: f.sleep,
      }),
    ).rejects.toBe(failure);
    // Polls at 0, 2, 4, 6, 8, 10 s are within the patience; the one at 12 s is past it.
    expect(f.polls).toEqual([0, 2000, 4000, 6000, 8000, 10000, 12000]);
  });

  it('throws any other failure at once, and a job that is gone', async () => {
    const refused = new Error('forbidden');
    const f = fake([refused]);
    await expect(
      followJob(f.poll, { retryable: (e) => e instanceof Unreachable, onJob: () => {}, now: f.now, sleep: f.sleep }),
    ).rejects.toBe(refused);
    expect(f.polls).toEqual([0]);
    const gone = fake([null]);
    await expect(
      followJob(gone.poll, { retryable: () => true, onJob: () => {}, now: gone.now, sleep: gone.sleep }),
    ).rejects.toSatisfy((e) => e instanceof LocalError && e.key === 'error.jobNotFound'); // errorText words it
  });
});
