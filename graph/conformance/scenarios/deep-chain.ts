/** Long chains and long cycles: traversal is iterative, reaches depth 1000, and terminates on a 500-edge loop. */
import { describe, expect } from 'vitest';
import { lotKey, operationKey } from '../../keys.ts';
import type { EdgeInput } from '../../model.ts';
import { runPrefix } from '../fixtures.ts';
import { scenarioIt, useStore, type Suite } from '../suite.ts';

/**
 * Chain: A0 -CONSUMED_BY-> AO1 -PRODUCED-> A1 -> ... -> AO500 -> A500 : 1,000 edges, 1,001 nodes, A_i at depth 2i.
 * Loop:  B0 -> BO1 -> B1 -> ... -> BO250 -> B250 -CONSUMED_BY-> BX -PRODUCED-> B0 : 502 nodes in one cycle.
 */
function chains(p: string) {
  const a = (i: number) => lotKey(`${p}-MA`, `${p}-A${i}`);
  const ao = (i: number) => operationKey(`${p}-AO${i}`);
  const b = (i: number) => lotKey(`${p}-MB`, `${p}-B${i}`);
  const bo = (i: number) => operationKey(`${p}-BO${i}`);
  const bx = operationKey(`${p}-BX`);
  const edges: EdgeInput[] = [];
  for (let i = 1; i <= 500; i++) edges.push({ kind: 'CONSUMED_BY', from: a(i - 1), to: ao(i) }, { kind: 'PRODUCED', from: ao(i), to: a(i) });
  for (let i = 1; i <= 250; i++) edges.push({ kind: 'CONSUMED_BY', from: b(i - 1), to: bo(i) }, { kind: 'PRODUCED', from: bo(i), to: b(i) });
  edges.push({ kind: 'CONSUMED_BY', from: b(250), to: bx }, { kind: 'PRODUCED', from: bx, to: b(0) });
  return { a, b, bx, edges };
}

/** Registers the long-chain scenarios. */
export function deepChainScenarios(suite: Suite): void {
  const it = scenarioIt(suite);
  describe('long chains and cycles', () => {
    const c = chains(runPrefix());
    const h = useStore(suite, async (s) => {
      await s.upsert({ edges: c.edges });
    });

    it('reaches depth 1000 along a chain, both ways, and stops at maxDepth', async () => {
      const s = h.get();
      const f = await s.trace({ origin: c.a(0), direction: 'forward' });
      expect(f.truncated).toBe(false);
      expect(f.nodes).toHaveLength(1001);
      expect(f.nodes[f.nodes.length - 1]).toMatchObject({ key: c.a(500), depth: 1000 });
      const b = await s.trace({ origin: c.a(500), direction: 'backward', kinds: ['Lot'] });
      expect(b.nodes).toHaveLength(501);
      expect(b.nodes.find((n) => n.key === c.a(0))?.depth).toBe(1000);
      const cut = await s.trace({ origin: c.a(0), direction: 'forward', maxDepth: 999 });
      expect(cut.nodes).toHaveLength(1000);
      expect(cut.truncated).toBe(false);
      expect(cut.nodes.some((n) => n.key === c.a(500))).toBe(false);
      const path = await s.path(c.a(0), c.a(500));
      expect(path?.edges).toHaveLength(1000);
    });

    // Forward from B0: B_i at 2i, BX at 501, then B0 again (already seen): 502 nodes.
    // Backward from B0: BX 1, B250 2, BO250 3, ..., B_i at 2 + 2(250 - i), BO1 at 501: 502 nodes.
    it('terminates on a long cycle with shortest depths', async () => {
      const s = h.get();
      const f = await s.trace({ origin: c.b(0), direction: 'forward' });
      expect(f.nodes).toHaveLength(502);
      const fd = new Map(f.nodes.map((n) => [n.key, n.depth]));
      expect([fd.get(c.b(1)), fd.get(c.b(250)), fd.get(c.bx)]).toEqual([2, 500, 501]);
      const b = await s.trace({ origin: c.b(0), direction: 'backward' });
      expect(b.nodes).toHaveLength(502);
      const bd = new Map(b.nodes.map((n) => [n.key, n.depth]));
      expect([bd.get(c.bx), bd.get(c.b(250)), bd.get(c.b(1))]).toEqual([1, 2, 500]);
    });
  });
}
