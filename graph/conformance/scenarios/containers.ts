/** Containers: serials packed into a case, the case onto a pallet, the pallet shipped, the shipment delivered. */
import { describe, expect } from 'vitest';
import { depths, expectWellFormed, keys } from '../checks.ts';
import { ms } from '../fixtures.ts';
import { scenarioIt, usePlant, type Suite } from '../suite.ts';

/** Registers the container scenarios. */
export function containerScenarios(suite: Suite): void {
  const it = scenarioIt(suite);
  describe('containers', () => {
    const h = usePlant(suite);
    const { k } = h.fx;

    // SN1 -PACKED_INTO-> CASE1 -PACKED_INTO-> PAL1 -SHIPPED_IN-> SHP1 -DELIVERED_TO-> CUST1
    // Forward from SN1: SN1 0 | CASE1 1 | PAL1 2 | SHP1 3 | CUST1 4
    it('forward from a packed serial reaches its customer through case and pallet', async () => {
      const r = await h.get().trace({ origin: k.s1, direction: 'forward' });
      expect(depths(r)).toEqual({ [k.s1]: 0, [k.case1]: 1, [k.pal1]: 2, [k.shp1]: 3, [k.cust1]: 4 });
      expect(r.nodes.map((n) => n.edge)).toEqual([null, 'PACKED_INTO', 'PACKED_INTO', 'SHIPPED_IN', 'DELIVERED_TO']);
      expectWellFormed(r, h.fx);
    });

    // Backward from CUST1, 4 hops: CUST1 0 | SHP1 1 | PAL1 2 | CASE1 3 | SN1 4, SN2 4
    it('backward from a customer unpacks pallet and case to the serials', async () => {
      const r = await h.get().trace({ origin: k.cust1, direction: 'backward', maxDepth: 4 });
      expect(depths(r)).toEqual({ [k.cust1]: 0, [k.shp1]: 1, [k.pal1]: 2, [k.case1]: 3, [k.s1]: 4, [k.s2]: 4 });
      expect(r.truncated).toBe(false);
      expectWellFormed(r, h.fx);
    });

    // Backward from SHP2, lots only: SHP2 0 | D2 1 (shipped as a lot) | D1 2 (via SN3) | H1 3 (via ASSY2)
    //   | B1 4 (via ASSY1) | RESIN/L1 5 (via MOLD1) | PCB/L1 6 (via SMT1)
    it('backward from a shipment finds lots shipped directly and through serials', async () => {
      const r = await h.get().trace({ origin: k.shp2, direction: 'backward', kinds: ['Lot'] });
      expect(depths(r)).toEqual({ [k.shp2]: 0, [k.d2]: 1, [k.d1]: 2, [k.h1]: 3, [k.b1]: 4, [k.resinL1]: 5, [k.pcbL1]: 6 });
      expectWellFormed(r, h.fx);
    });

    // Recall of SN1: it ships inside CASE1 on PAL1 in SHP1 to CUST1. Recall of SN4: packed nowhere, in stock.
    it('recall of a serial sees shipment through its containers', async () => {
      const s = h.get();
      const r = await s.recallImpact({ suspects: [k.s1] });
      expect(r.serials).toEqual([{ key: k.s1, material: `${h.fx.p}-DEVICE`, serialNumber: `${h.fx.p}-SN1`, lot: k.d1, depth: 0, status: 'shipped', shipments: [k.shp1] }]);
      expect(r.shipments).toEqual([{ key: k.shp1, at: ms(8, 8), customers: [k.cust1] }]);
      expect(r.customers).toEqual([{ key: k.cust1, name: 'Clinic One', shipments: 1 }]);
      expect(r.finishedLots).toEqual([]);
      const q = await s.recallImpact({ suspects: [k.s4] });
      expect(q.serials).toEqual([{ key: k.s4, material: `${h.fx.p}-DEVICE`, serialNumber: `${h.fx.p}-SN4`, lot: k.d2, depth: 0, status: 'in-stock', shipments: [] }]);
      expect(q.totals).toMatchObject({ serials: 1, serialsShipped: 0, serialsInStock: 1, shipments: 0, customers: 0 });
    });

    // Recall of CASE1 (a container suspect): CASE1 0 | PAL1 1 | SHP1 2 | CUST1 3 — no lots or serials downstream.
    it('recall of a container reaches its shipment and customer', async () => {
      const r = await h.get().recallImpact({ suspects: [k.case1] });
      expect(keys(r.suspects)).toEqual([k.case1]);
      expect(keys(r.shipments)).toEqual([k.shp1]);
      expect(keys(r.customers)).toEqual([k.cust1]);
      expect(r.totals).toMatchObject({ finishedLots: 0, serials: 0, shipments: 1, customers: 1, nodesReached: 4 });
    });
  });
}
