/** asOf: edges later than asOf are ignored; edges with no time are always followed. */
import { describe, expect } from 'vitest';
import { depths, expectWellFormed } from '../checks.ts';
import { T, ms } from '../fixtures.ts';
import { scenarioIt, usePlant, type Suite } from '../suite.ts';

/** Registers the asOf scenarios. */
export function asOfScenarios(suite: Suite): void {
  const it = scenarioIt(suite);
  describe('asOf', () => {
    const h = usePlant(suite);
    const { k } = h.fx;

    // asOf 05T10: RESIN/L1 -03T08-> MOLD1 -03T10-> H1 -05T08-> ASSY1 ; ASSY1 -05T12-> D1 and H1 -06T08-> ASSY2 are later.
    // Expected: RESIN/L1 0 | MOLD1 1 | H1 2 | ASSY1 3   — the same as an ISO string and as epoch ms.
    it('ignores edges later than asOf (string or epoch ms)', async () => {
      const expected = { [k.resinL1]: 0, [k.mold1]: 1, [k.h1]: 2, [k.assy1]: 3 };
      const a = await h.get().trace({ origin: k.resinL1, direction: 'forward', asOf: T(5, 10) });
      expect(depths(a)).toEqual(expected);
      expectWellFormed(a, h.fx, ms(5, 10));
      const b = await h.get().trace({ origin: k.resinL1, direction: 'forward', asOf: ms(5, 10) });
      expect(depths(b)).toEqual(expected);
    });

    // An edge exactly at asOf counts (only later ones are ignored): asOf 03T08 -> RESIN/L1 0 | MOLD1 1.
    it('follows an edge whose time equals asOf', async () => {
      const r = await h.get().trace({ origin: k.resinL1, direction: 'forward', asOf: T(3, 8) });
      expect(depths(r)).toEqual({ [k.resinL1]: 0, [k.mold1]: 1 });
    });

    // HAS_UNIT edges carry no time: asOf 05T13 forward from D1 still splits into SN1..SN3; packing (07T12)
    // and rework (07T08) are later. Expected: D1 0 | SN1 1, SN2 1, SN3 1
    it('follows edges without a time', async () => {
      const r = await h.get().trace({ origin: k.d1, direction: 'forward', asOf: T(5, 13) });
      expect(depths(r)).toEqual({ [k.d1]: 0, [k.s1]: 1, [k.s2]: 1, [k.s3]: 1 });
      expectWellFormed(r, h.fx, ms(5, 13));
    });

    // Before anything happened (a date-only asOf, midnight UTC): the origin alone.
    it('returns the origin alone before its first edge', async () => {
      const r = await h.get().trace({ origin: k.resinL1, direction: 'forward', asOf: '2026-01-01' });
      expect(depths(r)).toEqual({ [k.resinL1]: 0 });
      expect(r.truncated).toBe(false);
    });

    // Backward with asOf 03T09 from SMT1: PCB/L1 -03T09-> SMT1 and LINE1 -03T09-> SMT1 count; SUP-B -02T08-> PCB/L1 too.
    // Expected: SMT1 0 | PCB/L1 1, LINE1 1 | SUP-B 2 ; at 03T08:59 SMT1 stands alone.
    it('applies asOf backward too', async () => {
      const r = await h.get().trace({ origin: k.smt1, direction: 'backward', asOf: T(3, 9) });
      expect(depths(r)).toEqual({ [k.smt1]: 0, [k.pcbL1]: 1, [k.line1]: 1, [k.supB]: 2 });
      const q = await h.get().trace({ origin: k.smt1, direction: 'backward', asOf: T(3, 8, 59) });
      expect(depths(q)).toEqual({ [k.smt1]: 0 });
    });
  });
}
