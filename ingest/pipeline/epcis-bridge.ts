/**
 * EPCIS documents (JSON-LD, XML) go through the gs1-epcis helper's parsers in ingest/epcis/.
 * Loaded on demand, so CSV and NDJSON ingest do not depend on them; until they are there, an
 * EPCIS file is one positioned error.
 */
import type { Readable } from 'node:stream';
import type { ParseItem } from '../record.ts';

export type EpcisFormat = 'epcis-json' | 'epcis-xml';

type EpcisModule = {
  parseEpcisJson?: (input: Readable | AsyncIterable<Buffer | string>, o: { source: string }) => AsyncIterable<ParseItem>;
  parseEpcisXml?: (input: Readable | AsyncIterable<Buffer | string>, o: { source: string }) => AsyncIterable<ParseItem>;
};

/** Parse items of an EPCIS document. */
export async function* epcisItems(input: Readable, source: string, format: EpcisFormat): AsyncGenerator<ParseItem> {
  const path = '../epcis/index.ts';
  let mod: EpcisModule;
  try {
    mod = (await import(path)) as EpcisModule;
  } catch {
    input.destroy();
    yield { ok: false, error: { pos: { source }, reason: 'EPCIS documents are not supported by this build (ingest/epcis is missing)' } };
    return;
  }
  const parse = format === 'epcis-xml' ? mod.parseEpcisXml : mod.parseEpcisJson;
  if (!parse) {
    input.destroy();
    yield { ok: false, error: { pos: { source }, reason: `no ${format} parser in ingest/epcis` } };
    return;
  }
  yield* parse(input, { source });
}
