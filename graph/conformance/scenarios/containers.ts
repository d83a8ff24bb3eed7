/** Containers: serials packed into a case, the case onto a pallet, the pallet shipped, the shipment delivered. */
import { describe, expect } from 'vitest';
import { containerKey, customerKey, materialKey, serialKey, shipmentKey } from '../../keys.ts';
import { depths, expectWellFormed, keys } from '../checks.ts';
import { ms, runPrefix } from '../fixtures.ts';
import { scenarioIt, usePlant, useStore, type Suite } from '../suite.ts';

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

  describe('serialised cases', () => {
    const h = useStore(suite);

    // A case identified by an SGTIN: what is packed into it goes into the case's Container, which is
    // PACKED_INTO the case's Serial; the case ships as that Serial.
    // UNIT -PACKED_INTO-> BOX -PACKED_INTO-> CASE (Serial) -SHIPPED_IN-> SHP -DELIVERED_TO-> CUST
    it('a serial packed into a serialised case ships with the case', async () => {
      const s = h.get();
      const p = runPrefix();
      const unit = serialKey(`${p}-DEV`, 'U1');
      const box = containerKey(`${p}-CASE-C1`);
      const kase = serialKey(`${p}-CASE`, 'C1');
      const shp = shipmentKey(`${p}-SHP`);
      const cust = customerKey(`${p}-CUST`);
      await s.upsert({
        nodes: [{ kind: 'Customer', key: cust, props: { name: 'Case Clinic' } }],
        edges: [
          { kind: 'OF_MATERIAL', from: unit, to: materialKey(`${p}-DEV`) },
          { kind: 'OF_MATERIAL', from: kase, to: materialKey(`${p}-CASE`) },
          { kind: 'PACKED_INTO', from: unit, to: box, at: ms(3, 8) },
          { kind: 'PACKED_INTO', from: box, to: kase, at: ms(3, 8) },
          { kind: 'SHIPPED_IN', from: kase, to: shp, at: ms(4, 8) },
          { kind: 'DELIVERED_TO', from: shp, to: cust, at: ms(4, 8) },
        ],
      });
      const r = await s.trace({ origin: unit, direction: 'forward' });
      expect(depths(r)).toEqual({ [unit]: 0, [box]: 1, [kase]: 2, [shp]: 3, [cust]: 4 });
      expect(r.nodes.map((n) => n.edge)).toEqual([null, 'PACKED_INTO', 'PACKED_INTO', 'SHIPPED_IN', 'DELIVERED_TO']);
      const back = await s.trace({ origin: cust, direction: 'backward' });
      expect(depths(back)).toEqual({ [cust]: 0, [shp]: 1, [kase]: 2, [box]: 3, [unit]: 4 });
      const impact = await s.recallImpact({ suspects: [unit] });
      expect(keys(impact.shipments)).toEqual([shp]);
      expect(keys(impact.customers)).toEqual([cust]);
      // the case carries the unit to its shipment; it is not itself counted as a recalled unit
      expect(impact.serials.map((x) => [x.key, x.status, x.shipments])).toEqual([[unit, 'shipped', [shp]]]);
      expect(impact.totals).toMatchObject({ serials: 1, serialsShipped: 1, serialsInStock: 0, shipments: 1, customers: 1 });
      // recalled by itself, the case is the suspect serial
      const byCase = await s.recallImpact({ suspects: [kase] });
      expect(byCase.serials.map((x) => x.key)).toEqual([kase]);
      expect(keys(byCase.customers)).toEqual([cust]);
    });

    // A device that its components are also aggregated into is a product, not a case: its
    // assembly PRODUCED it. COMP -CONSUMED_BY-> ASSY -PRODUCED-> DEV; COMP -PACKED_INTO-> DEVBOX
    // -PACKED_INTO-> DEV; DEV -SHIPPED_IN-> SHP -DELIVERED_TO-> CUST
    it('a serial that is produced and also packed into is counted as a recalled unit', async () => {
      const s = h.get();
      const p = runPrefix();
      const comp = serialKey(`${p}-COMP`, 'C1');
      const dev = serialKey(`${p}-DEV`, 'D1');
      const box = containerKey(`${p}-DEV-D1`);
      const op = `op:${p}-ASSY`;
      const shp = shipmentKey(`${p}-SHP`);
      const cust = customerKey(`${p}-CUST`);
      await s.upsert({
        edges: [
          { kind: 'OF_MATERIAL', from: comp, to: materialKey(`${p}-COMP`) },
          { kind: 'OF_MATERIAL', from: dev, to: materialKey(`${p}-DEV`) },
          { kind: 'CONSUMED_BY', from: comp, to: op, at: ms(3, 8) },
          { kind: 'PRODUCED', from: op, to: dev, at: ms(3, 9) },
          { kind: 'PACKED_INTO', from: comp, to: box, at: ms(3, 9) },
          { kind: 'PACKED_INTO', from: box, to: dev, at: ms(3, 9) },
          { kind: 'SHIPPED_IN', from: dev, to: shp, at: ms(4, 8) },
          { kind: 'DELIVERED_TO', from: shp, to: cust, at: ms(4, 8) },
        ],
      });
      const impact = await s.recallImpact({ suspects: [comp] });
      expect(impact.serials.map((x) => [x.key, x.status])).toEqual([[dev, 'shipped']]);
      expect(keys(impact.customers)).toEqual([cust]);
    });
  });
}
