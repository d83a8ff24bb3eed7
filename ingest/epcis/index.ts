/** EPCIS 2.0 JSON-LD and 1.2/2.0 XML documents to ingest records, one per event (see README.md for the mapping). */
import type { ParseItem } from '../record.ts';
import { parseEpcisJson, parseEpcisJsonStream } from './json-ld.ts';
import { parseEpcisXml } from './xml.ts';
import { DEFAULT_MAX_BYTES, docError, type EpcisParseOptions } from './source-text.ts';

export { parseEpcisJson, parseEpcisJsonStream } from './json-ld.ts';
export { parseEpcisXml } from './xml.ts';
export { mapEvent, eventTypeOf } from './map-event.ts';
export { eventHash, canonicalJson } from './event-hash.ts';
export { cbvWord } from './cbv.ts';
export { DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, type EpcisParseOptions } from './source-text.ts';

/** True when the document's first non-blank character (after any BOM) is `<`. */
function looksLikeXml(head: string | Uint8Array): boolean {
  const s = typeof head === 'string' ? head.slice(0, 64) : new TextDecoder('latin1').decode(head.subarray(0, 64));
  return s.replace(/^(\uFEFF|ï»¿|þÿ|ÿþ|\0|\s)+/, '')[0] === '<';
}

/** Parses a document in memory in either format, chosen by its first non-blank character (`<` = XML). */
export function* parseEpcis(input: string | Uint8Array, opts: EpcisParseOptions): Generator<ParseItem> {
  yield* looksLikeXml(input) ? parseEpcisXml(input, opts) : parseEpcisJson(input, opts);
}

/**
 * Parses a streamed document in either format. JSON-LD streams event by event (memory per event);
 * XML is gathered up to `maxBytes` and parsed as one document (fast-xml-parser has no streaming mode).
 */
export async function* parseEpcisStream(chunks: AsyncIterable<Uint8Array | string>, opts: EpcisParseOptions): AsyncGenerator<ParseItem> {
  const it = chunks[Symbol.asyncIterator]();
  const first = await it.next();
  const head: Uint8Array | string = first.done ? '' : first.value;
  async function* all(): AsyncGenerator<Uint8Array | string> {
    if (!first.done) yield head;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  }
  if (!looksLikeXml(head)) return yield* parseEpcisJsonStream(all(), opts);
  const max = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const parts: Buffer[] = [];
  let size = 0;
  for await (const c of all()) {
    const b = typeof c === 'string' ? Buffer.from(c, 'utf8') : Buffer.from(c.buffer, c.byteOffset, c.byteLength);
    size += b.byteLength;
    if (size > max) return yield { ok: false, error: docError(opts.source, `document is more than the limit of ${max} bytes`) };
    parts.push(b);
  }
  yield* parseEpcisXml(Buffer.concat(parts), opts);
}
