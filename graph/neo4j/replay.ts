/**
 * The client-side search over a trace closure (closure.ts): breadth-first over states (node, window),
 * as graph/store.ts "Containment in time" defines them. The closure is the untimed reachable set (a
 * superset); the times of the edges where windows matter come with it (cypher/trace.ts `timed`), and
 * an edge without them is followed as without windows. Order as the embedded store: states in BFS
 * order, each node's `next` in the order given; a node is reported at its first discovery.
 */
import { containmentWindow, type EdgeKind, type NodeKind } from '../model.ts';
import type { Seed, Visit } from './bfs.ts';

/** An edge's `at` and `until` as stored (null: not given). */
export type Times = readonly [number | null, number | null];

/** A node of the closure: `next` = neighbour ids in the order the BFS takes them; `times` of the windowed edges, by neighbour id. */
export interface Slot {
  key: string;
  kind: NodeKind;
  next: number[];
  times: Map<number, Times> | null;
}

/** Only containers and serialised cases hold a window (store.ts); every other node has one state. */
const boxed = (k: NodeKind): boolean => k === 'Container' || k === 'Serial';

/** Breadth-first over the closure's states, from `seeds` (unbounded, depth 0); `limit` counts nodes, `maxDepth` hops. */
export function replay(slots: Map<number, Slot>, seeds: Seed[], o: { way: 'out' | 'in'; maxDepth: number; limit: number }, edgeKind: (u: Slot, c: Slot) => EdgeKind): Visit {
  const v: Visit = { ids: [], keys: [], kinds: [], depth: [], parent: [], edge: [], attrs: [], truncated: false, index: new Map() };
  // Windows of the states queued at each visited node (by visit index), as flat [lo, hi] pairs.
  const wins: number[][] = [];
  const add = (id: number, key: string, kind: NodeKind, d: number, p: number, e: EdgeKind | null): boolean => {
    if (v.ids.length >= o.limit) {
      v.truncated = true;
      return false;
    }
    v.index.set(id, v.ids.length);
    v.ids.push(id);
    v.keys.push(key);
    v.kinds.push(kind);
    v.depth.push(d);
    v.parent.push(p);
    v.edge.push(e);
    v.attrs.push(null);
    wins.push([]);
    return true;
  };
  // The state queue: node visit index, window, hops.
  const sAt: number[] = [];
  const sLo: number[] = [];
  const sHi: number[] = [];
  const sDepth: number[] = [];
  /** Queues state (node i, [lo, hi]) unless a window already queued there contains it. */
  const enqueue = (i: number, lo: number, hi: number, d: number): void => {
    const w = wins[i]!;
    for (let j = 0; j < w.length; j += 2) if (w[j]! <= lo && hi <= w[j + 1]!) return;
    w.push(lo, hi);
    sAt.push(i);
    sLo.push(lo);
    sHi.push(hi);
    sDepth.push(d);
  };
  for (const s of seeds) {
    if (v.index.has(s.id)) continue;
    if (!add(s.id, s.key, s.kind, 0, -1, null)) return v;
    enqueue(v.ids.length - 1, -Infinity, Infinity, 0);
  }
  for (let head = 0; head < sAt.length; head++) {
    const d = sDepth[head]!;
    if (d >= o.maxDepth) continue;
    const ui = sAt[head]!;
    const u = slots.get(v.ids[ui]!);
    if (!u) continue;
    const lo = sLo[head]!;
    const hi = sHi[head]!;
    for (const c of u.next) {
      const t = u.times?.get(c);
      let ci = v.index.get(c);
      let n: Slot | undefined;
      let k: EdgeKind | undefined;
      let nlo = -Infinity;
      let nhi = Infinity;
      if (t !== undefined) {
        n = slots.get(c);
        if (!n) continue; // beyond maxDepth: not part of the closure
        k = edgeKind(u, n);
        if (k === 'PACKED_INTO') {
          const [a, b] = containmentWindow(t[0], t[1]);
          nlo = Math.max(lo, a);
          nhi = Math.min(hi, b);
          if (nlo > nhi) continue;
          if (!boxed(n.kind)) [nlo, nhi] = [-Infinity, Infinity];
        } else if (t[0] !== null) {
          if (o.way === 'out') {
            if (t[0] < lo || t[0] > hi) continue;
          } else if ((k === 'SHIPPED_IN' || k === 'CONSUMED_BY') && boxed(n.kind)) {
            nlo = nhi = t[0];
          }
        }
      }
      if (ci === undefined) {
        n ??= slots.get(c);
        if (!n) continue;
        if (!add(c, n.key, n.kind, d + 1, ui, k ?? edgeKind(u, n))) return v;
        ci = v.ids.length - 1;
      }
      enqueue(ci, nlo, nhi, d + 1);
    }
  }
  return v;
}
