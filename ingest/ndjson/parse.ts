/** The NDJSON adapter: one canonical event per line (blank lines skipped), each line bounded in size. */
import type { ParseItem } from '../record.ts';
import { EventReader } from './event.ts';
import { splitLines } from './lines.ts';

/** The longest line accepted (characters). */
export const MAX_LINE_CHARS = 1 << 20;

/** The deepest nesting accepted in an event (deeper would only be an attack on recursive code downstream). */
export const MAX_DEPTH = 32;

/** Nesting depth of a parsed JSON value, iteratively (no stack to overflow). */
function depthOf(v: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[v, 1]];
  while (stack.length) {
    const [x, d] = stack.pop()!;
    if (x === null || typeof x !== 'object') continue;
    if (d > max) max = d;
    if (max > MAX_DEPTH) return max;
    for (const c of Array.isArray(x) ? x : Object.values(x)) stack.push([c, d + 1]);
  }
  return max;
}

/** Parses NDJSON canonical events into records and positioned errors. Never throws for bad content. */
export async function* parseNdjson(input: AsyncIterable<Buffer | string>, o: { source: string }): AsyncGenerator<ParseItem> {
  const reader = new EventReader(o.source);
  let record = 0;
  for await (const l of splitLines(input, MAX_LINE_CHARS)) {
    if ('tooLong' in l) {
      record++;
      yield { ok: false, error: { pos: { source: o.source, line: l.line, record }, reason: `line longer than ${MAX_LINE_CHARS} characters` } };
      continue;
    }
    if (l.text.trim() === '') continue;
    record++;
    let ev: unknown;
    try {
      ev = JSON.parse(l.text);
    } catch (e) {
      yield { ok: false, error: { pos: { source: o.source, line: l.line, record }, reason: `not JSON: ${(e as Error).message}`, value: l.text.slice(0, 200) } };
      continue;
    }
    if (depthOf(ev) > MAX_DEPTH) {
      yield { ok: false, error: { pos: { source: o.source, line: l.line, record }, reason: `JSON nested deeper than ${MAX_DEPTH} levels` } };
      continue;
    }
    yield reader.read(ev, l.line, record);
  }
}
