/**
 * The two ingest-backed stores the conformance check runs: CSV template files, and an EPCIS 2.0
 * JSON-LD or XML document (with master data CSV keyed by GS1 names, keys renamed to the scenario's and back).
 */
import type { GraphStore } from '../../graph/store.ts';
import { csvRows } from './csv-rows.ts';
import { writeCsvFiles, type CsvOrder } from './csv-files.ts';
import { Ledger } from './epcis-corrections.ts';
import { writeEpcisFiles, type EpcisSyntax } from './epcis-files.ts';
import { Gs1Names } from './gs1-names.ts';
import { openIngestStore, type IngestStore } from './ingest-store.ts';
import { renamedStore } from './renamed-store.ts';

/** A store whose writes are CSV files through the ingest pipeline. */
export function openCsvIngestStore(order: CsvOrder = 'time'): Promise<IngestStore> {
  return openIngestStore('CSV', (b, dir, prefix) => writeCsvFiles(dir, prefix, csvRows(b), order));
}

/** A store whose writes are EPCIS documents through the ingest pipeline, under the scenario's keys; `ingest` is the store behind. */
export async function openEpcisIngestStore(syntax: EpcisSyntax = 'json-ld'): Promise<GraphStore & { ingest: IngestStore; names: Gs1Names }> {
  const names = new Gs1Names();
  const ledger = new Ledger();
  let n = 0;
  const nextId = () => `urn:uuid:00000000-0000-4000-9000-${String(++n).padStart(12, '0')}`;
  const ingest = await openIngestStore(syntax === 'xml' ? 'EPCIS XML' : 'EPCIS', (b, dir, prefix) => writeEpcisFiles(b, names, nextId, ledger, dir, prefix, syntax));
  return { ...renamedStore(ingest, (s) => names.forward(s), (s) => names.back.get(s) ?? s), ingest, names };
}
