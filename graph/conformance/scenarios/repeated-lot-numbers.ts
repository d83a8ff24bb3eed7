/** Lot numbers repeat across materials: RESIN/L1 and PCB/L1 are different lots with different consumers. */
import { describe, expect } from 'vitest';
import { depths, expectCode, expectWellFormed, keys } from '../checks.ts';
import { scenarioIt, usePlant, type Suite } from '../suite.ts';

/** Registers the repeated-lot-number scenarios. */
export function repeatedLotNumberScenarios(suite: Suite): void {
  const it = scenarioIt(suite);
  describe('lot numbers repeated across materials', () => {
    const h = usePlant(suite);
    const { k, p } = h.fx;

    it('keeps RESIN/L1 and PCB/L1 apart', async () => {
      const s = h.get();
      expect(k.resinL1).not.toBe(k.pcbL1);
      expect((await s.lookup(k.resinL1)).props).toEqual({ quantity: 50, uom: 'kg' });
      expect((await s.lookup(k.pcbL1)).props).toEqual({ quantity: 10, uom: 'ea' });
      // The bare lot number is an alias of both: looking it up is ambiguous, not a guess.
      await expectCode(s.lookup(`${p}-L1`), 'LG_AMBIGUOUS_ID');
      await expectCode(s.trace({ origin: `${p}-L1`, direction: 'forward' }), 'LG_AMBIGUOUS_ID');
    });

    // Forward from PCB/L1 (never reaches MOLD1, H1, ASSY2, D2, SN4: those hang off RESIN/L1):
    // PCB/L1 0 | SMT1 1 | B1 2 | ASSY1 3 | D1 4 | SN1 5, SN2 5, SN3 5 | CASE1 6, RWK1 6, SHP2 6 | PAL1 7, CUST2 7 | SHP1 8 | CUST1 9
    it('tracing PCB/L1 never reaches RESIN/L1 consumers', async () => {
      const r = await h.get().trace({ origin: k.pcbL1, direction: 'forward' });
      expect(depths(r)).toEqual({
        [k.pcbL1]: 0, [k.smt1]: 1, [k.b1]: 2, [k.assy1]: 3, [k.d1]: 4, [k.s1]: 5, [k.s2]: 5, [k.s3]: 5,
        [k.case1]: 6, [k.rwk1]: 6, [k.shp2]: 6, [k.pal1]: 7, [k.cust2]: 7, [k.shp1]: 8, [k.cust1]: 9,
      });
      expectWellFormed(r, h.fx);
    });

    // Forward from RESIN/L2 (same material as RESIN/L1, other lot): RESIN/L2 0 | MOLD2 1 | H2 2 | ASSY3 3 | D3 4
    it('tracing RESIN/L2 never reaches RESIN/L1 consumers', async () => {
      const r = await h.get().trace({ origin: k.resinL2, direction: 'forward' });
      expect(depths(r)).toEqual({ [k.resinL2]: 0, [k.mold2]: 1, [k.h2]: 2, [k.assy3]: 3, [k.d3]: 4 });
      expectWellFormed(r, h.fx);
    });

    // Backward from each L1 lot: only its own supplier.
    it('backward from each L1 lot finds only its own supplier', async () => {
      const a = await h.get().trace({ origin: k.pcbL1, direction: 'backward' });
      expect(depths(a)).toEqual({ [k.pcbL1]: 0, [k.supB]: 1 });
      const b = await h.get().trace({ origin: k.resinL1, direction: 'backward' });
      expect(depths(b)).toEqual({ [k.resinL1]: 0, [k.supA]: 1 });
    });

    // Recall of PCB/L1: D1 only (D2 shipped in the same SHP2, but PCB/L1 is not in it).
    it('recall of PCB/L1 names D1 and its serials only', async () => {
      const r = await h.get().recallImpact({ suspects: [k.pcbL1] });
      expect(keys(r.finishedLots)).toEqual([k.d1].sort());
      expect(keys(r.serials)).toEqual([k.s1, k.s2, k.s3].sort());
      expect(keys(r.shipments)).toEqual([k.shp1, k.shp2].sort());
      expect(r.consumptions).toEqual([{ suspect: k.pcbL1, operation: k.smt1, qty: 4, uom: 'ea' }]);
    });
  });
}
