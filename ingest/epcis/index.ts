/** EPCIS 2.0 JSON-LD and 1.2/2.0 XML documents to ingest records, one per event (see README.md for the mapping). */
import type { ParseItem } from '../record.ts';
import { parseEpcisJson, parseEpcisJsonStream } from './json-ld.ts';
import { parseEpcisXml } from './xml.ts';
import { DEFAULT_MAX_BYTES, docError, sniffFormat, type EpcisFormatName, type EpcisParseOptions } from './source-text.ts';

export { parseEpcisJson, parseEpcisJsonStream } from './json-ld.ts';
export { parseEpcisXml } from './xml.ts';
export { mapEvent, eventTypeOf } from './map-event.ts';
export { eventHash, canonicalJson } from './event-hash.ts';
export { cbvWord } from './cbv.ts';
export { DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, sniffFormat, type EpcisFormatName, type EpcisParseOptions } from './source-text.ts';

const NAME: Record<EpcisFormatName, string> = { json: 'EPCIS JSON-LD', xml: 'EPCIS XML' };

/** The first significant character of a document (after BOM and blanks), for messages. */
function firstChar(head: string | Uint8Array): string | undefined {
  const s = typeof head === 'string' ? head.slice(0, 4096) : Buffer.from(head.subarray(0, 4096)).toString('latin1').replace(/\0/g, '');
  return /^[\s\uFEFF\u00EF\u00BB\u00BF\u00FE\u00FF]*(.)/u.exec(s)?.[1];
}

/**
 * The format to parse as: the declared one, else the sniffed one (JSON when nothing is read). A declared
 * format the content plainly contradicts (`<` declared JSON, `{`/`[` declared XML) is an error.
 */
function formatFor(head: string | Uint8Array, sniffed: EpcisFormatName | undefined, opts: EpcisParseOptions): EpcisFormatName | ParseItem {
  const declared = opts.format;
  if (declared === undefined) return sniffed ?? 'json';
  const first = sniffed === undefined ? undefined : firstChar(head);
  const contradicts = declared === 'json' ? sniffed === 'xml' : first === '{' || first === '[';
  if (!contradicts) return declared;
  const actual = declared === 'json' ? 'xml' : 'json';
  return { ok: false, error: docError(opts.source, `was sent as ${NAME[declared]} (format or Content-Type) but its content is ${NAME[actual]} (it starts with '${first}'): send it as ${NAME[actual]}`) };
}

/** Parses a document in memory, as `opts.format`, else in the format its first significant character names (`<` = XML). */
export function* parseEpcis(input: string | Uint8Array, opts: EpcisParseOptions): Generator<ParseItem> {
  const f = formatFor(input, sniffFormat(input), opts);
  if (typeof f !== 'string') return yield f;
  yield* f === 'xml' ? parseEpcisXml(input, opts) : parseEpcisJson(input, opts);
}

/**
 * Parses a streamed document, as `opts.format`, else sniffed: chunks are held until the first
 * significant byte arrives (whatever the chunking). JSON-LD streams event by event (memory per
 * event); XML is gathered up to `maxBytes` and parsed as one document (fast-xml-parser has no streaming mode).
 */
export async function* parseEpcisStream(chunks: AsyncIterable<Uint8Array | string>, opts: EpcisParseOptions): AsyncGenerator<ParseItem> {
  const max = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const it = chunks[Symbol.asyncIterator]();
  const held: Buffer[] = [];
  let size = 0;
  let sniffed: EpcisFormatName | undefined;
  let ended = false;
  // Held as bytes (strings as UTF-8), so a BOM or blanks split across chunks are seen whole.
  while (sniffed === undefined) {
    const r = await it.next();
    if (r.done) { ended = true; break; }
    const b = typeof r.value === 'string' ? Buffer.from(r.value, 'utf8') : Buffer.from(r.value.buffer, r.value.byteOffset, r.value.byteLength);
    held.push(b);
    size += b.byteLength;
    if (size > max) return yield { ok: false, error: docError(opts.source, `document is more than the limit of ${max} bytes`) };
    sniffed = sniffFormat(held.length === 1 ? b : Buffer.concat(held));
  }
  const head = Buffer.concat(held);
  const f = formatFor(head, sniffed, opts);
  if (typeof f !== 'string') return yield f;
  async function* all(): AsyncGenerator<Uint8Array | string> {
    if (head.byteLength > 0) yield head;
    if (ended) return;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  }
  if (f === 'json') return yield* parseEpcisJsonStream(all(), opts);
  const parts: Buffer[] = [];
  size = 0;
  for await (const c of all()) {
    const b = typeof c === 'string' ? Buffer.from(c, 'utf8') : Buffer.from(c.buffer, c.byteOffset, c.byteLength);
    size += b.byteLength;
    if (size > max) return yield { ok: false, error: docError(opts.source, `document is more than the limit of ${max} bytes`) };
    parts.push(b);
  }
  yield* parseEpcisXml(Buffer.concat(parts), opts);
}
