// An ERP row edited in place: a CSV row with the export's own posting id (`posting`) replaces the
// version of that posting logged before (its quantity no longer counts, its edges go unless asserted
// again), in a later file or the same one, on every store and in a --strict run; sent again,
// nothing changes; a rebuild gives the same totals. The two variants of each store share one log with
// the same posting numbers in other operations: a posting is scoped by its operation, so they never meet.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ParseItem } from '../record.ts';
import { checkMapping } from '../csv/mapping.ts';
import { openDb } from '../../analytics/db.ts';
import { openEmbeddedStore } from '../../graph/embedded/index.ts';
import type { GraphStore } from '../../graph/store.ts';
import { ingest } from './pipeline.ts';
import { replayLog } from './replay.ts';
import { concat, csvItems, memoryStore, PIPELINE_STORES, suiteStore } from './test-kit.ts';

async function qty(store: GraphStore, from: string, kind: string, to: string): Promise<number | null | undefined> {
  const n = await store.neighbourhood(from, { hops: 1, direction: 'forward' });
  const e = n.edges.find((x) => x.kind === kind && x.from === from && x.to === to);
  return e === undefined ? undefined : (e.qty ?? null);
}

function plant(t: string) {
  const head = 'operation,material,lot,qty,uom,consumed_at,posting\n';
  const row = (lot: string, q: number, at: string, posting: string) => `OP-${t},RAW-${t},${lot},${q},kg,${at},${posting}\n`;
  const master = concat(
    csvItems(`material,name,gtin,category,uom\nRAW-${t},Resin,,raw,kg\n`, 'materials.csv'),
    csvItems(`supplier,name\nSUP-${t},Acme\n`, 'suppliers.csv'),
    csvItems(`supplier,material,lot,received_at,qty,uom\nSUP-${t},RAW-${t},L1,2026-03-01T07:00:00Z,100,kg\nSUP-${t},RAW-${t},L2,2026-03-01T07:00:00Z,100,kg\n`, 'receipts.csv'),
    csvItems(`operation,started_at,ended_at\nOP-${t},2026-03-02T08:00:00Z,2026-03-02T12:00:00Z\n`, 'operations.csv'),
  );
  return {
    master,
    v1: head + row('L1', 12, '2026-03-02T08:10:00Z', '4900001/1') + row('L1', 8, '2026-03-02T10:40:00Z', '4900001/2'),
    // the first line's quantity corrected in the ERP, the second unchanged
    v2: head + row('L1', 10, '2026-03-02T08:10:00Z', '4900001/1') + row('L1', 8, '2026-03-02T10:40:00Z', '4900001/2'),
    // the second line's lot corrected: L2 was consumed, not L1
    v3: head + row('L1', 10, '2026-03-02T08:10:00Z', '4900001/1') + row('L2', 8, '2026-03-02T10:40:00Z', '4900001/2'),
    // one file holding two versions of one posting: the later holds
    twice: head + row('L2', 5, '2026-03-02T11:00:00Z', '4900002/1') + row('L2', 6, '2026-03-02T11:00:00Z', '4900002/1'),
    l1: `lot:RAW-${t}:L1`,
    l2: `lot:RAW-${t}:L2`,
    op: `op:OP-${t}`,
  };
}

describe.each(PIPELINE_STORES)('postings edited in place ($kind, apart from the log: $apart)', ({ kind, apart }) => {
  const s = suiteStore(kind, { apart });

  it.each([false, true])('a later version replaces the earlier one (--strict: %s)', async (strict) => {
    const { db, store } = s;
    const p = plant(randomUUID().slice(0, 8));
    const load = (text: string, name: string) => ingest(csvItems(text, name), { db, store, strict });
    await ingest(p.master, { db, store });
    expect(await load(p.v1, 'consumptions-1.csv')).toMatchObject({ accepted: 2, rejected: 0, replaced: 0 });
    expect(await qty(store, p.l1, 'CONSUMED_BY', p.op)).toBe(20);

    expect(await load(p.v2, 'consumptions-2.csv')).toMatchObject({ accepted: 1, duplicates: 1, rejected: 0, replaced: 1 });
    expect(await qty(store, p.l1, 'CONSUMED_BY', p.op)).toBe(18);

    expect(await load(p.v3, 'consumptions-3.csv')).toMatchObject({ accepted: 1, duplicates: 1, rejected: 0, replaced: 1 });
    expect(await qty(store, p.l1, 'CONSUMED_BY', p.op)).toBe(10);
    expect(await qty(store, p.l2, 'CONSUMED_BY', p.op)).toBe(8);

    expect(await load(p.twice, 'consumptions-4.csv')).toMatchObject({ accepted: 2, rejected: 0, replaced: 1 });
    expect(await qty(store, p.l2, 'CONSUMED_BY', p.op)).toBe(14);

    // every version stays in the log; the replaced ones are retracted, and their facts withdrawn
    const rows = await db.all(`SELECT status, count(*) AS n FROM ingest_log WHERE type = 'consumptions' AND source LIKE 'consumptions-%' AND batch LIKE $1 GROUP BY status ORDER BY status`, [`%${p.op}%`]);
    expect(rows.map((r) => [r.status, Number(r.n)])).toEqual([['applied', 3], ['retracted', 3]]);
    const [facts] = await db.all(`SELECT sum(qty) AS q FROM events WHERE dst = $1 AND edge = 'CONSUMED_BY'`, [p.op]);
    expect(Number(facts!.q)).toBe(24);

    // every file again, in any order: nothing changes (an old version does not come back)
    for (const [text, name] of [[p.v3, 'again-3.csv'], [p.v1, 'again-1.csv'], [p.twice, 'again-4.csv'], [p.v2, 'again-2.csv']] as const) {
      expect(await load(text, name)).toMatchObject({ accepted: 0, rejected: 0, replaced: 0 });
    }
    expect(await qty(store, p.l1, 'CONSUMED_BY', p.op)).toBe(10);
    expect(await qty(store, p.l2, 'CONSUMED_BY', p.op)).toBe(14);

    if (kind === 'embedded' && !apart) {
      const fresh = await openEmbeddedStore(await openDb(':memory:'));
      try {
        await replayLog(db, fresh);
        expect(await qty(fresh, p.l1, 'CONSUMED_BY', p.op)).toBe(10);
        expect(await qty(fresh, p.l2, 'CONSUMED_BY', p.op)).toBe(14);
      } finally {
        await fresh.close();
      }
    }
  });
});

describe.each([{ apart: false }, { apart: true }])('versions of one posting from ingests at once (embedded, apart from the log: $apart)', ({ apart }) => {
  const s = suiteStore('embedded', { apart });
  /** A plant whose posting P1 was logged once (12 kg), and more versions of it. */
  const ready = async () => {
    const { db, store } = s;
    const p = plant(randomUUID().slice(0, 8));
    await ingest(p.master, { db, store });
    const version = (q: number) => `operation,material,lot,qty,uom,consumed_at,posting\n${p.op.slice(3)},${p.l1.split(':')[1]},L1,${q},kg,2026-03-02T08:10:00Z,P1\n`;
    await ingest(csvItems(version(12), 'v1.csv'), { db, store });
    const total = async () => qty(store, p.l1, 'CONSUMED_BY', p.op);
    expect(await total()).toBe(12);
    const statuses = async () => (await db.all(`SELECT source, status FROM ingest_log WHERE type = 'consumptions' AND batch LIKE $1 ORDER BY seq`, [`%${p.op}%`])).map((r) => `${String(r.source)} ${String(r.status)}`);
    return { db, store, version, total, statuses };
  };
  /** Items that end only once `gate` opens (an input still being read). */
  async function* gated(items: AsyncIterable<ParseItem>, gate: Promise<void>): AsyncGenerator<ParseItem> {
    yield* items;
    await gate;
  }

  it('two plain ingests: one version holds, the other replaces it', async () => {
    const { db, store, version, total, statuses } = await ready();
    const [a, b] = await Promise.all([ingest(csvItems(version(10), 'v2.csv'), { db, store }), ingest(csvItems(version(7), 'v3.csv'), { db, store })]);
    expect(a.replaced + b.replaced).toBe(2);
    expect([10, 7]).toContain(await total());
    expect((await statuses()).filter((x) => x.endsWith(' applied'))).toHaveLength(1);
  });

  it.each([false, true])('a --strict run still reading its input holds back another ingest of the posting until it is kept (the other --strict: %s)', async (strict) => {
    const { db, store, version, total, statuses } = await ready();
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const first = ingest(gated(csvItems(version(10), 'v2.csv'), gate), { db, store, strict: true, chunkSize: 1 });
    await new Promise((r) => setTimeout(r, 300)); // v2 staged, the run not yet decided
    const phases: string[] = [];
    const second = ingest(csvItems(version(7), 'v3.csv'), { db, store, strict, onProgress: (e) => phases.push(e.phase) });
    await new Promise((r) => setTimeout(r, 300));
    open();
    expect(await first).toMatchObject({ accepted: 1, replaced: 1 });
    expect(await second).toMatchObject({ accepted: 1, replaced: 1 });
    expect(phases.some((x) => x.startsWith('waiting for a --strict ingest'))).toBe(true);
    expect(await total()).toBe(7);
    expect(await statuses()).toEqual(['v1.csv retracted', 'v2.csv retracted', 'v3.csv applied']);
  });
});

describe('a posting read from a list of export columns', () => {
  it('is refused, naming the empty columns, when only some are filled (else unrelated rows would share "2026//")', async () => {
    const { db, store, close } = await memoryStore();
    try {
      const p = plant(randomUUID().slice(0, 8));
      await ingest(p.master, { db, store });
      const m = checkMapping({ template: 'consumptions', columns: { posting: ['MJAHR', 'MBLNR', 'ZEILE'] } });
      const [op, mat] = [p.op.slice(3), p.l1.split(':')[1]];
      const text = `operation,material,lot,qty,uom,consumed_at,MJAHR,MBLNR,ZEILE\n${op},${mat},L1,5,kg,2026-03-02T08:10:00Z,2026,,\n${op},${mat},L2,7,kg,2026-03-02T08:20:00Z,2026,4900001,1\n${op},${mat},L2,1,kg,2026-03-02T08:30:00Z,,,\n`;
      const r = await ingest(csvItems(text, 'mb51.csv', m), { db, store });
      expect(r).toMatchObject({ accepted: 2, rejected: 1 });
      expect(r.rejects[0]).toMatchObject({ pos: { source: 'mb51.csv', line: 2, field: 'MJAHR+MBLNR+ZEILE' }, reason: 'posting is read from the columns MJAHR, MBLNR, ZEILE: fill them all, or none (MBLNR, ZEILE empty)', value: '2026//' });
      expect(await qty(store, p.l2, 'CONSUMED_BY', p.op)).toBe(8);
    } finally {
      await close();
    }
  });
});

describe.each(PIPELINE_STORES)('an export loaded before its posting was mapped ($kind, apart from the log: $apart)', ({ kind, apart }) => {
  const s = suiteStore(kind, { apart });

  it('the same rows with posting mapped are taken for the first versions: nothing counts twice, and a later edit replaces them', async () => {
    const { db, store } = s;
    const p = plant(randomUUID().slice(0, 8));
    await ingest(p.master, { db, store });
    const [op, mat] = [p.op.slice(3), p.l1.split(':')[1]];
    const text = (q: number) => `operation,material,lot,qty,uom,consumed_at,DOC\n${op},${mat},L1,${q},kg,2026-03-02T08:10:00Z,4900001/1\n${op},${mat},L1,3,kg,2026-03-02T09:10:00Z,4900001/2\n`;
    // the export as first loaded: its DOC column not mapped
    expect(await ingest(csvItems(text(5), 'mes-1.csv', checkMapping({ template: 'consumptions' })), { db, store })).toMatchObject({ accepted: 2, rejected: 0 });
    expect(await qty(store, p.l1, 'CONSUMED_BY', p.op)).toBe(8);
    const mapped = checkMapping({ template: 'consumptions', columns: { posting: 'DOC' } });
    expect(await ingest(csvItems(text(5), 'mes-1.csv', mapped), { db, store })).toMatchObject({ accepted: 2, replaced: 2, rejected: 0 });
    expect(await qty(store, p.l1, 'CONSUMED_BY', p.op)).toBe(8);
    expect(await ingest(csvItems(text(6), 'mes-2.csv', mapped), { db, store })).toMatchObject({ accepted: 1, duplicates: 1, replaced: 1 });
    expect(await qty(store, p.l1, 'CONSUMED_BY', p.op)).toBe(9);
    // the unmapped export again: its rows are the retracted first versions, duplicates
    expect(await ingest(csvItems(text(5), 'mes-1.csv', checkMapping({ template: 'consumptions' })), { db, store })).toMatchObject({ accepted: 0, duplicates: 2 });
    expect(await qty(store, p.l1, 'CONSUMED_BY', p.op)).toBe(9);
  });
});
