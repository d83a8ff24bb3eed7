/** Bad input: every method rejects it with a stable LgError code (asserted by code, never by message). */
import { describe } from 'vitest';
import { lotKey } from '../../keys.ts';
import type { Direction } from '../../store.ts';
import { LIMITS } from '../../store.ts';
import { expectCode } from '../checks.ts';
import { T } from '../fixtures.ts';
import { scenarioIt, usePlant, type Suite } from '../suite.ts';

/** Registers the bad-input scenarios. */
export function errorScenarios(suite: Suite): void {
  const it = scenarioIt(suite);
  describe('bad input', () => {
    const h = usePlant(suite);
    const { k, p } = h.fx;
    const unknownKey = lotKey(`${p}-RESIN`, `${p}-NOPE`);
    const unknownAlias = `${p}-no-such-thing`;

    it('an empty recall is LG_EMPTY_RECALL', async () => {
      const s = h.get();
      await expectCode(s.recallImpact({}), 'LG_EMPTY_RECALL');
      await expectCode(s.recallImpact({ suspects: [] }), 'LG_EMPTY_RECALL');
    });

    it('an unknown id is LG_NOT_FOUND everywhere', async () => {
      const s = h.get();
      for (const id of [unknownKey, unknownAlias]) {
        await expectCode(s.trace({ origin: id, direction: 'forward' }), 'LG_NOT_FOUND');
        await expectCode(s.lookup(id), 'LG_NOT_FOUND');
        await expectCode(s.recallImpact({ suspects: [k.resinL1, id] }), 'LG_NOT_FOUND');
        await expectCode(s.path(id, k.cust1), 'LG_NOT_FOUND');
        await expectCode(s.path(k.resinL1, id), 'LG_NOT_FOUND');
        await expectCode(s.neighbourhood(id, { hops: 1 }), 'LG_NOT_FOUND');
      }
      await expectCode(s.recallImpact({ equipment: { id: `${p}-no-press`, from: T(1, 0), to: T(2, 0) } }), 'LG_NOT_FOUND');
      await expectCode(s.recallImpact({ supplier: { id: `${p}-no-supplier`, from: T(1, 0), to: T(2, 0) } }), 'LG_NOT_FOUND');
    });

    it('a malformed key is LG_BAD_ID', async () => {
      const s = h.get();
      for (const id of ['lot:onlyonepart', 'serial:a:b:c', 'lot::x', '']) {
        await expectCode(s.trace({ origin: id, direction: 'forward' }), 'LG_BAD_ID');
        await expectCode(s.lookup(id), 'LG_BAD_ID');
        await expectCode(s.recallImpact({ suspects: [id] }), 'LG_BAD_ID');
        await expectCode(s.neighbourhood(id, { hops: 1 }), 'LG_BAD_ID');
      }
      // An equipment window needs an equipment, a supplier window a supplier.
      await expectCode(s.recallImpact({ equipment: { id: k.resinL1, from: T(1, 0), to: T(2, 0) } }), 'LG_BAD_ID');
      await expectCode(s.recallImpact({ supplier: { id: k.press1, from: T(1, 0), to: T(2, 0) } }), 'LG_BAD_ID');
    });

    it('depth, limit, hops, kinds and direction out of range are LG_BAD_PARAM', async () => {
      const s = h.get();
      const t = (q: object) => s.trace({ origin: k.resinL1, direction: 'forward', ...q });
      for (const maxDepth of [-1, 5000, LIMITS.maxDepth + 1, 1.5]) await expectCode(t({ maxDepth }), 'LG_BAD_PARAM');
      for (const limit of [0, -1, LIMITS.maxNodeCap + 1, 2.5]) await expectCode(t({ limit }), 'LG_BAD_PARAM');
      await expectCode(t({ kinds: ['Widget'] }), 'LG_BAD_PARAM');
      await expectCode(t({ kinds: [] }), 'LG_BAD_PARAM');
      await expectCode(s.trace({ origin: k.resinL1, direction: 'sideways' as Direction }), 'LG_BAD_PARAM');
      await expectCode(s.recallImpact({ suspects: [k.resinL1], limit: 0 }), 'LG_BAD_PARAM');
      await expectCode(s.path(k.resinL1, k.cust1, { maxDepth: -1 }), 'LG_BAD_PARAM');
      await expectCode(s.path(k.resinL1, k.cust1, { maxDepth: 5000 }), 'LG_BAD_PARAM');
      for (const hops of [-1, LIMITS.maxNeighbourhoodHops + 1]) await expectCode(s.neighbourhood(k.h1, { hops }), 'LG_BAD_PARAM');
      for (const limit of [0, LIMITS.maxNeighbourhoodCap + 1]) await expectCode(s.neighbourhood(k.h1, { hops: 1, limit }), 'LG_BAD_PARAM');
      await expectCode(s.search(''), 'LG_BAD_PARAM');
      await expectCode(s.search(p, 0), 'LG_BAD_PARAM');
      await expectCode(s.search(p, LIMITS.maxSearchResults + 1), 'LG_BAD_PARAM');
      // A window that ends before it starts.
      await expectCode(s.recallImpact({ equipment: { id: k.press1, from: T(5, 0), to: T(1, 0) } }), 'LG_BAD_PARAM');
    });

    it('an unparseable time is LG_BAD_TIME', async () => {
      const s = h.get();
      for (const asOf of ['yesterday', '2026-13-45', '03/05/2026']) {
        await expectCode(s.trace({ origin: k.resinL1, direction: 'forward', asOf }), 'LG_BAD_TIME');
        await expectCode(s.recallImpact({ suspects: [k.resinL1], asOf }), 'LG_BAD_TIME');
      }
      await expectCode(s.trace({ origin: k.resinL1, direction: 'forward', asOf: Number.NaN }), 'LG_BAD_TIME');
      await expectCode(s.recallImpact({ equipment: { id: k.press1, from: 'soon', to: T(2, 0) } }), 'LG_BAD_TIME');
      await expectCode(s.recallImpact({ supplier: { id: k.supA, from: T(1, 0), to: 'later' } }), 'LG_BAD_TIME');
    });
  });
}
