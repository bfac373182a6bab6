// A progress display for long first-start work: one updating line on a terminal, plain lines in logs.
export function progressPrinter(stream: NodeJS.WriteStream = process.stderr) {
  const started = Date.now();
  let lastPhase = '';
  let lastPrint = 0;
  return (phase: string, done: number, total: number) => {
    const now = Date.now();
    const finished = done >= total;
    if (phase === lastPhase && !finished && now - lastPrint < (stream.isTTY ? 100 : 2000)) return;
    lastPrint = now;
    const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
    const line = `  ${phase.padEnd(14)} ${String(pct).padStart(3)}%  ${done.toLocaleString('en')}/${total.toLocaleString('en')}  ${((now - started) / 1000).toFixed(1)} s`;
    if (stream.isTTY) stream.write(`\r${line}\x1b[K${finished ? '\n' : ''}`);
    else stream.write(`${line}\n`);
    lastPhase = phase;
  };
}
