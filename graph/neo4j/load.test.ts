// Neo4jStore.load (the bulk path: each batch's nodes, then its edges, the edges of one batch written
// while the nodes of the next are) must store and count exactly what upsert does batch by batch.
// Keys get a per-run prefix, so the data never meets other tests' on a shared server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePlant } from '../../bench/generate.ts';
import type { Batch } from '../model.ts';
import type { UpsertResult } from '../store.ts';
import { openNeo4jStore, type Neo4jStore } from './index.ts';
import { cfgFromEnv, runPrefix } from './test-env.ts';

let neo: Neo4jStore;
beforeAll(async () => {
  neo = await openNeo4jStore(cfgFromEnv());
});
afterAll(async () => {
  await neo?.close();
});

/** `lot:MAT:L1` -> `lot:<P>MAT:L1`, ids prefixed too. */
function prefixer(P: string) {
  const pk = (key: string): string => key.slice(0, key.indexOf(':') + 1) + P + key.slice(key.indexOf(':') + 1);
  return (b: Batch): Batch => ({
    nodes: (b.nodes ?? []).map((n) => ({ ...n, key: pk(n.key), ...(n.ids ? { ids: n.ids.map((i) => P + i) } : {}) })),
    edges: (b.edges ?? []).map((e) => ({ ...e, from: pk(e.from), to: pk(e.to) })),
    ...(b.removeEdges ? { removeEdges: b.removeEdges.map((e) => ({ ...e, from: pk(e.from), to: pk(e.to) })) } : {}),
  });
}

const sum = (rs: UpsertResult[]): UpsertResult =>
  rs.reduce((a, r) => ({ nodesCreated: a.nodesCreated + r.nodesCreated, nodesUpdated: a.nodesUpdated + r.nodesUpdated, edgesCreated: a.edgesCreated + r.edgesCreated, edgesUpdated: a.edgesUpdated + r.edgesUpdated, edgesRemoved: a.edgesRemoved + r.edgesRemoved, unchanged: a.unchanged + r.unchanged }));

/** Batches that update, re-give and remove across batch boundaries (bare endpoints, props merged, an edge re-added). */
const tricky: Batch[] = [
  { nodes: [{ kind: 'Lot', key: 'lot:M1:A', ids: ['A'], props: { q: 1 } }], edges: [{ kind: 'CONSUMED_BY', from: 'lot:M1:A', to: 'op:W1', at: 1000, qty: 2, uom: 'kg' }, { kind: 'USED_IN', from: 'equipment:E1', to: 'op:W1', at: 1000 }] },
  { nodes: [{ kind: 'Lot', key: 'lot:M1:A', ids: ['A2'], props: { r: 'x' } }, { kind: 'Operation', key: 'op:W1', props: { p: 1 } }], edges: [{ kind: 'CONSUMED_BY', from: 'lot:M1:A', to: 'op:W1', at: 2000, qty: 3, uom: 'kg' }, { kind: 'PRODUCED', from: 'op:W1', to: 'lot:M2:B', at: 2000 }] },
  { edges: [{ kind: 'PRODUCED', from: 'op:W1', to: 'lot:M2:B', at: 2000 }], removeEdges: [{ kind: 'USED_IN', from: 'equipment:E1', to: 'op:W1' }] },
  { edges: [{ kind: 'USED_IN', from: 'equipment:E1', to: 'op:W1', at: 3000 }, { kind: 'CONSUMED_BY', from: 'lot:M2:B', to: 'op:W2', at: 3000 }] },
];

describe('Neo4jStore.load', () => {
  it('stores and counts what upsert does batch by batch, the second time too', async () => {
    const [P1, P2] = [runPrefix(), runPrefix()];
    const [p1, p2] = [prefixer(P1), prefixer(P2)];
    const upserted = async () => {
      const rs: UpsertResult[] = [];
      for (const b of tricky) rs.push(await neo.upsert(p1(b)));
      return rs;
    };
    for (let round = 1; round <= 2; round++) {
      const byUpsert = await upserted();
      const perBatch: UpsertResult[] = [];
      const total = await neo.load(tricky.map(p2), (_, r) => perBatch.push(r));
      expect(perBatch, `round ${round}`).toEqual(byUpsert);
      expect(total, `round ${round}`).toEqual(sum(byUpsert));
    }
    // Same nodes and edges either way (prefixes taken out).
    const keyOf = (p: (b: Batch) => Batch, k: string) => p({ nodes: [{ kind: 'Lot', key: k }] }).nodes![0]!.key;
    const plain = (s: string) => s.replaceAll(P1, '').replaceAll(P2, '');
    for (const k of ['lot:M1:A', 'op:W1', 'lot:M2:B', 'equipment:E1', 'op:W2']) {
      const [a, b] = [await neo.neighbourhood(keyOf(p1, k), { hops: 1 }), await neo.neighbourhood(keyOf(p2, k), { hops: 1 })];
      const view = (g: typeof a) => ({
        nodes: g.nodes.map((n) => ({ ...n, key: plain(n.key), ids: n.ids.map(plain) })).sort((x, y) => x.key.localeCompare(y.key)),
        edges: g.edges.map((e) => ({ ...e, from: plain(e.from), to: plain(e.to) })).sort((x, y) => `${x.kind}${x.from}${x.to}`.localeCompare(`${y.kind}${y.from}${y.to}`)),
      });
      expect(view(b), k).toEqual(view(a));
    }
  });

  it('loads the XS plant, each edge created once; a second load finds everything unchanged', async () => {
    const p = prefixer(runPrefix());
    const batches = [...generatePlant({ scale: 'XS', seed: 5, batchSize: 700 }).batches()].map(p);
    const first = await neo.load(batches);
    const nodes = batches.reduce((n, b) => n + (b.nodes?.length ?? 0), 0);
    const edges = batches.reduce((n, b) => n + (b.edges?.length ?? 0), 0);
    expect(first.edgesCreated).toBe(edges);
    expect(first.nodesCreated).toBeGreaterThanOrEqual(new Set(batches.flatMap((b) => (b.nodes ?? []).map((x) => x.key))).size);
    expect(first.nodesCreated + first.nodesUpdated + first.unchanged).toBeGreaterThanOrEqual(nodes);
    const second = await neo.load(batches);
    expect(second).toEqual({ nodesCreated: 0, nodesUpdated: 0, edgesCreated: 0, edgesUpdated: 0, edgesRemoved: 0, unchanged: nodes + edges });
  });

  it('stops at an invalid batch (LG_INVALID_BATCH); the batches before it are stored', async () => {
    const p = prefixer(runPrefix());
    const good = p({ nodes: [{ kind: 'Lot', key: 'lot:M1:OK' }] });
    const bad = p({ edges: [{ kind: 'HAS_UNIT', from: 'op:W1', to: 'lot:M1:OK' }] });
    await expect(neo.load([good, bad, p({ nodes: [{ kind: 'Lot', key: 'lot:M1:LATER' }] })])).rejects.toMatchObject({ code: 'LG_INVALID_BATCH' });
    expect((await neo.lookup(good.nodes![0]!.key)).key).toBe(good.nodes![0]!.key);
    await expect(neo.lookup(p({ nodes: [{ kind: 'Lot', key: 'lot:M1:LATER' }] }).nodes![0]!.key)).rejects.toMatchObject({ code: 'LG_NOT_FOUND' });
  });
});
