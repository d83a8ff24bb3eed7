// The mini plant (graph/conformance/fixtures.ts) built four ways: through GraphStore.upsert (the API
// path), and through the ingest pipeline from CSV template files, an EPCIS JSON-LD and an EPCIS XML document.
// Every trace (each node, both directions, with and without asOf) and every recall (each lot,
// serial and container; each equipment and supplier window) must give the same answer from all
// four; and the data must really have gone through the pipeline (its log holds every record).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../analytics/db.ts';
import { depths } from '../../graph/conformance/checks.ts';
import { miniPlant, T } from '../../graph/conformance/fixtures.ts';
import { normal } from '../../graph/conformance/scenarios/recall-suspects.ts';
import { openEmbeddedStore } from '../../graph/embedded/index.ts';
import { kindOfKey } from '../../graph/keys.ts';
import type { GraphStore, RecallImpact, RecallQuery } from '../../graph/store.ts';
import { csvRows } from './csv-rows.ts';
import { openCsvIngestStore, openEpcisIngestStore } from './format-stores.ts';
import type { IngestStore } from './ingest-store.ts';

const fx = miniPlant('same');
const nodeKeys = [...new Set(fx.batch.nodes!.map((n) => n.key))];
const items = nodeKeys.filter((k) => ['Lot', 'Serial', 'Container'].includes(kindOfKey(k)));
// asOf values after every lot with units was produced: EPCIS commissions units at that time (an
// untimed HAS_UNIT has no EPCIS form), so earlier cut-offs differ by design (README).
const AS_OF = [undefined, T(7, 9), T(8, 8, 30), T(12, 9)];

/** A recall answer in a comparable form (lists sorted). */
const recallOf = (r: RecallImpact) => ({
  ...normal(r),
  suspects: r.suspects.map((s) => s.key).sort(),
  totals: r.totals,
  truncated: r.truncated,
  consumptions: [...r.consumptions].sort((a, b) => `${a.suspect}|${a.operation}`.localeCompare(`${b.suspect}|${b.operation}`)),
});

/** Everything the three stores are asked, answered by `s`. */
async function answers(s: GraphStore) {
  const out: Record<string, unknown> = {};
  for (const asOf of AS_OF) {
    for (const origin of nodeKeys) {
      for (const direction of ['forward', 'backward'] as const) {
        const r = await s.trace({ origin, direction, ...(asOf ? { asOf } : {}) });
        out[`trace ${direction} ${origin} ${asOf ?? ''}`] = { depths: depths(r), truncated: r.truncated, edges: r.nodes.map((n) => [n.key, n.edge]).sort() };
      }
    }
    const recalls: RecallQuery[] = [
      ...items.map((k) => ({ suspects: [k] })),
      { equipment: { id: fx.k.press1, from: T(1, 0), to: T(31, 0) } },
      { equipment: { id: fx.k.line1, from: T(1, 0), to: T(31, 0) } },
      { supplier: { id: fx.k.supA, from: T(1, 0), to: T(31, 0) } },
      { supplier: { id: fx.k.supB, from: T(1, 0), to: T(31, 0) } },
    ];
    for (const q of recalls) out[`recall ${JSON.stringify(q)} ${asOf ?? ''}`] = recallOf(await s.recallImpact({ ...q, ...(asOf ? { asOf } : {}) }));
  }
  return out;
}

describe('the mini plant through the API, CSV files and EPCIS documents', () => {
  let db: Db;
  let api: GraphStore;
  let csv: IngestStore;
  let epcis: Awaited<ReturnType<typeof openEpcisIngestStore>>;
  let xml: Awaited<ReturnType<typeof openEpcisIngestStore>>;
  beforeAll(async () => {
    db = await openDb(':memory:');
    api = await openEmbeddedStore(db);
    await api.upsert(fx.batch);
    csv = await openCsvIngestStore();
    await csv.upsert(fx.batch);
    epcis = await openEpcisIngestStore();
    await epcis.upsert(fx.batch);
    xml = await openEpcisIngestStore('xml');
    await xml.upsert(fx.batch);
  });
  afterAll(async () => {
    await api.close();
    await db.close();
    await csv.close();
    await epcis.close();
    await xml.close();
  });

  it('went through the ingest pipeline: every record read, accepted and in the log', async () => {
    const rows = csvRows(fx.batch).length;
    expect(csv.runs).toHaveLength(1);
    expect(csv.runs[0]).toMatchObject({ records: rows, accepted: rows, duplicates: 0, rejected: 0 });
    expect(csv.files.every((f) => f.endsWith('.csv'))).toBe(true);
    const [[n]] = (await csv.db.columns(`SELECT count(*) FROM ingest_log WHERE status = 'applied'`)) as [[bigint]];
    expect(Number(n)).toBe(rows);
    const run = epcis.ingest.runs[0]!;
    expect(run).toMatchObject({ rejected: 0, duplicates: 0 });
    expect(run.accepted).toBe(run.records);
    expect(epcis.ingest.files.filter((f) => f.endsWith('.jsonld'))).toHaveLength(1);
    const types = (await epcis.ingest.db.all(`SELECT type, count(*) AS n FROM ingest_log GROUP BY type ORDER BY type`)).map((r) => `${String(r.type)} ${String(r.n)}`);
    expect(types).toEqual(['AggregationEvent 2', 'AssociationEvent 3', 'ObjectEvent 14', 'TransformationEvent 14', 'customers 2', 'equipment 2', 'materials 5', 'suppliers 2']);
    expect(xml.ingest.files.filter((f) => f.endsWith('.xml'))).toHaveLength(1);
    expect(xml.ingest.runs[0]).toMatchObject({ accepted: run.accepted, rejected: 0 });
  });

  it('gives the same trace and recall answers from all four', async () => {
    const want = await answers(api);
    expect(Object.keys(want).length).toBeGreaterThan(300);
    expect(await answers(csv)).toEqual(want);
    expect(await answers(epcis)).toEqual(want);
    expect(await answers(xml)).toEqual(want);
  });
});
