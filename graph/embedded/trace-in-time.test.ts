// Containment in time on the embedded store (graph/store.ts, "Containment in time"): traces and
// recalls through a reused tote, a case on a reused pallet, and edges without a time.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../analytics/db.ts';
import { containerKey, customerKey, lotKey, materialKey, operationKey, serialKey, shipmentKey } from '../keys.ts';
import type { EdgeInput } from '../model.ts';
import type { TraceResult } from '../store.ts';
import { openEmbeddedStore, type EmbeddedStore } from './index.ts';

/** A time in units of ten days (sub: sixtieths), so that CONTAINMENT_MARGIN (a day before, an hour after) moves no bound past another. */
const h = (unit: number, sub = 0): number => Date.UTC(2026, 0, 1) + (unit + sub / 60) * 10 * 86_400_000;
const A = lotKey('PASTE', 'A');
const B = lotKey('PASTE', 'B');
const D = lotKey('PASTE', 'D');
const X = serialKey('DEV', 'X');
const TOTE = containerKey('GRAI-TOTE');
const S1 = shipmentKey('S1');
const S2 = shipmentKey('S2');
const C1 = customerKey('C1');
const C2 = customerKey('C2');

/** The reused tote: A in it from 8 to 10 (S1 ships it at 9), B from 11 (S2 at 12). */
const tote: EdgeInput[] = [
  { kind: 'PACKED_INTO', from: A, to: TOTE, at: h(8), until: h(10), qty: 4 },
  { kind: 'SHIPPED_IN', from: TOTE, to: S1, at: h(9) },
  { kind: 'DELIVERED_TO', from: S1, to: C1, at: h(9, 30) },
  { kind: 'PACKED_INTO', from: B, to: TOTE, at: h(11), qty: 4 },
  { kind: 'SHIPPED_IN', from: TOTE, to: S2, at: h(12) },
  { kind: 'DELIVERED_TO', from: S2, to: C2, at: h(12, 30) },
];

const reached = (r: TraceResult): string[] => r.nodes.map((n) => n.key).sort();
const node = (r: TraceResult, key: string) => r.nodes.find((n) => n.key === key);

let db: Db;
let s: EmbeddedStore;
beforeEach(async () => {
  db = await openDb(':memory:');
  s = await openEmbeddedStore(db);
});
afterEach(async () => {
  await s.close();
  await db.close();
});

describe('embedded trace: containment in time', () => {
  it('follows a reused tote only within each packing episode, forward and backward', async () => {
    await s.upsert({ edges: tote });
    expect(reached(await s.trace({ origin: A, direction: 'forward' }))).toEqual([A, TOTE, S1, C1].sort());
    expect(reached(await s.trace({ origin: B, direction: 'forward' }))).toEqual([B, TOTE, S2, C2].sort());
    expect(reached(await s.trace({ origin: S2, direction: 'backward' }))).toEqual([S2, TOTE, B].sort());
    expect(reached(await s.trace({ origin: S1, direction: 'backward' }))).toEqual([S1, TOTE, A].sort());
    expect(reached(await s.trace({ origin: C2, direction: 'backward' }))).toEqual([C2, S2, TOTE, B].sort());
    // the tote itself (no window) reaches both shipments and, backward, both lots
    expect(reached(await s.trace({ origin: TOTE, direction: 'forward' }))).toEqual([TOTE, S1, C1, S2, C2].sort());
    expect(reached(await s.trace({ origin: TOTE, direction: 'backward' }))).toEqual([TOTE, A, B].sort());
    // the same from the delta and from the compacted CSR
    s.optimize();
    expect(reached(await s.trace({ origin: A, direction: 'forward' }))).toEqual([A, TOTE, S1, C1].sort());
    expect(reached(await s.trace({ origin: S2, direction: 'backward' }))).toEqual([S2, TOTE, B].sort());
  });

  it('keeps the windows of a case on a reused pallet nested (their intersection)', async () => {
    const CASE = containerKey('CASE-1');
    const CASE2 = containerKey('CASE-2');
    const PAL = containerKey('PAL-1');
    const S3 = shipmentKey('S3');
    const S4 = shipmentKey('S4');
    await s.upsert({ edges: [
      { kind: 'PACKED_INTO', from: X, to: CASE, at: h(8), until: h(9, 15) },
      { kind: 'PACKED_INTO', from: CASE, to: PAL, at: h(9), until: h(10) },
      { kind: 'SHIPPED_IN', from: PAL, to: S3, at: h(9, 30) },
      { kind: 'PACKED_INTO', from: CASE2, to: PAL, at: h(11) },
      { kind: 'SHIPPED_IN', from: PAL, to: S4, at: h(12) },
    ] });
    // X left the case (at 9 1/4) before the pallet shipped (9 1/2): the case did ship in S3, X did not
    expect(reached(await s.trace({ origin: X, direction: 'forward' }))).toEqual([X, CASE, PAL].sort());
    expect(reached(await s.trace({ origin: CASE, direction: 'forward' }))).toEqual([CASE, PAL, S3].sort());
    expect(reached(await s.trace({ origin: S3, direction: 'backward' }))).toEqual([S3, PAL, CASE].sort());
    expect(reached(await s.trace({ origin: S4, direction: 'backward' }))).toEqual([S4, PAL, CASE2].sort());
    // X still in the case when the pallet ships: reached
    await s.upsert({ edges: [{ kind: 'PACKED_INTO', from: X, to: CASE, at: h(8), until: h(9, 45) }] });
    expect(reached(await s.trace({ origin: X, direction: 'forward' }))).toEqual([X, CASE, PAL, S3].sort());
    expect(reached(await s.trace({ origin: S3, direction: 'backward' }))).toEqual([S3, PAL, CASE, X].sort());
  });

  it('reads a missing at or until as unbounded on that side (the safe side)', async () => {
    const BIN = containerKey('BIN');
    const early = shipmentKey('EARLY');
    const late = shipmentKey('LATE');
    const untimed = shipmentKey('UNTIMED');
    await s.upsert({ edges: [
      { kind: 'PACKED_INTO', from: A, to: BIN, until: h(10) },
      { kind: 'PACKED_INTO', from: B, to: BIN, at: h(11) },
      { kind: 'PACKED_INTO', from: D, to: BIN },
      { kind: 'SHIPPED_IN', from: BIN, to: early, at: h(5) },
      { kind: 'SHIPPED_IN', from: BIN, to: late, at: h(12) },
      { kind: 'SHIPPED_IN', from: BIN, to: untimed },
    ] });
    expect(reached(await s.trace({ origin: A, direction: 'forward' }))).toEqual([A, BIN, early, untimed].sort());
    expect(reached(await s.trace({ origin: B, direction: 'forward' }))).toEqual([B, BIN, late, untimed].sort());
    expect(reached(await s.trace({ origin: D, direction: 'forward' }))).toEqual([D, BIN, early, late, untimed].sort());
    expect(reached(await s.trace({ origin: early, direction: 'backward' }))).toEqual([early, BIN, A, D].sort());
    expect(reached(await s.trace({ origin: late, direction: 'backward' }))).toEqual([late, BIN, B, D].sort());
    expect(reached(await s.trace({ origin: untimed, direction: 'backward' }))).toEqual([untimed, BIN, A, B, D].sort());
  });

  it('reports a node at its first discovery: depth of the state found, parent and edge of that step', async () => {
    const OP = operationKey('MIX-1');
    const M = lotKey('MIX', 'M');
    await s.upsert({ edges: [
      ...tote,
      { kind: 'CONSUMED_BY', from: A, to: OP, at: h(7) },
      { kind: 'PRODUCED', from: OP, to: M, at: h(7, 30) },
      { kind: 'PACKED_INTO', from: M, to: TOTE, at: h(11) },
    ] });
    // A -> TOTE [08,10] (depth 1) -> S1; A -> OP -> M -> TOTE [11,+inf) (depth 3, a second window) -> S2 (depth 4)
    const r = await s.trace({ origin: A, direction: 'forward' });
    expect(r.nodes.map((n) => [n.key, n.depth, n.parent, n.edge])).toEqual([
      [A, 0, null, null],
      [TOTE, 1, A, 'PACKED_INTO'],
      [OP, 1, A, 'CONSUMED_BY'],
      [S1, 2, TOTE, 'SHIPPED_IN'],
      [M, 2, OP, 'PRODUCED'],
      [C1, 3, S1, 'DELIVERED_TO'],
      [S2, 4, TOTE, 'SHIPPED_IN'],
      [C2, 5, S2, 'DELIVERED_TO'],
    ]);
    // maxDepth counts hops of the state: the second window is at depth 3, its shipment at 4
    expect(reached(await s.trace({ origin: A, direction: 'forward', maxDepth: 3 }))).toEqual([A, TOTE, OP, S1, M, C1].sort());
    // limit counts nodes, not states
    const capped = await s.trace({ origin: A, direction: 'forward', limit: 7 });
    expect(capped.truncated).toBe(true);
    expect(capped.nodes.map((n) => n.key)).toEqual([A, TOTE, OP, S1, M, C1, S2]);
    expect(node(await s.trace({ origin: A, direction: 'forward', kinds: ['Shipment'] }), S2)).toMatchObject({ depth: 4, parent: TOTE });
  });

  it('applies windows and asOf together; paths and neighbourhoods apply no windows', async () => {
    await s.upsert({ edges: tote });
    expect(reached(await s.trace({ origin: A, direction: 'forward', asOf: h(13) }))).toEqual([A, TOTE, S1, C1].sort());
    expect(reached(await s.trace({ origin: A, direction: 'forward', asOf: h(9, 10) }))).toEqual([A, TOTE, S1].sort());
    expect(reached(await s.trace({ origin: S1, direction: 'backward', asOf: h(13) }))).toEqual([S1, TOTE, A].sort());
    expect(reached(await s.trace({ origin: TOTE, direction: 'backward', asOf: h(10, 30) }))).toEqual([TOTE, A].sort());
    expect((await s.path(A, S2))?.nodes.map((n) => n.key)).toEqual([A, TOTE, S2]);
    expect((await s.neighbourhood(A, { hops: 2, direction: 'forward' })).nodes.map((n) => n.key).sort()).toEqual([A, TOTE, S1, S2].sort());
  });

  it('recalls through the tote in time: the shipments of its episode only', async () => {
    await s.upsert({ nodes: [{ kind: 'Material', key: materialKey('DEV'), props: { category: 'finished' } }], edges: [
      ...tote,
      { kind: 'PACKED_INTO', from: X, to: TOTE, at: h(8), until: h(10) },
      // D in the tote after both shipments, never shipped again
      { kind: 'PACKED_INTO', from: D, to: TOTE, at: h(13), until: h(14), qty: 4 },
    ] });
    const r = await s.recallImpact({ suspects: [A] });
    expect(r.shipments.map((x) => x.key)).toEqual([S1]);
    expect(r.customers.map((x) => x.key)).toEqual([C1]);
    const x = await s.recallImpact({ suspects: [X] });
    expect(x.serials).toMatchObject([{ key: X, status: 'shipped', shipments: [S1] }]);
    const d = await s.recallImpact({ suspects: [D] });
    expect(d.shipments).toEqual([]);
    expect(d.finishedLots).toMatchObject([{ key: D, shippedQuantity: 0, status: 'in-stock' }]);
  });
});
