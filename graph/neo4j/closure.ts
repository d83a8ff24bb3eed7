/**
 * Trace by closure: one query returns every reachable node and its edges (cypher/trace.ts); the
 * BFS is then replayed here over that adjacency, so depths, parents, the node cap and the order
 * (parents in BFS order, each parent's edges by creation) are exactly the embedded store's.
 */
import type { EdgeKind, NodeKind } from '../model.ts';
import type { Seed, Visit } from './bfs.ts';
import type { Row, Tx } from './connection.ts';
import { traceClosure, type TraceOptions } from './cypher/trace.ts';

/** An edge of the closure: id, kind, other node id; with `recall` also other key, at, qty, uom. */
export type Next = [number, EdgeKind, number, string?, (number | null)?, (number | null)?, (string | null)?];

/** A reached node as the closure query returns it (recall columns present with `recall`). */
export interface ClosureNode {
  key: string;
  kind: NodeKind;
  next: Next[];
  row: Row;
}

/** Traces from `seeds` (all at depth 0) with a node cap; also returns the whole closure. */
export async function traceFrom(tx: Tx, seeds: Seed[], o: TraceOptions & { limit: number }): Promise<{ visit: Visit; closure: Map<number, ClosureNode> }> {
  const nodes = new Map<number, ClosureNode>();
  for (const r of await tx.run(traceClosure([...new Set(seeds.map((s) => s.id))], o))) {
    const next = r.next as Next[];
    if (next.length > 1) next.sort((a, b) => a[0] - b[0]);
    nodes.set(r.id as number, { key: r.key as string, kind: r.kind as NodeKind, next, row: r });
  }
  const v: Visit = { ids: [], keys: [], kinds: [], depth: [], parent: [], edge: [], attrs: [], truncated: false, index: new Map() };
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
    return true;
  };
  const done = { visit: v, closure: nodes };
  for (const s of seeds) if (!v.index.has(s.id) && !add(s.id, s.key, s.kind, 0, -1, null)) return done;
  for (let head = 0; head < v.ids.length; head++) {
    const d = v.depth[head]!;
    if (d >= o.maxDepth) continue;
    const next = nodes.get(v.ids[head]!)?.next;
    if (!next) continue;
    for (const [, kind, c] of next) {
      if (v.index.has(c)) continue;
      const n = nodes.get(c);
      if (!n) continue; // beyond maxDepth: not part of the closure
      if (!add(c, n.key, n.kind, d + 1, head, kind)) return done;
    }
  }
  return done;
}
