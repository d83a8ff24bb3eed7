/**
 * Breadth-first expansion over the CSR index and its delta: iterative (no recursion limit), each
 * node visited once (cycles terminate), shortest depth and one parent per node. Scratch arrays are
 * reused across calls (stamped marks), so a trace allocates only its result.
 */
import { FLOW_LIMIT, type GraphIndex } from './graph-index.ts';
import { ensure } from './grow.ts';

export type Way = 'out' | 'in' | 'both';

export interface TraverseOptions {
  way: Way;
  maxDepth: number;
  /** Epoch ms; edges with a later `at` are skipped. */
  asOf?: number | undefined;
  /** Cap on visited nodes; `truncated` is set when more were reachable. */
  limit: number;
  /** Follow reference edges too (explorer), not only flow edges (trace). */
  allEdges?: boolean;
  /** Optional edge filter (e.g. a time window on the first hop). */
  edgeOk?: (e: number, depth: number) => boolean;
  /** Stop as soon as this node is reached (path search). */
  target?: number;
}

/** The visit, in BFS order: node, depth, index of the parent in this order (-1 for seeds), edge taken. */
export interface Visit {
  count: number;
  node: Int32Array;
  depth: Int32Array;
  parent: Int32Array;
  edge: Int32Array;
  truncated: boolean;
}

let mark = new Uint32Array(1024);
let stamp = 0;

/** Expands from `seeds` (all at depth 0). */
export function traverse(ix: GraphIndex, seeds: readonly number[], o: TraverseOptions): Visit {
  if (mark.length < ix.n) mark = ensure(mark, ix.n, Uint32Array);
  if (++stamp === 0xffffffff) {
    mark.fill(0);
    stamp = 1;
  }
  const s = stamp;
  let cap = 64;
  let node = new Int32Array(cap);
  let depth = new Int32Array(cap);
  let parent = new Int32Array(cap);
  let edge = new Int32Array(cap);
  let count = 0;
  let truncated = false;
  const add = (v: number, d: number, p: number, e: number): boolean => {
    if (count >= o.limit) {
      truncated = true;
      return false;
    }
    if (count === cap) {
      cap *= 2;
      node = ensure(node, cap, Int32Array);
      depth = ensure(depth, cap, Int32Array);
      parent = ensure(parent, cap, Int32Array);
      edge = ensure(edge, cap, Int32Array);
    }
    mark[v] = s;
    node[count] = v;
    depth[count] = d;
    parent[count] = p;
    edge[count] = e;
    count++;
    return true;
  };
  for (const v of seeds) if (mark[v] !== s && !add(v, 0, -1, -1)) break;

  const { kind, at, flags } = ix;
  const asOf = o.asOf;
  const all = o.allEdges === true;
  const useDelta = ix.deltaCount > 0;
  const target = o.target ?? -1;
  const ways: { csr: typeof ix.fwd; delta: Map<number, number[]> }[] = [];
  if (o.way !== 'in') ways.push({ csr: ix.fwd, delta: ix.deltaOut });
  if (o.way !== 'out') ways.push({ csr: ix.rev, delta: ix.deltaIn });
  const other = (e: number, u: number) => (ix.src[e] === u ? ix.dst[e]! : ix.src[e]!);

  let head = 0;
  outer: while (head < count && !truncated) {
    if (target >= 0 && mark[target] === s) break;
    const i = head++;
    const u = node[i]!;
    const d = depth[i]!;
    if (d >= o.maxDepth) continue;
    for (const w of ways) {
      const { offsets, targets, edges } = w.csr;
      if (u < ix.csrN) {
        for (let p = offsets[u]!, end = offsets[u + 1]!; p < end; p++) {
          const v = targets[p]!;
          if (mark[v] === s) continue;
          const e = edges[p]!;
          if ((flags[e]! & 1) !== 0 || (!all && kind[e]! >= FLOW_LIMIT)) continue;
          if (asOf !== undefined && at[e]! > asOf) continue;
          if (o.edgeOk && !o.edgeOk(e, d)) continue;
          if (!add(v, d + 1, i, e)) break outer;
        }
      }
      if (useDelta) {
        const list = w.delta.get(u);
        if (list) {
          for (const e of list) {
            const v = other(e, u);
            if (mark[v] === s) continue;
            if ((flags[e]! & 1) !== 0 || (!all && kind[e]! >= FLOW_LIMIT)) continue;
            if (asOf !== undefined && at[e]! > asOf) continue;
            if (o.edgeOk && !o.edgeOk(e, d)) continue;
            if (!add(v, d + 1, i, e)) break outer;
          }
        }
      }
    }
  }
  return { count, node, depth, parent, edge, truncated };
}
