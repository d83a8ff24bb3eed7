import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../analytics/db.ts';
import { equipmentKey, lotKey, materialKey, operationKey, serialKey, shipmentKey, customerKey, containerKey } from '../keys.ts';
import type { Batch } from '../model.ts';
import { openEmbeddedStore } from './index.ts';

const RAW = lotKey('RESIN-1', 'R100');
const OP = operationKey('WO-1/10');
const FIN = lotKey('PUMP', 'F1');
const S1 = serialKey('PUMP', 'S1');
const S2 = serialKey('PUMP', 'S2');
const CASE = containerKey('000000000000000017');
const SHIP = shipmentKey('SH-1');

function plant(): Batch {
  return {
    nodes: [
      { kind: 'Material', key: materialKey('PUMP'), props: { category: 'finished' } },
      { kind: 'Lot', key: FIN, ids: ['F1'], props: { quantity: 2, uom: 'EA' } },
      { kind: 'Customer', key: customerKey('C1'), props: { name: 'Clinic' } },
    ],
    edges: [
      { kind: 'CONSUMED_BY', from: RAW, to: OP, at: '2026-01-02T00:00:00Z', qty: 5, uom: 'kg' },
      { kind: 'USED_IN', from: equipmentKey('PRESS-1'), to: OP, at: '2026-01-02T00:00:00Z' },
      { kind: 'PRODUCED', from: OP, to: FIN, at: '2026-01-03T00:00:00Z', qty: 2 },
      { kind: 'HAS_UNIT', from: FIN, to: S1 },
      { kind: 'HAS_UNIT', from: FIN, to: S2 },
      { kind: 'PACKED_INTO', from: S1, to: CASE, at: '2026-01-04T00:00:00Z' },
      { kind: 'SHIPPED_IN', from: CASE, to: SHIP, at: '2026-01-05T00:00:00Z' },
      { kind: 'DELIVERED_TO', from: SHIP, to: customerKey('C1'), at: '2026-01-06T00:00:00Z' },
    ],
  };
}

const dirs: string[] = [];
const dbs: Db[] = [];
afterEach(async () => {
  for (const d of dbs.splice(0)) await d.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function fileDb(dir?: string) {
  const d = dir ?? mkdtempSync(join(tmpdir(), 'lg-emb-'));
  if (!dir) dirs.push(d);
  const db = await openDb(join(d, 'lotgraph.duckdb'));
  return { d, db };
}

describe('embedded store', () => {
  it('rebuilds the same index from the database file after a restart', async () => {
    const { d, db } = await fileDb();
    const s = await openEmbeddedStore(db);
    const first = await s.upsert(plant());
    expect(first.edgesCreated).toBe(8);
    await s.upsert({ removeEdges: [{ kind: 'HAS_UNIT', from: FIN, to: S2 }] });
    const before = await s.trace({ origin: RAW, direction: 'forward' });
    const stats = await s.stats();
    await db.close();
    const { db: db2 } = await fileDb(d);
    dbs.push(db2);
    const s2 = await openEmbeddedStore(db2);
    expect(await s2.stats()).toEqual(stats);
    const after = await s2.trace({ origin: RAW, direction: 'forward' });
    expect(after.nodes.map((n) => [n.key, n.depth])).toEqual(before.nodes.map((n) => [n.key, n.depth]));
    expect(after.nodes.map((n) => n.key)).not.toContain(S2);
    expect(await s2.upsert(plant())).toMatchObject({ edgesCreated: 1, nodesCreated: 0, edgesUpdated: 0 });
  });

  it('keeps answering correctly across delta writes and compaction', async () => {
    const db = await openDb(':memory:');
    dbs.push(db);
    const s = await openEmbeddedStore(db);
    await s.upsert(plant());
    s.optimize();
    const extra = serialKey('PUMP', 'S3');
    await s.upsert({ edges: [{ kind: 'HAS_UNIT', from: FIN, to: extra }] });
    const fromDelta = await s.trace({ origin: RAW, direction: 'forward' });
    expect(fromDelta.nodes.find((n) => n.key === extra)).toMatchObject({ depth: 3, parent: FIN, edge: 'HAS_UNIT' });
    s.optimize();
    const compacted = await s.trace({ origin: RAW, direction: 'forward' });
    expect(compacted.nodes).toEqual(fromDelta.nodes);
    const back = await s.trace({ origin: extra, direction: 'backward' });
    expect(back.nodes.map((n) => n.key).sort()).toEqual([RAW, OP, FIN, extra, equipmentKey('PRESS-1')].sort());
  });

  it('summarises a recall with shipped and in-stock serials', async () => {
    const db = await openDb(':memory:');
    dbs.push(db);
    const s = await openEmbeddedStore(db);
    await s.upsert(plant());
    const r = await s.recallImpact({ suspects: [RAW] });
    expect(r.totals).toMatchObject({ finishedLots: 1, serials: 2, serialsShipped: 1, serialsInStock: 1, shipments: 1, customers: 1 });
    expect(r.finishedLots[0]).toMatchObject({ key: FIN, quantity: 2, shippedQuantity: 1, inStockQuantity: 1, status: 'partially-shipped', via: RAW });
    expect(r.consumptions).toEqual([{ suspect: RAW, operation: OP, qty: 5, uom: 'kg' }]);
    const byEq = await s.recallImpact({ equipment: { id: equipmentKey('PRESS-1'), from: '2026-01-01', to: '2026-01-02T00:00:00Z' } });
    expect(byEq.suspects.map((x) => x.key)).toEqual([OP]);
    const outside = await s.recallImpact({ equipment: { id: equipmentKey('PRESS-1'), from: '2026-02-01', to: '2026-03-01' } });
    expect(outside.totals.nodesReached).toBe(0);
  });

  it('answers the timed origins of each key, earliest first (live edges only), for the ingest time-order check', async () => {
    const { db } = await fileDb();
    dbs.push(db);
    const s = await openEmbeddedStore(db);
    const OP2 = operationKey('WO-2/10');
    await s.upsert(plant());
    await s.upsert({ edges: [
      { kind: 'SUPPLIED', from: 'supplier:SUP-1', to: RAW, at: '2026-01-01T00:00:00Z' },
      { kind: 'PRODUCED', from: OP2, to: FIN, at: '2026-01-02T12:00:00Z' },
      { kind: 'PRODUCED', from: OP2, to: S2 },
    ] });
    const kinds = ['SUPPLIED', 'PRODUCED'] as const;
    const got = s.originsIn([RAW, FIN, S1, S2, 'lot:NOPE:1'], kinds);
    expect(Object.fromEntries(got)).toEqual({
      [RAW]: [{ at: Date.parse('2026-01-01T00:00:00Z'), from: 'supplier:SUP-1' }],
      [FIN]: [{ at: Date.parse('2026-01-02T12:00:00Z'), from: OP2 }, { at: Date.parse('2026-01-03T00:00:00Z'), from: OP }],
    });
    await s.upsert({ removeEdges: [{ kind: 'PRODUCED', from: OP2, to: FIN }] });
    expect(s.originsIn([FIN], kinds).get(FIN)).toEqual([{ at: Date.parse('2026-01-03T00:00:00Z'), from: OP }]);
    expect(s.originsIn([FIN], ['SUPPLIED']).size).toBe(0);
    // a rework (RWK consumes S1 and makes it again) is skipped with exceptRework, and only then
    const RWK = operationKey('RWK-1');
    await s.upsert({ edges: [
      { kind: 'PRODUCED', from: OP, to: S1, at: '2026-01-03T00:00:00Z' },
      { kind: 'CONSUMED_BY', from: S1, to: RWK, at: '2026-01-02T06:00:00Z' },
      { kind: 'PRODUCED', from: RWK, to: S1, at: '2026-01-02T08:00:00Z' },
    ] });
    expect(s.originsIn([S1], kinds).get(S1)).toEqual([{ at: Date.parse('2026-01-02T08:00:00Z'), from: RWK }, { at: Date.parse('2026-01-03T00:00:00Z'), from: OP }]);
    expect(s.originsIn([S1], kinds, { exceptRework: true }).get(S1)).toEqual([{ at: Date.parse('2026-01-03T00:00:00Z'), from: OP }]);
    await s.upsert({ removeEdges: [{ kind: 'CONSUMED_BY', from: S1, to: RWK }] });
    expect(s.originsIn([S1], kinds, { exceptRework: true }).get(S1)).toEqual([{ at: Date.parse('2026-01-02T08:00:00Z'), from: RWK }, { at: Date.parse('2026-01-03T00:00:00Z'), from: OP }]);
  });
});
