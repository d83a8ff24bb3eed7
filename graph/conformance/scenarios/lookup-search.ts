/** Lookup by key and by alias, and prefix search over keys, aliases and labels. */
import { describe, expect } from 'vitest';
import { expectCode, keys, sorted } from '../checks.ts';
import { scenarioIt, usePlant, type Suite } from '../suite.ts';

/** Registers the lookup and search scenarios. */
export function lookupSearchScenarios(suite: Suite): void {
  const it = scenarioIt(suite);
  describe('lookup and search', () => {
    const h = usePlant(suite);
    const { k, p } = h.fx;

    it('looks a node up by key and by alias', async () => {
      const s = h.get();
      const v = await s.lookup(k.resinL1);
      expect(v).toMatchObject({ key: k.resinL1, kind: 'Lot', props: { quantity: 50, uom: 'kg' } });
      expect(sorted(v.ids)).toEqual(sorted([`${p}-L1`, `${p}-ERP-RL1`]));
      expect(await s.lookup(`${p}-ERP-RL1`)).toEqual(v);
      expect((await s.lookup(`${p}-EPC-SN3`)).key).toBe(k.s3);
      expect(await s.lookup(k.mDevice)).toEqual({ key: k.mDevice, kind: 'Material', ids: [], props: { category: 'finished', name: 'Device' } });
      await expectCode(s.lookup(`${p}-L1`), 'LG_AMBIGUOUS_ID');
    });

    // Serial numbers SN1..SN4 are the only labels starting `${p}-SN`; aliases `${p}-ERP-` name the three raw lots;
    // keys starting `lot:${p}-DEVICE:` are D1..D3. Matching ignores case.
    it('searches by label, alias and key prefix, case-insensitively', async () => {
      const s = h.get();
      expect(keys(await s.search(`${p}-SN`))).toEqual([k.s1, k.s2, k.s3, k.s4].sort());
      expect(keys(await s.search(`${p}-sn`.toUpperCase()))).toEqual([k.s1, k.s2, k.s3, k.s4].sort());
      expect(keys(await s.search(`${p}-ERP-`))).toEqual([k.resinL1, k.resinL2, k.pcbL1].sort());
      expect(keys(await s.search(`lot:${p}-DEVICE:`))).toEqual([k.d1, k.d2, k.d3].sort());
      expect(keys(await s.search(k.case1))).toEqual([k.case1]);
      expect(await s.search(`${p}-zzz`)).toEqual([]);
      const two = await s.search(`${p}-SN`, 2);
      expect(two).toHaveLength(2);
      for (const n of two) expect([k.s1, k.s2, k.s3, k.s4]).toContain(n.key);
      const hit = (await s.search(`${p}-EPC-SN2`))[0];
      expect(hit).toMatchObject({ key: k.s2, kind: 'Serial' });
    });
  });
}
