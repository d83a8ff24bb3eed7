/** A rework loop: SN3 is consumed by RWK1, which produces SN3 again. Traces terminate with shortest depths. */
import { describe, expect } from 'vitest';
import { depths, expectWellFormed } from '../checks.ts';
import { ms } from '../fixtures.ts';
import { scenarioIt, usePlant, type Suite } from '../suite.ts';

/** Registers the rework-loop scenarios. */
export function reworkScenarios(suite: Suite): void {
  const it = scenarioIt(suite);
  describe('rework loop', () => {
    const h = usePlant(suite);
    const { k } = h.fx;

    // SN3 -CONSUMED_BY-> RWK1 -PRODUCED-> SN3 ; SN3 -SHIPPED_IN-> SHP2 -DELIVERED_TO-> CUST2
    // Forward from SN3: SN3 0 | RWK1 1, SHP2 1 | CUST2 2
    it('forward from the reworked serial terminates', async () => {
      const r = await h.get().trace({ origin: k.s3, direction: 'forward' });
      expect(r.truncated).toBe(false);
      expect(depths(r)).toEqual({ [k.s3]: 0, [k.rwk1]: 1, [k.shp2]: 1, [k.cust2]: 2 });
      expectWellFormed(r, h.fx);
    });

    // Backward from SN3: SN3 0 | D1 1 (HAS_UNIT), RWK1 1 (PRODUCED) | ASSY1 2 | H1 3, B1 3 | MOLD1 4, SMT1 4
    //   | RESIN/L1 5, PRESS1 5, PCB/L1 5, LINE1 5 | SUP-A 6, SUP-B 6        (RWK1's input is SN3 itself)
    it('backward from the reworked serial terminates', async () => {
      const r = await h.get().trace({ origin: k.s3, direction: 'backward' });
      expect(depths(r)).toEqual({
        [k.s3]: 0, [k.d1]: 1, [k.rwk1]: 1, [k.assy1]: 2, [k.h1]: 3, [k.b1]: 3, [k.mold1]: 4, [k.smt1]: 4,
        [k.resinL1]: 5, [k.press1]: 5, [k.pcbL1]: 5, [k.line1]: 5, [k.supA]: 6, [k.supB]: 6,
      });
      expectWellFormed(r, h.fx);
    });

    // From inside the loop: forward from RWK1: RWK1 0 | SN3 1 | SHP2 2 | CUST2 3 ;
    // backward from RWK1: RWK1 0 | SN3 1 | D1 2 | ASSY1 3 | H1 4, B1 4 | MOLD1 5, SMT1 5 | RESIN/L1 6, PRESS1 6, PCB/L1 6, LINE1 6 | SUP-A 7, SUP-B 7
    it('traces from the rework operation both ways', async () => {
      const f = await h.get().trace({ origin: k.rwk1, direction: 'forward' });
      expect(depths(f)).toEqual({ [k.rwk1]: 0, [k.s3]: 1, [k.shp2]: 2, [k.cust2]: 3 });
      expectWellFormed(f, h.fx);
      const b = await h.get().trace({ origin: k.rwk1, direction: 'backward' });
      expect(depths(b)).toEqual({
        [k.rwk1]: 0, [k.s3]: 1, [k.d1]: 2, [k.assy1]: 3, [k.h1]: 4, [k.b1]: 4, [k.mold1]: 5, [k.smt1]: 5,
        [k.resinL1]: 6, [k.press1]: 6, [k.pcbL1]: 6, [k.line1]: 6, [k.supA]: 7, [k.supB]: 7,
      });
      expectWellFormed(b, h.fx);
    });

    // Mid-rework (asOf 07T09: consumed at 07T08, not yet produced at 07T10, not shipped):
    // forward SN3: SN3 0 | RWK1 1 ; backward SN3: as above without RWK1.
    it('asOf inside the loop sees only the half that had happened', async () => {
      const asOf = ms(7, 9);
      const f = await h.get().trace({ origin: k.s3, direction: 'forward', asOf });
      expect(depths(f)).toEqual({ [k.s3]: 0, [k.rwk1]: 1 });
      const b = await h.get().trace({ origin: k.s3, direction: 'backward', asOf });
      expect(depths(b)).toEqual({
        [k.s3]: 0, [k.d1]: 1, [k.assy1]: 2, [k.h1]: 3, [k.b1]: 3, [k.mold1]: 4, [k.smt1]: 4,
        [k.resinL1]: 5, [k.press1]: 5, [k.pcbL1]: 5, [k.line1]: 5, [k.supA]: 6, [k.supB]: 6,
      });
      expectWellFormed(b, h.fx, asOf);
    });

    // Edge identity includes kind and direction: retracting RWK1 -PRODUCED-> SN3 keeps SN3 -CONSUMED_BY-> RWK1.
    // Forward from SN3 still reaches RWK1; forward from RWK1 is RWK1 alone; backward from SN3 loses RWK1.
    // (Runs last in this group: it changes the plant.)
    it('retracting one direction of the loop keeps the other', async () => {
      const s = h.get();
      expect(await s.upsert({ removeEdges: [{ kind: 'PRODUCED', from: k.rwk1, to: k.s3 }] })).toMatchObject({ edgesRemoved: 1 });
      expect(depths(await s.trace({ origin: k.s3, direction: 'forward' }))).toEqual({ [k.s3]: 0, [k.rwk1]: 1, [k.shp2]: 1, [k.cust2]: 2 });
      expect(depths(await s.trace({ origin: k.rwk1, direction: 'forward' }))).toEqual({ [k.rwk1]: 0 });
      const b = await s.trace({ origin: k.s3, direction: 'backward', maxDepth: 1 });
      expect(depths(b)).toEqual({ [k.s3]: 0, [k.d1]: 1 });
    });
  });
}
