// Progress on stderr for `pnpm db:seed`: one updating line on a terminal, plain lines in CI logs
// (where carriage returns turn into one enormous line).

export type ProgressFn = (phase: string, done: number, total: number, rows?: number) => void;

export interface ProgressDisplay {
  onProgress: ProgressFn;
  /** Ends the updating line so the summary starts on its own. */
  finish(): void;
}

export function createProgressDisplay(stream: NodeJS.WriteStream = process.stderr): ProgressDisplay {
  const tty = Boolean(stream.isTTY);
  let phase = '';
  let phaseStarted = performance.now();
  let lastPrinted = 0;
  let lastTenth = -1;
  let pendingNewline = false;

  const onProgress: ProgressFn = (p, done, total, rows) => {
    const now = performance.now();
    if (p !== phase) {
      phase = p;
      phaseStarted = now;
      lastTenth = -1;
    }
    const percent = total > 0 ? Math.floor((100 * done) / total) : 100;
    const seconds = (now - phaseStarted) / 1000;
    const rate =
      rows !== undefined && seconds > 0.05 ? `, ${Math.round(rows / seconds).toLocaleString('en')} rows/s` : '';
    const rowText = rows !== undefined ? `, ${rows.toLocaleString('en')} rows` : '';
    const line = `seed: ${p} ${percent}%${rowText}${rate}`;
    if (tty) {
      // Redraw at most ~10 times a second; always show the end of a phase.
      if (now - lastPrinted < 100 && done < total) return;
      lastPrinted = now;
      stream.write(`\r\x1b[2K${line}`);
      pendingNewline = true;
      return;
    }
    const tenth = Math.floor(percent / 10);
    if (tenth === lastTenth) return;
    lastTenth = tenth;
    stream.write(`${line}\n`);
  };

  return {
    onProgress,
    finish() {
      if (pendingNewline) stream.write('\n');
      pendingNewline = false;
    },
  };
}
