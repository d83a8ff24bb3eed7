// The state search of traverse(): a state whose window lies within one already visited at its
// node is not expanded again; one that does not is, without reporting the node twice.
import { describe, expect, it } from 'vitest';
import { containerKey, lotKey } from '../keys.ts';
import type { NodeKind } from '../model.ts';
import { EDGE_CODE, GraphIndex } from './graph-index.ts';
import { traverse } from './traverse.ts';

/** L1, L2, L3 packed into TOTE at 08:00, 09:00, 07:00 (never unpacked); TOTE onto PAL (no times). */
function plant(compact: boolean): { ix: GraphIndex; ids: Record<string, number>; onPallet: number } {
  const ix = new GraphIndex();
  const ids: Record<string, number> = {};
  const add = (kind: NodeKind, key: string) => (ids[key] = ix.addNode(kind, key, [], undefined));
  for (const l of ['L1', 'L2', 'L3']) add('Lot', lotKey('M', l));
  add('Container', containerKey('TOTE'));
  add('Container', containerKey('PAL'));
  const tote = ids[containerKey('TOTE')]!;
  [8, 9, 7].forEach((hour, i) => ix.addEdge(ids[lotKey('M', `L${i + 1}`)]!, tote, EDGE_CODE.PACKED_INTO, Date.UTC(2026, 0, 1, hour), null, null, null));
  const onPallet = ix.addEdge(tote, ids[containerKey('PAL')]!, EDGE_CODE.PACKED_INTO, null, null, null, null);
  if (compact) ix.compact();
  return { ix, ids, onPallet };
}

describe('traverse in time', () => {
  for (const compact of [false, true]) {
    it(`expands a container once per window not within an earlier one (${compact ? 'CSR' : 'delta'})`, () => {
      const { ix, ids, onPallet } = plant(compact);
      let expansions = 0;
      const edgeOk = (e: number) => {
        if (e === onPallet) expansions++;
        return true;
      };
      const seeds = ['L1', 'L2', 'L3'].map((l) => ids[lotKey('M', l)]!);
      const v = traverse(ix, seeds, { way: 'out', maxDepth: 10, limit: 100, edgeOk });
      // TOTE [08, +inf) from L1; [09, +inf) from L2 lies within it: skipped; [07, +inf) from L3: expanded
      expect(expansions).toBe(2);
      const rows = Array.from({ length: v.count }, (_, i) => [ix.keys[v.node[i]!], v.depth[i], v.parent[i]]);
      expect(rows).toEqual([
        [lotKey('M', 'L1'), 0, -1],
        [lotKey('M', 'L2'), 0, -1],
        [lotKey('M', 'L3'), 0, -1],
        [containerKey('TOTE'), 1, 0],
        [containerKey('PAL'), 2, 3],
      ]);
      // without windows (a path) the tote is expanded once
      expansions = 0;
      traverse(ix, seeds, { way: 'out', maxDepth: 10, limit: 100, edgeOk, inTime: false });
      expect(expansions).toBe(1);
    });
  }
});
