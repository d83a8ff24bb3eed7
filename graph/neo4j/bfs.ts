/**
 * Breadth-first traversal driven from the client, one query per level (cypher/expand.ts), for path
 * and neighbourhood (few hops, both directions, edge attributes); traces use closure.ts. With the
 * visited set here: each node reached once at its shortest depth, cycles terminate, the node cap
 * stops it with `truncated`. Order matches the embedded store: parents in BFS order, each parent's
 * edges by creation (edge id), out-edges before in-edges.
 */
import type { EdgeKind, NodeKind } from '../model.ts';
import type { Row, Tx } from './connection.ts';
import { expandLevel, type ExpandOptions } from './cypher/expand.ts';

/** A node a traversal starts from or reaches. */
export interface Seed {
  id: number;
  key: string;
  kind: NodeKind;
}

/** Edge attributes, when the traversal asked for them. */
export interface EdgeAttrs {
  at: number | null;
  until: number | null;
  qty: number | null;
  uom: string | null;
  /** True when the edge points from the parent to the node. */
  out: boolean;
}

export interface BfsOptions extends ExpandOptions {
  maxDepth: number;
  limit: number;
  /** Stop once this node is reached (path search). */
  target?: number;
}

/** The visit in BFS order; `parent` is an index into these arrays (-1 for seeds). */
export interface Visit {
  ids: number[];
  keys: string[];
  kinds: NodeKind[];
  depth: number[];
  parent: number[];
  edge: (EdgeKind | null)[];
  attrs: (EdgeAttrs | null)[];
  truncated: boolean;
  /** Index of each visited node id. */
  index: Map<number, number>;
}

/** Frontier ids per query: bounds the parameter list and the rows of one round trip. */
const FRONTIER_CHUNK = 20_000;

/** Runs the traversal from `seeds` (all at depth 0). */
export async function bfs(tx: Tx, seeds: Seed[], o: BfsOptions): Promise<Visit> {
  const v: Visit = { ids: [], keys: [], kinds: [], depth: [], parent: [], edge: [], attrs: [], truncated: false, index: new Map() };
  const add = (s: Seed, d: number, p: number, e: EdgeKind | null, a: EdgeAttrs | null): boolean => {
    if (v.ids.length >= o.limit) {
      v.truncated = true;
      return false;
    }
    v.index.set(s.id, v.ids.length);
    v.ids.push(s.id);
    v.keys.push(s.key);
    v.kinds.push(s.kind);
    v.depth.push(d);
    v.parent.push(p);
    v.edge.push(e);
    v.attrs.push(a);
    return true;
  };
  for (const s of seeds) if (!v.index.has(s.id) && !add(s, 0, -1, null, null)) return v;

  let start = 0;
  for (let d = 0; d < o.maxDepth && start < v.ids.length; d++) {
    if (o.target !== undefined && v.index.has(o.target)) break;
    const end = v.ids.length;
    const rows: Row[] = [];
    for (let i = start; i < end; i += FRONTIER_CHUNK) {
      const frontier = v.ids.slice(i, Math.min(end, i + FRONTIER_CHUNK));
      for (const r of await tx.run(expandLevel(frontier, o))) rows.push(r);
    }
    const pos = (r: Row) => v.index.get(r.p as number)!;
    rows.sort((a, b) => pos(a) - pos(b) || Number(b.out) - Number(a.out) || (a.e as number) - (b.e as number));
    for (const r of rows) {
      const id = r.v as number;
      if (v.index.has(id)) continue;
      const attrs = o.attrs ? { at: (r.at as number | null) ?? null, until: (r.until as number | null) ?? null, qty: (r.qty as number | null) ?? null, uom: (r.uom as string | null) ?? null, out: r.out as boolean } : null;
      if (!add({ id, key: r.key as string, kind: r.kind as NodeKind }, d + 1, pos(r), r.t as EdgeKind, attrs)) return v;
      if (o.target === id) return v;
    }
    start = end;
  }
  return v;
}
