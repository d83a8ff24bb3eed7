/**
 * Splits a byte stream into lines (LF or CRLF, UTF-8, BOM dropped) with a bound on line length:
 * an over-long line is reported as such and skipped to its end, never buffered whole.
 */
import { StringDecoder } from 'node:string_decoder';

export type Line = { line: number; text: string } | { line: number; tooLong: true };

/** Lines of `input`; lines longer than `max` characters come back as `{ tooLong: true }`. */
export async function* splitLines(input: AsyncIterable<Buffer | string>, max: number): AsyncGenerator<Line> {
  const dec = new StringDecoder('utf8');
  let pending = '';
  let skipping = false;
  let n = 0;
  let first = true;
  const take = function* (s: string, final: boolean): Generator<Line> {
    let start = 0;
    for (;;) {
      const nl = s.indexOf('\n', start);
      if (nl < 0) break;
      n++;
      if (skipping) {
        skipping = false;
        yield { line: n, tooLong: true };
      } else {
        let t = pending + s.slice(start, nl);
        pending = '';
        if (t.endsWith('\r')) t = t.slice(0, -1);
        if (t.length > max) yield { line: n, tooLong: true };
        else yield { line: n, text: t };
      }
      start = nl + 1;
    }
    if (!skipping) {
      pending += s.slice(start);
      if (pending.length > max) {
        pending = '';
        skipping = true;
      }
    }
    if (final && (pending !== '' || skipping)) {
      n++;
      yield skipping ? { line: n, tooLong: true } : { line: n, text: pending.endsWith('\r') ? pending.slice(0, -1) : pending };
      pending = '';
    }
  };
  for await (const chunk of input) {
    let s = typeof chunk === 'string' ? chunk : dec.write(chunk);
    if (first && s.length > 0) {
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
      first = false;
    }
    yield* take(s, false);
  }
  yield* take(dec.end(), true);
}
