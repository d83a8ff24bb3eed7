/** Recall quantities and the finished-goods rule, on a small plant of its own. */
import { describe, expect } from 'vitest';
import {
  containerKey, customerKey, lotKey, materialKey, operationKey, serialKey, shipmentKey, supplierKey,
} from '../../keys.ts';
import type { Batch } from '../../model.ts';
import { runPrefix, T, ms } from '../fixtures.ts';
import { scenarioIt, useStore, type Suite } from '../suite.ts';
import { byKey, normal } from './recall-suspects.ts';

/**
 *   R (raw) --CONSUMED_BY 01T08 3kg--> P
 *   P --PRODUCED--> X (FG, props quantity 10 ea; the edge says 9: props win)
 *                   X --PACKED_INTO 4--> C --PACKED_INTO--> PL --SHIPPED_IN 02T09--> SH1 --DELIVERED_TO--> CUST (no name)
 *   P --PRODUCED--> Y (FG, quantity 6)  Y --SHIPPED_IN 02T10 (no qty: the whole lot)--> SH1
 *   P --PRODUCED (no qty)--> Z (FG, no quantity)  Z --HAS_UNIT--> ZS1 --SHIPPED_IN (no time)--> SH2 ; Z --HAS_UNIT--> ZS2
 *   P --PRODUCED--> K (COMP, category component, consumed by nothing: not finished)
 *   P --PRODUCED--> V (material UNK2, no Material node; consumed by Q: not finished)
 *   V --CONSUMED_BY--> Q --PRODUCED--> U (material UNK, no Material node, consumed by nothing: finished; quantity 2 ea)
 *
 * Recall of R: R 0 | P 1 | X Y Z K V 2 | C SH1 ZS1 ZS2 Q 3 | PL SH2 U CUST 4 = 16 nodes, operations P, Q.
 *   X: 4 of 10 shipped (packed into a container that ships), 6 in stock, partially-shipped
 *   Y: 6 of 6 (a shipping edge without qty ships the whole lot), shipped
 *   Z: quantity unknown, 1 shipped serial, in stock unknown, partially-shipped
 *   U: 0 of 2, in-stock.   SH1 at 02T09 (its earliest SHIPPED_IN), SH2 at null (no times).
 */
function plant(p: string) {
  const m = (id: string) => `${p}-${id}`;
  const k = {
    mRaw: materialKey(m('RAW')), mFg: materialKey(m('FG')), mComp: materialKey(m('COMP')),
    r: lotKey(m('RAW'), m('R')), x: lotKey(m('FG'), m('X')), y: lotKey(m('FG'), m('Y')), z: lotKey(m('FG'), m('Z')),
    kk: lotKey(m('COMP'), m('K')), v: lotKey(m('UNK2'), m('V')), u: lotKey(m('UNK'), m('U')),
    zs1: serialKey(m('FG'), m('ZS1')), zs2: serialKey(m('FG'), m('ZS2')),
    p: operationKey(m('P')), q: operationKey(m('Q')),
    c: containerKey(m('C')), pl: containerKey(m('PL')), sh1: shipmentKey(m('SH1')), sh2: shipmentKey(m('SH2')),
    cust: customerKey(m('CUST')),
  };
  const batch: Batch = {
    nodes: [
      { kind: 'Material', key: k.mRaw, props: { category: 'raw' } },
      { kind: 'Material', key: k.mFg, props: { category: 'finished' } },
      { kind: 'Material', key: k.mComp, props: { category: 'component' } },
      { kind: 'Lot', key: k.x, props: { quantity: 10, uom: 'ea' } },
      { kind: 'Lot', key: k.y, props: { quantity: 6, uom: 'ea' } },
      { kind: 'Lot', key: k.u, props: { quantity: 2, uom: 'ea' } },
    ],
    edges: [
      { kind: 'CONSUMED_BY', from: k.r, to: k.p, at: T(1, 8), qty: 3, uom: 'kg' },
      { kind: 'PRODUCED', from: k.p, to: k.x, at: T(1, 12), qty: 9, uom: 'ea' },
      { kind: 'PRODUCED', from: k.p, to: k.y, at: T(1, 12), qty: 6, uom: 'ea' },
      { kind: 'PRODUCED', from: k.p, to: k.z, at: T(1, 12) },
      { kind: 'PRODUCED', from: k.p, to: k.kk, at: T(1, 12), qty: 5, uom: 'ea' },
      { kind: 'PRODUCED', from: k.p, to: k.v, at: T(1, 12), qty: 1, uom: 'ea' },
      { kind: 'CONSUMED_BY', from: k.v, to: k.q, at: T(1, 14), qty: 1, uom: 'ea' },
      { kind: 'PRODUCED', from: k.q, to: k.u, at: T(1, 15), qty: 2, uom: 'ea' },
      { kind: 'PACKED_INTO', from: k.x, to: k.c, at: T(2, 8), qty: 4, uom: 'ea' },
      { kind: 'PACKED_INTO', from: k.c, to: k.pl, at: T(2, 8) },
      { kind: 'SHIPPED_IN', from: k.pl, to: k.sh1, at: T(2, 9) },
      { kind: 'SHIPPED_IN', from: k.y, to: k.sh1, at: T(2, 10) },
      { kind: 'DELIVERED_TO', from: k.sh1, to: k.cust, at: T(3, 8) },
      { kind: 'HAS_UNIT', from: k.z, to: k.zs1 },
      { kind: 'HAS_UNIT', from: k.z, to: k.zs2 },
      { kind: 'SHIPPED_IN', from: k.zs1, to: k.sh2 },
    ],
  };
  return { k, batch };
}

/**
 * Stock of a lot from its postings, in their units (QA qa-csv.md D5, D6):
 *   S --SUPPLIED 25 kg (two receipts, 10 + 15: the edge holds their total)--> A --SHIPPED_IN 20 kg--> SH
 *   P1 --PRODUCED 150 kg--> G --SHIPPED_IN 120000 g--> SH
 *   P1 --PRODUCED 100 kg--> M <--PRODUCED 50000 g-- P2
 * No Lot props: a lot's quantity is what came into existence, the sum of its PRODUCED and SUPPLIED
 * edges. Quantities in different units are not added or compared (no conversion table: ingest/README.md
 * item 7, "the units differ ... it is unknown"): G's quantity and stock are unknown, its status is
 * decided without the numbers (partially-shipped: something shipped), its shipped quantity counts only
 * what is in its own unit (kg: none); M's quantity and unit are unknown.
 *   A: 25 kg, 20 shipped, 5 in stock, partially-shipped.
 */
function mixedPostings(p: string) {
  const m = (id: string) => `${p}-${id}`;
  const k = {
    mat: materialKey(m('BULK')), sup: supplierKey(m('S')), p1: operationKey(m('P1')), p2: operationKey(m('P2')),
    a: lotKey(m('BULK'), m('A')), g: lotKey(m('BULK'), m('G')), mm: lotKey(m('BULK'), m('M')),
    sh: shipmentKey(m('SH')), cust: customerKey(m('CUST')),
  };
  const batch: Batch = {
    nodes: [{ kind: 'Material', key: k.mat, props: { category: 'finished' } }],
    edges: [
      { kind: 'SUPPLIED', from: k.sup, to: k.a, at: T(1, 7), qty: 25, uom: 'kg' },
      { kind: 'PRODUCED', from: k.p1, to: k.g, at: T(1, 12), qty: 150, uom: 'kg' },
      { kind: 'PRODUCED', from: k.p1, to: k.mm, at: T(1, 12), qty: 100, uom: 'kg' },
      { kind: 'PRODUCED', from: k.p2, to: k.mm, at: T(1, 20), qty: 50000, uom: 'g' },
      { kind: 'SHIPPED_IN', from: k.a, to: k.sh, at: T(5, 10), qty: 20, uom: 'kg' },
      { kind: 'SHIPPED_IN', from: k.g, to: k.sh, at: T(5, 10), qty: 120000, uom: 'g' },
      { kind: 'DELIVERED_TO', from: k.sh, to: k.cust, at: T(5, 10) },
    ],
  };
  return { k, batch };
}

/** Registers the quantity and finished-goods scenarios. */
export function recallQuantityScenarios(suite: Suite): void {
  const it = scenarioIt(suite);
  describe('recall quantities and finished goods', () => {
    const p = runPrefix();
    const { k, batch } = plant(p);
    const h = useStore(suite, async (s) => {
      await s.upsert(batch);
    });
    const L = (key: string, lotNumber: string, material: string) => ({ key, material: `${p}-${material}`, lotNumber: `${p}-${lotNumber}`, via: k.r });

    it('computes shipped and in-stock quantities per finished lot', async () => {
      const r = await h.get().recallImpact({ suspects: [k.r] });
      expect(r.truncated).toBe(false);
      expect(normal(r)).toEqual({
        finishedLots: byKey([
          { ...L(k.x, 'X', 'FG'), depth: 2, quantity: 10, uom: 'ea', shippedQuantity: 4, inStockQuantity: 6, status: 'partially-shipped' },
          { ...L(k.y, 'Y', 'FG'), depth: 2, quantity: 6, uom: 'ea', shippedQuantity: 6, inStockQuantity: 0, status: 'shipped' },
          { ...L(k.z, 'Z', 'FG'), depth: 2, quantity: null, uom: null, shippedQuantity: 1, inStockQuantity: null, status: 'partially-shipped' },
          { ...L(k.u, 'U', 'UNK'), depth: 4, quantity: 2, uom: 'ea', shippedQuantity: 0, inStockQuantity: 2, status: 'in-stock' },
        ]),
        serials: byKey([
          { key: k.zs1, material: `${p}-FG`, serialNumber: `${p}-ZS1`, lot: k.z, depth: 3, status: 'shipped', shipments: [k.sh2] },
          { key: k.zs2, material: `${p}-FG`, serialNumber: `${p}-ZS2`, lot: k.z, depth: 3, status: 'in-stock', shipments: [] },
        ]),
        shipments: byKey([{ key: k.sh1, at: ms(2, 9), customers: [k.cust] }, { key: k.sh2, at: null, customers: [] }]),
        customers: [{ key: k.cust, name: null, shipments: 1 }],
      });
      expect(r.totals).toEqual({ finishedLots: 4, serials: 2, serialsShipped: 1, serialsInStock: 1, shipments: 2, customers: 1, operations: 2, nodesReached: 16 });
      expect(r.consumptions).toEqual([{ suspect: k.r, operation: k.p, qty: 3, uom: 'kg' }]);
    });

    // asOf 02T08:30: X is packed (02T08) but PL has not shipped (02T09); Y not shipped (02T10); ZS1's shipment has no time.
    it('applies asOf to quantities', async () => {
      const r = await h.get().recallImpact({ suspects: [k.r], asOf: '2026-03-02T08:30:00Z' });
      const q = Object.fromEntries(r.finishedLots.map((l) => [l.key, [l.shippedQuantity, l.inStockQuantity, l.status]]));
      expect(q).toEqual({
        [k.x]: [0, 10, 'in-stock'], [k.y]: [0, 6, 'in-stock'], [k.z]: [1, null, 'partially-shipped'], [k.u]: [0, 2, 'in-stock'],
      });
    });
  });

  describe('recall quantities from postings, in their units', () => {
    const p = runPrefix();
    const { k, batch } = mixedPostings(p);
    const h = useStore(suite, async (s) => {
      await s.upsert(batch);
    });
    const L = (key: string, lotNumber: string) => ({ key, material: `${p}-BULK`, lotNumber: `${p}-${lotNumber}`, depth: 0, via: key });

    it('counts a received lot by its receipts, and does not add or compare quantities in different units', async () => {
      const r = await h.get().recallImpact({ suspects: [k.a, k.g, k.mm] });
      expect(byKey(r.finishedLots)).toEqual(byKey([
        { ...L(k.a, 'A'), quantity: 25, uom: 'kg', shippedQuantity: 20, inStockQuantity: 5, status: 'partially-shipped' },
        { ...L(k.g, 'G'), quantity: null, uom: 'kg', shippedQuantity: 0, inStockQuantity: null, status: 'partially-shipped' },
        { ...L(k.mm, 'M'), quantity: null, uom: null, shippedQuantity: 0, inStockQuantity: null, status: 'in-stock' },
      ]));
    });

    // asOf before the shipment (05T10): A and G are in stock, in full; M before its second run is 100 kg.
    it('applies asOf to received and mixed-unit quantities', async () => {
      const r = await h.get().recallImpact({ suspects: [k.a, k.g, k.mm], asOf: '2026-03-01T18:00:00Z' });
      const q = Object.fromEntries(r.finishedLots.map((l) => [l.key, [l.quantity, l.uom, l.shippedQuantity, l.inStockQuantity, l.status]]));
      expect(q).toEqual({
        [k.a]: [25, 'kg', 0, 25, 'in-stock'], [k.g]: [150, 'kg', 0, 150, 'in-stock'], [k.mm]: [100, 'kg', 0, 100, 'in-stock'],
      });
    });
  });
}
