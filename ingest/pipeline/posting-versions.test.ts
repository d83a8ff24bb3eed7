// An ERP row edited in place: a CSV row with the export's own posting id (`posting`) replaces the
// version of that posting logged before (its quantity no longer counts, its edges go unless asserted
// again), in a later file or the same one, on every store and in a --strict run; sent again,
// nothing changes; a rebuild gives the same totals. The two variants of each store share one log with
// the same posting numbers in other operations: a posting is scoped by its operation, so they never meet.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../analytics/db.ts';
import { openEmbeddedStore } from '../../graph/embedded/index.ts';
import type { GraphStore } from '../../graph/store.ts';
import { ingest } from './pipeline.ts';
import { replayLog } from './replay.ts';
import { concat, csvItems, PIPELINE_STORES, suiteStore } from './test-kit.ts';

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
