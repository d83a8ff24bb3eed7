/**
 * The parse worker's body (started by parse-thread.ts): reads and parses the files it is given, in
 * order, and posts their items in arrays, never more than a few arrays ahead of the main thread.
 * Only the parser a file's format needs is loaded. Records leave with their source text ready for
 * the log (`rawText`) and their edge times already epoch ms, so the main thread does neither.
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import type { Mapping } from '../csv/mapping.ts';
import type { ParseItem } from '../record.ts';
import type { Format } from './sources.ts';
import { normaliseTimes } from './validate.ts';
import { AHEAD, ITEMS_PER_MESSAGE, type FileJob, type ToMain } from './parse-thread.ts';

type Parser = (input: Readable, source: string, mapping?: Mapping) => AsyncIterable<ParseItem | ParseItem[]>;

async function parserOf(format: Format): Promise<Parser> {
  if (format === 'csv') {
    const { parseCsvBatches } = await import('../csv/parse.ts');
    return (input, source, mapping) => parseCsvBatches(input, { source, ...(mapping ? { mapping } : {}) });
  }
  if (format === 'ndjson') {
    const { parseNdjson } = await import('../ndjson/parse.ts');
    return (input, source) => parseNdjson(input, { source });
  }
  const { epcisItems } = await import('./epcis-bridge.ts');
  return (input, source) => epcisItems(input, source, format);
}

/** The item as the main thread receives it: the source record as text only (that is all the log keeps). */
function forMain(it: ParseItem): ParseItem {
  if (!it.ok) return it;
  const r = it.record;
  const rawText = r.rawText ?? JSON.stringify(r.raw ?? null);
  normaliseTimes(r); // a record it rejects is left as it was: the pipeline asks again and rejects it
  return { ok: true, record: { ...r, raw: null, rawText } };
}

const port = parentPort!;
let credits = AHEAD;
let wake: (() => void) | undefined;
port.on('message', () => {
  credits++;
  wake?.();
  wake = undefined;
});

const post = async (m: ToMain) => {
  while (credits <= 0) await new Promise<void>((resolve) => (wake = resolve));
  credits--;
  port.postMessage(m);
};

try {
  let out: ParseItem[] = [];
  for (const job of (workerData as { jobs: FileJob[] }).jobs) {
    const parse = await parserOf(job.format);
    for await (const got of parse(createReadStream(job.file), job.file, job.mapping)) {
      for (const it of Array.isArray(got) ? got : [got]) out.push(forMain(it));
      if (out.length >= ITEMS_PER_MESSAGE) {
        await post({ items: out });
        out = [];
      }
    }
  }
  if (out.length) await post({ items: out });
  port.postMessage({ done: true } satisfies ToMain);
} catch (e) {
  const err = e as Error & { code?: string; details?: Record<string, unknown> };
  port.postMessage({ error: { message: err.message, ...(err.code ? { code: err.code } : {}), ...(err.details ? { details: err.details } : {}) } } satisfies ToMain);
}
