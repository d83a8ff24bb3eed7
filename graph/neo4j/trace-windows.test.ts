// Containment in time (graph/store.ts) in the plugin's lotgraph.trace: a reused tote, a case in a
// reused pallet (nested windows) and null times, through the adapter (procedure engine) and through
// the procedure on both of its engines (projection and store cursors), which must agree; the recall
// (store path with edges) lists only the shipments of its own packing episode. Real Neo4j, keys
// prefixed per run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLOW_EDGE_KINDS, type Batch } from '../model.ts';
import { openNeo4jStore, type Neo4jStore } from './index.ts';
import { cfgFromEnv, runPrefix } from './test-env.ts';

// Episodes days apart: a containment is widened by CONTAINMENT_MARGIN (a day before, an hour after).
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 5);
const at = (day: number): number => T0 + day * DAY;

let store: Neo4jStore;
const P = runPrefix();
const k = {
  A: `lot:${P}M:A`, B: `lot:${P}M:B`, TOTE: `container:${P}TOTE`, S1: `shipment:${P}S1`, S2: `shipment:${P}S2`,
  C: `lot:${P}M:C`, D: `lot:${P}M:D`, K1: `container:${P}K1`, K2: `container:${P}K2`, PAL: `container:${P}PAL`, S3: `shipment:${P}S3`, S4: `shipment:${P}S4`,
  G: `lot:${P}M:G`, H: `lot:${P}M:H`, L: `lot:${P}M:L`, T3: `container:${P}T3`, W: `op:${P}W`, W0: `op:${P}W0`,
  E: `lot:${P}M:E`, F: `lot:${P}M:F`, T2: `container:${P}T2`, S5: `shipment:${P}S5`, S6: `shipment:${P}S6`, S7: `shipment:${P}S7`,
};

const batch: Batch = {
  nodes: [
    ...[k.A, k.B, k.C, k.D, k.E, k.F, k.G, k.H, k.L].map((key) => ({ kind: 'Lot' as const, key })),
    ...[k.TOTE, k.K1, k.K2, k.PAL, k.T2, k.T3].map((key) => ({ kind: 'Container' as const, key })),
    ...[k.W, k.W0].map((key) => ({ kind: 'Operation' as const, key })),
    ...[k.S1, k.S2, k.S3, k.S4, k.S5, k.S6, k.S7].map((key) => ({ kind: 'Shipment' as const, key })),
  ],
  edges: [
    // a reused tote: A in it days 8-10, shipped on day 9; B from day 11 (still in), shipped on day 12
    { kind: 'PACKED_INTO', from: k.A, to: k.TOTE, at: at(8), until: at(10) },
    { kind: 'SHIPPED_IN', from: k.TOTE, to: k.S1, at: at(9) },
    { kind: 'PACKED_INTO', from: k.B, to: k.TOTE, at: at(11) },
    { kind: 'SHIPPED_IN', from: k.TOTE, to: k.S2, at: at(12) },
    // a case K1 in a reused pallet days 7-10 (C in K1 days 8-9, D 9.5-10), the pallet shipped on day
    // 8.25; then K2 in it days 11-14, shipped on day 12
    { kind: 'PACKED_INTO', from: k.C, to: k.K1, at: at(8), until: at(9) },
    { kind: 'PACKED_INTO', from: k.D, to: k.K1, at: at(9.5), until: at(10) },
    { kind: 'PACKED_INTO', from: k.K1, to: k.PAL, at: at(7), until: at(10) },
    { kind: 'SHIPPED_IN', from: k.PAL, to: k.S3, at: at(8.25) },
    { kind: 'PACKED_INTO', from: k.K2, to: k.PAL, at: at(11), until: at(14) },
    { kind: 'SHIPPED_IN', from: k.PAL, to: k.S4, at: at(12) },
    // an operation uses tote T3 on day 9 (G in it days 8-10, H from day 11) and lot L, which W0 made
    { kind: 'PACKED_INTO', from: k.G, to: k.T3, at: at(8), until: at(10) },
    { kind: 'PACKED_INTO', from: k.H, to: k.T3, at: at(11) },
    { kind: 'CONSUMED_BY', from: k.T3, to: k.W, at: at(9) },
    { kind: 'CONSUMED_BY', from: k.L, to: k.W, at: at(9) },
    { kind: 'PRODUCED', from: k.W0, to: k.L, at: at(7) },
    // null times are unbounded: E in T2 with neither, F from day 50; T2 shipped on days 1 and 100 and at no time
    { kind: 'PACKED_INTO', from: k.E, to: k.T2 },
    { kind: 'PACKED_INTO', from: k.F, to: k.T2, at: at(50) },
    { kind: 'SHIPPED_IN', from: k.T2, to: k.S5, at: at(1) },
    { kind: 'SHIPPED_IN', from: k.T2, to: k.S6, at: at(100) },
    { kind: 'SHIPPED_IN', from: k.T2, to: k.S7 },
  ],
};

beforeAll(async () => {
  store = await openNeo4jStore(cfgFromEnv());
  await store.upsert(batch);
});
afterAll(async () => {
  await store?.close();
});

const keys = async (origin: string, direction: 'forward' | 'backward', asOf?: number): Promise<string[]> =>
  (await store.trace({ origin, direction, ...(asOf === undefined ? {} : { asOf }) })).nodes.map((n) => n.key).sort();

const sorted = (...xs: string[]): string[] => [...xs].sort();

const TRACE = `MATCH (o:Node {key: $key})
CALL lotgraph.trace([id(o)], $types, $way, 50, null, 1000, false, [], [], $engine) YIELD keys, parents, truncated
RETURN keys, parents, truncated`;

/** The procedure's answer on one engine. */
async function proc(key: string, way: 'out' | 'in', engine: 'projection' | 'store'): Promise<Record<string, unknown>> {
  const [row] = await store.conn.readOnce({ text: TRACE, params: { key, types: [...FLOW_EDGE_KINDS], way, engine } }, 'tracing');
  return row!;
}

describe('lotgraph.trace follows containers in time', () => {
  it('a reused tote: each lot reaches the shipments of its own episode, each shipment the lots of its own', async () => {
    expect(await keys(k.A, 'forward')).toEqual(sorted(k.A, k.TOTE, k.S1));
    expect(await keys(k.B, 'forward')).toEqual(sorted(k.B, k.TOTE, k.S2));
    expect(await keys(k.S2, 'backward')).toEqual(sorted(k.S2, k.TOTE, k.B));
    expect(await keys(k.S1, 'backward')).toEqual(sorted(k.S1, k.TOTE, k.A));
    // the tote itself (unbounded) still reaches both shipments and both lots
    expect(await keys(k.TOTE, 'forward')).toEqual(sorted(k.TOTE, k.S1, k.S2));
    expect(await keys(k.TOTE, 'backward')).toEqual(sorted(k.TOTE, k.A, k.B));
  });

  it('nested windows: a case in a reused pallet narrows the window to both containments', async () => {
    expect(await keys(k.C, 'forward')).toEqual(sorted(k.C, k.K1, k.PAL, k.S3));
    // D was in K1 while K1 was on the pallet, but only after the pallet shipped (day 8.25, D from 8.5 with the margin)
    expect(await keys(k.D, 'forward')).toEqual(sorted(k.D, k.K1, k.PAL));
    expect(await keys(k.S3, 'backward')).toEqual(sorted(k.S3, k.PAL, k.K1, k.C));
    expect(await keys(k.S4, 'backward')).toEqual(sorted(k.S4, k.PAL, k.K2));
    expect(await keys(k.K2, 'forward')).toEqual(sorted(k.K2, k.PAL, k.S4));
  });

  it('backward, a consumption at t leads to what the container held at t; a consumed lot is traced on as before', async () => {
    expect(await keys(k.W, 'backward')).toEqual(sorted(k.W, k.T3, k.G, k.L, k.W0));
    expect(await keys(k.H, 'forward')).toEqual(sorted(k.H, k.T3));
    expect(await keys(k.G, 'forward')).toEqual(sorted(k.G, k.T3, k.W));
  });

  it('null at or until is unbounded on that side, and an edge without a time is followed', async () => {
    expect(await keys(k.E, 'forward')).toEqual(sorted(k.E, k.T2, k.S5, k.S6, k.S7));
    expect(await keys(k.F, 'forward')).toEqual(sorted(k.F, k.T2, k.S6, k.S7));
    expect(await keys(k.S5, 'backward')).toEqual(sorted(k.S5, k.T2, k.E));
    expect(await keys(k.S6, 'backward')).toEqual(sorted(k.S6, k.T2, k.E, k.F));
    expect(await keys(k.S7, 'backward')).toEqual(sorted(k.S7, k.T2, k.E, k.F));
  });

  it('the margin: a shipment up to a day before the packing or an hour after the unpacking is in', async () => {
    const m = runPrefix();
    const [x, y, t, early, late, tooLate] = [`lot:${m}M:X`, `lot:${m}M:Y`, `container:${m}T`, `shipment:${m}E`, `shipment:${m}L`, `shipment:${m}LL`];
    await store.upsert({
      edges: [
        { kind: 'PACKED_INTO', from: x, to: t, at: at(3), until: at(4) },
        { kind: 'SHIPPED_IN', from: t, to: early, at: at(2) + 1 },
        { kind: 'SHIPPED_IN', from: t, to: late, at: at(4) + 3_600_000 },
        { kind: 'SHIPPED_IN', from: t, to: tooLate, at: at(4) + 3_600_001 },
        { kind: 'PACKED_INTO', from: y, to: t, at: at(4) + 3_600_001 + DAY },
      ],
    });
    expect(await keys(x, 'forward')).toEqual(sorted(x, t, early, late));
    expect(await keys(tooLate, 'backward')).toEqual(sorted(tooLate, t, y));
  });

  it('depths and parents are those of the first discovery; asOf still applies', async () => {
    const t = await store.trace({ origin: k.S3, direction: 'backward' });
    expect(t.nodes.map((n) => [n.key, n.depth, n.parent])).toEqual([[k.S3, 0, null], [k.PAL, 1, k.S3], [k.K1, 2, k.PAL], [k.C, 3, k.K1]]);
    expect(await keys(k.B, 'forward', at(11.5))).toEqual(sorted(k.B, k.TOTE));
  });

  it('the projection and the store cursors give the same answers', async () => {
    for (const key of Object.values(k)) {
      for (const way of ['out', 'in'] as const) {
        expect(await proc(key, way, 'projection'), `${key} ${way}`).toEqual(await proc(key, way, 'store'));
      }
    }
  });

  it('random containments: the projection (plain search until a window arises) and the store cursors agree', async () => {
    // Deterministic pseudo-random numbers (mulberry32), so a failure replays.
    let seed = 20261204;
    const rand = (): number => {
      seed = (seed + 0x6d2b79f5) >>> 0;
      let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const R = runPrefix();
    const lots = Array.from({ length: 12 }, (_, i) => `lot:${R}M:L${i}`);
    const boxes = Array.from({ length: 8 }, (_, i) => `container:${R}C${i}`);
    const ships = Array.from({ length: 6 }, (_, i) => `shipment:${R}S${i}`);
    const ops = Array.from({ length: 4 }, (_, i) => `op:${R}W${i}`);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const time = (): number | null => (rand() < 0.15 ? null : at(Math.floor(rand() * 20)));
    const edges: Batch['edges'] = [];
    for (let i = 0; i < 60; i++) {
      const x = rand();
      if (x < 0.45) {
        const a = time();
        const u = rand() < 0.4 ? null : (a ?? at(0)) + Math.floor(rand() * 6) * DAY;
        edges.push({ kind: 'PACKED_INTO', from: rand() < 0.6 ? pick(lots) : pick(boxes), to: pick(boxes), at: a, until: u });
      } else if (x < 0.7) edges.push({ kind: 'SHIPPED_IN', from: pick(boxes), to: pick(ships), at: time() });
      else if (x < 0.85) edges.push({ kind: 'CONSUMED_BY', from: rand() < 0.5 ? pick(lots) : pick(boxes), to: pick(ops), at: time() });
      else edges.push({ kind: 'PRODUCED', from: pick(ops), to: pick(lots), at: time() });
    }
    await store.upsert({ edges: edges.filter((e) => e.from !== e.to) });
    const q = `MATCH (o:Node {key: $key})
CALL lotgraph.trace([id(o)], $types, $way, $maxDepth, $asOf, $limit, false, [], [], $engine, $margin) YIELD keys, parents, truncated
RETURN keys, parents, truncated`;
    let compared = 0;
    for (const key of [...lots, ...boxes, ...ships, ...ops]) {
      for (const way of ['out', 'in'] as const) {
        const params = { key, types: [...FLOW_EDGE_KINDS], way, maxDepth: 1 + Math.floor(rand() * 6), asOf: rand() < 0.3 ? at(10) : null, limit: 2 + Math.floor(rand() * 30), margin: [DAY, 3_600_000] };
        const [p] = await store.conn.readOnce({ text: q, params: { ...params, engine: 'projection' } }, 'tracing');
        const [c] = await store.conn.readOnce({ text: q, params: { ...params, engine: 'store' } }, 'tracing');
        expect(p, `${key} ${way} ${JSON.stringify(params)}`).toEqual(c);
        const [u] = await store.conn.readOnce({ text: q, params: { ...params, engine: 'store', margin: null, limit: 1000, maxDepth: 50, asOf: null } }, 'tracing');
        const [w] = await store.conn.readOnce({ text: q, params: { ...params, engine: 'projection', margin: null, limit: 1000, maxDepth: 50, asOf: null } }, 'tracing');
        expect(w, `${key} ${way} uncapped`).toEqual(u);
        if (u && String(u.keys).split('\n').length > 2) compared++;
      }
    }
    expect(compared).toBeGreaterThan(20);
  });

  it('a recall of the first episode lists its shipment only', async () => {
    const r = await store.recallImpact({ suspects: [k.A] });
    expect(r.shipments.map((s) => s.key)).toEqual([k.S1]);
    const b = await store.recallImpact({ suspects: [k.B] });
    expect(b.shipments.map((s) => s.key)).toEqual([k.S2]);
    const d = await store.recallImpact({ suspects: [k.D] });
    expect(d.shipments).toEqual([]);
  });
});
