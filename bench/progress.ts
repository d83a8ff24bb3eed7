/** Progress of generation and loads on stderr: records done and records per second. */
import type { Batch } from '../graph/model.ts';

export type Log = (line: string) => void;

/** Writes progress lines to stderr (overwriting on a terminal, one line per 5 s otherwise). */
export const stderrLog: Log = (line) => process.stderr.write(`${line}\n`);

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Passes batches through, reporting records (nodes + edges) done and the rate about once a second. */
export function* withProgress(batches: Iterable<Batch>, label: string, total: number | null, log: Log | null): Generator<Batch> {
  const t0 = performance.now();
  const tty = log === stderrLog && process.stderr.isTTY;
  let done = 0;
  let last = t0;
  const line = (now: number): string => {
    const pct = total ? ` (${Math.min(100, Math.round((done / total) * 100))}%)` : '';
    return `${label}: ${fmt(done)}${total ? `/${fmt(total)}` : ''} records${pct}, ${fmt(done / Math.max(0.001, (now - t0) / 1000))} rec/s`;
  };
  for (const b of batches) {
    yield b;
    done += (b.nodes?.length ?? 0) + (b.edges?.length ?? 0);
    const now = performance.now();
    if (log && now - last >= (tty ? 1000 : 5000)) {
      last = now;
      if (tty) process.stderr.write(`\r${line(now)}   `);
      else log(line(now));
    }
  }
  if (log) {
    if (tty) process.stderr.write('\r');
    log(line(performance.now()));
  }
}
