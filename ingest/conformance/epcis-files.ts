/**
 * One batch as ingest sources in EPCIS: the master data CSV files (GTIN-14 materials, GLN parties,
 * GIAI equipment) and one EPCIS 2.0 JSON-LD document (or its XML form) with the events in time order.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Batch } from '../../graph/model.ts';
import { writeCsvFiles } from './csv-files.ts';
import type { Ledger } from './epcis-corrections.ts';
import { epcisOf, type EpcisEvent } from './epcis-events.ts';
import { epcisXml } from './epcis-xml.ts';
import type { Gs1Names } from './gs1-names.ts';

/** Which EPCIS syntax the document is written in. */
export type EpcisSyntax = 'json-ld' | 'xml';

/** An EPCIS 2.0 JSON-LD document holding `events`. */
export function epcisDocument(events: EpcisEvent[], created: string): Record<string, unknown> {
  return {
    '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld', { lg: 'https://lotgraph.example/ilmd/' }],
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: created,
    epcisBody: { eventList: events },
  };
}

/** Writes the master data CSV files and the EPCIS document of `batch` into `dir`; paths in ingest order. */
export async function writeEpcisFiles(batch: Batch, names: Gs1Names, nextId: () => string, ledger: Ledger, dir: string, prefix: string, syntax: EpcisSyntax = 'json-ld'): Promise<string[]> {
  const { master, events } = epcisOf(batch, names, nextId, ledger);
  const paths = await writeCsvFiles(dir, prefix, master);
  if (events.length === 0) return paths;
  const doc = join(dir, `${prefix}events.${syntax === 'xml' ? 'xml' : 'jsonld'}`);
  const created = new Date(0).toISOString();
  await writeFile(doc, syntax === 'xml' ? epcisXml(events, created) : JSON.stringify(epcisDocument(events, created), null, 1));
  return [...paths, doc];
}
