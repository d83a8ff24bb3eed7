/**
 * EPCIS documents (JSON-LD, XML) go through the gs1-epcis parser in ingest/epcis/: JSON-LD is
 * streamed event by event (memory per event), XML gathered up to the size cap (256 MiB by default)
 * and parsed whole. The format is told by the content; `format` only names what the caller expects.
 */
import type { Readable } from 'node:stream';
import { parseEpcisStream } from '../epcis/index.ts';
import type { ParseItem } from '../record.ts';

export type EpcisFormat = 'epcis-json' | 'epcis-xml';

/** Parse items of an EPCIS document, in arrays of up to 1,000 (the pipeline's cheaper unit). */
export async function* epcisItems(input: Readable | AsyncIterable<Buffer | string>, source: string, _format: EpcisFormat): AsyncGenerator<ParseItem[]> {
  let out: ParseItem[] = [];
  for await (const it of parseEpcisStream(input, { source })) {
    out.push(it);
    if (out.length >= 1000) {
      yield out;
      out = [];
    }
  }
  if (out.length) yield out;
}
