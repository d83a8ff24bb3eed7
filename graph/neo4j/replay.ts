/**
 * The client-side search over a trace closure (closure.ts): breadth-first over states (node, window),
 * as graph/store.ts "Containment in time" defines them. The closure is the untimed reachable set (a
 * superset); the times of the edges where windows matter come with it (cypher/trace.ts `timed`), and
 * an edge without them is followed as without windows. Order as the embedded store: states in BFS
 * order, each node's `next` in the order given; a node is reported at its first discovery.
 */
import { CONTAINMENT_MARGIN, type EdgeKind, type NodeKind } from '../model.ts';
import type { Seed, Visit } from './bfs.ts';

/** A neighbour's id with the edge's `at` and `until` as stored (null: not given), as the trace query sends them. */
export type Times = readonly [number, number | null, number | null];

/** A node of the closure: `next` = neighbour ids in the order the BFS takes them; `times[j]` of the edge to `next[j]` where windows matter (null: none do). */
export interface Slot {
  key: string;
  kind: NodeKind;
  next: number[];
  times: (Times | undefined)[] | null;
}

const BEFORE = CONTAINMENT_MARGIN.beforeMs;
const AFTER = CONTAINMENT_MARGIN.afterMs;

/** Only containers and serialised cases hold a window (store.ts); every other node has one state. */
const boxed = (k: NodeKind): boolean => k === 'Container' || k === 'Serial';

/** Breadth-first over the closure's states, from `seeds` (unbounded, depth 0); `limit` counts nodes, `maxDepth` hops. */
export function replay(slots: Map<number, Slot>, seeds: Seed[], o: { way: 'out' | 'in'; maxDepth: number; limit: number }, edgeKind: (u: Slot, c: Slot) => EdgeKind): Visit {
  const v: Visit = { ids: [], keys: [], kinds: [], depth: [], parent: [], edge: [], attrs: [], truncated: false, index: new Map() };
  // Per visited node (by visit index): 1 once an unbounded state is queued there; the bounded windows queued, as flat [lo, hi] pairs.
  const full: number[] = [];
  const wins = new Map<number, number[]>();
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
    full.push(0);
    return true;
  };
  // The state queue: node visit index, window, hops.
  const sAt: number[] = [];
  const sLo: number[] = [];
  const sHi: number[] = [];
  const sDepth: number[] = [];
  /** Queues state (node i, [lo, hi]) unless a window already queued there contains it. */
  const enqueue = (i: number, lo: number, hi: number, d: number): void => {
    if (full[i] === 1) return;
    if (lo === -Infinity && hi === Infinity) full[i] = 1;
    else {
      const w = wins.get(i);
      if (w === undefined) wins.set(i, [lo, hi]);
      else {
        for (let j = 0; j < w.length; j += 2) if (w[j]! <= lo && hi <= w[j + 1]!) return;
        w.push(lo, hi);
      }
    }
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
    const next = u.next;
    const times = u.times;
    for (let j = 0; j < next.length; j++) {
      const c = next[j]!;
      const t = times === null ? undefined : times[j];
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
          // containmentWindow(at, until), inlined (hot on traces through many cases)
          nlo = t[1] === null ? lo : Math.max(lo, t[1] - BEFORE);
          nhi = t[2] === null ? hi : Math.min(hi, t[2] + AFTER);
          if (nlo > nhi) continue;
          if (!boxed(n.kind)) [nlo, nhi] = [-Infinity, Infinity];
        } else if (t[1] !== null) {
          if (o.way === 'out') {
            if (t[1] < lo || t[1] > hi) continue;
          } else if ((k === 'SHIPPED_IN' || k === 'CONSUMED_BY') && boxed(n.kind)) {
            nlo = nhi = t[1];
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
