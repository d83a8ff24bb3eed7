/**
 * EPCIS documents (JSON-LD, XML) go through the gs1-epcis parser in ingest/epcis/: JSON-LD is
 * streamed event by event (memory per event), XML gathered up to the size cap (256 MiB by default)
 * and parsed whole. `format` is what the caller declares (the route's Content-Type or format
 * parameter, the file's extension): it is honoured, and a document whose content plainly is the
 * other format is refused with one error saying so. Without it the format is told by the content.
 */
import type { Readable } from 'node:stream';
import { parseEpcisStream } from '../epcis/index.ts';
import type { ParseItem } from '../record.ts';

export type EpcisFormat = 'epcis-json' | 'epcis-xml';

/** Parse items of an EPCIS document, in arrays of up to 1,000 (the pipeline's cheaper unit). */
export async function* epcisItems(input: Readable | AsyncIterable<Buffer | string>, source: string, format?: EpcisFormat): AsyncGenerator<ParseItem[]> {
  let out: ParseItem[] = [];
  const declared = format === undefined ? {} : { format: format === 'epcis-xml' ? 'xml' as const : 'json' as const };
  for await (const it of parseEpcisStream(input, { source, ...declared })) {
    out.push(it);
    if (out.length >= 1000) {
      yield out;
      out = [];
    }
  }
  if (out.length) yield out;
}
