// Seeded randomized differential test of containment in time (graph/store.ts "Containment in
// time"): random worlds with reused totes, cases on pallets (nested windows), a serialised case,
// untimed edges, shipments, consumptions and a consumed container, written to the embedded store
// and to Neo4j. Traces from many origins agree across the embedded store, the Cypher engine and the
// plugin, and with a reference state search over the world's edge list written here from the spec
// (no optimisation, so a bug all engines share shows); recalls agree field for field. Times are
// spread over hours and days, so both margins of CONTAINMENT_MARGIN decide edges.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../analytics/db.ts';
import { Rng } from '../../bench/prng.ts';
import { openEmbeddedStore, type EmbeddedStore } from '../embedded/index.ts';
import { containerKey, customerKey, lotKey, materialKey, operationKey, serialKey, shipmentKey, supplierKey } from '../keys.ts';
import { containmentWindow, type EdgeInput, type EdgeKind, type NodeInput } from '../model.ts';
import type { Direction, GraphStore, TraceQuery, TraceResult } from '../store.ts';
import { openNeo4jStore, type Neo4jStore } from './index.ts';
import { cfgFromEnv, runPrefix } from './test-env.ts';

const SEED = Number(process.env.LOTGRAPH_DIFF_SEED ?? 20261204);
const WORLDS = 4;
const H = 3_600_000;
const T0 = Date.UTC(2026, 2, 1);

interface Edge { kind: EdgeKind; from: string; to: string; at: number | null; until: number | null }
interface World { nodes: NodeInput[]; edges: Edge[]; keys: string[]; items: string[]; t: (h: number) => number }

/** A random world under prefix `p`: keys are unique to it. */
function makeWorld(rng: Rng, p: string): World {
  const part = `${p}-PART`, fg = `${p}-FG`, dev = `${p}-DEV`, cm = `${p}-CASEMAT`;
  const nodes: NodeInput[] = [
    { kind: 'Material', key: materialKey(part), props: { category: 'component' } },
    { kind: 'Material', key: materialKey(fg), props: { category: 'finished' } },
    { kind: 'Material', key: materialKey(dev), props: { category: 'finished' } },
    { kind: 'Material', key: materialKey(cm), props: { category: 'packaging' } },
  ];
  const edges: Edge[] = [];
  const pairs = new Set<string>();
  // times: whole hours or quarters over ten days, so gaps of minutes, hours and days all occur
  const time = (): number => T0 + rng.int(0, 240) * H + rng.int(0, 3) * 15 * 60_000;
  const maybe = (): number | null => (rng.chance(0.1) ? null : time());
  const add = (kind: EdgeKind, from: string, to: string, at: number | null, until: number | null = null): void => {
    const id = `${kind}|${from}|${to}`;
    if (pairs.has(id) || from === to) return;
    pairs.add(id);
    edges.push({ kind, from, to, at, until });
  };
  const pack = (from: string, to: string): void => {
    const at = rng.chance(0.12) ? null : time();
    let until: number | null = null;
    if (rng.chance(0.55)) {
      // out after minutes, hours or days
      const base = at ?? time();
      until = base + rng.pick([rng.int(0, 4) * 15 * 60_000, rng.int(1, 30) * H, rng.int(1, 4) * 24 * H]);
    }
    add('PACKED_INTO', from, to, at, until);
  };
  const sup = supplierKey(`${p}-SUP`);
  const raw = Array.from({ length: rng.int(4, 6) }, (_, i) => lotKey(part, `R${i}`));
  const fin = Array.from({ length: rng.int(3, 5) }, (_, i) => lotKey(fg, `F${i}`));
  const units: string[] = [];
  const ops = fin.map((_, i) => operationKey(`${p}-OP${i}`));
  for (const l of raw) add('SUPPLIED', sup, l, maybe());
  fin.forEach((f, i) => {
    for (const r of rng.sample(raw, rng.int(1, 2))) add('CONSUMED_BY', r, ops[i]!, maybe());
    add('PRODUCED', ops[i]!, f, maybe());
    for (let u = 0; u < rng.int(0, 3); u++) {
      const s = serialKey(dev, `${i}-${u}`);
      units.push(s);
      add('HAS_UNIT', f, s, null);
    }
  });
  for (let u = 0; u < 2; u++) units.push(serialKey(dev, `X${u}`));
  const totes = Array.from({ length: rng.int(2, 3) }, (_, i) => containerKey(`${p}-TOTE${i}`));
  const cases = Array.from({ length: rng.int(2, 3) }, (_, i) => containerKey(`${p}-CASE${i}`));
  const scase = serialKey(cm, 'SC0');
  const pallets = Array.from({ length: rng.int(1, 2) }, (_, i) => containerKey(`${p}-PAL${i}`));
  const holders = [...totes, ...cases, scase];
  // lots and units into totes / cases (a unit also into the serialised case; a lot never: Lot -> Serial is HAS_UNIT only)
  for (const x of [...fin, ...rng.sample(raw, 2), ...units]) {
    for (let k = 0; k < rng.int(1, 2); k++) {
      const to = rng.pick(x.startsWith('lot:') ? [...totes, ...cases] : holders);
      pack(x, to);
    }
  }
  // cases (and the serialised case) onto pallets, nested; a tote onto a pallet now and then
  for (const c of [...cases, scase, ...rng.sample(totes, 1)]) for (let k = 0; k < rng.int(1, 2); k++) pack(c, rng.pick(pallets));
  // shipments: containers shipped at random times (some untimed), a few items shipped alone
  const ships: string[] = [];
  const shipOut = (from: string): void => {
    const s = shipmentKey(`${p}-S${ships.length}`);
    ships.push(s);
    add('SHIPPED_IN', from, s, maybe());
  };
  for (const c of [...pallets, ...rng.sample([...totes, ...cases, scase], 3)]) for (let k = 0; k < rng.int(1, 3); k++) shipOut(c);
  for (const x of rng.sample([...fin, ...units], 2)) shipOut(x);
  // a second container into an existing shipment (a shipment of several pallets/totes)
  if (ships.length > 0) add('SHIPPED_IN', rng.pick(totes), rng.pick(ships), maybe());
  const custs = [0, 1, 2].map((i) => customerKey(`${p}-C${i}`));
  for (const s of ships) add('DELIVERED_TO', s, rng.pick(custs), maybe());
  // a container consumed by an operation that makes a lot; a unit reworked
  const rop = operationKey(`${p}-REPACK`);
  add('CONSUMED_BY', rng.pick([...totes, ...cases]), rop, time());
  add('PRODUCED', rop, lotKey(fg, 'RP'), time());
  if (units.length > 0) add('CONSUMED_BY', rng.pick(units), operationKey(`${p}-RWK`), time());
  const keys = [...new Set(edges.flatMap((e) => [e.from, e.to]))].sort();
  const items = [...raw, ...fin, ...units, ...holders, ...pallets];
  return { nodes, edges, keys, items, t: (h) => T0 + h * H };
}

const toInput = (e: Edge): EdgeInput => ({ kind: e.kind, from: e.from, to: e.to, at: e.at, ...(e.kind === 'PACKED_INTO' ? { until: e.until } : {}) });

/**
 * The spec, literally: a breadth-first search over states (node, [lo, hi]), every distinct state
 * expanded (no pruning by inclusion, which only saves work); a node's depth is the least level of
 * a state at it.
 */
function reference(w: World, origin: string, dir: Direction, maxDepth = Infinity, asOf?: number): Map<string, number> {
  const depth = new Map<string, number>([[origin, 0]]);
  const seen = new Set<string>([`${origin}|-Infinity|Infinity`]);
  let level: [string, number, number][] = [[origin, -Infinity, Infinity]];
  for (let d = 0; d < maxDepth && level.length > 0; d++) {
    const next: [string, number, number][] = [];
    for (const [u, lo, hi] of level) {
      for (const e of w.edges) {
        if ((dir === 'forward' ? e.from : e.to) !== u) continue;
        if (asOf !== undefined && e.at !== null && e.at > asOf) continue;
        const v = dir === 'forward' ? e.to : e.from;
        let nlo = -Infinity, nhi = Infinity;
        if (e.kind === 'PACKED_INTO') {
          const [a, b] = containmentWindow(e.at, e.until);
          if (a > hi || b < lo) continue;
          [nlo, nhi] = [Math.max(lo, a), Math.min(hi, b)];
        } else if (dir === 'forward') {
          const bounded = lo !== -Infinity || hi !== Infinity;
          if (bounded && e.at !== null && (e.at < lo || e.at > hi)) continue;
        } else if ((e.kind === 'SHIPPED_IN' || e.kind === 'CONSUMED_BY') && e.at !== null) {
          [nlo, nhi] = [e.at, e.at];
        }
        const id = `${v}|${nlo}|${nhi}`;
        if (seen.has(id)) continue;
        seen.add(id);
        if (!depth.has(v)) depth.set(v, d + 1);
        next.push([v, nlo, nhi]);
      }
    }
    level = next;
  }
  return depth;
}

let db: Db;
let emb: EmbeddedStore;
let neo: Neo4jStore;
let cypher: Neo4jStore;
const P = runPrefix();
const worlds: World[] = [];
const rng = new Rng(SEED);
const count = { traces: 0, recalls: 0, origins: 0 };

beforeAll(async () => {
  neo = await openNeo4jStore(cfgFromEnv());
  cypher = await openNeo4jStore(cfgFromEnv(), { procedures: false });
  expect(neo.engine).not.toBe('cypher');
  expect(cypher.engine).toBe('cypher');
  db = await openDb(':memory:');
  emb = await openEmbeddedStore(db);
  for (let i = 0; i < WORLDS; i++) {
    const w = makeWorld(rng, `${P}w${i}`);
    worlds.push(w);
    const batch = { nodes: w.nodes, edges: w.edges.map(toInput) };
    await emb.upsert(batch);
    await neo.upsert(batch);
  }
}, 60_000);

afterAll(async () => {
  await neo?.close();
  await cypher?.close();
  await emb?.close();
  await db?.close();
  console.log(`containers differential, seed ${SEED}: ${WORLDS} worlds, ${count.origins} origins, ${count.traces} trace queries x 3 engines, ${count.recalls} recalls x 3 engines`);
});

const depthsOf = (r: TraceResult): Map<string, number> => new Map(r.nodes.map((n) => [n.key, n.depth]));

/** Each parent is a real edge into the node (in the trace's direction), from a node no deeper than one level up. */
function witnessesHold(w: World, r: TraceResult, label: string): void {
  const d = depthsOf(r);
  const edge = new Set(w.edges.map((e) => `${e.kind}|${e.from}|${e.to}`));
  for (const n of r.nodes) {
    if (n.depth === 0) {
      expect(n.parent, label).toBeNull();
      continue;
    }
    expect(n.parent, `${label}: parent of ${n.key}`).not.toBeNull();
    const id = r.direction === 'forward' ? `${n.edge}|${n.parent}|${n.key}` : `${n.edge}|${n.key}|${n.parent}`;
    expect(edge.has(id), `${label}: witness ${id}`).toBe(true);
    const pd = d.get(n.parent!);
    expect(pd, `${label}: parent of ${n.key} reported`).toBeDefined();
    expect(pd!, `${label}: depth of the parent of ${n.key}`).toBeLessThanOrEqual(n.depth - 1);
  }
}

async function check(w: World, q: TraceQuery): Promise<void> {
  count.traces++;
  const label = JSON.stringify(q);
  const asOf = typeof q.asOf === 'number' ? q.asOf : undefined;
  const ref = reference(w, q.origin, q.direction, q.maxDepth ?? Infinity, asOf);
  const results: [string, TraceResult][] = [];
  for (const [name, s] of [['embedded', emb], ['plugin', neo], ['cypher', cypher]] as [string, GraphStore][]) results.push([name, await s.trace(q)]);
  for (const [name, r] of results) {
    const l = `${name} ${label}`;
    witnessesHold(w, r, l);
    const got = depthsOf(r);
    expect(got.size, `${l}: one row per node`).toBe(r.nodes.length);
    if (q.limit === undefined) {
      expect(r.truncated, l).toBe(false);
      expect(Object.fromEntries(got), l).toEqual(Object.fromEntries(ref));
    } else {
      expect(r.truncated, l).toBe(ref.size > q.limit);
      expect(r.nodes.length, l).toBe(Math.min(q.limit, ref.size));
      // a prefix in breadth-first order: true depths, and every node shallower than the deepest reported
      for (const [k, dd] of got) expect(dd, `${l}: depth of ${k}`).toBe(ref.get(k));
      const deepest = Math.max(...got.values());
      for (const [k, dd] of ref) if (dd < deepest) expect(got.has(k), `${l}: ${k} at depth ${dd}`).toBe(true);
    }
  }
}

describe(`containers in time: embedded, Cypher and plugin agree with a reference on random worlds (seed ${SEED})`, () => {
  it('traces forward and backward, with and without maxDepth, limit and asOf', async () => {
    for (const w of worlds) {
      for (const origin of w.keys) {
        count.origins++;
        for (const direction of ['forward', 'backward'] as const) {
          await check(w, { origin, direction });
          const r = rng.next();
          if (r < 0.3) await check(w, { origin, direction, maxDepth: rng.int(1, 3) });
          else if (r < 0.55) await check(w, { origin, direction, limit: rng.int(1, 6) });
          else await check(w, { origin, direction, asOf: w.t(rng.int(0, 240)) });
        }
      }
    }
  }, 60_000);

  it('recallImpact of random suspect sets is equal field for field', async () => {
    for (const w of worlds) {
      for (let i = 0; i < 12; i++) {
        const suspects = rng.sample(w.items, rng.int(1, 3));
        const q = { suspects, ...(rng.chance(0.25) ? { asOf: w.t(rng.int(48, 240)) } : {}), ...(rng.chance(0.15) ? { limit: rng.int(3, 12) } : {}) };
        count.recalls++;
        const want = await emb.recallImpact(q);
        expect(await neo.recallImpact(q), `plugin ${JSON.stringify(q)}`).toEqual(want);
        expect(await cypher.recallImpact(q), `cypher ${JSON.stringify(q)}`).toEqual(want);
      }
    }
  }, 60_000);
});
