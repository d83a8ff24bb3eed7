/** EPCIS 2.0 JSON-LD and 1.2/2.0 XML documents to ingest records, one per event (see README.md for the mapping). */
import type { ParseItem } from '../record.ts';
import { parseEpcisJson } from './json-ld.ts';
import { parseEpcisXml } from './xml.ts';
import type { EpcisParseOptions } from './source-text.ts';

export { parseEpcisJson, parseEpcisJsonStream } from './json-ld.ts';
export { parseEpcisXml } from './xml.ts';
export { mapEvent, eventTypeOf } from './map-event.ts';
export { eventHash, canonicalJson } from './event-hash.ts';
export { cbvWord } from './cbv.ts';
export type { EpcisParseOptions } from './source-text.ts';

/** Parses a document in either format, chosen by its first non-blank character (`<` = XML). */
export function* parseEpcis(input: string | Uint8Array, opts: EpcisParseOptions): Generator<ParseItem> {
  const head = typeof input === 'string' ? input.slice(0, 64) : new TextDecoder('latin1').decode(input.subarray(0, 64));
  const first = head.replace(/^(\uFEFF|ï»¿|þÿ|ÿþ|\0|\s)+/, '')[0];
  yield* first === '<' ? parseEpcisXml(input, opts) : parseEpcisJson(input, opts);
}
