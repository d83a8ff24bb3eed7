/** Recall impact from an equipment in a time window and from a supplier in a date window. */
import { describe, expect } from 'vitest';
import { keys } from '../checks.ts';
import { T } from '../fixtures.ts';
import { scenarioIt, usePlant, type Suite } from '../suite.ts';
import { byKey, lot } from './recall-suspects.ts';

/** Registers the window recall scenarios. */
export function recallWindowScenarios(suite: Suite): void {
  const it = scenarioIt(suite);
  describe('recall impact from windows', () => {
    const h = usePlant(suite);
    const { fx } = h;
    const { k } = fx;

    // PRESS1 was USED_IN MOLD1 at 03T08 and MOLD2 at 12T08. Window 01..05 -> MOLD1 only:
    // MOLD1 0 | H1 1 | ASSY1 2, ASSY2 2 | D1 3, D2 3 | ... 17 nodes; finished D1, D2 (not D3).
    it('equipment window picks the operations that used it inside the window', async () => {
      const r = await h.get().recallImpact({ equipment: { id: k.press1, from: T(1, 0), to: T(5, 0) } });
      expect(keys(r.suspects)).toEqual([k.mold1]);
      expect(r.totals).toEqual({ finishedLots: 2, serials: 4, serialsShipped: 3, serialsInStock: 1, shipments: 2, customers: 2, operations: 4, nodesReached: 17 });
      expect(byKey(r.finishedLots)).toEqual(byKey([
        lot(fx, k.d1, 'D1', { depth: 3, quantity: 3, uom: 'ea', shippedQuantity: 3, inStockQuantity: 0, status: 'shipped', via: k.mold1 }),
        lot(fx, k.d2, 'D2', { depth: 3, quantity: 5, uom: 'ea', shippedQuantity: 2, inStockQuantity: 3, status: 'partially-shipped', via: k.mold1 }),
      ]));
      expect(r.consumptions).toEqual([]);
    });

    // Window 12T00..12T23 -> MOLD2 only: MOLD2 0 | H2 1 | ASSY3 2 | D3 3. D3 has no props.quantity:
    // its quantity comes from what produced it (4 ea); nothing shipped.
    it('equipment window excludes uses outside it', async () => {
      const r = await h.get().recallImpact({ equipment: { id: k.press1, from: T(12, 0), to: T(12, 23) } });
      expect(keys(r.suspects)).toEqual([k.mold2]);
      expect(r.finishedLots).toEqual([
        lot(fx, k.d3, 'D3', { depth: 3, quantity: 4, uom: 'ea', shippedQuantity: 0, inStockQuantity: 4, status: 'in-stock', via: k.mold2 }),
      ]);
      expect(r.totals).toEqual({ finishedLots: 1, serials: 0, serialsShipped: 0, serialsInStock: 0, shipments: 0, customers: 0, operations: 2, nodesReached: 4 });
    });

    // Whole month -> MOLD1 and MOLD2 -> D1, D2, D3. Boundaries are inclusive: [03T08, 03T08] -> MOLD1.
    // LINE1 whole month -> SMT1 -> D1 only. A window with no use -> an empty impact (not an error).
    it('equipment windows: wide, inclusive bounds, other equipment, empty', async () => {
      const s = h.get();
      const wide = await s.recallImpact({ equipment: { id: k.press1, from: T(1, 0), to: T(31, 0) } });
      expect(keys(wide.suspects)).toEqual([k.mold1, k.mold2].sort());
      expect(keys(wide.finishedLots)).toEqual([k.d1, k.d2, k.d3].sort());
      const exact = await s.recallImpact({ equipment: { id: k.press1, from: T(3, 8), to: T(3, 8) } });
      expect(keys(exact.suspects)).toEqual([k.mold1]);
      const line = await s.recallImpact({ equipment: { id: k.line1, from: T(1, 0), to: T(31, 0) } });
      expect(keys(line.suspects)).toEqual([k.smt1]);
      expect(keys(line.finishedLots)).toEqual([k.d1]);
      const none = await s.recallImpact({ equipment: { id: k.press1, from: T(20, 0), to: T(21, 0) } });
      expect(none.suspects).toEqual([]);
      expect(none.finishedLots).toEqual([]);
      expect(none.totals).toEqual({ finishedLots: 0, serials: 0, serialsShipped: 0, serialsInStock: 0, shipments: 0, customers: 0, operations: 0, nodesReached: 0 });
      // asOf 10T00 hides the MOLD2 use (12T08) even though the window covers it.
      const before = await s.recallImpact({ equipment: { id: k.press1, from: T(1, 0), to: T(31, 0) }, asOf: T(10, 0) });
      expect(keys(before.suspects)).toEqual([k.mold1]);
    });

    // SUP-A SUPPLIED RESIN/L1 at 01T08 and RESIN/L2 at 10T08. Window 01..02 -> RESIN/L1 -> D1, D2 (depth 4).
    it('supplier window picks the lots supplied inside the window', async () => {
      const r = await h.get().recallImpact({ supplier: { id: k.supA, from: '2026-03-01', to: '2026-03-02' } });
      expect(keys(r.suspects)).toEqual([k.resinL1]);
      expect(r.totals).toMatchObject({ finishedLots: 2, serials: 4, shipments: 2, customers: 2, nodesReached: 18 });
      expect(keys(r.finishedLots)).toEqual([k.d1, k.d2].sort());
      expect(r.consumptions).toEqual([{ suspect: k.resinL1, operation: k.mold1, qty: 20, uom: 'kg' }]);
    });

    // Whole month -> RESIN/L1 and RESIN/L2 -> D1, D2 (4 from RESIN/L1), D3 (4 from RESIN/L2: MOLD2 1, H2 2, ASSY3 3).
    // 05..09 -> nothing supplied -> empty. SUP-B -> PCB/L1 -> D1. A window plus a suspect: their union.
    it('supplier windows: wide, empty, other supplier, combined with suspects', async () => {
      const s = h.get();
      const wide = await s.recallImpact({ supplier: { id: k.supA, from: T(1, 0), to: T(31, 0) } });
      expect(keys(wide.suspects)).toEqual([k.resinL1, k.resinL2].sort());
      expect(byKey(wide.finishedLots).map((l) => [l.key, l.depth, l.via])).toEqual(
        byKey([{ key: k.d1, via: k.resinL1 }, { key: k.d2, via: k.resinL1 }, { key: k.d3, via: k.resinL2 }]).map((l) => [l.key, 4, l.via]),
      );
      // asOf 05T00 hides the RESIN/L2 delivery (10T08) even though the window covers it.
      const early = await s.recallImpact({ supplier: { id: k.supA, from: T(1, 0), to: T(31, 0) }, asOf: T(5, 0) });
      expect(keys(early.suspects)).toEqual([k.resinL1]);
      const none = await s.recallImpact({ supplier: { id: k.supA, from: T(5, 0), to: T(9, 0) } });
      expect(none.suspects).toEqual([]);
      expect(none.totals.nodesReached).toBe(0);
      const b = await s.recallImpact({ supplier: { id: k.supB, from: T(1, 0), to: T(31, 0) } });
      expect(keys(b.suspects)).toEqual([k.pcbL1]);
      expect(keys(b.finishedLots)).toEqual([k.d1]);
      const both = await s.recallImpact({ suspects: [k.resinL2], supplier: { id: k.supB, from: T(1, 0), to: T(31, 0) } });
      expect(keys(both.suspects)).toEqual([k.resinL2, k.pcbL1].sort());
      expect(keys(both.finishedLots)).toEqual([k.d1, k.d3].sort());
    });
  });
}
