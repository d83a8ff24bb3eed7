/**
 * Renders lib/progress events on stderr: one rewritten line on a terminal, a line every few seconds
 * otherwise (logs, CI), with the rate in units per second.
 */
import type { ProgressEvent, ProgressFn } from '../lib/progress.ts';

export interface ProgressView {
  onProgress: ProgressFn;
  /** Ends the current line (call when the work is done). */
  done(): void;
}

const n = (x: number): string => Math.round(x).toLocaleString('en-US');

/** A renderer writing to `stream` (stderr by default). */
export function progressView(stream: NodeJS.WriteStream = process.stderr): ProgressView {
  const tty = stream.isTTY === true;
  let phase = '';
  let started = 0;
  let lastDraw = 0;
  let open = false;
  let last: ProgressEvent | null = null;
  let lastDrawn = true;
  const draw = (e: ProgressEvent, force: boolean) => {
    const now = Date.now();
    last = e;
    lastDrawn = false;
    if (e.phase !== phase) {
      if (open && tty) stream.write('\n');
      phase = e.phase;
      started = now;
      force = true;
    }
    if (!force && now - lastDraw < (tty ? 100 : 3000)) return;
    lastDraw = now;
    const secs = (now - started) / 1000;
    const unit = e.unit ?? 'items';
    const total = e.total ? ` / ${n(e.total)}${e.total ? ` (${Math.min(100, Math.floor((100 * e.done) / e.total))}%)` : ''}` : '';
    // The phase's first event already carries work done before it (whose time is unknown): no rate
    // until a second has passed, so the first tick never shows an absurd figure.
    const rate = secs >= 1 ? `, ${n(e.done / secs)} ${unit}/s` : '';
    const line = `${e.phase}: ${n(e.done)}${total} ${unit}${rate}`;
    lastDrawn = true;
    if (tty) stream.write(`\r${line}\x1b[K`);
    else stream.write(line + '\n');
    open = true;
  };
  return {
    onProgress: (e) => draw(e, false),
    done() {
      // The final figure is always shown, however recently the line was drawn.
      if (last && !lastDrawn) draw(last, true);
      last = null;
      if (open && tty) stream.write('\n');
      open = false;
      phase = '';
    },
  };
}
