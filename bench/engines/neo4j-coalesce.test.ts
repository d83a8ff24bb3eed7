// The Neo4j bench engine merges the plant's batches into larger ones (no database needed).
import { describe, expect, it } from 'vitest';
import type { Batch } from '../../graph/model.ts';
import { coalesce } from './neo4j.ts';

const lot = (i: number) => ({ kind: 'Lot' as const, key: `lot:M:${i}` });
const edge = (i: number) => ({ kind: 'OF_MATERIAL' as const, from: `lot:M:${i}`, to: 'material:M' });
const collect = async (it: AsyncIterable<Batch>) => {
  const out: Batch[] = [];
  for await (const b of it) out.push(b);
  return out;
};

describe('coalesce', () => {
  it('merges batches in order until each holds at least `size` records, the rest in a last one', async () => {
    const parts: Batch[] = [0, 1, 2, 3, 4].map((i) => ({ nodes: [lot(i)], edges: [edge(i), edge(i + 10)] }));
    const out = await collect(coalesce(parts, 5));
    expect(out.map((b) => (b.nodes?.length ?? 0) + (b.edges?.length ?? 0))).toEqual([6, 6, 3]);
    expect(out.flatMap((b) => b.nodes)).toEqual(parts.flatMap((b) => b.nodes));
    expect(out.flatMap((b) => b.edges)).toEqual(parts.flatMap((b) => b.edges));
  });

  it('passes a batch with removals on alone, after what came before it', async () => {
    const removal: Batch = { removeEdges: [{ kind: 'OF_MATERIAL', from: 'lot:M:1', to: 'material:M' }] };
    const out = await collect(coalesce([{ nodes: [lot(1)] }, removal, { edges: [edge(1)] }], 100));
    expect(out).toEqual([{ nodes: [lot(1)], edges: [] }, removal, { nodes: [], edges: [edge(1)] }]);
  });
});
