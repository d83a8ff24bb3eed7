/** Path between two entities and the k-hop neighbourhood the explorer shows. */
import { describe, expect } from 'vitest';
import { expectConnectedSubgraph, expectValidPath, sorted } from '../checks.ts';
import { scenarioIt, usePlant, type Suite } from '../suite.ts';

/** Registers the path and neighbourhood scenarios. */
export function exploreScenarios(suite: Suite): void {
  const it = scenarioIt(suite);
  describe('path and neighbourhood', () => {
    const h = usePlant(suite);
    const { fx } = h;
    const { k } = fx;

    // RESIN/L1 -> MOLD1 -> H1 -> ASSY1 -> D1 -> SN1|SN2 -> CASE1 -> PAL1 -> SHP1 -> CUST1: 9 edges, forward.
    // Backward (CUST1 to RESIN/L1) there is no forward path; undirected there is, 9 edges again.
    it('finds a shortest forward path, or none', async () => {
      const s = h.get();
      const r = await s.path(k.resinL1, k.cust1);
      expect(r).not.toBeNull();
      expect(r!.edges).toHaveLength(9);
      expectValidPath(r!, fx, k.resinL1, k.cust1);
      expect(await s.path(k.cust1, k.resinL1)).toBeNull();
      const u = await s.path(k.cust1, k.resinL1, { undirected: true });
      expect(u!.edges).toHaveLength(9);
      expectValidPath(u!, fx, k.cust1, k.resinL1, true);
      // maxDepth bounds the search: 8 is too short, 9 is enough.
      expect(await s.path(k.resinL1, k.cust1, { maxDepth: 8 })).toBeNull();
      expect((await s.path(k.resinL1, k.cust1, { maxDepth: 9 }))!.edges).toHaveLength(9);
    });

    // RESIN/L1 and PCB/L1 meet only at ASSY1: no forward path; undirected
    // RESIN/L1 -> MOLD1 -> H1 -> ASSY1 <- B1 <- SMT1 <- PCB/L1 = 6 edges.
    // H1 and H2 share the HOUSING material (OF_MATERIAL, 2 edges) but a path uses flow edges only:
    // H1 <- MOLD1 <- PRESS1 -> MOLD2 -> H2 = 4 edges.
    it('undirected paths follow flow edges only', async () => {
      const s = h.get();
      expect(await s.path(k.resinL1, k.pcbL1)).toBeNull();
      const r = await s.path(k.resinL1, k.pcbL1, { undirected: true });
      expect(r!.edges).toHaveLength(6);
      expectValidPath(r!, fx, k.resinL1, k.pcbL1, true);
      const hh = await s.path(k.h1, k.h2, { undirected: true });
      expect(hh!.nodes.map((n) => n.key)).toEqual([k.h1, k.mold1, k.press1, k.mold2, k.h2]);
      expectValidPath(hh!, fx, k.h1, k.h2, true);
      // D1 and D2: D1 -HAS_UNIT-> SN3 -SHIPPED_IN-> SHP2 <-SHIPPED_IN- D2 (3 edges; through H1 it takes 4).
      const dd = await s.path(k.d1, k.d2, { undirected: true });
      expect(dd!.nodes.map((n) => n.key)).toEqual([k.d1, k.s3, k.shp2, k.d2]);
      expectValidPath(dd!, fx, k.d1, k.d2, true);
    });

    // Around H1 along every edge kind (OF_MATERIAL included), both ways:
    // hops 1: H1 0 | MOLD1 1 (PRODUCED in), ASSY1 1, ASSY2 1 (CONSUMED_BY out), HOUSING 1 (OF_MATERIAL out)
    // hops 2: + RESIN/L1, PRESS1 (into MOLD1), B1, D1 (around ASSY1), D2 (out of ASSY2), H2 (OF_MATERIAL into HOUSING) = 11
    it('returns the k-hop neighbourhood with hops', async () => {
      const s = h.get();
      const one = await s.neighbourhood(k.h1, { hops: 1 });
      expect(one.center).toBe(k.h1);
      expect(one.truncated).toBe(false);
      const hops = (g: typeof one) => Object.fromEntries(g.nodes.map((n) => [n.key, n.hops]));
      expect(hops(one)).toEqual({ [k.h1]: 0, [k.mold1]: 1, [k.assy1]: 1, [k.assy2]: 1, [k.mHousing]: 1 });
      expectConnectedSubgraph(one, fx);
      expect(one.nodes.find((n) => n.key === k.mHousing)).toMatchObject({ kind: 'Material', props: { category: 'component', name: 'Housing' } });
      const two = await s.neighbourhood(k.h1, { hops: 2 });
      expect(hops(two)).toEqual({
        [k.h1]: 0, [k.mold1]: 1, [k.assy1]: 1, [k.assy2]: 1, [k.mHousing]: 1,
        [k.resinL1]: 2, [k.press1]: 2, [k.b1]: 2, [k.d1]: 2, [k.d2]: 2, [k.h2]: 2,
      });
      expect(two.truncated).toBe(false);
      expectConnectedSubgraph(two, fx);
      const zero = await s.neighbourhood(k.h1, { hops: 0 });
      expect(hops(zero)).toEqual({ [k.h1]: 0 });
      expect(zero.edges).toEqual([]);
    });

    // Direction: forward hops 1 from H1 = H1, ASSY1, ASSY2, HOUSING; forward hops 2 adds D1, D2; backward hops 1 = H1, MOLD1.
    it('honours the direction', async () => {
      const s = h.get();
      const keysOf = (g: { nodes: { key: string }[] }) => sorted(g.nodes.map((n) => n.key));
      expect(keysOf(await s.neighbourhood(k.h1, { hops: 1, direction: 'forward' }))).toEqual(sorted([k.h1, k.assy1, k.assy2, k.mHousing]));
      expect(keysOf(await s.neighbourhood(k.h1, { hops: 2, direction: 'forward' }))).toEqual(sorted([k.h1, k.assy1, k.assy2, k.mHousing, k.d1, k.d2]));
      expect(keysOf(await s.neighbourhood(k.h1, { hops: 1, direction: 'backward' }))).toEqual(sorted([k.h1, k.mold1]));
    });

    // Cap 5 at hops 2: exactly the five nodes within 1 hop, truncated. Cap 11 (= all): not truncated.
    it('caps the neighbourhood with an explicit truncated flag', async () => {
      const s = h.get();
      const capped = await s.neighbourhood(k.h1, { hops: 2, limit: 5 });
      expect(capped.truncated).toBe(true);
      expect(sorted(capped.nodes.map((n) => n.key))).toEqual(sorted([k.h1, k.mold1, k.assy1, k.assy2, k.mHousing]));
      expectConnectedSubgraph(capped, fx);
      const full = await s.neighbourhood(k.h1, { hops: 2, limit: 11 });
      expect(full.truncated).toBe(false);
      expect(full.nodes).toHaveLength(11);
    });
  });
}
