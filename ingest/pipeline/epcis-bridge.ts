/**
 * EPCIS documents (JSON-LD, XML) go through the gs1-epcis parsers in ingest/epcis/, which read a
 * whole document (bounded: 256 MiB by default) and yield one item per event. The stream is read
 * up to that bound; a larger document is one positioned error, never an unbounded buffer.
 */
import type { Readable } from 'node:stream';
import { DEFAULT_MAX_BYTES } from '../epcis/source-text.ts';
import { parseEpcisJson, parseEpcisXml } from '../epcis/index.ts';
import type { ParseItem } from '../record.ts';

export type EpcisFormat = 'epcis-json' | 'epcis-xml';

/** Parse items of an EPCIS document, one array per ~5,000 events (the pipeline's unit of work). */
export async function* epcisItems(input: Readable | AsyncIterable<Buffer | string>, source: string, format: EpcisFormat, maxBytes = DEFAULT_MAX_BYTES): AsyncGenerator<ParseItem[]> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of input) {
    const b = typeof c === 'string' ? Buffer.from(c) : c;
    size += b.length;
    if (size > maxBytes) {
      if ('destroy' in input && typeof input.destroy === 'function') input.destroy();
      yield [{ ok: false, error: { pos: { source }, reason: `${source}: EPCIS document larger than ${maxBytes} bytes: split it into several documents` } }];
      return;
    }
    chunks.push(b);
  }
  const doc = Buffer.concat(chunks);
  chunks.length = 0;
  const parse = format === 'epcis-xml' ? parseEpcisXml : parseEpcisJson;
  let out: ParseItem[] = [];
  for (const it of parse(doc, { source, maxBytes })) {
    out.push(it);
    if (out.length >= 5000) {
      yield out;
      out = [];
    }
  }
  if (out.length) yield out;
}
