/** The kinds filter (origin always kept), maxDepth, and the node cap with its `truncated` flag. */
import { describe, expect } from 'vitest';
import { depths, expectWellFormed } from '../checks.ts';
import { scenarioIt, usePlant, type Suite } from '../suite.ts';

/** Registers the kinds / depth / cap scenarios. */
export function traceLimitScenarios(suite: Suite): void {
  const it = scenarioIt(suite);
  describe('kinds, depth and node cap', () => {
    const h = usePlant(suite);
    const { k, p } = h.fx;

    // Forward from RESIN/L1, all 18 nodes:
    // RESIN/L1 0 | MOLD1 1 | H1 2 | ASSY1 3, ASSY2 3 | D1 4, D2 4 | SN1 5, SN2 5, SN3 5, SN4 5, SHP2 5
    //   | CASE1 6, RWK1 6, CUST2 6 | PAL1 7 | SHP1 8 | CUST1 9
    const all = () => ({
      [k.resinL1]: 0, [k.mold1]: 1, [k.h1]: 2, [k.assy1]: 3, [k.assy2]: 3, [k.d1]: 4, [k.d2]: 4,
      [k.s1]: 5, [k.s2]: 5, [k.s3]: 5, [k.s4]: 5, [k.shp2]: 5, [k.case1]: 6, [k.rwk1]: 6, [k.cust2]: 6,
      [k.pal1]: 7, [k.shp1]: 8, [k.cust1]: 9,
    });

    it('traces the whole forward closure, from the key or an alias', async () => {
      const r = await h.get().trace({ origin: k.resinL1, direction: 'forward' });
      expect(r.truncated).toBe(false);
      expect(depths(r)).toEqual(all());
      expect(r.hiddenParents.size).toBe(0);
      expectWellFormed(r, h.fx);
      const a = await h.get().trace({ origin: `${p}-ERP-RL1`, direction: 'forward' });
      expect(a.origin.key).toBe(k.resinL1);
      expect(depths(a)).toEqual(all());
    });

    // kinds ['Lot']: RESIN/L1 0 (origin) | H1 2 | D1 4, D2 4 ; witness paths go through hidden operations.
    it('returns only the asked kinds, plus the origin at depth 0', async () => {
      const r = await h.get().trace({ origin: k.resinL1, direction: 'forward', kinds: ['Lot'] });
      expect(depths(r)).toEqual({ [k.resinL1]: 0, [k.h1]: 2, [k.d1]: 4, [k.d2]: 4 });
      expect(r.nodes.slice(1).every((n) => n.kind === 'Lot')).toBe(true);
      expectWellFormed(r, h.fx);
    });

    // kinds not including the origin's: the origin is still there. Serial: SN1..SN4 at 5;
    // Shipment+Customer: SHP2 5 | CUST2 6 | SHP1 8 | CUST1 9.
    it('keeps the origin even when its kind is filtered out', async () => {
      const r = await h.get().trace({ origin: k.resinL1, direction: 'forward', kinds: ['Serial'] });
      expect(depths(r)).toEqual({ [k.resinL1]: 0, [k.s1]: 5, [k.s2]: 5, [k.s3]: 5, [k.s4]: 5 });
      expect(r.nodes[0]).toMatchObject({ key: k.resinL1, kind: 'Lot', depth: 0 });
      expectWellFormed(r, h.fx);
      const q = await h.get().trace({ origin: k.resinL1, direction: 'forward', kinds: ['Shipment', 'Customer'] });
      expect(depths(q)).toEqual({ [k.resinL1]: 0, [k.shp2]: 5, [k.cust2]: 6, [k.shp1]: 8, [k.cust1]: 9 });
      expectWellFormed(q, h.fx);
    });

    // maxDepth 3: RESIN/L1 0 | MOLD1 1 | H1 2 | ASSY1 3, ASSY2 3 — a depth limit is not truncation.
    it('stops at maxDepth without setting truncated', async () => {
      const r = await h.get().trace({ origin: k.resinL1, direction: 'forward', maxDepth: 3 });
      expect(depths(r)).toEqual({ [k.resinL1]: 0, [k.mold1]: 1, [k.h1]: 2, [k.assy1]: 3, [k.assy2]: 3 });
      expect(r.truncated).toBe(false);
      const z = await h.get().trace({ origin: k.resinL1, direction: 'forward', maxDepth: 0 });
      expect(depths(z)).toEqual({ [k.resinL1]: 0 });
      expect(z.truncated).toBe(false);
      const nine = await h.get().trace({ origin: k.resinL1, direction: 'forward', maxDepth: 9 });
      expect(depths(nine)).toEqual(all());
    });

    // limit 5: exactly the 5 nodes of depth <= 3, truncated. limit 17: all but CUST1 (the only depth-9 node).
    // limit 6: the 5 of depth <= 3 plus one of D1/D2. limit 18 (= all) and more: not truncated.
    it('caps visited nodes with an explicit truncated flag, as a breadth-first prefix', async () => {
      const s = h.get();
      const five = await s.trace({ origin: k.resinL1, direction: 'forward', limit: 5 });
      expect(five.truncated).toBe(true);
      expect(depths(five)).toEqual({ [k.resinL1]: 0, [k.mold1]: 1, [k.h1]: 2, [k.assy1]: 3, [k.assy2]: 3 });
      const six = await s.trace({ origin: k.resinL1, direction: 'forward', limit: 6 });
      expect(six.truncated).toBe(true);
      expect(six.nodes).toHaveLength(6);
      expect([k.d1, k.d2]).toContain(six.nodes[5]!.key);
      expectWellFormed(six, h.fx);
      const seventeen = await s.trace({ origin: k.resinL1, direction: 'forward', limit: 17 });
      const { [k.cust1]: _dropped, ...rest } = all();
      expect(seventeen.truncated).toBe(true);
      expect(depths(seventeen)).toEqual(rest);
      for (const limit of [18, 19, 1000]) {
        const r = await s.trace({ origin: k.resinL1, direction: 'forward', limit });
        expect(r.truncated, `limit ${limit}`).toBe(false);
        expect(depths(r)).toEqual(all());
      }
      const one = await s.trace({ origin: k.resinL1, direction: 'forward', limit: 1 });
      expect(one.truncated).toBe(true);
      expect(depths(one)).toEqual({ [k.resinL1]: 0 });
    });

    // The cap counts visited nodes, not shown ones: limit 5 with kinds ['Lot'] visits depth <= 3 and shows RESIN/L1, H1.
    it('applies the cap before the kinds filter', async () => {
      const r = await h.get().trace({ origin: k.resinL1, direction: 'forward', limit: 5, kinds: ['Lot'] });
      expect(r.truncated).toBe(true);
      expect(depths(r)).toEqual({ [k.resinL1]: 0, [k.h1]: 2 });
      expectWellFormed(r, h.fx);
    });
  });
}
