/** Recall impact from suspect lots and serials: finished lots, serials, stock, shipments, customers, quantities. */
import { describe, expect } from 'vitest';
import type { AffectedLot, AffectedSerial, RecallImpact } from '../../store.ts';
import { keys } from '../checks.ts';
import { ms, type Plant } from '../fixtures.ts';
import { scenarioIt, usePlant, type Suite } from '../suite.ts';

/** Copies sorted by key, so the comparison does not depend on an adapter's order. */
export const byKey = <X extends { key: string }>(xs: readonly X[]): X[] => [...xs].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

/** An expected affected lot of the plant, with the fields every case shares filled in. */
export function lot(fx: Plant, key: string, lotNumber: string, o: Omit<AffectedLot, 'key' | 'material' | 'lotNumber'>): AffectedLot {
  return { key, material: `${fx.p}-DEVICE`, lotNumber: `${fx.p}-${lotNumber}`, ...o };
}

/** An expected affected serial of the plant. */
export function serial(fx: Plant, key: string, sn: string, o: Omit<AffectedSerial, 'key' | 'material' | 'serialNumber'>): AffectedSerial {
  return { key, material: `${fx.p}-DEVICE`, serialNumber: `${fx.p}-${sn}`, ...o };
}

/** The recall summary in key order (lists sorted), for exact comparison. */
export function normal(r: RecallImpact) {
  return {
    finishedLots: byKey(r.finishedLots),
    serials: byKey(r.serials).map((s) => ({ ...s, shipments: [...s.shipments].sort() })),
    shipments: byKey(r.shipments).map((s) => ({ ...s, customers: [...s.customers].sort() })),
    customers: byKey(r.customers),
  };
}

/** Registers the recall-by-suspect scenarios. */
export function recallSuspectScenarios(suite: Suite): void {
  const it = scenarioIt(suite);
  describe('recall impact from suspects', () => {
    const h = usePlant(suite);
    const { fx } = h;
    const { k, p } = fx;

    // Suspect RESIN/L1; forward it reaches (depth): MOLD1 1, H1 2, ASSY1 3, ASSY2 3, D1 4, D2 4, SN1-4 5, SHP2 5,
    // CASE1 6, RWK1 6, CUST2 6, PAL1 7, SHP1 8, CUST1 9 = 18 nodes with the suspect; operations MOLD1 ASSY1 ASSY2 RWK1.
    // D1 (qty 3): SN1, SN2 ship in CASE1/PAL1/SHP1, SN3 ships in SHP2 -> 3 shipped, 0 in stock, 'shipped'.
    // D2 (qty 5): 2 ea shipped in SHP2 as a lot, SN4 not shipped -> 2 shipped, 3 in stock, 'partially-shipped'.
    // Shipments: SHP1 (at 08T08, CUST1), SHP2 (at 08T09, CUST2). MOLD1 consumed 20 kg of the suspect.
    it('summarises a raw lot recall exactly', async () => {
      const r = await h.get().recallImpact({ suspects: [k.resinL1] });
      expect(keys(r.suspects)).toEqual([k.resinL1]);
      expect(r.truncated).toBe(false);
      expect(r.totals).toEqual({ finishedLots: 2, serials: 4, serialsShipped: 3, serialsInStock: 1, shipments: 2, customers: 2, operations: 4, nodesReached: 18 });
      expect(normal(r)).toEqual({
        finishedLots: byKey([
          lot(fx, k.d1, 'D1', { depth: 4, quantity: 3, uom: 'ea', shippedQuantity: 3, inStockQuantity: 0, status: 'shipped', via: k.resinL1 }),
          lot(fx, k.d2, 'D2', { depth: 4, quantity: 5, uom: 'ea', shippedQuantity: 2, inStockQuantity: 3, status: 'partially-shipped', via: k.resinL1 }),
        ]),
        serials: byKey([
          serial(fx, k.s1, 'SN1', { lot: k.d1, depth: 5, status: 'shipped', shipments: [k.shp1] }),
          serial(fx, k.s2, 'SN2', { lot: k.d1, depth: 5, status: 'shipped', shipments: [k.shp1] }),
          serial(fx, k.s3, 'SN3', { lot: k.d1, depth: 5, status: 'shipped', shipments: [k.shp2] }),
          serial(fx, k.s4, 'SN4', { lot: k.d2, depth: 5, status: 'in-stock', shipments: [] }),
        ]),
        shipments: byKey([{ key: k.shp1, at: ms(8, 8), customers: [k.cust1] }, { key: k.shp2, at: ms(8, 9), customers: [k.cust2] }]),
        customers: byKey([{ key: k.cust1, name: 'Clinic One', shipments: 1 }, { key: k.cust2, name: 'Clinic Two', shipments: 1 }]),
      });
      expect(r.consumptions).toEqual([{ suspect: k.resinL1, operation: k.mold1, qty: 20, uom: 'kg' }]);
    });

    // asOf 08T08:30: PAL1 had shipped in SHP1 (08T08); SN3 and D2 had not yet shipped (08T09); nothing delivered (09).
    // Reached: the 18 above minus SHP2, CUST2, CUST1 = 15. D1: SN1, SN2 shipped -> 2 of 3, 'partially-shipped';
    // D2: 0 of 5, 'in-stock'. SHP1 has no customer yet.
    it('applies asOf to the whole summary', async () => {
      const r = await h.get().recallImpact({ suspects: [k.resinL1], asOf: '2026-03-08T08:30:00Z' });
      expect(r.totals).toEqual({ finishedLots: 2, serials: 4, serialsShipped: 2, serialsInStock: 2, shipments: 1, customers: 0, operations: 4, nodesReached: 15 });
      expect(normal(r)).toEqual({
        finishedLots: byKey([
          lot(fx, k.d1, 'D1', { depth: 4, quantity: 3, uom: 'ea', shippedQuantity: 2, inStockQuantity: 1, status: 'partially-shipped', via: k.resinL1 }),
          lot(fx, k.d2, 'D2', { depth: 4, quantity: 5, uom: 'ea', shippedQuantity: 0, inStockQuantity: 5, status: 'in-stock', via: k.resinL1 }),
        ]),
        serials: byKey([
          serial(fx, k.s1, 'SN1', { lot: k.d1, depth: 5, status: 'shipped', shipments: [k.shp1] }),
          serial(fx, k.s2, 'SN2', { lot: k.d1, depth: 5, status: 'shipped', shipments: [k.shp1] }),
          serial(fx, k.s3, 'SN3', { lot: k.d1, depth: 5, status: 'in-stock', shipments: [] }),
          serial(fx, k.s4, 'SN4', { lot: k.d2, depth: 5, status: 'in-stock', shipments: [] }),
        ]),
        shipments: [{ key: k.shp1, at: ms(8, 8), customers: [] }],
        customers: [],
      });
    });

    // A finished lot as the suspect is itself affected, at depth 0: D2 0 | SN4 1, SHP2 1 | CUST2 2.
    it('counts a finished suspect lot itself', async () => {
      const r = await h.get().recallImpact({ suspects: [k.d2] });
      expect(normal(r)).toEqual({
        finishedLots: [lot(fx, k.d2, 'D2', { depth: 0, quantity: 5, uom: 'ea', shippedQuantity: 2, inStockQuantity: 3, status: 'partially-shipped', via: k.d2 })],
        serials: [serial(fx, k.s4, 'SN4', { lot: k.d2, depth: 1, status: 'in-stock', shipments: [] })],
        shipments: [{ key: k.shp2, at: ms(8, 9), customers: [k.cust2] }],
        customers: [{ key: k.cust2, name: 'Clinic Two', shipments: 1 }],
      });
      expect(r.totals).toMatchObject({ operations: 0, nodesReached: 4 });
      expect(r.consumptions).toEqual([]);
    });

    // Two suspects (one by alias, one repeated): RESIN/L1 and PCB/L1 together reach the 18 above plus
    // PCB/L1, SMT1, B1 = 21 nodes; D1 is 4 away from both (via either), D2 only from RESIN/L1.
    it('unions several suspects, by key or alias, without duplicates', async () => {
      const r = await h.get().recallImpact({ suspects: [`${p}-ERP-RL1`, k.pcbL1, k.pcbL1] });
      expect(keys(r.suspects)).toEqual([k.resinL1, k.pcbL1].sort());
      expect(r.totals).toMatchObject({ finishedLots: 2, serials: 4, operations: 5, nodesReached: 21 });
      const [d1, d2] = byKey(r.finishedLots);
      expect(d1).toMatchObject({ key: k.d1, depth: 4 });
      expect([k.resinL1, k.pcbL1]).toContain(d1!.via);
      expect(d2).toMatchObject({ key: k.d2, depth: 4, via: k.resinL1 });
      const cons = [...r.consumptions].sort((a, b) => (a.suspect < b.suspect ? -1 : 1));
      expect(cons).toEqual([
        { suspect: k.resinL1, operation: k.mold1, qty: 20, uom: 'kg' },
        { suspect: k.pcbL1, operation: k.smt1, qty: 4, uom: 'ea' },
      ].sort((a, b) => (a.suspect < b.suspect ? -1 : 1)));
    });

    // A recall through the reworked serial: SN3 0 | RWK1 1, SHP2 1 | CUST2 2 — the loop does not repeat SN3.
    it('recalls a reworked serial once', async () => {
      const r = await h.get().recallImpact({ suspects: [k.s3] });
      expect(normal(r).serials).toEqual([serial(fx, k.s3, 'SN3', { lot: k.d1, depth: 0, status: 'shipped', shipments: [k.shp2] })]);
      expect(r.totals).toEqual({ finishedLots: 0, serials: 1, serialsShipped: 1, serialsInStock: 0, shipments: 1, customers: 1, operations: 1, nodesReached: 4 });
      expect(r.consumptions).toEqual([{ suspect: k.s3, operation: k.rwk1, qty: null, uom: null }]);
    });

    // limit 5 caps the visit at RESIN/L1, MOLD1, H1, ASSY1, ASSY2 (depth <= 3): no finished lot yet, truncated.
    it('caps a recall with an explicit truncated flag', async () => {
      const r = await h.get().recallImpact({ suspects: [k.resinL1], limit: 5 });
      expect(r.truncated).toBe(true);
      expect(r.totals).toMatchObject({ nodesReached: 5, finishedLots: 0, serials: 0, operations: 3 });
    });
  });
}
