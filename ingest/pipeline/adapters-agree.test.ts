/** The same plant from CSV files and from NDJSON canonical events: one graph, one set of record ids. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { templateOfFileName } from '../csv/templates.ts';
import { EVENT_TYPES, parseNdjson } from '../ndjson/index.ts';
import { ingest } from './pipeline.ts';
import { itemsOfPaths } from './sources.ts';
import { memoryStore } from './test-kit.ts';

const PLANT = join(import.meta.dirname, '../../examples/plant');
const typeOf = Object.fromEntries(Object.entries(EVENT_TYPES).map(([e, t]) => [t, e]));

/** The example plant as NDJSON: one event per CSV row, fields named as the columns, empty cells left out. */
function plantAsNdjson(): string {
  const files = readdirSync(PLANT).map((f) => join(PLANT, f));
  const order = (f: string) => ['materials', 'suppliers', 'customers', 'equipment', 'receipts', 'operations', 'productions', 'consumptions', 'serials', 'packing', 'shipments', 'shipment_lines'].indexOf(templateOfFileName(f)!.name);
  return files.sort((a, b) => order(a) - order(b)).flatMap((f) => {
    const rows = parse(readFileSync(f), { columns: true }) as Record<string, string>[];
    return rows.map((r) => JSON.stringify({ type: typeOf[templateOfFileName(f)!.name], ...Object.fromEntries(Object.entries(r).filter(([, v]) => v !== '')) }));
  }).join('\n');
}

describe('adapters agree', () => {
  let a: Awaited<ReturnType<typeof memoryStore>>;
  let b: Awaited<ReturnType<typeof memoryStore>>;
  beforeEach(async () => {
    a = await memoryStore();
    b = await memoryStore();
  });
  afterEach(async () => {
    await a.close();
    await b.close();
  });

  it('CSV templates and NDJSON events of the example plant give the same graph, traces and record ids', async () => {
    const fromCsv = await ingest(itemsOfPaths([PLANT]), { db: a.db, store: a.store });
    const fromNdjson = await ingest(parseNdjson(Readable.from([plantAsNdjson()]), { source: 'plant.ndjson' }), { db: b.db, store: b.store });
    expect(fromCsv).toMatchObject({ accepted: 31, rejected: 0 });
    expect(fromNdjson.rejects).toEqual([]);
    expect(fromNdjson).toMatchObject({ accepted: 31, rejected: 0 });
    expect(await b.store.stats()).toEqual(await a.store.stats());
    for (const [origin, direction] of [['lot:RESIN-PC:L2403', 'forward'], ['serial:PUMP-X1:SN0003', 'backward']] as const) {
      const ta = await a.store.trace({ origin, direction });
      const tb = await b.store.trace({ origin, direction });
      expect(tb.nodes).toEqual(ta.nodes);
    }
    expect(await b.store.recallImpact({ suspects: ['lot:SCREW-M2:L2403'] })).toEqual(await a.store.recallImpact({ suspects: ['lot:SCREW-M2:L2403'] }));
    const again = await ingest(itemsOfPaths([PLANT]), { db: b.db, store: b.store });
    expect(again).toMatchObject({ accepted: 0, duplicates: 31 });
  });
});
