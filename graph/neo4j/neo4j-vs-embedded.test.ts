// Differential test: the XS plant in Neo4j and in the embedded store must answer alike (traces as
// key -> depth with valid witnesses, recalls field for field). Keys and ids get a per-run prefix,
// so the plant never merges with other data on a shared server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../analytics/db.ts';
import { generatePlant, type PlantMeta } from '../../bench/generate.ts';
import { openEmbeddedStore, type EmbeddedStore } from '../embedded/index.ts';
import type { TraceQuery, TraceResult } from '../store.ts';
import { openNeo4jStore, type Neo4jStore } from './index.ts';
import type { Batch } from '../model.ts';
import { cfgFromEnv, runPrefix } from './test-env.ts';

let neo: Neo4jStore;
let neoCypher: Neo4jStore;
let emb: EmbeddedStore;
let db: Db;
let meta: PlantMeta;
const P = runPrefix();
/** `lot:MAT:L1` -> `lot:<P>MAT:L1`: the first part of every key (and so every material) gets the prefix. */
const pk = (key: string): string => key.slice(0, key.indexOf(':') + 1) + P + key.slice(key.indexOf(':') + 1);
const prefixed = (b: Batch): Batch => ({
  nodes: (b.nodes ?? []).map((n) => ({ ...n, key: pk(n.key), ...(n.ids ? { ids: n.ids.map((i) => P + i) } : {}) })),
  edges: (b.edges ?? []).map((e) => ({ ...e, from: pk(e.from), to: pk(e.to) })),
});

beforeAll(async () => {
  neo = await openNeo4jStore(cfgFromEnv());
  neoCypher = await openNeo4jStore(cfgFromEnv(), { procedures: false });
  db = await openDb(':memory:');
  emb = await openEmbeddedStore(db);
  const plant = generatePlant({ scale: 'XS', seed: 11, batchSize: 2000 });
  for (const raw of plant.batches()) {
    const b = prefixed(raw);
    await emb.upsert(b);
    await neo.upsert(b);
  }
  const m = plant.meta();
  const all = (xs: string[]) => xs.map(pk);
  meta = { ...m, rawLots: all(m.rawLots), commonRawLots: all(m.commonRawLots), heaviestLot: pk(m.heaviestLot), finishedLots: all(m.finishedLots), serials: all(m.serials), equipment: all(m.equipment), suppliers: all(m.suppliers), customers: all(m.customers) };
});

afterAll(async () => {
  await neo?.close();
  await neoCypher?.close();
  await emb?.close();
  await db?.close();
});

/** Depth of every node, and each parent one level up (a valid witness, whichever tie was taken). */
function shape(r: TraceResult): Map<string, number> {
  const depth = new Map(r.nodes.map((n) => [n.key, n.depth]));
  for (const n of r.nodes) {
    const pd = n.parent === null ? undefined : depth.get(n.parent);
    if (pd !== undefined) expect(pd, `parent of ${n.key}`).toBe(n.depth - 1);
  }
  return depth;
}

async function same(q: TraceQuery): Promise<void> {
  await sameOn(neo, q);
  await sameOn(neoCypher, q);
}

async function sameOn(store: Neo4jStore, q: TraceQuery): Promise<void> {
  const [a, b] = [await store.trace(q), await emb.trace(q)];
  expect(a.origin).toEqual(b.origin);
  expect(a.truncated).toBe(b.truncated);
  expect(a.nodes.length).toBe(b.nodes.length);
  expect(a.nodes[0]).toEqual(b.nodes[0]);
  if (!b.truncated) expect(shape(a)).toEqual(shape(b));
  expect([...a.hiddenParents.keys()].length > 0).toBe([...b.hiddenParents.keys()].length > 0);
}

describe('neo4j answers like the embedded store on the XS plant', () => {
  it('forward traces from raw lots, also with asOf, depth, kinds and a cap', async () => {
    for (const o of [...meta.rawLots.slice(0, 4), meta.heaviestLot, ...meta.commonRawLots.slice(0, 2)]) {
      await same({ origin: o, direction: 'forward' });
      await same({ origin: o, direction: 'forward', maxDepth: 3 });
      await same({ origin: o, direction: 'forward', kinds: ['Lot', 'Serial'] });
      await same({ origin: o, direction: 'forward', limit: 5 });
    }
    const t = (await emb.trace({ origin: meta.heaviestLot, direction: 'forward' })).nodes.length;
    expect(t).toBeGreaterThan(20);
  });

  it('backward traces from serials and finished lots', async () => {
    for (const o of [...meta.serials.slice(0, 5), ...meta.finishedLots.slice(0, 3)]) await same({ origin: o, direction: 'backward' });
  });

  it('asOf cuts the same edges', async () => {
    const o = meta.heaviestLot;
    const full = await emb.trace({ origin: o, direction: 'forward' });
    expect(full.nodes.length).toBeGreaterThan(3);
    for (const asOf of ['2020-01-01T00:00:00Z', '2026-02-01T00:00:00Z', '2026-06-01T00:00:00Z', '2030-01-01T00:00:00Z']) {
      await same({ origin: o, direction: 'forward', asOf });
    }
  });

  it('recall of raw lots is identical field for field', async () => {
    for (const o of [meta.rawLots[0]!, meta.heaviestLot, meta.commonRawLots[0]!]) {
      const [a, b] = [await neo.recallImpact({ suspects: [o] }), await emb.recallImpact({ suspects: [o] })];
      expect(a).toEqual(b);
      expect(await neoCypher.recallImpact({ suspects: [o] })).toEqual(b);
      expect(await neo.recallImpact({ suspects: [o], limit: 7 })).toEqual(await emb.recallImpact({ suspects: [o], limit: 7 }));
      expect(b.totals.finishedLots).toBeGreaterThan(0);
    }
  });

  it('recall by equipment and supplier window is identical', async () => {
    const window = { from: '2020-01-01T00:00:00Z', to: '2030-01-01T00:00:00Z' };
    const eq = { id: meta.equipment[0]!, ...window };
    const sup = { id: meta.suppliers[0]!, ...window };
    const [a, b] = [await neo.recallImpact({ equipment: eq }), await emb.recallImpact({ equipment: eq })];
    expect(a.totals).toEqual(b.totals);
    expect(await neoCypher.recallImpact({ equipment: eq })).toEqual(a);
    expect(new Set(a.suspects.map((s) => s.key))).toEqual(new Set(b.suspects.map((s) => s.key)));
    expect(a.finishedLots.map((l) => l.key)).toEqual(b.finishedLots.map((l) => l.key));
    const [c, d] = [await neo.recallImpact({ supplier: sup }), await emb.recallImpact({ supplier: sup })];
    expect(c.totals).toEqual(d.totals);
    expect(c.serials).toEqual(d.serials);
  });

  it('path, neighbourhood and lookup agree', async () => {
    const s = meta.serials[0]!;
    const back = await emb.trace({ origin: s, direction: 'backward' });
    const far = back.nodes[back.nodes.length - 1]!.key;
    const [p, q] = [await neo.path(far, s), await emb.path(far, s)];
    expect(p?.nodes.length).toBe(q?.nodes.length);
    expect(p?.nodes[0]).toEqual(q?.nodes[0]);
    expect(await neo.path(s, far)).toBeNull();
    const [u, v] = [await neo.path(s, far, { undirected: true }), await emb.path(s, far, { undirected: true })];
    expect(u?.edges.length).toBe(v?.edges.length);
    const [n1, n2] = [await neo.neighbourhood(s, { hops: 2 }), await emb.neighbourhood(s, { hops: 2 })];
    expect(new Map(n1.nodes.map((n) => [n.key, n.hops]))).toEqual(new Map(n2.nodes.map((n) => [n.key, n.hops])));
    expect(n1.edges.length).toBe(n2.edges.length);
    expect(await neo.lookup(meta.finishedLots[0]!)).toEqual(await emb.lookup(meta.finishedLots[0]!));
  });
});
