/** Merge (two lots into one operation, one lot out) and split (one lot into two operations; a lot into serials). */
import { describe, expect } from 'vitest';
import { depths, expectWellFormed } from '../checks.ts';
import { scenarioIt, usePlant, type Suite } from '../suite.ts';

/** Registers the merge and split scenarios. */
export function mergeSplitScenarios(suite: Suite): void {
  const it = scenarioIt(suite);
  describe('merge and split', () => {
    const h = usePlant(suite);
    const { k } = h.fx;

    // Merge: H1 and B1 both go into ASSY1, which makes D1. Backward from D1 reaches both branches:
    //   D1 <-PRODUCED- ASSY1 <-CONSUMED_BY- H1 <-PRODUCED- MOLD1 <- RESIN/L1 <- SUP-A ; MOLD1 <-USED_IN- PRESS1
    //                        <-CONSUMED_BY- B1 <-PRODUCED- SMT1  <- PCB/L1   <- SUP-B ; SMT1  <-USED_IN- LINE1
    // Expected: D1 0 | ASSY1 1 | H1 2, B1 2 | MOLD1 3, SMT1 3 | RESIN/L1 4, PRESS1 4, PCB/L1 4, LINE1 4 | SUP-A 5, SUP-B 5
    it('backward from a merged lot reaches both inputs', async () => {
      const r = await h.get().trace({ origin: k.d1, direction: 'backward' });
      expect(r.truncated).toBe(false);
      expect(r.origin.key).toBe(k.d1);
      expect(depths(r)).toEqual({
        [k.d1]: 0, [k.assy1]: 1, [k.h1]: 2, [k.b1]: 2, [k.mold1]: 3, [k.smt1]: 3,
        [k.resinL1]: 4, [k.press1]: 4, [k.pcbL1]: 4, [k.line1]: 4, [k.supA]: 5, [k.supB]: 5,
      });
      expectWellFormed(r, h.fx);
    });

    // Split: H1 is consumed by ASSY1 and by ASSY2; D1 splits into SN1..SN3, D2 into SN4 (and ships 2 in SHP2).
    // Forward from H1: H1 0 | ASSY1 1, ASSY2 1 | D1 2, D2 2 | SN1 3, SN2 3, SN3 3, SN4 3, SHP2 3 (D2 ships)
    //   | CASE1 4, RWK1 4, CUST2 4 | PAL1 5 | SHP1 6 | CUST1 7.   The OF_MATERIAL edge to HOUSING is not followed.
    it('forward from a split lot reaches both operations and every unit', async () => {
      const r = await h.get().trace({ origin: k.h1, direction: 'forward' });
      expect(r.truncated).toBe(false);
      expect(depths(r)).toEqual({
        [k.h1]: 0, [k.assy1]: 1, [k.assy2]: 1, [k.d1]: 2, [k.d2]: 2,
        [k.s1]: 3, [k.s2]: 3, [k.s3]: 3, [k.s4]: 3, [k.shp2]: 3,
        [k.case1]: 4, [k.rwk1]: 4, [k.cust2]: 4, [k.pal1]: 5, [k.shp1]: 6, [k.cust1]: 7,
      });
      expect(r.nodes.find((n) => n.key === k.mHousing)).toBeUndefined();
      expectWellFormed(r, h.fx);
    });

    // Lot into serials via HAS_UNIT: forward from D1, serials only, one hop: SN1, SN2, SN3 (and the origin).
    it('splits a lot into its serials', async () => {
      const r = await h.get().trace({ origin: k.d1, direction: 'forward', kinds: ['Serial'], maxDepth: 1 });
      expect(depths(r)).toEqual({ [k.d1]: 0, [k.s1]: 1, [k.s2]: 1, [k.s3]: 1 });
      expect(r.nodes.filter((n) => n.depth === 1).every((n) => n.parent === k.d1 && n.edge === 'HAS_UNIT')).toBe(true);
      expectWellFormed(r, h.fx);
    });

    // Backward from a serial climbs through its lot into the merge:
    // SN1 0 | D1 1 | ASSY1 2 | H1 3, B1 3 | MOLD1 4, SMT1 4 | RESIN/L1 5, PRESS1 5, PCB/L1 5, LINE1 5 | SUP-A 6, SUP-B 6
    it('backward from a serial reaches every raw lot and supplier of its lot', async () => {
      const r = await h.get().trace({ origin: k.s1, direction: 'backward' });
      expect(depths(r)).toEqual({
        [k.s1]: 0, [k.d1]: 1, [k.assy1]: 2, [k.h1]: 3, [k.b1]: 3, [k.mold1]: 4, [k.smt1]: 4,
        [k.resinL1]: 5, [k.press1]: 5, [k.pcbL1]: 5, [k.line1]: 5, [k.supA]: 6, [k.supB]: 6,
      });
      expectWellFormed(r, h.fx);
    });
  });
}
