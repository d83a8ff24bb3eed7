import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { baselineLoad } from './baseline.ts';
import { writePlantCsv } from './gen-csv.ts';
import { EVENTS_PER_UNIT, writeEpcisJson } from './gen-epcis.ts';
import { ingestMarkdown, type IngestBenchResult } from './index.ts';

const tmp = mkdtempSync(join(tmpdir(), 'lotgraph-ingest-baseline-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('ingest benchmark baseline (plain DuckDB load of the same files)', () => {
  it('loads every CSV row and every EPCIS event', async () => {
    const { records } = await writePlantCsv(join(tmp, 'csv'), 30);
    expect((await baselineLoad(join(tmp, 'csv'), join(tmp, 'b.duckdb'), 'csv')).rows).toBe(records);
    await writeEpcisJson(join(tmp, 'e.jsonld'), 4);
    expect((await baselineLoad(join(tmp, 'e.jsonld'), join(tmp, 'b.duckdb'), 'epcis-jsonld')).rows).toBe(4 * EVENTS_PER_UNIT);
  });

  it('reports the ratio to the plain load and the ingest\'s share of the peak', () => {
    const r = { scale: 'XS', targets: { csvPerSecond: 100_000, epcisPerSecond: 20_000 }, results: [{ format: 'csv', size: '1x', records: 2000, fileMB: 0.1, seconds: 0.2, perSecond: 10_000, peakRssMB: 300, storeRssMB: 200, keptHeapMB: 12, rejected: 0, baselinePerSecond: 40_000, floorPerSecond: 20_000 }, { format: 'csv', size: '10x', records: 20000, fileMB: 1, seconds: 2, perSecond: 10_000, peakRssMB: 500, storeRssMB: 350, rejected: 0, baselinePerSecond: 40_000, floorPerSecond: 20_000 }] } as unknown as IngestBenchResult;
    expect(ingestMarkdown(r).split('\n')[2]).toBe('| XS | csv | 1x | 2,000 | 0.1 | 0.2 | 10,000 | 100,000 | 40,000 | 0.25× | 20,000 | 0.50× | 5.00× | 300 | 200 | 100 | 12 |');
    // a result written before the column: a dash
    expect(ingestMarkdown(r).split('\n')[3]).toMatch(/\| 500 \| 350 \| 150 \| – \|$/);
  });
});
